"""Entities on real pages: one per real thing, with names, aliases, types and countries."""
from __future__ import annotations

import pytest

from conftest import entity, record_for


@pytest.fixture(scope="module")
def records(rules_records):
    """These tests look at the rules, so they read the rules' records (no trained decision)."""
    return rules_records


def test_acronym_definitions_fold_into_one_entity(records):
    r = record_for(records, "000_034e7e5437f64165.txt")
    tib = entity(r, "TIB")
    assert tib["name"] == "Tianjin Institute of Industrial Biotechnology"
    assert tib["type"] == "ORG" and tib["country"] == "CN"
    assert len(tib["mentions"]) >= 6  # every "TIB" in the text points at this entity
    anso = entity(r, "ANSO")
    assert anso["name"] == "Alliance of International Science Organization"
    assert entity(r, "CCIB")["name"] == "COMSATS Joint Centre for Industrial Biotechnology"


def test_people_without_honorifics_and_surnames_folded(records):
    r = record_for(records, "000_034e7e5437f64165.txt")
    zakaria = entity(r, "Mohammad Nafees Zakaria")
    assert zakaria["type"] == "PERSON"
    assert any(m["text"] == "Zakaria" for m in zakaria["mentions"])  # "Amb. Zakaria presented"
    assert not [e for e in r["entities"] if e["name"].startswith(("Prof", "Dr", "Amb", "Mr"))]


def test_initiatives_and_groupings_are_not_entities(records):
    r = record_for(records, "000_034e7e5437f64165.txt")
    found = {e["name"] for e in r["entities"]} | {a for e in r["entities"] for a in e["aliases"]}
    assert not found & {"Belt and Road Initiative", "BRI", "South-South", "COMSATS Member States"}


def test_countries_from_adjectives_and_places_with_countries(records):
    r = record_for(records, "004_bd53997ff9b32d3e.txt")
    turkey = entity(r, "Turkish")
    assert turkey["type"] == "COUNTRY" and turkey["country"] == "TR" and turkey["name"] == "Turkey"
    yiwu = entity(r, "Yiwu")
    assert yiwu["type"] == "PLACE" and yiwu["country"] == "CN"
    assert entity(r, "Zhejiang province")["type"] == "PLACE"


def test_chinese_entities(records):
    r = record_for(records, "001_cbe65e010aad1d06.txt")
    assert entity(r, "李寅")["type"] == "PERSON"
    tib = entity(r, "中国科学院天津工业生物技术研究所")
    assert tib["type"] == "ORG" and tib["country"] == "CN"
    assert "中科院" in entity(r, "中科院")["aliases"] + [entity(r, "中科院")["name"]]
    amin = entity(r, "甘肃阿敏生物清真明胶有限公司")
    assert "阿敏生物" in amin["aliases"]  # (简称阿敏生物)
    assert entity(r, "天津市友谊宾馆")["type"] == "PLACE"  # a venue
    assert entity(r, "兰州市红古区")["type"] == "PLACE"  # city and district written together
    assert entity(r, "印度尼西亚")["country"] == "ID"


def test_traditional_chinese_keeps_its_script_and_gets_simplified_alias(records):
    r = record_for(records, "10_china-uruguay-bionano-pharma-lab.txt")
    lab = entity(r, "中國-烏拉圭生物納米製藥聯合實驗室")
    assert lab["type"] == "ORG" and "中国-乌拉圭生物纳米制药联合实验室" in lab["aliases"]
    assert entity(r, "蒙得維的亞")["country"] == "UY"
    assert entity(r, "烏拉圭")["type"] == "COUNTRY"


def test_news_credits_are_not_entities(records):
    for filename, credits in [
        ("12_cas-kenya-sajorc-mou.txt", {"新华社", "丁蕾", "杨臻", "李鸥"}),
        ("13_china-arab-tech-transfer-conference.txt", {"新华社", "邹欣媛", "夏晨"}),
        ("10_china-uruguay-bionano-pharma-lab.txt", {"新華社", "王鍾毅", "孟鼎博", "程向明"}),
    ]:
        r = record_for(records, filename)
        assert not credits & {e["name"] for e in r["entities"]}, filename


def test_entities_only_in_relevant_records(records):
    for r in records:
        if not r["relevant"]:
            assert r["entities"] == [] and r["roles"] == [] and r["events"] == []


def test_a_name_never_ends_in_a_function_word_or_an_honorific():
    from coopgraph.extract.entities import trim_text

    assert trim_text("Ministry of Science and") == "Ministry of Science"
    assert trim_text("Arctic Centre of") == "Arctic Centre"
    assert trim_text("Ministry of Ayush and Mr") == "Ministry of Ayush"
    assert trim_text("Institut Pasteur de Dakar") == "Institut Pasteur de Dakar"
    assert trim_text("Bank of America") == "Bank of America"


def test_a_titles_last_word_is_no_part_of_the_name_after_it():
    """'Minister of Science and Technology Wan Gang', 'Chief Executive Officer Stéphane Bancel': the
    title's last word, run into the name by the model or taken by the name's widening, is not the
    name's; given names that are English words after 'and' or a title ('and Nasser Al Budoor',
    'and Marc Van Montagu') and two-word names stay whole."""
    from coopgraph.extract.entities import _extend_person, trim
    from coopgraph.model import Span

    def trimmed(text, name):
        span = trim(text, Span(text.index(name), text.index(name) + len(name)), "PERSON")
        return text[span.start:span.end]

    def widened(text, name):
        span = _extend_person(text, Span(text.index(name), text.index(name) + len(name)))
        return text[span.start:span.end]

    assert trimmed("Moderna Chief Executive Officer Stéphane Bancel signed.", "Officer Stéphane Bancel") == "Stéphane Bancel"
    assert trimmed("the Minister of Higher Education, Science and Technology Mmamoloko Kubayi-Ngubane said",
                   "Technology Mmamoloko Kubayi-Ngubane") == "Mmamoloko Kubayi-Ngubane"
    assert trimmed("the Minister of Health Grace Mutua spoke", "Grace Mutua") == "Grace Mutua"
    assert widened("Minister of Science and Technology Wan Gang met him.", "Wan Gang") == "Wan Gang"
    assert widened("Minister of Foreign Affairs Wang Yi met him.", "Wang Yi") == "Wang Yi"
    assert widened("Lee Jong-koo, and Nasser Al Budoor attended.", "Al Budoor") == "Nasser Al Budoor"
    assert widened("the Nobel laureates Werner Arber, and Marc Van Montagu spoke.", "Van Montagu") == "Marc Van Montagu"


def test_a_latin_name_ends_at_full_width_punctuation():
    """Chinese punctuation in English text ('Institute，for') is a boundary spaCy does not see."""
    from coopgraph.extract.entities import trim_text

    assert trim_text("Lisbon Polytechnic Institute，for") == "Lisbon Polytechnic Institute"
    assert trim_text("中国科学院，") == "中国科学院"


def test_only_title_case_headlines_lose_their_names():
    """A Title Case headline misleads NER; a headline written like a sentence keeps its names."""
    from coopgraph.extract.entities.en import _title_case

    assert _title_case("Kenya, China Sign Pact As Research Centre Opens")
    assert _title_case("EARTH BIOGENOME PROJECT FORMALLY LAUNCHED IN LONDON")
    assert not _title_case("CAAS and IRRI sign rice genomics MoU in Beijing")
    assert not _title_case("AIIA inks MoU with Western Sydney University for Ayurveda Academic Chair")


def test_a_class_of_bodies_is_no_entity():
    """'北极研究机构' (Arctic research institutions) names a kind of body; '国际原子能机构' names one."""
    from coopgraph.extract.entities import _type_mention

    for generic in ("北极研究机构", "沪领事机构", "中阿双方有关机构", "摩洛哥等国科技部"):
        assert _type_mention(generic, "ORG", "lac") is None, generic
    for named in ("国际原子能机构", "中国国家原子能机构", "中国极地研究中心"):
        assert _type_mention(named, "ORG", "lac") is not None, named


def test_a_name_repeated_inside_a_longer_name_is_no_mention_of_it():
    """'Zhifei' in 'chairman of Anhui Zhifei Longcom' is a piece of another name (the roles read that name)."""
    from coopgraph.extract.entities import _add_repeats
    from coopgraph.model import Entity, Span

    text = "China's Zhifei will ship it. Li Wanjun, chairman of Anhui Zhifei Longcom, signed. Zhifei said so."
    zhifei = Entity("e1", "ORG", "Zhifei", [], "CN", [Span(8, 14)], [])
    _add_repeats(text, [zhifei])
    assert [text[s.start:s.end] for s in zhifei.mentions] == ["Zhifei", "Zhifei"]
    assert all(not (s.start < text.index("Longcom") < s.end + 2) for s in zhifei.mentions)


def test_a_side_or_a_group_of_countries_with_a_class_of_bodies_is_no_name():
    """'葡方公司' (the Portuguese side's company), '葡语国家机构' (bodies of Portuguese-speaking countries) name
    no body; '南方医科大学' and '东方航空公司' hold 方 inside a name."""
    from coopgraph.extract.entities import _type_mention

    for generic in ("葡方公司", "中非双方农业科教机构", "葡語國家機構", "两国大学"):
        assert _type_mention(generic, "ORG", "lac") is None, generic
    for named in ("南方医科大学", "东方航空公司", "国家电网公司"):
        assert _type_mention(named, "ORG", "lac") is not None, named


def test_a_head_noun_alone_is_no_name():
    """'the Organisation's main counterpart': a head noun that refers back names no body."""
    from coopgraph.extract.entities import _type_mention

    for generic in ("Organisation", "Institute", "the Ministry", "29th Council"):
        assert _type_mention(generic, "ORG", "en.model.spacy-ner") is None, generic
    assert _type_mention("Treaty Section", "ORG", "en.model.spacy-ner") is not None


def test_a_title_case_headline_hides_its_verbs_from_the_tagger():
    """'Etana Signs Cooperation With …': the verbs are read in sentence case, and a name starts after them."""
    from coopgraph.extract.entities.en import after_lead_breakers, headline_verbs
    from coopgraph.nlp.english import english_pipeline

    line = "Thailand Delegation Visit Our Institute and Sign Memorandum"
    [verbs] = headline_verbs(english_pipeline(), [line])
    assert line.index("Visit") in verbs and line.index("Sign ") in verbs
    name_end = line.index(" and")
    assert line[after_lead_breakers(line, 0, name_end, verbs):name_end] == "Institute"
    line = "The First Affiliated Hospital of Zhejiang University"
    assert after_lead_breakers(line, 4, len(line), set()) == 4


def test_acronym_definitions_are_found_as_the_regex_finds_them_in_linear_time():
    """The fast walk over bracketed acronyms gives the regex's own matches, on random text full of
    brackets, spaces and line breaks, and on a page-long text in a fraction of the regex's time."""
    import random
    import time

    from coopgraph.extract.entities.en import ACRONYM_DEF, acronym_definitions

    rnd = random.Random(0)
    alphabet = "ab AB(C)（）\n  xyZ-&"
    texts = ["The Kenya Medical Research Institute (KEMRI) and the Chinese Academy of Sciences (CAS) (2019) met.",
             *("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 300))) for _ in range(3000))]
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in acronym_definitions(text)] == \
               [(m.span(), m.groupdict()) for m in ACRONYM_DEF.finditer(text)], text
    long_text = "Researchers of the institute met partners from many countries in the capital. " * 400 + "Africa CDC (ACDC)"
    start = time.perf_counter()
    found = list(acronym_definitions(long_text))
    fast = time.perf_counter() - start
    start = time.perf_counter()
    expected = list(ACRONYM_DEF.finditer(long_text))
    slow = time.perf_counter() - start
    assert [m.span() for m in found] == [m.span() for m in expected] and fast < slow / 5


def test_tokens_are_found_by_their_text_over_the_doc_array():
    """The descriptor and co-verb steps find their words through the doc's array of word ids."""
    from coopgraph.nlp.english import english_pipeline, tokens_with_texts

    doc = english_pipeline()("German drugmaker BioNTech and the vaccine maker Sinovac co-hosted the forum.")
    assert [doc[i].text for i in tokens_with_texts(doc, {"drugmaker", "maker"})] == ["drugmaker", "maker"]
    assert tokens_with_texts(doc, {"company"}) == [] and tokens_with_texts(english_pipeline()(""), {"maker"}) == []
    assert doc[[t.text for t in doc].index("co-hosted")].lemma_ == "co-host"
