"""The network to work in, without a browser: a node's neighbourhood, the events behind a
link, and the shortest path (API and CLI), on the purpose-made store of `stores.network_store`:
a chain of partners Alpha - Beta - Gamma - Delta, a forum that Alpha and Delta only attend,
and a pair apart, Epsilon and Zeta."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from coopgraph.api.app import create_app
from coopgraph.cli import main
from stores import ALPHA, ALPHA_BETA_URL, BETA, CENTRE, DELTA, EPSILON, GAMMA, OMEGA, ZETA, network_store

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return network_store(tmp_path_factory.mktemp("network") / "network.db")


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store), base_url=BASE)


@pytest.fixture(scope="module")
def ids(client) -> dict[str, int]:
    return {n["name"]: n["id"] for n in client.get("/api/network").json()["nodes"]}


def _names(client_ids: dict[str, int], graph: dict) -> dict:
    names = {i: n for n, i in client_ids.items()}
    return {frozenset((names[e["source"]], names[e["target"]])): e for e in graph["edges"]}


def test_links_between_fellow_attendees_are_no_partnerships(client, ids):
    net = client.get("/api/network").json()
    assert set(ids) == {ALPHA, BETA, GAMMA, DELTA, CENTRE, OMEGA, EPSILON, ZETA}
    links = _names(ids, net)
    assert {tuple(sorted(pair)): (e["weight"], e["partner"]) for pair, e in links.items()} == {
        (ALPHA, BETA): (1, 1), (BETA, GAMMA): (1, 1), (DELTA, GAMMA): (1, 1), (GAMMA, CENTRE): (1, 1),
        (DELTA, CENTRE): (1, 1), (EPSILON, ZETA): (1, 1),
        (ALPHA, DELTA): (1, 0), (ALPHA, OMEGA): (1, 0), (DELTA, OMEGA): (1, 0)}   # the forum's
    assert links[frozenset((ALPHA, DELTA))]["by"] == [{"year": 2023, "type": "MEETING", "partner": False, "events": 1}]
    delta = next(n for n in net["nodes"] if n["name"] == DELTA)
    assert delta["by"] == [{"year": 2022, "type": "ESTABLISHMENT", "events": 1}, {"year": 2023, "type": "MEETING", "events": 1}]
    assert [(b["year"], b["events"]) for b in net["by"]] == [(2019, 1), (2020, 1), (2021, 1), (2022, 1), (2023, 1)]


def test_a_neighbourhood_is_the_entity_its_partners_and_the_links_among_them(client, ids):
    hood = client.get(f"/api/entities/{ids[GAMMA]}/neighbours").json()
    assert hood["centre"] == ids[GAMMA] and hood["truncated"] is False
    assert {n["name"] for n in hood["nodes"]} == {GAMMA, BETA, DELTA, CENTRE}
    # links among the neighbours count every event of theirs, so they weigh what they weigh in the network
    assert set(_names(ids, hood)) == {frozenset(p) for p in ((GAMMA, BETA), (GAMMA, DELTA), (GAMMA, CENTRE), (DELTA, CENTRE))}
    assert next(n for n in hood["nodes"] if n["name"] == DELTA)["events"] == 2
    assert all(0 <= n["x"] <= 400 and 0 <= n["y"] <= 400 for n in hood["nodes"])   # laid out, as a small network
    busiest = client.get(f"/api/entities/{ids[GAMMA]}/neighbours", params={"limit": 1}).json()
    assert [n["name"] for n in busiest["nodes"]] == [BETA, GAMMA] and busiest["truncated"] is True
    only_2021 = client.get(f"/api/entities/{ids[GAMMA]}/neighbours", params={"since": 2021, "until": 2021}).json()
    assert {n["name"] for n in only_2021["nodes"]} == {GAMMA, BETA}


def test_the_events_behind_a_link_carry_roles_evidence_and_source(client, ids):
    forum = client.get("/api/edge", params={"a": ids[ALPHA], "b": ids[DELTA]}).json()
    assert forum["total"] == 1
    [event] = forum["events"]
    assert (event["type"], event["date"], event["roles"], event["partners"]) == ("MEETING", "2023-09-09", ["attendee", "attendee"], False)
    assert event["evidence"] == f"the {ALPHA} and the {DELTA} attended"
    assert (event["title"], event["source"], event["url"]) == ("Omega's forum", "forum.txt#0", None)
    # a link's event is a real-world event; its evidence is its first report's, whose row the
    # source link anchors in the article (#e<report>), with how many reports it has
    article = client.get(f"/api/articles/{event['article_id']}").json()
    assert [article["text"][slice(*v["span"])] for v in article["events"] if v["id"] == event["event_id"]] == \
        [event["evidence"]]
    assert (event["reports"], event["independent_sources"]) == (1, 1)
    [agreed] = client.get("/api/edge", params={"a": ids[ALPHA], "b": ids[BETA]}).json()["events"]
    assert (agreed["source"], agreed["url"]) == (f"{ALPHA_BETA_URL}#0", ALPHA_BETA_URL)   # read on the web
    founded = client.get("/api/edge", params={"a": ids[CENTRE], "b": ids[GAMMA]}).json()["events"]
    assert [(v["type"], v["roles"], v["partners"]) for v in founded] == [("ESTABLISHMENT", ["created", "founder"], True)]
    assert client.get("/api/edge", params={"a": ids[ALPHA], "b": ids[ZETA]}).json() == {
        "a": ids[ALPHA], "b": ids[ZETA], "total": 0, "events": []}


def _path(client, a: str, b: str, **params) -> dict:
    return client.get("/api/path", params={"from": a, "to": b, **params}).json()


def test_the_shortest_path_takes_the_fewest_links_or_partners_only(client, ids):
    short = _path(client, ids[ALPHA], ids[DELTA])
    assert [n["name"] for n in short["nodes"]] == [ALPHA, DELTA]           # through the forum
    assert [v["roles"] for v in short["steps"][0]["events"]] == [["attendee", "attendee"]]
    partners = _path(client, ids[ALPHA], ids[DELTA], partners_only="true")
    assert [n["name"] for n in partners["nodes"]] == [ALPHA, BETA, GAMMA, DELTA]
    assert [(s["source"], s["target"]) for s in partners["steps"]] == [
        (ids[ALPHA], ids[BETA]), (ids[BETA], ids[GAMMA]), (ids[GAMMA], ids[DELTA])]
    assert all(v["partners"] for s in partners["steps"] for v in s["events"])
    assert partners["steps"][2]["events"][0]["evidence"] == f"The {GAMMA} and the {DELTA} founded the {CENTRE}."
    assert [n["name"] for n in _path(client, ids[ALPHA], ids[GAMMA], until=2021)["nodes"]] == [ALPHA, BETA, GAMMA]
    assert _path(client, ids[ALPHA], ids[DELTA], until=2021) | {"steps": None} == {
        "from": ids[ALPHA], "to": ids[DELTA], "partners_only": False, "found": False, "nodes": [], "steps": None}
    assert _path(client, ids[ALPHA], ids[EPSILON])["found"] is False        # apart from the rest
    assert [n["name"] for n in _path(client, ids[ALPHA], ids[ALPHA])["nodes"]] == [ALPHA]


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/api/path?from=999999&to=1", 404, "no entity 999999"),
    ("/api/path?from=1", 422, "to: Field required"),
    ("/api/path?from=abc&to=1", 422, "from: Input should be a valid integer"),
    ("/api/path?from=1&to=2&since=2024&until=2020", 422, "since (2024) is after until (2020)"),
    ("/api/edge?a=1&b=999999", 404, "no entity 999999"),
    ("/api/entities/999999/neighbours", 404, "no entity 999999"),
    ("/api/entities/1/neighbours?limit=0", 422, "limit: Input should be greater than or equal to 1"),
])
def test_bad_network_requests_say_what_is_wrong(client, url, status, message):
    answer = client.get(url)
    assert answer.status_code == status
    assert message in answer.json()["detail"]


def test_cli_path_prints_each_step_with_its_events(store):
    run = CliRunner().invoke(main, ["path", ALPHA, DELTA, "--partners-only", "--db", str(store)])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert lines[0] == f"{ALPHA} → {BETA} → {GAMMA} → {DELTA}  (3 steps)"
    assert f"  {GAMMA} — {DELTA}: 1 event" in lines
    assert any(line.split() == ["2022", "ESTABLISHMENT", "founder/founder", "partners", "(gd.txt#0)"] for line in lines)
    as_json = json.loads(CliRunner().invoke(main, ["path", ALPHA, DELTA, "--json", "--db", str(store)]).output)
    assert [n["name"] for n in as_json["nodes"]] == [ALPHA, DELTA]
    apart = CliRunner().invoke(main, ["path", ALPHA, EPSILON, "--db", str(store)])
    assert (apart.exit_code, apart.output) == (1, f"nothing links {ALPHA} to {EPSILON}\n")
    backwards = CliRunner().invoke(main, ["path", ALPHA, DELTA, "--since", "2024", "--until", "2020", "--db", str(store)])
    assert backwards.exit_code == 2 and "--since 2024 is after --until 2020" in backwards.output


def test_an_id_merged_away_answers_for_the_entity_it_went_into(store, ids, tmp_path):
    import shutil

    from coopgraph.store.curation import correct

    db = tmp_path / "merged.db"
    shutil.copy(store, db)
    correct(db, [("merge", {"a": OMEGA, "b": ZETA})], author="test")
    client = TestClient(create_app(db), base_url=BASE)
    now = {n["name"]: n["id"] for n in client.get("/api/network").json()["nodes"]}
    gone = next(i for i in (ids[OMEGA], ids[ZETA]) if i not in now.values())
    path = _path(client, gone, ids[EPSILON])                 # Epsilon joined Zeta, now one with Omega
    assert path["from"] in now.values() and path["from"] != gone
    assert [n["id"] for n in path["nodes"]] == [path["from"], ids[EPSILON]]
