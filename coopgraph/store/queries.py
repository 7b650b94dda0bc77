"""Read-only questions to the graph: profiles, search, partners, timeline, statistics."""
from __future__ import annotations

import bisect
import itertools
import json
import sqlite3
from collections import Counter

import numpy as np

from coopgraph.model import EDGES, PARTNER_ROLES
from coopgraph.nlp.chinese import to_simplified
from coopgraph.resolve.keys import name_key
from coopgraph.store.cache import derived
from coopgraph.store.explore import real_events


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
        "roles": [dict(r) for r in roles],
        "events": _entity_events(conn, [dict(v) for v in events]),
        "partners": partners(conn, entity_id),
    }


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
        """SELECT m.name, m.type, d.path, a.segment, r.rule, r.score FROM resolution r
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


def review_queue(conn: sqlite3.Connection, limit: int = 50) -> list[dict]:
    """Pairs of entities that splink's engine finds possibly one (probability from 0.5 up to
    its threshold, 0.95) and no analyst has judged: the review queue. Most useful first: the
    pairs whose answer moves the most mentions, then the likeliest. Read-only; about a
    second per thousand names (DuckDB)."""
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
    best: dict[frozenset, tuple] = {}
    for pair in pairs:
        a, b = entity_of[pair.a], entity_of[pair.b]
        key = frozenset((a, b))
        if a == b or pair.probability >= MATCH_THRESHOLD or key in judged:
            continue
        if key not in best or pair.probability > best[key][2].probability:
            best[key] = (min(a, b), max(a, b), pair)
    info = {r["id"]: r for r in conn.execute(
        f"SELECT id, name, type, country, mentions FROM entities WHERE id IN ({','.join('?' * (2 * len(best)))})",  # noqa: S608
        [i for a, b, _ in best.values() for i in (a, b)])}
    rows = [{"a": dict(info[a]), "b": dict(info[b]), "probability": round(pair.probability, 3),
             "names": [pair.name_a, pair.name_b], "evidence": list(pair.evidence)} for a, b, pair in best.values()]
    rows.sort(key=lambda r: (-(r["a"]["mentions"] + r["b"]["mentions"]), -r["probability"], r["a"]["id"], r["b"]["id"]))
    return rows[:limit]


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


SEARCH_LIMIT = 200


def search(
    conn: sqlite3.Connection, text: str, *, etype: str | None = None, country: str | None = None,
    event_type: str | None = None, year: int | None = None, since: str | None = None, until: str | None = None,
    language: str | None = None, limit: int = 50,
) -> dict:
    """Entities whose names contain the text (any language, any script variant) and articles
    that mention it, with facet counts (type, country, event type, year) of what matched.

    An empty text matches everything, so the facets alone can be used to browse. `country`
    "none" keeps the entities with no country; `language` filters the articles."""
    key = name_key(text) if text.strip() else ""
    pattern = f"%{_like_escape(key)}%"
    rows = [] if text.strip() and not key else conn.execute(  # only punctuation: no name matches
        """SELECT e.id, e.type, e.name, e.country, e.mentions, MIN(CASE WHEN n.key = ? THEN 0
                  WHEN n.key LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END) AS rank
           FROM entity_names n JOIN entities e ON e.id = n.entity_id
           WHERE n.key LIKE ? ESCAPE '\\' GROUP BY e.id""",
        (key, f"{_like_escape(key)}%", pattern),
    ).fetchall()
    taking_part = derived(conn, "search", SearchTables).taking_part(conn, event_type, year) if (event_type or year) else None
    facets: dict[str, Counter] = {"type": Counter(), "country": Counter()}
    entities = []
    for r in rows:
        if taking_part is not None and r["id"] not in taking_part:
            continue
        if not etype or r["type"] == etype:
            facets["country"][r["country"] or "none"] += 1
        if not country or (r["country"] or "none") == country:
            facets["type"][r["type"]] += 1
        if etype and r["type"] != etype or country and (r["country"] or "none") != country:
            continue
        entities.append(r)
    entities.sort(key=lambda r: (r["rank"], -r["mentions"], r["name"]))
    articles, article_facets = _search_articles(conn, text, event_type=event_type, year=year, since=since, until=until,
                                                language=language, limit=limit)
    return {
        "query": text,
        "total_entities": len(entities),
        "entities": [{"id": r["id"], "type": r["type"], "name": r["name"], "country": r["country"], "mentions": r["mentions"]}
                     for r in entities[:limit]],
        "articles": articles,
        "facets": {**{k: dict(v.most_common()) for k, v in facets.items()}, **article_facets},
    }


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SearchTables:
    """What search finds, counts and sorts articles by, read once per store generation
    (`cache.derived`): a search then scans the texts in memory and counts its facets over
    arrays, where SQL ran LIKE over every article (UTF-8 decoded, a character at a time) and
    counted the facets again for every query: 90 ms when most of 5,000 articles match.

    Articles are held in search's order (relevant first, newest first, then by id). Their
    titles and texts are kept as UTF-8 with ASCII letters in lower case, LIKE's own folding,
    so that a byte search finds exactly what `LIKE '%text%'` did. An article's years are its
    events' years, or its publication year when no event is dated; it counts once per event
    type and year it has."""

    def __init__(self, conn: sqlite3.Connection):
        rows = conn.execute("SELECT id, language, published, CAST(coalesce(title, '') AS BLOB), CAST(text AS BLOB) "
                            "FROM articles ORDER BY relevant DESC, published DESC, id").fetchall()
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.published = [r[2] for r in rows]
        self.languages, self.language = np.unique(np.array([r[1] for r in rows], dtype=object), return_inverse=True)
        # titles and texts, each piece after a NUL: a needle without one cannot span two
        self._text = b"".join(b"\0" + piece.lower() for r in rows for piece in (r[3], r[4]))
        self._starts = list(itertools.accumulate((len(r[3]) + len(r[4]) + 2 for r in rows), initial=0))
        position = {r[0]: p for p, r in enumerate(rows)}
        events = conn.execute("SELECT DISTINCT article_id, type, NULLIF(substr(date, 1, 4), '') FROM events").fetchall()
        kinds = {(position[r[0]], r[1]) for r in events}
        years = {(position[r[0]], r[2]) for r in events if r[2] is not None}
        dated = {p for p, _ in years}
        years |= {(p, r[2][:4]) for p, r in enumerate(rows) if r[2] and p not in dated}
        self.types, self.type_of, self.type_at = self._pairs(kinds)
        self.years, self.year_of, self.year_at = self._pairs(years)
        self._taking_part: dict[tuple, set[int]] = {}

    @staticmethod
    def _pairs(pairs: set[tuple[int, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(values, value of each pair as an index into values, article position of each pair)."""
        values, codes = np.unique(np.array([v for _, v in pairs], dtype=object), return_inverse=True)
        return values, codes, np.array([p for p, _ in pairs], dtype=np.int64)

    def containing(self, needle: str) -> np.ndarray:
        """A mask over the held articles: those whose title or text contains `needle`, as
        `LIKE '%needle%'` finds it (ASCII letters in any case)."""
        mask = np.zeros(len(self.ids), dtype=bool)
        found = needle.encode().lower()
        if b"\0" in found:
            return mask
        at = self._text.find(found)
        while at >= 0:
            p = bisect.bisect_right(self._starts, at) - 1
            mask[p] = True
            at = self._text.find(found, self._starts[p + 1])
        return mask

    def _having(self, values: np.ndarray, of: np.ndarray, at: np.ndarray, value: str) -> np.ndarray:
        """A mask over the held articles: those with a pair of this value."""
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[at[of == _index(values, value)]] = True
        return mask

    def facets(self, mask: np.ndarray, event_type: str | None, year: str | None) -> tuple[np.ndarray, dict]:
        """The articles of `mask` with this event type and year, and the counts of their facets."""
        if event_type:
            mask = mask & self._having(self.types, self.type_of, self.type_at, event_type)
        if year:
            mask = mask & self._having(self.years, self.year_of, self.year_at, year)
        counts = {"event_type": (self.types, self.type_of[mask[self.type_at]]),
                  "year": (self.years, self.year_of[mask[self.year_at]]),
                  "language": (self.languages, self.language[mask])}
        return mask, {facet: {str(values[i]): int(n) for i, n in enumerate(np.bincount(codes, minlength=len(values))) if n}
                      for facet, (values, codes) in counts.items()}

    def taking_part(self, conn: sqlite3.Connection, event_type: str | None, year: int | None) -> set[int]:
        """The graph entities taking part in an event of this type and year (not hidden)."""
        key = (event_type, year)
        if key not in self._taking_part:
            clauses, params = ["v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')"], []
            if event_type:
                clauses.append("v.type = ?")
                params.append(event_type)
            if year:
                clauses.append("v.date >= ? AND v.date < ?")   # by the date index, as substr(date, 1, 4) = ? could not
                params += [f"{year:04d}", f"{year + 1:04d}"]
            self._taking_part[key] = {r[0] for r in conn.execute(
                f"""SELECT DISTINCT r.entity_id FROM events v JOIN participants p ON p.event_id = v.id
                    JOIN resolution r ON r.mention_id = p.mention_id WHERE {' AND '.join(clauses)}""",  # noqa: S608 - clauses are ours
                params)}
        return self._taking_part[key]


def _index(values: np.ndarray, value: str) -> int:
    """Where `value` is in the sorted `values`, or -1."""
    at = int(np.searchsorted(values, value))
    return at if at < len(values) and values[at] == value else -1


def _search_articles(conn: sqlite3.Connection, text: str, *, event_type, year, since, until, language,
                     limit) -> tuple[list[dict], dict]:
    tables = derived(conn, "search", SearchTables)
    mask = np.ones(len(tables.ids), dtype=bool)
    if text.strip():
        mask = np.logical_or.reduce([tables.containing(v) for v in {text.strip(), to_simplified(text.strip())}])
    if language:
        mask &= tables.language == _index(tables.languages, language)
    if since or until:
        mask &= [p is not None and (not since or p >= since) and (not until or p <= until) for p in tables.published]
    mask, facets = tables.facets(mask, event_type, f"{year:04d}" if year else None)
    hits = [int(i) for i in tables.ids[np.flatnonzero(mask)[:limit]]]
    return _article_hits(conn, hits), {k: dict(sorted(v.items())) for k, v in facets.items()}


def _article_hits(conn: sqlite3.Connection, ids: list[int]) -> list[dict]:
    found = {r["id"]: r for r in conn.execute(
        f"""SELECT a.id, d.path, a.segment, a.title, a.language, a.published, a.relevant FROM articles a
            JOIN documents d ON d.id = a.document_id WHERE a.id IN ({','.join('?' * len(ids))})""",  # noqa: S608
        ids)}
    return [{k: found[i][k] for k in ("id", "path", "segment", "title", "language", "published")}
            | {"relevant": bool(found[i]["relevant"])} for i in ids]


def timeline(
    conn: sqlite3.Connection, *, country: str | None = None, event_type: str | None = None,
    since: str | None = None, until: str | None = None, limit: int | None = None, offset: int = 0,
) -> list[dict]:
    """Real-world events in time order (undated last), one item per event with its
    participants (as graph entities), its reports under `sources`, `independent_sources`
    and the values its reports disagree on (`real_events`)."""
    return real_events(conn, country=country, event_type=event_type, since=since, until=until, limit=limit,
                       offset=offset)


def real_event_of(conn: sqlite3.Connection, event_id: int) -> int | None:
    """The real-world event of an id: itself when it is one, else the one its report is in."""
    if conn.execute("SELECT 1 FROM real_events WHERE id = ?", (event_id,)).fetchone():
        return event_id
    row = conn.execute("SELECT real_event_id FROM event_coref WHERE event_id = ?", (event_id,)).fetchone()
    return row[0] if row else None


def why_event(conn: sqlite3.Connection, real_event_id: int) -> dict | None:
    """Why the reports of a real-world event were joined: each report with the rule and
    evidence that joined it, the report it copies and why, and the values they disagree on."""
    found = real_events(conn, ids=[real_event_id])
    return found[0] if found else None
