"""Analyst judgements — merge, split, rename, retype, wrong, and same / different / unsure
between two entity ids — recorded and applied.

The CLI and the explorer both come through here, so a judgement made in either is the
same row, replayed by every later resolution (and so kept across re-ingest). Judgements
between ids are edges, as in nomenklatura: the ids are stable (`resolve/ids.py`), so
"these two are one", "these two are different" and "not sure" stay with the entities the
analyst saw. Each judgement says who made it, when, and optionally why; one correction may
hold several judgements (every mention of an entity judged not real), and undo takes back
the last correction whole. This is the only module that records or undoes judgements (a
test holds it to that; `import` copies an export's rows into an empty store); the resolver
reads them, and derives `hidden_facts` from them on every resolution."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from coopgraph.model import EDGES, ENTITY_TYPES
from coopgraph.resolve.resolver import rehide, resolve
from coopgraph.store.db import connect, writer_lock

KINDS = {
    "merge": ("a", "b"),
    "split": ("entity", "name"),
    "rename": ("entity", "name"),
    "retype": ("entity", "type"),
    "wrong": ("fact", "path", "segment"),
    **{edge: ("a", "b") for edge in EDGES},   # entity ids
}
WRONG_FACT_FIELDS = {"mention": ("name",), "role": ("name", "title"), "event": ("event",)}
MAX_NAME = 1000          # characters of a name, title or event id
MAX_PATH = 4096          # characters of a source path
MAX_SEGMENT = 2**31 - 1  # a segment index far beyond any page, and within SQLite's integers
MAX_ID = 2**62           # entity ids, as the API's paths take them
MAX_NOTE = 2000          # characters of a judgement's author or reason
# the correction a judgement row belongs to; one made before corrections is one of its own
CORRECTION = "COALESCE(correction, -id)"


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
            out[key] = _whole(key, value, 0, MAX_SEGMENT)
            continue
        if kind in EDGES:
            out[key] = _whole(key, value, 1, MAX_ID)
            continue
        if not isinstance(value, str):
            raise ValueError(f"{key} must be text")
        limit = MAX_PATH if key == "path" else MAX_NAME
        if len(value) > limit:
            raise ValueError(f"{key} is longer than {limit:,} characters")
        out[key] = value
    if kind == "retype" and out["type"] not in ENTITY_TYPES:
        raise ValueError(f"type must be one of {', '.join(ENTITY_TYPES)}")
    if kind in EDGES and out["a"] == out["b"]:
        raise ValueError(f"{kind} needs two different entities")
    return out


def _whole(key: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{key} must be a whole number")
    if isinstance(value, str):
        if not value.strip().isdigit() or len(value.strip()) > len(str(high)):
            raise ValueError(f"{key} must be a whole number")
        value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{key} must be between {low} and {high:,}")
    return value


def check_note(what: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    if len(value) > MAX_NOTE:
        raise ValueError(f"{what} is longer than {MAX_NOTE:,} characters")
    return value


def judge(db: str | Path, kind: str, payload: dict, *, author: str | None = None, reason: str | None = None) -> dict:
    """Record one judgement as a correction of its own and re-resolve; returns the graph's counts."""
    return correct(db, [(kind, payload)], author=author, reason=reason)


def correct(db: str | Path, judgements: list[tuple[str, dict]], *, author: str | None = None,
            reason: str | None = None, retract: Sequence[int] = (),
            then: Callable[[sqlite3.Connection, list[int]], None] | None = None) -> dict:
    """Record one correction — its judgements, undone together — and re-resolve, in one
    transaction; returns the graph's counts. Everything is checked before anything is written.
    The corrections holding the judgements `retract` are undone in the same transaction (a
    fact review replaced by a later verdict), and `then(conn, judgement_ids)` writes what
    goes with the correction (the fact review's row)."""
    if not judgements and not retract:
        raise ValueError("a correction needs at least one judgement")
    checked = [(kind, check_payload(kind, payload)) for kind, payload in judgements]
    notes = (check_note("author", author), check_note("reason", reason))

    def change(conn: sqlite3.Connection) -> None:
        for judgement in retract:
            _undo_last(conn, judgement)
        ids = _record(conn, checked, *notes) if checked else []
        if then is not None:
            then(conn, ids)

    with writer_lock(db):
        conn = connect(db)
        try:
            taken_back = [row for judgement in retract for row in _correction_of(conn, judgement)]
            apply = rehide if _facts_only([*checked, *_judgements(taken_back)]) else resolve
            return apply(conn, change=change)
        finally:
            conn.close()


def _facts_only(judgements: list[tuple[str, dict]]) -> bool:
    """Whether the judgements only mark roles or events wrong: resolution, which reads
    mentions, stays as it is, and only the hidden facts are derived again (`rehide`)."""
    return all(kind == "wrong" and payload.get("fact") in ("role", "event") for kind, payload in judgements)


def undo(db: str | Path, *, judgement: int | None = None,
         then: Callable[[sqlite3.Connection], None] | None = None) -> dict | None:
    """Take back the last correction still in force (or the one holding `judgement`), all its
    judgements, and re-resolve, in one transaction with `then(conn)`. Returns its first
    judgement (with how many it held), or None."""
    undone: list[dict | None] = []

    def change(conn: sqlite3.Connection) -> None:
        undone.append(_undo_last(conn, judgement))
        if then is not None:
            then(conn)

    with writer_lock(db):
        conn = connect(db)
        try:
            unit = _judgements(_correction_of(conn, judgement))
            (rehide if unit and _facts_only(unit) else resolve)(conn, change=change)
            return undone[0]
        finally:
            conn.close()


def _record(conn: sqlite3.Connection, judgements: list[tuple[str, dict]], author: str | None,
            reason: str | None) -> list[int]:
    """Write the correction's rows (returns their ids); `resolve` commits them together with the
    re-resolution. A judgement between ids needs both entities to exist (or to have been merged away)."""
    for kind, payload in judgements:
        for side in ("a", "b") if kind in EDGES else ():
            if not conn.execute("SELECT 1 FROM entities WHERE id = ? UNION ALL SELECT 1 FROM entity_redirects "
                                "WHERE old_id = ?", (payload[side], payload[side])).fetchone():
                raise ValueError(f"no entity {payload[side]}")
    correction = conn.execute("SELECT COALESCE(MAX(correction), 0) + 1 FROM judgements").fetchone()[0]
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return [conn.execute(
        "INSERT INTO judgements (kind, payload, created_at, author, reason, correction) VALUES (?, ?, ?, ?, ?, ?)",
        (kind, json.dumps(payload, ensure_ascii=False), now, author, reason, correction)).lastrowid
        for kind, payload in judgements]


def _correction_of(conn: sqlite3.Connection, judgement: int | None = None) -> list[sqlite3.Row]:
    """The judgements (id, kind, payload) of the last correction in force, or of the one in
    force that holds `judgement`; empty when there is none."""
    which = "id = ?" if judgement is not None else "1 ORDER BY id DESC LIMIT 1"
    return conn.execute(
        f"SELECT id, kind, payload FROM judgements WHERE undone = 0 AND {CORRECTION} = "  # noqa: S608 - fixed clauses
        f"(SELECT {CORRECTION} FROM judgements WHERE undone = 0 AND {which}) ORDER BY id",
        () if judgement is None else (judgement,)).fetchall()


def _judgements(rows: list[sqlite3.Row]) -> list[tuple[str, dict]]:
    return [(r["kind"], json.loads(r["payload"])) for r in rows]


def _undo_last(conn: sqlite3.Connection, judgement: int | None = None) -> dict | None:
    """Mark the last correction in force (or the one holding `judgement`) undone, kept for the
    record; returns its first judgement and how many it held, or None."""
    rows = _correction_of(conn, judgement)
    if not rows:
        return None
    conn.executemany("UPDATE judgements SET undone = 1 WHERE id = ?", [(r["id"],) for r in rows])
    return {"kind": rows[0]["kind"], **json.loads(rows[0]["payload"]), "judgements": len(rows)}
