"""Chinese events told in shapes the rule examples do not pin down: several agreements in one
sentence, parties named before their clause, meetings named only where something happens at them."""
from __future__ import annotations

import pytest

from coopgraph.extract.pipeline import Pipeline, PipelineConfig, article_from_segment
from coopgraph.ingest.segment import Segment


@pytest.fixture(scope="module")
def rules_pipeline() -> Pipeline:
    """The rules alone, every segment taken as relevant: these tests look at events, not relevance."""
    return Pipeline(PipelineConfig(components=("mentions", "entities", "tokens", "dates", "roles", "events",
                                               "all-relevant")))


def events(pipeline: Pipeline, text: str) -> list[tuple[str, frozenset[str], str | None]]:
    """(type, names of the partners, name) of each happened event of one Chinese article."""
    record = pipeline(article_from_segment("t.txt", 0, Segment(None, text.split("\n\n"), "2024-06-30"))).to_record()
    name = {e["id"]: e["name"] for e in record["entities"]}
    return [(v["type"], frozenset(name[p["entity"]] for p in v["participants"] if p["role"] != "attendee"), v["name"])
            for v in record["events"] if v["status"] == "happened"]


def test_one_agreement_with_each_counterpart_and_the_headline_is_their_sum(rules_pipeline):
    found = events(rules_pipeline, "山东省科学院与弗林德斯大学、南澳大学签署合作协议\n\n"
                                   "12日，山东省科学院分别与弗林德斯大学、南澳大学签署合作协议。")
    agreements = sorted(sorted(p) for t, p, _ in found if t == "AGREEMENT")
    assert agreements == [["南澳大学", "山东省科学院"], ["山东省科学院", "弗林德斯大学"]]


def test_each_signing_for_their_side_is_one_agreement(rules_pipeline):
    found = events(rules_pipeline, "清华大学校长邱勇与牛津大学校长路易丝·理查森分别代表两校签署合作协议。")
    assert [p for t, p, _ in found if t == "AGREEMENT"] == [frozenset({"清华大学", "牛津大学"})]


def test_both_sides_are_the_bodies_named_before(rules_pipeline):
    found = events(rules_pipeline, "中国农业科学院代表团访问巴西农牧业研究院。\n\n会谈结束后，双方签署了合作谅解备忘录。")
    assert (("AGREEMENT", frozenset({"中国农业科学院", "巴西农牧业研究院"}))
            in [(t, p) for t, p, _ in found])


def test_sides_after_a_pair_short_form_are_not_resolved_again(rules_pipeline):
    """'中阿双方有关机构': 双方 after a pair short form is no count word for bodies named before."""
    found = events(rules_pipeline, "科技部与阿盟秘书处举行会谈。中阿双方有关机构共达成合作协议37项。")
    assert all(p != frozenset({"科技部", "阿盟秘书处"}) for t, p, _ in found if t == "AGREEMENT")


def test_two_meetings_attended_in_one_sentence_stay_two(rules_pipeline):
    found = events(rules_pipeline, "刘丛强出席第二次中欧创新合作高级别对话，并出席第四届全球研究理事会年会。")
    names = sorted(n for t, _, n in found if t == "MEETING")
    assert names == ["第二次中欧创新合作高级别对话", "第四届全球研究理事会年会"]


def test_evidence_of_an_agreement_by_both_sides_holds_both(rules_pipeline):
    text = "中国农业科学院代表团访问巴西农牧业研究院。\n\n会谈结束后，双方签署了合作谅解备忘录。"
    record = rules_pipeline(article_from_segment("t.txt", 0, Segment(None, text.split("\n\n"), "2024-06-30"))).to_record()
    agreement = next(v for v in record["events"] if v["type"] == "AGREEMENT")
    start, end = agreement["evidence"]["start"], agreement["evidence"]["end"]
    for p in agreement["participants"]:
        mentions = next(e["mentions"] for e in record["entities"] if e["id"] == p["entity"])
        assert any(start <= m["start"] and m["end"] <= end for m in mentions)
