"""Following sources on the web (issue 11), against a small site served on 127.0.0.1 by this
module: articles in UTF-8 and GBK, a feed, a sitemap index, robots.txt rules, a redirect,
404 and 500 replies, a slow reply, an oversized one, an image and a page whose charset
header is wrong. Timeouts are short and the rate limit is off, so that the tests are fast."""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from coopgraph.api.app import create_app
from coopgraph.cli import main
from coopgraph.follow import links
from coopgraph.follow.archive import ROLE_HEADER
from coopgraph.follow.http import USER_AGENT, Fetcher, FetchError, Politeness
from coopgraph.follow.watch import load_sources
from coopgraph.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FAST = ["--allow-private", "--delay", "0", "--timeout", "0.4", "--retries", "1", "--backoff", "0", "--no-progress"]


def _html(text: str, *, canonical: str, site: str, charset: str = "utf-8") -> str:
    title, _, body = text.partition("\n")
    paragraphs = "".join(f"<p>{p.strip()}</p>\n" for p in body.split("\n\n") if p.strip())
    return (f'<!doctype html><html><head><meta charset="{charset}"><title>{title} | {site}</title>'
            f'<link rel="canonical" href="{canonical}"><meta property="og:site_name" content="{site}">'
            f'</head><body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>\n{paragraphs}</article></body></html>')


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass   # a client that hung up (a timeout, a reply over its limit) is what some tests do


class Site:
    """The pages, what each request asked, and a server on a random port."""

    def __init__(self):
        self.hits: list[tuple[str, dict]] = []
        self.pages: dict[str, tuple[int, dict, bytes]] = {}
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._fill()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def set(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200,
            **headers) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type, **headers}, data)

    def article(self, path: str, example: str, **kw) -> None:
        text = (EXAMPLES / example).read_text(encoding="utf-8")
        self.set(path, _html(text, canonical=self.base + path, site="Sample Newsroom"), **kw)

    def asked(self, path: str) -> list[dict]:
        return [h for p, h in self.hits if p == path]

    def _fill(self) -> None:
        b = self.base
        self.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        self.set("/", '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
                      '<body><a href="/news/who-biohub.html">news</a></body></html>')
        self.article("/news/who-biohub.html", "03_who-biohub-spiez.txt")
        self.article("/news/anso.html", "04_anso-alliance-founded.txt")
        self.article("/news/mrna-hub.html", "01_who-mrna-hub-south-africa.txt")
        gbk = (EXAMPLES / "06_cfda-joins-ich-gbk.txt").read_bytes().decode("gbk")
        self.set("/news/cfda-ich.html", _html(gbk, canonical=b + "/news/cfda-ich.html", site="样例新闻", charset="gbk").encode("gbk"),
                 "text/html; charset=gbk")
        forum = (EXAMPLES / "07_zhongguancun-forum-2023.txt").read_text(encoding="utf-8")
        # GBK bytes, but the header says UTF-8: the bytes win
        self.set("/news/zgc-forum.html", _html(forum, canonical=b + "/news/zgc-forum.html", site="样例新闻").encode("gbk"))
        self.set("/news/moved.html", b"", status=301, Location="/news/anso.html")
        self.set("/private/memo.html", "<html><body><p>not for robots</p></body></html>")
        self.set("/news/gone.html", "<html><body>no such page</body></html>", status=404)
        self.set("/news/broken.html", "<html><body>server error</body></html>", status=500)
        self.set("/news/huge.html", b"<html><body>" + b"x" * (2 * 1024 * 1024) + b"</body></html>")
        self.set("/news/photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        self.set("/news/slow.html", "<html><body>late</body></html>")
        items = ["/news/who-biohub.html", "/news/cfda-ich.html", "/news/zgc-forum.html", "/news/moved.html",
                 "/private/memo.html", "/news/gone.html", "/news/broken.html", "/news/slow.html", "/news/huge.html",
                 "/news/photo.png"]
        self.set("/feed.xml", '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
                              f"<link>{b}/</link>" + "".join(f"<item><title>{i}</title><link>{b}{i}</link></item>" for i in items)
                 + "</channel></rss>", "application/rss+xml")
        self.set("/sitemap_index.xml", '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 f"<sitemap><loc>{b}/sitemap-2021.xml</loc></sitemap></sitemapindex>", "application/xml")
        self.set("/sitemap-2021.xml", gzip.compress(
            ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<url><loc>{b}/news/mrna-hub.html</loc></url><url><loc>{b}/news/who-biohub.html</loc></url></urlset>").encode()),
                 "application/x-gzip")

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True   # headers and body are two writes: no 40 ms delayed-ACK stall between them

            def do_GET(self):  # noqa: N802 — the name http.server calls
                site.hits.append((self.path, dict(self.headers)))
                if self.path == "/news/slow.html":
                    time.sleep(1.0)
                status, headers, body = site.pages.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if status == 200:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass   # the client gave up (a reply over its size limit)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture(scope="module")
def site():
    s = Site()
    yield s
    s.server.shutdown()
    s.server.server_close()


def _fetcher(**kw) -> Fetcher:
    settings = {"allow_private": True, "delay": 0, "timeout": 0.4, "retries": 1, "backoff": 0, "max_bytes": 1024 * 1024}
    return Fetcher(Politeness(**{**settings, **kw}))


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_loopback_is_refused_without_allow_private(site, tmp_path):
    before = len(site.hits)
    with pytest.raises(FetchError) as caught:
        _fetcher(allow_private=False).get(site.base + "/news/who-biohub.html")
    assert caught.value.kind == "refused" and "127.0.0.1, a loopback address" in caught.value.reason
    out = _run("fetch", site.base + "/news/who-biohub.html", "--db", str(tmp_path / "x.db"), "--no-progress")
    assert out.exit_code == 1
    assert f"error: {site.base}/news/who-biohub.html: 127.0.0.1 resolves to 127.0.0.1, a loopback address" in out.output
    sources = tmp_path / "s.toml"
    sources.write_text(f'[[source]]\nurl = "{site.base}/feed.xml"\n', encoding="utf-8")
    assert _run("watch", str(sources), "--once", "--db", str(tmp_path / "x.db"), "--no-progress").exit_code == 1
    [source] = json.loads(_run("sources", "--db", str(tmp_path / "x.db"), "--json").output)
    assert source["last_error"].startswith("127.0.0.1 resolves to 127.0.0.1, a loopback address")
    assert (source["failed"], source["last_success"]) == (1, None)
    assert len(site.hits) == before   # not one request reached the server


def test_a_name_that_turns_private_on_connect_is_refused(site, monkeypatch):
    """DNS rebinding: the name looked public when checked, the connection reached loopback."""
    fetcher = _fetcher(allow_private=False, robots=False)
    monkeypatch.setattr(fetcher, "_check", lambda url: None)
    before = len(site.hits)
    with pytest.raises(FetchError, match="connected to a non-public address") as caught:
        fetcher.get(site.base + "/news/who-biohub.html")
    assert caught.value.kind == "refused" and len(site.hits) == before


def test_politeness_of_one_request(site):
    fetcher = _fetcher()
    reply = fetcher.get(site.base + "/news/moved.html")
    assert reply.url == site.base + "/news/anso.html" and [r.status for r in reply.redirects] == [301]
    assert site.asked("/news/anso.html")[-1]["User-Agent"] == USER_AGENT

    again = fetcher.get(reply.url, etag=reply.header("ETag"))
    assert again.status == 304 and site.asked("/news/anso.html")[-1]["If-None-Match"] == reply.header("ETag")

    expected = {
        "/private/memo.html": ("skipped", "robots.txt disallows it", 0),
        "/news/gone.html": ("failed", "HTTP 404 Not Found", 1),
        "/news/broken.html": ("failed", "HTTP 500 Internal Server Error after 2 tries", 2),
        "/news/slow.html": ("failed", "timed out (2 tries)", 2),
        "/news/huge.html": ("refused", "reply is 2.0 MB, over the 1 MB limit (--max-mb)", 1),
    }
    for path, (kind, reason, requests) in expected.items():
        before = len(site.asked(path))
        with pytest.raises(FetchError) as caught:
            fetcher.get(site.base + path)
        assert (caught.value.kind, caught.value.reason) == (kind, reason), path
        assert len(site.asked(path)) - before == requests, path
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.get("file:///etc/passwd")


def test_what_a_listing_lists(site):
    fetcher = _fetcher()
    b = site.base
    feed = fetcher.get(b + "/feed.xml")
    assert links.kind_of(feed) == "feed"
    found = links.feed_links(feed)   # the channel's link to the home page too: the follower leaves it out
    assert found[0] == b + "/" and found[1:3] == [b + "/news/who-biohub.html", b + "/news/cfda-ich.html"] and len(found) == 11
    index = fetcher.get(b + "/sitemap_index.xml")
    assert links.kind_of(index) == "sitemap" and links.sitemap_links(index) == ([b + "/sitemap-2021.xml"], [])
    gzipped = fetcher.get(b + "/sitemap-2021.xml")
    assert links.sitemap_links(gzipped) == ([], [b + "/news/mrna-hub.html", b + "/news/who-biohub.html"])
    home = fetcher.get(b + "/")
    assert links.home_feeds(home) == [b + "/feed.xml"]
    assert links.section_links(home) == [b + "/news/who-biohub.html"]
    assert links.keep(b + "/feed.xml", "https://elsewhere.example.com/news/1.html") is None
    assert links.suffix_of(fetcher.get(b + "/news/photo.png")) is None
    with pytest.raises(FetchError, match="not a valid URL"):
        fetcher.get("http://127.0.0.1:99999/")


def test_rate_limit_per_host(site):
    fetcher = _fetcher(delay=0.3)
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(site.base + "/news/who-biohub.html")   # robots.txt, then three pages: four requests to one host
    assert time.monotonic() - started >= 0.9


def _graph(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    entities = sorted(conn.execute("SELECT type, name FROM entities"))
    events = sorted(conn.execute("SELECT type, date, name FROM events"))
    return entities, events


def test_watch_rounds_fetch_only_what_is_new_and_the_archive_rebuilds_the_graph(site, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'interval = 60\n[[source]]\nurl = "{site.base}/feed.xml"\ntags = ["newsroom"]\n'
                       f'[[source]]\nurl = "{site.base}/sitemap_index.xml"\nkind = "sitemap"\nlanguage = "en"\n',
                       encoding="utf-8")
    db = tmp_path / "web.db"
    first = _run("watch", str(sources), "--once", "--db", str(db), "--max-mb", "1", *FAST)
    out = first.output
    assert f"warning: {site.base}/private/memo.html: skipped: robots.txt disallows it" in out
    assert f"warning: {site.base}/news/photo.png: skipped: not an article page (image/png)" in out
    for path, reason in [("gone", "HTTP 404 Not Found"), ("broken", "HTTP 500 Internal Server Error after 2 tries"),
                         ("slow", "timed out (2 tries)"), ("huge", "reply is 2.0 MB, over the 1 MB limit (--max-mb)")]:
        assert f"error: {site.base}/news/{path}.html: {reason}" in out
    assert f"{site.base}/feed.xml: 10 articles: 4 new, 0 changed, 0 unchanged, 2 skipped, 4 failed" in out
    # the sitemap index lists a page the feed already brought: fetched once in a round
    assert f"{site.base}/sitemap_index.xml: 1 article: 1 new" in out
    assert "5 stored" in out and first.exit_code == 1   # some of the feed's items failed

    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    texts = {r["url"]: r["text"] for r in conn.execute(
        "SELECT m.url, a.text FROM articles a JOIN documents d ON d.id = a.document_id JOIN document_meta m ON m.path = d.path")}
    assert "国际人用药品注册技术协调会" in texts[site.base + "/news/cfda-ich.html"]          # GBK, said so
    assert "中关村论坛" in texts[site.base + "/news/zgc-forum.html"]                          # GBK, said to be UTF-8
    assert site.base + "/news/anso.html" in texts                                             # after the redirect
    meta = conn.execute("SELECT * FROM document_meta WHERE url = ?", (site.base + "/news/who-biohub.html",)).fetchone()
    assert (meta["canonical"], meta["site"], meta["title"]) == (
        site.base + "/news/who-biohub.html", "Sample Newsroom", "Switzerland and WHO sign deal on first BioHub for sharing pathogens")
    assert meta["fetched_at"].endswith("Z")

    listed = json.loads(_run("sources", "--db", str(db), "--json").output)
    assert [(s["url"], s["new"], s["failed"], s["tags"]) for s in listed] == [
        (site.base + "/feed.xml", 4, 4, ["newsroom"]), (site.base + "/sitemap_index.xml", 1, 0, [])]
    assert all(s["last_success"] for s in listed)

    # the explorer shows the sources and, on an article, where it came from
    client = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    page = client.get("/sources").text
    assert site.base + "/feed.xml" in page and "newsroom" in page
    article = conn.execute("SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id "
                           "JOIN document_meta m ON m.path = d.path WHERE m.url LIKE '%who-biohub%'").fetchone()[0]
    assert f'href="{site.base}/news/who-biohub.html"' in client.get(f"/article/{article}").text
    who = conn.execute("SELECT r.entity_id FROM participants p JOIN resolution r ON r.mention_id = p.mention_id "
                       "JOIN events v ON v.id = p.event_id WHERE v.article_id = ?", (article,)).fetchone()[0]
    profile = client.get(f"/entity/{who}").text
    assert "Sample Newsroom — Switzerland and WHO sign deal" in profile and ".web/pages/" not in profile
    archived = client.get(f"/archived/{article}")
    assert archived.status_code == 200 and "BioHub" in archived.text
    assert archived.headers["content-security-policy"].startswith("sandbox; default-src 'none'")

    # round two: every request is conditional, nothing is new, nothing is extracted again
    asked = len(site.hits)
    second = _run("watch", str(sources), "--once", "--db", str(db), "--max-mb", "1", *FAST)
    assert f"{site.base}/feed.xml: 10 articles: 0 new, 0 changed, 4 unchanged" in second.output
    assert ", 0 stored, 5 unchanged" in second.output
    assert all("If-None-Match" in h for p, h in site.hits[asked:] if p.startswith("/news/") and p != "/news/moved.html"
               and site.pages[p][0] == 200 and p not in ("/news/slow.html", "/news/huge.html", "/news/photo.png"))

    # a page that changed is extracted again, and only it
    site.article("/news/who-biohub.html", "02_icgeb-board-cape-town.txt")
    third = _run("watch", str(sources), "--once", "--db", str(db), "--max-mb", "1", *FAST)
    assert f"{site.base}/feed.xml: 10 articles: 0 new, 1 changed, 3 unchanged" in third.output
    assert ", 1 stored, 4 unchanged" in third.output
    text = conn.execute("SELECT a.text FROM articles a JOIN documents d ON d.id = a.document_id "
                        "JOIN document_meta m ON m.path = d.path WHERE m.url LIKE '%who-biohub%'").fetchone()[0]
    assert "ICGEB" in text

    # the archive holds every reply, with its role; re-extraction from it needs no network
    from warcio.archiveiterator import ArchiveIterator

    with open(f"{db}.web/archive.warc.gz", "rb") as fh:
        roles = {(r.rec_headers.get_header("WARC-Target-URI").removeprefix(site.base), r.rec_headers.get_header(ROLE_HEADER))
                 for r in ArchiveIterator(fh)}
    assert {("/robots.txt", "robots"), ("/feed.xml", "feed"), ("/sitemap-2021.xml", "sitemap"), ("/news/moved.html", "redirect"),
            ("/news/gone.html", "article"), ("/news/photo.png", "other")} <= roles
    asked = len(site.hits)
    rebuilt = tmp_path / "rebuilt.db"
    again = _run("fetch", "--from-archive", f"{db}.web/archive.warc.gz", "--db", str(rebuilt), "--no-progress")
    assert again.exit_code == 0, again.output
    assert len(site.hits) == asked
    assert _graph(rebuilt) == _graph(db) and _graph(db)[0]
    fetched = sqlite3.connect(rebuilt).execute("SELECT url, fetched_at FROM document_meta WHERE url LIKE '%cfda-ich%'").fetchone()
    assert fetched[0] == site.base + "/news/cfda-ich.html" and fetched[1]


def test_fetch_finds_the_feed_of_a_home_page(site, tmp_path):
    out = _run("fetch", site.base + "/", "--db", str(tmp_path / "home.db"), "--max-mb", "1", *FAST)
    assert "10 articles: 4 new" in out.output
    assert out.exit_code == 1   # the feed's broken items


def test_ingest_keeps_an_html_file_s_own_metadata(tmp_path):
    text = (EXAMPLES / "03_who-biohub-spiez.txt").read_text(encoding="utf-8")
    page = tmp_path / "biohub.html"
    page.write_text(_html(text, canonical="https://news.example.org/biohub", site="Example News"), encoding="utf-8")
    db = tmp_path / "files.db"
    assert _run("ingest", str(page), "--db", str(db), "--no-progress").exit_code == 0
    row = sqlite3.connect(db).execute("SELECT canonical, site, url, fetched_at FROM document_meta").fetchone()
    assert row == ("https://news.example.org/biohub", "Example News", None, None)
    # the CLI names where a fact was read by the page's URL, not by the file's path
    timeline = _run("timeline", "--db", str(db)).output
    assert "https://news.example.org/biohub#0" in timeline and str(page) not in timeline
    name = sqlite3.connect(db).execute("SELECT name FROM entities WHERE type = 'ORG' LIMIT 1").fetchone()[0]
    shown = _run("show", name, "--db", str(db)).output
    assert "https://news.example.org/biohub#" in shown and str(page) not in shown


@pytest.mark.parametrize("content, reason", [
    ("[[source]]\nurl = 'ftp://x'\n", "source 1: needs url = an http(s) URL"),
    ("[[source]\n", "not valid TOML"),
    ("interval = 5\n", "no sources"),
    ("[[source]]\nurl = 'https://a.org/'\nkind = 'page'\n", "source 1: kind must be one of feed, sitemap, home, section"),
    ("[[source]]\nurl = 'https://a.org/'\nevery = 3\n", "source 1: unknown keys every"),
])
def test_a_bad_sources_file_is_one_line(tmp_path, content, reason):
    path = tmp_path / "s.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(reason)):
        load_sources(str(path))
    out = _run("watch", str(path), "--once", "--db", str(tmp_path / "s.db"))
    assert out.exit_code == 2 and out.output.startswith(f"error: {path}: ") and out.output.count("\n") == 1


def test_a_store_at_schema_9_gets_the_web_tables(tmp_path):
    """Stores written before the web tables existed (schema 9) gain them when opened."""
    from coopgraph.store.db import connect

    from stores import back_to_schema

    db = tmp_path / "old.db"
    connect(db).close()
    back_to_schema(db, 9)
    tables = {r[0] for r in connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"document_meta", "web_pages", "web_sources"} <= tables
