"""Exports for other tools write one event per real-world event, every report a source
(issue 9: provenance in every export; counts are events, not reports)."""
from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from stores import Event, load, record

from coopgraph.store.db import connect
from coopgraph.store.graph_export import export_ftm, export_graphml, export_neo4j

KEMRI, WHO = "Kenya Medical Research Institute", "World Health Organization"
NAIROBI = f"The {KEMRI} and the {WHO} signed an agreement in Nairobi on 4 March 2024."
MOMBASA = (f"In Mombasa on Tuesday, officials of the {WHO} and researchers from the {KEMRI} put their names "
           "to a vaccine accord.")
AGAIN = f"The {KEMRI} and the {WHO} signed an agreement in Nairobi in May 2023."


STORY = {   # what each page goes on to say, in its own words: the pages are written apart
    NAIROBI: "The accord covers training of laboratory staff and joint studies of malaria drug resistance over five years.",
    MOMBASA: "A coastal field station will receive freezers, while young epidemiologists spend a year in Geneva.",
    AGAIN: "That first accord paid for a sequencing centre on the campus.",
}


def _signing(source: str, sentence: str, date: str, place: str, published: str) -> dict:
    return record(source, f"{sentence} {STORY[sentence]}", [("ORG", KEMRI, "KE"), ("ORG", WHO, None), ("PLACE", place, "KE")],
                  [Event("AGREEMENT", date, [(KEMRI, "party"), (WHO, "party")], place, evidence=sentence)],
                  title=source, published=published)


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    """Two reports of one signing that disagree on its day and place (a.txt, b.txt), and the
    same two partners signing again another year (c.txt, a look-alike)."""
    db = load(tmp_path_factory.mktemp("exports") / "g.db", [
        _signing("a.txt", NAIROBI, "2024-03-04", "Nairobi", "2024-03-05"),
        _signing("b.txt", MOMBASA, "2024-03-05", "Mombasa", "2024-03-06"),
        _signing("c.txt", AGAIN, "2023-05-10", "Nairobi", "2023-05-11"),
    ])
    conn = connect(db, readonly=True)
    yield conn
    conn.close()


def _ids(conn) -> dict[str, int]:
    """Each page's event id (its report's) and the real-world event holding it."""
    return {r["path"]: r["real_event_id"] for r in conn.execute(
        "SELECT d.path, c.real_event_id FROM event_coref c JOIN events v ON v.id = c.event_id "
        "JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id")}


def test_neo4j_writes_one_event_node_per_real_event_with_each_report(conn, tmp_path):
    real = _ids(conn)
    assert real["a.txt"] == real["b.txt"] != real["c.txt"]
    nodes, events_csv, reports_csv, rels_csv = export_neo4j(conn, tmp_path)
    events = {v["id:ID"]: v for v in csv.DictReader(open(events_csv, encoding="utf-8"))}
    assert set(events) == {f"v{real['a.txt']}", f"v{real['c.txt']}"}
    signing = events[f"v{real['a.txt']}"]
    assert (signing["reports:int"], signing["independent_sources:int"], signing["status"]) == ("2", "2", "happened")
    assert signing["dates:string[]"] == "2024-03-04;2024-03-05"          # the sources disagree: both days kept
    assert set(signing["places:string[]"].split(";")) == {"Nairobi", "Mombasa"}
    assert json.loads(signing["disagreements"])["date"][1]["value"] == "2024-03-05"
    assert events[f"v{real['c.txt']}"]["dates:string[]"] == "2023-05-10"
    reports = list(csv.DictReader(open(reports_csv, encoding="utf-8")))
    assert sorted((r["event"], r["source"], r["evidence"]) for r in reports) == sorted([
        (f"v{real['a.txt']}", "a.txt#0", NAIROBI), (f"v{real['a.txt']}", "b.txt#0", MOMBASA),
        (f"v{real['c.txt']}", "c.txt#0", AGAIN)])
    rels = list(csv.DictReader(open(rels_csv, encoding="utf-8")))
    reported = [(r[":START_ID"], r[":END_ID"]) for r in rels if r[":TYPE"] == "REPORTED_BY"]
    assert sorted(reported) == sorted((r["event"], r["id:ID"]) for r in reports)
    took_part = [r for r in rels if r[":TYPE"] == "TOOK_PART_IN" and r[":END_ID"] == f"v{real['a.txt']}"]
    assert len(took_part) == 2 and {r["role"] for r in took_part} == {"party"}
    assert all(r["reports:int"] == "2" for r in took_part)
    cooperated = [r for r in rels if r[":TYPE"] == "COOPERATED_WITH"]
    assert sorted(r["event"] for r in cooperated) == sorted([f"v{real['a.txt']}", f"v{real['c.txt']}"])
    node_ids = {n["id:ID"] for n in csv.DictReader(open(nodes, encoding="utf-8"))} | set(events) | {r["id:ID"] for r in reports}
    assert all(r[":START_ID"] in node_ids and r[":END_ID"] in node_ids for r in rels)


def test_graphml_has_one_edge_per_real_event_with_every_source(conn, tmp_path):
    real = _ids(conn)
    root = ET.parse(export_graphml(conn, tmp_path / "g.graphml")).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
    edges = [{keys[d.get("key")]: d.text or "" for d in e.findall("g:data", ns)} for e in root.findall(".//g:edge", ns)]
    # KEMRI and WHO meet in two real-world events, not three reports; Nairobi and Mombasa are no participants
    assert sorted(e["event"] for e in edges) == sorted([f"v{real['a.txt']}", f"v{real['c.txt']}"])
    signing = next(e for e in edges if e["event"] == f"v{real['a.txt']}")
    assert signing["sources"].split(" | ") == ["a.txt#0", "b.txt#0"]
    assert (signing["reports"], signing["independent_sources"], signing["date"]) == ("2", "2", "2024-03-04")
    assert (signing["evidence"], signing["source"]) == (NAIROBI, "a.txt#0")


def test_ftm_writes_one_event_per_real_event_with_every_report_as_proof(conn, tmp_path):
    real = _ids(conn)
    rows = [json.loads(line) for line in open(export_ftm(conn, tmp_path / "e.ftm.json"), encoding="utf-8")]
    events = {r["id"]: r["properties"] for r in rows if r["schema"] == "Event"}
    assert set(events) == {f"coopgraph-v{real['a.txt']}", f"coopgraph-v{real['c.txt']}"}
    signing = events[f"coopgraph-v{real['a.txt']}"]
    docs = {r["id"]: r["properties"] for r in rows if r["schema"] == "Document"}
    assert signing["sourceUrl"] == ["a.txt#0", "b.txt#0"] and signing["description"] == [NAIROBI, MOMBASA]
    assert [docs[p]["sourceUrl"][0] for p in signing["proof"]] == signing["sourceUrl"]
    assert (signing["date"], set(signing["location"])) == (["2024-03-04", "2024-03-05"], {"Nairobi", "Mombasa"})
    assert len(signing["involved"]) == 2
    assert events[f"coopgraph-v{real['c.txt']}"]["date"] == ["2023-05-10"]


def test_export_ids_are_the_real_events_stable_ids(conn, tmp_path: Path):
    """An exported event is named by the real-world event's id, which the explorer and `why` take."""
    real = _ids(conn)
    stored = {r[0] for r in conn.execute("SELECT id FROM real_events")}
    assert set(real.values()) == stored
    rows = [json.loads(line) for line in open(export_ftm(conn, tmp_path / "e.ftm.json"), encoding="utf-8")]
    assert {int(r["id"].removeprefix("coopgraph-v")) for r in rows if r["schema"] == "Event"} == stored
