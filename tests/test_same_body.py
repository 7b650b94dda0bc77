"""Short forms of an organisation the article names in full join it; whole names of other bodies do not."""
from __future__ import annotations

from coopgraph.extract.entities.same_body import SHORT_FORM_OF_NAME, merge_short_forms
from coopgraph.model import Entity, Span


def _orgs(*names: str) -> list[Entity]:
    return [Entity(f"e{i + 1}", "ORG", n, [], None, [Span(i * 100, i * 100 + len(n))], ["test"]) for i, n in enumerate(names)]


def _names(entities: list[Entity]) -> list[list[str]]:
    return [e.names() for e in entities]


def test_short_forms_join_the_one_full_name():
    for short, full in [("Hebrew University", "Hebrew University of Jerusalem"),
                        ("State Oceanic Administration", "State Oceanic Administration of China"),
                        ("Anhui Zhifei Longcom", "Anhui Zhifei Longcom Biopharmaceutical Co., Ltd"),
                        ("AATF", "African Agricultural Technology Foundation"),
                        ("深圳先进院", "中国科学院深圳先进技术研究院"),
                        ("智利国家科委", "智利国家科学技术研究委员会"),
                        ("广西壮族自治区政府", "广西壮族自治区人民政府"),
                        ("萨宾疫苗研究所", "美国萨宾疫苗研究所")]:
        merged = merge_short_forms(_orgs(full, short))
        assert _names(merged) == [[full, short]], (short, full)
        assert SHORT_FORM_OF_NAME.id in merged[0].by and merged[0].id == "e1"
        assert len(merged[0].mentions) == 2


def test_a_name_given_to_two_entities_makes_one():
    first, second = _orgs("美国萨宾疫苗研究所", "萨宾疫苗研究所")
    first.aliases.append("萨宾疫苗研究所")
    assert _names(merge_short_forms([first, second])) == [["美国萨宾疫苗研究所", "萨宾疫苗研究所"]]


def test_other_bodies_stay_apart():
    for names in [("北京师范大学", "北京大学"),                       # a whole name with its own head
                  ("中国科学院深圳先进技术研究院", "中国科学院"),         # the parent, not a short form
                  ("中国医学科学院", "中国科学院"),
                  ("中国—东盟科技创新政策研究中心", "中国—东盟科技创新中心"),
                  ("Research Institute of Virology of the Ministry of Health", "Research Institute of Virology"),
                  ("CAS Bureau of International Cooperation", "CAS"),
                  # a short form that fits two full names stays a name of its own
                  ("Ministry of Science and ICT", "Ministry of Science and Technology", "Ministry of Science")]:
        assert len(merge_short_forms(_orgs(*names))) == len(names), names
