"""A real-world event's id keeps leading to its reports when coreference regroups them
(issue 9, point 3): reports added or rejected, entities merged, corrections undone."""
from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from stores import Event, back_to_schema, load, record

from coopgraph.store.curation import judge, undo
from coopgraph.store.db import connect
from coopgraph.store.queries import find_entities, real_event_of

FALCON, AMBER, OSTRAVA = "Falcon Science Agency", "Amber Research Council", "Ostrava Biology Institute"
SAID = ("signed an agreement on vaccine trials", "put their names to a research accord", "agreed to share sequencing data",
        "concluded a memorandum on laboratory training", "sealed a deal on joint studies")


def _report(n: int, partner: str, published: str) -> dict:
    """One outlet's report of the signing of 4 March 2024, in words of its own."""
    text = f"The {FALCON} and the {partner} {SAID[n]} on 4 March 2024 (outlet {n})."
    return record(f"r{n}.txt", text, [("ORG", FALCON, None), ("ORG", partner, None)],
                  [Event("AGREEMENT", "2024-03-04", [(FALCON, "party"), (partner, "party")])], published=published)


def _elsewhere(n: int) -> dict:
    text = f"The Zephyr Fund {n} and the Willow Council {n} signed a grant agreement."
    return record(f"other{n}.txt", text, [("ORG", f"Zephyr Fund {n}", None), ("ORG", f"Willow Council {n}", None)],
                  [Event("AGREEMENT", f"2022-0{n}-01", [(f"Zephyr Fund {n}", "party"), (f"Willow Council {n}", "party")])])


def _events(db) -> dict[str, int]:
    """Each page's real-world event."""
    conn = connect(db, readonly=True)
    try:
        return {r[0]: r[1] for r in conn.execute(
            "SELECT d.path, c.real_event_id FROM event_coref c JOIN events v ON v.id = c.event_id "
            "JOIN articles a ON a.id = v.article_id JOIN documents d ON d.id = a.document_id")}
    finally:
        conn.close()


def _lead(db, event_id: int) -> int | None:
    conn = connect(db, readonly=True)
    try:
        return real_event_of(conn, event_id)
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path):
    """Two outlets say the Amber Research Council signed (r0, r1), three say the Ostrava
    Biology Institute did (r2-r4): two events, until an analyst says the two are one body."""
    return load(tmp_path / "g.db", [_report(0, AMBER, "2024-03-05"), _report(1, AMBER, "2024-03-06"),
                                    *(_report(n, OSTRAVA, f"2024-03-0{n + 5}") for n in (2, 3, 4))])


def _wrong(db, page: str) -> None:
    judge(db, "wrong", {"fact": "event", "path": page, "segment": 0, "event": "v1"})


def test_an_event_id_survives_added_files_a_rejected_report_a_merge_and_its_undo(db):
    before = _events(db)
    amber, ostrava = before["r0.txt"], before["r2.txt"]
    assert before["r1.txt"] == amber != ostrava
    load(db, [_elsewhere(n) for n in range(1, 4)])          # other files: nothing moves
    assert {p: before[p] for p in before} == {p: i for p, i in _events(db).items() if p in before}
    _wrong(db, "r0.txt")                                     # a report rejected: its event keeps its id
    assert _events(db)["r1.txt"] == amber
    conn = connect(db, readonly=True)
    a, b = (find_entities(conn, name)[0]["id"] for name in (AMBER, OSTRAVA))
    conn.close()
    judge(db, "same", {"a": a, "b": b})                      # one body: the reports are one event now
    now = _events(db)
    assert now["r1.txt"] == now["r2.txt"] == ostrava         # the bigger group's id
    assert _lead(db, amber) == ostrava                       # the old id leads to the event that holds its report
    undo(db)                                                 # the merge taken back: the old id is the old event again
    assert _events(db)["r1.txt"] == amber and _lead(db, amber) == amber
    undo(db)                                                 # the rejection taken back
    assert _events(db) == {**before, **{p: i for p, i in _events(db).items() if p not in before}}


def test_an_event_whose_reports_are_all_rejected_says_so(db):
    _wrong(db, "r0.txt")
    _wrong(db, "r1.txt")
    amber = _events(db).get("r0.txt")
    assert amber is None
    conn = connect(db, readonly=True)
    gone = conn.execute("SELECT old_id, new_id FROM event_redirects").fetchall()
    conn.close()
    assert len(gone) == 1 and gone[0][1] is None
    result = subprocess.run([sys.executable, "-m", "coopgraph", "why", str(gone[0][0]), "--db", str(db)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "no longer in the graph" in result.stderr and "Traceback" not in result.stderr


def test_the_explorer_and_why_follow_an_old_event_id(db):
    from coopgraph.api.app import create_app

    amber, ostrava = _events(db)["r0.txt"], _events(db)["r2.txt"]
    _wrong(db, "r0.txt")
    conn = connect(db, readonly=True)
    a, b = (find_entities(conn, name)[0]["id"] for name in (AMBER, OSTRAVA))
    conn.close()
    judge(db, "same", {"a": a, "b": b})
    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1")
    moved = client.get(f"/event/{amber}", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == f"/event/{ostrava}"
    page = client.get(f"/event/{amber}")
    assert page.status_code == 200 and "r1.txt" in page.text and "4 reports" in page.text
    api = client.get(f"/api/events/{amber}")
    assert api.status_code == 200 and api.json()["id"] == ostrava and api.json()["reports"] == 4
    assert client.get("/event/12345").status_code == 404
    result = subprocess.run([sys.executable, "-m", "coopgraph", "why", str(amber), "--db", str(db)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and f"event {ostrava}:" in result.stdout and f"event {amber}" in result.stderr


def test_a_store_at_schema_13_gains_event_redirects(db):
    back_to_schema(db, 13)
    _wrong(db, "r0.txt")                                     # opening migrates; the judgement resolves
    _wrong(db, "r1.txt")
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM event_redirects WHERE new_id IS NULL").fetchone()[0] == 1
    conn.close()
