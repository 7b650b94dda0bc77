"""Graph-shaped questions for the explorer: cooperation network, country map, ego networks,
an article with its facts, and a one-page brief.

Cooperation is read off events: two organisations or countries that take part in the
same agreement, meeting, establishment or membership are linked, and so is each with
what an establishment creates. Facts an analyst marked wrong are left out everywhere.
"""
from __future__ import annotations

import itertools
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from coopgraph.model import PARTNER_ROLES
from coopgraph.store.confidence import with_confidence
from coopgraph.text import has_cjk

NODE_TYPES = ("ORG", "COUNTRY")


@dataclass
class EventFilter:
    """Which events count: by year of the event date (one year, or a span of years), event
    type and a taking-part country."""
    year: int | None = None
    event_type: str | None = None
    country: str | None = None
    entity: int | None = None  # only events this graph entity takes part in or is created by
    since: int | None = None   # first and last year; with either, events without a date
    until: int | None = None   # are left out
    among: tuple[int, ...] = ()  # only events one of these entities takes part in or is created by

    def sql(self) -> tuple[str, list]:
        """Clauses over a real-world event `re` (resolve/events.py) and one of its reports `v`
        in article `a`; reports judged wrong are in no real-world event."""
        clauses = ["a.relevant = 1"]
        params: list = []
        if self.year is not None:
            clauses.append("substr(re.date, 1, 4) = ?")
            params.append(f"{self.year:04d}")
        if self.since is not None:
            clauses.append("substr(re.date, 1, 4) >= ?")
            params.append(f"{self.since:04d}")
        if self.until is not None:
            clauses.append("substr(re.date, 1, 4) <= ?")
            params.append(f"{self.until:04d}")
        if self.event_type:
            clauses.append("re.type = ?")
            params.append(self.event_type)
        for ids in ([self.entity] if self.entity is not None else [], list(self.among)):
            if ids:   # only events one of these entities takes part in (in any report) or is created by
                test = "= ?" if len(ids) == 1 else f"IN ({', '.join('?' * len(ids))})"
                clauses.append(f"""re.id IN (SELECT c.real_event_id FROM event_coref c JOIN participants p ON p.event_id = c.event_id
                                  JOIN resolution r ON r.mention_id = p.mention_id WHERE r.entity_id {test}
                                  UNION SELECT c.real_event_id FROM event_coref c JOIN events e ON e.id = c.event_id
                                  JOIN resolution r ON r.mention_id = e.creates WHERE r.entity_id {test})""")
                params += ids + ids
        return " AND ".join(clauses), params


@dataclass
class CoopEvent:
    id: int
    type: str
    date: str | None
    entities: set[int] = field(default_factory=set)
    roles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))  # participant -> its roles
    created: set[int] = field(default_factory=set)   # what an establishment creates

    @property
    def year(self) -> int | None:
        year = (self.date or "")[:4]
        return int(year) if year.isdigit() else None

    def partners(self, a: int, b: int) -> bool:
        """Whether `a` and `b` are partners in this event: each a party, founder, organiser, host
        or member (`model.PARTNER_ROLES`), or what the event creates. A fellow attendee of a
        forum, or an attendee and the forum's host, are not."""
        return all(i in self.created or self.roles[i] & PARTNER_ROLES_SET for i in (a, b))


PARTNER_ROLES_SET = frozenset(PARTNER_ROLES)


def cooperation_events(conn: sqlite3.Connection, flt: EventFilter) -> list[CoopEvent]:
    """Real-world events passing the filter (each counted once, however many reports it
    has), each with the graph entities taking part (and their roles) or created in any of
    its reports."""
    reports = "real_events re JOIN event_coref c ON c.real_event_id = re.id JOIN events v ON v.id = c.event_id " \
              "JOIN articles a ON a.id = v.article_id"
    where, params = flt.sql()
    reports = "real_events re JOIN event_coref c ON c.real_event_id = re.id JOIN events v ON v.id = c.event_id " \
              "JOIN articles a ON a.id = v.article_id"
    rows = conn.execute(
        f"""SELECT re.id, re.type, re.date, r.entity_id, e.country, p.role FROM {reports}
            JOIN participants p ON p.event_id = v.id JOIN resolution r ON r.mention_id = p.mention_id
            JOIN entities e ON e.id = r.entity_id
            WHERE {where} AND p.mention_id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'mention')
            UNION
            SELECT re.id, re.type, re.date, r.entity_id, e.country, NULL FROM {reports}
            JOIN resolution r ON r.mention_id = v.creates JOIN entities e ON e.id = r.entity_id
            WHERE {where}""",  # noqa: S608 - the clauses are ours, the values are parameters
        params + params,
    ).fetchall()
    events: dict[int, CoopEvent] = {}
    countries: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        ev = events.setdefault(row["id"], CoopEvent(row["id"], row["type"], row["date"]))
        ev.entities.add(row["entity_id"])
        if row["role"] is None:
            ev.created.add(row["entity_id"])
        else:
            ev.roles[row["entity_id"]].add(row["role"])
        if row["country"]:
            countries[row["id"]].add(row["country"])
    out = list(events.values())
    if flt.country:
        out = [ev for ev in out if flt.country in countries[ev.id]]
    return sorted(out, key=lambda ev: ev.id)


def _entities(conn: sqlite3.Connection, ids: set[int]) -> dict[int, sqlite3.Row]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r["id"]: r for r in conn.execute(f"SELECT * FROM entities WHERE id IN ({marks})", sorted(ids))}  # noqa: S608


def ego_network(conn: sqlite3.Connection, entity_id: int, *, limit: int = 12) -> dict:
    """The entity, its busiest partners, and the links among them (for profiles and briefs),
    without positions."""
    events = cooperation_events(conn, EventFilter(entity=entity_id))
    return _small_network(conn, events, {entity_id}, limit=limit)


def _small_network(conn: sqlite3.Connection, events: list[CoopEvent], focus: set[int], *, limit: int,
                   centres: int = 5) -> dict:
    info = _entities(conn, {i for ev in events for i in ev.entities} | focus)
    activity: Counter[int] = Counter()
    for ev in events:
        activity.update(i for i in ev.entities if info[i]["type"] in NODE_TYPES or i in focus)
    ranked = lambda ids: sorted(ids, key=lambda i: (-activity[i], info[i]["name"]))  # noqa: E731
    centre = ranked(focus)[:centres]
    keep = centre + ranked(i for i in activity if i not in focus)[:limit]
    weight: Counter[tuple[int, int]] = Counter()
    for ev in events:
        for a, b in itertools.combinations(sorted(i for i in ev.entities if i in keep), 2):
            weight[(a, b)] += 1
    nodes = [{"id": i, "name": info[i]["name"], "type": info[i]["type"], "events": activity[i], "centre": i in focus}
             for i in keep]
    edges = [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(weight.items())]
    return {"nodes": nodes, "edges": edges}


def country_activity(conn: sqlite3.Connection, flt: EventFilter) -> dict:
    """Per country, the events it (or one of its bodies or people) takes part in; and the
    pairs of countries that meet in the same events."""
    events = cooperation_events(conn, flt)
    info = _entities(conn, {i for ev in events for i in ev.entities})
    activity: Counter[str] = Counter()
    links: Counter[tuple[str, str]] = Counter()
    for ev in events:
        codes = sorted({info[i]["country"] for i in ev.entities if info[i]["country"]})
        activity.update(codes)
        links.update(itertools.combinations(codes, 2))
    return {
        "countries": [{"code": c, "numeric": _numeric(c), "events": n} for c, n in sorted(activity.items())],
        "links": [{"a": a, "b": b, "events": n} for (a, b), n in sorted(links.items())],
        "events": len(events),
    }


def _numeric(code: str) -> str | None:
    """ISO 3166-1 numeric code, which is how the map's geometry names countries."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return country.numeric if country else None


def years(conn: sqlite3.Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT substr(date, 1, 4) FROM real_events WHERE date GLOB '[0-9][0-9][0-9][0-9]*' ORDER BY 1")]


def article(conn: sqlite3.Connection, article_id: int) -> dict | None:
    """An article's cleaned text and every fact drawn from it, each with its span."""
    a = conn.execute(
        "SELECT a.*, d.path FROM articles a JOIN documents d ON d.id = a.document_id WHERE a.id = ?", (article_id,)
    ).fetchone()
    if a is None:
        return None
    hidden = {(r["kind"], r["row_id"]) for r in conn.execute("SELECT kind, row_id FROM hidden_facts")}
    mentions = [
        {"id": m["id"], "type": m["type"], "name": m["name"], "spans": json.loads(m["spans"]),
         "entity_id": m["entity_id"], "hidden": ("mention", m["id"]) in hidden}
        for m in conn.execute(
            "SELECT m.*, r.entity_id FROM mentions m LEFT JOIN resolution r ON r.mention_id = m.id "
            "WHERE m.article_id = ? ORDER BY m.id", (article_id,))
    ]
    names = {m["id"]: m["name"] for m in mentions}
    roles = [
        {"id": r["id"], "person": names.get(r["person"]), "title": r["title"], "org": names.get(r["org"]),
         "span": [r["ev_start"], r["ev_end"]], "hidden": ("role", r["id"]) in hidden}
        for r in conn.execute("SELECT * FROM roles WHERE article_id = ? ORDER BY id", (article_id,))
    ]
    events = []
    for v in conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY id", (article_id,)):
        parts = [{"name": names.get(p["mention_id"]), "role": p["role"]}
                 for p in conn.execute("SELECT * FROM participants WHERE event_id = ?", (v["id"],))]
        events.append({"id": v["id"], "local_id": v["local_id"], "type": v["type"], "name": v["name"], "date": v["date"],
                       "place": names.get(v["place"]), "creates": names.get(v["creates"]), "participants": parts,
                       "span": [v["ev_start"], v["ev_end"]], "hidden": ("event", v["id"]) in hidden})
    return {"id": a["id"], "path": a["path"], "origin": origins(conn, [a["path"]]).get(a["path"]),
            "segment": a["segment"], "title": a["title"], "language": a["language"],
            "published": a["published"], "relevant": bool(a["relevant"]), "text": a["text"],
            "mentions": with_confidence(conn, "mention", mentions), "roles": with_confidence(conn, "role", roles),
            "events": with_confidence(conn, "event", events)}


def origins(conn: sqlite3.Connection, paths: list[str]) -> dict[str, dict]:
    """Where documents came from, by path: the page's URL (canonical, else the one fetched),
    site, title, publication date and fetch time, and a label to show instead of the path.
    Documents with nothing known are left out."""
    found = {}
    for i in range(0, len(paths), 500):
        chunk = paths[i:i + 500]
        for m in conn.execute(f"SELECT * FROM document_meta WHERE path IN ({', '.join('?' * len(chunk))})", chunk):  # noqa: S608
            url = m["canonical"] or m["url"]
            site = m["site"] or (urlsplit(url).hostname if url else None)
            label = " — ".join(x for x in (site, m["title"]) if x)
            found[m["path"]] = {"url": url, "fetched_url": m["url"], "site": site, "title": m["title"],
                                "published": m["published"], "fetched_at": m["fetched_at"], "label": label or url,
                                "archived": m["warc"] is not None}
    return {p: o for p, o in found.items() if o["label"]}


def source_of(conn: sqlite3.Connection, paths: list[str]):
    """For the documents at `paths`: (path, segment) -> where a fact was read, as a person would
    look it up: the page's URL when it came from the web or its HTML names one, else the path."""
    known = origins(conn, sorted(set(paths)))
    return lambda path, segment: f"{(known.get(path) or {}).get('url') or path}#{segment}"


def marked_segments(text: str, marks: list[tuple[int, int, str]]) -> list[tuple[str, list[str]]]:
    """Cut the text where any mark starts or ends; each piece carries the marks over it.

    Marks may overlap and nest (an entity inside an event's sentence), which HTML
    elements cannot; flat pieces with a list of marks can be rendered safely."""
    cuts = {0, len(text)}
    for start, end, _ in marks:
        if 0 <= start < end <= len(text):
            cuts.update((start, end))
    points = sorted(cuts)
    pieces = []
    for start, end in zip(points, points[1:]):
        over = [tag for s, e, tag in marks if s <= start and end <= e]
        pieces.append((text[start:end], over))
    return pieces


BRIEF_PARTNERS, BRIEF_NODES, BRIEF_YEARS = 8, 7, 8   # what one printed page holds


def brief(conn: sqlite3.Connection, *, entity_id: int | None = None, country: str | None = None) -> dict:
    """A one-page brief: key partners, events by year, a small network whose nodes carry a name
    in each script they have, and the agreements (real-world events, newest first). Lists are
    cut to what one A4 page holds; each says how many more there are."""
    if entity_id is not None:
        events = cooperation_events(conn, EventFilter(entity=entity_id))
        focus = {entity_id}
    else:
        events = cooperation_events(conn, EventFilter(country=country))
        focus = {r["id"] for r in conn.execute("SELECT id FROM entities WHERE country = ?", (country,))}
    info = _entities(conn, {i for ev in events for i in ev.entities})
    partners: Counter[int] = Counter()
    by_year: dict[str, Counter] = defaultdict(Counter)
    for ev in events:
        by_year[(ev.date or "")[:4] or "undated"][ev.type] += 1
        for i in ev.entities:
            if i not in focus and info[i]["type"] in NODE_TYPES and (country is None or info[i]["country"] != country):
                partners[i] += 1
    top = [{"id": i, "name": info[i]["name"], "type": info[i]["type"], "country": info[i]["country"], "shared": n}
           for i, n in sorted(partners.items(), key=lambda kv: (-kv[1], info[kv[0]]["name"]))[:BRIEF_PARTNERS]]
    found = real_events(conn, ids=[ev.id for ev in events], event_type="AGREEMENT")
    agreements = sorted((v for v in found if v["date"]), key=lambda v: (v["date"], v["id"]), reverse=True) + \
        [v for v in found if not v["date"]]   # newest first, undated last
    network = _small_network(conn, events, focus & set(info) or focus, limit=BRIEF_NODES, centres=3)
    names = other_script_names(conn, [n["id"] for n in network["nodes"]])
    for n in network["nodes"]:
        n["other_name"] = names.get(n["id"])
    years = sorted(by_year.items(), key=lambda kv: (kv[0] == "undated", kv[0]))
    dated = [y for y in years if y[0] != "undated"]
    earlier = Counter()
    for _, counts in dated[:-BRIEF_YEARS]:
        earlier.update(counts)
    shown = ([(f"before {dated[-BRIEF_YEARS][0]}", earlier)] if earlier else []) + dated[-BRIEF_YEARS:] + \
        [y for y in years if y[0] == "undated"]
    return {
        "events": len(events),
        "network": network,
        "partners": top, "more_partners": max(len(partners) - len(top), 0),
        "by_year": {y: dict(c) for y, c in shown},
        "agreements": agreements,
    }


def other_script_names(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """For each entity, its shortest name in the script its own name is not in (Chinese for an
    English name, English for a Chinese one), when it has one: labels both readers can read."""
    if not ids:
        return {}
    rows = conn.execute(
        f"""SELECT e.id, e.name AS own, n.name FROM entities e JOIN entity_names n ON n.entity_id = e.id
            WHERE e.id IN ({','.join('?' * len(ids))}) ORDER BY length(n.name), n.name""",  # noqa: S608
        ids).fetchall()
    found: dict[int, str] = {}
    for r in rows:
        if r["id"] not in found and has_cjk(r["name"]) != has_cjk(r["own"]) and len(r["name"]) > 1:
            found[r["id"]] = r["name"]
    return found


def type_and_dates(alias: str, event_type: str | None, since: str | None, until: str | None,
                   undated: bool = False) -> tuple[list[str], list]:
    """SQL clauses (and their values) over events named `alias`: of this type, dated in the
    range (`until` takes in every date that starts with it), or undated only."""
    clauses, params = ["1"], []
    if event_type:
        clauses.append(f"{alias}.type = ?")
        params.append(event_type)
    if undated:
        clauses.append(f"{alias}.date IS NULL")
    if since:
        clauses.append(f"{alias}.date >= ?")
        params.append(since)
    if until:
        clauses.append(f"{alias}.date <= ?")
        params.append(until + "\uffff")
    return clauses, params


def real_events(
    conn: sqlite3.Connection, *, country: str | None = None, event_type: str | None = None, since: str | None = None,
    until: str | None = None, entity: int | None = None, ids: list[int] | None = None, limit: int | None = None,
    offset: int = 0, undated: bool = False,
) -> list[dict]:
    """Real-world events (resolve/events.py: every report of one event is one item) in time
    order, undated last: type, status, the values most reports give (name, date, place,
    creation), `participants` (graph entities, from every report), `sources` (each report:
    path, url, segment, evidence, and the report whose text it copies), `reports`,
    `independent_sources` and `disagreements`. The first source's path, segment, article,
    title, evidence, event row and local id are repeated at the top, for one-line displays.
    Filters: event type, date range, a participant's country, a graph entity taking part
    or created, or the events' ids."""
    clauses, params = type_and_dates("re", event_type, since, until, undated)
    members = "SELECT 1 FROM event_coref c JOIN participants p ON p.event_id = c.event_id " \
              "JOIN resolution r ON r.mention_id = p.mention_id JOIN entities e ON e.id = r.entity_id " \
              "WHERE c.real_event_id = re.id AND "
    if country:
        clauses.append(f"EXISTS ({members} e.country = ?)")
        params.append(country)
    if entity is not None:
        clauses.append(f"(EXISTS ({members} e.id = ?) OR re.creates = ?)")
        params += [entity, entity]
    if ids is not None:
        clauses.append(f"re.id IN ({','.join('?' * len(ids)) or 'NULL'})")
        params += ids
    page = "LIMIT ? OFFSET ?" if limit is not None else ""
    rows = conn.execute(
        f"SELECT re.* FROM real_events re WHERE {' AND '.join(clauses)} "  # noqa: S608 - the clauses are ours
        f"ORDER BY re.date IS NULL, re.date, re.id {page}",
        params + ([limit, offset] if limit is not None else []),
    ).fetchall()
    found = [r["id"] for r in rows]
    sources = event_sources(conn, found)
    parts: dict[int, dict[int, dict]] = {i: {} for i in found}
    names: dict[int, str] = {}
    for i in range(0, len(found), 500):
        chunk = found[i:i + 500]
        for p in conn.execute(
            f"""SELECT DISTINCT c.real_event_id, e.id, e.name, e.country, e.type, p.role FROM event_coref c
                JOIN participants p ON p.event_id = c.event_id JOIN resolution r ON r.mention_id = p.mention_id
                JOIN entities e ON e.id = r.entity_id WHERE c.real_event_id IN ({','.join('?' * len(chunk))})
                ORDER BY e.name, p.role""",  # noqa: S608
            chunk,
        ):
            parts[p["real_event_id"]].setdefault(p["id"], {k: p[k] for k in ("id", "name", "country", "type", "role")})
    disagreements = {r["id"]: json.loads(r["disagreements"]) for r in rows}
    wanted = {x for r in rows for x in (r["place"], r["creates"]) if x}
    wanted |= {d["entity"] for said in disagreements.values() for attr in ("place", "creates") for d in said.get(attr, [])}
    if wanted:
        names = dict(conn.execute(f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(wanted))})",  # noqa: S608
                                  sorted(wanted)).fetchall())
    out = []
    for r in rows:
        first = sources[r["id"]][0] if sources[r["id"]] else {}
        disagree = disagreements[r["id"]]
        for attr in ("place", "creates"):
            for d in disagree.get(attr, []):
                d["name"] = names.get(d["entity"])
        out.append({
            "id": r["id"], "type": r["type"], "status": r["status"], "name": r["name"], "date": r["date"],
            "date_end": r["date_end"],
            "place": {"id": r["place"], "name": names.get(r["place"])} if r["place"] else None,
            "creates": {"id": r["creates"], "name": names.get(r["creates"])} if r["creates"] else None,
            "participants": list(parts[r["id"]].values()),
            "reports": r["sources"], "independent_sources": r["independent_sources"], "disagreements": disagree,
            "sources": sources[r["id"]],
            **{k: first.get(v) for k, v in (("path", "path"), ("segment", "segment"), ("article_id", "article_id"),
                                            ("title", "title"), ("evidence", "evidence"), ("language", "language"),
                                            ("event_id", "event_id"), ("local_id", "local_id"))},
        })
    return out


def event_sources(conn: sqlite3.Connection, real_event_ids: list[int]) -> dict[int, list[dict]]:
    """The reports of each real-world event, oldest publication first: the article event
    (`event_id`, `local_id`), where it was read (`path`, `url` when known, `segment`,
    `article_id`, `title`, `language`, `published`), its `evidence` sentence, why it joined
    the event (`rule`, `score`), and the report whose text it copies (`copy_of`, itself for
    an independent source, with `copy_reason`)."""
    out: dict[int, list[dict]] = {i: [] for i in real_event_ids}
    rows = []
    for i in range(0, len(real_event_ids), 500):
        chunk = real_event_ids[i:i + 500]
        rows += conn.execute(
            f"""SELECT c.real_event_id, v.id AS event_id, v.local_id, v.date, v.name, d.path, a.segment, a.id AS article_id,
                       a.title, a.language, a.published, substr(a.text, v.ev_start + 1, v.ev_end - v.ev_start) AS evidence,
                       c.rule, c.score, c.copy_of, c.copy_reason
                FROM event_coref c JOIN events v ON v.id = c.event_id JOIN articles a ON a.id = v.article_id
                JOIN documents d ON d.id = a.document_id WHERE c.real_event_id IN ({','.join('?' * len(chunk))})
                ORDER BY a.published IS NULL, a.published, v.id""",  # noqa: S608
            chunk,
        ).fetchall()
    known = origins(conn, sorted({r["path"] for r in rows}))
    for r in rows:
        out[r["real_event_id"]].append({**{k: r[k] for k in r.keys() if k != "real_event_id"},
                                        "url": (known.get(r["path"]) or {}).get("url")})
    return out
