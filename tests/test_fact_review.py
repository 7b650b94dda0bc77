"""Confidence and fact review (issue 10, point 7): each fact's confidence kept and shown, a
review queue (lowest confidence first, or a seeded random sample) whose rejections hide facts
and whose undo shows them again, the Quality page's precision from the random sample only,
and accepted facts exported as gold. On the hand-written store of `stores.quality_store`."""
from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coopgraph.api.app import create_app
from coopgraph.evaluate.gold import load_gold
from coopgraph.evaluate.goldcheck import check_file
from coopgraph.store import fact_review
from coopgraph.store.db import connect
from coopgraph.store.fact_review import DEFAULT_SEED, SAMPLE_WINDOW, decide, quality, queue, undo_review
from stores import back_to_schema, KEMRI, _confidence, _explorer_records, load, quality_store

TOKEN = "fact review token"
BASE = "http://127.0.0.1:8000"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def quality_db(tmp_path_factory) -> Path:
    return quality_store(tmp_path_factory.mktemp("quality") / "quality.db")


@pytest.fixture
def db(quality_db, tmp_path) -> Path:
    """A copy of the store for one test: reviews must not leak into other tests."""
    copy = tmp_path / "store.db"
    shutil.copy(quality_db, copy)
    return copy


@pytest.fixture
def editor(db):
    return TestClient(create_app(db, edit_token=TOKEN), base_url=BASE)


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson's 95% score interval, written out here apart from the code under test."""
    z = 1.959963984540054
    p = k / n
    denominator = 1 + z ** 2 / n
    centre = (p + z ** 2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    return centre - half, centre + half


def test_each_fact_keeps_its_confidence_and_the_pages_show_it(editor):
    grace = editor.get("/api/search", params={"q": "Grace Wanjiru"}).json()["entities"][0]
    profile = editor.get(f"/api/entities/{grace['id']}").json()
    expected = _confidence("en/who-kemri-agreement.txt", "e4", "Director General")   # the record's role
    assert [r["confidence"] for r in profile["roles"]] == [expected]
    kemri = editor.get("/api/search", params={"q": KEMRI}).json()["entities"][0]
    events = editor.get(f"/api/entities/{kemri['id']}").json()["events"]
    assert all(isinstance(v["confidence"], float) for v in events)
    page = editor.get(f"/entity/{grace['id']}").text
    assert f'<span class="conf" title="confidence: the calibrated probability that this fact is right">{expected:.2f}</span>' in page
    timeline = editor.get("/api/timeline").json()
    assert all(0 < v["confidence"] < 1 for v in timeline)
    article = editor.get(f"/api/articles/{profile['roles'][0]['article_id']}").json()
    assert {m["name"]: m["confidence"] for m in article["mentions"]}["Grace Wanjiru"] == \
        _confidence("en/who-kemri-agreement.txt", "Grace Wanjiru")
    assert f"{expected:.2f}</span>" in editor.get(f"/article/{article['id']}").text


def test_lowest_first_is_ordered_and_the_sample_is_seeded(db):
    conn = connect(db, readonly=True)
    lowest = queue(conn, "lowest", limit=100)
    confidences = [f["confidence"] for f in lowest]
    assert confidences == sorted(confidences) and len(lowest) == 59   # every fact of the relevant pages
    grace = next(f for f in lowest if f["kind"] == "role" and f["path"] == "en/who-kemri-agreement.txt")
    assert (grace["summary"], grace["title"]) == (f"Grace Wanjiru: Director General, {KEMRI}",
                                                  "KEMRI and WHO agree on a vaccine laboratory")
    first = [(f["kind"], f["id"]) for f in queue(conn, "sample", seed=7, limit=20)]
    assert first == [(f["kind"], f["id"]) for f in queue(conn, "sample", seed=7, limit=20)]
    assert first != [(f["kind"], f["id"]) for f in queue(conn, "sample", seed=8, limit=20)]
    assert first != [(f["kind"], f["id"]) for f in lowest[:20]]
    conn.close()


def test_a_rejected_fact_is_hidden_and_undo_shows_it_again(editor, db):
    role = next(f for f in editor.get("/api/fact-reviews/queue", params={"kind": "role"}).json())
    body = {"kind": "role", "id": role["id"], "verdict": "reject", "author": "ana", "reason": "not her title"}
    assert editor.post("/api/fact-reviews", json=body).status_code == 403          # no token, no session
    review = editor.post("/api/fact-reviews", json=body, headers=AUTH).json()
    person = editor.get("/api/search", params={"q": role["gold"]["person"]}).json()["entities"][0]
    roles = lambda: [r["id"] for r in editor.get(f"/api/entities/{person['id']}").json()["roles"]]  # noqa: E731
    assert role["id"] not in roles()                                                # hidden from the graph
    assert (role["kind"], role["id"]) not in {(f["kind"], f["id"]) for f in
                                              editor.get("/api/fact-reviews/queue", params={"limit": 200}).json()}
    stored = editor.get("/api/fact-reviews").json()[0]
    assert {k: stored[k] for k in ("id", "kind", "fact_id", "verdict", "sampled", "author", "in_force")} == \
        {"id": review["id"], "kind": "role", "fact_id": role["id"], "verdict": "reject", "sampled": False,
         "author": "ana", "in_force": True}
    history = editor.get("/api/judgements").json()[0]    # the rejection is a correction like any other
    assert history["judgements"][0]["kind"] == "wrong" and history["author"] == "ana"
    assert editor.post(f"/api/fact-reviews/{review['id']}/undo", headers=AUTH).json()["undone"] == review["id"]
    assert role["id"] in roles()
    assert editor.get("/api/fact-reviews").json()[0]["in_force"] is False
    assert editor.post(f"/api/fact-reviews/{review['id']}/undo", headers=AUTH).status_code == 404


def test_bad_verdicts_are_refused_with_reasons(editor, monkeypatch):
    post = lambda body: editor.post("/api/fact-reviews", json=body, headers=AUTH)  # noqa: E731
    assert post({"kind": "rumour", "id": 1, "verdict": "accept"}).status_code == 422
    assert post({"kind": "role", "id": 1, "verdict": "maybe"}).status_code == 422
    missing = post({"kind": "role", "id": 999999, "verdict": "accept"})
    assert missing.status_code == 400 and missing.json()["detail"] == "no role 999999 in a relevant article"
    mentions = editor.get("/api/fact-reviews/queue", params={"order": "sample", "kind": "mention", "limit": 200}).json()
    last = post({"kind": "mention", "id": mentions[-1]["id"], "verdict": "accept", "sampled": True})   # 45th of 45
    assert len(mentions) < SAMPLE_WINDOW and last.status_code == 200     # the window counts facts of one kind
    monkeypatch.setattr(fact_review, "SAMPLE_WINDOW", 2)
    events = editor.get("/api/fact-reviews/queue", params={"order": "sample", "kind": "event"}).json()
    refused = post({"kind": "event", "id": events[2]["id"], "verdict": "accept", "sampled": True})
    assert refused.status_code == 400 and "is not among the next 2 events of the sample" in refused.json()["detail"]
    assert editor.get("/api/fact-reviews/queue", params={"order": "sideways"}).status_code == 422


def test_quality_counts_the_random_sample_only(editor, db):
    sample = editor.get("/api/fact-reviews/queue", params={"order": "sample", "limit": 12}).json()
    for i, f in enumerate(sample):   # every third one rejected
        verdict = "reject" if i % 3 == 2 else "accept"
        decide(db, f["kind"], f["id"], verdict, sampled=True, seed=DEFAULT_SEED, author="ana")
    for f in queue(connect(db, readonly=True), "lowest", limit=5):    # biased: never counted
        decide(db, f["kind"], f["id"], "reject", author="ana")
    figures = {k["kind"]: k for k in editor.get("/api/quality").json()["kinds"]}
    assert editor.get("/quality.json").json()["kinds"] == list(figures.values())
    conn = connect(db, readonly=True)
    live = conn.execute("SELECT kind, verdict FROM fact_reviews f WHERE sampled = 1 AND undone = 0").fetchall()
    for kind in ("mention", "role", "event"):
        n = sum(k == kind for k, _ in live)
        accepted = sum(k == kind and v == "accept" for k, v in live)
        assert (figures[kind]["reviewed"], figures[kind]["accepted"]) == (n, accepted)
        if n:
            low, high = wilson(accepted, n)
            assert figures[kind]["low"] == pytest.approx(low) and figures[kind]["high"] == pytest.approx(high)
            assert figures[kind]["estimate"] == pytest.approx((low + high) / 2)
    assert sum(k["reviewed"] for k in figures.values()) == 12
    assert sum(k["lowest_first_reviewed"] for k in figures.values()) == 5
    page = editor.get("/quality").text
    mentions = figures["mention"]
    assert f"entities: {mentions['estimate']:.2f} ± {mentions['margin']:.2f}</strong> from {mentions['reviewed']} reviewed" in page


def test_a_later_verdict_replaces_the_earlier_one(db):
    conn = connect(db, readonly=True)
    fact = next(f for f in queue(conn, "sample", limit=SAMPLE_WINDOW) if f["kind"] == "event")
    conn.close()
    first = decide(db, "event", fact["id"], "reject")                       # lowest first: hidden
    again = decide(db, "event", fact["id"], "accept", sampled=True)          # drawn by the sample: shown
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM hidden_facts").fetchone()[0] == 0
    assert [r["undone"] for r in conn.execute("SELECT undone FROM fact_reviews ORDER BY id")] == [1, 0]
    conn.close()
    assert again["replaced"] == 1
    with pytest.raises(ValueError, match="not in force|no fact review"):
        undo_review(db, first["id"])
    with pytest.raises(ValueError, match="reviewed in the random sample already"):
        decide(db, "event", fact["id"], "reject", sampled=True)


def test_a_rejection_outlives_reingest(db):
    conn = connect(db, readonly=True)
    role = queue(conn, "lowest", kind="role", limit=1)[0]
    conn.close()
    decide(db, "role", role["id"], "reject")
    conn = connect(db)
    conn.execute("DELETE FROM articles WHERE id = ?", (role["article_id"],))   # its facts come back under new row ids
    conn.commit()
    conn.close()
    load(db, _explorer_records())
    conn = connect(db, readonly=True)
    hidden = conn.execute("SELECT r.id FROM hidden_facts h JOIN roles r ON r.id = h.row_id WHERE h.kind = 'role'").fetchall()
    assert len(hidden) == 1 and hidden[0][0] != role["id"]
    assert role["key"] not in {f["key"] for f in queue(conn, "lowest", kind="role", limit=10)}


def test_accepted_facts_export_as_gold_that_the_checker_passes(db, tmp_path):
    conn = connect(db, readonly=True)
    facts = queue(conn, "lowest", limit=100)
    conn.close()
    role = next(f for f in facts if f["kind"] == "role" and f["path"] == "en/who-kemri-agreement.txt")
    event = next(f for f in facts if f["kind"] == "event" and f["path"] == "en/who-kemri-agreement.txt")
    rejected = next(f for f in facts if f["kind"] == "mention" and f["path"] == "en/sajorec-founded.txt")
    for f, verdict in ((role, "accept"), (event, "accept"), (rejected, "reject")):
        decide(db, f["kind"], f["id"], verdict)
    out = tmp_path / "gold"
    result = subprocess.run([sys.executable, "-m", "coopgraph", "export-reviewed", str(out), "--db", str(db)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(out / "who-kemri-agreement.txt.json")]
    [gold] = load_gold(out)
    [segment] = gold.segments
    assert segment.roles == [{"person": "Grace Wanjiru", "title": "Director General", "org": KEMRI}]
    assert [(v["type"], v["date"], v["place"]) for v in segment.events] == [("AGREEMENT", "2024-03-04", "Nairobi")]
    assert {e["name"] for e in segment.entities} == {"Grace Wanjiru", KEMRI, "World Health Organization", "Nairobi"}
    page = tmp_path / "pages" / "who-kemri-agreement.txt"
    page.parent.mkdir()
    record = next(r for r in _explorer_records() if r["source"] == gold.source)
    page.write_text(record["text"], encoding="utf-8")
    assert check_file(out / "who-kemri-agreement.txt.json", page) == []


def cli(*args):
    return subprocess.run([sys.executable, "-m", "coopgraph", *args], capture_output=True, text=True, timeout=120)


def test_the_command_line_reviews_and_estimates(db):
    listed = json.loads(cli("review-facts", "--db", str(db), "--order", "sample", "--limit", "3", "--json").stdout)
    assert len(listed) == 3
    for f in listed:
        done = cli("accept", f["kind"], str(f["id"]), "--sample", "--db", str(db), "--by", "ana")
        assert done.returncode == 0 and f"accepted {f['kind']} {f['id']}" in done.stderr
    lowest = json.loads(cli("review-facts", "--db", str(db), "--json", "--limit", "1").stdout)[0]
    assert cli("reject", lowest["kind"], str(lowest["id"]), "--db", str(db)).returncode == 0
    reviews = json.loads(cli("review-facts", "--done", "--db", str(db), "--json").stdout)
    assert [r["sampled"] for r in reviews] == [False, True, True, True]
    assert cli("undo-review", str(reviews[0]["id"]), "--db", str(db)).returncode == 0
    bad = cli("undo-review", str(reviews[0]["id"]), "--db", str(db))
    assert bad.returncode == 2 and bad.stderr.startswith("error: no fact review") and "Traceback" not in bad.stderr
    missing = cli("reject", "event", "12345", "--db", str(db))
    assert missing.returncode == 2 and missing.stderr.strip() == "error: no event 12345 in a relevant article"
    quality = json.loads(cli("quality", "--db", str(db), "--json").stdout)
    assert sum(k["reviewed"] for k in quality["kinds"]) == 3
    assert sum(k["lowest_first_reviewed"] for k in quality["kinds"]) == 0      # the rejection was undone
    text = cli("quality", "--db", str(db)).stdout
    assert "lowest confidence first are not used" in text
    shown = json.loads(cli("show", "Grace Wanjiru", "--db", str(db), "--json").stdout)
    assert shown["roles"][0]["confidence"] == _confidence("en/who-kemri-agreement.txt", "e4", "Director General")
    assert "confidence 0." in cli("show", "Grace Wanjiru", "--db", str(db)).stdout
    why = json.loads(cli("why", KEMRI, "--db", str(db), "--json").stdout)
    assert all(isinstance(m["confidence"], float) for m in why["mentions"])


def test_rejecting_roles_and_events_gives_the_graph_a_full_resolution_gives(db, tmp_path):
    """Roles and events judged wrong only hide facts (resolution reads mentions): the quick
    path (`resolver.rehide`) must leave the store as a full re-resolution would."""
    from coopgraph.resolve.resolver import resolve

    conn = connect(db, readonly=True)
    facts = queue(conn, "lowest", limit=100)
    conn.close()
    for f in [next(f for f in facts if f["kind"] == k) for k in ("role", "event")]:
        decide(db, f["kind"], f["id"], "reject")
    tables = "SELECT * FROM hidden_facts ORDER BY 1, 2", "SELECT * FROM resolution ORDER BY 1", \
        "SELECT id, type, name, country, mentions FROM entities ORDER BY id"
    conn = connect(db, readonly=True)
    quick = [conn.execute(sql).fetchall() for sql in tables]
    conn.close()
    assert len(quick[0]) == 2
    full = tmp_path / "full.db"
    shutil.copy(db, full)
    conn = connect(full)
    resolve(conn)
    assert [conn.execute(sql).fetchall() for sql in tables] == quick
    conn.close()


def test_a_store_at_schema_10_gains_confidence_and_reviews(db):
    """A store written before migration 13 gets the columns (empty: the rules' facts have no
    confidence until `ingest --force`) and the review table; its queue and pages still work."""
    back_to_schema(db, 10)
    conn = connect(db)
    assert tuple(conn.execute("SELECT COUNT(*), COUNT(confidence) FROM mentions").fetchone()) == (46, 0)
    assert {r["confidence"] for r in queue(conn, "lowest", limit=100)} == {None}
    conn.close()
    review = decide(db, "event", queue(connect(db, readonly=True), "lowest", kind="event", limit=1)[0]["id"], "reject")
    assert review["confidence"] is None
    client = TestClient(create_app(db), base_url=BASE)
    assert client.get("/review/facts").status_code == 200 and 'class="conf"' not in client.get("/timeline").text


def test_verdicts_on_facts_no_longer_extracted_are_not_counted(db):
    conn = connect(db, readonly=True)
    drawn = [f for f in queue(conn, "sample", kind="event", limit=3)]
    conn.close()
    for f in drawn:
        decide(db, "event", f["id"], "accept", sampled=True)
    conn = connect(db)
    conn.execute("DELETE FROM articles WHERE id = ?", (drawn[0]["article_id"],))   # its file changed
    conn.commit()
    events = {k["kind"]: k for k in quality(conn)["kinds"]}["event"]
    conn.close()
    assert (events["reviewed"], events["gone"]) == (3 - sum(f["article_id"] == drawn[0]["article_id"] for f in drawn),
                                                    sum(f["article_id"] == drawn[0]["article_id"] for f in drawn))


def test_a_gold_anchor_skips_the_headline_and_a_bare_dateline():
    from coopgraph.store.reviewed_gold import _pieces

    text = ("KEMRI signs\nNairobi, May 3\nThe Kenya Medical Research Institute and the World Health Organization "
            "signed an agreement today in Nairobi.\nBy staff")
    assert _pieces(text, "KEMRI signs") == ("The Kenya Medical Research Institute and the World Health",
                                            "Health Organization signed an agreement today in Nairobi.")


def test_the_list_of_reviews_is_paged(editor):
    """Every list the API caps is paged (issue 10, point 2): the reviews by `offset`."""
    facts = editor.get("/api/fact-reviews/queue", params={"limit": 4}).json()
    made = [editor.post("/api/fact-reviews", json={"kind": f["kind"], "id": f["id"], "verdict": "accept"},
                        headers=AUTH).json()["id"] for f in facts]
    newest = [r["id"] for r in editor.get("/api/fact-reviews").json()]
    assert newest == made[::-1] and len(newest) == 4
    assert [r["id"] for r in editor.get("/api/fact-reviews", params={"limit": 2, "offset": 2}).json()] == newest[2:]
    assert editor.get("/api/fact-reviews", params={"offset": 4}).json() == []
    assert editor.get("/api/review", params={"offset": -1}).status_code == 422
