"""The sides of a Chinese act: who signs with whom when a sentence names one side and several
counterparts ('A分别与B、C签署': one agreement each), a count of sides that stands for bodies named
before ('双方签署', '两国签署'), and the institution an act creates, which is no agreement's only
party. Apart from `zh.py` so that the trigger rules and the argument rules over sides stay readable
one by one; `zh.py` calls these after a builder has made its draft.
"""
from __future__ import annotations

import copy
import re

from spacy.tokens import Token

from coopgraph.extract.events import Draft, entity_type, only_inside_names, orgs_of_people, partners
from coopgraph.extract.rules import define, event
from coopgraph.extract.tokens import entity_ids
from coopgraph.model import Article, Span
from coopgraph.nlp.chinese import to_simplified

CLAUSE_END = {"，", ",", "；", ";", "：", ":"}


def _ids(article: Article, tokens, types=("ORG", "COUNTRY")) -> list[str]:
    """The entities of these types the tokens mark, in order, once each."""
    return [eid for eid in entity_ids(tokens) if entity_type(article, eid) in types]


EACH_COUNTERPART = define(
    "zh.agreement.each-counterpart",
    "'A分别与B、C签署协议', 'A与B、C分别签署', 'A先后与B、C签署', 'B、C分别与A签署': one agreement with each "
    "counterpart, not one among all; '分别代表双方签字' (each signs for their side) is one agreement.",
    [("山东省科学院分别与弗林德斯大学、南澳大学签署合作协议。",
      [event("AGREEMENT", party=["山东省科学院", "弗林德斯大学"]),
       event("AGREEMENT", party=["山东省科学院", "南澳大学"]),
       event("AGREEMENT", party=["弗林德斯大学", "南澳大学"], absent=True)]),
     ("澳门大学与里斯本大学、米尼奥大学分别签署谅解备忘录。",
      [event("AGREEMENT", party=["澳门大学", "米尼奥大学"]),
       event("AGREEMENT", party=["里斯本大学", "米尼奥大学"], absent=True)]),
     ("澳门大学代表团访问葡萄牙，在里斯本先后与里斯本大学、里斯本理工学院签署合作协议。",
      event("AGREEMENT", party=["澳门大学", "里斯本理工学院"]))],
)
_EACH = {"分别", "先后", "各自"}     # lemmas are Simplified
_WITH = ("与", "同", "跟")


def _each_counterpart(article: Article, doc, start: int, trigger: Token, draft: Draft) -> list[Draft]:
    """An agreement signed by one side with each of several ('分别与B、C签署'): one draft per pair."""
    before = doc[start:trigger.i]
    each = next((t for t in before if t.lemma_ in _EACH), None)
    if draft.type != "AGREEMENT" or each is None:
        return [draft]
    if any(t.lemma_.startswith("代表") for t in doc[each.i + 1:min(trigger.i, each.i + 3)]):
        return [draft]      # "分别代表双方签字": each signs for their side of one agreement
    follows = each.i + 1 < trigger.i and doc[each.i + 1].lemma_ in (*_WITH, "和")
    if follows:             # "A分别与B、C签署", "B、C分别与A签署"
        one, other = doc[start:each.i], doc[each.i + 2:trigger.i]
    else:                   # "A与B、C分别签署"
        with_at = next((t.i for t in reversed(doc[start:each.i]) if t.lemma_ in _WITH), None)
        if with_at is None:
            return [draft]
        one, other = doc[start:with_at], doc[with_at + 1:each.i]
    one, other = _side(article, one, draft.place), _side(article, other, draft.place)
    if not one and follows:     # "⟦A⟧校长…访问葡萄牙，在里斯本先后与B、C签署": the subject of the clauses before
        one = _side(article, doc[trigger.sent.start:start], draft.place)[:1]
    if len(one) > len(other):
        one, other = other, one
    if len(one) != 1 or len(other) < 2 or one[0] in other:
        return [draft]
    parts = []
    for eid in other:
        part = copy.deepcopy(draft)
        for party in [p for p, role in part.participants.items() if role == "party"]:
            part.participants.pop(party)
            part.participant_by.pop(party, None)
        part.attach(one[0], "party", EACH_COUNTERPART.id)
        part.attach(eid, "party", EACH_COUNTERPART.id)
        parts.append(part)
    return parts


def _side(article: Article, tokens, place: str | None) -> list[str]:
    """The organisations (or countries) one side of a signing names, people standing for theirs."""
    found = _ids(article, tokens, ("ORG", "COUNTRY")) + orgs_of_people(article, _ids(article, tokens, ("PERSON",)))
    found = [eid for eid in dict.fromkeys(found) if eid != place]
    orgs = [eid for eid in found if entity_type(article, eid) == "ORG"]
    countries_inside = [eid for eid in found if eid not in orgs and any(
        e.id == eid for e in article.entities if e.type == "COUNTRY" and e.by == ["xx.country.inside-org-name"])]
    return [eid for eid in found if eid not in countries_inside]


def _drop_joint_of_parts(drafts: list[Draft]) -> list[Draft]:
    """'Etana与康希诺、沃森、艾博签署备忘录' in a headline, told in the body as one agreement with each:
    the one draft among all is the parts, told together."""
    parts = [d for d in drafts if EACH_COUNTERPART.id in d.by]
    out = []
    for d in drafts:
        inside = [p for p in parts if p is not d and p.type == d.type and p.status == d.status
                  and partners(p) <= partners(d)]
        if d not in parts and len(inside) >= 2:
            for p in inside:
                p.place = p.place or d.place
                p.date = p.date or d.date
            continue
        out.append(d)
    return out


CREATED_NO_PARTY = define(
    "zh.party.created-not-sole-party",
    "An institution that an act of the article creates is no agreement's only party: in '签署合作协议，并为双方共建的"
    "联合实验室揭牌' or a headline '联合医学中心揭牌 签署协议' the laboratory is what is made, not who signs.",
    [("中非联合医学中心在科纳克里揭牌并签署合作协议。", event("AGREEMENT", party=["中非联合医学中心"], absent=True))],
)


def _created_no_sole_party(drafts: list[Draft]) -> None:
    """Drop an institution the article's acts create from an agreement that has it as its only party."""
    created = {d.creates for d in drafts if d.creates}
    for d in drafts:
        only = partners(d)
        if d.type == "AGREEMENT" and len(only) == 1 and (sole := next(iter(only))) in created:
            d.participants.pop(sole)
            d.participant_by.pop(sole, None)
            d.by.add(CREATED_NO_PARTY.id)


def _named_apart(a: Draft, b: Draft) -> bool:
    """Two meetings of one sentence by names neither of which holds the other ('出席A大会，并出席B论坛')."""
    if a.type != "MEETING" or not a.name or not b.name:
        return False
    x, y = to_simplified(a.name), to_simplified(b.name)
    return x not in y and y not in x


SIDES_NAMED_BEFORE = define(
    "zh.party.sides-named-before",
    "'双方签署了备忘录', '两国签署', '三方代表签署': a count of sides where an agreement's parties stand stands for "
    "the last bodies of that count named before it, in its paragraph or the one before (countries for 两国).",
    [("中国农业科学院代表团访问巴西农牧业研究院。会谈结束后，双方签署了合作谅解备忘录。",
      event("AGREEMENT", party=["中国农业科学院", "巴西农牧业研究院"])),
     ("2012年，中国与冰岛领导人会晤。两国签署了《海洋与极地科技合作谅解备忘录》。",
      event("AGREEMENT", party=["中国", "冰岛"]))],
)
_SIDES = re.compile(r"^(?:双|两|三|四|各)(?:方|国|校|院|家|所|省|市|地)$")
_COUNT = {"双": 2, "两": 2, "三": 3, "四": 4}


def _reach_antecedents(article: Article, draft: Draft) -> None:
    """The evidence of an act whose party was named before its clause ('双方' for bodies named in the
    sentence before) starts at that party's last mention before it, so that it holds every party."""
    if draft.window is None:
        return
    start = draft.window.start
    for eid, rules in draft.participant_by.items():
        if not rules & {SIDES_NAMED_BEFORE.id, EACH_COUNTERPART.id}:
            continue
        ent = article.entity(eid)
        spans = [m for e in article.entities if e.id == eid or eid in orgs_of_people(article, [e.id])
                 for m in e.mentions] if ent is not None else []
        if any(draft.window.start <= m.start and m.end <= draft.window.end for m in spans):
            continue
        before = [m.start for m in spans if m.start < draft.window.start]
        if before:
            start = min(start, max(before))
    draft.window = Span(start, draft.window.end)


def _opens_phrase(t: Token) -> bool:
    """A word that opens its phrase ('，双方签署'), not one after a pair short form ('中阿双方') or a name."""
    if t.i == 0:
        return True
    prev = t.doc[t.i - 1]
    return not prev._.eid and (prev.tag_ in ("w", "TIME", "f", "c", "d", "p", "m") or prev.text in CLAUSE_END)


def _sides_named_before(article: Article, doc, tokens, draft: Draft) -> None:
    """'双方签署': the parties are the last bodies named before the count word."""
    word = next((t for t in tokens if _SIDES.match(t.lemma_) and not t._.eid and _opens_phrase(t)), None)
    need = _COUNT.get(word.lemma_[0], 0) if word is not None else 0
    have = partners(draft)
    if not need or len(have) >= need:
        return
    base = next(b for b, d in article.docs if d is doc)
    at = base + word.idx
    para = next((n for n, p in enumerate(article.paragraphs) if p.start <= at <= p.end), 0)
    since = article.paragraphs[max(0, para - 1)].start
    kinds = ("COUNTRY",) if word.lemma_.endswith("国") else ("ORG", "PERSON")
    named = sorted((m.start, e) for e in article.entities if e.type in kinds and not only_inside_names(e)
                   for m in e.mentions if since <= m.start < at)
    found: list[str] = []
    for _start, e in reversed(named):
        owners = orgs_of_people(article, [e.id]) if e.type == "PERSON" else []
        eid = owners[0] if owners else e.id
        if entity_type(article, eid) == "PERSON" or eid == draft.place or eid in found:
            continue
        found.append(eid)
        if len(set(found) | have) >= need:
            break
    if len(set(found) | have) == need:
        for eid in found:
            draft.attach(eid, "party", SIDES_NAMED_BEFORE.id)
