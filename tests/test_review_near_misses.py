"""The review queue lists the pairs a resolution rule almost joined, beside splink's
uncertain ones (issue 9, point 5: "splink 0.5-0.95 and rule near-misses")."""
from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from stores import load, record

from coopgraph.store.curation import judge
from coopgraph.store.db import connect
from coopgraph.store.queries import find_entities, review_queue

CAS, CAAS = "Chinese Academy of Sciences", "Chinese Academy of Agricultural Sciences"
VIROLOGY, BIOLOGY = "Wuhan Institute of Virology", "Wuhan Institute of Biology"


@pytest.fixture
def db(tmp_path):
    """CAS of Kenya beside the Chinese Academy of Sciences (CAS), which the acronym rule keeps
    apart (another country); Grace Wanjiru named in Kenya and in Uganda; 王伟 at CAAS and
    Wang Wei at another body (no role at one organisation); two Wuhan institutes that splink
    finds alike."""
    return load(tmp_path / "g.db", [
        record("cas.txt", f"The {CAS} (CAS) signed with the {CAAS}.", [("ORG", CAS, "CN", ("CAS",)), ("ORG", CAAS, "CN")]),
        record("cas2.txt", f"The {CAS} opened a laboratory.", [("ORG", CAS, "CN")]),
        record("ke.txt", "CAS, the Kenyan agricultural body, met farmers.", [("ORG", "CAS", "KE")]),
        record("grace.txt", "Grace Wanjiru, director of KEMRI, spoke.", [("PERSON", "Grace Wanjiru", "KE"), ("ORG", "KEMRI", "KE")],
               roles=[("Grace Wanjiru", "director", "KEMRI")]),
        record("grace2.txt", "Grace Wanjiru of Kampala won a prize.", [("PERSON", "Grace Wanjiru", "UG")]),
        record("wang.txt", f"{CAAS}院长王伟出席。", [("ORG", CAAS, "CN"), ("PERSON", "王伟", "CN")],
               roles=[("王伟", "院长", CAAS)], language="zh"),
        record("wei.txt", "Wang Wei of the Beijing Genomics Institute spoke.",
               [("PERSON", "Wang Wei", "CN"), ("ORG", "Beijing Genomics Institute", "CN")],
               roles=[("Wang Wei", "researcher", "Beijing Genomics Institute")]),
        *(record(f"w{i}.txt", f"On day {i}, the {name} signed.", [("ORG", name, "CN")])
          for i, name in enumerate((VIROLOGY, VIROLOGY, BIOLOGY))),
    ])


def _pair(queue, a: str, b: str) -> dict:
    return next(r for r in queue if {r["a"]["name"], r["b"]["name"]} == {a, b})


def test_rule_near_misses_join_splinks_pairs_in_one_queue(db):
    conn = connect(db, readonly=True)
    queue = review_queue(conn)
    cas = _pair(queue, CAS, "CAS")
    assert {r["rule"] for r in cas["rules"]} == {"acronym within one country", "acronym of a full name"}
    assert any("in CN and in KE" in r["reason"] or "in KE and in CN" in r["reason"] for r in cas["rules"])
    grace = _pair(queue, "Grace Wanjiru", "Grace Wanjiru")
    assert grace["rules"][0]["rule"] == "a person's name within one country" and "at KEMRI" in grace["rules"][0]["reason"]
    wang = _pair(queue, "王伟", "Wang Wei")
    assert wang["rules"][0]["rule"] == "pinyin and a role at one organisation"
    assert "Beijing Genomics Institute" in wang["rules"][0]["reason"]
    splink = _pair(queue, VIROLOGY, BIOLOGY)
    assert 0.5 <= splink["probability"] < 0.95
    # most useful first: the mentions at stake, then splink's likeliest, then the near-misses
    stake = [r["a"]["mentions"] + r["b"]["mentions"] for r in queue]
    assert stake == sorted(stake, reverse=True)
    assert queue.index(splink) < queue.index(grace)   # three mentions at stake against two
    conn.close()


def test_a_judged_near_miss_leaves_the_queue_and_the_cli_and_explorer_show_them(db):
    from coopgraph.api.app import create_app

    conn = connect(db, readonly=True)
    kenyan = next(e["id"] for e in find_entities(conn, "CAS") if e["country"] == "KE")
    academy = find_entities(conn, CAS)[0]["id"]
    conn.close()
    cli = subprocess.run([sys.executable, "-m", "coopgraph", "review", "--db", str(db)], capture_output=True, text=True)
    assert cli.returncode == 0 and "rule " in cli.stdout and "acronym within one country: both are called CAS" in cli.stdout
    page = TestClient(create_app(str(db)), base_url="http://127.0.0.1").get("/review").text
    assert "pinyin and a role at one organisation" in page and "王伟 reads as Wang Wei" in page
    judge(db, "different", {"a": kenyan, "b": academy})
    conn = connect(db, readonly=True)
    assert not [r for r in review_queue(conn) if {r["a"]["id"], r["b"]["id"]} == {kenyan, academy}]
    conn.close()

