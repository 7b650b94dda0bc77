"""Opening a store: migrations, WAL (readers go on while an ingest writes), one writer.

Every way a store can be unusable — a missing folder, an empty file, not a database,
damaged, read-only, from a newer coopgraph, locked by another ingest — is a `StoreError`
with a sentence a person can act on, naming the file and the real cause.
"""
from __future__ import annotations

import fcntl
import os
import queue
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

from coopgraph.resolve.ids import mention_key
from coopgraph.resolve.keys import name_key
from coopgraph.store.schema import LATEST, MIGRATIONS

DEFAULT_DB = "coopgraph.db"


class StoreError(Exception):
    pass


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    path = Path(path)
    (_check_readable if readonly else _check_writable)(path)
    try:
        if readonly:
            # one request's dependency and handler may run on different threads (never at once)
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.create_function("name_key", 1, name_key, deterministic=True)
        conn.create_function("mention_key", 4, mention_key, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        version = _version(conn)
    except sqlite3.DatabaseError as exc:
        reason = readonly and "unable to open" in str(exc) and _unwritable(path)
        if reason:
            raise StoreError(f"{path}: cannot read the store: {reason}, and SQLite needs to create "
                             f"{path.name}-shm beside it to read a store in WAL mode; copy it to a writable folder") from None
        raise StoreError(f"{path}: not a coopgraph store, or the file is damaged ({exc})") from None
    if version > LATEST:
        raise StoreError(f"{path}: written by a newer coopgraph (schema {version}, this one knows {LATEST})")
    _check_intact(conn, path)
    if version < LATEST:
        if readonly:
            raise StoreError(f"{path}: store needs an upgrade; run `coopgraph ingest` once to migrate it")
        _migrate(conn, version)
    return conn


def _check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")


def _check_readable(path: Path) -> None:
    _check_folder(path)
    if not path.exists():
        raise StoreError(f"{path}: no store here (run `coopgraph ingest` first, or pass --db)")
    if path.is_dir():
        raise StoreError(f"{path}: a folder, not a store")
    if path.stat().st_size == 0:  # SQLite would read it as a new, empty database of schema 0
        raise StoreError(f"{path}: the file is empty (0 bytes), so the store is empty or damaged; "
                         f"restore it from a backup, or ingest the sources into it again")


def _check_writable(path: Path) -> None:
    _check_folder(path)
    reason = _unwritable(path)
    if reason:
        raise StoreError(f"{path}: cannot write the store: {reason}")


def _unwritable(path: Path) -> str | None:
    """Why this process cannot write the store at `path` (nor the files SQLite keeps beside it), or None."""
    folder = path.parent
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        return "it is on a read-only file system"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only (no permission to write it)"
    if not os.access(folder, os.W_OK):
        return f"no permission to write in its folder {folder}"
    return None


def damaged(path: str | Path, problem: object) -> StoreError:
    problem = " ".join(str(problem).replace("*** in database main ***", "").split())  # quick_check's report, on one line
    return StoreError(f"{path}: the store is damaged ({problem}); restore it from a backup, "
                      f"or ingest the sources again into a new store")


def store_failure(path: str | Path, exc: sqlite3.Error, kept: str = "") -> StoreError:
    """What an error SQLite raised mid-command means for the store at `path`, as one
    sentence with its real cause; `kept` says what an interrupted write left in place."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    text = str(exc)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return damaged(path, text)
    if name == "SQLITE_FULL" or "disk is full" in text:
        cause, advice = "cannot write: the disk is full", "free space and run the same command again"
    elif name.startswith("SQLITE_READONLY") or "readonly" in text:
        cause, advice = f"cannot write: {_unwritable(Path(path)) or text}", "make the store writable and run the same command again"
    else:
        cause, advice = text, "run the same command again"
    return StoreError(f"{path}: {cause}; {kept + ' — ' if kept else ''}{advice}")


# the files as they were when last found intact, per store: a server opens the store for
# every request, and checks it again only once an ingest has written to it
_INTACT: dict[str, tuple] = {}


def _check_intact(conn: sqlite3.Connection, path: Path) -> None:
    """A damaged store is said to be damaged, not read into partial answers.
    `PRAGMA quick_check(1)` reads every page once: about 0.1 s for 5,000 articles."""
    key, state = str(path.resolve()), _file_state(path)
    if _INTACT.get(key) == state:
        return
    try:
        problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem != "ok":
        conn.close()
        raise damaged(path, problem)
    _INTACT[key] = state


def _file_state(path: Path) -> tuple:
    state = []
    for file in (path, Path(f"{path}-wal")):
        try:
            st = file.stat()
            state.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            state.append(None)
    return tuple(state)


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _statements(sql: str) -> list[str]:
    """A script's statements, each complete (a trigger's body holds semicolons of its own)."""
    out, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip() and pending.strip("-\n ").strip():
        out.append(pending.strip())
    return [s for s in out if s.strip(" ;\n")]


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    for version, sql in MIGRATIONS:
        if version <= current:
            continue
        try:
            conn.execute("BEGIN")
            for statement in _statements(sql):
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


def _lock_paths(path: str | Path) -> list[Path]:
    """The lock files of a store: one beside its real path (symlinks and `..` resolved), and,
    once the store exists, one named by its device and inode in the machine's temporary folder,
    which every hard link to the same file shares. Two names for one store exclude each other."""
    paths = [Path(f"{os.path.realpath(path)}.lock")]
    try:
        st = os.stat(path)
    except OSError:
        return paths
    folder = Path(tempfile.gettempdir()) / "coopgraph-locks"
    folder.mkdir(mode=0o1777, exist_ok=True)
    return [*paths, folder / f"{st.st_dev}-{st.st_ino}.lock"]


@contextmanager
def writer_lock(path: str | Path):
    """One ingest at a time per store: a second one is told so, not left to wait or clash."""
    path = Path(path)
    _check_writable(path)
    fds: list[int] = []
    try:
        for lock_path in _lock_paths(path):
            try:
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create the lock file {lock_path} ({exc.strerror})") from None
            fds.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"{path}: another ingest is writing to this store; wait for it to finish") from None
        yield
    finally:
        for fd in fds:
            os.close(fd)


def _writing_now(path: str | Path) -> bool:
    """Whether a writer holds the store's lock (asked without taking it)."""
    for lock_path in _lock_paths(path):
        try:
            fd = os.open(lock_path, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
    return False


def cut_short(conn: sqlite3.Connection, path: str | Path) -> str | None:
    """When the last ingest started, if it never switched its work in and none is running now."""
    row = conn.execute("SELECT started FROM ingest_runs ORDER BY started DESC").fetchone()
    if row is None or _writing_now(path):
        return None
    return row["started"]
