"""What a server derives from a whole store (search's `SearchTables`), kept in the process
until the store changes.

Every row written to a table that answers a question bumps the store's generation (a
trigger of schema 9), so a value is looked up by (store, generation) and a write is seen
at the next request: nothing is invalidated by hand, and nothing stale is ever served.
"""
from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

KEPT = 8  # values kept at once over all stores (one generation of each: the last one asked for)


class _Slot:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value = None


_slots: OrderedDict[tuple, _Slot] = OrderedDict()
_guard = threading.Lock()


def generation(conn: sqlite3.Connection) -> tuple[str, str, int]:
    """(file, store token, generation): changes whenever an answer may have changed."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    store, n = conn.execute("SELECT store, n FROM generation").fetchone()
    return path, store, n


def derived(conn: sqlite3.Connection, name: str, build: Callable[[sqlite3.Connection], T]) -> T:
    """`build(conn)` for the store as `conn` sees it, built once per generation: threads that
    ask while it is being built wait for it rather than build it again."""
    key = (name, *generation(conn))
    with _guard:
        slot = _slots.get(key)
        if slot is None:
            for older in [k for k in _slots if k[:3] == key[:3]]:   # earlier generations of the store
                del _slots[older]
            slot = _slots[key] = _Slot()
            while len(_slots) > KEPT:
                _slots.popitem(last=False)
        else:
            _slots.move_to_end(key)
    with slot.lock:
        if slot.value is None:
            slot.value = build(conn)
        return slot.value


class SizedLRU:
    """Values by key, the least recently used dropped once their sizes (`size(value)`, in
    bytes) pass `max_bytes`; the newest is always kept. Not locked: its owner holds its lock."""

    def __init__(self, max_bytes: int, size: Callable[[T], int]):
        self.max_bytes = max_bytes
        self._size = size
        self._kept: OrderedDict = OrderedDict()
        self._bytes = 0

    def keys(self) -> list:
        return list(self._kept)

    def get(self, key):
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key, value) -> None:
        if key in self._kept:
            return
        self._kept[key] = value
        self._bytes += self._size(value)
        while self._bytes > self.max_bytes and len(self._kept) > 1:
            self._bytes -= self._size(self._kept.popitem(last=False)[1])

    def drop(self, key) -> None:
        self._bytes -= self._size(self._kept.pop(key))


class Answers:
    """Whole answers (a page's or an API answer's body and content type) by the store's
    generation and the request's address, the least recently used dropped past `max_bytes`.

    For the pages that many readers open and page through, and that readers come back to:
    a search paged forward and back, a profile opened again from another page. The
    generation is read in the request's own read transaction, so an answer kept is exactly
    the one the store would give now; an ingest or a judgement makes a new generation, and
    the answers of older ones are dropped at the first request that sees it."""

    def __init__(self, max_bytes: int = 64 * 2**20):
        self.max_bytes = max_bytes
        self._kept: SizedLRU = SizedLRU(max_bytes, lambda answer: len(answer[0]))   # key -> (body, content type)
        self._generation: dict[tuple[str, str], int] = {}   # (file, store token) -> newest generation seen
        self._lock = threading.Lock()

    def get(self, conn: sqlite3.Connection, address: str) -> tuple[tuple, tuple[bytes, str] | None]:
        """(the key to `put` the answer under, the answer kept for it or None)."""
        key = (*generation(conn), address)
        with self._lock:
            store, n = key[:2], key[2]
            if self._generation.get(store, n) < n:   # the store changed: its older answers go
                for old in [k for k in self._kept.keys() if k[:2] == store and k[2] < n]:
                    self._kept.drop(old)
            self._generation[store] = max(n, self._generation.get(store, n))
            return key, self._kept.get(key)

    def put(self, key: tuple, body: bytes, content_type: str) -> None:
        with self._lock:
            if key[2] < self._generation.get(key[:2], key[2]) or len(body) > self.max_bytes:
                return   # an answer of a generation already gone, or too large to keep
            self._kept.put(key, (body, content_type))
