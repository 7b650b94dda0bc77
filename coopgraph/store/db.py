"""Opening a store: migrations, WAL (readers go on while an ingest writes), one writer.

Every way a store can be unusable — not a database, corrupt, from a newer coopgraph,
locked by another ingest — is a `StoreError` with a sentence a person can act on.
"""
from __future__ import annotations

import fcntl
import os
import queue
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from coopgraph.resolve.keys import name_key
from coopgraph.store.schema import LATEST, MIGRATIONS

DEFAULT_DB = "coopgraph.db"


class StoreError(Exception):
    pass


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    path = Path(path)
    if readonly and not path.exists():
        raise StoreError(f"{path}: no store here (run `coopgraph ingest` first, or pass --db)")
    try:
        if readonly:
            # one request's dependency and handler may run on different threads (never at once)
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.create_function("name_key", 1, name_key, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        version = _version(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a coopgraph store, or the file is damaged ({exc})") from None
    if version > LATEST:
        raise StoreError(f"{path}: written by a newer coopgraph (schema {version}, this one knows {LATEST})")
    if version < LATEST:
        if readonly:
            raise StoreError(f"{path}: store needs an upgrade; run `coopgraph ingest` once to migrate it")
        _migrate(conn, version)
    return conn


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    for version, sql in MIGRATIONS:
        if version <= current:
            continue
        try:
            conn.execute("BEGIN")
            for statement in sql.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError:
            conn.execute("ROLLBACK")
            raise


class ReadPool:
    """Read-only connections kept open between requests: a connection's page cache and parsed
    schema then serve the next request too, where a fresh one read every page from disk
    again (an article search reads every article's text). WAL readers still see each
    commit of a concurrent ingest at their next statement."""

    CACHE_KIB = 32_000   # per connection; SQLite's default 2 MB held a tenth of a 5,000-article store

    def __init__(self, path: str | Path, size: int = 8):
        self.path = Path(path)
        self.size = size
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()

    def acquire(self) -> sqlite3.Connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            conn = connect(self.path, readonly=True)
            conn.execute(f"PRAGMA cache_size = -{self.CACHE_KIB}")
            return conn

    def release(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.rollback()
        if self._idle.qsize() < self.size:
            self._idle.put(conn)
        else:
            conn.close()


@contextmanager
def writer_lock(path: str | Path):
    """One ingest at a time per store: a second one is told so, not left to wait or clash."""
    lock_path = Path(f"{path}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{path}: another ingest is writing to this store; wait for it to finish") from None
        yield
    finally:
        os.close(fd)
