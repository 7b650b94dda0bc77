"""From URLs to documents in the store: fetch, archive, keep a working copy, ingest.

A URL is read for what it is: an article; a feed or a sitemap (index), whose items are
fetched; a site's home page, whose feeds (or, lacking any, the sitemaps robots.txt names,
or /sitemap.xml) are read; or, when a watched source says so, a section page whose links
are the items. Every URL fetched is remembered (`web_pages`): the next request for it is
conditional (If-None-Match, If-Modified-Since), and a feed that answers 304 Not Modified
stands for the items it listed last time, which are each asked again, conditionally.

The runner reads files by path (in this process, in worker processes or on Dask), so an
article's body is kept as a working copy beside the store (`DB.web/pages/HOST/…`), one
file per URL, rewritten when the page changes. Ingest then does what it does for any file:
unchanged bytes are skipped, changed ones re-extracted. The WARC archive beside it
(`DB.web/archive.warc.gz`) is the record of what was read; `from_archive` rebuilds working
copies from it, with no network.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from coopgraph.errors import InputError, shown, warning_line
from coopgraph.follow import links
from coopgraph.follow.archive import Archive, articles
from coopgraph.extract.run import progress_bar
from coopgraph.follow.http import Fetcher, FetchError, Politeness, Reply
from coopgraph.store.db import connect
from coopgraph.store.update import IngestReport, ingest_paths
from coopgraph.store.web import children, listed_by, page, save_meta, save_page

LISTINGS = ("feed", "sitemap", "home", "section")
MAX_DEPTH = 3   # home page → sitemap index → sitemap → articles


def web_folder(db: str | Path) -> Path:
    """Where a store keeps its archive and working copies: beside it."""
    return Path(os.path.abspath(f"{db}.web"))


@dataclass
class Counts:
    """What following one source (or one command's URLs) found."""
    items: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)   # the reasons of the failures, in order

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "errors"}

    def line(self) -> str:
        return (f"{self.items} article{'' if self.items == 1 else 's'}: {self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
                f"{self.skipped} skipped, {self.failed} failed")


class Follower:
    """One command's (or one watch round's) fetching into the store at `db`; `ingest()` at the end."""

    def __init__(self, db: str | Path, politeness: Politeness, *, on_error: Callable[[str], None] = print,
                 max_pages: int = 1000, progress: bool = False):
        self.db = db
        self.home = web_folder(db)
        self.conn = connect(db)
        self.archive = Archive(self.home / "archive.warc.gz")
        self.fetcher = Fetcher(politeness, self.archive.write)
        self.on_error = on_error
        self.max_pages = max_pages
        self.progress = progress
        self.paths: dict[str, Counts] = {}     # working copies to ingest → the counts they belong to
        self.seen: set[str] = set()            # URLs visited in this round

    def follow(self, url: str, counts: Counts, *, kind: str | None = None, language: str | None = None) -> None:
        """Fetch `url` and what it lists (an article, or a listing: see the module); failures are counted and said."""
        self._visit(url, counts, kind, language, None, 0)

    def _visit(self, url: str, counts: Counts, kind: str | None, language: str | None, parent: str | None,
               depth: int) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        row = page(self.conn, url)
        if kind == "article" or (kind is None and row is not None and row["kind"] == "article"):
            self._article(url, counts, parent, row)
            return
        try:
            reply = self.fetcher.get(url, etag=row and row["etag"], last_modified=row and row["last_modified"],
                                     role=lambda r: self._kind(r, kind))
        except FetchError as exc:
            self._failed(exc, counts)
            return
        if reply.status == 304 and row is not None:
            self._saw(url, reply, kind=row["kind"], source=parent)
            self._revisit(url, row["kind"], counts, language, depth)
            return
        found = self._kind(reply, kind)
        if found == "article":
            counts.items += 1
            self._keep(url, reply, counts, parent)
        elif found == "other":
            counts.skipped += 1
            self.on_error(warning_line(url, f"skipped: neither a page nor a feed or sitemap ({reply.content_type or 'no Content-Type'})"))
        else:
            self._saw(url, reply, kind=found, source=parent, sha256=hashlib.sha256(reply.body).hexdigest())
            self._listing(url, reply, found, counts, language, depth)

    def _kind(self, reply: Reply, asked: str | None) -> str:
        """What a reply is: article, feed, sitemap, home, section or other (`asked`: what the source said it is)."""
        found = links.kind_of(reply)
        if found in ("feed", "sitemap"):
            return found
        if found == "html":
            if asked in ("home", "section"):
                return asked
            return "home" if asked is None and urlsplit(reply.url).path in ("", "/") else "article"
        return "article" if found == "page" else "other"

    def _listing(self, url: str, reply: Reply, kind: str, counts: Counts, language: str | None, depth: int) -> None:
        if depth >= MAX_DEPTH:
            self.on_error(warning_line(url, f"skipped: nested more than {MAX_DEPTH} listings deep"))
            return
        if kind == "feed":
            items, nested = links.feed_links(reply, language), []
        elif kind == "sitemap":
            maps, items = links.sitemap_links(reply, language)
            nested = [(m, "sitemap") for m in maps]
        elif kind == "section":
            items, nested = links.section_links(reply, language), []
        else:
            items, nested = [], [(f, "feed") for f in links.home_feeds(reply, language)]
            if not nested:
                nested = [(m, "sitemap") for m in self._site_sitemaps(reply.url)]
        for child, child_kind in nested:
            self._visit(child, counts, child_kind, language, url, depth + 1)
        self._articles(items, counts, url)

    def _revisit(self, url: str, kind: str, counts: Counts, language: str | None, depth: int) -> None:
        """A listing that has not changed: what it led to last time is asked again, conditionally."""
        for child in children(self.conn, url):
            self._visit(child["url"], counts, child["kind"], language, url, depth + 1)
        self._articles(listed_by(self.conn, url), counts, url)

    def _site_sitemaps(self, url: str) -> list[str]:
        parts = urlsplit(url)
        rules = self.fetcher.robots.get(f"{parts.scheme}://{parts.netloc}")
        named = (rules.site_maps() or []) if rules is not None else []
        return [u for u in (links.keep(url, m) for m in named) if u] or [f"{parts.scheme}://{parts.netloc}/sitemap.xml"]

    def _articles(self, urls: list[str], counts: Counts, parent: str) -> None:
        # a link to the site's home page (a feed's channel link) is not one of its articles
        todo = [u for u in urls if u not in self.seen and urlsplit(u).path not in ("", "/")]
        room = self.max_pages - len(self.paths)
        if len(todo) > room:
            self.on_error(warning_line(parent, f"only {max(room, 0)} of its {len(todo)} articles are fetched (--max-pages)"))
            todo = todo[:max(room, 0)]
        bar = progress_bar("fetching" if self.progress else None, len(todo), "pages")
        try:
            for url in todo:
                self.seen.add(url)
                row = page(self.conn, url)
                if row is None:   # listed: asked again next round even if it fails now
                    with self.conn:
                        save_page(self.conn, url, kind="article", source=parent)
                self._article(url, counts, parent, row)
                if bar is not None:
                    bar.update(bar.task_ids[0], advance=1, errors=counts.failed)
        finally:
            if bar is not None:
                bar.stop()

    def _article(self, url: str, counts: Counts, parent: str | None, row) -> None:
        counts.items += 1
        if row is not None and not (row["path"] and os.path.exists(row["path"])):
            row = None   # its working copy is gone: ask for the whole page again
        try:
            reply = self.fetcher.get(url, etag=row and row["etag"], last_modified=row and row["last_modified"],
                                     role=lambda r: "article" if links.suffix_of(r) else "other")
        except FetchError as exc:
            self._failed(exc, counts)
            return
        if reply.status == 304 and row is not None:
            counts.unchanged += 1
            self._saw(url, reply, kind="article", source=parent)
            self.paths[row["path"]] = counts
            return
        self._keep(url, reply, counts, parent)

    def _keep(self, url: str, reply: Reply, counts: Counts, parent: str | None) -> None:
        """An article's body as its working copy (rewritten only when it changed), ready to ingest."""
        suffix = links.suffix_of(reply)
        if suffix is None:
            counts.skipped += 1
            self.on_error(warning_line(url, f"skipped: not an article page ({reply.content_type or 'no Content-Type'})"))
            return
        if reply.status != 200 or not reply.body.strip():
            counts.failed += 1
            self.on_error(InputError(url, f"HTTP {reply.status} with nothing to read").line)
            return
        sha = hashlib.sha256(reply.body).hexdigest()
        row = page(self.conn, url)
        path = str(self.home / "pages" / _safe(urlsplit(url).netloc) / (hashlib.sha1(url.encode()).hexdigest()[:20] + suffix))
        if row is not None and row["sha256"] == sha and row["path"] == path and os.path.exists(path):
            counts.unchanged += 1
        else:
            if row is None or row["sha256"] is None:
                counts.new += 1
            else:
                counts.changed += 1
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            tmp = f"{path}.part"
            with open(tmp, "wb") as fh:
                fh.write(reply.body)
            os.replace(tmp, path)
        self.paths[path] = counts
        with self.conn:
            save_page(self.conn, url, kind="article", source=parent, path=path, etag=reply.header("ETag"),
                      last_modified=reply.header("Last-Modified"), sha256=sha, fetched_at=reply.fetched_at,
                      checked_at=reply.fetched_at)
            warc, offset = reply.archived or (None, None)
            save_meta(self.conn, path, {"url": reply.url, "fetched_at": reply.fetched_at, "warc": warc, "warc_offset": offset})

    def _saw(self, url: str, reply: Reply, **fields) -> None:
        """Remember a listing's (or a 304's) answer: what the next conditional request sends."""
        if reply.status == 200:
            fields.update(etag=reply.header("ETag"), last_modified=reply.header("Last-Modified"), fetched_at=reply.fetched_at)
        with self.conn:
            save_page(self.conn, url, checked_at=reply.fetched_at, **fields)

    def _failed(self, exc: FetchError, counts: Counts) -> None:
        if exc.kind == "skipped":
            counts.skipped += 1
            self.on_error(warning_line(exc.url, f"skipped: {exc.reason}"))
            return
        counts.failed += 1
        counts.errors.append(exc.reason)
        self.on_error(InputError(exc.url, exc.reason).line)

    def ingest(self, **options) -> IngestReport:
        """Ingest every working copy this round touched (ingest skips those whose bytes are unchanged);
        a document that fails to extract counts as failed for its source."""
        urls = {shown(path): url for url, path in self.conn.execute(
            "SELECT url, path FROM web_pages WHERE path IS NOT NULL")}

        def said(line: str) -> None:   # a working copy's problem is said of its URL
            kind, _, rest = line.partition(": ")
            path, _, reason = rest.partition(": ")
            self.on_error(f"{kind}: {urls[path]}: {reason}" if path in urls else line)

        report = ingest_paths(sorted(self.paths), self.db, progress=self.progress, on_error=said, **options)
        for path, _reason in report.failed:
            if path in self.paths:
                self.paths[path].failed += 1
        return report

    def from_archive(self, warc: str, counts: Counts) -> None:
        """Working copies of the articles in a WARC file (the latest reply of each URL), with their
        URL and fetch time as provenance: the store rebuilt from what was read, with no network.
        Raises InputError for a file that is not a WARC archive."""
        for reply in articles(warc):
            counts.items += 1
            self._keep(reply.url, reply, counts, None)

    def close(self) -> None:
        self.conn.close()
        self.fetcher.pool.clear()


def _safe(netloc: str) -> str:
    """A host[:port] as a folder name."""
    return "".join(c if c.isalnum() or c in ".-" else "_" for c in netloc.lower()) or "_"

