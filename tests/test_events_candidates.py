"""Candidate events: act words no rule turned into an event, proposed as low-prior drafts that
only the trained events model can keep (and only where its file says they raised dev F1)."""
import numpy as np
import pytest

from coopgraph.extract.events.candidates import CANDIDATE
from coopgraph.extract.pipeline import RULES_ONLY, Pipeline, PipelineConfig
from coopgraph.ingest.clean import clean_blocks
from coopgraph.ingest.reader import Source
from coopgraph.ingest.segment import segment_blocks
from coopgraph.learn import features as F
from coopgraph.learn.apply import apply_models
from coopgraph.learn.dataset import Rows
from coopgraph.learn.train import _candidates_on_dev

PAGE = ("Taiwan biologics maker draws US partner\n\n"
        "TBMC was established last May by the Ministry of Economic Affairs and the Industrial Technology Research "
        "Institute. The Kenya Medical Research Institute and the World Health Organization signed a memorandum of "
        "understanding in Nairobi on Monday.")


@pytest.fixture(scope="module")
def extract():
    pipeline = Pipeline(PipelineConfig(components=RULES_ONLY, options={"events": {"candidates": True}}))
    return lambda text=PAGE: pipeline.process_source(Source("x.txt", "utf-8", segment_blocks(clean_blocks(text))))[0]


def test_candidates_are_proposed_only_where_a_model_may_keep_them():
    """Without a shipped model that keeps candidates (`candidates_decide`), none is proposed: they would
    cost time and change nothing."""
    from coopgraph.learn.models import load_models

    pipeline = Pipeline(PipelineConfig(components=RULES_ONLY, options={"events": {"candidates": False}}))
    article = pipeline.process_source(Source("x.txt", "utf-8", segment_blocks(clean_blocks(PAGE))))[0]
    assert article.event_candidates == []
    default = Pipeline(PipelineConfig(components=RULES_ONLY))
    article = default.process_source(Source("x.txt", "utf-8", segment_blocks(clean_blocks(PAGE))))[0]
    assert bool(article.event_candidates) == bool(load_models().get("events", {}).get("candidates_decide"))


def _names(article, ids) -> set[str]:
    return {article.entity(i).name for i in ids}


def test_an_act_no_rule_found_is_proposed_with_its_clause_parties(extract):
    article = extract()
    assert not any(d.type == "ESTABLISHMENT" for d in article.event_drafts)     # no rule reads this shape
    (made,) = [d for d in article.event_candidates if d.type == "ESTABLISHMENT"]
    assert made.by >= {CANDIDATE.id}
    assert article.entity(made.creates).name == "TBMC"                          # the passive subject, not a founder
    assert _names(article, made.participants) == {"Ministry of Economic Affairs",
                                                   "Industrial Technology Research Institute"}
    assert made.trigger_word == "establish"


def test_no_candidate_retells_an_act_the_rules_found(extract):
    article = extract()
    assert any(d.type == "AGREEMENT" for d in article.event_drafts)
    assert not any(d.type == "AGREEMENT" for d in article.event_candidates)


def test_the_rules_alone_emit_no_candidate(extract):
    record = extract().to_record()
    assert not any(CANDIDATE.id in v["by"] for v in record["events"])


def _events_model(decides: bool) -> dict:
    """A model that keeps founding candidates and nothing else."""
    return {"intercept": -3.0, "weights": {"cand:type=ESTABLISHMENT": 6.0}, "calibration": {"x": [], "y": []},
            "threshold": 0.5, "decides": False, "candidate_threshold": 0.5, "candidates_decide": decides}


def test_the_events_model_keeps_the_candidates_it_likes(extract):
    article = extract()
    apply_models({"events": _events_model(True)}, article)
    (made,) = [v for v in article.events if v.type == "ESTABLISHMENT"]
    assert CANDIDATE.id in made.by and "model.events" in made.by and made.confidence > 0.9
    assert any(v.type == "AGREEMENT" for v in article.events)   # the rules' events stay: the model does not decide them


def test_candidates_stay_off_where_the_model_may_not_keep_them(extract):
    article = extract()
    apply_models({"events": _events_model(False)}, article)
    assert not any(CANDIDATE.id in v.by for v in article.events)


def test_candidate_features_say_where_and_how_the_act_word_stands(extract):
    article = extract()
    (made,) = [d for d in article.event_candidates if d.type == "ESTABLISHMENT"]
    f = F.event_features(article, made)
    assert f["candidate"] == 1.0 and f["cand:trigger=establish&type=ESTABLISHMENT"] == 1.0
    assert f["cand:where=lead"] == 1.0 and f["cand:ORG=2+"] == 1.0 and f["cand:rule_same_type"] == 0.0
    assert not any(k.startswith("cand") for k in F.event_features(article, article.event_drafts[0]))


def _dev(helpful_on_new_writers: bool) -> tuple[Rows, np.ndarray]:
    """Dev rows of 40 pages, half by new writers: a rule event (right) and a candidate per page; the
    candidates are right on the older pages and, if `helpful_on_new_writers`, on the new ones."""
    rows = Rows()
    p = []
    for i in range(40):
        page = f"corpus/dev/gold::{'w30' if i % 2 else 'w05'}_{i:02d}_x.txt"
        rows.gold_events[page] = 2
        rows.add("events", {"type=AGREEMENT": 1.0}, True, page + "#0")
        rows.add("events", {"candidate": 1.0}, bool(i % 2 == 0 or helpful_on_new_writers), page + "#0")
        p += [0.5, 0.9]
    return rows, np.array(p)


@pytest.mark.parametrize("helpful, decides", [(True, True), (False, False)])
def test_candidates_are_kept_only_where_they_raise_dev_f1_on_the_new_writers_too(helpful, decides):
    rows, p = _dev(helpful)
    candidate = np.array([bool(x.get("candidate")) for x in rows.X["events"]])
    out = _candidates_on_dev(p, rows, ~candidate, candidate)
    assert out["candidates_decide"] is decides
    assert out["candidates_dev_score"] > out["candidates_off_dev_score"]   # better on dev as a whole either way


def test_a_candidate_naming_every_body_of_its_sentence_is_no_match_for_an_act_of_two(extract):
    """Candidates are labelled as the scorer counts: half of the larger side, the gold's or the draft's."""
    from coopgraph.learn.dataset import _gold_event

    article = extract()
    draft = next(d for d in article.event_drafts if d.type == "AGREEMENT")
    gold = ({"type": "AGREEMENT"}, [{"kemri"}, {"who"}], "happened")
    four = {"a": {"kemri"}, "b": {"who"}, "c": {"x"}, "d": {"y"}, "e": {"z"}}
    assert _gold_event(article, draft, [gold], set(), four) == 0                     # the rules' rows: as before
    assert _gold_event(article, draft, [gold], set(), four, strict=True) is None     # a candidate's: no match
    assert _gold_event(article, draft, [gold], set(), {"a": {"kemri"}, "b": {"who"}}, strict=True) == 0


@pytest.mark.parametrize("wrong_on_old, decides", [(1, True), (6, False)])
def test_a_small_dev_set_vetoes_candidates_only_when_they_are_surely_worse_there(wrong_on_old, decides):
    """Candidates that help on 40 corpus dev pages may still cost a fact on a small older set: one
    wrong candidate on six pages is noise there, a wrong one on each of the six a loss that holds."""
    rows, p = _dev(True)
    p = list(p)
    for i in range(6):
        page = f"tests/gold/seeds::{i:03d}_x.txt"
        rows.gold_events[page] = 1
        rows.add("events", {"type=AGREEMENT": 1.0}, True, page + "#0")
        p.append(0.5)
        if i < wrong_on_old:
            rows.add("events", {"candidate": 1.0}, False, page + "#0")
            p.append(0.9)
    candidate = np.array([bool(x.get("candidate")) for x in rows.X["events"]])
    out = _candidates_on_dev(np.array(p), rows, ~candidate, candidate)
    assert out["candidates_decide"] is decides
