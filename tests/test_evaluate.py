"""The evaluator: scoring rules on small cases, and the pipeline against the dev gold."""
from __future__ import annotations

from conftest import GOLD

from coopgraph.evaluate.gold import GoldFile, GoldSegment, load_gold
from coopgraph.evaluate.scoring import score


def _record(text, entities, roles=(), events=(), relevant=True):
    return {"source": "x/a.txt", "segment": 0, "text": text, "relevant": relevant,
            "entities": list(entities), "roles": list(roles), "events": list(events)}


def _ent(eid, etype, name, aliases=(), start=0):
    return {"id": eid, "type": etype, "name": name, "aliases": list(aliases),
            "mentions": [{"start": start, "end": start + len(name), "text": name}]}


def test_aliases_match_across_languages_and_scripts():
    text = "TIB and 中國科學院 signed"
    gold = GoldFile(None, "dev/a.txt", None, [GoldSegment("TIB and", None, True, [
        {"type": "ORG", "name": "Tianjin Institute of Industrial Biotechnology", "aliases": ["TIB"]},
        {"type": "ORG", "name": "中国科学院", "aliases": []},
    ], [], [{"type": "AGREEMENT", "participants": [{"entity": "TIB", "role": "party"}, {"entity": "中国科学院", "role": "party"}]}])])
    record = _record(text, [_ent("e1", "ORG", "TIB"), _ent("e2", "ORG", "中國科學院", start=8)],
                     events=[{"id": "v1", "type": "AGREEMENT", "participants": [{"entity": "e1", "role": "party"}, {"entity": "e2", "role": "party"}],
                              "date": None, "place": None, "creates": None, "evidence": {"start": 0, "end": 4, "text": "TIB "}}])
    result = score([gold], [record])
    assert result.entity_total.tp == 2 and result.entity_total.fp == 0
    assert result.events.tp == 1 and result.relevance_accuracy == 1.0 and result.span_share == 1.0


def test_facts_in_segments_gold_calls_irrelevant_do_not_count():
    gold = GoldFile(None, "dev/a.txt", None, [GoldSegment("Some text", None, False, [], [], [])])
    record = _record("Some text about Kenya", [_ent("e1", "COUNTRY", "Kenya", start=16)], relevant=True)
    result = score([gold], [record])
    assert result.entity_total.fp == 0 and result.relevance_accuracy == 0.0


def test_an_anchor_with_a_word_hyphenated_at_a_line_s_end_finds_its_record():
    """The gold's anchor is cut from the page ('on Feb-'), the record's text has the word joined again
    ('on February 22'): the segment is the record's, not a miss."""
    gold = GoldFile(None, "dev/a.txt", None, [GoldSegment("The Cabinet of Bangladesh on Feb-", None, False, [], [], [])])
    record = _record("The Cabinet of Bangladesh on February 22, 2021 decided to ratify it.", [], relevant=False)
    assert score([gold], [record]).relevance_accuracy == 1.0
    gold.segments[0].anchor = "the image chosen by the Presi-\ndent of the foundation"
    record["text"] = "It was the image chosen by the President of the foundation."
    assert score([gold], [record]).relevance_accuracy == 1.0


def test_pipeline_holds_its_floor_on_the_dev_gold(records):
    """A floor under the measured dev figure (0.839 headline in December 2026), so that a change
    that loses ground on the dev pages fails here; the issue's aim is 0.88."""
    result = score(load_gold(GOLD / "seeds") + load_gold(GOLD / "dev"), records)
    assert result.headline_f1 >= 0.82, result.as_dict()
    assert result.relevance_accuracy >= 0.95
    assert result.span_share == 1.0


def test_planned_events_are_neither_rewarded_nor_punished():
    gold = GoldFile(None, "dev/a.txt", None, [GoldSegment("Kenya and China", None, True, [
        {"type": "COUNTRY", "name": "Kenya"}, {"type": "COUNTRY", "name": "China"}], [],
        [{"type": "AGREEMENT", "status": "planned", "participants": [{"entity": "Kenya", "role": "party"}]}])])
    planned = {"id": "v1", "type": "AGREEMENT", "status": "planned", "participants": [{"entity": "e1", "role": "party"}],
               "date": None, "place": None, "creates": None, "evidence": {"start": 0, "end": 5, "text": "Kenya"}}
    record = _record("Kenya and China", [_ent("e1", "COUNTRY", "Kenya"), _ent("e2", "COUNTRY", "China", start=10)], events=[planned])
    result = score([gold], [record])
    assert (result.events.tp, result.events.fp, result.events.fn) == (0, 0, 0)
    record["events"][0]["status"] = "happened"   # told as happened, it is an error
    assert score([gold], [record]).events.fp == 1


def test_pipeline_generalises_to_pages_annotated_apart(pipeline):
    """The bundled examples and the holdout pages were written and annotated by someone
    who never saw the rules, and have been used since to find general weaknesses (so they are
    not blind any more): a floor under the measured figure (0.779 in December 2026)."""
    import io
    import json

    from conftest import ROOT

    from coopgraph.extract.run import extract_paths

    buf = io.StringIO()
    stats = extract_paths([str(ROOT / "examples"), str(ROOT / "tests" / "holdout")], buf, pipeline=pipeline)
    assert stats.errors == 0
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    result = score(load_gold(GOLD / "examples") + load_gold(GOLD / "holdout"), records)
    assert result.headline_f1 >= 0.75, result.as_dict()
    assert result.relevance_accuracy >= 0.9


def test_a_floor_on_the_blind_test(pipeline):
    """The blind test (corpus/test, 190 pages nobody tuned on: 71 from the first sixteen batches, 119
    from newer writers) scored 0.570 headline when it was last looked at (2026-12-02,
    15:07 UTC); this floor catches a change that loses ground on unseen pages without
    showing the figures (they are read at the end of a session only)."""
    import io
    import json

    from conftest import ROOT

    from coopgraph.extract.run import extract_paths

    buf = io.StringIO()
    stats = extract_paths([str(ROOT / "corpus" / "test" / "pages")], buf, pipeline=pipeline, on_error=lambda _m: None)
    assert stats.errors == 0
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    result = score(load_gold(ROOT / "corpus" / "test" / "gold"), records)
    assert result.headline_f1 >= 0.50 and result.relevance_accuracy >= 0.70, "below the blind-test floor"
    assert result.span_share == 1.0


def test_a_ministers_title_may_name_the_ministry_or_give_it_as_org():
    """EXTRACTION.md: "外交部长" with no org and "部长" at 中国外交部 score alike, and so do
    "ambassador in Seoul" and "ambassador" at Seoul; a title at an unrelated org does not."""
    text = "中国外交部部长秦刚出席。"
    gold = GoldFile(None, "dev/a.txt", None, [GoldSegment(text, None, True, [
        {"type": "PERSON", "name": "秦刚"}, {"type": "ORG", "name": "中国外交部"}],
        [{"person": "秦刚", "title": "外交部长", "org": None}], [])])
    role = {"person": "e1", "title": "部长", "org": "e2", "evidence": {"start": 0, "end": len(text), "text": text}}
    ents = [_ent("e1", "PERSON", "秦刚", start=7), _ent("e2", "ORG", "中国外交部")]
    assert score([gold], [_record(text, ents, roles=[role])]).roles.tp == 1
    ents[1] = _ent("e2", "ORG", "中国科学院")
    result = score([gold], [_record(text, ents, roles=[role])])
    assert (result.roles.tp, result.roles.fp, result.roles.fn) == (0, 1, 1)

    text = "Eric Walsh, ambassador in Seoul, signed."
    gold = GoldFile(None, "dev/a.txt", None, [GoldSegment(text, None, True, [
        {"type": "PERSON", "name": "Eric Walsh"}, {"type": "PLACE", "name": "Seoul"}],
        [{"person": "Eric Walsh", "title": "ambassador", "org": "Seoul"}], [])])
    role = {"person": "e1", "title": "ambassador in Seoul", "org": None, "evidence": {"start": 0, "end": len(text), "text": text}}
    ents = [_ent("e1", "PERSON", "Eric Walsh"), _ent("e2", "PLACE", "Seoul", start=26)]
    assert score([gold], [_record(text, ents, roles=[role])]).roles.tp == 1
