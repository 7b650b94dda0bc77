"""How a possible party stands to the act's word: the participant features read off the token view."""
import pytest

from coopgraph.extract.pipeline import RULES_ONLY, Pipeline, PipelineConfig, article_from_segment
from coopgraph.ingest.clean import clean_blocks
from coopgraph.ingest.segment import segment_blocks
from coopgraph.learn import features as F


@pytest.fixture(scope="module")
def extract():
    pipeline = Pipeline(PipelineConfig(components=RULES_ONLY, options={"events": {"candidates": True}}))
    return lambda text: pipeline(article_from_segment("x.txt", 0, segment_blocks(clean_blocks(text))[0]))


def _relations(article, draft) -> dict[str, set[str]]:
    """Each candidate party's name and its relation features that are on."""
    return {article.entity(eid).name: {k for k, v in f.items() if k.startswith("rel:") and v}
            for eid, f in F.participant_candidates(article, draft)}


def test_the_parse_tells_the_subject_and_the_body_after_with_from_a_body_in_a_clause_of_its_own(extract):
    a = extract("The Kenya Medical Research Institute, which was founded by the University of Nairobi, signed a "
                "memorandum of understanding with the World Health Organization.\n")
    rel = _relations(a, next(d for d in a.event_drafts if d.type == "AGREEMENT"))
    assert {"rel:dep=nsubj", "rel:path=1", "rel:under_word"} <= rel["Kenya Medical Research Institute"]
    assert "rel:dep=pobj:with" in rel["World Health Organization"]
    assert {"rel:dep=pobj:by", "rel:in_clause_of_its_own"} <= rel["University of Nairobi"]
    assert "rel:in_clause_of_its_own" not in rel["Kenya Medical Research Institute"]


def test_conjuncts_are_coordinated_and_keep_the_relation_of_the_first(extract):
    a = extract("Egerton University and the Chinese Academy of Sciences signed an agreement in Njoro.\n")
    rel = _relations(a, next(d for d in a.event_drafts if d.type == "AGREEMENT"))
    assert {"rel:dep=conj:nsubj", "rel:coordinated"} <= rel["Chinese Academy of Sciences"]


def test_a_chinese_party_is_read_where_it_acts_not_inside_the_title_of_the_document(extract):
    a = extract("中国科学院与肯尼亚农业研究所在内罗毕签署了《中国科学院与非洲联盟合作协议》，世界卫生组织出席。\n")
    rel = _relations(a, next(d for d in a.event_drafts if d.type == "AGREEMENT"))
    assert "rel:in_title_marks" not in rel["中国科学院"] and "rel:clause_marks=0" in rel["中国科学院"]
    assert {"rel:in_title_marks", "rel:joined_after=与"} <= rel["非洲联盟"]
    assert {"rel:coordinated", "rel:joined_after=与"} <= rel["肯尼亚农业研究所"]
    assert "rel:clause_marks=1" in rel["世界卫生组织"] and "rel:coordinated" not in rel["世界卫生组织"]


def test_training_rows_read_the_token_view_as_the_decisions_do_at_run_time(tmp_path):
    from coopgraph.learn.dataset import articles_for

    page = tmp_path / "p.txt"
    page.write_text("Kenya and China sign a pact\n\nThe Kenya Medical Research Institute signed a memorandum with the "
                    "Chinese Academy of Sciences in Nairobi on Monday.\n", encoding="utf-8")
    article = next(a for a in articles_for([page])["p.txt"] if a.event_drafts)
    rows = [f for d in article.event_drafts for _, f in F.participant_candidates(article, d)]
    assert rows and all(any(k.startswith("rel:dep=") for k in f) for f in rows if f.get("in_sentence"))

