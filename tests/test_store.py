"""The store: incremental, idempotent ingest; faults; cross-language resolution; curation."""
from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coopgraph.store.db import StoreError, connect, writer_lock
from coopgraph.store.export import canonical_dump, export_tables
from coopgraph.store.update import ingest_paths
from coopgraph.store.queries import find_entities, profile, why


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory, corpus) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for sub in ("seeds", "dev"):
        shutil.copytree(corpus / sub, folder / sub, ignore=shutil.ignore_patterns("*.tsv"))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus_copy):
    db = tmp_path_factory.mktemp("db") / "graph.db"
    report = ingest_paths([str(corpus_copy)], db, on_error=lambda _m: None)
    return db, report


def dump(db) -> dict:
    conn = connect(db, readonly=True)
    try:
        return canonical_dump(conn)
    finally:
        conn.close()


def test_ingest_twice_changes_nothing(built, corpus_copy):
    db, first = built
    assert first.stored == 21 and not first.failed
    before = dump(db)
    again = ingest_paths([str(corpus_copy)], db, on_error=lambda _m: None)
    assert again.stored == 0 and again.unchanged == 21
    assert dump(db) == before


def test_a_changed_file_replaces_its_facts(tmp_path, corpus):
    page = tmp_path / "news.txt"
    page.write_text((corpus / "dev" / "12_cas-kenya-sajorc-mou.txt").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "g.db"
    ingest_paths([str(page)], db, on_error=lambda _m: None)
    assert find_entities(connect(db, readonly=True), "白春礼")
    page.write_text((corpus / "dev" / "13_china-arab-tech-transfer-conference.txt").read_text(encoding="utf-8"), encoding="utf-8")
    report = ingest_paths([str(page)], db, on_error=lambda _m: None)
    conn = connect(db, readonly=True)
    assert report.stored == 1
    assert not find_entities(conn, "白春礼") and find_entities(conn, "黄卫")
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_failed_files_are_recorded_and_retried(tmp_path, corpus):
    bad = tmp_path / "later.txt"
    bad.write_bytes(b"")
    db = tmp_path / "g.db"
    errors: list[str] = []
    report = ingest_paths([str(tmp_path)], db, on_error=errors.append)
    assert report.failed == [(str(bad), "empty file")] and "empty file" in errors[0]
    bad.write_text((corpus / "dev" / "06_nabda-rahad-nigeria-morocco-mou.txt").read_text(encoding="utf-8"), encoding="utf-8")
    report = ingest_paths([str(tmp_path)], db, on_error=errors.append)
    assert report.stored == 1 and not report.failed


def test_kill_midway_then_resume_gives_the_same_store(tmp_path, corpus_copy, built):
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "coopgraph", "ingest", str(corpus_copy), "--db", str(db), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    staged = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.3)
        if db.exists():
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                staged = conn.execute("SELECT COUNT(*) FROM staged").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                continue
            if staged >= 5:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < staged < 21, "the kill should land half-way"
    assert dump(db)["documents"] == []   # a run's files are switched in together, or not at all
    report = ingest_paths([str(corpus_copy)], db, on_error=lambda _m: None)
    assert report.resumed >= staged and not report.failed
    assert dump(db) == dump(built[0])


def test_a_second_ingest_on_the_same_store_is_refused(tmp_path):
    db = tmp_path / "g.db"
    with writer_lock(db):
        with pytest.raises(StoreError, match="another ingest is writing"):
            ingest_paths([str(tmp_path)], db, on_error=lambda _m: None)


def test_readers_work_while_a_write_is_open(built):
    db, _ = built
    writer = connect(db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE entities SET name = name")
    reader = connect(db, readonly=True)
    assert reader.execute("SELECT COUNT(*) FROM entities").fetchone()[0] > 100
    writer.execute("ROLLBACK")


def test_damaged_store_is_a_clear_error(tmp_path):
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database at all " * 100)
    with pytest.raises(StoreError, match="not a coopgraph store, or the file is damaged"):
        connect(db)
    result = subprocess.run([sys.executable, "-m", "coopgraph", "stats", "--db", str(db)], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "damaged" in result.stderr


def test_hostile_names_are_stored_safely(tmp_path):
    page = tmp_path / "odd.txt"
    long_name = "Institute of " + "Very " * 2000 + "Long Names"
    page.write_text(
        "Odd page\n\nThe \x07Kenya\x1b[31m Medical Research Institute and the " + long_name
        + " signed a memorandum of understanding on biotechnology cooperation with China.\n",
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    report = ingest_paths([str(page)], db, on_error=lambda _m: None)
    assert report.stored == 1
    assert connect(db, readonly=True).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_one_node_for_an_institution_named_in_english_and_chinese(built):
    db, _ = built
    conn = connect(db, readonly=True)
    (tib,) = find_entities(conn, "TIB")
    p = profile(conn, tib["id"])
    assert {"Tianjin Institute of Industrial Biotechnology", "中国科学院天津工业生物技术研究所"} <= set(p["names"])
    languages = {e["language"] for e in p["events"]}
    assert languages == {"en", "zh"}
    rules = {row["rule"] for row in why(conn, tib["id"])}
    assert any(rule.startswith("composed translation 'Tianjin Institute of Industrial Biotechnology'") for rule in rules)


def _ingest_pair(folder: Path, english: str, chinese: str):
    """Ingest one English and one Chinese page into a fresh store; a reader on it."""
    (folder / "en.txt").write_text(english, encoding="utf-8")
    (folder / "zh.txt").write_text(chinese, encoding="utf-8")
    db = folder / "g.db"
    ingest_paths([str(folder)], db, on_error=lambda _m: None)
    return connect(db, readonly=True)


def test_chinese_name_and_pinyin_join_on_a_shared_organisation(tmp_path):
    conn = _ingest_pair(
        tmp_path,
        "TIB and Kenyan partners sign biotechnology agreement\n\n"
        "Prof. Li Yin, Deputy Director of the Tianjin Institute of Industrial Biotechnology (TIB), signed a "
        "memorandum of understanding on industrial biotechnology research with the Kenya Medical Research "
        "Institute in Nairobi.\n",
        "天津工业生物所与肯尼亚医学研究所签署合作备忘录\n\n"
        "中国科学院天津工业生物技术研究所副所长李寅与肯尼亚医学研究所代表在内罗毕签署生物技术合作谅解备忘录。\n",
    )
    (person,) = find_entities(conn, "李寅")
    names = set(profile(conn, person["id"])["names"])
    assert {"李寅", "Li Yin"} <= names
    assert any("pinyin 'liyin'" in row["rule"] for row in why(conn, person["id"]))


def test_curation_survives_reingest(tmp_path, corpus):
    page = tmp_path / "p.txt"
    page.write_text((corpus / "dev" / "07_nstda-dar-thailand-myanmar-mou.txt").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "g.db"
    ingest_paths([str(page)], db, on_error=lambda _m: None)
    run = lambda *a: subprocess.run([sys.executable, "-m", "coopgraph", *a, "--db", str(db)], capture_output=True, text=True)  # noqa: E731
    unit = "BIOTEC"   # NSTDA's biotechnology centre
    assert run("merge", "NSTDA", unit).returncode == 0  # the analyst's call, whatever the extractor thought
    assert run("rename", "NSTDA", "National Science and Technology Development Agency (Thailand)").returncode == 0
    page.write_text(page.read_text(encoding="utf-8") + "\nThe MOU runs for five years.\n", encoding="utf-8")
    assert ingest_paths([str(page)], db, on_error=lambda _m: None).stored == 1  # re-extracted
    conn = connect(db, readonly=True)
    (agency,) = find_entities(conn, unit)
    assert agency["name"] == "National Science and Technology Development Agency (Thailand)"
    assert "NSTDA" in profile(conn, agency["id"])["names"]


def test_export_round_trip_tables(built, tmp_path):
    db, _ = built
    files = export_tables(connect(db, readonly=True), tmp_path / "out", "csv")
    assert {f.name for f in files} >= {"entities.csv", "events.csv", "mentions.csv", "resolution.csv"}
    assert sum(1 for _ in open(tmp_path / "out" / "entities.csv", encoding="utf-8")) > 100


def test_export_import_export_is_lossless(built, tmp_path):
    db, _ = built
    first = tmp_path / "first"
    export_tables(connect(db, readonly=True), first)
    fresh = tmp_path / "fresh.db"
    result = subprocess.run([sys.executable, "-m", "coopgraph", "import", str(first), "--db", str(fresh)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    second = tmp_path / "second"
    export_tables(connect(fresh, readonly=True), second)
    for f in first.iterdir():
        assert f.read_bytes() == (second / f.name).read_bytes(), f.name


def test_graphml_and_neo4j_exports(built, tmp_path):
    import csv
    import xml.etree.ElementTree as ET

    db, _ = built
    conn = connect(db, readonly=True)
    from coopgraph.store.graph_export import export_graphml, export_neo4j

    root = ET.parse(export_graphml(conn, tmp_path / "g.graphml")).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall(".//g:node", ns)
    edges = root.findall(".//g:edge", ns)
    assert len(nodes) == conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] and len(edges) > 50
    node_ids = {n.get("id") for n in nodes}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)
    # every edge carries its evidence, a sentence of an article it was read in, and that article's source
    texts = {r["path"]: [] for r in conn.execute("SELECT path FROM documents")}
    for r in conn.execute("SELECT d.path, a.segment, a.text FROM articles a JOIN documents d ON d.id = a.document_id"):
        texts[r["path"]].append((r["segment"], r["text"]))

    def read_in(evidence: str, source: str) -> bool:
        path, _, segment = source.rpartition("#")
        return any(str(seg) == segment and evidence and evidence in text for seg, text in texts.get(path, []))

    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
    for e in edges:
        data = {keys[d.get("key")]: d.text or "" for d in e.findall("g:data", ns)}
        assert read_in(data["evidence"], data["source"]), data
    nodes_csv, events_csv, reports_csv, rels_csv = export_neo4j(conn, tmp_path / "neo4j")
    rows = list(csv.DictReader(open(rels_csv, encoding="utf-8")))
    assert {r[":TYPE"] for r in rows} == {"REPORTED_BY", "TOOK_PART_IN", "COOPERATED_WITH", "HOLDS_ROLE_AT"}
    assert all(read_in(r["evidence"], r["source"]) for r in rows)
    events = list(csv.DictReader(open(events_csv, encoding="utf-8")))
    assert len(events) == conn.execute("SELECT COUNT(*) FROM real_events").fetchone()[0]   # one per real-world event
    assert all(read_in(v["evidence"], v["source"]) for v in events)
    reports = list(csv.DictReader(open(reports_csv, encoding="utf-8")))
    assert len(reports) == conn.execute("SELECT COUNT(*) FROM event_coref").fetchone()[0]
    assert all(read_in(r["evidence"], r["source"]) for r in reports)
    event_ids = {v["id:ID"] for v in events}
    assert all(r[":END_ID"] in event_ids for r in rows if r[":TYPE"] == "TOOK_PART_IN")


def test_split_wrong_and_undo(tmp_path, corpus):
    page = tmp_path / "p.txt"
    page.write_text((corpus / "seeds" / "000_034e7e5437f64165.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "zh.txt").write_text((corpus / "seeds" / "001_cbe65e010aad1d06.txt").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "g.db"
    ingest_paths([str(tmp_path)], db, on_error=lambda _m: None)
    run = lambda *a: subprocess.run([sys.executable, "-m", "coopgraph", *a, "--db", str(db)], capture_output=True, text=True)  # noqa: E731
    zh_name = "中国科学院天津工业生物技术研究所"
    (tib,) = find_entities(connect(db, readonly=True), "TIB")
    assert zh_name in profile(connect(db, readonly=True), tib["id"])["names"]
    assert run("split", "TIB", zh_name).returncode == 0
    conn = connect(db, readonly=True)
    tib_id = find_entities(conn, "Tianjin Institute of Industrial Biotechnology")[0]["id"]
    assert zh_name not in {row["name"] for row in why(conn, tib_id)}  # its mention now stands apart
    split_off = [e for e in find_entities(conn, zh_name) if e["id"] != tib_id]
    assert split_off and any("split off by the analyst" in r["rule"] for r in why(conn, split_off[0]["id"]))
    events_before = len(profile(conn, find_entities(conn, "COMSATS")[0]["id"])["events"])
    assert run("wrong", "event", str(page), "0", "v2").returncode == 0
    conn = connect(db, readonly=True)
    assert len(profile(conn, find_entities(conn, "COMSATS")[0]["id"])["events"]) == events_before - 1
    assert run("undo").returncode == 0 and run("undo").returncode == 0
    conn = connect(db, readonly=True)
    assert len(profile(conn, find_entities(conn, "COMSATS")[0]["id"])["events"]) == events_before
    tib_id = find_entities(conn, "Tianjin Institute of Industrial Biotechnology")[0]["id"]
    assert zh_name in {row["name"] for row in why(conn, tib_id)}


def test_resolution_against_the_gold_clustering(built):
    from conftest import GOLD

    from coopgraph.evaluate.clusters import load_clusters, score_clusters
    from coopgraph.evaluate.gold import load_gold

    db, _ = built
    result = score_clusters(load_gold(GOLD / "seeds") + load_gold(GOLD / "dev"), load_clusters(GOLD / "clusters.json"),
                            connect(db, readonly=True))
    pairs = result["pairs"]
    assert result["mentions_mapped"] > 200
    assert pairs["precision"] >= 0.95 and pairs["recall"] >= 0.85, result


def test_dask_engine_gives_the_same_store(tmp_path, corpus_copy, built):
    db = tmp_path / "dask.db"
    report = ingest_paths([str(corpus_copy)], db, engine="dask", jobs=2, on_error=lambda _m: None)
    assert report.stored == 21 and not report.failed
    assert dump(db) == dump(built[0])


def test_a_full_disk_stops_cleanly_and_keeps_the_store_consistent(tmp_path, corpus_copy, monkeypatch):
    import coopgraph.store.update as update_module

    db = tmp_path / "small.db"
    real_connect = update_module.connect

    def small_connect(path, **kw):
        conn = real_connect(path, **kw)
        conn.execute("PRAGMA max_page_count = 40")  # about 160 KB: fills up after a few documents
        return conn

    monkeypatch.setattr(update_module, "connect", small_connect)
    with pytest.raises(StoreError, match="cannot write: the disk is full.*run the same command again"):
        ingest_paths([str(corpus_copy)], db, on_error=lambda _m: None)
    monkeypatch.undo()
    conn = connect(db, readonly=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # nothing half-stored: a run's files are switched in together or not at all ...
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    staged = conn.execute("SELECT COUNT(*) FROM staged").fetchone()[0]
    # ... and what it extracted before the disk filled up is not extracted again
    report = ingest_paths([str(corpus_copy)], db, on_error=lambda _m: None)
    assert report.resumed == staged and report.stored == 21


def test_chinese_institution_names_composed_into_english(tmp_path):
    conn = _ingest_pair(
        tmp_path,
        "Uruguay and China open a nanomedicine laboratory\n\n"
        "The Ocean University of China and the University of the Republic of Uruguay signed an agreement in Montevideo "
        "to run a joint laboratory for bio-nano pharmaceutical research, the two universities said.\n",
        "中乌联合实验室揭牌\n\n"
        "中国海洋大学与乌拉圭共和国大学在蒙得维的亚签署协议,共建生物纳米制药联合实验室,开展国际科技合作。\n",
    )
    (ouc,) = find_entities(conn, "中国海洋大学")
    assert "Ocean University of China" in profile(conn, ouc["id"])["names"]
    assert any("composed translation 'Ocean University of China'" in r["rule"] for r in why(conn, ouc["id"]))


def test_followthemoney_export(built, tmp_path):
    import json as _json

    from coopgraph.store.graph_export import export_ftm

    db, _ = built
    rows = [_json.loads(line) for line in open(export_ftm(connect(db, readonly=True), tmp_path / "e.ftm.json"), encoding="utf-8")]
    schemas = {r["schema"] for r in rows}
    assert {"Organization", "Person", "Event", "Membership"} <= schemas
    ids = {r["id"] for r in rows}
    for r in rows:
        for ref in r["properties"].get("involved", []) + r["properties"].get("member", []):
            assert ref in ids
    # provenance: every event and membership names its source, its evidence and the Document it was read in
    docs = {r["id"]: r for r in rows if r["schema"] == "Document"}
    for r in rows:
        if r["schema"] in ("Event", "Membership"):
            props = r["properties"]
            assert [docs[p]["properties"]["sourceUrl"][0] for p in props["proof"]] == props["sourceUrl"]
            assert len(props["description"]) == len(props["proof"]) and all(d.strip() for d in props["description"])
    tib = next(r for r in rows if r["schema"] == "Organization" and "TIB" in r["properties"].get("alias", []))
    assert "中国科学院天津工业生物技术研究所" in tib["properties"]["alias"]


def test_attendees_of_one_forum_are_no_partners(tmp_path):
    """Issue 9, kinds of partnership: the parties of an agreement are partners; the organiser
    of a forum and its attendees, or two attendees, are not."""
    from stores import load, record

    from coopgraph.store.queries import find_entities, partners

    text = ("The Kenya Medical Research Institute hosted a vaccine forum attended by the World Health Organization "
            "and the Pasteur Institute. The Kenya Medical Research Institute and the Chinese Academy of Sciences "
            "signed a vaccine agreement.")
    ents = [("ORG", "Kenya Medical Research Institute", "KE"), ("ORG", "World Health Organization", None),
            ("ORG", "Pasteur Institute", "FR"), ("ORG", "Chinese Academy of Sciences", "CN")]
    events = [("MEETING", "2024-03-01", [("Kenya Medical Research Institute", "organizer"),
                                         ("World Health Organization", "attendee"), ("Pasteur Institute", "attendee")]),
              ("AGREEMENT", "2024-03-02", [("Kenya Medical Research Institute", "party"),
                                           ("Chinese Academy of Sciences", "party")])]
    conn = connect(load(tmp_path / "p.db", [record("forum.txt", text, ents, events)]), readonly=True)
    kemri = find_entities(conn, "Kenya Medical Research Institute")[0]["id"]
    assert [p["name"] for p in partners(conn, kemri)] == ["Chinese Academy of Sciences"]
    who = find_entities(conn, "World Health Organization")[0]["id"]
    assert partners(conn, who) == []
