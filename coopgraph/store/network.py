"""The cooperation network the explorer draws and works in: the whole network, a node's
neighbourhood to add to a drawing in place, the events behind one link, and the shortest
path between two entities.

Nodes are organisations and countries (`explore.NODE_TYPES`), linked when they take part
in (or are created by) the same event. Every link counts how many of its events make the
two partners (`CoopEvent.partners`: fellow attendees of a forum are not) and how its
events spread over years and types, so the page can redraw for a span of years, one
event type or without fellow attendees without asking again, every node staying where
it was drawn.
"""
from __future__ import annotations

import itertools
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from coopgraph.store.explore import NODE_TYPES, CoopEvent, EventFilter, _entities, cooperation_events, origins, source_of

PATHS_WEIGHED = 200  # of the shortest paths between two entities, the first this many are compared


@dataclass
class _Tally:
    """What a list of events says about the nodes and links among them."""
    activity: Counter = field(default_factory=Counter)                       # node -> events
    node_by: dict = field(default_factory=lambda: defaultdict(Counter))      # node -> (year, type) -> events
    link_by: dict = field(default_factory=lambda: defaultdict(Counter))      # (a, b) -> (year, type, partners) -> events


def _tally(events: list[CoopEvent], info: dict[int, sqlite3.Row], also: frozenset[int] = frozenset()) -> _Tally:
    """Count events per node and per link among organisations and countries (and `also`,
    whatever their type)."""
    tally = _Tally()
    for ev in events:
        members = sorted(i for i in ev.entities if info[i]["type"] in NODE_TYPES or i in also)
        for i in members:
            tally.activity[i] += 1
            tally.node_by[i][(ev.year, ev.type)] += 1
        for a, b in itertools.combinations(members, 2):
            tally.link_by[(a, b)][(ev.year, ev.type, ev.partners(a, b))] += 1
    return tally


def _drawing(tally: _Tally, info: dict[int, sqlite3.Row], keep: set[int]) -> dict:
    """The kept nodes and the links among them, as the API gives them."""
    nodes = [{"id": i, "name": info[i]["name"], "type": info[i]["type"], "country": info[i]["country"],
              "events": tally.activity[i],
              "by": [{"year": y, "type": t, "events": n} for (y, t), n in sorted(tally.node_by[i].items(), key=_by_key)]}
             for i in sorted(keep)]
    edges = []
    for (a, b), by in sorted(tally.link_by.items()):
        if a in keep and b in keep:
            types: Counter[str] = Counter()
            for (_, t, _), n in by.items():
                types[t] += n
            edges.append({"source": a, "target": b, "weight": sum(by.values()),
                          "partner": sum(n for (_, _, partners), n in by.items() if partners), "types": dict(types),
                          "by": [{"year": y, "type": t, "partner": p, "events": n}
                                 for (y, t, p), n in sorted(by.items(), key=_by_key)]})
    return {"nodes": nodes, "edges": edges}


def _by_key(item: tuple) -> tuple:
    key = item[0]
    return (key[0] is None, key[0] or 0, *key[1:])


def _events_and_entities(conn: sqlite3.Connection, flt: EventFilter) -> tuple[list[CoopEvent], dict[int, sqlite3.Row]]:
    events = cooperation_events(conn, flt)
    return events, _entities(conn, {i for ev in events for i in ev.entities})


def network(conn: sqlite3.Connection, flt: EventFilter, *, max_nodes: int = 800) -> dict:
    """Organisations and countries linked by shared events; the busiest `max_nodes` kept
    (without positions: `web.layout` draws it)."""
    events, info = _events_and_entities(conn, flt)
    tally = _tally(events, info)
    keep = {i for i, _ in sorted(tally.activity.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]}
    by_year = Counter((ev.year, ev.type) for ev in events)
    return {**_drawing(tally, info, keep), "events": len(events), "truncated": len(tally.activity) > len(keep),
            "by": [{"year": y, "type": t, "events": n} for (y, t), n in sorted(by_year.items(), key=_by_key)]}


def current_id(conn: sqlite3.Connection, entity_id: int) -> int | None:
    """The entity's id now: itself, the entity it was merged into, or None if never given."""
    if conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone():
        return entity_id
    moved = conn.execute("SELECT new_id FROM entity_redirects WHERE old_id = ?", (entity_id,)).fetchone()
    return moved[0] if moved else None


def neighbourhood(conn: sqlite3.Connection, entity_id: int, flt: EventFilter, *, limit: int = 40) -> dict:
    """The entity, the `limit` organisations and countries it shares most events with, and
    every link among them (over all their events, not only the entity's, so a link added
    to a drawing weighs what it weighs in the whole network)."""
    own, info = _events_and_entities(conn, replace(flt, entity=entity_id))
    info |= _entities(conn, {entity_id} - info.keys())
    shared = Counter(i for ev in own for i in ev.entities if i != entity_id and info[i]["type"] in NODE_TYPES)
    ranked = sorted(shared, key=lambda i: (-shared[i], info[i]["name"], i))
    keep = {entity_id, *ranked[:limit]}
    events, info_all = _events_and_entities(conn, replace(flt, among=tuple(sorted(keep))))
    info |= info_all
    drawing = _drawing(_tally(events, info, also=frozenset({entity_id})), info, keep)
    return {**drawing, "centre": entity_id, "truncated": len(ranked) > limit}


def link_events(conn: sqlite3.Connection, a: int, b: int, flt: EventFilter | None = None, *, limit: int = 50,
                partners_only: bool = False) -> dict:
    """The events that link `a` and `b`, in time order: type, name, date, place, what each
    of the two was in it, whether that makes them partners, the sentence that says so and
    the article it was read in (its title, `source` as the CLI prints it, and the page's URL
    when known)."""
    events = [ev for ev in cooperation_events(conn, replace(flt or EventFilter(), entity=a))
              if b in ev.entities and b != a and (ev.partners(a, b) or not partners_only)]
    by_id = {ev.id: ev for ev in events}
    rows = conn.execute(
        # a real-world event (its id) said by its first report (resolve/events.py)
        f"""SELECT re.id, re.type, COALESCE(re.name, v.name) AS name, re.date, (SELECT name FROM mentions WHERE id = v.place) AS place,
                   v.id AS event_id, a.id AS article_id, a.title, a.published, d.path, a.segment, re.sources AS reports,
                   re.independent_sources, substr(a.text, v.ev_start + 1, v.ev_end - v.ev_start) AS evidence
            FROM real_events re JOIN events v ON v.id = (SELECT MIN(event_id) FROM event_coref WHERE real_event_id = re.id)
            JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
            WHERE re.id IN ({', '.join('?' * len(by_id)) or 'NULL'})
            ORDER BY re.date IS NULL, re.date, re.id LIMIT ?""",  # noqa: S608 - only placeholders are formatted in
        [*by_id, limit],
    ).fetchall()
    paths = [r["path"] for r in rows]
    source, known = source_of(conn, paths), origins(conn, sorted(set(paths)))

    def role(ev: CoopEvent, i: int) -> str:
        return "/".join(sorted(ev.roles[i] | ({"created"} if i in ev.created else set())))

    return {"a": a, "b": b, "total": len(events), "events": [
        {**dict(r), "source": source(r["path"], r["segment"]), "url": (known.get(r["path"]) or {}).get("url"),
         "roles": [role(by_id[r["id"]], a), role(by_id[r["id"]], b)],
         "partners": by_id[r["id"]].partners(a, b)} for r in rows]}


def shortest_path(conn: sqlite3.Connection, a: int, b: int, flt: EventFilter | None = None, *,
                  partners_only: bool = False) -> dict:
    """The fewest links from `a` to `b` through organisations and countries (only links that
    make partners, if `partners_only`); of several such paths, the one whose links rest on
    the most events. Each step carries its events (`link_events`)."""
    import networkx as nx

    events, info = _events_and_entities(conn, flt or EventFilter())
    info |= _entities(conn, {a, b} - info.keys())
    graph = nx.Graph()
    graph.add_nodes_from([a, b])
    for (x, y), by in sorted(_tally(events, info, also=frozenset({a, b})).link_by.items()):
        weight = sum(n for (_, _, partners), n in by.items() if partners or not partners_only)
        if weight:
            graph.add_edge(x, y, weight=weight)
    try:
        paths = itertools.islice(nx.all_shortest_paths(graph, a, b), PATHS_WEIGHED)
        best = max(paths, key=lambda path: sum(graph[x][y]["weight"] for x, y in itertools.pairwise(path)))
    except nx.NetworkXNoPath:
        best = []
    nodes = [{"id": i, "name": info[i]["name"], "type": info[i]["type"], "country": info[i]["country"]} for i in best]
    steps = []
    for x, y in itertools.pairwise(best):
        linked = link_events(conn, x, y, flt, limit=5, partners_only=partners_only)
        steps.append({"source": x, "target": y, "weight": graph[x][y]["weight"], "total": linked["total"],
                      "events": linked["events"]})
    return {"from": a, "to": b, "partners_only": partners_only, "found": bool(best), "nodes": nodes, "steps": steps}
