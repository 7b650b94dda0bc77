"""Stable ids: an entity's, an event's or an article's id stays what it was through re-ingest
(with --force too), added files, corrections and undo, so that shared links, briefs and
exports keep pointing at the same thing.

- Articles and events are facts of one document, so their ids are hashed from natural keys
  (`stable_id`): the document's content hash, the segment, and for an event its type, the
  span of its evidence and its rank among events with the same ones.
- Entities are clusters that resolution recomputes from all mentions, so an id table keeps
  them (`assign_entity_ids`): every id ever given is anchored to the mention it was first
  given to, named by a key that survives re-extraction (`mention_key`: content hash,
  segment, type, name). A cluster keeps the oldest id anchored among its mentions; an id
  whose cluster was merged into another redirects to it (and lives again when the merge is
  undone); a cluster whose anchor is gone takes the id most of its mentions had before (or,
  when all of them were re-written, that of a lost entity of the same type and name), and a
  new cluster a new id, never one given before.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, defaultdict

ID_BITS = 52  # ids stay exact in JavaScript's numbers (53 bits), which the explorer's scripts use


def stable_id(*parts: object) -> int:
    """A positive id hashed from a natural key."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - ID_BITS) or 1


def mention_key(sha256: str | None, segment: int, etype: str, name: str) -> str:
    """A mention as re-extraction finds it again: its document's bytes, segment, type and name
    (row ids change every time a document is extracted). Also a SQL function of the store."""
    return f"{sha256}:{segment}:{etype}:{name}"


def assign_entity_ids(conn: sqlite3.Connection, clusters: list[list[str]]) -> list[int]:
    """The id of each cluster (given as its members' mention keys, oldest first), and the
    store's id tables brought up to date: anchors, each key's id, redirects of ids no
    cluster has now. Runs inside resolution's transaction."""
    anchored: dict[str, list[int]] = defaultdict(list)
    for entity_id, key in conn.execute("SELECT entity_id, key FROM entity_anchors ORDER BY entity_id"):
        anchored[key].append(entity_id)
    before: dict[int, list[str]] = defaultdict(list)   # the keys each id had at the last resolution
    for key, entity_id in conn.execute("SELECT key, entity_id FROM entity_keys"):
        before[entity_id].append(key)
    present = {i for members in clusters for k in members for i in anchored.get(k, ())}
    # one segment can hold two mentions of one type and name that resolution keeps apart (two
    # countries' "Ministry of Health"): they share a key, so an anchored id goes to the first
    # cluster that holds it and never to a second
    ids: list[int | None] = []
    taken: set[int] = set()
    for members in clusters:
        free = [i for k in members for i in anchored.get(k, ()) if i not in taken]
        ids.append(min(free, default=None))
        if ids[-1] is not None:
            taken.add(ids[-1])
    last = {k: i for i, keys in before.items() for k in keys}
    current = {k for members in clusters for k in members}
    orphans: dict[str, set[int]] = defaultdict(set)   # ids none of whose mentions is left, by type and name
    for i, keys in before.items():
        if not current.intersection(keys):
            for k in keys:
                orphans[_named(k)].add(i)
    for n, members in enumerate(clusters):   # an anchor gone (re-extracted away, judged wrong): the id its mentions had
        if ids[n] is not None:
            continue
        votes = Counter(last[k] for k in members if k in last and last[k] not in taken and last[k] not in present)
        if not votes:   # every mention re-written (the pages changed): the id of a lost entity of the same name
            votes = Counter(i for k in members for i in orphans.get(_named(k), ()) if i not in taken and i not in present)
        if votes:
            ids[n] = min(votes, key=lambda i: (-votes[i], i))
            taken.add(ids[n])
            conn.execute("INSERT OR REPLACE INTO entity_anchors (entity_id, key) VALUES (?, ?)", (ids[n], members[0]))
    next_id = 1 + max([0, *before, *(i for (i,) in conn.execute(
        "SELECT MAX(entity_id) FROM entity_anchors UNION ALL SELECT MAX(old_id) FROM entity_redirects") if i)])
    for n, members in enumerate(clusters):
        if ids[n] is None:
            ids[n], next_id = next_id, next_id + 1
            conn.execute("INSERT INTO entity_anchors (entity_id, key) VALUES (?, ?)", (ids[n], members[0]))
    now = {k: i for members, i in zip(clusters, ids) for k in members}
    conn.execute("DELETE FROM entity_keys")
    conn.executemany("INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)", now.items())
    _redirect(conn, set(ids), now, before)
    return ids


def _named(key: str) -> str:
    """The type and name of a `mention_key`."""
    return key.split(":", 2)[2]


def _redirect(conn: sqlite3.Connection, live: set[int], now: dict[str, int], before: dict[int, list[str]]) -> None:
    """Each id no cluster has now points at the cluster that holds its anchor, else at the one
    that holds most of its mentions, else where it pointed before; chains end at a live id."""
    old = dict(conn.execute("SELECT old_id, new_id FROM entity_redirects").fetchall())
    to: dict[int, int] = {}
    for entity_id, key in conn.execute("SELECT entity_id, key FROM entity_anchors").fetchall():
        if entity_id in live:
            continue
        votes = Counter(now[k] for k in before.get(entity_id, ()) if k in now)
        target = now.get(key) or min(votes, key=lambda i: (-votes[i], i), default=None) or old.get(entity_id)
        if target is not None:
            to[entity_id] = target
    for entity_id, target in list(to.items()):
        seen = {entity_id}
        while target not in live and target in to and target not in seen:
            seen.add(target)
            target = to[target]
        to[entity_id] = target
    conn.execute("DELETE FROM entity_redirects")
    conn.executemany("INSERT INTO entity_redirects (old_id, new_id) VALUES (?, ?)",
                     [(i, t) for i, t in sorted(to.items()) if t in live])


# ---- real-world events -------------------------------------------------------------------
# A real-world event keeps the id most of its reports had (resolve/events.py `assign_ids`);
# when coreference regroups reports (one added or judged wrong, two entities found one), an
# id can fall out of use. It then leads to the event that holds most of the reports it had
# (`event_redirects`), and comes back when they are together again (an undo).

def gone_event_ids(conn: sqlite3.Connection) -> dict[int, tuple[int | None, list[int]]]:
    """Event ids no real-world event had at the last coreference: where each led, and its reports."""
    return {old: (new, json.loads(reports))
            for old, new, reports in conn.execute("SELECT old_id, new_id, reports FROM event_redirects")}


def reclaim_event_id(gone: dict[int, tuple[int | None, list[int]]], members: list[int], taken: set[int]) -> int | None:
    """The gone id more than half of whose reports are in this cluster (the lowest such), if any."""
    here = set(members)
    fits = [old for old, (_new, reports) in gone.items()
            if old not in taken and 2 * len(here.intersection(reports)) > len(reports)]
    return min(fits, default=None)


def redirect_event_ids(conn: sqlite3.Connection, before: dict[int, int], now: dict[int, int],
                       gone: dict[int, tuple[int | None, list[int]]]) -> None:
    """Bring `event_redirects` up to date: every id in use at the last coreference (`before`:
    report -> event id) or gone earlier that no event has `now` leads to the event holding
    most of its reports, else where it led before if that event is still there, else nowhere."""
    live = set(now.values())
    had: dict[int, list[int]] = defaultdict(list)
    for report, real in before.items():
        had[real].append(report)
    remembered = {old: reports for old, (_new, reports) in gone.items() if old not in live}
    remembered.update({old: sorted(reports) for old, reports in had.items() if old not in live})
    rows = []
    for old, reports in sorted(remembered.items()):
        votes = Counter(now[r] for r in reports if r in now)
        earlier = gone.get(old, (None, []))[0]
        target = min(votes, key=lambda i: (-votes[i], i)) if votes else earlier if earlier in live else None
        rows.append((old, target, json.dumps(sorted(reports))))
    conn.execute("DELETE FROM event_redirects")
    conn.executemany("INSERT INTO event_redirects (old_id, new_id, reports) VALUES (?, ?, ?)", rows)
