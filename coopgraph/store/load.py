"""Writing records into the store: one document, one transaction.

A document's facts are replaced whole, so a changed file leaves nothing of its old
version behind, and an interrupted ingest leaves either the old facts or the new ones.
"""
from __future__ import annotations

import json
import sqlite3

from coopgraph import __version__


def document_state(conn: sqlite3.Connection, path: str) -> tuple[str | None, str | None]:
    """(sha256, status) recorded for a path, or (None, None) when it was never ingested."""
    row = conn.execute("SELECT sha256, status FROM documents WHERE path = ?", (path,)).fetchone()
    return (row["sha256"], row["status"]) if row else (None, None)


def replace_document(
    conn: sqlite3.Connection, path: str, sha256: str, size: int, encoding: str | None, records: list[dict]
) -> None:
    with conn:  # one transaction
        conn.execute("DELETE FROM documents WHERE path = ?", (path,))
        doc = conn.execute(
            "INSERT INTO documents (path, sha256, size, encoding, status, extractor) VALUES (?, ?, ?, ?, 'ok', ?)",
            (path, sha256, size, encoding, __version__),
        ).lastrowid
        for record in records:
            _insert_article(conn, doc, record)


def record_failure(conn: sqlite3.Connection, path: str, sha256: str | None, size: int | None, error: str) -> None:
    """A failed file is remembered with its reason (and retried by the next ingest)."""
    with conn:
        conn.execute("DELETE FROM documents WHERE path = ?", (path,))
        conn.execute(
            "INSERT INTO documents (path, sha256, size, status, error, extractor) VALUES (?, ?, ?, 'failed', ?, ?)",
            (path, sha256, size, error, __version__),
        )


def _insert_article(conn: sqlite3.Connection, document_id: int, r: dict) -> None:
    article = conn.execute(
        "INSERT INTO articles (document_id, segment, doc_id, title, language, published, relevant, text, reasons) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (document_id, r["segment"], r["doc_id"], r["title"], r["language"], r["published"], int(r["relevant"]),
         r["text"], json.dumps(r.get("relevance_reasons", []), ensure_ascii=False)),
    ).lastrowid
    ids: dict[str, int] = {}
    for e in r["entities"]:
        ids[e["id"]] = conn.execute(
            "INSERT INTO mentions (article_id, local_id, type, name, aliases, country, spans) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article, e["id"], e["type"], e["name"], json.dumps(e["aliases"], ensure_ascii=False), e["country"],
             json.dumps([[m["start"], m["end"]] for m in e["mentions"]])),
        ).lastrowid
    for role in r["roles"]:
        conn.execute(
            "INSERT INTO roles (article_id, person, title, org, ev_start, ev_end) VALUES (?, ?, ?, ?, ?, ?)",
            (article, ids[role["person"]], role["title"], ids.get(role["org"]), role["evidence"]["start"], role["evidence"]["end"]),
        )
    for v in r["events"]:
        event = conn.execute(
            "INSERT INTO events (article_id, local_id, type, name, date, date_end, place, creates, ev_start, ev_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article, v["id"], v["type"], v["name"], v["date"], v["date_end"], ids.get(v["place"]), ids.get(v["creates"]),
             v["evidence"]["start"], v["evidence"]["end"]),
        ).lastrowid
        conn.executemany(
            "INSERT INTO participants (event_id, mention_id, role) VALUES (?, ?, ?)",
            [(event, ids[p["entity"]], p["role"]) for p in v["participants"]],
        )
