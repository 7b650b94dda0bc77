"""Training rows of the `teasers` decision: every headline a page lists alone, labelled by the gold.

Pages are segmented with every such headline kept (no NLP: the candidates are the segmenter's),
and a headline is a story where a gold segment's anchor is that headline. `coopgraph train`
fits, calibrates and judges this decision on dev as it does the others, and first, so that the
other decisions' rows are read off the segments it gives: training stays a function of the repository.
"""
from __future__ import annotations

import sys
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.evaluate.gold import load_gold
from coopgraph.evaluate.goldcheck import squash
from coopgraph.ingest.reader import read_source
from coopgraph.learn.dataset import Rows, find_page

KIND = "teasers"
_KEY = 12   # characters of the squashed texts that must agree (an anchor may be part of the headline)


def _is_gold_story(headline: str, anchors: list[str]) -> bool:
    line = squash(headline)
    return any(a[:_KEY] in line or line[:_KEY] in a for a in anchors if a)


def _candidates(page: Path) -> list[tuple[str, dict]]:
    """Every headline-only teaser of the page with its features, all kept."""
    found: list[tuple[str, dict]] = []
    read_source(str(page), decide=lambda line, f: found.append((line, f)) or True)
    return found


def teaser_rows(gold_dirs: list[Path], roots: list[Path]) -> Rows:
    """A row per headline-only teaser of each gold page (under KIND, the only decision of these rows)."""
    rows = Rows(X={KIND: []}, y={KIND: []}, where={KIND: []}, gold_total={})
    for gold_dir in gold_dirs:
        for gold in load_gold(gold_dir):
            page = find_page(gold, roots)
            if page is None:
                continue
            try:
                found = _candidates(page)
            except InputError as exc:
                print(f"warning: {exc}", file=sys.stderr)
                continue
            anchors = [squash(s.anchor) for s in gold.segments]
            group = "/".join(gold.path.parent.parts[-3:])
            for k, (line, features) in enumerate(found):
                rows.add(KIND, features, _is_gold_story(line, anchors), f"{group}::{Path(gold.source).name}@{k}")
    return rows
