"""English events told in shapes the single-sentence triggers missed: one act per counterpart,
an act told across two sentences, an agreement named as a clause's frame, a meeting told as the
setting of another act, and the per-language split of the miss benchmark."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from coopgraph.extract.pipeline import Pipeline, PipelineConfig, article_from_segment
from coopgraph.ingest.segment import Segment

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from event_misses import split_misses  # noqa: E402

COMPONENTS = ("mentions", "entities", "tokens", "dates", "roles", "events", "all-relevant")


@pytest.fixture(scope="module")
def rules_pipeline() -> Pipeline:
    return Pipeline(PipelineConfig(components=COMPONENTS))


def events_of(pipeline: Pipeline, text: str) -> list[tuple[str, str, frozenset[str]]]:
    """(type, status, partner names) of each event the rules find in `text`."""
    record = pipeline(article_from_segment("t.txt", 0, Segment(None, text.split("\n\n"), "2024-06-30"))).to_record()
    name = {e["id"]: e["name"] for e in record["entities"]}
    return [(v["type"], v["status"], frozenset(name[p["entity"]] for p in v["participants"] if p["role"] != "attendee"))
            for v in record["events"]]


def test_plural_agreements_with_several_bodies_are_one_per_counterpart(rules_pipeline):
    found = events_of(rules_pipeline, "The University of Macau signed cooperation agreements with the University of "
                                      "Lisbon, the Lisbon Polytechnic Institute and the Macau Scientific and Cultural "
                                      "Centre on Monday.")
    parties = {p for kind, _, p in found if kind == "AGREEMENT"}
    assert parties == {frozenset({"University of Macau", "University of Lisbon"}),
                       frozenset({"University of Macau", "Lisbon Polytechnic Institute"}),
                       frozenset({"University of Macau", "Macau Scientific and Cultural Centre"})}


def test_one_agreement_with_several_bodies_stays_one(rules_pipeline):
    found = events_of(rules_pipeline, "The University of Macau signed a cooperation agreement with the University of "
                                      "Lisbon and the Lisbon Polytechnic Institute on Monday.")
    assert [p for kind, _, p in found if kind == "AGREEMENT"] == [
        frozenset({"University of Macau", "University of Lisbon", "Lisbon Polytechnic Institute"})]


def test_agreement_told_across_two_sentences_is_one_act(rules_pipeline):
    found = events_of(rules_pipeline, "The two universities agreed a framework agreement on joint doctoral training "
                                      "on Monday.\n\nIt was signed by rector Song Yonghua of the University of Macau "
                                      "and rector Luis Ferreira of the University of Lisbon.")
    agreements = [(status, p) for kind, status, p in found if kind == "AGREEMENT"]
    assert agreements == [("happened", frozenset({"University of Macau", "University of Lisbon"}))]


def test_agreement_as_the_frame_of_a_clause(rules_pipeline):
    found = events_of(rules_pipeline, "Under the memorandum, the Kenya Medical Research Institute will train "
                                      "technicians with the Wellcome Trust Sanger Institute.")
    assert ("AGREEMENT", "happened",
            frozenset({"Kenya Medical Research Institute", "Wellcome Trust Sanger Institute"})) in found


def test_named_treaty_as_a_frame_is_no_agreement_of_the_text(rules_pipeline):
    found = events_of(rules_pipeline, "Under the Nagoya Protocol, Kenya and the African Union will share genetic "
                                      "resources.")
    assert not [f for f in found if f[0] == "AGREEMENT"]


def test_meeting_as_the_setting_of_an_act(rules_pipeline):
    found = events_of(rules_pipeline, "The network was launched at a bilateral working session between the Green "
                                      "Economics Institute and the Centre for Genetic Engineering and Biotechnology in Hanoi.")
    assert ("MEETING", "happened", frozenset({"Green Economics Institute", "Centre for Genetic Engineering and Biotechnology"})) in found


def test_plain_meeting_setting_is_no_event(rules_pipeline):
    assert not [f for f in events_of(rules_pipeline, "The minister spoke at a meeting in Nairobi on Monday.")
                if f[0] == "MEETING"]


def test_event_misses_keeps_only_pages_of_one_language(tmp_path):
    gold = {"source": "train/pages/p.txt", "published": "2024-01-01", "segments": [{
        "anchor": "KEMRI and WHO", "title": None, "relevant": True,
        "entities": [{"type": "ORG", "name": "KEMRI", "aliases": []}, {"type": "ORG", "name": "WHO", "aliases": []}],
        "roles": [], "events": [{"type": "AGREEMENT", "participants": [{"entity": "KEMRI", "role": "party"},
                                                                        {"entity": "WHO", "role": "party"}]}]}]}
    (tmp_path / "p.txt.json").write_text(json.dumps(gold), encoding="utf-8")
    record = {"source": "p.txt", "segment": 0, "language": "en", "text": "KEMRI and WHO signed.", "relevant": True,
              "entities": [], "roles": [], "events": []}
    assert sum(split_misses(tmp_path, [record], language="en").values()) == 1
    assert sum(split_misses(tmp_path, [record], language="zh").values()) == 0


@pytest.mark.parametrize("parties, part", [(["Kenya", "WHO", "China"], "a:country-for-org"), (["WHO"], "a:party-missing"),
                                           (["WHO", "Egerton University", "UNEP"], "a:other-body")])
def test_event_misses_says_how_the_parties_of_a_partners_miss_differ(tmp_path, parties, part):
    names = {"KEMRI": "ORG", "WHO": "ORG", "CAS": "ORG"}
    gold = {"source": "train/pages/p.txt", "published": "2024-01-01", "segments": [{
        "anchor": "KEMRI and WHO", "title": None, "relevant": True,
        "entities": [{"type": t, "name": n, "aliases": []} for n, t in names.items()],
        "roles": [], "events": [{"type": "AGREEMENT", "participants": [{"entity": n, "role": "party"} for n in names]}]}]}
    (tmp_path / "p.txt.json").write_text(json.dumps(gold), encoding="utf-8")
    kinds = {"Kenya": "COUNTRY", "China": "COUNTRY"}
    entities = [{"id": f"e{i}", "type": kinds.get(n, "ORG"), "name": n, "aliases": []} for i, n in enumerate(parties)]
    record = {"source": "p.txt", "segment": 0, "language": "en", "text": "KEMRI and WHO signed.", "relevant": True,
              "entities": entities, "roles": [], "events": [{"type": "AGREEMENT", "participants": [
                  {"entity": e["id"], "role": "party"} for e in entities]}]}
    counts = split_misses(tmp_path, [record], parts=True)
    assert counts["a"] == 1 and counts[part] == 1
    assert split_misses(tmp_path, [record])[part] == 0
