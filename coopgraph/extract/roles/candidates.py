"""Candidate (person, title, organisation) triples for the trained roles model to choose among.

The role rules emit what they are sure of; recall is lost where they tie a title to no
organisation, or to the wrong one, or find no title at all. Here every role the rules made,
and every title written right beside a person's name that they did not make, becomes a
`RoleCandidate` whose `options` are the organisations it may be held in: the rules' own, none,
each one named in its sentence, the one named last before the sentence, those the person holds
other titles in, a Chinese short form written right before the title (南海所 for
…南海水产研究所), and the body the article names most. Each option says why it is one
(`sources`); `learn.features.role_candidate_features` describes it. Candidates are only read by
the trained decisions: with the rules alone (`--rules-only`) none is ever emitted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from coopgraph.extract.roles import en, zh
from coopgraph.extract.rules import define, role
from coopgraph.extract.template import Template
from coopgraph.model import Article, Role, Span
from coopgraph.nlp.chinese import to_simplified
from coopgraph.text import fold, has_cjk


@dataclass
class OrgOption:
    org: str | None                              # entity id; None: the title is held in no organisation
    sources: set[str] = field(default_factory=set)   # why it is an option: rule, none, sentence, before, tied, short-form, most-named
    path: str = "none"           # how the parse links it to the person in the sentence (_dependency_path)


@dataclass
class RoleCandidate:
    person: str
    title: str
    evidence: Span
    at: int                      # article offset of the person's mention the title stands by
    role: Role | None            # the rules' role; None for a title they did not emit
    kind: str                    # "rule", or the id of the pattern that found the title
    title_at: int | None = None  # article offset of the title, where known
    options: list[OrgOption] = field(default_factory=list)


# Titles written beside a name, from the rules' own title vocabulary (en._TITLE, zh.TITLE_MOD + TITLE_CORE).
_EN_TITLES = rf"{en._TITLE}(?:\s+and\s+{en._TITLE})?"
# "⟦P⟧, Bio Farma's director of human capital": a possessive name that no entity rule marked may stand before it.
_OWNER = r"(?:(?:⟦ORG:\d+⟧|[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3})['’]s\s+)?"
EN_TITLE_AFTER = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧){en._ALIAS}\s*,\s*(?:who\s+is\s+(?:also\s+)?)?(?:the\s+|an?\s+)?{_OWNER}"
    rf"(?P<t>{_EN_TITLES})(?![\w-])")
ZH_TITLE_AFTER = re.compile(rf"(?P<p>⟦PERSON:\d+⟧)(?P<t>{zh.TITLE_MOD}{zh._STRICT_TITLE})")
_UNSURE = ("The rules alone never emit it: the trained roles model keeps it, with its organisation, only where it "
           "beat the rules on dev.")
EN_AFTER_RULE = define(
    "en.role.candidate-title-after", "A title after a name and a comma, also after a possessive name no rule marked "
    "('⟦PERSON⟧, Bio Farma's director of …'), as a role candidate. " + _UNSURE,
    [("Members elected Iin Susanti, Bio Farma's director of human capital, to chair the board.",
      role("Iin Susanti", "director of human capital", absent=True))],
    patterns=[EN_TITLE_AFTER.pattern])
ZH_AFTER_RULE = define(
    "zh.role.candidate-title-after", "Any title of the rules' vocabulary right after a name ('⟦PERSON⟧总监'), as a "
    "role candidate. " + _UNSURE,
    [("沈岩总监带队前往肯尼亚。", role("沈岩", "总监", absent=True))],
    patterns=[ZH_TITLE_AFTER.pattern])
CANDIDATE_PATTERNS = {"en": ((EN_AFTER_RULE.id, EN_TITLE_AFTER),), "zh": ((ZH_AFTER_RULE.id, ZH_TITLE_AFTER),)}
# Where a Chinese short form before a title starts: after punctuation, a placeholder or a function word.
_ZH_RUN_BEFORE = re.compile(r"(?:(?<=[，,、：:；;。（(“\s⟧的和与與及])|^)(?P<run>[\u4e00-\u9fff]{2,5})$")


def role_candidates(article: Article, templates: list[Template], roles: list[Role],
                    unsure: list[Role] = ()) -> list[RoleCandidate]:
    """The rules' roles and the titles beside names they did not emit, each with its organisation options.
    `unsure`: roles the rules found and did not emit (an academic rank held nowhere), candidates like those."""
    out = [_from_rule(article, r) for r in roles if article.entity(r.person) is not None]
    for r in unsure:
        if article.entity(r.person) is not None:
            at, title_at = said_at(article, r)
            out.append(RoleCandidate(r.person, r.title, r.evidence, at, None, (r.by or ["rule"])[0], title_at))
    held = {(r.person, fold(r.title)) for r in [*roles, *unsure]}
    lang = "zh" if article.language == "zh" else "en"
    for tpl in templates:
        for kind, pattern in CANDIDATE_PATTERNS[lang]:
            for m in pattern.finditer(tpl.text):
                # "director of human capital, to chair …": a lower-case word after a comma starts the sentence again
                person, title = tpl.entity(m.group("p")), re.sub(r"\s*,\s*[a-z]+$", "", m.group("t")).strip(" ,")
                if not title or (person, fold(title)) in held or en._ADDRESS_ONLY.match(title):
                    continue
                if any(person == r.person and (fold(r.title) in fold(title) or fold(title) in fold(r.title))
                       for r in roles):
                    continue   # the rules made this title (or a longer or shorter form of it)
                held.add((person, fold(title)))
                out.append(RoleCandidate(person, title, tpl.span, tpl.to_article(m.start("p")), None, kind,
                                         tpl.to_article(m.start("t"))))
    people = {}
    for r in roles:
        if r.org:
            people.setdefault(r.person, set()).add(r.org)
    most = _most_named(article)
    for cand in out:
        cand.options = _options(article, cand, people.get(cand.person, set()), most)
    return out


def _from_rule(article: Article, r: Role) -> RoleCandidate:
    at, title_at = said_at(article, r)
    return RoleCandidate(r.person, r.title, r.evidence, at, r, "rule", title_at)


def said_at(article: Article, r: Role) -> tuple[int, int | None]:
    """Article offsets of a role's person mention in its evidence and of its title written before
    that mention (None when the title is not written there as it is kept)."""
    person = article.entity(r.person)
    inside = [m.start for m in person.mentions if r.evidence.start <= m.start < r.evidence.end] if person else []
    at = inside[0] if inside else r.evidence.start
    said = article.text[r.evidence.start:at]
    title_at = said.rfind(r.title)
    if article.language == "zh" and title_at < 0:
        title_at = to_simplified(said).rfind(to_simplified(r.title))
    return at, r.evidence.start + title_at if title_at >= 0 else None


def _most_named(article: Article) -> str | None:
    orgs = [e for e in article.entities if e.type == "ORG" and e.mentions]
    return max(orgs, key=lambda e: (len(e.mentions), -e.mentions[0].start)).id if orgs else None


def _options(article: Article, cand: RoleCandidate, tied: set[str], most: str | None) -> list[OrgOption]:
    options: dict[str | None, OrgOption] = {}

    def add(org: str | None, source: str) -> None:
        options.setdefault(org, OrgOption(org)).sources.add(source)

    add(None, "none")
    if cand.role is not None:
        add(cand.role.org, "rule")
    ev = cand.evidence
    last_before, last_at = None, -1
    for e in article.entities:
        if e.type != "ORG" or e.id == cand.person:
            continue
        inside = [m.start for m in e.mentions if ev.start <= m.start < ev.end]
        if inside:
            add(e.id, "sentence")
            options[e.id].path = _dependency_path(article, min(inside, key=lambda at: abs(at - cand.at)), cand.at)
        starts = [m.start for m in e.mentions if m.start < ev.start]
        if starts and max(starts) > last_at:
            last_before, last_at = e.id, max(starts)
    if last_before is not None:
        add(last_before, "before")
    for org in tied:
        add(org, "tied")
    if most is not None:
        add(most, "most-named")
    short = short_form_before(article, cand.evidence, cand.title_at, cand.title)
    if short is not None:
        add(short, "short-form")
    return list(options.values())


def short_form_before(article: Article, evidence: Span, title_at: int | None, title: str,
                      same_kind: bool = False) -> str | None:
    """'南海所所长⟦P⟧', '臺生醫董事長⟦P⟧': the characters right before a Chinese title, when they are
    taken in order from exactly one longer organisation name of the article, are its short form.
    `same_kind`: only a short form that ends as the name does, saying its kind of body (理化所 for
    …研究所, 联合会 for …联合会), not a country or a word before a state's title ('埃及总理', '国家主席')."""
    if title_at is None or not has_cjk(title):
        return None
    m = _ZH_RUN_BEFORE.search(to_simplified(article.text[max(evidence.start, title_at - 5):title_at]))
    if m is None:
        return None
    run = m.group("run")
    found = {e.id for e in article.entities if e.type == "ORG"
             for n in e.names() if len(n) > len(run) and _in_order(run, to_simplified(n))
             and (not same_kind or to_simplified(n).endswith(run[-1]))}
    return found.pop() if len(found) == 1 else None


def _in_order(short: str, name: str) -> bool:
    """Every character of `short` in `name`, in order, the first at the head of a word of it."""
    at = name.find(short[0])
    if at < 0:
        return False
    for ch in short[1:]:
        at = name.find(ch, at + 1)
        if at < 0:
            return False
    return True


def _dependency_path(article: Article, a: int, b: int) -> str:
    """How the parse links the tokens at article offsets a and b (English): 'near' when one is the
    other's head or grandparent (apposition, possessive, 'of' phrase), 'clause' when they share an
    ancestor within three steps, 'far' otherwise; 'none' without a parse of both in one paragraph."""
    if article.language == "zh":
        return "none"
    for base, doc in article.docs:
        end = base + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        if base <= a < end and base <= b < end:
            ta, tb = doc.char_span(a - base, a - base + 1, alignment_mode="expand"), \
                doc.char_span(b - base, b - base + 1, alignment_mode="expand")
            if ta is None or tb is None:
                return "none"
            up_a, up_b = [t.i for t in [ta[0], *list(ta[0].ancestors)[:3]]], [t.i for t in [tb[0], *list(tb[0].ancestors)[:3]]]
            if ta[0].i in up_b[:3] or tb[0].i in up_a[:3]:
                return "near"
            return "clause" if set(up_a) & set(up_b) else "far"
    return "none"
