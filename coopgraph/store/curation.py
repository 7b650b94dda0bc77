"""Analyst judgements — merge, split, rename, retype, wrong — recorded and applied.

The CLI and the explorer both come through here, so a judgement made in either is the
same row, replayed by every later resolution (and so kept across re-ingest). This is the
only module that records or undoes judgements (a test holds it to that; `import` copies
an export's rows into an empty store); the resolver reads them, and derives
`hidden_facts` from them on every resolution."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from coopgraph.model import ENTITY_TYPES
from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect, writer_lock

KINDS = {
    "merge": ("a", "b"),
    "split": ("entity", "name"),
    "rename": ("entity", "name"),
    "retype": ("entity", "type"),
    "wrong": ("fact", "path", "segment"),
}
WRONG_FACT_FIELDS = {"mention": ("name",), "role": ("name", "title"), "event": ("event",)}
MAX_NAME = 1000          # characters of a name, title or event id
MAX_PATH = 4096          # characters of a source path
MAX_SEGMENT = 2**31 - 1  # a segment index far beyond any page, and within SQLite's integers


def check_payload(kind: str, payload: dict) -> dict:
    """The judgement's fields, type- and range-checked, or ValueError saying what is wrong.

    Everything is checked before anything is written: a judgement that passes here can be
    stored and replayed by every later resolution."""
    if kind not in KINDS:
        raise ValueError(f"unknown judgement {kind!r}; one of {', '.join(KINDS)}")
    if not isinstance(payload, dict):
        raise ValueError("a judgement's fields must be an object")
    fields = KINDS[kind]
    if kind == "wrong":
        fact = payload.get("fact")
        if fact not in WRONG_FACT_FIELDS:
            raise ValueError("fact must be mention, role or event")
        fields = (*fields, *WRONG_FACT_FIELDS[fact])
    missing = [k for k in fields if payload.get(k) in (None, "")]
    if missing:
        raise ValueError(f"{kind} needs {', '.join(missing)}")
    out = {}
    for key in fields:
        value = payload[key]
        if key == "segment":
            out[key] = _segment(value)
            continue
        if not isinstance(value, str):
            raise ValueError(f"{key} must be text")
        limit = MAX_PATH if key == "path" else MAX_NAME
        if len(value) > limit:
            raise ValueError(f"{key} is longer than {limit:,} characters")
        out[key] = value
    if kind == "retype" and out["type"] not in ENTITY_TYPES:
        raise ValueError(f"type must be one of {', '.join(ENTITY_TYPES)}")
    return out


def _segment(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("segment must be a whole number")
    if isinstance(value, str):
        if not value.strip().isdigit() or len(value.strip()) > 10:
            raise ValueError("segment must be a whole number")
        value = int(value)
    if not 0 <= value <= MAX_SEGMENT:
        raise ValueError(f"segment must be between 0 and {MAX_SEGMENT:,}")
    return value


def judge(db: str | Path, kind: str, payload: dict) -> dict:
    """Record one judgement and re-resolve, in one transaction; returns the graph's counts."""
    payload = check_payload(kind, payload)
    with writer_lock(db):
        conn = connect(db)
        try:
            return resolve(conn, change=lambda c: _record(c, kind, payload))
        finally:
            conn.close()


def undo(db: str | Path) -> dict | None:
    """Take back the last judgement still in force and re-resolve, in one transaction."""
    undone: list[dict | None] = []
    with writer_lock(db):
        conn = connect(db)
        try:
            resolve(conn, change=lambda c: undone.append(_undo_last(c)))
            return undone[0]
        finally:
            conn.close()


def _record(conn: sqlite3.Connection, kind: str, payload: dict) -> None:
    """Write the judgement row; `resolve` commits it together with the re-resolution."""
    conn.execute(
        "INSERT INTO judgements (kind, payload, created_at) VALUES (?, ?, ?)",
        (kind, json.dumps(payload, ensure_ascii=False), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
    )


def _undo_last(conn: sqlite3.Connection) -> dict | None:
    """Mark the last judgement in force undone (kept, for the record); returns it, or None."""
    row = conn.execute("SELECT id, kind, payload FROM judgements WHERE undone = 0 ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    conn.execute("UPDATE judgements SET undone = 1 WHERE id = ?", (row["id"],))
    return {"kind": row["kind"], **json.loads(row["payload"])}
