"""Read-only questions to the graph: profiles, search, partners, timeline, statistics."""
from __future__ import annotations

import json
import sqlite3
from collections import Counter

from coopgraph.model import EDGES, PARTNER_ROLES
from coopgraph.resolve.keys import name_key
from coopgraph.store.confidence import with_confidence
from coopgraph.store.search import PAGE_SIZE, SEARCH_LIMIT, SearchTables, search  # noqa: F401 - search is one of the questions
from coopgraph.store.explore import real_events, type_and_dates


def find_entities(conn: sqlite3.Connection, name: str) -> list[sqlite3.Row]:
    """Entities with this name in any language (exact key first, then substring)."""
    key = name_key(name)
    ids = [r[0] for r in conn.execute("SELECT DISTINCT entity_id FROM entity_names WHERE key = ? ORDER BY 1", (key,))]
    if not ids and key:
        ids = [r[0] for r in conn.execute("SELECT DISTINCT entity_id FROM entity_names WHERE key LIKE ? ESCAPE '\\' ORDER BY 1",
                                          (f"%{_like_escape(key)}%",))]
    return [conn.execute("SELECT * FROM entities WHERE id = ?", (i,)).fetchone() for i in ids]


def profile(conn: sqlite3.Connection, entity_id: int) -> dict:
    e = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    names = [r["name"] for r in conn.execute("SELECT name FROM entity_names WHERE entity_id = ? ORDER BY name", (entity_id,))]
    roles = conn.execute(
        """SELECT r.id, pm.name AS person, r.title, oe.name AS org, oe.id AS org_id, a.published, d.path, a.segment, a.id AS article_id,
                  substr(a.text, r.ev_start + 1, r.ev_end - r.ev_start) AS evidence
           FROM roles r JOIN resolution pr ON pr.mention_id = r.person JOIN mentions pm ON pm.id = r.person
           LEFT JOIN resolution orr ON orr.mention_id = r.org LEFT JOIN entities oe ON oe.id = orr.entity_id
           JOIN articles a ON a.id = r.article_id JOIN documents d ON d.id = a.document_id
           WHERE pr.entity_id = ? AND r.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'role')
           ORDER BY a.published, r.id""",
        (entity_id,),
    ).fetchall()
    events = conn.execute(
        """SELECT DISTINCT v.id, v.local_id, v.type, v.name, v.date, v.date_end, p.role, d.path, a.segment, a.language, a.id AS article_id,
                  substr(a.text, v.ev_start + 1, v.ev_end - v.ev_start) AS evidence
           FROM participants p JOIN resolution r ON r.mention_id = p.mention_id
           JOIN events v ON v.id = p.event_id JOIN articles a ON a.id = v.article_id
           JOIN documents d ON d.id = a.document_id
           WHERE r.entity_id = ? AND v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           UNION
           SELECT DISTINCT v.id, v.local_id, v.type, v.name, v.date, v.date_end, 'created', d.path, a.segment, a.language, a.id,
                  substr(a.text, v.ev_start + 1, v.ev_end - v.ev_start)
           FROM events v JOIN resolution r ON r.mention_id = v.creates
           JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
           WHERE r.entity_id = ? AND v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           ORDER BY 5, 1""",
        (entity_id, entity_id),
    ).fetchall()
    return {
        "id": e["id"], "type": e["type"], "name": e["name"], "country": e["country"], "names": names,
        "roles": with_confidence(conn, "role", [dict(r) for r in roles]),
        "events": with_confidence(conn, "event", _entity_events(conn, [dict(v) for v in events]), key="event_id"),
        "partners": partners(conn, entity_id),
    }


def people_at(conn: sqlite3.Connection, org_id: int, limit: int = 200) -> list[dict]:
    """The people who hold roles at this organisation, newest first: each role with the person
    (a graph entity), the title and the date it was reported (the page's date, else the
    article's), and the article it was read in."""
    rows = conn.execute(
        """SELECT DISTINCT pe.id AS person_id, pe.name AS person, r.title, r.id, a.id AS article_id, d.path, a.segment,
                  COALESCE(m.published, a.published) AS date
           FROM roles r JOIN resolution pr ON pr.mention_id = r.person JOIN entities pe ON pe.id = pr.entity_id
           JOIN articles a ON a.id = r.article_id JOIN documents d ON d.id = a.document_id
           LEFT JOIN document_meta m ON m.path = d.path
           WHERE r.org IN (SELECT mention_id FROM resolution WHERE entity_id = ?)   -- one scan of roles, not a join per role
             AND r.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'role')
           ORDER BY date IS NULL, date DESC, pe.name, r.id""",
        (org_id,),
    ).fetchall()
    seen, out = set(), []
    for r in rows:   # one line per person, title and date, however many articles repeat it
        if (r["person_id"], r["title"], r["date"]) not in seen:
            seen.add((r["person_id"], r["title"], r["date"]))
            out.append(dict(r))
    return out[:limit]


def _entity_events(conn: sqlite3.Connection, reports: list[dict]) -> list[dict]:
    """One item per real-world event among an entity's reports (`real_events`), with the
    entity's role and, at the top, the first of its own reports of it."""
    real = dict(conn.execute(
        f"SELECT event_id, real_event_id FROM event_coref WHERE event_id IN ({','.join('?' * len(reports))})",  # noqa: S608
        [r["id"] for r in reports]).fetchall()) if reports else {}
    own: dict[int, list[dict]] = {}
    for r in sorted(reports, key=lambda r: (r["path"], r["segment"], r["id"])):
        if r["id"] in real:
            own.setdefault(real[r["id"]], []).append(r)
    out = []
    for v in real_events(conn, ids=sorted(own)):
        mine = own[v["id"]]
        roles = Counter(r["role"] for r in mine)
        out.append({**v, "role": max(roles, key=lambda k: (roles[k], k)),
                    **{k: mine[0][k] for k in ("path", "segment", "language", "article_id", "evidence", "local_id")},
                    "event_id": mine[0]["id"]})
    return out


# the roles that make two participants partners, as an SQL list (`model.PARTNER_ROLES`)
PARTNER_ROLES_SQL = ", ".join(f"'{r}'" for r in PARTNER_ROLES)


def partners(conn: sqlite3.Connection, entity_id: int, limit: int = 20) -> list[dict]:
    """Other organisations and countries that were parties, founders, organisers or members
    with this one in the same events, ranked by shared real-world events (two reports of one
    signing are one shared event, `resolve/events.py`); attending the same forum, or
    someone's forum, makes no partner (`model.PARTNER_ROLES`)."""
    rows = conn.execute(
        f"""SELECT oe.id, oe.name, oe.type, COUNT(DISTINCT c.real_event_id) AS shared
           FROM participants p1 JOIN event_coref c ON c.event_id = p1.event_id
           JOIN resolution r1 ON r1.mention_id = p1.mention_id
           JOIN event_coref c2 ON c2.real_event_id = c.real_event_id
           JOIN participants p2 ON p2.event_id = c2.event_id JOIN resolution r2 ON r2.mention_id = p2.mention_id
           JOIN entities oe ON oe.id = r2.entity_id
           WHERE r1.entity_id = ? AND r2.entity_id != ? AND oe.type IN ('ORG', 'COUNTRY')
             AND p1.role IN ({PARTNER_ROLES_SQL}) AND p2.role IN ({PARTNER_ROLES_SQL})
             AND p1.event_id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           GROUP BY oe.id ORDER BY shared DESC, oe.name LIMIT ?""",  # noqa: S608
        (entity_id, entity_id, limit),
    ).fetchall()
    return [dict(r) for r in rows]


def why(conn: sqlite3.Connection, entity_id: int) -> list[dict]:
    rows = conn.execute(
        """SELECT m.name, m.type, d.path, a.segment, r.rule, r.score, m.confidence FROM resolution r
           JOIN mentions m ON m.id = r.mention_id JOIN articles a ON a.id = m.article_id
           JOIN documents d ON d.id = a.document_id WHERE r.entity_id = ? ORDER BY m.id""",
        (entity_id,),
    ).fetchall()
    return [dict(r) for r in rows]


def history(conn: sqlite3.Connection) -> list[dict]:
    """Every correction, newest first, with its judgements: who made it, when, why, and
    whether it was undone (undone ones are kept, for the record)."""
    from coopgraph.store.curation import CORRECTION

    out: dict[int, dict] = {}
    for r in conn.execute(f"SELECT *, {CORRECTION} AS unit FROM judgements ORDER BY id DESC"):  # noqa: S608
        entry = out.setdefault(r["unit"], {
            "correction": r["correction"] or r["id"], "created_at": r["created_at"], "author": r["author"],
            "reason": r["reason"], "undone": bool(r["undone"]), "judgements": []})
        entry["judgements"].insert(0, {"id": r["id"], "kind": r["kind"], **json.loads(r["payload"])})
    return list(out.values())


def review_queue(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> list[dict]:
    """Pairs of entities that may be one and no analyst has judged: the review queue. Two
    sources: pairs splink's engine finds possibly one (probability from 0.5 up to its
    threshold, 0.95), and pairs a resolution rule almost joined (`resolve/near_misses.py`,
    each with the rule and why it refused). Most useful first: the pairs whose answer moves
    the most mentions, then splink's likeliest, then the near-misses. Read-only; about a
    second per thousand names (DuckDB)."""
    from coopgraph.resolve.near_misses import near_misses
    from coopgraph.resolve.probabilistic import MATCH_THRESHOLD, score_orgs, score_people
    from coopgraph.resolve.resolver import load_mentions

    entity_of = dict(conn.execute("SELECT mention_id, entity_id FROM resolution").fetchall())
    orgs_of: dict[int, set[int]] = {}
    for person, org in conn.execute("SELECT r.person, o.entity_id FROM roles r JOIN resolution o ON o.mention_id = r.org"):
        orgs_of.setdefault(person, set()).add(org)
    judged = {frozenset((p["a"], p["b"])) for p in (json.loads(r[0]) for r in conn.execute(
        f"SELECT payload FROM judgements WHERE undone = 0 AND kind IN ({','.join('?' * len(EDGES))})", EDGES))}  # noqa: S608
    mentions = [m for m in load_mentions(conn) if m.id in entity_of]
    pairs = score_orgs([m for m in mentions if m.type == "ORG"])
    pairs += score_people([m for m in mentions if m.type == "PERSON"], orgs_of)
    best: dict[frozenset, dict] = {}
    for pair in pairs:
        a, b = entity_of[pair.a], entity_of[pair.b]
        key = frozenset((a, b))
        if a == b or pair.probability >= MATCH_THRESHOLD or key in judged:
            continue
        if key not in best or pair.probability > best[key]["probability"]:
            names = [pair.name_a, pair.name_b] if a < b else [pair.name_b, pair.name_a]
            best[key] = {"a": min(a, b), "b": max(a, b), "probability": round(pair.probability, 3), "names": names,
                         "evidence": list(pair.evidence), "rules": []}
    for miss in near_misses(conn):   # a rule that refused the join: its reason joins splink's evidence
        key = frozenset((miss.a, miss.b))
        if key in judged:
            continue
        row = best.setdefault(key, {"a": miss.a, "b": miss.b, "probability": None, "names": [miss.name_a, miss.name_b],
                                    "evidence": [], "rules": []})
        row["rules"].append({"rule": miss.rule, "reason": miss.reason})
        row["evidence"].append(f"{miss.rule}: {miss.reason}")
    info = {r["id"]: r for r in conn.execute(
        f"SELECT id, name, type, country, mentions FROM entities WHERE id IN ({','.join('?' * (2 * len(best)))})",  # noqa: S608
        [i for row in best.values() for i in (row["a"], row["b"])])}
    rows = [{**row, "a": dict(info[row["a"]]), "b": dict(info[row["b"]])} for row in best.values()]
    rows.sort(key=lambda r: (-(r["a"]["mentions"] + r["b"]["mentions"]), r["probability"] is None,
                             -(r["probability"] or 0), r["a"]["id"], r["b"]["id"]))
    return rows[offset:offset + limit]


def stats(conn: sqlite3.Connection) -> dict:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT COUNT(*) FROM documents WHERE status = 'ok'"),
        "failed_documents": one("SELECT COUNT(*) FROM documents WHERE status = 'failed'"),
        "articles": one("SELECT COUNT(*) FROM articles"),
        "relevant_articles": one("SELECT COUNT(*) FROM articles WHERE relevant = 1"),
        "entities": {r[0]: r[1] for r in conn.execute("SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type")},
        "events": {r[0]: r[1] for r in conn.execute("SELECT type, COUNT(*) FROM real_events GROUP BY type ORDER BY type")},
        "event_reports": one("SELECT COUNT(*) FROM event_coref"),
        "independent_reports": one("SELECT COALESCE(SUM(independent_sources), 0) FROM real_events"),
        "roles": one("SELECT COUNT(*) FROM roles"),
        "failed": [dict(r) for r in conn.execute("SELECT path, error FROM documents WHERE status = 'failed' ORDER BY path")],
    }


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _timeline_where(country: str | None, event_type: str | None, since: str | None, until: str | None,
                    undated: bool = False) -> tuple[str, list]:
    """The timeline's filter as SQL over `events v`: not hidden, of this type, dated in the
    range (or undated only), with a participant of this country."""
    clauses, params = type_and_dates("v", event_type, since, until, undated)
    clauses.append("v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')")
    if country:
        clauses.append("""EXISTS (SELECT 1 FROM participants p JOIN resolution r ON r.mention_id = p.mention_id
                          JOIN entities e ON e.id = r.entity_id WHERE p.event_id = v.id AND e.country = ?)""")
        params.append(country)
    return " AND ".join(clauses), params


def timeline_counts(conn: sqlite3.Connection, *, country: str | None = None, event_type: str | None = None) -> dict:
    """How many events each year and month holds (a year-only date counts in its year alone),
    and how many are undated, under the timeline's filters: what its time axis draws."""
    where, params = _timeline_where(country, event_type, None, None)
    years: Counter[int] = Counter()
    months: Counter[tuple[int, int]] = Counter()
    undated = 0
    for date, n in conn.execute(   # real-world events: the reports of one event count once
            f"""SELECT re.date, COUNT(DISTINCT re.id) FROM events v JOIN event_coref c ON c.event_id = v.id
                JOIN real_events re ON re.id = c.real_event_id WHERE {where} GROUP BY re.date""", params):  # noqa: S608
        if not date or not date[:4].isdigit():
            undated += n
            continue
        years[int(date[:4])] += n
        if len(date) >= 7 and date[5:7].isdigit():
            months[(int(date[:4]), int(date[5:7]))] += n
    return {"years": dict(sorted(years.items())), "months": dict(sorted(months.items())), "undated": undated}


def timeline(
    conn: sqlite3.Connection, *, country: str | None = None, event_type: str | None = None,
    since: str | None = None, until: str | None = None, limit: int | None = None, offset: int = 0,
    undated: bool = False,
) -> list[dict]:
    """Real-world events in time order (undated last; `undated`: only those), one item per
    event with its participants (as graph entities), its reports under `sources`,
    `independent_sources`, the values its reports disagree on (`real_events`) and the
    confidence of its first report."""
    return with_confidence(conn, "event", real_events(conn, country=country, event_type=event_type, since=since,
                                                      until=until, undated=undated, limit=limit, offset=offset),
                           key="event_id")


def real_event_of(conn: sqlite3.Connection, event_id: int) -> int | None:
    """The real-world event of an id: itself when it is one, else the one its report is in,
    else the one an id that fell out of use leads to (`event_redirects`)."""
    if conn.execute("SELECT 1 FROM real_events WHERE id = ?", (event_id,)).fetchone():
        return event_id
    row = conn.execute("SELECT real_event_id FROM event_coref WHERE event_id = ?", (event_id,)).fetchone()
    return row[0] if row else event_moved(conn, event_id)


def event_moved(conn: sqlite3.Connection, event_id: int) -> int | None:
    """Where an event id that no real-world event has now leads (coreference regrouped its
    reports), or None."""
    row = conn.execute("SELECT new_id FROM event_redirects WHERE old_id = ?", (event_id,)).fetchone()
    return row[0] if row else None


def event_gone(conn: sqlite3.Connection, event_id: int) -> bool:
    """Whether the id was a real-world event's whose reports are all gone (judged wrong, or
    their files changed)."""
    return conn.execute("SELECT 1 FROM event_redirects WHERE old_id = ? AND new_id IS NULL", (event_id,)).fetchone() is not None


def why_event(conn: sqlite3.Connection, real_event_id: int) -> dict | None:
    """Why the reports of a real-world event were joined: each report with the rule and
    evidence that joined it, the report it copies and why, and the values they disagree on."""
    found = real_events(conn, ids=[real_event_id])
    return found[0] if found else None
