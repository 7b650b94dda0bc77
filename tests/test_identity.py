"""Identity (issue 9, points 3-5): a document is its content, and a changed extractor
re-extracts it; entity and event ids stay what they were through re-ingest, added files,
corrections and undo."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from stores import ORGS, extract_by_hand, pages

from coopgraph.extract import run
from coopgraph.store import queries, update
from coopgraph.store.db import connect
from coopgraph.store.update import ingest_paths


@pytest.fixture()
def by_hand(monkeypatch):
    """Ingest extracts with `extract_by_hand` (no NLP pipeline)."""
    monkeypatch.setattr(run, "extract_file", extract_by_hand)


def quiet(paths: list[Path], db: Path, **kw) -> update.IngestReport:
    return ingest_paths([str(p) for p in paths], db, on_error=lambda _m: None, **kw)


def count(db: Path, sql: str) -> int:
    conn = connect(db, readonly=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


# point 4: content identity

def test_the_same_file_under_two_paths_is_one_document(tmp_path, by_hand):
    first = pages(tmp_path / "first", 3)
    db = tmp_path / "g.db"
    quiet([first], db)
    events = count(db, "SELECT COUNT(*) FROM events")
    second = tmp_path / "second"
    shutil.copytree(first, second)
    report = quiet([second], db)
    assert report.stored == 0 and report.copies == 3
    assert "3 copies of a file stored under another path" in report.summary_line()
    assert count(db, "SELECT COUNT(*) FROM documents") == 3
    assert count(db, "SELECT COUNT(*) FROM events") == events   # not doubled
    assert count(db, "SELECT COUNT(*) FROM document_paths") == 6
    again = quiet([first, second], db)
    assert again.unchanged == 6 and again.copies == 0 and again.stored == 0


def test_copies_in_one_run_are_extracted_once(tmp_path, by_hand):
    folder = pages(tmp_path / "in", 2)
    shutil.copy(folder / "page0.txt", folder / "page0-copy.txt")
    db = tmp_path / "g.db"
    report = quiet([folder], db)
    assert report.stored == 2 and report.copies == 1
    assert count(db, "SELECT COUNT(*) FROM documents") == 2
    assert count(db, "SELECT COUNT(*) FROM document_paths") == 3


def page_and_copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A folder of one page, a copy of it beside the folder, and a store holding both."""
    folder = pages(tmp_path / "in", 1)
    copy = tmp_path / "copy.txt"
    shutil.copy(folder / "page0.txt", copy)
    db = tmp_path / "g.db"
    quiet([folder, copy], db)
    return folder, copy, db


def test_a_path_that_changes_leaves_the_document_to_its_other_paths(tmp_path, by_hand):
    folder, copy, db = page_and_copy(tmp_path)
    (folder / "page0.txt").write_text(f"The {ORGS[0]} and the {ORGS[2]} signed an agreement.\n", encoding="utf-8")
    quiet([folder], db)
    conn = connect(db, readonly=True)
    paths = dict(conn.execute("SELECT d.path, d.sha256 FROM documents d").fetchall())
    assert set(paths) == {str(folder / "page0.txt"), str(copy)}   # the old bytes stay, shown at the copy's path
    assert len(set(paths.values())) == 2
    seen_at = conn.execute("SELECT d.path, group_concat(p.path) FROM document_paths p JOIN documents d "
                           "ON d.id = p.document_id GROUP BY d.id").fetchall()
    assert sorted(map(tuple, seen_at)) == sorted((p, p) for p in paths)


def test_a_changed_extractor_re_extracts_and_says_why(tmp_path, by_hand, monkeypatch):
    folder = pages(tmp_path / "in", 3)
    db = tmp_path / "g.db"
    quiet([folder], db)
    assert quiet([folder], db).unchanged == 3
    monkeypatch.setattr(update, "extractor_fingerprint", lambda: "0.1.0+another-rule")
    report = quiet([folder], db)
    assert report.stored == 3 and report.reextracted == {"extractor changed": 3}
    assert "3 re-extracted: extractor changed" in report.summary_line()
    assert count(db, "SELECT COUNT(*) FROM documents WHERE extractor = '0.1.0+another-rule'") == 3
    assert quiet([folder], db).unchanged == 3   # and then they are up to date
    assert "re-extracted: --force" in quiet([folder], db, force=True).summary_line()


def test_the_fingerprint_follows_the_extraction_code(tmp_path, monkeypatch):
    from coopgraph.extract import fingerprint

    fake = tmp_path / "coopgraph"
    shutil.copytree(fingerprint.PACKAGE, fake, ignore=shutil.ignore_patterns("__pycache__", "web"))
    monkeypatch.setattr(fingerprint, "PACKAGE", fake)
    fingerprint.extractor_fingerprint.cache_clear()
    before = fingerprint.extractor_fingerprint()
    (fake / "api" / "app.py").write_text("# not extraction\n", encoding="utf-8")
    fingerprint.extractor_fingerprint.cache_clear()
    assert fingerprint.extractor_fingerprint() == before
    with open(fake / "extract" / "rules.py", "a", encoding="utf-8") as fh:
        fh.write("# a rule changed\n")
    fingerprint.extractor_fingerprint.cache_clear()
    changed = fingerprint.extractor_fingerprint()
    (fake / "data" / "organisations.json").write_text("[]", encoding="utf-8")
    fingerprint.extractor_fingerprint.cache_clear()
    assert len({before, changed, fingerprint.extractor_fingerprint()}) == 3
    fingerprint.extractor_fingerprint.cache_clear()


def test_a_wrong_fact_is_found_by_any_path_of_its_document(tmp_path, by_hand):
    from coopgraph.store.curation import judge

    _folder, copy, db = page_and_copy(tmp_path)
    judge(db, "wrong", {"fact": "event", "path": str(copy), "segment": 0, "event": "v1"})
    assert count(db, "SELECT COUNT(*) FROM hidden_facts WHERE kind = 'event'") == 1
    assert queries.stats(connect(db, readonly=True))["documents"] == 1


# point 3: stable ids

BODIES = (*ORGS, "Pasteur Institute", "Max Planck Society", "African Union", "Fiocruz", "Wellcome Trust",
          "Gates Foundation", "CGIAR", "ICGEB", "CEPI", "Africa CDC", "Institut Pasteur de Dakar")


def extract_known(path: str, job) -> run.FileResult:
    """Like `stores.extract_by_hand`, over more bodies: every one of BODIES the page names, and
    one agreement between them."""
    from stores import record

    text = Path(path).read_text(encoding="utf-8")
    named = [n for n in BODIES if n in text and not any(n in other and n != other for other in BODIES if other in text)]
    rec = record(path, text, [("ORG", n, None) for n in named],
                 events=[("AGREEMENT", "2024-03-04", [(n, "party") for n in named])])
    return run.FileResult(path, [rec], "utf-8")


def write(folder: Path, name: str, *bodies: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"In {name}, the {' and the '.join(bodies)} signed an agreement.\n", encoding="utf-8")
    return folder / name


def served(db: Path):
    from fastapi.testclient import TestClient

    from coopgraph.api.app import create_app

    return TestClient(create_app(db), base_url="http://127.0.0.1")


def entity_id(db: Path, name: str) -> int:
    conn = connect(db, readonly=True)
    try:
        (found,) = queries.find_entities(conn, name)
        return found["id"]
    finally:
        conn.close()


def test_an_entity_url_shows_the_same_entity_after_ingests_corrections_and_undo(tmp_path, monkeypatch):
    from coopgraph.store.curation import judge, undo

    monkeypatch.setattr(run, "extract_file", extract_known)
    first, db = tmp_path / "first", tmp_path / "g.db"
    write(first, "a.txt", ORGS[0], ORGS[1])
    write(first, "b.txt", ORGS[1], ORGS[2])
    write(first, "c.txt", ORGS[2], "Pasteur Institute")
    quiet([first], db)
    urls = {name: f"/entity/{entity_id(db, name)}" for name in (ORGS[2], "Pasteur Institute", ORGS[1])}
    # ten other files, among them a new version of a.txt and b.txt (re-extracted, new row ids)
    other = tmp_path / "other"
    for i, (x, y) in enumerate(zip(BODIES[3:], BODIES[4:])):
        write(other, f"n{i}.txt", x, y)
    write(first, "a.txt", "Fiocruz", ORGS[0], ORGS[1])
    write(first, "b.txt", "CGIAR", ORGS[1], ORGS[2])
    report = quiet([other, first], db)
    assert report.stored == 12
    quiet([other, first], db, force=True)
    judge(db, "merge", {"a": ORGS[0], "b": ORGS[1]})       # the Kenyan institute's and WHO's mentions, one entity
    judge(db, "split", {"entity": ORGS[2], "name": ORGS[2]})
    judge(db, "wrong", {"fact": "mention", "path": str(first / "c.txt"), "segment": 0, "name": ORGS[2]})
    undo(db)
    undo(db)
    undo(db)
    client = served(db)
    for name, url in urls.items():
        page = client.get(url)
        assert page.status_code == 200 and not page.history, url
        assert f"<h1>{name}" in page.text or f">{name}<" in page.text, (url, name)
        assert client.get("/api" + url.replace("/entity/", "/entities/")).json()["name"] == name


def test_a_merged_entity_s_id_redirects_and_lives_again_after_undo(tmp_path, monkeypatch):
    from coopgraph.store.curation import judge, undo

    monkeypatch.setattr(run, "extract_file", extract_known)
    db = tmp_path / "g.db"
    write(tmp_path / "in", "a.txt", ORGS[0], ORGS[1])
    write(tmp_path / "in", "b.txt", "Pasteur Institute", "Fiocruz")
    quiet([tmp_path / "in"], db)
    kemri, who = entity_id(db, ORGS[0]), entity_id(db, ORGS[1])
    judge(db, "merge", {"a": ORGS[1], "b": ORGS[0]})
    assert entity_id(db, ORGS[0]) == min(kemri, who)    # the older id is kept
    gone, kept = max(kemri, who), min(kemri, who)
    client = served(db)
    moved = client.get(f"/api/entities/{gone}/why", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == f"/api/entities/{kept}/why"
    assert client.get(f"/entity/{gone}").history[0].status_code == 307
    assert client.get(f"/report/entity/{gone}.html", follow_redirects=False).headers["location"] == \
        f"/report/entity/{kept}.html"
    undo(db)
    assert (entity_id(db, ORGS[0]), entity_id(db, ORGS[1])) == (kemri, who)
    assert served(db).get(f"/api/entities/{gone}", follow_redirects=False).status_code == 200


def test_event_and_article_ids_survive_re_extraction(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "extract_file", extract_known)
    db = tmp_path / "g.db"
    write(tmp_path / "in", "a.txt", ORGS[0], ORGS[1])
    quiet([tmp_path / "in"], db)
    ids = "SELECT (SELECT group_concat(id) FROM events), (SELECT group_concat(id) FROM articles)"
    conn = connect(db, readonly=True)
    before = tuple(conn.execute(ids).fetchone())
    conn.close()
    write(tmp_path / "more", "b.txt", ORGS[2], "Fiocruz")
    quiet([tmp_path / "more"], db)
    quiet([tmp_path / "in"], db, force=True)
    conn = connect(db, readonly=True)
    event, article = conn.execute(
        "SELECT v.id, a.id FROM events v JOIN articles a ON a.id = v.article_id JOIN documents d "
        "ON d.id = a.document_id WHERE d.path LIKE '%a.txt'").fetchone()
    assert (str(event), str(article)) == (before[0], before[1])
    assert 0 < event < 2**53    # exact in the explorer's JavaScript


# point 5: judgements as edges between ids, with who, when and why; corrections undone whole

def test_same_different_and_unsure_between_ids_with_history(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from coopgraph.cli import main

    monkeypatch.setattr(run, "extract_file", extract_known)
    db = tmp_path / "g.db"
    write(tmp_path / "in", "a.txt", ORGS[1], "CEPI")
    write(tmp_path / "in", "b.txt", "Fiocruz", "CGIAR")
    quiet([tmp_path / "in"], db)
    who, cepi, fiocruz = entity_id(db, ORGS[1]), entity_id(db, "CEPI"), entity_id(db, "Fiocruz")
    cli = lambda *a: CliRunner().invoke(main, [*a, "--db", str(db)])  # noqa: E731
    assert cli("judge", "same", str(who), str(cepi), "--by", "alice", "--reason", "one body").exit_code == 0
    assert entity_id(db, "CEPI") == min(who, cepi) and entity_id(db, ORGS[1]) == min(who, cepi)
    assert cli("judge", "unsure", str(cepi), str(fiocruz), "--by", "bob").exit_code == 0
    assert cli("judge", "different", str(who), str(cepi), "--by", "carol").exit_code == 0
    assert (entity_id(db, ORGS[1]), entity_id(db, "CEPI")) == (who, cepi)   # apart again, each with its id
    assert cli("judge", "same", str(who), "999999").exit_code == 2           # no such entity: refused
    history = cli("history").output.splitlines()
    assert len(history) == 3 and "carol" in history[0] and "different" in history[0]
    assert "alice" in history[2] and "one body" in history[2] and f"a={who}, b={cepi}" in history[2]
    assert cli("undo").exit_code == 0   # the 'different' goes: the 'same' is in force again
    assert entity_id(db, "CEPI") == entity_id(db, ORGS[1]) == min(who, cepi)
    assert "(undone)" in cli("history").output.splitlines()[0]


def test_different_keeps_apart_what_any_rule_would_join():
    from coopgraph.resolve.resolver import UnionFind

    uf = UnionFind([1, 2, 3, 4])
    uf.keep_apart(1, 3, mark=7)
    uf.union(1, 2, "shared name")
    uf.union(3, 4, "shared name")
    uf.union(2, 4, "spelling variant")
    assert uf.find(1) == uf.find(2) and uf.find(3) == uf.find(4) and uf.find(1) != uf.find(3)


def test_a_correction_of_many_judgements_is_undone_whole(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from coopgraph.api.app import create_app

    monkeypatch.setattr(run, "extract_file", extract_known)
    db = tmp_path / "g.db"
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path / "in", name, "CEPI", "Fiocruz")
    quiet([tmp_path / "in"], db)
    client = TestClient(create_app(db, edit_token="t" * 16), base_url="http://127.0.0.1")
    auth = {"authorization": "Bearer " + "t" * 16}
    cepi = entity_id(db, "CEPI")
    why = client.get(f"/api/entities/{cepi}/why").json()
    not_real = [{"kind": "wrong", "payload": {"fact": "mention", "path": m["path"], "segment": m["segment"],
                                               "name": m["name"]}} for m in why]
    done = client.post("/api/judgements", json={"judgements": not_real, "reason": "not a real entity"}, headers=auth)
    assert done.status_code == 200 and done.json()["judgements"] == 3
    assert client.get(f"/api/entities/{cepi}").status_code == 404
    assert client.post("/api/undo", headers=auth).json()["undone"]["judgements"] == 3   # one step
    assert client.get(f"/api/entities/{cepi}").json()["name"] == "CEPI"
    (correction,) = client.get("/api/judgements").json()
    assert correction["undone"] and correction["author"] == "explorer" and len(correction["judgements"]) == 3


def test_review_lists_unjudged_uncertain_pairs_most_useful_first(tmp_path):
    from stores import load, record

    from coopgraph.store.curation import judge
    from coopgraph.store.queries import review_queue

    virology, biology = "Wuhan Institute of Virology", "Wuhan Institute of Biology"
    zoology, ecology = "Kunming Institute of Zoology", "Kunming Institute of Ecology"
    db = load(tmp_path / "g.db", [
        record(f"{i}.txt", f"On day {i}, the {name} signed.", [("ORG", name, "CN")])
        for i, name in enumerate((zoology, ecology, virology, virology, biology))
    ])
    queue = review_queue(connect(db, readonly=True))
    assert [(r["a"]["name"], r["b"]["name"]) for r in queue] == [(virology, biology), (zoology, ecology)]
    assert all(0.5 <= r["probability"] < 0.95 for r in queue)   # three mentions at stake, then two
    page = served(db).get("/review").text   # the same queue in the explorer
    assert page.index(virology) < page.index(biology) < page.index(zoology) < page.index(ecology)
    judge(db, "unsure", {"a": queue[0]["a"]["id"], "b": queue[0]["b"]["id"]})
    assert [r["a"]["name"] for r in review_queue(connect(db, readonly=True))] == [zoology]
    assert virology not in served(db).get("/review").text


def test_two_clusters_holding_one_mention_key_get_two_ids(tmp_path):
    """Two mentions of one segment with one type and name ('Ministry of Health' of two countries)
    share a mention key; when resolution keeps them apart, each cluster still gets its own id."""
    from coopgraph.resolve.ids import assign_entity_ids

    conn = connect(tmp_path / "k.db")
    shared, other = "sha:0:ORG:Ministry of Health", "sha:0:COUNTRY:Kenya"
    with conn:
        first = assign_entity_ids(conn, [[shared]])
    with conn:
        ids = assign_entity_ids(conn, [[shared], [shared, other]])
    assert ids[0] == first[0] and ids[1] != ids[0]
