"""Events with participants in their roles, dates, places and what they create."""
from __future__ import annotations

import pytest

from pathlib import Path

from conftest import record_for


@pytest.fixture(scope="module")
def records(rules_records):
    """These tests look at the rules, so they read the rules' records (no trained decision)."""
    return rules_records


def described(record):
    name = {e["id"]: e["name"] for e in record["entities"]}
    return [
        {
            "type": v["type"], "name": v["name"], "date": v["date"], "date_end": v["date_end"],
            "place": name.get(v["place"]), "creates": name.get(v["creates"]),
            "participants": {(name[p["entity"]], p["role"]) for p in v["participants"]},
        }
        for v in record["events"]
    ]


def test_forum_with_organisers_host_and_dates(records):
    events = described(record_for(records, "000_034e7e5437f64165.txt"))
    forum = next(v for v in events if v["type"] == "MEETING" and "Biomanufacturing" in (v["name"] or ""))
    assert forum["date"] == "2023-11-09" and forum["date_end"] == "2023-11-10"
    assert forum["place"] == "Tianjin"
    assert {
        ("Tianjin Institute of Industrial Biotechnology", "organizer"),
        ("COMSATS", "organizer"),
        ("Alliance of International Science Organization", "organizer"),
        ("COMSATS Joint Centre for Industrial Biotechnology", "host"),
    } <= forum["participants"]


def test_agreement_that_launches_a_joint_laboratory(records):
    events = described(record_for(records, "000_034e7e5437f64165.txt"))
    agreement = next(v for v in events if v["type"] == "AGREEMENT")
    assert {p for p, _ in agreement["participants"]} == {"COMSATS", "Tianjin Institute of Industrial Biotechnology"}
    assert agreement["creates"] == "China-COMSATS Belt and Road Joint Laboratory on Industrial Biotechnology"


def test_chinese_organiser_roles(records):
    events = described(record_for(records, "001_cbe65e010aad1d06.txt"))
    forum = next(v for v in events if v["type"] == "MEETING")
    assert forum["place"] == "天津市友谊宾馆"
    assert ("兰州市红古区人民政府", "organizer") in forum["participants"]  # 主办
    assert ("中国科学院天津工业生物技术研究所", "co-organizer") in forum["participants"]  # 协办
    assert ("甘肃阿敏生物清真明胶有限公司", "host") in forum["participants"]  # 承办
    assert forum["date"] is None  # 11月10日 with no publication date: unknown year
    mou = next(v for v in events if v["type"] == "AGREEMENT" and v["date"] == "2014")
    assert {p for p, _ in mou["participants"]} == {"中科院", "印尼科学院"}


def test_membership_resolves_the_anaphor(records):
    events = described(record_for(records, "002_6d0cee41bff1600d.txt"))
    member = next(v for v in events if v["type"] == "MEMBERSHIP")
    assert member["date"] == "1992-05-13"
    assert ("China", "member") in member["participants"]
    assert ("International Center for Genetic Engineering and Biotechnology", "host") in member["participants"]


def test_chinese_agreement_with_dateline_date_and_place(records):
    events = described(record_for(records, "12_cas-kenya-sajorc-mou.txt"))
    assert len([v for v in events if v["type"] == "AGREEMENT"]) == 1  # headline and lead are one act
    mou = events[0]
    assert mou["date"] == "2018-12-13" and mou["place"] == "内罗毕"
    assert {p for p, _ in mou["participants"]} == {"中国科学院", "肯尼亚教育部"}


def test_establishment_with_founders(records):
    events = described(record_for(records, "09_china-central-asia-dryland-joint-lab.txt"))
    lab = next(v for v in events if v["type"] == "ESTABLISHMENT")
    assert lab["creates"].startswith("中国—中亚旱区农业")
    assert lab["date"] == "2025-06-18"
    assert ("西北农林科技大学", "founder") in lab["participants"]


def test_evidence_holds_the_facts_it_backs(records):
    """Checked against the record's text and entities, not against the span's own copy of its text:
    an event's or role's evidence covers a mention of every entity it names, and the record's
    text itself is the source page's (each paragraph stands in the file)."""
    from coopgraph.evaluate.goldcheck import page_text, squash

    checked = 0
    for r in records:
        mentions = {e["id"]: [(m["start"], m["end"]) for m in e["mentions"]] for e in r["entities"]}
        for fact in r["events"] + r["roles"]:
            start, end = fact["evidence"]["start"], fact["evidence"]["end"]
            named = [fact.get("person"), fact.get("org")] if "person" in fact else [p["entity"] for p in fact["participants"]]
            for eid in [e for e in named if e]:
                assert any(start <= a and b <= end for a, b in mentions[eid]) or fact.get("by") and any(
                    rule.startswith(("xx.", "en.organizer", "zh.organizer", "en.founder", "zh.founder", "model.", "en.party.person-org", "zh.party.person-org", "en.host.reference", "en.party.pair-name")) for rule in fact["by"]
                ), (r["source"], fact["by"], eid)
            checked += 1
        page = squash(page_text(Path(r["source"])))
        for para in r["text"].split("\n\n"):   # (cleaning may re-join a hyphenated word inside a paragraph)
            assert squash(para)[:12] in page or squash(para)[-12:] in page, (r["source"], para[:40])
    assert checked > 50
