"""Features of the rules' candidates, the same at training time and at run time.

Every feature is something a rule saw or a plain property of the text: which rules fired,
where an argument stood relative to the trigger, how often an entity is named, what kind of
sentence it is. No feature names a particular organisation, place or page.
"""
from __future__ import annotations

import math
import re

from coopgraph.extract.events import Draft, is_institution, only_inside_names
from coopgraph.extract.events.candidates import CANDIDATE
from coopgraph.extract.gazetteer import gazetteer
from coopgraph.model import ENTITY_TYPES, EVENT_ROLES, Article, Entity, Role
from coopgraph.text import has_cjk

DEFAULT_ROLE = {kind: roles[0] for kind, roles in EVENT_ROLES.items()}


def _bucket(n: float, edges=(0, 1, 2, 3, 5, 8, 13)) -> str:
    for e in reversed(edges):
        if n >= e:
            return f"{e}+"
    return "0"


def _mention_rank(article: Article) -> dict[str, int]:
    """Entities ranked by how often the article names them (0 = most)."""
    ranked = sorted(article.entities, key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0))
    return {e.id: i for i, e in enumerate(ranked)}


def _sentence_of(article: Article, offset: int) -> int:
    for i, s in enumerate(article.sentences):
        if s.span.start <= offset < s.span.end:
            return i
    return -1


def relevance_features(article: Article) -> dict[str, float]:
    sig = article.relevance_signals
    f: dict[str, float] = {"bias_lang=" + article.language: 1.0, "teaser": float(article.is_teaser)}
    for key in ("countries", "international_bodies", "frame", "visits", "cooperation_cues", "domain_cues", "lookalike_cues",
                "strong_cooperation", "acts", "happened_acts", "other_news"):
        f[f"{key}={_bucket(sig.get(key, 0))}"] = 1.0
    for word in sig.get("cue_words", []):
        f["cue:" + word] = 1.0
    f["rules_say"] = float(bool(sig.get("rules_say")))
    for d in article.event_drafts:
        f[f"event:{d.type}:{d.status}"] = f.get(f"event:{d.type}:{d.status}", 0) + 1.0
        for rule in d.by:
            f["event_rule:" + rule] = 1.0
    for t in ENTITY_TYPES:
        f[f"entities:{t}={_bucket(sum(1 for e in article.entities if e.type == t))}"] = 1.0
    f[f"roles={_bucket(len(article.roles))}"] = 1.0
    f[f"length={_bucket(math.log2(max(len(article.text), 1)), (0, 6, 8, 9, 10, 11, 12, 13))}"] = 1.0
    countries = {e.country for e in article.entities if e.country}
    f[f"distinct_countries={_bucket(len(countries))}"] = 1.0
    return f


def event_features(article: Article, d: Draft) -> dict[str, float]:
    f: dict[str, float] = {f"type={d.type}": 1.0, f"status={d.status}": 1.0, "bias_lang=" + article.language: 1.0}
    for rule in d.by:
        f["rule:" + rule] = 1.0
        f[f"rule:{rule}&type={d.type}"] = 1.0
    f[f"participants={_bucket(len(d.participants))}"] = 1.0
    f["has_creates"] = float(d.creates is not None)
    f["has_place"] = float(d.place is not None)
    f["has_date"] = float(d.date is not None)
    f["has_name"] = float(bool(d.name))
    f["headline"] = float(d.sentence == 0 and bool(article.title))
    f[f"sentence={_bucket(d.sentence)}"] = 1.0
    types = {article.entity(p).type for p in d.participants if article.entity(p)}
    for t in types:
        f["participant_type=" + t] = 1.0
    countries = {article.entity(p).country for p in d.participants if article.entity(p) and article.entity(p).country}
    f[f"participant_countries={_bucket(len(countries))}"] = 1.0
    f["teaser"] = float(article.is_teaser)
    f["same_type_in_article=" + _bucket(sum(1 for x in article.event_drafts if x.type == d.type))] = 1.0
    if CANDIDATE.id in d.by:
        f.update(_candidate_features(article, d))
    return f


_CHINA = {"CN", "HK", "MO", "TW"}


def _named_before(article: Article, eid: str, d: Draft) -> bool:
    """Is the entity named before the draft's act word, in its sentence?"""
    sent = article.sentences[d.sentence].span if 0 <= d.sentence < len(article.sentences) else d.trigger
    ent = article.entity(eid)
    return ent is not None and any(sent.start <= m.start < d.trigger.start for m in ent.mentions)


def _candidate_features(article: Article, d: Draft) -> dict[str, float]:
    """What a candidate that no rule emitted says of itself: its act word and how it is used,
    where it stands, who its sentence names, whether a rule found an act of its kind anyway."""
    zh = article.language == "zh"
    f: dict[str, float] = {"candidate": 1.0, f"cand:type={d.type}": 1.0, f"cand:lang={article.language}": 1.0,
                           f"cand:trigger={d.trigger_word}&type={d.type}": 1.0, f"cand:tag={d.trigger_tag}": 1.0,
                           f"cand:tag={d.trigger_tag}&type={d.type}": 1.0}
    sentence = article.sentences[d.sentence] if 0 <= d.sentence < len(article.sentences) else None
    paragraph = sentence.paragraph if sentence else 0
    where = "headline" if d.sentence == 0 and article.title else "lead" if paragraph <= 1 else "body"
    f[f"cand:where={where}"] = 1.0
    f[f"cand:where={where}&type={d.type}"] = 1.0
    parties = [article.entity(p) for p in d.participants]
    for etype in ("ORG", "COUNTRY"):
        f[f"cand:{etype}={_bucket(sum(1 for e in parties if e and e.type == etype))}"] = 1.0
    chinese = sum(1 for e in parties if e and e.country in _CHINA)
    foreign = sum(1 for e in parties if e and e.country and e.country not in _CHINA)
    f[f"cand:chinese={min(chinese, 2)}&foreign={min(foreign, 2)}"] = 1.0
    before = sum(1 for p in d.participants if _named_before(article, p, d))
    f[f"cand:before={min(before, 3)}&after={min(len(d.participants) - before, 3)}"] = 1.0
    f[f"cand:partners={_bucket(sum(1 for r in d.participants.values() if r != 'attendee'))}&type={d.type}"] = 1.0
    f["cand:rule_same_type"] = float(any(x.type == d.type for x in article.event_drafts))
    f["cand:rule_same_sentence"] = float(any(x.sentence == d.sentence for x in article.event_drafts))
    f[f"cand:status={d.status}"] = 1.0
    if sentence:
        f["cand:length=" + _bucket((sentence.span.end - sentence.span.start) / (2 if zh else 6),
                                   (0, 5, 10, 20, 30, 45, 60))] = 1.0
    return f


def participant_candidates(article: Article, d: Draft) -> list[tuple[str, dict[str, float]]]:
    """The entities that may take part in a candidate event, each with features: those the
    rules attached, and every organisation or country named in the event's sentence."""
    sent = article.sentences[d.sentence].span if 0 <= d.sentence < len(article.sentences) else d.trigger
    window = d.window or sent
    ids: list[str] = list(d.participants)
    for e in article.entities:
        if e.type in ("ORG", "COUNTRY") and e.id not in ids and e.id != d.creates and e.id != d.place and not only_inside_names(e):
            if any(sent.start <= m.start < sent.end for m in e.mentions):
                ids.append(e.id)
    rank = _mention_rank(article)
    out = []
    n = len(ids)
    for eid in ids:
        ent = article.entity(eid)
        if ent is None:
            continue
        f: dict[str, float] = {f"type={d.type}": 1.0, f"etype={ent.type}": 1.0, f"type={d.type}&etype={ent.type}": 1.0,
                               "bias_lang=" + article.language: 1.0}
        rules = d.participant_by.get(eid, set())
        for rule in rules or {"none"}:
            f["attached_by:" + rule] = 1.0
            f[f"attached_by:{rule}&type={d.type}"] = 1.0
        role = d.participants.get(eid)
        f["rule_role=" + (role or "none")] = 1.0
        in_window = [m for m in ent.mentions if window.start <= m.start < window.end]
        in_sentence = [m for m in ent.mentions if sent.start <= m.start < sent.end]
        f["in_window"] = float(bool(in_window))
        f["in_sentence"] = float(bool(in_sentence))
        if in_sentence:
            pos = in_sentence[0].start
            f["before_trigger"] = float(pos < d.trigger.start)
            f["distance=" + _bucket(abs(pos - d.trigger.start) / (2 if article.language == "zh" else 6))] = 1.0
            before = article.text[max(sent.start, pos - 12):pos].lower()
            for cue in ("between", "with", "by", "and", "of", "in", "at", "由", "与", "和", "同", "在", "、"):
                if before.rstrip().endswith(cue) or before.rstrip(" the").endswith(cue):
                    f["prev_word=" + cue] = 1.0
        f["mention_rank=" + _bucket(rank.get(eid, 99))] = 1.0
        f["mentions=" + _bucket(len(ent.mentions))] = 1.0
        f["in_title"] = float(bool(article.title) and any(m.start < len(article.title) for m in ent.mentions))
        f["institution"] = float(is_institution(article, eid))
        known = gazetteer().org(ent.name)
        f["international_body"] = float(known is not None and known.country is None)
        f["candidates=" + _bucket(n)] = 1.0
        f["rules_attached_any=" + _bucket(len(d.participants))] = 1.0
        out.append((eid, f))
    return out


_ORG_WORD = re.compile(r"(?i)\b(university|institute|academy|ministry|centre|center|council|agency|association|"
                       r"laborator|hospital|company|corporation|foundation|organi[sz]ation|alliance|commission|bureau)\b")


def entity_features(article: Article, e: Entity) -> dict[str, float]:
    f: dict[str, float] = {f"type={e.type}": 1.0, "bias_lang=" + article.language: 1.0}
    for rule in e.by or ["none"]:
        f["rule:" + rule] = 1.0
        f[f"rule:{rule}&type={e.type}"] = 1.0
    f["rules=" + _bucket(len(e.by))] = 1.0
    f["mentions=" + _bucket(len(e.mentions))] = 1.0
    name = e.name
    words = name.split()
    f["words=" + _bucket(len(words) if not has_cjk(name) else len(name) // 2)] = 1.0
    f["has_digit"] = float(any(c.isdigit() for c in name))
    f["all_caps"] = float(name.isupper() and not has_cjk(name))
    f["has_alias"] = float(bool(e.aliases))
    f["has_country"] = float(e.country is not None)
    f["org_word"] = float(bool(_ORG_WORD.search(name)))
    f["known"] = float(gazetteer().org(name) is not None or gazetteer().country(name) is not None)
    f["in_title"] = float(bool(article.title) and any(m.start < len(article.title) for m in e.mentions))
    f["in_role"] = float(any(r.person == e.id or r.org == e.id for r in article.roles))
    f["in_event"] = float(any(e.id in d.participants or e.id in (d.creates, d.place) for d in article.event_drafts))
    first = e.mentions[0].start if e.mentions else 0
    before = article.text[max(0, first - 3):first]
    f["after_newline"] = float("\n" in before or first == 0)
    f["cjk"] = float(has_cjk(name))
    return f


def role_features(article: Article, r: Role) -> dict[str, float]:
    person, org = article.entity(r.person), article.entity(r.org)
    f: dict[str, float] = {"bias_lang=" + article.language: 1.0, "has_org": float(org is not None)}
    for rule in r.by or ["none"]:
        f["rule:" + rule] = 1.0
    if org is not None:
        f["org_type=" + org.type] = 1.0
    title = r.title.lower()
    f["title_words=" + _bucket(len(title.split()) if not has_cjk(title) else len(title) // 2)] = 1.0
    head = title.split()[-1] if title.split() and not has_cjk(title) else title[-2:]
    f["title_head=" + head] = 1.0
    if person is not None:
        f["person_mentions=" + _bucket(len(person.mentions))] = 1.0
    f["same_person_roles=" + _bucket(sum(1 for x in article.roles if x.person == r.person))] = 1.0
    return f


_KIND_EN = re.compile(
    r"(?i)\b(ministry|department|government|embassy|consulate|company|corporation|group|organi[sz]ation|authority|"
    r"board|bureau|administration|agency|commission|council|committee|academy|university|college|institute|"
    r"cent(?:re|er)|laborator(?:y|ies)|hospital|foundation|alliance|association|society|network|secretariat|office|school)\b"
)
_KIND_ZH = re.compile(r"(部|厅|廳|局|委员会|委員會|委|院|所|中心|大学|大學|学院|學院|公司|集团|集團|医院|醫院|基金会|基金會|联盟|聯盟|"
                      r"协会|協會|学会|學會|组织|組織|办公室|辦公室|秘书处|秘書處|政府|大使馆|大使館|实验室|實驗室)")


def _kind_word(name: str) -> str:
    """The word that says what kind of body a name is: in English the first kind noun
    ("Ministry of Health", "Centre for …"), in Chinese the last (…大学, …研究所); "other" for
    a name that says none (a company's own name is no feature)."""
    found = _KIND_ZH.findall(name) if has_cjk(name) else [m.lower() for m in _KIND_EN.findall(name)[:1]]
    return found[-1] if found else "other"


def role_org_candidates(article: Article, r: Role) -> list[tuple[str, dict[str, float]]]:
    """For a title the rules tied to no organisation ("Lawrence Banks, the Director-General, said"):
    each organisation of the article, with where it is named relative to the title and what
    kind of body it is against the title's head word."""
    zh = has_cjk(r.title)
    title = r.title.lower()
    head = title[-2:] if zh else (title.split()[-1] if title.split() else "")
    here = _sentence_of(article, r.evidence.start)
    rank = _mention_rank(article)
    orgs = [e for e in article.entities if e.type == "ORG" and e.id != r.person and e.mentions]
    nearest = {e.id: min(e.mentions, key=lambda m: abs(m.start - r.evidence.start)).start for e in orgs}
    by_distance = sorted(orgs, key=lambda e: abs(nearest[e.id] - r.evidence.start))
    out = []
    for order, e in enumerate(by_distance):
        at = nearest[e.id]
        kind = _kind_word(e.name)
        f: dict[str, float] = {"bias_lang=" + article.language: 1.0, f"title_head={head}": 1.0,
                               f"org_kind={kind}": 1.0, f"title_head={head}&org_kind={kind}": 1.0}
        f["sentences_away=" + _bucket(min(abs(_sentence_of(article, m.start) - here) for m in e.mentions))] = 1.0
        f["before"] = float(at < r.evidence.start)
        f["chars_away=" + _bucket(abs(at - r.evidence.start) / (2 if zh else 6))] = 1.0
        f["nearest=" + _bucket(order)] = 1.0
        f["mention_rank=" + _bucket(rank.get(e.id, 99))] = 1.0
        f["mentions=" + _bucket(len(e.mentions))] = 1.0
        f["in_title"] = float(bool(article.title) and any(m.start < len(article.title) for m in e.mentions))
        f["institution"] = float(is_institution(article, e.id))
        f["has_country"] = float(e.country is not None)
        f["org_of_other_roles=" + _bucket(sum(1 for x in article.roles if x.org == e.id))] = 1.0
        f["in_event"] = float(any(e.id in d.participants or e.id == d.creates for d in article.event_drafts))
        f["candidates=" + _bucket(len(orgs))] = 1.0
        out.append((e.id, f))
    return out
