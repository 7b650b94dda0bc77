"""Every named rule's examples, as unit tests: one sentence in, the expected facts out.

A rule's example passes when the pipeline (rules only, every segment taken as relevant)
yields the expected fact and the fact's `by` names the rule; an `absent` example passes
when no such fact is produced. Names are compared case- and punctuation-blind.
"""
from __future__ import annotations

import pytest

from coopgraph.evaluate.scoring import title_match
from coopgraph.extract.pipeline import Pipeline, PipelineConfig
from coopgraph.extract.catalogue import load_all
from coopgraph.extract.rules import RULES, Expect
from coopgraph.model import ENTITY_TYPES, EVENT_TYPES
from coopgraph.text import fold

load_all()
CASES = [(rule.id, i, ex) for rule in RULES.values() for i, ex in enumerate(rule.examples)]
COMPONENTS = ("mentions", "entities", "tokens", "dates", "roles", "events", "all-relevant")


@pytest.fixture(scope="module")
def rules_pipeline() -> Pipeline:
    return Pipeline(PipelineConfig(components=COMPONENTS))


def _record(pipeline: Pipeline, text: str) -> dict:
    from coopgraph.extract.pipeline import article_from_segment
    from coopgraph.ingest.segment import Segment

    article = pipeline(article_from_segment("example.txt", 0, Segment(None, text.split("\n\n"), "2024-06-30")))
    return article.to_record()


def _names(record: dict, eid: str | None) -> set[str]:
    for e in record["entities"]:
        if e["id"] == eid:
            return {fold(n) for n in [e["name"], *e["aliases"]]}
    return set()


def _event_matches(record: dict, v: dict, exp: Expect) -> bool:
    f = exp.fields
    if v["type"] != exp.kind or v.get("status", "happened") != f.get("status", "happened"):
        return False
    for key in ("creates", "place"):
        if key in f and fold(f[key]) not in _names(record, v.get(key)):
            return False
    if "date" in f and v["date"] != f["date"]:
        return False
    for role, names in f.items():
        if role in ("creates", "place", "date", "status"):
            continue
        for name in [names] if isinstance(names, str) else names:
            if not any(p["role"] == role and fold(name) in _names(record, p["entity"]) for p in v["participants"]):
                return False
    return True


def _found(record: dict, exp: Expect, rule_id: str) -> list:
    if exp.kind in EVENT_TYPES:
        return [v for v in record["events"] if (rule_id in v["by"] or exp.absent) and _event_matches(record, v, exp)]
    if exp.kind == "ROLE":
        f = exp.fields
        return [r for r in record["roles"] if (rule_id in r["by"] or exp.absent)
                and fold(f["person"]) in _names(record, r["person"]) and title_match(f["title"], r["title"])
                and (f["org"] is None or fold(f["org"]) in _names(record, r["org"]))]
    assert exp.kind in ENTITY_TYPES, exp.kind
    return [e for e in record["entities"] if (rule_id in e["by"] or exp.absent)
            and (e["type"] == exp.kind or exp.absent) and fold(exp.fields["name"]) in _names(record, e["id"])]


@pytest.mark.parametrize(("rule_id", "index", "example"), CASES, ids=[f"{r}#{i}" for r, i, _ in CASES])
def test_rule_example(rules_pipeline, rule_id, index, example):
    record = _record(rules_pipeline, example.text)
    for exp in example.expect:
        found = _found(record, exp, rule_id)
        if exp.absent:
            assert not found, f"{rule_id}: {exp.kind} {exp.fields} should not be found in {example.text!r}: {found}"
        else:
            assert found, (f"{rule_id}: expected {exp.kind} {exp.fields} from {example.text!r}; got "
                           f"events={[(v['type'], v['status'], v['by']) for v in record['events']]}, "
                           f"entities={[(e['type'], e['name']) for e in record['entities']]}, "
                           f"roles={[(r['title'], r['by']) for r in record['roles']]}")


def test_every_rule_has_an_example():
    assert [r.id for r in RULES.values() if not r.examples] == []


def test_rule_ids_are_named_by_language_and_kind():
    for rule_id in RULES:
        language, *rest = rule_id.split(".")
        assert language in ("en", "zh", "xx") and len(rest) >= 2, rule_id


def test_a_known_body_is_no_sub_unit_of_another_by_its_alias(rules_pipeline):
    """The gazetteer's Chinese alias of the European Commission (欧盟委员会) once read as the EU's
    委员会 unit, giving 'Ursula von der Leyen / 委员会President / 欧盟' on an English page."""
    record = _record(rules_pipeline, "European Commission President Ursula von der Leyen attended the ceremony in Kigali.")
    got = {(_one(record, r["person"]), r["title"], _one(record, r.get("org"))) for r in record["roles"]}
    assert got == {("Ursula von der Leyen", "President", "European Commission")}
    assert not any(e["name"] == "欧盟" for e in record["entities"])


def _one(record: dict, eid: str | None) -> str | None:
    return next((e["name"] for e in record["entities"] if e["id"] == eid), None)
