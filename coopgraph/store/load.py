"""Writing records into the store: one document, one transaction — or one ingest, one transaction.

A document is its content (the sha256 of its bytes); the paths it was seen at map to it in
`document_paths`, so the same file under two paths is stored once. A document's facts are
replaced whole, so a changed file leaves nothing of its old version behind. An ingest
first stages what it extracts (`stage`, committed file by file, so that a killed run
resumes without extracting again), then switches all of it in together with the new graph
(`switch_in`, inside resolution's transaction): readers see the store before the run or
after it, never half of it.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime, timezone

from coopgraph.extract.fingerprint import extractor_fingerprint
from coopgraph.resolve.ids import stable_id


def document_of(conn: sqlite3.Connection, sha256: str) -> sqlite3.Row | None:
    """The stored document with these bytes (id, status, extractor), or None."""
    return conn.execute("SELECT id, status, extractor FROM documents WHERE sha256 = ? ORDER BY id LIMIT 1",
                        (sha256,)).fetchone()


def document_at(conn: sqlite3.Connection, path: str) -> int | None:
    """The id of the document last seen at `path`, or None."""
    row = conn.execute("SELECT document_id FROM document_paths WHERE path = ?", (path,)).fetchone()
    return row[0] if row else None


def replace_document(
    conn: sqlite3.Connection, path: str, sha256: str, size: int, encoding: str | None, records: list[dict]
) -> None:
    with conn:  # one transaction
        _store(conn, path, sha256, size, encoding, records, None, extractor_fingerprint())


def _store(conn: sqlite3.Connection, path: str, sha256: str, size: int | None, encoding: str | None,
           records: list[dict] | None, error: str | None, extractor: str) -> None:
    """A document's facts, or its failure (remembered with its reason, retried by the next ingest).
    The same bytes extracted again keep their document row, and every path they were seen at."""
    status = "failed" if error is not None else "ok"
    found = document_of(conn, sha256)
    if found is not None:
        doc = found["id"]
        conn.execute("DELETE FROM articles WHERE document_id = ?", (doc,))
        conn.execute("UPDATE documents SET size = ?, encoding = ?, status = ?, error = ?, extractor = ? WHERE id = ?",
                     (size, encoding, status, error, extractor, doc))
    else:
        release_path(conn, path)
        doc = conn.execute(
            "INSERT INTO documents (path, sha256, size, encoding, status, error, extractor) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, sha256, size, encoding, status, error, extractor),
        ).lastrowid
    place_path(conn, path, doc)
    for record in records or ():
        _insert_article(conn, doc, sha256, record)


def place_path(conn: sqlite3.Connection, path: str, document_id: int) -> None:
    """Record that `path` now holds the document `document_id`."""
    if document_at(conn, path) == document_id:
        return
    release_path(conn, path)
    conn.execute("INSERT INTO document_paths (path, document_id) VALUES (?, ?)", (path, document_id))


def release_path(conn: sqlite3.Connection, path: str) -> None:
    """`path` no longer holds its document: a document seen nowhere else goes, with its facts;
    one seen elsewhere too is shown under another of its paths."""
    doc = document_at(conn, path)
    if doc is None:
        return
    conn.execute("DELETE FROM document_paths WHERE path = ?", (path,))
    other = conn.execute("SELECT MIN(path) FROM document_paths WHERE document_id = ?", (doc,)).fetchone()[0]
    if other is None:
        conn.execute("DELETE FROM documents WHERE id = ?", (doc,))
    else:
        conn.execute("UPDATE documents SET path = ? WHERE id = ? AND path = ?", (other, doc, path))


def start_run(conn: sqlite3.Connection) -> None:
    """Mark an ingest as running until `switch_in` commits: a mark left behind says it was cut short."""
    with conn:
        conn.execute("DELETE FROM ingest_runs")
        conn.execute("INSERT INTO ingest_runs (started) VALUES (?)",
                     (datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),))


def stage(conn: sqlite3.Connection, path: str, sha256: str, size: int, encoding: str | None,
          records: list[dict] | None, error: str | None, extractor: str) -> None:
    """Keep one file's extraction (or failure) for the switch; bytes staged again move to the end."""
    with conn:
        conn.execute("DELETE FROM staged WHERE path = ? OR sha256 = ?", (path, sha256))
        conn.execute(
            "INSERT INTO staged (path, sha256, size, encoding, records, error, extractor) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, sha256, size, encoding, None if records is None else json.dumps(records, ensure_ascii=False),
             error, extractor),
        )


def is_staged(conn: sqlite3.Connection, sha256: str, extractor: str) -> bool:
    """Whether a cut-short run already extracted these bytes with this extractor, successfully."""
    return conn.execute(
        "SELECT 1 FROM staged WHERE sha256 = ? AND error IS NULL AND extractor = ?", (sha256, extractor),
    ).fetchone() is not None


def unstage(conn: sqlite3.Connection, digests: list[str]) -> None:
    """Drop what a cut-short run staged for contents that turned out stored already: switching
    it in would only renumber their rows."""
    with conn:
        conn.executemany("DELETE FROM staged WHERE sha256 = ?", [(d,) for d in digests])


def switch_in(conn: sqlite3.Connection, seen: dict[str, str]) -> int:
    """Store every staged file in the order staged, then map each path `seen` by the run
    (path → sha256) to the document of its bytes, and clear the stage and the run's mark,
    inside the caller's transaction. Returns the number of files stored with their facts."""
    stored = 0
    for row in conn.execute("SELECT * FROM staged ORDER BY seq"):
        records = None if row["records"] is None else json.loads(row["records"])
        _store(conn, row["path"], row["sha256"], row["size"], row["encoding"], records, row["error"], row["extractor"])
        stored += row["error"] is None
    for path, sha256 in seen.items():
        found = document_of(conn, sha256)
        if found is not None:  # None: a run cut short before it extracted these bytes
            place_path(conn, path, found["id"])
    conn.execute("DELETE FROM staged")
    conn.execute("DELETE FROM ingest_runs")
    return stored


def _free(conn: sqlite3.Connection, table: str, row_id: int) -> int | None:
    """`row_id` when no row of `table` has it; None (SQLite picks one) on a hash collision."""
    taken = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()  # noqa: S608 - our tables
    return None if taken else row_id


def _insert_article(conn: sqlite3.Connection, document_id: int, sha256: str, r: dict) -> None:
    """One record's facts. The article's and its events' ids are hashed from natural keys
    (`resolve.ids.stable_id`), so re-extracting the same bytes gives the same ids."""
    article = conn.execute(
        "INSERT INTO articles (id, document_id, segment, doc_id, title, language, published, relevant, text, reasons) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_free(conn, "articles", stable_id("article", sha256, r["segment"])), document_id, r["segment"], r["doc_id"],
         r["title"], r["language"], r["published"], int(r["relevant"]), r["text"],
         json.dumps(r.get("relevance_reasons", []), ensure_ascii=False)),
    ).lastrowid
    ids: dict[str, int] = {}
    for e in r["entities"]:
        ids[e["id"]] = conn.execute(
            "INSERT INTO mentions (article_id, local_id, type, name, aliases, country, spans, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article, e["id"], e["type"], e["name"], json.dumps(e["aliases"], ensure_ascii=False), e["country"],
             json.dumps([[m["start"], m["end"]] for m in e["mentions"]]), e.get("confidence")),
        ).lastrowid
    for role in r["roles"]:
        conn.execute(
            "INSERT INTO roles (article_id, person, title, org, ev_start, ev_end, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article, ids[role["person"]], role["title"], ids.get(role["org"]), role["evidence"]["start"], role["evidence"]["end"],
             role.get("confidence")),
        )
    rank: Counter = Counter()   # events of one type stated by the same words
    for v in r["events"]:
        natural = (sha256, r["segment"], v["type"], v["evidence"]["start"], v["evidence"]["end"])
        rank[natural] += 1
        event = conn.execute(
            "INSERT INTO events (id, article_id, local_id, type, status, name, date, date_end, place, creates, ev_start, "
            "ev_end, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_free(conn, "events", stable_id("event", *natural, rank[natural])), article, v["id"], v["type"],
             v.get("status", "happened"), v["name"], v["date"], v["date_end"], ids.get(v["place"]), ids.get(v["creates"]),
             v["evidence"]["start"], v["evidence"]["end"], v.get("confidence")),
        ).lastrowid
        conn.executemany(
            "INSERT INTO participants (event_id, mention_id, role) VALUES (?, ?, ?)",
            [(event, ids[p["entity"]], p["role"]) for p in v["participants"]],
        )
