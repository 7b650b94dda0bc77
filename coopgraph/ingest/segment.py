"""Segmentation: one page, several articles.

Two layouts are split: a newspaper page whose articles each start with a top-level
heading, and an article followed by a list of teasers for other stories (after a
"Related" / "相关推荐" header, or a run of paragraphs cut off with an ellipsis). Each
teaser that has a body of its own becomes a segment; bare headlines are dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from coopgraph.ingest.clean import ELLIPSIS_END, Block, is_cjk_text


@dataclass
class Segment:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    published: str | None = None
    is_teaser: bool = False

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _headline_like(block: Block) -> bool:
    """Short, and not a sentence: headlines end without a full stop (quotes and '!' are fine)."""
    text = block.text.rstrip("\"”’」』'")
    limit = 60 if is_cjk_text(text) else 160
    return block.kind == "heading" or (
        block.kind == "para" and len(text) <= limit and not text.endswith((".", "。", ":", "：", ";", "；"))
        and "。" not in text[:-1] and ". " not in text
    )


def _is_cut_off(block: Block) -> bool:
    return block.kind == "para" and bool(ELLIPSIS_END.search(block.text)) and len(block.text) >= 40


def _split_teasers(blocks: list[Block]) -> tuple[list[Block], list[Segment]]:
    """The main article's blocks, and the teasers listed after it."""
    start = None
    for i, block in enumerate(blocks):
        if block.kind == "teaser_header":
            start = i
            break
    if start is None:
        # A run of at least two cut-off paragraphs after some body text.
        for i in range(1, len(blocks) - 1):
            if _is_cut_off(blocks[i]) and _is_cut_off(blocks[i + 1]) and not _is_cut_off(blocks[i - 1]):
                start = i
                break
    if start is None:
        return blocks, []
    teasers: list[Segment] = []
    rest = [b for b in blocks[start:] if b.kind != "teaser_header"]
    i = 0
    while i < len(rest):
        block = rest[i]
        nxt = rest[i + 1] if i + 1 < len(rest) else None
        if _headline_like(block) and nxt is not None and not _headline_like(nxt):
            teasers.append(Segment(block.text, [block.text, nxt.text], is_teaser=True))
            i += 2
        elif not _headline_like(block) and block.kind in ("para", "caption"):
            teasers.append(Segment(None, [block.text], is_teaser=True))
            i += 1
        else:  # a bare headline with no body: navigation
            i += 1
    # A last teaser that is a cut-off fragment of a headline carries nothing.
    return blocks[:start], [t for t in teasers if len(t.text) >= 20]


def _split_newspaper(blocks: list[Block]) -> list[list[Block]]:
    """Split at top-level headings when a page has two or more of them."""
    heads = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1]
    if len(heads) < 2:
        return [blocks]
    parts: list[list[Block]] = []
    lead = blocks[: heads[0]]
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(blocks)
        part = blocks[h:end]
        # A section label ("## Policy") just before the next article's headline belongs to it, not here.
        while len(part) > 1 and part[-1].kind == "heading" and part[-1].level > 1:
            part = part[:-1]
        parts.append(part)
    if lead and sum(len(b.text) for b in lead if b.kind == "para") >= 200:
        parts.insert(0, lead)
    return parts


def _to_segment(blocks: list[Block]) -> Segment | None:
    # A dated line near the top (byline, "2018-12-13 22:35 | Xinhua") follows the headline:
    # what stands before that headline is the site's name and navigation.
    meta_at = next((i for i, b in enumerate(blocks[:8]) if b.kind == "meta"), None)
    if meta_at:
        heads = [i for i in range(meta_at) if _headline_like(blocks[i])]
        if heads:
            blocks = blocks[heads[-1]:]
    body = [b for b in blocks if b.kind in ("para", "heading", "caption")]
    if not body:
        return None
    title = body[0].text if _headline_like(body[0]) else None
    published = next((b.date for b in blocks if b.kind == "meta" and b.date), None)
    return Segment(title, [b.text for b in body], published)


def segment_blocks(blocks: list[Block], page_date: str | None = None) -> list[Segment]:
    """The segments of one page, main articles first, teasers after."""
    main, teasers = _split_teasers(blocks)
    segments: list[Segment] = []
    for part in _split_newspaper(main):
        seg = _to_segment(part)
        if seg is not None:
            seg.published = seg.published or page_date or next(
                (b.date for b in main if b.kind == "meta" and b.date), None
            )
            segments.append(seg)
    return segments + teasers
