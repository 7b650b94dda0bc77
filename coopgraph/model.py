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
EVENT_TYPES = ("MEETING", "AGREEMENT", "ESTABLISHMENT", "MEMBERSHIP")
PARTICIPANT_ROLES = ("organizer", "host", "co-organizer", "party", "founder", "member", "attendee")
EVENT_STATUSES = ("happened", "planned")
# Analyst judgements (store/curation.py); the last three are edges between two entity ids,
# as nomenklatura's: one entity, two different ones, or not sure (kept out of the review queue)
EDGES = ("same", "different", "unsure")
JUDGEMENT_KINDS = ("merge", "split", "rename", "retype", "wrong", *EDGES)
# The kinds of extracted fact an analyst can judge wrong or review (store/fact_review.py), the
# name each is shown by, and a review's verdicts
FACT_KINDS = ("mention", "role", "event")
FACT_LABELS = {"mention": "entities", "role": "roles", "event": "events"}
VERDICTS = ("accept", "reject")
# The roles each event type's participants may have; the first is the role a participant
# has when nothing says otherwise.
EVENT_ROLES = {
    "MEETING": ("organizer", "host", "co-organizer", "attendee", "party"),
    "AGREEMENT": ("party", "attendee"),
    "ESTABLISHMENT": ("founder", "host", "member", "party", "attendee"),
    "MEMBERSHIP": ("member", "host", "party"),
}
# Words that name an act of each event type, in English and Chinese (regexes): a later sentence
# that says one of them tells its type's act again ("The ceremony was held on Monday").
EVENT_WORDS = {
    "MEETING": r"(?i)\b(?:meeting|forum|session|conference|summit|symposium|ceremony)\b|会议|會議|论坛|論壇|开幕|開幕|仪式|儀式",
    "AGREEMENT": r"(?i)\b(?:agreement|memorandum|MoU|accord|pact|deal|contract|signing|signature|signed)\b|"
                 r"协议|協議|备忘录|備忘錄|签署|簽署|签约|簽約|签订|簽訂|合约|合約",
    "ESTABLISHMENT": r"(?i)\b(?:ceremony|inaugurat\w*|opening|launch(?:ed)?|founded|established)\b|"
                     r"揭牌|成立|启用|啟用|仪式|儀式|开业|開業",
    "MEMBERSHIP": r"(?i)\b(?:accession|membership|joined|joining)\b|加入|入会|入會",
}
# Roles that make two participants partners: an attendee of a forum is no partner of the
# organiser or of the other attendees.
PARTNER_ROLES = tuple(sorted({r for roles in EVENT_ROLES.values() for r in roles} - {"attendee"}))


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
    by: list[str] = field(default_factory=list)    # ids of the rules and models that found it
    confidence: float | None = None                # calibrated probability that it is right

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Role:
    person: str            # entity id
    title: str
    org: str | None        # entity id
    evidence: Span
    by: list[str] = field(default_factory=list)
    confidence: float | None = None


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
    status: str = "happened"                       # or "planned" (EVENT_STATUSES)
    by: list[str] = field(default_factory=list)
    confidence: float | None = None


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
    role_candidates: list[Any] = field(default_factory=list)   # roles the trained model may choose (extract/roles/candidates.py)
    events: list[Event] = field(default_factory=list)
    dates: list[tuple[Span, str]] = field(default_factory=list)   # resolved date expressions
    relevant: bool | None = None                   # None until the relevance decision is made
    relevance_reasons: list[str] = field(default_factory=list)
    relevance_confidence: float | None = None
    relevance_signals: dict[str, Any] = field(default_factory=dict)   # what the relevance rules saw, for the trained decision
    page_countries: dict[str, int] = field(default_factory=dict)     # countries the page's other segments name (relevance reads them)
    is_teaser: bool = False
    docs: list[tuple[int, Any]] = field(default_factory=list)      # (paragraph offset, spaCy Doc): the token view
    event_drafts: list[Any] = field(default_factory=list)          # the candidate events behind `events`, with features
    event_candidates: list[Any] = field(default_factory=list)      # drafts no rule emitted: only a trained model keeps one
    lac: list[list[tuple[int, int, str]]] = field(default_factory=list)  # Chinese: LAC words per paragraph

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

    def prune(self, min_confidence: float) -> None:
        """Leave out roles and events below `min_confidence`, then entities below it that no
        kept fact refers to. Facts with no confidence (the rules alone) are kept."""
        def low(fact) -> bool:
            return fact.confidence is not None and fact.confidence < min_confidence

        self.roles = [r for r in self.roles if not low(r)]
        self.events = [v for v in self.events if not low(v)]
        needed = {r.person for r in self.roles} | {r.org for r in self.roles}
        for v in self.events:
            needed |= {p.entity for p in v.participants} | {v.creates, v.place}
        self.entities = [e for e in self.entities if not low(e) or e.id in needed]

    def to_record(self) -> dict[str, Any]:
        text = self.text
        keep = bool(self.relevant)
        return {
            "source": self.source,
            "segment": self.segment,
            "doc_id": self.doc_id,
            "text": text,
            "title": self.title,
            "language": self.language,
            "published": self.published,
            "relevant": bool(self.relevant),
            "entities": [
                {
                    "id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "aliases": e.aliases,
                    "country": e.country,
                    "mentions": [m.as_json(text) for m in e.mentions],
                    **_provenance(e),
                }
                for e in (self.entities if keep else [])
            ],
            "roles": [
                {"person": r.person, "title": r.title, "org": r.org, "evidence": r.evidence.as_json(text), **_provenance(r)}
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
                    "status": v.status,
                    **_provenance(v),
                }
                for v in (self.events if keep else [])
            ],
            "relevance_reasons": self.relevance_reasons,
            **({"relevance_confidence": round(self.relevance_confidence, 3)} if self.relevance_confidence is not None else {}),
        }


def _provenance(fact) -> dict[str, Any]:
    """The optional fields of the contract: who found a fact, and how sure it is."""
    out: dict[str, Any] = {"by": sorted(set(fact.by))}
    if fact.confidence is not None:
        out["confidence"] = round(fact.confidence, 3)
    return out
