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
from coopgraph.learn.train import _article_counts, _Candidate, _roles_on_dev

PAGE = ("Djibouti joins the ICGEB\n\nDjibouti became the 67th member state of the International Centre for Genetic "
        "Engineering and Biotechnology (ICGEB) on Monday, the centre said in Trieste.\n\n"
        "\"We welcome Djibouti,\" said Director-General Lawrence Banks.")


@pytest.fixture(scope="module")
def rules_article():
    pipeline = Pipeline(PipelineConfig(components=RULES_ONLY))
    return lambda: pipeline.process_source(Source("x.txt", "utf-8", segment_blocks(clean_blocks(PAGE))))[0]


def _chooser(decides: bool, adds: bool = False) -> dict:
    """A roles model that likes a director-general at a centre named in an earlier sentence, and a
    title the rules did not emit, and nothing else."""
    return {"intercept": -3.0, "weights": {"title_class=head&org_kind=centre": 4.0, "rule_pair": 2.0,
                                           "group=zh.role.candidate-title-after": 4.0},
            "calibration": {"x": [], "y": []}, "threshold": 0.5, "add_threshold": 0.5, "decides": decides, "adds": adds,
            "format": "options"}


def _candidate(article, title):
    return next(c for c in article.role_candidates if c.title == title)


def test_a_title_is_tied_to_the_organisation_the_model_chooses(rules_article):
    article = rules_article()
    role = next(r for r in article.roles if r.title == "Director-General")
    assert role.org is None                       # the rules leave it alone: the centre is two sentences away
    apply_models({"roles": _chooser(True)}, article)
    org = article.entity(role.org)
    assert org is not None and org.name.startswith("International Centre for Genetic Engineering")
    assert "model.roles" in role.by and role in article.roles
    assert any(role.evidence.start <= m.start and m.end <= role.evidence.end for m in org.mentions)   # it reaches it


def test_a_roles_model_of_the_old_format_leaves_the_rules_roles_alone(rules_article):
    article = rules_article()
    before = [(r.person, r.title, r.org) for r in article.roles]
    old = {k: v for k, v in _chooser(True).items() if k != "format"}
    apply_models({"roles": old}, article)
    assert [(r.person, r.title, r.org) for r in article.roles] == before


def test_a_model_that_does_not_decide_ties_nothing(rules_article):
    article = rules_article()
    apply_models({"roles": _chooser(False)}, article)
    role = next(r for r in article.roles if r.title == "Director-General")
    assert role.org is None and role.confidence is not None


def test_candidates_say_what_kind_of_body_stands_against_the_title(rules_article):
    article = rules_article()
    cand = _candidate(article, "Director-General")
    assert cand.role is not None and cand.kind == "rule"
    options = {article.entity(o.org).name if o.org else None: o for o in cand.options}
    centre = next(n for n in options if n and n.startswith("International Centre"))
    assert options[None].sources == {"none", "rule"}
    assert "before" in options[centre].sources and "most-named" in options[centre].sources
    features = F.role_candidate_features(article, cand, F.role_context(article))
    centre_f, none_f = (features[cand.options.index(options[n])] for n in (centre, None))
    assert centre_f["title_class=head&org_kind=centre"] == 1.0
    assert none_f["rule_pair"] == 1.0 and centre_f["rule_pair"] == 0.0


ZH_PAGE = "南海所签约\n\n中国水产科学研究院南海水产研究所与菲方签署备忘录。南海所副所长杨北胜出席。\n\n沈岩总监带队前往肯尼亚。"


@pytest.fixture(scope="module")
def zh_article():
    pipeline = Pipeline(PipelineConfig(components=RULES_ONLY))
    return lambda: pipeline.process_source(Source("x.txt", "utf-8", segment_blocks(clean_blocks(ZH_PAGE))))[0]


def test_a_short_form_before_a_chinese_title_is_an_option(zh_article):
    article = zh_article()
    cand = _candidate(article, "副所长")
    short = [o for o in cand.options if "short-form" in o.sources]
    assert [article.entity(o.org).name for o in short] == ["中国水产科学研究院南海水产研究所"]


def test_titles_the_rules_did_not_emit_are_added_only_where_the_model_adds(zh_article):
    article = zh_article()
    cand = _candidate(article, "总监")           # "沈岩总监": no rule makes it
    assert cand.role is None and cand.kind == "zh.role.candidate-title-after"
    assert not any(r.title == "总监" for r in article.roles)     # the rules alone never emit it
    apply_models({"roles": _chooser(True, adds=False)}, article)
    assert not any(r.title == "总监" for r in article.roles)
    article = zh_article()
    apply_models({"roles": _chooser(True, adds=True)}, article)
    added = next(r for r in article.roles if r.title == "总监")
    assert article.entity(added.person).name == "沈岩" and "model.roles" in added.by


def _roles_rows(new_writer_gain: bool) -> Rows:
    """Dev rows of 12 articles, each with one rules' role tied to no organisation where the gold has
    one (its right option is the second), and one title the rules did not emit, right on the
    old pages and, unless `new_writer_gain`, wrong on the new writers' pages (w20)."""
    rows = Rows()
    for i in range(12):
        page = f"corpus/dev::w20_{i:02d}_x.txt#0" if i % 2 else f"corpus/dev::w05_{i:02d}_x.txt#0"
        rows.role_golds[page] = 2
        rows.add("roles", {"rule_pair": 1.0}, False, f"{page}::c0::g-")
        rows.add("roles", {"right": 1.0}, True, f"{page}::c0::g0")
        right = new_writer_gain or page.startswith("corpus/dev::w05")
        rows.add("roles", {"added": 1.0}, right, f"{page}::c1::{'g1' if right else 'g-'}")
    return rows


def test_the_roles_model_decides_and_adds_only_where_it_beats_the_rules():
    p_of = lambda rows: np.array([0.9 if x.get("right") or x.get("added") else 0.2 for x in rows.X["roles"]])  # noqa: E731
    rows = _roles_rows(new_writer_gain=True)
    chosen = _roles_on_dev(p_of(rows), rows)
    assert chosen["decides"] and chosen["adds"]
    assert chosen["rules_dev_score"] == 0.0 and chosen["dev_score"] == 1.0
    rows = _roles_rows(new_writer_gain=False)       # the added titles are wrong on the new writers' pages
    chosen = _roles_on_dev(p_of(rows), rows)
    assert chosen["decides"] and not chosen["adds"]


def test_a_gold_role_made_by_two_candidates_counts_once():
    cands = [_Candidate([0], ["g0"], 0), _Candidate([1], ["g0"], None)]
    assert _article_counts(cands, np.array([0.9, 0.9]), 0.5, 0.5) == (1, 1)
    assert _article_counts(cands, None, None, None) == (1, 0)


@pytest.mark.parametrize("name, kind", [
    ("International Centre for Genetic Engineering and Biotechnology", "centre"),
    ("Ministry of Health of the Republic of Suriname", "ministry"),
    ("BioNTech", "other"),
    ("复旦大学人类表型组研究院", "院"),
    ("国家原子能机构", "other"),
])
def test_kind_word(name, kind):
    assert F._kind_word(name) == kind


def test_probability_follows_the_calibration_curve():
    model = {"intercept": 0.0, "weights": {"a": 2.0}, "calibration": {"x": [0.0, 0.5, 1.0], "y": [0.0, 0.2, 1.0]}}
    raw = 1 / (1 + np.exp(-2.0))
    assert probability(model, {"a": 1.0}, calibrated=False) == pytest.approx(raw)
    assert probability(model, {"a": 1.0}) == pytest.approx(np.interp(raw, [0.0, 0.5, 1.0], [0.0, 0.2, 1.0]))
    assert probability(model, {}) == pytest.approx(0.2)   # raw 0.5 sits on the curve's middle point


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


def test_a_title_named_again_in_part_is_one_role():
    """'Director Lawrence Banks' after 'Lawrence Banks, Director-General of ICGEB': re-tied to ICGEB, the
    short title is the long one named again; in another body, or with no body, it stays a role."""
    from coopgraph.learn.apply import _one_each
    from coopgraph.model import Role

    full = Role("p1", "Director-General", "o1", None, ["r"])
    again = Role("p1", "Director", "o1", None, ["r"])
    elsewhere = Role("p1", "Director", "o2", None, ["r"])
    bare = Role("p1", "Director", None, None, ["r"])
    assert _one_each([full, again, elsewhere, bare]) == [full, elsewhere, bare]


def test_models_are_read_from_the_folder_training_writes_to(tmp_path):
    """`coopgraph train --out DIR` segments the pages with the teasers model it has just written to DIR,
    not with the package's; outside that, the package's models are read again."""
    import json

    from coopgraph.ingest.teasers import keep_headline
    from coopgraph.learn.models import load_models, models_from

    shipped = load_models()
    model = {"intercept": -5.0, "weights": {"rules_say": 10.0}, "calibration": {"x": [], "y": []},
             "threshold": 0.5, "decides": True}
    (tmp_path / "teasers.json").write_text(json.dumps(model), encoding="utf-8")
    with models_from(tmp_path):
        assert set(load_models()) == {"teasers"} and load_models()["teasers"]["intercept"] == -5.0
        assert keep_headline({"rules_say": 1.0}) and not keep_headline({"rules_say": 0.0})
    assert load_models() == shipped


def test_an_academic_rank_held_nowhere_is_no_rules_role_but_a_candidate_with_its_options():
    """'郑璐璐副教授' (xx.role.rank-needs-body): the rules do not emit a rank tied to no organisation; it stays
    a candidate, whose options hold the university the page names, for the roles model to tie or leave."""
    page = "上海理工大学与古巴生物技术集团签署意向书。\n\n郑璐璐副教授介绍了联合实验室的情况。"
    pipeline = Pipeline(PipelineConfig(components=RULES_ONLY))
    article = pipeline.process_source(Source("x.txt", "utf-8", segment_blocks(clean_blocks(page))))[0]
    assert not any(r.title == "副教授" for r in article.roles)
    cand = _candidate(article, "副教授")
    assert cand.role is None and article.entity(cand.person).name == "郑璐璐"
    assert "上海理工大学" in {article.entity(o.org).name for o in cand.options if o.org}


def test_training_rows_read_a_page_as_extraction_does(tmp_path):
    """Each segment's relevance sees the countries the page's other segments name, in training as at run
    time (`process_source`), and training keeps the token views the participant features read."""
    from coopgraph.learn.dataset import articles_for

    page = tmp_path / "page.txt"
    page.write_text(
        "Kenya and China sign vaccine agreement\n\n"
        "NAIROBI, May 3 - The Kenya Medical Research Institute and the Chinese Academy of Sciences signed an "
        "agreement on vaccine research on Monday in Nairobi.\n\n" + "-" * 60 + "\n\n"
        "Brazil opens new genomics laboratory\n\n"
        "SAO PAULO, May 4 - The Butantan Institute opened a genomics laboratory in Sao Paulo on Tuesday with "
        "researchers from Portugal.\n", encoding="utf-8")
    first, second = articles_for([page])["page.txt"]
    assert first.page_countries == {"BR": 1, "PT": 1} and second.page_countries == {"CN": 1, "KE": 1}
    assert first.docs and second.docs
