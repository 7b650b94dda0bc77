"""The graph for other tools: GraphML (Gephi, Cytoscape), CSV files for Neo4j's import and
followthemoney entities.

Each writes one event per real-world event (`explore.real_events`: the reports of one
signing in three outlets are one event), so that counts made in those tools are events,
not articles; every report stays a source of its event, and every edge and event leads
back to the sentences it was read in (evidence, page URL or path, segment). Values the
reports disagree on (dates, place) are all kept, as `timeline --json` shows them.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

from coopgraph.model import PARTNER_ROLES
from coopgraph.store.explore import real_events, source_of

_EVIDENCE = "substr(a.text, {t}.ev_start + 1, {t}.ev_end - {t}.ev_start)"
# ids of the reports' own nodes in Neo4j (a real-world event's id may be one of its reports')
REPORT_PREFIX = "rep"


def _sources(conn: sqlite3.Connection):
    return source_of(conn, [r["path"] for r in conn.execute("SELECT path FROM documents")])


def _named(conn: sqlite3.Connection) -> dict[int, dict[int, set[str]]]:
    """Each report's participants as graph entities with their roles (mentions judged wrong left out)."""
    named: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for event_id, entity_id, role in conn.execute(
            """SELECT p.event_id, r.entity_id, p.role FROM participants p JOIN resolution r ON r.mention_id = p.mention_id
               WHERE p.mention_id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'mention')"""):
        named[event_id][entity_id].add(role)
    return named


class _Event:
    """A real-world event for export: the item `real_events` gives, with what each of its
    reports names, so that an edge takes its evidence from a report that states it."""

    def __init__(self, item: dict, named: dict[int, dict[int, set[str]]]):
        self.item = item
        self.reports = [(s, named.get(s["event_id"], {})) for s in item["sources"]]
        self.roles: dict[int, set[str]] = defaultdict(set)   # entity -> its roles in any report
        for _s, parts in self.reports:
            for entity, roles in parts.items():
                self.roles[entity] |= roles

    def stating(self, *entities: int, role: str | None = None) -> list[dict]:
        """The reports that name all these entities (with this role), oldest first."""
        return [s for s, parts in self.reports
                if all(e in parts and (role is None or role in parts[e]) for e in entities)]

    def witness(self, *entities: int, role: str | None = None) -> dict:
        """The report an edge quotes: the first that names all its entities, else one naming
        any of them, else the first report."""
        found = self.stating(*entities, role=role) or [s for s, parts in self.reports if parts.keys() & set(entities)]
        return found[0] if found else self.item["sources"][0]

    def every(self, attr: str) -> list[str]:
        """Every value the reports give for `date` or `place` (its name): all of them when
        they disagree, else the one they agree on."""
        said = self.item["disagreements"].get(attr)
        if said:
            return [d.get("name") or d.get("value") for d in said if d.get("name") or d.get("value")]
        value = self.item[attr]
        if isinstance(value, dict):
            value = value["name"]
        return [value] if value else []

    def partners(self) -> list[tuple[int, int]]:
        """Pairs of entities that are partners in the event (`model.PARTNER_ROLES` in some report)."""
        ids = sorted(e for e, roles in self.roles.items() if roles & _PARTNER)
        return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]


_PARTNER = frozenset(PARTNER_ROLES)


def _events(conn: sqlite3.Connection) -> list[_Event]:
    named = _named(conn)
    return [_Event(item, named) for item in real_events(conn) if item["sources"]]


def _roles(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every role not judged wrong, as person and organisation entities, with its evidence."""
    return conn.execute(
        f"""SELECT r.id, r.title, r.article_id, rp.entity_id AS person, ro.entity_id AS org, d.path, a.segment,
               {_EVIDENCE.format(t="r")} AS evidence FROM roles r
           JOIN resolution rp ON rp.mention_id = r.person JOIN resolution ro ON ro.mention_id = r.org
           JOIN articles a ON a.id = r.article_id JOIN documents d ON d.id = a.document_id
           WHERE r.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'role') ORDER BY r.id"""  # noqa: S608
    ).fetchall()


def _xml(text: str) -> str:
    """Text for XML: escaped, and without the control characters XML 1.0 forbids."""
    from xml.sax.saxutils import escape

    return escape("".join(c for c in str(text) if c in "\t\n\r" or ord(c) >= 32))


SOURCES_SEPARATOR = " | "   # between the sources of one GraphML edge


def export_graphml(conn: sqlite3.Connection, path: Path) -> Path:
    """The cooperation network for Gephi or Cytoscape: entities as nodes; for each real-world
    event an edge between each two of its participants (and from each person to the body of
    a role). An event edge carries the event's id, its evidence sentence and that sentence's
    source (the first report naming both), every report's source, and how many reports and
    independent sources the event has."""
    source = _sources(conn)
    nodes = conn.execute("SELECT id, type, name, country FROM entities ORDER BY id").fetchall()
    keys = (("type", "node", "string"), ("name", "node", "string"), ("country", "node", "string"),
            ("relation", "edge", "string"), ("event", "edge", "string"), ("date", "edge", "string"),
            ("title", "edge", "string"), ("evidence", "edge", "string"), ("source", "edge", "string"),
            ("sources", "edge", "string"), ("reports", "edge", "int"), ("independent_sources", "edge", "int"))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for key, target, kind in keys:
            fh.write(f'  <key id="{key}_{target}" for="{target}" attr.name="{key}" attr.type="{kind}"/>\n')
        fh.write('  <graph edgedefault="undirected">\n')
        for n in nodes:
            fh.write(f'    <node id="e{n["id"]}"><data key="type_node">{n["type"]}</data>'
                     f'<data key="name_node">{_xml(n["name"])}</data><data key="country_node">{n["country"] or ""}</data></node>\n')
        edge = 0
        for ev in _events(conn):
            v = ev.item
            every = SOURCES_SEPARATOR.join(source(s["path"], s["segment"]) for s in v["sources"])
            ids = sorted(ev.roles)
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    s = ev.witness(a, b)
                    fh.write(f'    <edge id="v{edge}" source="e{a}" target="e{b}"><data key="relation_edge">{v["type"]}</data>'
                             f'<data key="event_edge">v{v["id"]}</data><data key="date_edge">{v["date"] or ""}</data>'
                             f'<data key="evidence_edge">{_xml(s["evidence"])}</data>'
                             f'<data key="source_edge">{_xml(source(s["path"], s["segment"]))}</data>'
                             f'<data key="sources_edge">{_xml(every)}</data><data key="reports_edge">{v["reports"]}</data>'
                             f'<data key="independent_sources_edge">{v["independent_sources"]}</data></edge>\n')
                    edge += 1
        for i, r in enumerate(_roles(conn)):
            fh.write(f'    <edge id="r{i}" source="e{r["person"]}" target="e{r["org"]}"><data key="relation_edge">ROLE</data>'
                     f'<data key="title_edge">{_xml(r["title"])}</data><data key="evidence_edge">{_xml(r["evidence"])}</data>'
                     f'<data key="source_edge">{_xml(source(r["path"], r["segment"]))}</data>'
                     f'<data key="sources_edge">{_xml(source(r["path"], r["segment"]))}</data></edge>\n')
        fh.write("  </graph>\n</graphml>\n")
    return path


NEO4J_EVENT_HEADER = ["id:ID", "name", "event_type", "status", "date", "date_end", "dates:string[]", "places:string[]",
                      "creates", "reports:int", "independent_sources:int", "disagreements", "evidence", "source", ":LABEL"]
NEO4J_REPORT_HEADER = ["id:ID", "event", "evidence", "source", "url", "path", "segment:int", "title", "language",
                       "published", "date", "copy_of", ":LABEL"]
NEO4J_RELATIONSHIP_HEADER = [":START_ID", ":END_ID", ":TYPE", "role", "event", "event_type", "date", "title", "evidence",
                             "source", "reports:int", "rule", "score:float"]


def _array(values: list[str]) -> str:
    """A Neo4j import array (its default delimiter, `;`, which no value may then hold)."""
    return ";".join(v.replace(";", ",") for v in values)


def export_neo4j(conn: sqlite3.Connection, folder: Path) -> list[Path]:
    """CSV files for `neo4j-admin database import`: entities (`nodes.csv`); one Event node per
    real-world event (`events.csv`: its id, type, status, name, dates, places, counts of
    reports and independent sources, what its reports disagree on); one Report node per
    report (`reports.csv`: evidence sentence, URL or path, segment). Relationships: each
    event REPORTED_BY its reports (with the rule that joined each), who TOOK_PART_IN each
    event (with the role), who COOPERATED_WITH whom in it (partners, not fellow attendees)
    and who HOLDS_ROLE_AT where, each with its evidence, source and number of reports."""
    folder.mkdir(parents=True, exist_ok=True)
    source = _sources(conn)
    events = _events(conn)
    paths = [folder / "nodes.csv", folder / "events.csv", folder / "reports.csv", folder / "relationships.csv"]
    with ExitStack() as files:
        nodes, event_rows, report_rows, rels = (csv.writer(files.enter_context(open(p, "w", encoding="utf-8", newline="")))
                                                for p in paths)
        nodes.writerow(["id:ID", "name", "country", ":LABEL"])
        for n in conn.execute("SELECT id, type, name, country FROM entities ORDER BY id"):
            nodes.writerow([f"e{n['id']}", n["name"], n["country"] or "", n["type"].title()])
        event_rows.writerow(NEO4J_EVENT_HEADER)
        report_rows.writerow(NEO4J_REPORT_HEADER)
        rels.writerow(NEO4J_RELATIONSHIP_HEADER)
        for ev in events:
            v, first = ev.item, ev.item["sources"][0]
            node = f"v{v['id']}"
            event_rows.writerow([node, v["name"] or "", v["type"], v["status"], v["date"] or "", v["date_end"] or "",
                                 _array(ev.every("date")), _array(ev.every("place")),
                                 (v["creates"] or {}).get("name") or "", v["reports"], v["independent_sources"],
                                 json.dumps(v["disagreements"], ensure_ascii=False), first["evidence"],
                                 source(first["path"], first["segment"]), "Event"])
            for s in v["sources"]:
                report = f"{REPORT_PREFIX}{s['event_id']}"
                report_rows.writerow([report, node, s["evidence"], source(s["path"], s["segment"]), s["url"] or "",
                                      s["path"], s["segment"], s["title"] or "", s["language"], s["published"] or "",
                                      s["date"] or "", f"{REPORT_PREFIX}{s['copy_of']}", "Report"])
                rels.writerow([node, report, "REPORTED_BY", "", node, v["type"], v["date"] or "", "", s["evidence"],
                               source(s["path"], s["segment"]), 1, s["rule"], s["score"]])
            for entity in sorted(ev.roles):
                for role in sorted(ev.roles[entity]):
                    s = ev.witness(entity, role=role)
                    rels.writerow([f"e{entity}", node, "TOOK_PART_IN", role, node, v["type"], v["date"] or "", "",
                                   s["evidence"], source(s["path"], s["segment"]), len(ev.stating(entity, role=role)), "", ""])
            for a, b in ev.partners():
                s = ev.witness(a, b)
                rels.writerow([f"e{a}", f"e{b}", "COOPERATED_WITH", "", node, v["type"], v["date"] or "", "",
                               s["evidence"], source(s["path"], s["segment"]), len(ev.stating(a, b)), "", ""])
        for r in _roles(conn):
            rels.writerow([f"e{r['person']}", f"e{r['org']}", "HOLDS_ROLE_AT", "", "", "", "", r["title"], r["evidence"],
                           source(r["path"], r["segment"]), 1, "", ""])
    return paths


_FTM_SCHEMA = {"ORG": "Organization", "PERSON": "Person", "PLACE": "Address"}
_ORGANISERS = ("organizer", "host", "co-organizer")


def export_ftm(conn: sqlite3.Connection, path: Path) -> Path:
    """followthemoney-style entities (one JSON per line): Organization, Person, Address; each
    article read a Document; each real-world event one Event (id `coopgraph-v` + the event's
    stable id) with the participants of all its reports, every date and place they give,
    and every report as a `sourceUrl`, `description` (its sentence) and `proof` (its
    article's Document), in the same order; each role a Membership."""
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
        for ev in _events(conn):
            v = ev.item
            called = [v["name"] or v["type"].title()]
            called += [d["value"] for d in v["disagreements"].get("name", []) if d["value"] not in called]
            dates = [d.split("/") for d in ev.every("date")]
            props = {
                "name": called, "summary": [v["type"]],
                "involved": [eid(e) for e in sorted(ev.roles) if e not in countries],
                "country": sorted({countries[e].lower() for e in ev.roles if countries.get(e)}),
                "date": list(dict.fromkeys(d[0] for d in dates)),
                "endDate": list(dict.fromkeys(d[1] for d in dates if len(d) > 1)) or ([v["date_end"]] if v["date_end"] else []),
                "location": ev.every("place"),
                "sourceUrl": [source(s["path"], s["segment"]) for s in v["sources"]],
                "description": [s["evidence"] for s in v["sources"]],
                "proof": [f"coopgraph-a{s['article_id']}" for s in v["sources"]],
                "organizer": [eid(e) for e in sorted(ev.roles) if ev.roles[e] & set(_ORGANISERS)],
            }
            emit({"id": f"coopgraph-v{v['id']}", "schema": "Event", "properties": {k: x for k, x in props.items() if x}})
        for r in _roles(conn):
            emit({"id": f"coopgraph-r{r['id']}", "schema": "Membership",
                  "properties": {"member": [eid(r["person"])], "organization": [eid(r["org"])], "role": [r["title"]],
                                 "sourceUrl": [source(r["path"], r["segment"])], "description": [r["evidence"]],
                                 "proof": [f"coopgraph-a{r['article_id']}"]}})
    return path
