"""A sentence with its entity mentions replaced by typed placeholders.

Role and event rules are regular expressions over this form, so a rule says
"⟦PERSON⟧, Director General of ⟦ORG⟧" instead of re-finding names itself:
`⟦ORG:3⟧` stands for the entity with index 3 in `article.entities`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from coopgraph.model import ENTITY_TYPES, Article, Span
from coopgraph.nlp.chinese import to_simplified

PLACEHOLDER = re.compile(rf"⟦({'|'.join(ENTITY_TYPES)}):(\d+)⟧")


@dataclass
class Template:
    text: str                 # the sentence with placeholders
    span: Span                # the sentence in the article
    entity_ids: list[str]     # placeholder index -> entity id
    anchors: list[tuple[int, int, bool]] = None  # (template offset, article offset, is placeholder)

    def to_article(self, offset: int) -> int:
        """The article offset of a template offset (a placeholder maps to its mention's start)."""
        best = (0, self.span.start, False)
        for anchor in self.anchors or ():
            if anchor[0] <= offset:
                best = anchor
            else:
                break
        t, a, is_placeholder = best
        return a if is_placeholder else a + (offset - t)

    def entity(self, token: str) -> str:
        """Entity id for a placeholder token (or a match of PLACEHOLDER)."""
        m = PLACEHOLDER.search(token)
        return self.entity_ids[int(m.group(2))] if m else ""

    def ids(self, fragment: str, types: tuple[str, ...] = ENTITY_TYPES) -> list[str]:
        return [self.entity_ids[int(m.group(2))] for m in PLACEHOLDER.finditer(fragment) if m.group(1) in types]


def sentence_templates(article: Article) -> list[Template]:
    mentions = sorted(
        ((span, i, ent.type) for i, ent in enumerate(article.entities) for span in ent.mentions),
        key=lambda t: t[0].start,
    )
    ids = [e.id for e in article.entities]
    # Chinese rules are written once, in Simplified: Traditional text is read through its
    # Simplified form (same length, so every offset still points into the article).
    base = to_simplified(article.text) if article.language == "zh" else article.text
    out: list[Template] = []
    cursor = 0
    for sent in article.sentences:
        s, e = sent.span.start, sent.span.end
        parts: list[str] = []
        anchors: list[tuple[int, int, bool]] = [(0, s, False)]
        length = 0
        pos = s
        while cursor < len(mentions) and mentions[cursor][0].start < s:
            cursor += 1
        j = cursor
        while j < len(mentions) and mentions[j][0].start < e:
            span, index, etype = mentions[j]
            if span.start >= pos and span.end <= e:
                parts.append(base[pos:span.start])
                length += span.start - pos
                token = f"⟦{etype}:{index}⟧"
                anchors.append((length, span.start, True))
                parts.append(token)
                length += len(token)
                anchors.append((length, span.end, False))
                pos = span.end
            j += 1
        parts.append(base[pos:e])
        out.append(Template("".join(parts), sent.span, ids, anchors))
    return out


def org_named_last(article: Article, before: int, named: Callable[[str], bool]) -> str | None:
    """The organisation with a name that `named` accepts, mentioned last before offset `before`:
    what "the alliance" / "该联盟" / "the president of the university" refers to."""
    best = None
    for ent in article.entities:
        if ent.type == "ORG" and any(named(n) for n in ent.names()):
            starts = [m.start for m in ent.mentions if m.start < before]
            if starts and (best is None or max(starts) > best[1]):
                best = (ent.id, max(starts))
    return best[0] if best else None
