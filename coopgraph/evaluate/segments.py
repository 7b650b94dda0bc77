"""Segment boundaries scored against the gold's anchors.

A gold segment starts at its `anchor` (first body sentence) and ends at its `last`; the
boundary before segment k is anywhere after the text of the segments before it and up
to its anchor (so a predicted segment may start at the teaser's headline or at its body).
A predicted boundary is the start of each record after the first, located in the page.
Boundaries match one to one; precision and recall are over boundaries, not pages, so a
single-article page kept whole scores nothing either way, and one split in two costs a
false boundary. Pages whose gold lacks `last` are skipped.
"""
from __future__ import annotations

from pathlib import Path, PurePath

from coopgraph.evaluate.gold import GoldFile
from coopgraph.evaluate.goldcheck import page_text, squash
from coopgraph.evaluate.scoring import PRF


def _gold_bounds(page: str, gold: GoldFile) -> list[tuple[int, int]] | None:
    anchors, lasts = [], []
    for seg in gold.segments:
        if not seg.last:
            return None
        a, b = page.find(squash(seg.anchor)), page.find(squash(seg.last))
        if a < 0 or b < 0:
            return None
        anchors.append(a)
        lasts.append(b + len(squash(seg.last)))
    bounds = []
    for k in range(1, len(anchors)):
        # exclusive: past the previous anchor, or at or past the end of an earlier segment's last piece
        low = max([anchors[k - 1], *[e - 1 for e in lasts[:k] if e <= anchors[k]]])
        bounds.append((low, anchors[k]))
    return bounds


HEADLINE_GAP = 150   # squashed characters (a date, a byline) that may stand between a headline and its body


def _record_start(page: str, record: dict, after: int) -> int | None:
    """Where the record starts in the page: found by its first body paragraph when it has a
    headline (a headline may also stand earlier, in a table of contents or a teaser list), then
    at its headline when that stands right above the body (a gold anchor may be the headline)."""
    paragraphs = record["text"].split("\n\n")
    title = record.get("title")
    if title and len(paragraphs) > 1 and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    text = squash(paragraphs[0])
    for size in (40, 20, 10):
        at = page.find(text[:size], after)
        if at >= 0:
            head = page.rfind(squash(title)[:20], max(after, at - HEADLINE_GAP - len(squash(title))), at) if title else -1
            return head if head >= 0 else at
    return None


def boundary_scores(golds: list[GoldFile], records: list[dict], locate) -> tuple[PRF, list[str]]:
    """(boundary P/R counts, details); `locate(gold)` gives the page's path or None."""
    prf, details = PRF(), []
    for gold in golds:
        path = locate(gold)
        if path is None:
            continue
        page = squash(page_text(Path(path)))
        bounds = _gold_bounds(page, gold)
        if bounds is None:
            continue
        name = PurePath(gold.source).name
        mine = sorted((r for r in records if PurePath(r["source"]).name == name), key=lambda r: r["segment"])
        starts, cursor = [], 0
        for r in mine:
            at = _record_start(page, r, cursor)
            if at is not None:
                starts.append(at)
                cursor = at + 1
        predicted = starts[1:]
        used: set[int] = set()
        for p in predicted:
            hit = next((k for k, (low, high) in enumerate(bounds) if k not in used and low < p <= high), None)
            if hit is None:
                prf.fp += 1
                details.append(f"{name}  spurious  BOUNDARY at {page[p:p + 30]!r}")
            else:
                used.add(hit)
                prf.tp += 1
        for k, (_low, high) in enumerate(bounds):
            if k not in used:
                prf.fn += 1
                details.append(f"{name}  miss      BOUNDARY before {page[high:high + 30]!r}")
    return prf, details
