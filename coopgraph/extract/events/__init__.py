"""Events: meetings, agreements, establishments and memberships, with their parties.

Each candidate event starts from a trigger rule firing in one sentence (`en.py`, `zh.py`:
token and dependency patterns with ids). Argument rules then attach participants, the
institution created, the place and the name; status rules mark acts that are planned
("will sign", 拟) or negated. Everything shared by both languages is here: dates, acts told
twice merged into one (a headline and its lead, a signing ceremony and the agreement signed
there), acts "at the forum" inheriting its place and date, and the final filter.

Every candidate keeps the ids of the rules that built it (`by`) and the features a trained
decision reads (`coopgraph/extract/decisions.py`), which sets its confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from coopgraph.dates import find_dates
from coopgraph.extract.gazetteer import gazetteer
from coopgraph.extract.relevance import INTERNATIONAL_NAME, international_by_name
from coopgraph.extract.rules import define, event
from coopgraph.ingest.clean import ends_sentence
from coopgraph.model import EVENT_WORDS, Article, Event, Participant, Span
from coopgraph.text import fold, has_cjk

DATE_BEFORE = define(
    "xx.date.told-before",
    "An act with no date in its sentence takes a full date told just before, in the same paragraph.",
    [("On 8 January 2024 delegates gathered in Nairobi. At the ceremony, KEMRI and the Chinese Academy of Sciences "
      "signed a memorandum of understanding.", event("AGREEMENT", date="2024-01-08"))],
)
SAME_ACT = define(
    "xx.merge.same-act",
    "An act told twice (a headline and its lead, 'the MoU was signed by …') is one event; two documents by their "
    "titles, or two agreements creating two institutions, stay two.",
    [("KEMRI and WHO sign a vaccine MoU\n\nThe Kenya Medical Research Institute (KEMRI) and WHO signed a memorandum of "
      "understanding on vaccines in Nairobi.", event("AGREEMENT", party=["KEMRI", "WHO"]))],
)
DATE_FROM_LEAD = define(
    "xx.date.headline-from-lead",
    "An act told in the headline (the lines before the lead, none ending a sentence) with no date there took place "
    "when the lead, the first paragraph of the body, says in its first two sentences: a headline retells the "
    "article's main act.",
    [("Kenya Medical Research Institute and WHO sign vaccine memorandum\n\nThe ceremony took place in Nairobi on "
      "8 January 2024, in the presence of the health minister. Both sides praised the partnership.",
      event("AGREEMENT", date="2024-01-08")),
     ("中德两大科学院签署《北京宣言》\n\n中国科学院与德国国立科学院9日在北京联合发表《北京宣言》，倡议加强基础研究。",
      event("AGREEMENT", date="2024-06-09"))],
)
DATE_TOLD_AFTER = define(
    "xx.date.told-after",
    "An act with no date before or in its sentence takes a full date told in the next two sentences (the paragraph's "
    "or the next one's) when that sentence tells the act again by a word of its kind: 'The ceremony was held on "
    "Monday', 'The accession took effect on 13 March', '協議於上周四（8日）簽署'.",
    [("The Kenya Medical Research Institute and the Chinese Academy of Sciences inaugurated the Sino-Africa Joint "
      "Research Centre in Nairobi.\n\nThe ceremony took place on Monday, 18 December 2023, in the presence of the "
      "health minister.", event("ESTABLISHMENT", date="2023-12-18")),
     ("Brazil has joined the Global Biodiversity Information Facility.\n\nIts researchers published 3 million records "
      "on 24 October 2012.", event("MEMBERSHIP", date="2012-10-24", absent=True))],
)
# Words that tell an act of each kind again, in a later sentence (the words are the model's).
RETOLD = {kind: re.compile(words) for kind, words in EVENT_WORDS.items()}
DATE_AFTER_YU = define(
    "zh.date.after-yu",
    "A Chinese act with no date before its verb takes the date that '于' puts right after it: '成立于1985年', '加入於2021年'.",
    [("非洲科学院成立于1985年，总部设在内罗毕。", event("ESTABLISHMENT", date="1985"))],
)
AT_MEETING = define(
    "xx.merge.at-the-meeting",
    "An act told as happening at the article's meeting ('signed during the forum') took place where and when it did.",
    [("The China-Africa Forum on Traditional Medicine was held in Cape Town on 12 March 2012. During the forum, the "
      "China Academy of Chinese Medical Sciences and the University of the Western Cape signed an agreement.",
      event("AGREEMENT", place="Cape Town"))],
)


@dataclass
class Draft:
    """A candidate event as the rules see it."""

    type: str
    sentence: int                       # index in article.sentences
    trigger: Span                       # the words that triggered it
    by: set[str] = field(default_factory=set)
    status: str = "happened"            # happened | planned | negated
    name: str | None = None
    participants: dict[str, str] = field(default_factory=dict)      # entity id -> role
    participant_by: dict[str, set[str]] = field(default_factory=dict)  # entity id -> rules that attached it
    creates: str | None = None
    place: str | None = None
    date: str | None = None
    date_end: str | None = None
    window: Span | None = None          # the clause(s) the act is told in (Chinese), else the sentence
    confidence: float | None = None
    trigger_word: str = ""              # a candidate's act word (lemma) and its tag (Chinese) or POS:dep (English)
    trigger_tag: str = ""

    def attach(self, entity_id: str | None, role: str, rule: str, overwrite: bool = False) -> None:
        if not entity_id or entity_id == self.creates:
            return
        if overwrite or entity_id not in self.participants:
            self.participants[entity_id] = role
        self.participant_by.setdefault(entity_id, set()).add(rule)
        self.by.add(rule)

    def absorb(self, other: Draft, rule: str) -> None:
        """Take in what another rule found of the same act: its participants (with the rules that
        attached them), rule ids, and the created body, place and name where this draft has none."""
        for eid, role in other.participants.items():
            self.attach(eid, role, next(iter(other.participant_by.get(eid, {rule}))))
        self.by |= other.by
        self.creates = self.creates or other.creates
        self.place = self.place or other.place
        self.name = self.name or other.name

    def set_creates(self, entity_id: str | None, rule: str) -> None:
        if entity_id:
            self.creates = entity_id
            self.participants.pop(entity_id, None)
            self.participant_by.pop(entity_id, None)
            self.by.add(rule)


class EventExtractor:
    name = "events"
    needs = ("entities", "docs", "dates", "roles")
    assigns = ("events",)

    def __init__(self, candidates: bool | None = None) -> None:
        """`candidates`: also propose the acts no rule emitted (`Article.event_candidates`) for the
        events model to keep. By default only when the shipped model keeps them (its
        `candidates_decide`): where it does not, they would cost time and change nothing."""
        self._rules = {}
        if candidates is None:
            from coopgraph.learn.models import load_models

            candidates = bool(load_models().get("events", {}).get("candidates_decide"))
        self._candidates = candidates

    def _language_rules(self, language: str):
        if language not in self._rules:
            if language == "zh":
                from coopgraph.extract.events import zh as module
            else:
                from coopgraph.extract.events import en as module
            self._rules[language] = module
        return self._rules[language]

    def __call__(self, article: Article) -> None:
        rules = self._language_rules("zh" if article.language == "zh" else "en")
        drafts = rules.find_events(article)
        drafts = [d for d in drafts if d.status != "negated"]
        for d in drafts:
            _date(article, d)
        merged = _merge(drafts, {e.id for e in article.entities if e.type == "COUNTRY"})
        _inherit_from_meeting(article, merged, rules)
        _founders_from_context(article, merged)
        _counterparts_in_sentence(article, merged)
        _bodies_in_meeting_name(article, merged)
        article.event_drafts = _keep(article, merged)
        article.events = [to_event(i, d) for i, d in enumerate(article.event_drafts)]
        if self._candidates:
            from coopgraph.extract.events.candidates import find_candidates

            article.event_candidates = find_candidates(article, article.event_drafts, rules)


def to_event(index: int, d: Draft) -> Event:
    return Event(
        id=f"v{index + 1}", type=d.type, name=d.name, date=d.date, date_end=d.date_end, place=d.place,
        participants=[Participant(p, r) for p, r in d.participants.items()], creates=d.creates,
        evidence=d.window or d.trigger, status=d.status, by=sorted(d.by), confidence=d.confidence,
    )


# --- dates -------------------------------------------------------------------------------
def _date(article: Article, d: Draft) -> None:
    """The date told nearest the trigger in the same sentence (for Chinese: before the verb,
    in the clause window); else one named in the event's name; else a full date told just
    before, in the same paragraph, at most two sentences back; else, for an act of the
    headline, the lead's first date."""
    zh = article.language == "zh"
    sent = article.sentences[d.sentence].span
    s, e = sent.start, sent.end
    if zh:  # a Chinese date comes before its verb: "2023年,A与B签署…", "6月18日,…揭牌"
        e = max(d.trigger.start, (d.window or sent).start) + 1
    in_sentence = [(span, value) for span, value in article.dates if s <= span.start < e]
    if zh and not in_sentence and (yu := re.match(r"\s*[于於]\s*", article.text[d.trigger.end:d.trigger.end + 4])):
        in_sentence = [(span, value) for span, value in article.dates if span.start == d.trigger.end + yu.end()]
        d.by.update([DATE_AFTER_YU.id] if in_sentence else [])
    if not in_sentence and d.name and (year := re.search(r"(?:19|20)\d{2}", d.name)):
        sentence = article.text[s:sent.end]
        for found in find_dates(sentence, article.language, f"{year.group()}-12-31"):
            if len(found.value) == 10 and found.value.startswith(year.group()):
                in_sentence.append((Span(s + found.start, s + found.end), found.value))
    if not in_sentence:
        para = article.paragraphs[article.sentences[d.sentence].paragraph]
        back = [x.span.start for x in article.sentences if x.span.end <= s][-2:]
        earlier = _full_dates(article, max(para.start, back[0] if back else s), s)
        if earlier:
            in_sentence = earlier[-1:]
            d.by.add(DATE_BEFORE.id)
        elif (lead := _lead_dates(article, s)):
            in_sentence = lead[:1]
            d.by.add(DATE_FROM_LEAD.id)
        elif (after := _told_after(article, d)):
            in_sentence = after[:1]
            d.by.add(DATE_TOLD_AFTER.id)
        else:
            return
    span, value = min(in_sentence, key=lambda sv: abs(sv[0].start - d.trigger.start))
    if "/" in value:
        d.date, d.date_end = value.split("/")
    else:
        d.date = value


def _told_after(article: Article, d: Draft) -> list[tuple[Span, str]]:
    """The full dates of the first of the next two sentences (in the act's paragraph or the next)
    that tells an act of this kind again, in order."""
    para = article.sentences[d.sentence].paragraph
    last = article.paragraphs[min(para + 1, len(article.paragraphs) - 1)].end
    for x in article.sentences[d.sentence + 1:d.sentence + 3]:
        if x.span.start >= last:
            break
        dated = _full_dates(article, x.span.start, x.span.end)
        if dated and RETOLD[d.type].search(article.text[x.span.start:x.span.end]):
            return dated
    return []


def _full_dates(article: Article, start: int, end: int) -> list[tuple[Span, str]]:
    """The dates told between `start` and `end` that give a day (or a range from one)."""
    return [(sp, v) for sp, v in article.dates if start <= sp.start < end and len(v.split("/")[0]) == 10]


def _lead_dates(article: Article, at: int) -> list[tuple[Span, str]]:
    """When `at` lies in the article's headline (the paragraphs before the lead: a title, a
    subtitle, a masthead, none ending a sentence): the dates told in the first two sentences of
    the lead (the first paragraph that ends a sentence or is too long for a headline), in order."""
    texts = [article.text[p.start:p.end] for p in article.paragraphs[:4]]
    lead_at = next((i for i, t in enumerate(texts) if ends_sentence(t) or len(t) > 150), None)
    if not lead_at or at >= article.paragraphs[lead_at].start:
        return []
    lead = article.paragraphs[lead_at]
    sentences = [x.span for x in article.sentences if lead.start <= x.span.start < lead.end][:2]
    if not sentences:
        return []
    return [(sp, v) for sp, v in article.dates if sentences[0].start <= sp.start < sentences[-1].end]


# --- one event per act ---------------------------------------------------------------------
def _same_act(a: Draft, b: Draft) -> bool:
    if a.type != b.type or a.status != b.status:
        return False
    if a.date and b.date and a.date[:7] != b.date[:7]:
        return False
    if a.creates and a.creates == b.creates:
        return True
    if a.type == "MEETING":
        if a.name and b.name:
            x, y = fold(a.name), fold(b.name)
            return x in y or y in x
        return not (a.name and b.name)  # "本次论坛由…主办": the article's meeting
    if a.type in ("AGREEMENT", "MEMBERSHIP") or (a.type == "ESTABLISHMENT" and not a.creates and not b.creates):
        # Told again a sentence or two away: the headline and its lead, "the signing
        # ceremony was held in …", "the document was signed by …".
        if abs(a.sentence - b.sentence) > 3 and min(a.sentence, b.sentence) > 0:
            return False  # (sentence 0 is the headline: it retells the article's main act)
        if _told_apart(a, b):
            return False
        pa, pb = partners(a), partners(b)
        return not pa or not pb or pa <= pb or pb <= pa
    return False


def _told_apart(a: Draft, b: Draft) -> bool:
    """Two documents by their titles ('《框架协议》' and '《谅解备忘录》'), or two agreements that create
    two institutions, are two acts, however near each other they are told."""
    if a.name and b.name:
        x, y = fold(a.name), fold(b.name)
        if x not in y and y not in x:
            return True
    return bool(a.creates and b.creates and a.creates != b.creates)


def _merge(drafts: list[Draft], countries: set[str]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        twin = next((o for o in out if _same_act(o, d)), None)
        if twin is None:
            out.append(d)
            continue
        for pid, role in d.participants.items():
            twin.participants.setdefault(pid, role)
        for pid, rules in d.participant_by.items():
            twin.participant_by.setdefault(pid, set()).update(rules)
        twin.by |= d.by | {SAME_ACT.id}
        if d.name and (not twin.name or len(d.name) > len(twin.name)):
            twin.name = d.name
        if d.place and (twin.place is None or twin.place in countries) and d.place not in countries:
            twin.place = d.place
        twin.place = twin.place or d.place
        twin.date = twin.date or d.date
        twin.date_end = twin.date_end or d.date_end
        twin.creates = twin.creates or d.creates
    return out


def _inherit_from_meeting(article: Article, drafts: list[Draft], rules) -> None:
    """Acts told as happening at the article's meeting ("signed during the forum", "论坛上")
    happened where and when it did."""
    meetings = [d for d in drafts if d.type == "MEETING" and d.status == "happened"]
    if not meetings:
        return
    main = meetings[0]
    if main.place is None:
        main.place = rules.meeting_place_elsewhere(article)
    for d in drafts:
        if d is main or d.status != "happened":
            continue
        sentence = article.text[article.sentences[d.sentence].span.start:article.sentences[d.sentence].span.end]
        if rules.AT_THE_MEETING.search(sentence) or d.sentence == main.sentence:
            if (d.place is None and main.place) or (d.date is None and main.date):
                d.by.add(AT_MEETING.id)
            d.place = d.place or main.place
            d.date = d.date or main.date


def _founders_from_context(article: Article, drafts: list[Draft]) -> None:
    """An institution launched with no founder named beside the verb: the parties of an
    agreement in the article that creates it founded it; else the organisations and countries
    named in the same sentence (not the institution itself, not the place)."""
    for d in drafts:
        if d.type != "ESTABLISHMENT" or any(r == "founder" for r in d.participants.values()):
            continue
        agreement = next((a for a in drafts if a.type == "AGREEMENT" and a.creates == d.creates and a.participants), None)
        if agreement is not None:
            for eid in agreement.participants:
                d.attach(eid, "founder", FOUNDERS_BY_AGREEMENT.id)
            continue
        for eid in _parents_in_name(article, d.creates):
            d.attach(eid, "founder", PARENT_IN_NAME.id)
        if d.by & TOLD_IN_PASSING:
            continue
        for eid in _bodies_in_sentence(article, d, {x.creates for x in drafts}):
            d.attach(eid, "founder", FOUNDERS_IN_SENTENCE.id)


# Rules that find a founding told in passing ("GBIF, created in 2001, now counts …"): the other
# bodies of that sentence take part in something else.
TOLD_IN_PASSING = {"en.establishment.participle"}


def _parents_in_name(article: Article, created: str | None) -> list[str]:
    """'中国科学院中亚药物研发中心', 'IRRI South Asia Regional Centre': the organisation whose name
    opens the new institution's name set it up."""
    inst = article.entity(created)
    if inst is None:
        return []
    out = []
    for e in article.entities:
        if e.type != "ORG" or e.id == inst.id:
            continue
        for n in e.names():
            cjk = has_cjk(n)
            if len(n) < (2 if cjk else 3):
                continue
            if any(full != n and full.startswith(n) and (cjk or not full[len(n)].isalnum()) and len(full) - len(n) >= 2
                   for full in inst.names()):
                out.append(e.id)
                break
    return out


def _counterparts_in_sentence(article: Article, drafts: list[Draft]) -> None:
    """An agreement has two sides: when the rules found one party, the organisation or country
    that its sentence also names (one, or at most two) is the other side."""
    created = {x.creates for x in drafts}
    for d in drafts:
        if d.type != "AGREEMENT" or list(d.participants.values()) != ["party"]:
            continue
        # "A与B签署协议，成为C的参与方": C is what A joins, not a side of the agreement
        joined = {e for x in drafts if x.type == "MEMBERSHIP" and x.sentence == d.sentence
                  for e, role in x.participants.items() if role == "host"}
        others = [eid for eid in _bodies_in_sentence(article, d, created) if eid not in d.participants and eid not in joined]
        if 1 <= len(others) <= 2:
            for eid in others:
                d.attach(eid, "party", COUNTERPARTS_IN_SENTENCE.id)


COUNTERPARTS_IN_SENTENCE = define(
    "xx.party.counterpart-in-sentence",
    "An agreement with one party found: the one or two other organisations or countries of its sentence are the other "
    "side (not an organisation the sentence says one of them joins).",
    [("The Kenya Medical Research Institute signed the vaccine memorandum on Monday during a visit by a delegation of "
      "the World Health Organization.",
      event("AGREEMENT", party=["Kenya Medical Research Institute", "World Health Organization"])),
     ("越南日前与全球疫苗免疫联盟签署协议，成为国际疫苗研究所的正式参与方。",
      event("AGREEMENT", party=["国际疫苗研究所"], absent=True))],
)
def _bodies_in_meeting_name(article: Article, drafts: list[Draft]) -> None:
    """'第八届中泰海洋合作联委会会议', 'GIBH-MWC研讨交流会': a body that a meeting's name holds is a body
    that meets, so it takes part (as organiser), unless a body that takes part already holds it."""
    for d in drafts:
        if d.type != "MEETING" or not d.name:
            continue
        taking_part = [n for p in d.participants if (x := article.entity(p)) is not None for n in x.names()]
        for e in article.entities:
            if e.type != "ORG" or e.id in d.participants:
                continue
            if any(n in t for n in e.names() for t in taking_part):
                continue  # 'CERN' when the 'CERN Council' already takes part
            for n in e.names():
                cjk = has_cjk(n)
                if len(n) < 3 or n == d.name:
                    continue
                if (n in d.name) if cjk else re.search(rf"(?<![A-Za-z0-9]){re.escape(n)}(?![A-Za-z0-9])", d.name):
                    d.attach(e.id, "organizer", BODY_IN_MEETING_NAME.id)
                    break


BODY_IN_MEETING_NAME = define(
    "xx.organizer.body-in-meeting-name",
    "A body that a meeting's name holds ('第八届中泰海洋合作联委会会议') is the body that meets: it takes part as organiser.",
    [("第八届中泰海洋合作联委会会议在厦门召开。", event("MEETING", organizer=["中泰海洋合作联委会"])),
     ("中国科学院广州生物医药与健康研究院（GIBH）和新西兰莫里斯·威尔金斯研究中心（MWC）的专家参加了在广州举行的GIBH-MWC研讨交流会。",
      event("MEETING", organizer=["中国科学院广州生物医药与健康研究院", "新西兰莫里斯·威尔金斯研究中心"]))],
)


def _bodies_in_sentence(article: Article, d: Draft, created: set[str | None]) -> list[str]:
    """The organisations that the draft's sentence names by a name of their own (not an
    institution some draft creates, not its place); its countries only when it names no
    organisation: countries act for themselves only in acts between states."""
    return bodies_in_span(article, article.sentences[d.sentence].span, {*created, d.place})


def bodies_in_span(article: Article, span: Span, left_out: set[str | None]) -> list[str]:
    """The organisations named in `span` by a name of their own (none of `left_out`, no country
    that locates a place); its countries only when it names no organisation."""
    named = [
        e for e in article.entities
        if e.type in ("ORG", "COUNTRY") and e.id not in left_out and not only_inside_names(e)
        and any(span.start <= m.start < span.end and not _locates_a_place(article, m) for m in e.mentions)
    ]
    orgs = [e.id for e in named if e.type == "ORG"]
    return orgs or [e.id for e in named]


def _locates_a_place(article: Article, mention: Span) -> bool:
    """A country or body named as where a place is ("China's Guangdong province", "中国广东省"):
    a place's name follows it, with at most an "'s" between."""
    gap = re.match(r"(?:['’]s\s+|\s*)", article.text[mention.end:mention.end + 4])
    at = mention.end + (gap.end() if gap else 0)
    return any(m.start == at for e in article.entities if e.type == "PLACE" for m in e.mentions)


FOUNDERS_BY_AGREEMENT = define(
    "xx.founder.agreement-parties",
    "An institution launched under an agreement of the article was founded by the agreement's parties.",
    [("Egerton University and the Chinese Academy of Sciences signed an agreement to set up the Sino-Kenya Joint "
      "Laboratory for Crop Molecular Biology.\n\nThe Sino-Kenya Joint Laboratory for Crop Molecular Biology was "
      "inaugurated in Njoro on Friday.",
      event("ESTABLISHMENT", founder=["Egerton University", "Chinese Academy of Sciences"]))],
)
PARENT_IN_NAME = define(
    "xx.founder.parent-in-name",
    "An institution launched with no founder beside the verb, whose name opens with an organisation's name "
    "('中国科学院中亚药物研发中心'), was set up by that organisation.",
    [("中国科学院中亚药物研发中心在塔什干揭牌。中国科学院有关负责人出席。", event("ESTABLISHMENT", founder=["中国科学院"])),
     ("The IRRI South Asia Regional Centre was inaugurated in Varanasi on Saturday. IRRI is based in Los Banos.",
      event("ESTABLISHMENT", founder=["IRRI"]))],
)
FOUNDERS_IN_SENTENCE = define(
    "xx.founder.same-sentence",
    "An institution launched with no founder beside the verb: the organisations and countries of its sentence founded it.",
    [("The China-Africa Joint Research Centre, backed by the Chinese Academy of Sciences and Egerton University, was "
      "inaugurated in Nairobi on Monday.", event("ESTABLISHMENT", founder=["Chinese Academy of Sciences", "Egerton University"])),
     ("The China-Latin America Technology Transfer Center was inaugurated in Dongguan, in China's Guangdong province.",
      event("ESTABLISHMENT", founder=["China"], absent=True)),
     ("The Intergovernmental Science-Policy Platform on Biodiversity and Ecosystem Services, backed by the United "
      "Nations Environment Programme, was established in Panama City with delegates from Germany.",
      event("ESTABLISHMENT", founder=["Germany"], absent=True))],
)


def partners(d: Draft) -> set[str]:
    """The participants who make the act, not its guests (attendees)."""
    return {eid for eid, role in d.participants.items() if role != "attendee"}


def says_enough(d: Draft) -> bool:
    """Does a candidate say enough to be an event of its type? An agreement names its parties,
    an establishment what it creates (or, for a joint plant or production line, two founders), a
    membership its member, a meeting someone or its name."""
    if d.type == "AGREEMENT":
        return bool(partners(d))     # its guests alone do not say who agreed
    if d.type == "ESTABLISHMENT":
        return d.creates is not None or sum(r == "founder" for r in d.participants.values()) >= 2
    if d.type == "MEMBERSHIP":
        return "member" in d.participants.values()
    return bool(d.participants or d.name)


def _keep(article: Article, drafts: list[Draft]) -> list[Draft]:
    """Drop candidates that say too little to be an event of their type, and restatements."""
    entity_type = {e.id: e.type for e in article.entities}
    def between_bodies(d: Draft) -> bool:  # an agreement, or a joint plant, with no institution of its own
        return d.type == "AGREEMENT" or (d.type == "ESTABLISHMENT" and d.creates is None)

    institutional = [d for d in drafts if between_bodies(d) and any(entity_type.get(p) == "ORG" for p in partners(d))]
    out = []
    for d in drafts:
        if between_bodies(d) and any(i.type == d.type for i in institutional) and d not in institutional and all(
            entity_type.get(p) == "COUNTRY" for p in partners(d)
        ) and d.status == "happened":
            continue  # a country-level restatement of an institutional act ("中阿合作…投产" over "A公司与B公司…投产")
        if not says_enough(d):
            continue
        if d.type == "ESTABLISHMENT" and not d.participants and any(
            a.type == "AGREEMENT" and a.creates == d.creates and a.date == d.date for a in drafts
        ):
            continue  # the establishment an agreement of the same day already tells
        out.append(d)
    return out


INSTITUTION_EN = re.compile(
    r"(?i)\b(laborator(?:y|ies)|lab|cent(?:er|re)|alliance|committee|council|consortium|institute|association|"
    r"network|platform|hub|union|federation|branch|office|base|station|park|school|academy|society|coalition|"
    r"facility|partnership|fund|foundation|agency|commission|secretariat|biofoundry|incubator|clinic|hospital|"
    r"university|college|observatory|plant|factory|"
    # bodies set up to run a joint effort: "the African Vaccine Manufacturing Accelerator", "the Earth BioGenome Project"
    r"accelerator|initiative|project|venture)s?\b"
)
INSTITUTION_ZH = re.compile(
    r"(实验室|實驗室|中心|联盟|聯盟|委员会|委員會|研究院|研究所|平台|基地|工厂|工廠|分院|学院|學院|协会|協會|学会|學會|"
    r"基金|办公室|辦公室|办事处|辦事處|秘书处|秘書處|园|園|医院|醫院|诊所|診所|孔子学院|大学|大學|站)"
)


def entity_type(article: Article, eid: str | None) -> str | None:
    ent = article.entity(eid)
    return ent.type if ent else None


def orgs_of_people(article: Article, ids: list[str]) -> list[str]:
    """People stand for the organisation of their title, when the text gives one; others stand for themselves."""
    out: list[str] = []
    for eid in ids:
        if entity_type(article, eid) == "PERSON":
            eid = next((r.org for r in article.roles if r.person == eid and r.org), None)
        if eid and eid not in out:
            out.append(eid)
    return out


def set_place(draft: Draft, place: str | None, rule_id: str) -> None:
    if place:
        draft.place = place
        draft.by.add(rule_id)


def only_inside_names(entity) -> bool:
    """A country the text names only inside organisations' names ("Kenya Medical Research Institute")."""
    return entity.by == ["xx.country.inside-org-name"]


_COOPERATIVE_NAME = re.compile(r"(?i)\b(joint|alliance|consortium|partnership|network|coalition)\b|联合|聯合|联盟|聯盟|合作")


def is_international_body(article: Article, entity_id: str | None) -> bool:
    """An organisation international by what it is: a known body of no country, or a name that
    says so ("Global …", "International …", "… Alliance", "Joint …", "联合…")."""
    ent = article.entity(entity_id)
    if ent is None or ent.type != "ORG":
        return False
    return international_by_name(ent.name, gazetteer().org(ent.name)) or \
        any(INTERNATIONAL_NAME.search(n) or _COOPERATIVE_NAME.search(n) for n in ent.names())


def is_institution(article: Article, entity_id: str | None) -> bool:
    """An organisation whose name says it is an institution that can be set up (a lab, a
    centre, an alliance…), as opposed to a country or a person."""
    ent = article.entity(entity_id)
    if ent is None or ent.type != "ORG":
        return False
    return any((INSTITUTION_ZH if has_cjk(n) else INSTITUTION_EN).search(n) for n in ent.names())
