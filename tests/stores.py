"""Small purpose-made stores, built from hand-written records without the NLP pipeline
(as datasette's fixtures are): a rule change cannot break a test that uses them."""
from __future__ import annotations

import hashlib
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
