"""HTML to main text and the page's own metadata (title, date, canonical URL, site) with trafilatura, made for news pages."""
from __future__ import annotations

import logging
import re
from typing import NamedTuple

import trafilatura
from lxml import html as lxml_html

from coopgraph.ingest.clean import classify

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_BLOCK_TAGS = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|tr|section|article|header|footer)\b[^>]*>")


class Page(NamedTuple):
    """What a page says of itself, besides its text: the provenance a document keeps."""
    title: str | None
    text: str
    date: str | None          # YYYY-MM-DD
    canonical: str | None     # <link rel=canonical>, og:url
    site: str | None          # og:site_name, publisher, or the canonical URL's host

    def meta(self) -> dict:
        return {"title": self.title, "published": self.date, "canonical": self.canonical, "site": self.site}


def html_to_text(markup: str) -> Page:
    """Main text of a page, and its headline, date, canonical URL and site when the page states them."""
    doc = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=True,
    )
    title = date = canonical = site = None
    text = ""
    if doc is not None:
        title = doc.title or None
        date = doc.date or None
        text = doc.text or ""
        canonical = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
        site = doc.sitename or doc.hostname or None
    if not text.strip():
        text = _fallback_text(markup)
    # trafilatura separates paragraphs by single newlines; the cleaner expects blank lines.
    text = re.sub(r"\n+", "\n\n", text.strip())
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    teasers = _teaser_lists(markup, text)
    if teasers:
        text = f"{text}\n\n{teasers}"
    return Page(title, text, date, canonical, site)


_ITEM_BREAKS = re.compile(r"(?i)</a>|<br\s*/?>|</?(p|div|span|h[1-6])\b[^>]*>")


def _teaser_lists(markup: str, main_text: str) -> str:
    """The page's lists of other stories ("Related articles", "相关新闻", "猜你喜欢"), which main-text
    extraction drops as boilerplate although their items may report events of their own: each
    header that is not in the main text already, then per list item its headline and any summary
    as lines of their own. Segmentation decides which items are stories."""
    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    seen = re.sub(r"\s+", "", main_text)
    out: list[str] = []
    for head in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6|//strong|//b|//dt|//p|//div[not(*)]|//span[not(*)]"):
        label = head.text_content().strip()
        block = classify(label) if 0 < len(label) <= 40 else None
        if block is None or block.kind != "teaser_header" or re.sub(r"\s+", "", label) in seen:
            continue
        items = head.xpath("following-sibling::*[self::ul or self::ol][1]/li") or _repeated_items(head)
        if not items:
            continue
        out.append(label)
        for li in items:
            piece = _ITEM_BREAKS.sub("\n", lxml_html.tostring(li, encoding="unicode"))
            lines = lxml_html.fromstring(f"<div>{piece}</div>").text_content().split("\n")
            out.extend(line.strip() for line in lines if line.strip())
    return "\n\n".join(out)


def _repeated_items(head) -> list:
    """A list of stories laid out as blocks rather than as a list: the header's next siblings of one
    tag and class ('<div class="rel-item"><h4>…</h4><p>…</p></div>', two or more), up to the first
    element of another shape."""
    siblings = head.xpath("following-sibling::*")
    if len(siblings) < 2 or siblings[0].tag in ("ul", "ol") or siblings[0].tag.startswith("h") and len(siblings[0].tag) == 2:
        return []
    shape = (siblings[0].tag, siblings[0].get("class"))
    items = []
    for element in siblings:
        if (element.tag, element.get("class")) != shape:
            break
        items.append(element)
    return items if len(items) >= 2 else []


def _fallback_text(markup: str) -> str:
    """Plain text of the whole body when no main text was found (short or odd pages)."""
    try:
        tree = lxml_html.fromstring(_BLOCK_TAGS.sub("\n", markup))
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return tree.text_content()
