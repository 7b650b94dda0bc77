"""HTML to (title, main text, publication date) with trafilatura, made for news pages."""
from __future__ import annotations

import logging
import re

import trafilatura
from lxml import html as lxml_html

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_BLOCK_TAGS = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|tr|section|article|header|footer)\b[^>]*>")


def html_to_text(markup: str) -> tuple[str | None, str, str | None]:
    """Main text of a page, its headline and its date (YYYY-MM-DD) when the page states them."""
    doc = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=True,
    )
    title = date = None
    text = ""
    if doc is not None:
        title = doc.title or None
        date = doc.date or None
        text = doc.text or ""
    if not text.strip():
        text = _fallback_text(markup)
    # trafilatura separates paragraphs by single newlines; the cleaner expects blank lines.
    text = re.sub(r"\n+", "\n\n", text.strip())
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return title, text, date


def _fallback_text(markup: str) -> str:
    """Plain text of the whole body when no main text was found (short or odd pages)."""
    try:
        tree = lxml_html.fromstring(_BLOCK_TAGS.sub("\n", markup))
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return tree.text_content()
