"""Writing records into the store: one document, one transaction — or one ingest, one transaction.

A document's facts are replaced whole, so a changed file leaves nothing of its old
version behind. An ingest first stages what it extracts (`stage`, committed file by
file, so that a killed run resumes without extracting again), then switches all of it in
together with the new graph (`switch_in`, inside resolution's transaction): readers see
the store before the run or after it, never half of it.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from coopgraph import __version__


def document_state(conn: sqlite3.Connection, path: str) -> tuple[str | None, str | None]:
    """(sha256, status) recorded for a path, or (None, None) when it was never ingested."""
    row = conn.execute("SELECT sha256, status FROM documents WHERE path = ?", (path,)).fetchone()
    return (row["sha256"], row["status"]) if row else (None, None)


def replace_document(
    conn: sqlite3.Connection, path: str, sha256: str, size: int, encoding: str | None, records: list[dict]
) -> None:
    with conn:  # one transaction
        _store(conn, path, sha256, size, encoding, records, None)


def _store(conn: sqlite3.Connection, path: str, sha256: str | None, size: int | None, encoding: str | None,
           records: list[dict] | None, error: str | None) -> None:
    """A document's facts, or its failure (remembered with its reason, retried by the next ingest)."""
    conn.execute("DELETE FROM documents WHERE path = ?", (path,))
    doc = conn.execute(
        "INSERT INTO documents (path, sha256, size, encoding, status, error, extractor) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (path, sha256, size, encoding, "failed" if error is not None else "ok", error, __version__),
    ).lastrowid
    for record in records or ():
        _insert_article(conn, doc, record)


def start_run(conn: sqlite3.Connection) -> None:
    """Mark an ingest as running until `switch_in` commits: a mark left behind says it was cut short."""
    with conn:
        conn.execute("DELETE FROM ingest_runs")
        conn.execute("INSERT INTO ingest_runs (started) VALUES (?)",
                     (datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),))


def stage(conn: sqlite3.Connection, path: str, sha256: str, size: int, encoding: str | None,
          records: list[dict] | None, error: str | None) -> None:
    """Keep one file's extraction (or failure) for the switch; a file staged again moves to the end."""
    with conn:
        conn.execute("DELETE FROM staged WHERE path = ?", (path,))
        conn.execute(
            "INSERT INTO staged (path, sha256, size, encoding, records, error, extractor) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, sha256, size, encoding, None if records is None else json.dumps(records, ensure_ascii=False),
             error, __version__),
        )


def is_staged(conn: sqlite3.Connection, path: str, sha256: str) -> bool:
    """Whether a cut-short run already extracted these bytes with this version, successfully."""
    return conn.execute(
        "SELECT 1 FROM staged WHERE path = ? AND sha256 = ? AND error IS NULL AND extractor = ?",
        (path, sha256, __version__),
    ).fetchone() is not None


def unstage(conn: sqlite3.Connection, paths: list[str]) -> None:
    """Drop what a cut-short run staged for files that turned out unchanged: switching it in
    would only renumber their rows."""
    with conn:
        conn.executemany("DELETE FROM staged WHERE path = ?", [(p,) for p in paths])


def switch_in(conn: sqlite3.Connection) -> int:
    """Store every staged file in the order staged, and clear the stage and the run's mark,
    inside the caller's transaction. Returns the number of files stored with their facts."""
    stored = 0
    for row in conn.execute("SELECT * FROM staged ORDER BY seq"):
        records = None if row["records"] is None else json.loads(row["records"])
        _store(conn, row["path"], row["sha256"], row["size"], row["encoding"], records, row["error"])
        stored += row["error"] is None
    conn.execute("DELETE FROM staged")
    conn.execute("DELETE FROM ingest_runs")
    return stored


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
