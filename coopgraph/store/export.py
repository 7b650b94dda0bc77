"""Exports: every table as JSON Lines or CSV, and a canonical dump that compares stores.

The canonical dump names facts by document path, segment and local id instead of row
ids, so two stores built in different orders (or after an interrupted ingest) compare
equal exactly when they hold the same facts and the same graph.
"""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

from coopgraph.store.explore import source_of
from coopgraph.store.queries import PARTNER_ROLES_SQL

TABLES = ("documents", "document_paths", "articles", "mentions", "roles", "events", "participants", "entities", "entity_names",
          "resolution", "judgements", "settings", "entity_anchors", "entity_keys", "entity_redirects", "document_meta",
          "real_events", "event_coref", "event_ids", "fact_reviews")
# exports made before schemas 4, 8, 10 (document_meta), 11 (real-world events) and 13 (fact_reviews) lack them
OPTIONAL = {"settings", "document_paths", "entity_anchors", "entity_keys", "entity_redirects", "document_meta",
            "real_events", "event_coref", "event_ids", "fact_reviews"}


def export_tables(conn: sqlite3.Connection, folder: Path, fmt: str = "jsonl") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")  # noqa: S608 — fixed table names
        columns = [c[0] for c in cursor.description]
        path = folder / f"{table}.{fmt}"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            if fmt == "csv":
                writer = csv.writer(fh)
                writer.writerow(columns)
                writer.writerows(cursor)
            else:
                for row in cursor:
                    fh.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\n")
        written.append(path)
    return written


def import_tables(conn: sqlite3.Connection, folder: Path) -> int:
    """Load a JSON Lines export into an empty store, row ids included: export → import →
    export gives the same files. Column names come from the store's schema, never from the
    file: a name the table lacks is a ValueError naming the file and line."""
    if conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]:
        raise ValueError("import needs an empty store")
    count = 0
    with conn:
        for table in TABLES:
            path = folder / f"{table}.jsonl"
            if not path.exists():
                if table in OPTIONAL:
                    continue
                raise FileNotFoundError(f"{path}: missing from the export")
            known = [r["name"] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))]
            with open(path, encoding="utf-8") as fh:
                for number, line in enumerate(fh, 1):
                    row = _import_row(path, number, line, table, known)
                    columns = [c for c in known if c in row]
                    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608 — names from the schema
                                 [row[c] for c in columns])
                    count += 1
        # an export made before schema 8: each document was seen at its own path
        conn.execute("INSERT OR IGNORE INTO document_paths (path, document_id) SELECT path, id FROM documents")
    return count


def _import_row(path: Path, number: int, line: str, table: str, known: list[str]) -> dict:
    where = f"{path}: line {number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise ValueError(f"{where}: not a JSON object")
    unknown = [c for c in row if c not in known]
    if unknown:
        raise ValueError(f"{where}: unknown column {unknown[0]!r} for table {table!r}")
    return row


_EVIDENCE = "substr(a.text, {t}.ev_start + 1, {t}.ev_end - {t}.ev_start)"


def _sources(conn: sqlite3.Connection):
    return source_of(conn, [r["path"] for r in conn.execute("SELECT path FROM documents")])


def export_graphml(conn: sqlite3.Connection, path: Path) -> Path:
    """The cooperation network for Gephi or Cytoscape: entities as nodes; an edge for
    each pair of participants in an event, and from each person to the body of a role;
    every edge carries its evidence sentence and its source."""
    source = _sources(conn)
    nodes = conn.execute("SELECT id, type, name, country FROM entities ORDER BY id").fetchall()
    edges = conn.execute(
        f"""SELECT DISTINCT r1.entity_id AS a, r2.entity_id AS b, v.type, v.date, v.id AS event,
               {_EVIDENCE.format(t="v")} AS evidence, d.path, a.segment
           FROM participants p1 JOIN participants p2 ON p2.event_id = p1.event_id AND p2.mention_id > p1.mention_id
           JOIN resolution r1 ON r1.mention_id = p1.mention_id JOIN resolution r2 ON r2.mention_id = p2.mention_id
           JOIN events v ON v.id = p1.event_id JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
           WHERE r1.entity_id != r2.entity_id ORDER BY v.id, a, b"""  # noqa: S608
    ).fetchall()
    roles = conn.execute(
        f"""SELECT DISTINCT rp.entity_id AS a, ro.entity_id AS b, r.title, {_EVIDENCE.format(t="r")} AS evidence,
               d.path, a.segment FROM roles r
           JOIN resolution rp ON rp.mention_id = r.person JOIN resolution ro ON ro.mention_id = r.org
           JOIN articles a ON a.id = r.article_id JOIN documents d ON d.id = a.document_id ORDER BY rp.entity_id, ro.entity_id, r.title"""  # noqa: S608
    ).fetchall()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for key, target, kind in (("type", "node", "string"), ("name", "node", "string"), ("country", "node", "string"),
                                  ("relation", "edge", "string"), ("date", "edge", "string"), ("title", "edge", "string"),
                                  ("evidence", "edge", "string"), ("source", "edge", "string")):
            fh.write(f'  <key id="{key}_{target}" for="{target}" attr.name="{key}" attr.type="{kind}"/>\n')
        fh.write('  <graph edgedefault="undirected">\n')
        for n in nodes:
            fh.write(f'    <node id="e{n["id"]}"><data key="type_node">{n["type"]}</data>'
                     f'<data key="name_node">{_xml(n["name"])}</data><data key="country_node">{n["country"] or ""}</data></node>\n')
        for i, e in enumerate(edges):
            fh.write(f'    <edge id="v{i}" source="e{e["a"]}" target="e{e["b"]}"><data key="relation_edge">{e["type"]}</data>'
                     f'<data key="date_edge">{e["date"] or ""}</data>{_provenance(e, source)}</edge>\n')
        for i, r in enumerate(roles):
            fh.write(f'    <edge id="r{i}" source="e{r["a"]}" target="e{r["b"]}"><data key="relation_edge">ROLE</data>'
                     f'<data key="title_edge">{_xml(r["title"])}</data>{_provenance(r, source)}</edge>\n')
        fh.write("  </graph>\n</graphml>\n")
    return path


def _provenance(row: sqlite3.Row, source) -> str:
    return (f'<data key="evidence_edge">{_xml(row["evidence"])}</data>'
            f'<data key="source_edge">{_xml(source(row["path"], row["segment"]))}</data>')


def _xml(text: str) -> str:
    """Text for XML: escaped, and without the control characters XML 1.0 forbids."""
    from xml.sax.saxutils import escape

    return escape("".join(c for c in text if c in "\t\n\r" or ord(c) >= 32))


def export_neo4j(conn: sqlite3.Connection, folder: Path) -> list[Path]:
    """CSV files for `neo4j-admin database import`: entities and events as nodes (an event with
    its evidence sentence and source), who took part in each event (TOOK_PART_IN, with the
    role), who cooperated with whom (COOPERATED_WITH: partners, not fellow attendees) and who holds a role where (HOLDS_ROLE_AT),
    each relationship with its evidence and source."""
    folder.mkdir(parents=True, exist_ok=True)
    source = _sources(conn)
    nodes, events, rels = folder / "nodes.csv", folder / "events.csv", folder / "relationships.csv"
    with open(nodes, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id:ID", "name", "country", ":LABEL"])
        for n in conn.execute("SELECT id, type, name, country FROM entities ORDER BY id"):
            w.writerow([f"e{n['id']}", n["name"], n["country"] or "", n["type"].title()])
    with open(events, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id:ID", "name", "event_type", "date", "date_end", "evidence", "source", ":LABEL"])
        for v in conn.execute(
            f"""SELECT v.id, v.name, v.type, v.date, v.date_end, {_EVIDENCE.format(t="v")} AS evidence, d.path, a.segment
                FROM events v JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
                WHERE v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event') ORDER BY v.id"""  # noqa: S608
        ):
            w.writerow([f"v{v['id']}", v["name"] or "", v["type"], v["date"] or "", v["date_end"] or "", v["evidence"],
                        source(v["path"], v["segment"]), "Event"])
    with open(rels, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE", "role", "event_type", "date", "title", "evidence", "source"])
        for p in conn.execute(
            f"""SELECT DISTINCT r.entity_id AS a, v.id AS event, p.role, v.type, v.date, {_EVIDENCE.format(t="v")} AS evidence,
                   d.path, a.segment FROM participants p
                JOIN resolution r ON r.mention_id = p.mention_id JOIN events v ON v.id = p.event_id
                JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
                WHERE v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event') ORDER BY v.id, r.entity_id"""  # noqa: S608
        ):
            w.writerow([f"e{p['a']}", f"v{p['event']}", "TOOK_PART_IN", p["role"], p["type"], p["date"] or "", "",
                        p["evidence"], source(p["path"], p["segment"])])
        for e in conn.execute(
            f"""SELECT r.entity_id AS a, v.type, v.date, p.role, d.path, a.segment, ce.entity_id AS b,
                   {_EVIDENCE.format(t="v")} AS evidence FROM participants p
               JOIN resolution r ON r.mention_id = p.mention_id JOIN events v ON v.id = p.event_id
               JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id
               JOIN participants p2 ON p2.event_id = v.id AND p2.mention_id != p.mention_id
               JOIN resolution ce ON ce.mention_id = p2.mention_id WHERE r.entity_id < ce.entity_id
                 AND p.role IN ({PARTNER_ROLES_SQL}) AND p2.role IN ({PARTNER_ROLES_SQL}) ORDER BY v.id"""  # noqa: S608
        ):
            w.writerow([f"e{e['a']}", f"e{e['b']}", "COOPERATED_WITH", "", e["type"], e["date"] or "", "", e["evidence"],
                        source(e["path"], e["segment"])])
        for r in conn.execute(
            f"""SELECT rp.entity_id AS a, ro.entity_id AS b, r.title, d.path, a.segment, {_EVIDENCE.format(t="r")} AS evidence
               FROM roles r JOIN resolution rp ON rp.mention_id = r.person JOIN resolution ro ON ro.mention_id = r.org
               JOIN articles a ON a.id = r.article_id JOIN documents d ON d.id = a.document_id ORDER BY r.id"""  # noqa: S608
        ):
            w.writerow([f"e{r['a']}", f"e{r['b']}", "HOLDS_ROLE_AT", "", "", "", r["title"], r["evidence"],
                        source(r["path"], r["segment"])])
    return [nodes, events, rels]


_FTM_SCHEMA = {"ORG": "Organization", "PERSON": "Person", "PLACE": "Address"}


def export_ftm(conn: sqlite3.Connection, path: Path) -> Path:
    """followthemoney-style entities (one JSON per line): Organization, Person, Address;
    each event as an Event with its participants; each role as a Membership."""
    def eid(i: int) -> str:
        return f"coopgraph-e{i}"

    countries = {r["id"]: r["country"] for r in conn.execute("SELECT id, country FROM entities WHERE type = 'COUNTRY'")}
    source = _sources(conn)
    with open(path, "w", encoding="utf-8") as fh:
        def emit(obj: dict) -> None:
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")

        for e in conn.execute("SELECT * FROM entities ORDER BY id"):
            if e["type"] not in _FTM_SCHEMA:
                continue
            names = [r["name"] for r in conn.execute("SELECT name FROM entity_names WHERE entity_id = ? ORDER BY name", (e["id"],))]
            props = {"name": [e["name"]], "alias": [n for n in names if n != e["name"]]}
            if e["country"]:
                props["country"] = [e["country"].lower()]
            emit({"id": eid(e["id"]), "schema": _FTM_SCHEMA[e["type"]], "properties": props})
        # each article read is a Document, the proof of the facts read in it
        for a in conn.execute("SELECT a.id, a.title, a.published, a.language, a.segment, d.path FROM articles a "
                              "JOIN documents d ON d.id = a.document_id ORDER BY a.id"):
            props = {"title": [a["title"]] if a["title"] else [], "sourceUrl": [source(a["path"], a["segment"])],
                     "publishedAt": [a["published"]] if a["published"] else [], "language": [a["language"]]}
            emit({"id": f"coopgraph-a{a['id']}", "schema": "Document", "properties": {k: x for k, x in props.items() if x}})
        for v in conn.execute(
            f"SELECT v.*, d.path, a.segment, {_EVIDENCE.format(t='v')} AS evidence FROM events v "  # noqa: S608
            "JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id "
            "WHERE v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event') ORDER BY v.id"
        ):
            parts = conn.execute(
                "SELECT r.entity_id, p.role FROM participants p JOIN resolution r ON r.mention_id = p.mention_id WHERE p.event_id = ?",
                (v["id"],),
            ).fetchall()
            props = {
                "name": [v["name"] or v["type"].title()], "summary": [v["type"]],
                "involved": [eid(p["entity_id"]) for p in parts if p["entity_id"] not in countries],
                "country": sorted({countries[p["entity_id"]].lower() for p in parts if p["entity_id"] in countries and countries[p["entity_id"]]}),
                "sourceUrl": [source(v["path"], v["segment"])], "description": [v["evidence"]],
                "proof": [f"coopgraph-a{v['article_id']}"],
            }
            if v["date"]:
                props["date"] = [v["date"]]
            if v["date_end"]:
                props["endDate"] = [v["date_end"]]
            organisers = [eid(p["entity_id"]) for p in parts if p["role"] in ("organizer", "host", "co-organizer")]
            if organisers:
                props["organizer"] = organisers
            emit({"id": f"coopgraph-v{v['id']}", "schema": "Event", "properties": {k: x for k, x in props.items() if x}})
        for r in conn.execute(
            f"""SELECT r.id, r.title, r.article_id, rp.entity_id AS person, ro.entity_id AS org, d.path, a.segment,
                   {_EVIDENCE.format(t="r")} AS evidence FROM roles r
               JOIN resolution rp ON rp.mention_id = r.person JOIN resolution ro ON ro.mention_id = r.org
               JOIN articles a ON a.id = r.article_id JOIN documents d ON d.id = a.document_id
               WHERE r.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'role') ORDER BY r.id"""  # noqa: S608
        ):
            emit({"id": f"coopgraph-r{r['id']}", "schema": "Membership",
                  "properties": {"member": [eid(r["person"])], "organization": [eid(r["org"])], "role": [r["title"]],
                                 "sourceUrl": [source(r["path"], r["segment"])], "description": [r["evidence"]],
                                 "proof": [f"coopgraph-a{r['article_id']}"]}})
    return path


def canonical_dump(conn: sqlite3.Connection) -> dict:
    mention_key = {
        r["id"]: (r["path"], r["segment"], r["local_id"])
        for r in conn.execute(
            "SELECT m.id, d.path, a.segment, m.local_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            "JOIN documents d ON d.id = a.document_id"
        )
    }
    entity_names = {}
    for r in conn.execute("SELECT entity_id, name FROM entity_names"):
        entity_names.setdefault(r["entity_id"], set()).add(r["name"])
    return {
        "documents": sorted(tuple(r) for r in conn.execute("SELECT path, sha256, size, status, error FROM documents")),
        "articles": sorted(
            tuple(r) for r in conn.execute(
                "SELECT d.path, a.segment, a.doc_id, a.title, a.language, a.published, a.relevant, a.text "
                "FROM articles a JOIN documents d ON d.id = a.document_id"
            )
        ),
        "mentions": sorted(
            (mention_key[r["id"]], r["type"], r["name"], r["aliases"], r["country"], r["spans"])
            for r in conn.execute("SELECT * FROM mentions")
        ),
        "roles": sorted(
            (mention_key[r["person"]], r["title"], mention_key.get(r["org"]), r["ev_start"], r["ev_end"])
            for r in conn.execute("SELECT * FROM roles")
        ),
        "events": sorted(
            (r["path"], r["segment"], r["local_id"], r["type"], r["name"], r["date"], r["date_end"],
             mention_key.get(r["place"]), mention_key.get(r["creates"]))
            for r in conn.execute(
                "SELECT v.*, d.path, a.segment FROM events v JOIN articles a ON a.id = v.article_id "
                "JOIN documents d ON d.id = a.document_id"
            )
        ),
        "graph": sorted(
            (mention_key[r["mention_id"]], tuple(sorted(entity_names[r["entity_id"]])),
             _MENTION_ID.sub(lambda m: "as mention {}#{}/{}".format(*mention_key[int(m[1])]), r["rule"]))
            for r in conn.execute("SELECT * FROM resolution")
        ),
    }


_MENTION_ID = re.compile(r"as mention (\d+)")  # the resolver's reasons name mentions by row id
