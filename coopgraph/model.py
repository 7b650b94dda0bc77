"""The data model, written once: what an article becomes on its way to a record.

`Article` is the one document object that every pipeline component reads and
enriches (as spaCy's `Doc` is). `Article.to_record()` turns it into the JSON
record of `spec/record.schema.json`; nothing else writes records.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("ORG", "PERSON", "COUNTRY", "PLACE")


@dataclass(frozen=True)
class Span:
    """A half-open character range of `Article.text`."""

    start: int
    end: int

    def text(self, article_text: str) -> str:
        return article_text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def as_json(self, article_text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text(article_text)}


class SpanSet:
    """Non-overlapping spans kept sorted, so that 'does this overlap anything?' is a
    binary search, not a scan (articles can hold tens of thousands of mentions)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, span: Span) -> bool:
        i = bisect.bisect_right(self._starts, span.start)
        if i > 0 and self._ends[i - 1] > span.start:
            return True
        return i < len(self._starts) and self._starts[i] < span.end

    def add(self, span: Span) -> None:
        i = bisect.bisect_right(self._starts, span.start)
        self._starts.insert(i, span.start)
        self._ends.insert(i, span.end)


@dataclass
class Mention:
    """One surface form of an entity in the text, with the evidence for its type."""

    span: Span
    label: str                 # ORG / PERSON / COUNTRY / PLACE
    source: str                # which component found it: "spacy", "lac", "gazetteer", ...
    country: str | None = None
    canonical: str | None = None   # a known name this surface form stands for (gazetteer)
    aliases: tuple[str, ...] = ()  # other names the gazetteer knows (other language, acronym)


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Role:
    person: str            # entity id
    title: str
    org: str | None        # entity id
    evidence: Span


@dataclass
class Participant:
    entity: str
    role: str


@dataclass
class Event:
    id: str
    type: str
    name: str | None
    date: str | None
    date_end: str | None
    place: str | None
    participants: list[Participant]
    creates: str | None
    evidence: Span


@dataclass
class Sentence:
    span: Span
    paragraph: int


@dataclass
class Article:
    """One article (segment) of a source file, as the pipeline fills it in."""

    source: str
    segment: int
    text: str
    title: str | None = None
    published: str | None = None
    language: str = "und"
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    dates: list[tuple[Span, str]] = field(default_factory=list)   # resolved date expressions
    relevant: bool = False
    relevance_reasons: list[str] = field(default_factory=list)
    is_teaser: bool = False

    @property
    def doc_id(self) -> str:
        """Stable id of this article's text: same text, same id, wherever it is read."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]

    def entity(self, entity_id: str | None) -> Entity | None:
        """Entity by id ("e12" is the twelfth: ids are given in order)."""
        if not entity_id or not entity_id[1:].isdigit():
            return None
        i = int(entity_id[1:]) - 1
        if 0 <= i < len(self.entities) and self.entities[i].id == entity_id:
            return self.entities[i]
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_record(self) -> dict[str, Any]:
        text = self.text
        keep = self.relevant
        return {
            "source": self.source,
            "segment": self.segment,
            "doc_id": self.doc_id,
            "text": text,
            "title": self.title,
            "language": self.language,
            "published": self.published,
            "relevant": self.relevant,
            "entities": [
                {
                    "id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "aliases": e.aliases,
                    "country": e.country,
                    "mentions": [m.as_json(text) for m in e.mentions],
                }
                for e in (self.entities if keep else [])
            ],
            "roles": [
                {"person": r.person, "title": r.title, "org": r.org, "evidence": r.evidence.as_json(text)}
                for r in (self.roles if keep else [])
            ],
            "events": [
                {
                    "id": v.id,
                    "type": v.type,
                    "name": v.name,
                    "date": v.date,
                    "date_end": v.date_end,
                    "place": v.place,
                    "participants": [{"entity": p.entity, "role": p.role} for p in v.participants],
                    "creates": v.creates,
                    "evidence": v.evidence.as_json(text),
                }
                for v in (self.events if keep else [])
            ],
            "relevance_reasons": self.relevance_reasons,
        }
