"""Each fact's confidence, added to rows that queries and pages already hold.

The store keeps the record's calibrated `confidence` on every mention, role and event
(migration 13; NULL when the rules alone extracted it). Profiles, timelines and articles
ask for it here by row id after their own query, so that those queries stay as they are."""
from __future__ import annotations

import sqlite3

TABLES = {"mention": "mentions", "role": "roles", "event": "events"}


def with_confidence(conn: sqlite3.Connection, kind: str, rows: list[dict], key: str = "id") -> list[dict]:
    """`rows` (dicts with the fact's row id at `key`), each given its `confidence` (or None)."""
    ids = sorted({r[key] for r in rows})
    found: dict[int, float | None] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found.update(conn.execute(f"SELECT id, confidence FROM {TABLES[kind]} WHERE id IN ({', '.join('?' * len(chunk))})",  # noqa: S608
                                  chunk).fetchall())
    for r in rows:
        r["confidence"] = found.get(r[key])
    return rows
