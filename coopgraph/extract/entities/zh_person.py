"""Chinese person names as LAC hands them over: a title or an honorific run into the name
("杨卫主任", "许总"), and a transliterated surname written alone after the full name ("马康加" for
迈克尔·马康加). Both are general ways of writing about people in Chinese news, not words of one page.
"""
from __future__ import annotations

import re

from coopgraph.extract.roles.zh import TITLE_CORE
from coopgraph.extract.rules import define, entity
from coopgraph.model import Span
from coopgraph.nlp.chinese import to_simplified

# the dots that join the parts of a transliterated name (also in entities/__init__.py's NAME_DOTS)
_DOTS = "·・．•‧-‐"
_HONORIFIC = r"先生|女士|博士|老师|同志|总"
_TITLE_AT_END = re.compile(rf"^(?P<name>.+?)(?P<title>(?:副|常务|执行|首席|代理)?(?:{TITLE_CORE}|{_HONORIFIC}))$")


def name_before_title(text: str, span: Span, surnames: set[str], compound: tuple[str, ...]) -> Span | None:
    """The name in a LAC person that ends in a title or honorific: '杨卫主任' gives 杨卫; None where only a
    surname is left ('许总', '王院长': an address, the person's full name is written elsewhere). A title of
    one character other than 总 is left alone ('李文长' may be a name)."""
    surface = to_simplified(span.text(text))
    m = _TITLE_AT_END.match(surface)
    if m is None or any(d in surface for d in _DOTS):
        return span
    name, title = m.group("name"), m.group("title")
    if len(title) < 2 and title != "总":
        return span
    if name in surnames or name in compound:
        return None
    starts_with_surname = name[0] in surnames or name[:2] in compound
    if 2 <= len(name) <= 3 and starts_with_surname:
        return Span(span.start, span.start + len(name))
    return span


def name_parts(name: str) -> list[str]:
    """The parts of a transliterated name ('迈克尔·马康加' → 迈克尔, 马康加), simplified."""
    return [p for p in re.split(f"[{re.escape(_DOTS)}]", to_simplified(name)) if p]


def full_name_owner(part: str, full_names: dict[str, list[str]]) -> str | None:
    """The key of the one transliterated full name among `full_names` (key → its parts) that has `part`
    as its last part or as its first; None when no name, or more than one, does."""
    simple = to_simplified(part)
    if len(simple) < 2 or any(d in simple for d in _DOTS):
        return None
    owners = [k for k, parts in full_names.items() if len(parts) > 1 and simple in (parts[0], parts[-1])]
    return owners[0] if len(owners) == 1 else None


def company_of_brand(name: str, companies: dict[str, str], company_word: re.Pattern) -> str | None:
    """The key of the company whose short name is `name` with a company word after it ('沃森' for 沃森生物,
    which LAC tags a person), among `companies` (key → name)."""
    simple = to_simplified(name)
    names = {k: to_simplified(n) for k, n in companies.items()}
    owners = [k for k, n in names.items() if n.startswith(simple) and company_word.fullmatch(n[len(simple):])]
    return owners[0] if len(owners) == 1 else None


TITLE_AFTER_NAME = define(
    "zh.person.title-after-name",
    "A title or honorific that LAC ran into a person's name ends it ('杨卫主任' is 杨卫); a surname with a title "
    "alone ('许总', '王院长') is a way of addressing someone, not a name.",
    [("清华大学杨卫主任出席了签约仪式。", [entity("PERSON", "杨卫"), entity("PERSON", "杨卫主任", absent=True)]),
     ("许总介绍了公司与肯尼亚合作的情况。", entity("PERSON", "许总", absent=True))],
)
BRAND_OF_COMPANY = define(
    "zh.org.brand-of-company",
    "A company's brand written alone, which LAC tags a person ('沃森' beside '沃森生物'), is that company.",
    [("沃森生物与印尼企业签署协议。玉溪沃森也参加了仪式。",
      entity("ORG", "沃森"))],
)
PART_OF_FULL_NAME = define(
    "zh.person.part-of-full-name",
    "A transliterated surname (or given name) written alone is the person whose full name, with its dots, the "
    "article gives: '马康加' after '迈克尔·马康加' is one person.",
    # the part becomes a name of the full name's entity (this rule's id is on it only when it joined)
    [("执行主任迈克尔·马康加博士签字。马康加表示，双方将加强合作。",
      [entity("PERSON", "迈克尔·马康加"), entity("PERSON", "马康加")])],
)
