"""Analyst judgements — merge, split, rename, retype, wrong — recorded and applied.

The CLI and the explorer both come through here, so a judgement made in either is the
same row, replayed by every later resolution (and so kept across re-ingest)."""
from __future__ import annotations

from pathlib import Path

from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect, writer_lock
from coopgraph.store.queries import add_judgement, undo_last

KINDS = {
    "merge": ("a", "b"),
    "split": ("entity", "name"),
    "rename": ("entity", "name"),
    "retype": ("entity", "type"),
    "wrong": ("fact", "path", "segment"),
}
ENTITY_TYPES = ("ORG", "PERSON", "COUNTRY", "PLACE")


def check_payload(kind: str, payload: dict) -> dict:
    """The judgement's fields, or ValueError saying what is missing or wrong."""
    if kind not in KINDS:
        raise ValueError(f"unknown judgement {kind!r}; one of {', '.join(KINDS)}")
    missing = [k for k in KINDS[kind] if payload.get(k) in (None, "")]
    if missing:
        raise ValueError(f"{kind} needs {', '.join(missing)}")
    if kind == "retype" and payload["type"] not in ENTITY_TYPES:
        raise ValueError(f"type must be one of {', '.join(ENTITY_TYPES)}")
    if kind == "wrong":
        fact = payload["fact"]
        need = {"mention": ("name",), "role": ("name", "title"), "event": ("event",)}.get(fact)
        if need is None:
            raise ValueError("fact must be mention, role or event")
        if any(not payload.get(k) for k in need):
            raise ValueError(f"a wrong {fact} needs {', '.join(need)}")
        payload = {k: payload[k] for k in ("fact", "path", "segment", *need)}
        payload["segment"] = int(payload["segment"])
    else:
        payload = {k: payload[k] for k in KINDS[kind]}
    if any(isinstance(v, str) and len(v) > 1000 for v in payload.values()):
        raise ValueError("a name of more than 1,000 characters is not a name")
    return payload


def judge(db: str | Path, kind: str, payload: dict) -> dict:
    """Record one judgement and re-resolve; returns the graph's counts."""
    payload = check_payload(kind, payload)
    with writer_lock(db):
        conn = connect(db)
        try:
            add_judgement(conn, kind, payload)
            return resolve(conn)
        finally:
            conn.close()


def undo(db: str | Path) -> dict | None:
    """Take back the last judgement still in force, and re-resolve."""
    with writer_lock(db):
        conn = connect(db)
        try:
            undone = undo_last(conn)
            resolve(conn)
            return undone
        finally:
            conn.close()
