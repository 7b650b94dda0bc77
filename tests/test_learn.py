"""The trained decisions' own machinery, on purpose-made candidates and models."""
import numpy as np
import pytest

from coopgraph.extract.pipeline import RULES_ONLY, Pipeline, PipelineConfig
from coopgraph.ingest.clean import clean_blocks
from coopgraph.ingest.reader import Source
from coopgraph.ingest.segment import segment_blocks
from coopgraph.learn import features as F
from coopgraph.learn.apply import apply_models
from coopgraph.learn.models import probability
from coopgraph.learn.dataset import Rows
from coopgraph.learn.train import MIN_DEV_ROLES, _role_org_gain, _role_orgs_on_dev

PAGE = ("Djibouti joins the ICGEB\n\nDjibouti became the 67th member state of the International Centre for Genetic "
        "Engineering and Biotechnology (ICGEB) on Monday, the centre said in Trieste.\n\n"
        "\"We welcome Djibouti,\" said Director-General Lawrence Banks.")


@pytest.fixture(scope="module")
def rules_article():
    pipeline = Pipeline(PipelineConfig(components=RULES_ONLY))
    return lambda: pipeline.process_source(Source("x.txt", "utf-8", segment_blocks(clean_blocks(PAGE))))[0]


def _chooser(decides: bool) -> dict:
    """A model that likes a director-general at a centre, and nothing else."""
    return {"intercept": -3.0, "weights": {"title_head=director-general&org_kind=centre": 6.0},
            "calibration": {"x": [], "y": []}, "threshold": 0.5, "decides": decides}


def test_a_title_is_tied_to_the_organisation_the_model_chooses(rules_article):
    article = rules_article()
    role = next(r for r in article.roles if r.title == "Director-General")
    assert role.org is None                       # the rules leave it alone: the centre is two sentences away
    apply_models({"role_orgs": _chooser(True)}, article)
    org = article.entity(role.org)
    assert org is not None and org.name.startswith("International Centre for Genetic Engineering")
    assert "model.role_orgs" in role.by


def test_a_model_that_does_not_decide_ties_nothing(rules_article):
    article = rules_article()
    apply_models({"role_orgs": _chooser(False)}, article)
    assert all(r.org is None for r in article.roles if r.title == "Director-General")


def test_candidates_say_what_kind_of_body_stands_against_the_title(rules_article):
    article = rules_article()
    role = next(r for r in article.roles if r.title == "Director-General")
    (eid, features), *_ = F.role_org_candidates(article, role)
    assert features["title_head=director-general&org_kind=centre"] == 1.0
    assert features["nearest=0+"] == 1.0 and features["before"] == 1.0


@pytest.mark.parametrize("name, kind", [
    ("International Centre for Genetic Engineering and Biotechnology", "centre"),
    ("Ministry of Health of the Republic of Suriname", "ministry"),
    ("BioNTech", "other"),
    ("复旦大学人类表型组研究院", "院"),
    ("国家原子能机构", "other"),
])
def test_kind_word(name, kind):
    assert F._kind_word(name) == kind


def test_role_org_gain_counts_roles_not_rows():
    # role r1 (gold has an org): its best candidate is right -> +1; role r2 (gold has none): any choice -> -1;
    # role r3 (gold has an org the candidates lack): a wrong choice changes nothing -> 0
    where = ["d::a#0::r1:has", "d::a#0::r1:has", "d::a#0::r2:none", "d::a#0::r3:has"]
    y = np.array([1, 0, 0, 0])
    p = np.array([0.9, 0.6, 0.7, 0.8])
    assert _role_org_gain(p, y, where, 0.5) == 1 - 1 + 0
    assert _role_org_gain(p, y, where, 0.75) == 1 + 0          # r2 is below the threshold: left alone
    assert _role_org_gain(np.array([0.4, 0.6, 0.1, 0.1]), y, where, 0.5) == 0   # r1's best is the wrong one


def test_probability_follows_the_calibration_curve():
    model = {"intercept": 0.0, "weights": {"a": 2.0}, "calibration": {"x": [0.0, 0.5, 1.0], "y": [0.0, 0.2, 1.0]}}
    raw = 1 / (1 + np.exp(-2.0))
    assert probability(model, {"a": 1.0}, calibrated=False) == pytest.approx(raw)
    assert probability(model, {"a": 1.0}) == pytest.approx(np.interp(raw, [0.0, 0.5, 1.0], [0.0, 0.2, 1.0]))
    assert probability(model, {}) == pytest.approx(0.2)   # raw 0.5 sits on the curve's middle point


def _dev_rows(roles: int) -> Rows:
    rows = Rows()
    for i in range(roles):   # each role: the right organisation and a wrong one
        rows.add("role_orgs", {}, True, f"corpus/dev::p#0::r{i}:has")
        rows.add("role_orgs", {}, False, f"corpus/dev::p#0::r{i}:has")
    return rows


def test_role_orgs_decide_only_on_enough_dev_roles():
    many, few = _dev_rows(MIN_DEV_ROLES), _dev_rows(MIN_DEV_ROLES - 1)
    right_first = lambda rows: np.array([0.9 if y else 0.2 for y in rows.y["role_orgs"]])  # noqa: E731
    assert _role_orgs_on_dev(right_first(many), many)[3] is True
    threshold, gain, _, decides = _role_orgs_on_dev(right_first(few), few)
    assert gain == MIN_DEV_ROLES - 1 and decides is False


def test_the_entity_model_keeps_each_type_at_its_own_threshold():
    from types import SimpleNamespace

    from coopgraph.learn.apply import _keep_entity

    model = {"intercept": 0.0, "weights": {"x": 1.0}, "calibration": {"x": [], "y": []}, "threshold": 0.5,
             "thresholds": {"PERSON": 0.9}, "decides": True}
    features = {"x": 1.5}                      # p = 0.82 for both
    person, org = SimpleNamespace(id="e1", type="PERSON"), SimpleNamespace(id="e2", type="ORG")
    assert not _keep_entity(model, person, features, needed=set())
    assert _keep_entity(model, org, features, needed=set())
    assert _keep_entity(model, person, features, needed={"e1"})     # a kept role or event needs it


def test_a_page_that_cannot_be_read_is_said_and_the_others_still_train(tmp_path, capsys):
    from coopgraph.learn.dataset import articles_for

    good = tmp_path / "good.txt"
    good.write_text("Kenya and China sign a pact\n\nThe two countries signed a memorandum in Nairobi on Monday.\n",
                    encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    articles = articles_for([empty, good])
    assert list(articles) == ["good.txt"] and articles["good.txt"]
    err = capsys.readouterr().err
    assert err.startswith("error:") and "empty.txt" in err


def test_the_f1_threshold_is_half_the_best_f1_and_does_not_jump_between_samples_of_dev():
    from coopgraph.learn.train import _best_threshold, _f1

    chosen = []
    for seed in range(5):
        rng = np.random.default_rng(seed)
        p = np.round(rng.uniform(0, 1, 400), 2)             # calibrated: a fact at p is right with odds p
        y = list((rng.uniform(0, 1, 400) < p).astype(int))
        threshold, score = _best_threshold(p, y, "roles", missed=0)
        best = max(_f1(p >= t, np.array(y), 0) for t in np.unique(p))
        assert abs(threshold - best / 2) < 1e-3 and score >= best - 0.04   # the argmax fits the sample
        chosen.append(threshold)
    assert max(chosen) - min(chosen) < 0.05
    # gold facts no candidate found lower the best F1, so the model keeps more of what it has
    p = np.round(np.random.default_rng(9).uniform(0, 1, 400), 2)
    y = list((np.random.default_rng(10).uniform(0, 1, 400) < p).astype(int))
    assert _best_threshold(p, y, "roles", missed=300)[0] < _best_threshold(p, y, "roles", missed=0)[0]
    assert _best_threshold(p, y, "relevance", missed=0)[0] == 0.5


TEASER_PAGE = (
    "Kenya and China sign vaccine memorandum\n\n"
    "Kenya and China signed a memorandum on vaccine research in Nairobi on Monday, the ministry said.\n\n"
    "The two institutes will train vaccine technicians and share laboratory data over the next five years.\n\n"
    "Related stories\n\nUganda joins vaccine institute as full member\n\nWeather: a warm week ahead in the capital\n"
)


def test_every_headline_only_teaser_is_a_candidate_with_features_and_the_decision_chooses():
    """The segmenter hands each headline listed alone to the decision, with the rules' verdict among its
    features; what the decision keeps is a teaser segment."""
    seen = {}

    def keep_all(line, features):
        seen[line] = features
        return True
    kept = [s.title for s in segment_blocks(clean_blocks(TEASER_PAGE), decide=keep_all) if s.is_teaser]
    assert kept == ["Uganda joins vaccine institute as full member", "Weather: a warm week ahead in the capital"]
    uganda, weather = seen[kept[0]], seen[kept[1]]
    assert uganda["rules_say"] == 1.0 and uganda["act"] == 1.0 and uganda["header=related"] == 1.0
    assert weather["rules_say"] == 0.0
    assert uganda["domain_cue"] == 1.0 and uganda["cooperation_cue"] == 1.0 and weather["domain_cue"] == 0.0
    only_weather = [s.title for s in segment_blocks(clean_blocks(TEASER_PAGE), decide=lambda line, f: not f["act"])
                    if s.is_teaser]
    assert only_weather == ["Weather: a warm week ahead in the capital"]


def test_a_teaser_model_decides_only_when_it_says_so(monkeypatch):
    from coopgraph.ingest import teasers

    features = {"rules_say": 1.0, "act": 1.0}
    model = {"intercept": -5.0, "weights": {}, "calibration": {"x": [], "y": []}, "threshold": 0.5, "decides": False}
    monkeypatch.setattr(teasers, "load_models", lambda: {"teasers": model})
    assert teasers.keep_headline(features) is True             # the rules' verdict: the model gives none
    model["decides"] = True
    assert teasers.keep_headline(features) is False            # p = 0.007 < 0.5


def test_teaser_rows_are_labelled_by_the_gold_anchor(tmp_path):
    import json

    from coopgraph.learn.teaser_rows import teaser_rows
    from coopgraph.learn.train import _rules_score

    pages, gold = tmp_path / "pages", tmp_path / "gold"
    pages.mkdir()
    gold.mkdir()
    (pages / "p.txt").write_text(TEASER_PAGE, encoding="utf-8")
    segment = {"relevant": False, "entities": [], "roles": [], "events": []}
    (gold / "p.txt.json").write_text(json.dumps({"source": "pages/p.txt", "segments": [
        {**segment, "anchor": "Kenya and China signed a memorandum", "title": "Kenya and China sign vaccine memorandum"},
        {**segment, "anchor": "Uganda joins vaccine institute", "title": "Uganda joins vaccine institute as full member"},
    ]}), encoding="utf-8")
    rows = teaser_rows([gold], [tmp_path])
    assert rows.y["teasers"] == [1, 0] and rows.where["teasers"][0].endswith("::p.txt@0")
    assert _rules_score(rows.X["teasers"], rows.y["teasers"], "teasers", 0) == 1.0   # the rules keep Uganda only
