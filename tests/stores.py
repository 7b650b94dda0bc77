"""Small purpose-made stores, built from hand-written records without the NLP pipeline
(as datasette's fixtures are): a rule change cannot break a test that uses them."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect
from coopgraph.store.load import replace_document


def span(text: str, piece: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return {"start": start, "end": start + len(piece), "text": piece}


def record(source: str, text: str, entities: list[tuple[str, str, str | None]], events=(), roles=(), segment: int = 0) -> dict:
    """A relevant record whose entities are (type, name, country), each mentioned where it first stands."""
    ents = [
        {"id": f"e{i}", "type": t, "name": n, "aliases": [], "country": c, "mentions": [span(text, n)]}
        for i, (t, n, c) in enumerate(entities, 1)
    ]
    ids = {e["name"]: e["id"] for e in ents}
    return {
        "source": source, "segment": segment, "doc_id": hashlib.sha1(text.encode()).hexdigest()[:16], "text": text,
        "title": None, "language": "en", "published": "2024-03-04", "relevant": True, "entities": ents,
        "roles": [{"person": ids[p], "title": title, "org": ids.get(o), "evidence": span(text, text)} for p, title, o in roles],
        "events": [
            {"id": f"v{i}", "type": kind, "name": None, "date": date, "date_end": None, "place": None,
             "participants": [{"entity": ids[n], "role": role} for n, role in parts], "creates": None,
             "evidence": span(text, text)}
            for i, (kind, date, parts) in enumerate(events, 1)
        ],
    }


KENYA = "The Kenya Medical Research Institute and the World Health Organization signed an agreement in Nairobi."
CHINA = "The Chinese Academy of Sciences and the Kenya Medical Research Institute opened a joint laboratory."


def small_store(db: Path) -> Path:
    """Two articles, four organisations and places, two events; resolved."""
    conn = connect(db)
    docs = {
        "kenya.txt": record("kenya.txt", KENYA, [("ORG", "Kenya Medical Research Institute", "KE"),
                                                 ("ORG", "World Health Organization", None), ("PLACE", "Nairobi", "KE")],
                            events=[("AGREEMENT", "2024-03-04", [("Kenya Medical Research Institute", "party"),
                                                                 ("World Health Organization", "party")])]),
        "china.txt": record("china.txt", CHINA, [("ORG", "Chinese Academy of Sciences", "CN"),
                                                 ("ORG", "Kenya Medical Research Institute", "KE")],
                            events=[("ESTABLISHMENT", "2024", [("Chinese Academy of Sciences", "founder"),
                                                               ("Kenya Medical Research Institute", "founder")])]),
    }
    for path, rec in docs.items():
        replace_document(conn, path, hashlib.sha256(rec["text"].encode()).hexdigest(), len(rec["text"]), "utf-8", [rec])
    resolve(conn)
    conn.close()
    return db


def damage(db: Path, table: str = "entities") -> None:
    """Overwrite the first page of a table with noise, as a failing disk or a torn copy would."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad" * (page_size // 2))


ORGS = ("Kenya Medical Research Institute", "World Health Organization", "Chinese Academy of Sciences")


def extract_by_hand(path: str, max_bytes: int) -> tuple[str, list[dict] | None, str | None, str | None]:
    """What `store.ingest._extract_one` returns, without the NLP pipeline: the known
    organisations a page names, and one agreement between them; an empty page fails."""
    text = Path(path).read_text(encoding="utf-8")
    if not text.strip():
        return path, None, None, "empty file"
    named = [n for n in ORGS if n in text]
    rec = record(path, text, [("ORG", n, None) for n in named],
                 events=[("AGREEMENT", "2024-03-04", [(n, "party") for n in named])])
    return path, [rec], "utf-8", None


def pages(folder: Path, count: int) -> Path:
    """`count` pages for `extract_by_hand`, each an agreement of the Kenya Medical Research
    Institute with one other body."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        other = ORGS[1 + i % 2]
        (folder / f"page{i}.txt").write_text(f"On day {i}, the {ORGS[0]} and the {other} signed an agreement.\n",
                                             encoding="utf-8")
    return folder
