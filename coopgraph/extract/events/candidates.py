"""Candidate events: every act word of a sentence that no rule turned into an event.

The trigger rules (`en.py`, `zh.py`) are sure of what they emit and miss acts told in shapes
they do not know ("the hub, set up by WHO, …", "首尔生物枢纽开设"). This generator proposes
more: each word of an event type's trigger vocabulary (the rules' own word lists, read here
once per language) makes a low-prior draft of that type for its sentence (a Chinese clause),
with the organisations and countries of that sentence as parties, the status and place the
rules' own steps read, and the date the shared steps give. Drafts are marked
`xx.event.candidate` in `by`; they go to `Article.event_candidates`, not to the events, and
only the trained `events` model turns one into an event (`learn/apply.py`), so the rules
alone (`--rules-only`) never emit one. A candidate that retells an act the rules found is
dropped (one event per act).
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from coopgraph.extract.events import (
    Draft, _date, _merge, _same_act, bodies_in_span, is_institution, is_international_body, orgs_of_people, says_enough,
)
from coopgraph.extract.rules import define, event
from coopgraph.extract.tokens import sentence_spans
from coopgraph.model import EVENT_ROLES, Article, Span

CANDIDATE = define(
    "xx.event.candidate",
    "A word of an event type's trigger vocabulary that no rule turned into an event proposes a low-prior candidate "
    "(its sentence's organisations and countries as parties); only the trained events model can keep it, so the rules "
    "alone never emit one.",
    [("The hub, which WHO set up with the Medicines Patent Pool in Cape Town, trains manufacturers.",
      event("ESTABLISHMENT", absent=True))],
)
ROLE = {etype: roles[0] for etype, roles in EVENT_ROLES.items()}   # a party's default role: the type's first


@lru_cache(maxsize=1)
def _english_triggers() -> tuple[dict[str, str], dict[str, str]]:
    """(verb lemma → type, noun → type), from the English rules' word lists."""
    from coopgraph.extract.events import en

    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for kind, words in (("MEETING", [*en.ORGANISE_VERBS, *en.MET_VERBS, *en.VISIT_VERBS, *en.RECEIVE_VERBS]), ("MEMBERSHIP", en.JOIN_VERBS),
                        ("ESTABLISHMENT", en.ESTABLISH_VERBS), ("AGREEMENT", en.SIGN_VERBS)):
        verbs.update(dict.fromkeys(words, kind))
    for kind, words in (("MEETING", en.MEETING_NOUNS), ("MEMBERSHIP", en.MEMBER_NOUNS),
                        ("ESTABLISHMENT", en.ESTABLISH_NOUNS), ("AGREEMENT", en.AGREEMENT_WORDS)):
        nouns.update(dict.fromkeys(words, kind))
    return verbs, nouns


@lru_cache(maxsize=1)
def _chinese_triggers() -> list[tuple[re.Pattern, str]]:
    """(pattern over a word's lemma, type), from the Chinese rules' word lists; first match wins."""
    from coopgraph.extract.events import zh

    return [(re.compile(zh.SIGN), "AGREEMENT"), (re.compile(zh.ESTABLISH), "ESTABLISHMENT"),
            (re.compile("^(?:" + "|".join(zh.JOIN_WORDS) + ")$"), "MEMBERSHIP"),
            (re.compile(zh.MEETING_VERB), "MEETING"), (re.compile("^(?:" + "|".join(zh.VISIT_VERBS) + ")$"), "MEETING"),
            (re.compile(zh.AGREEMENT_NOUN), "AGREEMENT"), (re.compile(zh.MEETING_NOUN), "MEETING")]


def _english_type(t: Token) -> str | None:
    verbs, nouns = _english_triggers()
    if t.pos_ in ("VERB", "AUX"):
        return verbs.get(t.lemma_.lower())
    if t.pos_ in ("NOUN", "PROPN"):
        return nouns.get(t.lower_)
    return None


def _chinese_type(t: Token) -> str | None:
    if t._.eid or not t.tag_.startswith(("v", "n")):
        return None
    return next((kind for pattern, kind in _chinese_triggers() if pattern.search(t.lemma_)), None)


def find_candidates(article: Article, drafts: list[Draft], rules) -> list[Draft]:
    """Candidates of the article's act words, each a draft of its own, none retelling a rule's draft."""
    zh = article.language == "zh"
    found: list[Draft] = []
    seen: set[tuple[str, int, int]] = set()
    bases = {id(doc): base for base, doc in article.docs}
    for index, sent in sentence_spans(article):
        doc, base = sent.doc, bases[id(sent.doc)]
        for t in sent:
            kind = _chinese_type(t) if zh else _english_type(t)
            if kind is None:
                continue
            start, end = rules._unit(article, sent, t.i) if zh else (sent.start, sent.end)
            if (kind, index, start) in seen:
                continue
            seen.add((kind, index, start))
            window = Span(base + doc[start].idx, base + doc[end - 1].idx + len(doc[end - 1].text))
            d = Draft(kind, index, Span(base + t.idx, base + t.idx + len(t.text)), by={CANDIDATE.id}, window=window)
            d.trigger_word, d.trigger_tag = t.lemma_.lower(), (t.tag_ if zh else f"{t.pos_}:{t.dep_}")
            if any(x.sentence == index and _same_act(x, d) for x in drafts):
                continue
            if zh:
                rules._status(doc, start, t, d)
                d.place = rules._place(article, doc, start, end)
            else:
                rules._status(article, t, d)
                d.place = rules._place(article, sent, t)
            if d.status == "negated":
                continue
            made = None if zh or kind != "ESTABLISHMENT" else _made_by_parse(t)
            _parties(article, d, window if zh else _clause(t, base), t.idx + base, _sides_of(t, zh), made)
            _date(article, d)
            found.append(d)
    countries = {e.id for e in article.entities if e.type == "COUNTRY"}
    return [d for d in _merge(found, countries) if says_enough(d) and not any(_same_act(x, d) for x in drafts)]


def _clause(t: Token, base: int) -> Span:
    """The English clause of a trigger: the words under the verb it is, or hangs from."""
    head = t
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return Span(base + head.left_edge.idx, base + head.right_edge.idx + len(head.right_edge.text))


def _made_by_parse(t: Token) -> str | None:
    """The entity an English act of founding makes, by the parse: the object or passive subject
    of the verb ('launched X', 'X was set up'), the object of 'of' after a noun ('the opening of X')."""
    if t.pos_ in ("NOUN", "PROPN"):
        objects = [g for c in t.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    else:
        objects = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for o in objects:
        eid = o._.eid or next((x._.eid for x in o.subtree if x._.eid and x.dep_ != "pobj"), None)
        if eid:
            return eid
    return None


def _sides_of(t: Token, zh: bool) -> tuple[str, str] | None:
    """(role before the word, role after it) for a word of visiting or receiving: the visitor is
    the guest (attendee), the body visited or receiving the host. None for other words."""
    from coopgraph.extract.events import en
    from coopgraph.extract.events import zh as zh_rules

    if zh:
        side = zh_rules.VISIT_VERBS.get(t.lemma_)
        return None if side is None else ("attendee", "host") if side == "guest" else ("host", "attendee")
    lemma = t.lemma_.lower()
    if t.pos_ != "VERB":
        return None
    if lemma in en.VISIT_VERBS:
        return "attendee", "host"
    return ("host", "attendee") if lemma in (*en.MET_VERBS, *en.RECEIVE_VERBS) else None


def _parties(article: Article, d: Draft, window: Span, at: int, sides: tuple[str, str] | None, made: str | None) -> None:
    """The bodies of the clause take part (a visit's visitor as a guest, the body visited as its
    host); an establishment creates the institution named nearest its word, a membership's host
    is the international body named after it."""
    people = [e.id for e in article.entities if e.type == "PERSON"
              and any(window.start <= m.start < window.end for m in e.mentions)]
    ids = [x for x in bodies_in_span(article, window, {d.place}) + orgs_of_people(article, people) if x]
    ids = list(dict.fromkeys(ids))
    if d.type == "ESTABLISHMENT":
        institutions = [x for x in ids if is_institution(article, x) and not _after_by(article, x, window)]
        if made or institutions:
            d.set_creates(made or min(institutions, key=lambda x: _distance(article, x, at, window)), CANDIDATE.id)
    host = None
    if d.type == "MEMBERSHIP":
        after = [x for x in ids if is_international_body(article, x) and _first_at(article, x, window) > at]
        host = after[0] if after else None
    for eid in ids:
        if eid == d.creates:
            continue
        role = "host" if eid == host else ROLE[d.type]
        if sides:
            role = sides[0] if _first_at(article, eid, window) < at else sides[1]
        d.attach(eid, role, CANDIDATE.id)


_BY = re.compile(r"(?:\bby|由|經由|经由)\s*(?:the\s+)?$")


def _after_by(article: Article, eid: str, window: Span) -> bool:
    """Named after 'by' / 由 in the clause: who acts, not what is made."""
    ent = article.entity(eid)
    return any(_BY.search(article.text[max(window.start, m.start - 8):m.start]) for m in ent.mentions
               if window.start <= m.start < window.end)


def _first_at(article: Article, eid: str, window: Span) -> int:
    ent = article.entity(eid)
    return min((m.start for m in ent.mentions if window.start <= m.start < window.end), default=window.end)


def _distance(article: Article, eid: str, at: int, window: Span) -> int:
    ent = article.entity(eid)
    return min((abs(m.start - at) for m in ent.mentions if window.start <= m.start < window.end), default=10 ** 6)
