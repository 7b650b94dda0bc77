"""A body's unit named with its owner ('X of JAAS', '澳大X'), bodies joined by 与, and the end of a
transliterated name: the mechanisms that keep entity names right on writers no one tuned on."""
from __future__ import annotations

from coopgraph.extract.entities import _last_part_end, _split_coordinated_bodies, _type_mention, _unit_aliases
from coopgraph.extract.entities.en import owner_after_of
from coopgraph.extract.entities.owner_of import split_owner_of
from coopgraph.model import Mention, Span


def _cut(piece: str) -> tuple[str, str] | None:
    cut = owner_after_of(piece)
    return (piece[:cut[0]], piece[cut[1]:]) if cut else None


def test_unit_and_owner_after_the_last_of_that_leads_a_body():
    assert _cut("Institute of Food Safety and Nutrition of JAAS") == ("Institute of Food Safety and Nutrition", "JAAS")
    assert _cut("Graduate School of Agricultural Science of Tohoku University") == (
        "Graduate School of Agricultural Science", "Tohoku University")
    assert _cut("Institute of Microbiology of the Chinese Academy of Sciences") == (
        "Institute of Microbiology", "Chinese Academy of Sciences")


def test_one_body_when_a_country_a_place_a_list_or_a_bare_head_follows_or_leads():
    for name in ("Bank of China", "University of Chinese Academy of Sciences",
                 "Ministry of Foreign Affairs of the People's Republic of China",
                 "National Institute of Development Administration of Thailand",
                 "M8 Alliance of Academic Health Centers, Universities and National Academies",
                 "Participating Authority of the Pharmaceutical Inspection Co-operation Scheme",
                 "Board and Rector of Kozybayev University"):
        assert _cut(name) is None, name


def test_the_unit_keeps_the_whole_phrase_as_its_alias():
    text = "the Institute of Chinese Medical Sciences of UM"
    out = split_owner_of(text, [Mention(Span(0, len(text)), "ORG", "test")])
    unit = next(m for m in out if m.source == "test")
    assert unit.span.text(text) == "the Institute of Chinese Medical Sciences"
    assert unit.aliases == ("Institute of Chinese Medical Sciences of UM",)
    assert [m.span.text(text) for m in out if m.span.text(text) == "UM"] == ["UM"]


def test_a_chinese_unit_after_an_owner_named_elsewhere_is_an_alias():
    text = "澳门大学与澳大。澳大中華醫藥研究院"
    mentions = [Mention(Span(5, 7), "ORG", "lac"), Mention(Span(8, len(text)), "ORG", "lac")]
    out = _unit_aliases(text, mentions)
    assert [m.aliases for m in out if m.span == Span(8, len(text)) and m.aliases] == [("中華醫藥研究院",)]
    # no owner named elsewhere: nothing to add
    assert _unit_aliases(text, mentions[1:]) == mentions[1:]


def test_coordinated_bodies_split_when_a_part_is_named_elsewhere():
    text = "深圳国家基因库签约。国家基因库与麦考瑞大学合作。"
    whole = Mention(Span(10, 21), "ORG", "rule")
    named = Mention(Span(0, 7), "ORG", "lac")
    parts = [m.span.text(text) for m in _split_coordinated_bodies(text, [named, whole])][1:]
    assert parts == ["国家基因库", "麦考瑞大学"]
    # a field pair that the article names nowhere else stays one name
    text = "泰国海洋与海岸资源局局长出席。"
    assert len(_split_coordinated_bodies(text, [Mention(Span(0, 10), "ORG", "rule")])) == 1


def test_a_transliterated_name_ends_at_its_last_part():
    text = "乌胡鲁·肯雅塔见证下"
    assert _last_part_end(text, 7, len(text)) == 7
    text = "萨拉特·阿穆努咖马签署"
    assert _last_part_end(text, 7, 9) == 9   # '咖马' transliterates; LAC stopped inside the name
    text = "卡琳·達爾曼-賴特"
    assert _last_part_end(text, 2, len(text)) == len(text)   # a dot or hyphen still ahead: the name runs on


def test_parts_of_the_world_are_no_places_but_prefectures_and_cities_are():
    for name, label in (("Asia", "LOC"), ("Southeast", "LOC"), ("西北地区", "LOC"), ("西非地區", "LOC"), ("加勒比地区", "LOC")):
        assert _type_mention(name, label, "test") is None, name
    assert _type_mention("Nairobi", "GPE", "test")[0] == "PLACE"
    assert _type_mention("喀什地区", "LOC", "test")[0] == "PLACE"
