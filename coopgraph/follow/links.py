"""What a reply is (an article, a feed, a sitemap or sitemap index, an HTML page to find
links on, something else) and the links it lists, read with trafilatura's feeds and
sitemaps modules and courlan's filters.

trafilatura and courlan drop links whose host is an IP address or `localhost`; links are
therefore kept here by one rule of our own instead: http(s), the same site as the page
that lists them (its registered domain, by courlan; its host for an IP address), and, given a
language, not marked as another one in the URL (courlan's `lang_filter`).
"""
from __future__ import annotations

import gzip
import io
from urllib.parse import urldefrag, urljoin, urlsplit

from courlan import extract_domain, is_navigation_page, is_not_crawlable, lang_filter
from lxml import html as lxml_html
from trafilatura.feeds import FeedParameters, determine_feed, find_links, is_potential_feed
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject

from coopgraph.follow.http import Reply

# what an article's working copy is named, by the reply's content type: the reader takes it from there
PAGE_SUFFIXES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
                 "application/pdf": ".pdf",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"}
MAX_SITEMAP_BYTES = 50 * 1024 * 1024   # the sitemaps protocol's own limit, unpacked


def kind_of(reply: Reply) -> str:
    """feed, sitemap, html, page (text, PDF, DOCX) or other, by the bytes first and the Content-Type after."""
    head = reply.body[:1024].lstrip().decode("utf-8", "replace")
    if reply.body[:2] == b"\x1f\x8b" or "<urlset" in head or "<sitemapindex" in head:
        return "sitemap"
    if reply.content_type in FEED_TYPES or is_potential_feed(head):
        return "feed"
    if reply.content_type in ("text/html", "application/xhtml+xml") or head[:200].lower().startswith(("<!doctype html", "<html")):
        return "html"
    return "page" if reply.content_type in PAGE_SUFFIXES else "other"


def suffix_of(reply: Reply) -> str | None:
    """The working copy's suffix for a reply that is an article, None for one that is not."""
    kind = kind_of(reply)
    if kind == "html":
        return ".html"
    return PAGE_SUFFIXES.get(reply.content_type) if kind == "page" else None


def keep(base: str, link: str, language: str | None = None) -> str | None:
    """`link` made absolute against `base`, when it is one to follow (see the module's rule)."""
    url = urldefrag(urljoin(base, link.strip()))[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if _site(url) != _site(base):
        return None
    if language and not lang_filter(url, language):
        return None
    return url


def _site(url: str) -> str:
    """A URL's registered domain (feeds.example.org and www.example.org are one site), or its host
    where courlan finds none (an IP address, localhost)."""
    return extract_domain(url, fast=True) or (urlsplit(url).hostname or "").lower()


def _text(reply: Reply) -> str:
    return reply.body.decode("utf-8", "replace")


def _params(reply: Reply, language: str | None) -> FeedParameters:
    parts = urlsplit(reply.url)
    return FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", reply.url, target_lang=language)


def feed_links(reply: Reply, language: str | None = None) -> list[str]:
    """The items of an RSS, Atom or JSON feed."""
    found = (keep(reply.url, link, language) for link in find_links(_text(reply).strip(), _params(reply, language)))
    return list(dict.fromkeys(u for u in found if u and u != reply.url))


class _Sitemap(SitemapObject):
    """trafilatura's sitemap reader, with our rule for which links to keep."""

    def handle_link(self, link: str) -> None:
        url = keep(self.current_url, link, self.target_lang)
        if url and url != self.current_url:
            (self.sitemap_urls if DETECT_SITEMAP_LINK.search(url) else self.urls).append(url)


def sitemap_links(reply: Reply, language: str | None = None) -> tuple[list[str], list[str]]:
    """(sitemaps, pages) that a sitemap or sitemap index lists; a .gz body is unpacked (at most 50 MB)."""
    body = reply.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.GzipFile(fileobj=io.BytesIO(body)).read(MAX_SITEMAP_BYTES)
        except (OSError, EOFError):
            return [], []
    parts = urlsplit(reply.url)
    sitemap = _Sitemap(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", [], target_lang=language)
    sitemap.current_url, sitemap.content = reply.url, body.decode("utf-8", "replace")
    sitemap.process()
    return list(dict.fromkeys(sitemap.sitemap_urls)), list(dict.fromkeys(sitemap.urls))


def home_feeds(reply: Reply, language: str | None = None) -> list[str]:
    """The feeds a home page links to (<link rel=alternate>, or links that look like feeds)."""
    found = (keep(reply.url, link, language) for link in determine_feed(_text(reply), _params(reply, language)))
    return list(dict.fromkeys(u for u in found if u))


def section_links(reply: Reply, language: str | None = None) -> list[str]:
    """The pages a section page (a news listing) links to on its own site, navigation left out."""
    try:
        tree = lxml_html.fromstring(reply.body)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    found = []
    for href in tree.xpath("//a/@href"):
        url = keep(reply.url, str(href), language)
        if url and url.rstrip("/") != reply.url.rstrip("/") and not is_not_crawlable(url) and not is_navigation_page(url):
            found.append(url)
    return list(dict.fromkeys(found))
