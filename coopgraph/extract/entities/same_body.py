"""One entity per organisation: short forms of a body that the article also names in full.

The guide asks for one entity per organisation "however many surface forms". Mentions are
folded by key while entities are built, but some short forms only show as such once every
name is known: a name after a leading country that became an alias ("美国萨宾疫苗研究所" →
"萨宾疫苗研究所"), a name cut before its "of …" tail ("Hebrew University" of "Hebrew University
of Jerusalem"), an acronym of the words of a name written out elsewhere ("AATF"), a Chinese
short form that keeps the first character of each part ("深圳先进院" for "中国科学院深圳先进技术
研究院"). Each is joined to the one longer name it abbreviates; a short form that could stand
for two bodies of the article is left alone.
"""
from __future__ import annotations

import re

from coopgraph.extract.entities.en import ORG_HEADS
from coopgraph.extract.gazetteer import gazetteer
from coopgraph.extract.rules import define, entity
from coopgraph.model import Entity
from coopgraph.nlp.chinese import to_simplified
from coopgraph.text import fold, has_cjk, initials

HEAD_WORD = re.compile(rf"\b(?:{ORG_HEADS})\b")
# "… of Jerusalem", ", Davis", " and ICT": a tail that narrows or completes the name without naming another body
_NAME_TAIL = re.compile(r"^(?:,\s+|\s+(?:of|and|&|for)\s+)")
# "Anhui Zhifei Longcom" + " Biopharmaceutical Co., Ltd": a company's trade words and legal suffix
_COMPANY_TAIL = re.compile(
    r"^(?:,?\s+(?:\w*(?:[Pp]harma|[Pp]harmaceuticals?|[Bb]iotech|[Bb]iologics|[Bb]iosciences?|[Tt]herapeutics)|"
    r"Group|Holdings|Co\.,?|Ltd\.?|Inc\.?|Corporation|Company|Limited|PLC|GmbH|LLC|S\.A\.))+$"
)
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
# heads a Chinese short form cuts to one character: 研究院 → 院, 委员会 → 委, 大学 → 大
_ZH_HEADS = ("研究院", "研究所", "科学院", "委员会", "研究中心", "大学", "学院", "集团", "公司")
# a name that ends in a whole head word is a name in full, not a short form ("中国科学院", "北京大学")
_ZH_WHOLE_HEAD = re.compile(r"(科学院|研究院|学院|医院|研究所|大学|中心|委员会|集团|公司|协会|学会|联盟|实验室|基金会|组织|银行)$")


def _english_short_of(short: str, long: str) -> bool:
    """'Hebrew University' of 'Hebrew University of Jerusalem'; 'Sinovac' of 'Sinovac Biotech Ltd'."""
    if not long.startswith(short) or long == short:
        return False
    tail = long[len(short):]
    if _COMPANY_TAIL.match(tail):
        return True
    return len(short.split()) >= 2 and bool(_NAME_TAIL.match(tail)) and not HEAD_WORD.search(tail)


def _acronym_of(short: str, long: str) -> bool:
    """'AATF' of 'African Agricultural Technology Foundation': the initials of its words."""
    return bool(_ACRONYM.fullmatch(short)) and len(long.split()) >= 2 and initials(long) == short.lower()


def _subsequence_from(short: str, long: str) -> int | None:
    """Where in `long` the characters of `short` start, when they all appear in it in order."""
    start = long.find(short[0])
    if start < 0:
        return None
    i = start
    for ch in short:
        i = long.find(ch, i)
        if i < 0:
            return None
        i += 1
    return start


def _chinese_short_of(short: str, long: str, known: set[str]) -> bool:
    """'萨宾疫苗研究所' of '美国萨宾疫苗研究所' (a country or place before the name); '中国计量院' of
    '中国计量科学研究院', '深圳先进院' of '中国科学院深圳先进技术研究院' (each part cut to its first
    characters, the head to one; what goes before is a body named in full); '深圳市政府' of '深圳市人民政府'."""
    short, long = to_simplified(short), to_simplified(long)
    if len(short) < 3 or short == long:
        return False
    gaz = gazetteer()
    if long.endswith(short) and len(short) >= 4:
        lead = long[: len(long) - len(short)]
        return bool(gaz.country(lead) or gaz.place(lead))
    if "人民政府" in long and long.replace("人民政府", "政府") == short:
        return True
    head = next((h for h in _ZH_HEADS if long.endswith(h)), None)
    if (head is None or short[-1] not in (head[0], head[-1]) or _ZH_WHOLE_HEAD.search(short)
            or long.startswith(short) or gaz.org(short) is not None):
        return False
    start = _subsequence_from(short, long)
    if start is None:
        return False
    lead = long[:start]
    return lead == "" or lead in known or gaz.org(lead) is not None


def _is_short_of(short: Entity, long: Entity, known_zh: set[str]) -> bool:
    if {fold(n) for n in short.names()} & {fold(n) for n in long.names()}:
        return True   # one name given to both: 萨宾疫苗研究所 and 美国萨宾疫苗研究所 (its alias)
    if has_cjk(short.name) != has_cjk(long.name):
        return False
    if has_cjk(short.name):
        return _chinese_short_of(short.name, long.name, known_zh)
    return _english_short_of(short.name, long.name) or _acronym_of(short.name, long.name)


def merge_short_forms(entities: list[Entity]) -> list[Entity]:
    """Join each organisation named by a short form to the one longer name of the article it
    abbreviates (ids renumbered); a short form that fits two longer names stays apart."""
    orgs = [e for e in entities if e.type == "ORG"]
    known_zh = {to_simplified(n) for e in orgs for n in e.names() if has_cjk(n)}
    gone: set[int] = set()
    for short in sorted(orgs, key=lambda e: len(e.name)):
        owners = [o for o in orgs if o is not short and id(o) not in gone and len(o.name) > len(short.name)
                  and _is_short_of(short, o, known_zh)]
        if len(owners) != 1:
            continue
        owner = owners[0]
        for name in short.names():
            if fold(name) != fold(owner.name) and fold(name) not in {fold(a) for a in owner.aliases}:
                owner.aliases.append(name)
        owner.mentions = sorted({*owner.mentions, *short.mentions}, key=lambda s: s.start)
        owner.by = sorted({*owner.by, *short.by, SHORT_FORM_OF_NAME.id})
        owner.country = owner.country or short.country
        gone.add(id(short))
    return without(entities, lambda e: id(e) in gone)


def without(entities: list[Entity], drop) -> list[Entity]:
    """The entities that `drop` does not reject, with their ids renumbered e1, e2, … (nothing
    refers to entity ids yet when entities are found)."""
    kept = [e for e in entities if not drop(e)]
    for i, e in enumerate(kept):
        e.id = f"e{i + 1}"
    return kept


SHORT_FORM_OF_NAME = define(
    "xx.org.short-form-of-name",
    "A short form of an organisation the article names in full is that organisation: 'Hebrew University' of "
    "'Hebrew University of Jerusalem', 'AATF' of 'African Agricultural Technology Foundation', '深圳先进院' of "
    "'中国科学院深圳先进技术研究院', '萨宾疫苗研究所' of '美国萨宾疫苗研究所'.",
    [("Scientists of the Hebrew University of Jerusalem joined the project. The Hebrew University said the "
      "agreement was signed in Geneva.", entity("ORG", "Hebrew University")),
     ("The African Agricultural Technology Foundation leads the project. AATF will license the seed to farmers.",
      entity("ORG", "AATF")),
     ("中国计量科学研究院与德国联邦物理技术研究院签署合作协议。中国计量院院长出席了签字仪式。", entity("ORG", "中国计量院")),
     ("美国萨宾疫苗研究所与卢旺达生物医学中心签署协议。萨宾疫苗研究所将提供疫苗。", entity("ORG", "萨宾疫苗研究所"))],
)
