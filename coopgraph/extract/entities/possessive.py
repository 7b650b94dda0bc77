"""'Zhejiang University's School of Medicine': a possessive inside an English name parts two bodies.

The model and the head-noun rule read an owner's possessive as part of the name that follows it
("Sinopharm's China National Biotec Group", "the bureau's Division of the Americas and Oceania",
"CanSino Biologics and Russia's Gamaleya Institute"). The name after the possessive is the body;
the owner before it is an organisation of its own when it reads as one (a head word, an acronym,
a known body, a one-word name that is no English word), a country's or a common noun's
possessive names no organisation, and a list before it ("A and Russia's") gives its first names.
Names that hold a possessive themselves ("King's College", "Children's Hospital") stay whole:
their owner reads as no organisation.
"""
from __future__ import annotations

import re

from coopgraph.extract.entities.same_body import HEAD_WORD
from coopgraph.extract.gazetteer import gazetteer
from coopgraph.extract.rules import define, entity
from coopgraph.model import Mention, Span
from coopgraph.nlp.english import is_dictionary_word
from coopgraph.text import has_cjk

_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_LIST_AND = re.compile(r",?\s+(?:and|&)\s+|,\s+")
_IRREGULAR_PLURALS = {"children", "women", "men", "people"}


def _owner_kind(owner: str) -> str | None:
    """'org' when the owner is an organisation's name, 'other' when it names none (a country, a
    common noun), None when it may be part of the name ('King', 'Children')."""
    gaz = gazetteer()
    words = owner.split()
    if owner[:1].islower() or any(gaz.country(" ".join(words[-n:])) for n in (1, 2, 3)) or gaz.place(owner):
        return "other"   # "… Centre of Thailand's Department of Disease Control": the country's department
    last = words[-1]
    if _common_noun(last) and not HEAD_WORD.fullmatch(last):
        return None   # "… of the People's Republic of China", "King's College"
    if HEAD_WORD.search(owner) or owner.isupper() or gaz.org(owner):
        return "org"
    if " " not in owner:
        return "org"
    return None


def _common_noun(word: str) -> bool:
    """'King', 'Farmers', 'Children': a word of the language (plurals too), not a name."""
    return (is_dictionary_word(word) or word.lower() in _IRREGULAR_PLURALS
            or word.endswith("s") and is_dictionary_word(word[:-1]))


def split_possessive_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Each English ORG mention with an owner's possessive inside is cut after it; the owner (and
    the names listed before it) become ORG mentions of their own."""
    out: list[Mention] = []
    for m in mentions:
        piece = m.span.text(text)
        found = _POSSESSIVE.search(piece) if m.label == "ORG" and not has_cjk(piece) else None
        if found is None:
            out.append(m)
            continue
        parts = _LIST_AND.split(piece[:found.start()])
        kind = _owner_kind(parts[-1].removeprefix("the ").strip())
        if kind is None:
            out.append(m)
            continue
        out.append(Mention(Span(m.span.start + found.end(), m.span.end), "ORG", m.source))
        at = 0
        for k, part in enumerate(parts):
            at = piece.index(part, at)
            if part[:1].isupper() and (k < len(parts) - 1 or kind == "org"):
                out.append(Mention(Span(m.span.start + at, m.span.start + at + len(part)), "ORG", OWNER_POSSESSIVE.id))
            at += len(part)
    return out


OWNER_POSSESSIVE = define(
    "en.org.owner-possessive",
    "A possessive inside a name parts two bodies: 'Zhejiang University's School of Medicine' is the School of "
    "Medicine and Zhejiang University; after a country ('Russia's Gamaleya Institute') only the body is one.",
    [("Researchers at Zhejiang University's School of Medicine led the study.",
      [entity("ORG", "Zhejiang University"), entity("ORG", "Zhejiang University's School of Medicine", absent=True)]),
     ("Malaysia is negotiating doses from Sinovac, CanSino Biologics and Russia's Gamaleya Institute.",
      [entity("ORG", "CanSino Biologics"), entity("ORG", "CanSino Biologics and Russia's Gamaleya Institute", absent=True)]),
     ("Doses are made by Sinopharm's China National Biotec Group in Abu Dhabi.", entity("ORG", "Sinopharm"))],
)
