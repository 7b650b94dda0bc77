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
from coopgraph.extract.roles import en as roles_en
from coopgraph.extract.roles import is_sub_unit
from coopgraph.extract.roles import zh as roles_zh
from coopgraph.learn.party_relations import relation_features
from coopgraph.model import ENTITY_TYPES, EVENT_ROLES, Article, Entity
from coopgraph.nlp.chinese import to_simplified
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
    # the page's other segments name a country this one does not: its one foreign country meets the page's own
    f[f"page_other_countries={_bucket(sig.get('page_other_countries', 0), (0, 1, 2, 3))}"] = 1.0
    f["one_country_page_other"] = float(sig.get("countries", 0) == 1 and sig.get("page_other_countries", 0) > 0)
    for key in ("acts_across", "acts_half_known"):
        f[f"{key}={_bucket(sig.get(key, 0), (0, 1, 2))}"] = 1.0
    f["one_country_act_half_known"] = float(sig.get("countries", 0) == 1 and sig.get("acts_half_known", 0) > 0)
    f[f"strong_share={_bucket(sig.get('strong_share', 0.0), (0, 0.01, 0.1, 0.25, 0.5))}"] = 1.0
    for kind in ("finance", "science", "policy"):   # the look-alikes' own wording, counted
        f[f"{kind}_cues={_bucket(sig.get(kind + '_cues', 0), (0, 1, 3, 6))}"] = 1.0
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
            f.update(relation_features(article, in_sentence, d.trigger))
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


# What kind of post a title's head word names, for titles of any wording: heads of a body, posts held
# for a country (often in no organisation), academic posts, members, and all else.
_TITLE_CLASSES = (
    ("state", re.compile(r"(?i)\b(?:(?:vice[\s-])?(?:president|premier)\s*$|(?:prime )?minister|ambassador|consul|envoy|"
                         r"governor|mayor|secretary of state)|总统|總統|总理|總理|首相|部长|部長|大使|领事|領事|外长|外長|"
                         r"省长|省長|市长|市長|州长|司长|司長|国务|國務|行政长官|行政長官")),
    ("head", re.compile(r"(?i)\b(?:director|president|chair|chief|ceo|head|dean|rector|chancellor|manager|leader|"
                        r"secretary[\s-]general|founder)|所长|所長|院长|院長|校长|校長|主任|局长|局長|主席|总裁|總裁|董事长|"
                        r"董事長|经理|經理|执行官|執行官|执行长|執行長|理事长|理事長|会长|會長|秘书长|秘書長|总监|總監|负责人|負責人")),
    ("academic", re.compile(r"(?i)\b(?:professor|researcher|scientist|fellow|investigator|academician)|教授|研究员|研究員|院士")),
    ("member", re.compile(r"(?i)\b(?:member|representative|officer|partner)|成员|成員|委员|委員|代表")),
)


def title_class(title: str) -> str:
    """The class of post a title names (see _TITLE_CLASSES): 'state', 'head', 'academic', 'member', 'other'."""
    return next((name for name, pattern in _TITLE_CLASSES if pattern.search(title)), "other")


def _punctuation_between(text: str) -> str:
    """The strongest mark between two mentions: a sentence-internal stop, a list comma, brackets, nothing."""
    for mark, kind in ((";", "semicolon"), ("；", "semicolon"), ("，", "comma"), (",", "comma"), ("、", "list"),
                       ("(", "bracket"), ("（", "bracket"), (")", "bracket"), ("）", "bracket")):
        if mark in text:
            return kind
    return "none"


# Signals that an organisation option is the one a title is held in; the "none" option is told
# which of them its rivals have, so that a linear model can weigh one option against the others.
_STRONG = ("title_names_org", "org_right_before_title", "its_before_title", "dep=near", "closest_before")


def role_candidate_features(article: Article, cand, context: dict) -> list[dict[str, float]]:
    """Features of each (person, title, organisation) option of a role candidate
    (extract/roles/candidates.py), in the order of `cand.options`: where the organisation is
    named against the person and the title, what lies between, what kind of body it is against
    the title's class and head word, why it is an option, whether the rules proposed this pair,
    and how it ranks among the candidate's options. `context` is read once per article (role_context)."""
    lang = "zh" if article.language == "zh" else "en"
    title = cand.title.lower()
    head = title_head(cand.title)
    klass = title_class(cand.title)
    base: dict[str, float] = {"bias_lang=" + lang: 1.0, "group=" + cand.kind: 1.0, "title_class=" + klass: 1.0,
                              f"title_head={head}": 1.0,
                              f"title_words={_bucket(len(title.split()) if not has_cjk(title) else len(title) // 2)}": 1.0,
                              f"same_person_roles={_bucket(context['roles_of'].get(cand.person, 0))}": 1.0}
    for r in (cand.role.by if cand.role is not None else ()):
        base["rule:" + r] = 1.0
    out = [_option_features(article, cand, o, context, {**base}, lang, klass, head) for o in cand.options]
    befores = [(f["gap"], i) for i, f in enumerate(out) if f.get("same_sentence") and f.get("org_before")]
    if befores:
        out[min(befores)[1]]["closest_before"] = 1.0
    rivals = {s for f in out if "org=none" not in f for s in _STRONG if f.get(s)}
    for f in out:
        f.pop("gap", None)
        if "org=none" in f:
            for s in rivals:
                f[f"org=none&rival:{s}"] = 1.0
            f[f"org=none&rivals={_bucket(len(cand.options) - 1)}"] = 1.0
        else:
            for s in _STRONG:
                if f.get(s):
                    f[f"{s}&lang={lang}"] = 1.0
    return out


def _option_features(article: Article, cand, option, context: dict, f: dict[str, float], lang: str, klass: str,
                     head: str) -> dict[str, float]:
    proposed = cand.role is not None and option.org == cand.role.org
    f["rule_pair"] = float(proposed)
    f[f"rule_pair&lang={lang}"] = float(proposed)
    for source in option.sources:
        f["src=" + source] = 1.0
        f[f"src={source}&lang={lang}"] = 1.0
        f[f"src={source}&title_class={klass}"] = 1.0
    f[f"sources={_bucket(len(option.sources))}"] = 1.0
    if option.org is None:
        f["org=none"] = 1.0
        f[f"org=none&title_class={klass}"] = 1.0
        f[f"org=none&group={cand.kind}"] = 1.0
        f[f"org=none&title_head={head}"] = 1.0
        f[f"org=none&rule_pair={proposed}"] = 1.0
        return f
    org = article.entity(option.org)
    kind = _kind_word(org.name)
    f[f"org_kind={kind}"] = 1.0
    f[f"title_class={klass}&org_kind={kind}"] = 1.0
    near = min(org.mentions, key=lambda m: abs(m.start - cand.at))
    before = near.start < cand.at
    f["org_before"] = float(before)
    inside = cand.evidence.start <= near.start < cand.evidence.end
    f["same_sentence"] = float(inside)
    gap = article.text[near.end:cand.at] if before else article.text[cand.at:near.start]
    f["gap"] = len(gap)
    f[f"distance={_bucket(len(gap) / (2 if lang == 'zh' else 6))}&before={before}"] = 1.0
    if inside:
        f["between=" + _punctuation_between(gap)] = 1.0
        f["person_between"] = float(any(min(near.start, cand.at) < at < max(near.end, cand.at) and eid != cand.person
                                        for at, eid in context["people_at"]))
        if cand.title_at is not None:
            f["org_right_before_title"] = float(before and 0 <= cand.title_at - near.end <= 2)
        f["dep=" + option.path] = 1.0
    f["title_names_org"] = float(_title_names_org(cand.title, org.names()))
    f["its_before_title"] = float(before and cand.title_at is not None and bool(_ITS.search(
        article.text[max(cand.evidence.start, cand.title_at - 6):cand.title_at])))
    f[f"mention_rank={_bucket(context['rank'].get(org.id, 99))}"] = 1.0
    f[f"org_mentions={_bucket(len(org.mentions))}"] = 1.0
    f["sub_unit"] = float(is_sub_unit(org.name))
    f["org_in_title"] = float(bool(article.title) and any(m.start < len(article.title) for m in org.mentions))
    f["org_has_country"] = float(org.country is not None)
    return f


def title_head(title: str) -> str:
    """The word of a title that says the post: its head from the rules' vocabulary ('director' in
    'director of human capital', '所长' in '海洋研究所所长'), else its last word (two characters)."""
    simple = to_simplified(title)
    found = _ZH_HEAD.search(simple) if has_cjk(title) else _EN_HEAD.search(title)
    if found:
        return found.group().lower()
    return simple[-2:] if has_cjk(title) else (title.lower().split() or [""])[-1]


_EN_HEAD = re.compile(rf"(?i)\b{roles_en._CORE}\b")
_ZH_HEAD = re.compile(rf"{roles_zh._STRICT_TITLE}$")
# "its director", "该所副所长", "其执行主任": a title said of the organisation named before.
_ITS = re.compile(r"(?i)(?:\bits\s+|\btheir\s+|[该該其本我](?:[院校所局部会會中心]{0,2})?)$")
# Words of a title that say nothing of the body it is held in.
_TITLE_FILLER = {"of", "the", "for", "and", "deputy", "vice", "executive", "senior", "general", "chief", "director",
                 "president", "head", "acting", "assistant", "associate", "international", "national", "affairs"}


def _title_names_org(title: str, names: list[str]) -> bool:
    """Does the title name the body it is held in: 'Minister of Agriculture' at the Ministry of
    Agriculture (a shared word, or a word's stem: minister, ministry), '副总领事' at a 总领事馆 (two
    characters of its name), '副所长' at a …所 (the body the head's title says)?"""
    if has_cjk(title):
        t = to_simplified(title)
        names = [to_simplified(n) for n in names]
        pairs = {t[i:i + 2] for i in range(len(t) - 1)} - {"副主", "主任", "高级", "首席", "执行", "常务", "总裁", "副总"}
        head = t[-2] if len(t) >= 2 and t[-1] == "长" else ""
        return any(p in n for n in names for p in pairs) or bool(head) and any(n.endswith(head) for n in names)
    words = {w[:6] for w in re.findall(r"[a-z]{4,}", title.lower()) if w not in _TITLE_FILLER}
    return any(w[:6] in words for n in names for w in re.findall(r"[a-z]{4,}", n.lower()))


def role_context(article: Article) -> dict:
    """What role_candidate_features reads once per article."""
    roles_of: dict[str, int] = {}
    for r in article.roles:
        roles_of[r.person] = roles_of.get(r.person, 0) + 1
    people = sorted((m.start, e.id) for e in article.entities if e.type == "PERSON" for m in e.mentions)
    return {"rank": _mention_rank(article), "roles_of": roles_of, "people_at": people}

