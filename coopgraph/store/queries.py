"""Read-only questions to the graph: profiles, search, partners, timeline, statistics."""
from __future__ import annotations

import json
import sqlite3

from coopgraph.resolve.keys import name_key


def find_entities(conn: sqlite3.Connection, name: str) -> list[sqlite3.Row]:
    """Entities with this name in any language (exact key first, then substring)."""
    key = name_key(name)
    rows = conn.execute("SELECT entity_id, name FROM entity_names").fetchall()
    exact = sorted({r["entity_id"] for r in rows if name_key(r["name"]) == key})
    ids = exact or sorted({r["entity_id"] for r in rows if key and key in name_key(r["name"])})
    return [conn.execute("SELECT * FROM entities WHERE id = ?", (i,)).fetchone() for i in ids]


def profile(conn: sqlite3.Connection, entity_id: int) -> dict:
    e = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    names = [r["name"] for r in conn.execute("SELECT name FROM entity_names WHERE entity_id = ? ORDER BY name", (entity_id,))]
    roles = conn.execute(
        """SELECT r.title, oe.name AS org, a.published, d.path, a.segment,
                  substr(a.text, r.ev_start + 1, r.ev_end - r.ev_start) AS evidence
           FROM roles r JOIN resolution pr ON pr.mention_id = r.person
           LEFT JOIN resolution orr ON orr.mention_id = r.org LEFT JOIN entities oe ON oe.id = orr.entity_id
           JOIN articles a ON a.id = r.article_id JOIN documents d ON d.id = a.document_id
           WHERE pr.entity_id = ? AND r.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'role')
           ORDER BY a.published, r.id""",
        (entity_id,),
    ).fetchall()
    events = conn.execute(
        """SELECT DISTINCT v.id, v.type, v.name, v.date, v.date_end, p.role, d.path, a.segment, a.language,
                  substr(a.text, v.ev_start + 1, v.ev_end - v.ev_start) AS evidence
           FROM participants p JOIN resolution r ON r.mention_id = p.mention_id
           JOIN events v ON v.id = p.event_id JOIN articles a ON a.id = v.article_id
           JOIN documents d ON d.id = a.document_id
           WHERE r.entity_id = ? AND v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           UNION
           SELECT DISTINCT v.id, v.type, v.name, v.date, v.date_end, 'created', d.path, a.segment, a.language,
                  substr(a.text, v.ev_start + 1, v.ev_end - v.ev_start)
           FROM events v JOIN resolution r ON r.mention_id = v.creates
           JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
           WHERE r.entity_id = ? AND v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           ORDER BY 4, 1""",
        (entity_id, entity_id),
    ).fetchall()
    return {
        "id": e["id"], "type": e["type"], "name": e["name"], "country": e["country"], "names": names,
        "roles": [dict(r) for r in roles],
        "events": [dict(v) for v in events],
        "partners": partners(conn, entity_id),
    }


def partners(conn: sqlite3.Connection, entity_id: int, limit: int = 20) -> list[dict]:
    """Other organisations and countries in the same events, ranked by shared events."""
    rows = conn.execute(
        """SELECT oe.id, oe.name, oe.type, COUNT(DISTINCT p1.event_id) AS shared
           FROM participants p1 JOIN resolution r1 ON r1.mention_id = p1.mention_id
           JOIN participants p2 ON p2.event_id = p1.event_id JOIN resolution r2 ON r2.mention_id = p2.mention_id
           JOIN entities oe ON oe.id = r2.entity_id
           WHERE r1.entity_id = ? AND r2.entity_id != ? AND oe.type IN ('ORG', 'COUNTRY')
             AND p1.event_id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           GROUP BY oe.id ORDER BY shared DESC, oe.name LIMIT ?""",
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


def stats(conn: sqlite3.Connection) -> dict:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT COUNT(*) FROM documents WHERE status = 'ok'"),
        "failed_documents": one("SELECT COUNT(*) FROM documents WHERE status = 'failed'"),
        "articles": one("SELECT COUNT(*) FROM articles"),
        "relevant_articles": one("SELECT COUNT(*) FROM articles WHERE relevant = 1"),
        "entities": {r[0]: r[1] for r in conn.execute("SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type")},
        "events": {r[0]: r[1] for r in conn.execute("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY type")},
        "roles": one("SELECT COUNT(*) FROM roles"),
        "failed": [dict(r) for r in conn.execute("SELECT path, error FROM documents WHERE status = 'failed' ORDER BY path")],
    }


def undo_last(conn: sqlite3.Connection) -> dict | None:
    row = conn.execute("SELECT id, kind, payload FROM judgements WHERE undone = 0 ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    with conn:
        conn.execute("UPDATE judgements SET undone = 1 WHERE id = ?", (row["id"],))
    return {"kind": row["kind"], **json.loads(row["payload"])}


def add_judgement(conn: sqlite3.Connection, kind: str, payload: dict) -> None:
    import datetime as dt

    with conn:
        conn.execute(
            "INSERT INTO judgements (kind, payload, created_at) VALUES (?, ?, ?)",
            (kind, json.dumps(payload, ensure_ascii=False), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        )


def search(
    conn: sqlite3.Connection, text: str, *, etype: str | None = None, country: str | None = None,
    event_type: str | None = None, since: str | None = None, until: str | None = None, limit: int = 50,
) -> dict:
    """Entities whose names contain the text (any language), and articles that mention it."""
    key = name_key(text)
    entities = []
    for row in conn.execute("SELECT DISTINCT e.* FROM entities e JOIN entity_names n ON n.entity_id = e.id ORDER BY e.name"):
        if etype and row["type"] != etype or country and row["country"] != country:
            continue
        names = [r["name"] for r in conn.execute("SELECT name FROM entity_names WHERE entity_id = ?", (row["id"],))]
        if key and any(key in name_key(n) for n in names):
            entities.append({"id": row["id"], "type": row["type"], "name": row["name"], "country": row["country"]})
    clauses, params = ["(a.text LIKE ? OR a.title LIKE ?)"], [f"%{text}%", f"%{text}%"]
    if event_type:
        clauses.append("EXISTS (SELECT 1 FROM events v WHERE v.article_id = a.id AND v.type = ?)")
        params.append(event_type)
    if since:
        clauses.append("a.published >= ?")
        params.append(since)
    if until:
        clauses.append("a.published <= ?")
        params.append(until)
    articles = [
        dict(r) for r in conn.execute(
            f"SELECT d.path, a.segment, a.title, a.language, a.published, a.relevant FROM articles a "  # noqa: S608
            f"JOIN documents d ON d.id = a.document_id WHERE {' AND '.join(clauses)} ORDER BY a.published DESC LIMIT ?",
            (*params, limit),
        )
    ]
    return {"entities": entities[:limit], "articles": articles}


def timeline(
    conn: sqlite3.Connection, *, country: str | None = None, event_type: str | None = None,
    since: str | None = None, until: str | None = None,
) -> list[dict]:
    """Events in time order with their participants (as graph entities) and source."""
    rows = conn.execute(
        """SELECT v.id, v.type, v.name, v.date, v.date_end, d.path, a.segment FROM events v
           JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
           WHERE v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           ORDER BY v.date IS NULL, v.date, v.id"""
    ).fetchall()
    out = []
    for v in rows:
        if event_type and v["type"] != event_type or since and (v["date"] or "") < since or until and (v["date"] or "9999") > until:
            continue
        parts = conn.execute(
            """SELECT e.name, e.country, e.type, p.role FROM participants p JOIN resolution r ON r.mention_id = p.mention_id
               JOIN entities e ON e.id = r.entity_id WHERE p.event_id = ? ORDER BY e.name""",
            (v["id"],),
        ).fetchall()
        if country and not any(p["country"] == country for p in parts):
            continue
        out.append({**dict(v), "participants": [dict(p) for p in parts]})
    return out
