"""Accepted facts written as gold files (docs/GOLD.md), so that reviewing grows the annotated corpus.

One file per source, one segment per reviewed article, with the facts accepted and in force;
the entities that an accepted role or event names are listed too (accepting "X, director of
Y" accepts that X and Y are named). A segment's `anchor` and `last` are pieces of its first
body line and its last line. Only accepted facts are there, not every fact of the segment:
score precision against such a file, not recall (each file says so in `coverage`)."""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from pathlib import Path, PurePath

from coopgraph.store.fact_review import IN_FORCE
from coopgraph.text import has_cjk

COVERAGE = "accepted facts only (coopgraph export-reviewed): facts not reviewed are missing, so score precision, not recall"
PIECE = 60   # characters of an anchor or last piece (gold allows 20-80)


def export_reviewed(conn: sqlite3.Connection, folder: Path) -> tuple[list[Path], int]:
    """Write the gold files; returns their paths and how many accepted facts were left out
    because their article is no longer in the store (its file changed since the review)."""
    by_article: dict[int, list[dict]] = defaultdict(list)
    for r in conn.execute(IN_FORCE + " AND f.verdict = 'accept' ORDER BY f.id"):
        by_article[r["article_id"]].append(json.loads(r["fact"]))
    files: dict[str, dict] = {}
    gone = 0
    for article_id, facts in by_article.items():
        a = conn.execute("SELECT a.*, d.path FROM articles a JOIN documents d ON d.id = a.document_id WHERE a.id = ?",
                         (article_id,)).fetchone()
        if a is None:
            gone += len(facts)
            continue
        gold = files.setdefault(a["path"], {"source": a["path"], "published": a["published"], "coverage": COVERAGE,
                                            "segments": []})
        gold["segments"].append(_segment(a, facts))
    folder.mkdir(parents=True, exist_ok=True)
    written, names = [], set()
    for path, gold in sorted(files.items()):
        gold["segments"].sort(key=lambda s: s.pop("_index"))
        name = PurePath(path).name + ".json"
        if name in names:   # two sources of one name in different folders
            name = f"{PurePath(path).name}.{hashlib.sha1(path.encode()).hexdigest()[:8]}.json"
        names.add(name)
        out = folder / name
        out.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(out)
    return written, gone


def _segment(a: sqlite3.Row, facts: list[dict]) -> dict:
    entities: dict[tuple, dict] = {}
    roles, events = [], []
    for fact in facts:
        for e in fact["entities"]:
            entities.setdefault((e["type"], e["name"]), e)
        if fact["kind"] == "role":
            roles.append(fact["gold"])
        elif fact["kind"] == "event":
            events.append(fact["gold"])
    anchor, last = _pieces(a["text"], a["title"])
    return {"_index": a["segment"], "anchor": anchor, "last": last, "title": a["title"], "relevant": True,
            "entities": list(entities.values()), "roles": roles, "events": events}


def _pieces(text: str, title: str | None) -> tuple[str, str]:
    """A piece of the first body line (the headline skipped) and one of the last line, of
    lines long enough to be found again (a dateline or a byline alone is not)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = [line for line in lines if line != (title or "").strip()] or lines or [text.strip()]
    body = [line for line in body if len(line) >= 20] or body
    return _cut(body[0], first=True), _cut(body[-1], first=False)


def _cut(line: str, *, first: bool) -> str:
    """At most PIECE characters from the start (or the end) of a line, cut between words in
    languages written with spaces."""
    if len(line) <= PIECE:
        return line
    piece = line[:PIECE] if first else line[-PIECE:]
    if not has_cjk(piece):
        words = re.split(r"(\s+)", piece)
        trimmed = "".join(words[:-1] if first else words[1:]).strip()
        piece = trimmed if len(trimmed) >= 20 else piece
    return piece.strip()
