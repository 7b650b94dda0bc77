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
