"""'Institute of Food Safety and Nutrition of JAAS': a sub-unit named, then its owner after 'of'.

Annotators write such a name either whole or as the sub-unit alone beside its owner; the guide
counts every named organisation, so the owner named inside is a body of its own. The mention is
cut at the 'of' that leads an organisation's name (an acronym, a name with a head noun, a known
body): the sub-unit keeps the whole phrase as an alias (so either reading of the name matches), the
owner becomes a mention of its own. A country or place after 'of' ("Bank of China", "University of
Lapland") and a head noun alone before it ("University of Chinese Academy of Sciences") do not cut.
"""
from __future__ import annotations

from coopgraph.extract.entities.en import OWNER_AFTER_OF, PARENT_AFTER_UNIT, owner_after_of, whole_phrase
from coopgraph.model import Mention, Span
from coopgraph.text import has_cjk


def split_owner_of(text: str, mentions: list[Mention]) -> list[Mention]:
    """Each English ORG mention 'Unit of Owner' becomes the unit (the whole phrase its alias) and the owner."""
    out: list[Mention] = []
    for m in mentions:
        piece = m.span.text(text)
        cut = owner_after_of(piece) if m.label == "ORG" and not has_cjk(piece) and m.canonical is None else None
        if cut is None:
            out.append(m)
            continue
        unit_end, owner_start = cut
        unit = Span(m.span.start, m.span.start + unit_end)
        out.append(Mention(unit, "ORG", m.source, m.country, aliases=(*m.aliases, whole_phrase(piece))))
        out.append(Mention(unit, "ORG", OWNER_AFTER_OF.id, aliases=(whole_phrase(piece),)))
        out.append(Mention(Span(m.span.start + owner_start, m.span.end), "ORG", PARENT_AFTER_UNIT.id))
    return out
