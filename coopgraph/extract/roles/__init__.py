"""Person–title–organisation triples from appositions and title phrases.

English: "⟦PERSON⟧, Director General of ⟦ORG⟧", "⟦ORG⟧ Director General ⟦PERSON⟧",
"The Director General of ⟦ORG⟧, ⟦PERSON⟧", "⟦PERSON⟧ … was elected ⟦ORG⟧ Chairman".
Chinese: "⟦ORG⟧副所长⟦PERSON⟧", "⟦ORG⟧副书记、⟦ORG⟧代区长⟦PERSON⟧".
A title held in a country ("Argentina's Minister of…", "塞尔维亚总统") has no organisation.
"""
from __future__ import annotations

import re

from coopgraph.extract.entities.en import ORG_HEADS
from coopgraph.extract.gazetteer import gazetteer
from coopgraph.extract.roles import candidates, en, parse_en, zh
from coopgraph.extract.template import PLACEHOLDER, Template, org_named_last, sentence_templates
from coopgraph.extract.rules import define, role
from coopgraph.model import Article, Entity, Role, Span
from coopgraph.nlp.chinese import to_simplified
from coopgraph.nlp.english import is_dictionary_word
from coopgraph.text import fold, has_cjk

class RoleExtractor:
    name = "roles"
    needs = ("entities", "sentences", "docs")
    assigns = ("roles",)

    def __call__(self, article: Article) -> None:
        roles: list[Role] = []
        templates = sentence_templates(article)
        for tpl in templates:
            if article.language == "zh":
                roles.extend(self._zh(article, tpl))
            else:
                roles.extend(self._en(article, tpl))
        for found in roles:
            if article.language != "zh":
                _the_org_noun(article, found)
                _body_noun_title(article, found)
                _org_named_in_title(article, found, roles)
            _parent_of_sub_unit(article, found)
        if article.language != "zh":
            roles.extend(_parsed_roles(article, roles))
            _led_by(article, roles)
        if article.language == "zh":
            for found in roles:
                _bare_unit(article, found)
                _short_form_org(article, found)
            _home_org(article, roles)
        article.roles, ranks = _ranks_held_nowhere(_joined_titles(article, _dedupe(article, roles)))
        article.role_candidates = candidates.role_candidates(article, templates, article.roles, ranks)
        for found in article.roles:
            person, org = article.entity(found.person), article.entity(found.org)
            if person is not None and person.country is None and org is not None and org.country:
                person.country = org.country

    def _en(self, article: Article, tpl: Template) -> list[Role]:
        out: list[Role] = []
        for rule, pattern in ((en.AFTER_PERSON_RULE, en.AFTER_PERSON), (en.ELECTED_RULE, en.ELECTED)):
            for m in pattern.finditer(tpl.text):
                out.extend(self._chunks(article, tpl, m.group("chunks"), tpl.entity(m.group("p")), en._CHUNK_RE, rule.id))
        for m in en.BEFORE_PERSON.finditer(tpl.text):
            chunks = m.group("chunks")
            if en._LEAD_PERSON.search(tpl.text[: m.start("chunks")]):
                if "," in m.group("sep"):
                    continue  # "⟦A⟧, Director of ⟦X⟧, ⟦B⟧": the title is A's apposition, not B's
                # "⟦A⟧, Chairperson of ⟦X⟧, and ⟦Y⟧ Director-General ⟦B⟧": only the last titles are B's
                chunks = re.split(r"\s*,\s*(?:and\s+)?", chunks)[-1]
            found = self._chunks(article, tpl, chunks, tpl.entity(m.group("p")), en._CHUNK_RE,
                                 en.BEFORE_PERSON_RULE.id)
            out.extend(r for r in found if r.org or not en._ADDRESS_ONLY.match(r.title))
        for m in en.TITLE_PERSON_OF.finditer(tpl.text):
            for h in en.HOLDER_OF.finditer(m.group("list")):
                holder = tpl.entity(h.group("o"))
                org = None if h.group("o").startswith("⟦COUNTRY") else holder
                out.append(Role(tpl.entity(h.group("p")), m.group("t"), org, tpl.span, [en.TITLE_PERSON_OF_RULE.id]))
        for m in en.TITLE_LIST.finditer(tpl.text):
            for p in PLACEHOLDER.finditer(m.group("list")):
                out.append(Role(tpl.entity(p.group()), m.group("t"), None, tpl.span, [en.TITLE_LIST_RULE.id]))
        for m in en.TITLE_COMMA_ORG.finditer(tpl.text):
            if PLACEHOLDER.search(m.group("chunks")):
                continue  # the titles hold an organisation of their own
            for r in self._chunks(article, tpl, m.group("chunks"), tpl.entity(m.group("p")), en._CHUNK_RE,
                                  en.TITLE_COMMA_ORG_RULE.id):
                r.org = tpl.entity(m.group("o") or m.group("o2"))
                out.append(r)
        for m in en.ORG_BRACKET_TITLE.finditer(tpl.text):
            out.append(Role(tpl.entity(m.group("p")), m.group("t").strip(" ,"), tpl.entity(m.group("o")), tpl.span,
                            [en.ORG_BRACKET_TITLE_RULE.id]))
        for pattern in (en.WHO_HEADS, en.HEADED_BY):
            for m in pattern.finditer(tpl.text):
                title = en.VERB_TITLES[m.group("v").lower()]
                unit = m.groupdict().get("unit") or m.groupdict().get("inner")
                title = f"{title} of the {unit}" if unit else title
                out.append(Role(tpl.entity(m.group("p")), title, tpl.entity(m.group("o")), tpl.span, [en.VERB_TITLE_RULE.id]))
        for pattern in (en.ANAPHOR_BEFORE, en.ANAPHOR_AFTER):
            for m in pattern.finditer(tpl.text):
                before = [x for x in PLACEHOLDER.finditer(tpl.text, 0, m.start()) if x.group(1) == "ORG"]
                org = tpl.entity(before[-1].group()) if before else _the_kind_named_before(article, tpl, m.group())
                if org:
                    out.append(Role(tpl.entity(m.group("p")), m.group("t").strip(" ,"), org, tpl.span, [en.ANAPHOR_RULE.id]))
                    reach_org(article, out[-1])
        return out

    def _zh(self, article: Article, tpl: Template) -> list[Role]:
        out: list[Role] = []
        listed: list[tuple[int, int, list[Role]]] = []   # (start, end, roles) of each title-and-name match
        for rule, pattern in ((zh.TITLE_BEFORE_RULE, zh.ZH_ROLE), (zh.ELECTED_RULE, zh.ZH_ELECTED)):
            for m in pattern.finditer(tpl.text):
                chunks = re.sub(r"(首任|第一任|新一任|新任)", "", m.group("chunks"))
                if pattern is zh.ZH_ROLE and _ENDS_WITH_PERSON.search(tpl.text, 0, m.start("chunks")):
                    # "⟦A⟧秘书长与⟦ORG⟧首席执行官⟦B⟧": the first title is A's, said after A's name
                    first = zh._ZH_CHUNK_RE.match(chunks)
                    if first is None or first.group("o"):
                        continue
                    chunks = chunks[first.end():].lstrip("、和及与")
                    if not chunks:
                        continue
                found = self._chunks(article, tpl, chunks, tpl.entity(m.group("p")), zh._ZH_CHUNK_RE, rule.id)
                if pattern is zh.ZH_ROLE and chunks == m.group("chunks") and found and found[0].org is None \
                        and not chunks.startswith("⟦"):
                    _body_written_before(article, tpl, m.start("chunks"),
                                         found if not PLACEHOLDER.search(chunks) else found[:1])
                ana = m.groupdict().get("ana")
                if ana:  # "当选联盟首任主席": the alliance the article is about
                    org = org_named_last(article, tpl.span.end, re.compile(re.escape(ana) + r"\Z").search)
                    for r in found:
                        r.org = r.org or org
                out.extend(found)
                if pattern is zh.ZH_ROLE:
                    listed.append((m.start("chunks"), m.end(), found))
        for m in zh.ZH_ORG_BEFORE_TITLE.finditer(tpl.text):
            found = _org_before_title(article, tpl, m)
            person, lead = found.person, tpl.entity(m.group("lead") or "") or None
            out = [r for r in out if not (r.person == person and (r.org == lead or r.org is None and r.title.endswith(m.group("t"))))]
            out.append(found)
            listed.append((m.start(), m.end(), [found]))
        for m in zh.ZH_BRANCH.finditer(tpl.text):
            found = _branch(article, tpl, m)
            out = [r for r in out if not (r.person == found.person and r.title.endswith(m.group("t")))]
            out.append(found)
        _list_shares_org(tpl, listed)
        for m in zh.ZH_THE_BODY.finditer(tpl.text):
            org = org_named_last(article, tpl.span.end, re.compile(re.escape(m.group("ana")) + r"\Z").search)
            person = tpl.entity(m.group("p"))
            if org:
                out = [r for r in out if not (r.person == person and r.org is None and r.title.endswith(m.group("t")))]
                out.append(Role(person, m.group("t"), org, tpl.span, [zh.THE_BODY_RULE.id]))
                reach_org(article, out[-1])
        for m in zh.ZH_ITS_TITLE.finditer(tpl.text):
            before = [x for x in PLACEHOLDER.finditer(tpl.text, 0, m.start()) if x.group(1) == "ORG"]
            person = tpl.entity(m.group("p"))
            if before:
                out = [r for r in out if not (r.person == person and r.org is None and r.title.endswith(m.group("t")))]
                out.append(Role(person, m.group("t"), tpl.entity(before[-1].group()), tpl.span, [zh.ITS_TITLE_RULE.id]))
        for m in zh.ZH_ELECTED_LIST.finditer(tpl.text):
            for p in PLACEHOLDER.finditer(m.group("list")):
                out.append(Role(tpl.entity(p.group()), m.group("t"), tpl.entity(m.group("o")), tpl.span,
                                [zh.ELECTED_LIST_RULE.id]))
        out.extend(_shared_titles(tpl, out))
        for m in zh.ZH_TITLE_AFTER.finditer(tpl.text):
            out.append(Role(tpl.entity(m.group("p")), m.group("t"), None, tpl.span, [zh.TITLE_AFTER_RULE.id]))
        for m in zh.ZH_ORG_NAME_TITLE.finditer(tpl.text):
            org = None
            for item in zh.ZH_NAMED_ITEM.finditer(m.group()):
                org = tpl.entity(item.group("o")) if item.group("o") else org
                unit = (item.group("unit") or "").lstrip("、")
                if org is not None:
                    out.append(Role(tpl.entity(item.group("p")), unit + item.group("t"), org, tpl.span,
                                    [zh.ORG_NAME_TITLE_RULE.id]))
        return out

    @staticmethod
    def _chunks(article: Article, tpl: Template, chunks: str, person: str, chunk_re: re.Pattern, rule_id: str) -> list[Role]:
        """Roles from a list of title chunks. A chunk with no organisation of its own shares
        its neighbour's when they are joined directly ("BIO’s president and chief executive
        officer", "Counsellor and Director of … Embassy", "区委书记、副书记")."""
        parsed: list[tuple[str, str | None, bool, int, int]] = []
        for c in chunk_re.finditer(chunks):
            groups = c.groupdict()
            holder = groups.get("o2") or groups.get("o3") or groups.get("o1") or groups.get("o")
            org_id = tpl.entity(holder) if holder and not holder.startswith("⟦COUNTRY") else None
            country_held = bool(holder and holder.startswith("⟦COUNTRY"))
            unit = groups.get("unit") or groups.get("field") or groups.get("bare") or ""
            parsed.append((unit + c.group("t").strip(" ,"), org_id, country_held, c.start(), c.end()))
        out = []
        for i, (title, org_id, country_held, start, end) in enumerate(parsed):
            if org_id is None and not country_held:
                prev = parsed[i - 1] if i > 0 else None
                nxt = parsed[i + 1] if i + 1 < len(parsed) else None
                if prev and prev[1] and _adjacent(chunks, prev[4], start):
                    org_id = prev[1]
                elif nxt and nxt[1] and _adjacent(chunks, end, nxt[3]) and chunk_re is en._CHUNK_RE:
                    org_id = nxt[1]
            if chunk_re is zh._ZH_CHUNK_RE and title in ("长", "長"):
                org = article.entity(org_id)
                name = org.name if org else ""
                if not name.endswith(("部", "局", "厅", "廳", "院", "所")):
                    continue
                title = name[-1] + title
            title = _spelled(article, tpl, title)
            if not title:
                continue
            out.append(Role(person, title, org_id, tpl.span, [rule_id]))
        return out


# "ISO/TC 276主席", "NUPCO行政总裁": a body written in Latin letters right before a Chinese title.
_LATIN_BODY_BEFORE = re.compile(r"(?<![A-Za-z0-9&/.-])[A-Z][A-Za-z0-9&/.-]*(?:\s[A-Z0-9][A-Za-z0-9&/.-]*){0,3}$")


def _body_written_before(article: Article, tpl: Template, start: int, found: list[Role]) -> None:
    """'ISO/TC 276主席⟦P⟧', '世卫首席科学家⟦P⟧': titles no body was marked before, where the text right
    before them writes an organisation of the article (a mention the entity rules did not mark
    there) or a name in Latin letters that is no country or place (a new organisation)."""
    before = tpl.text[:start]
    orgs = sorted(((n, e) for e in article.entities if e.type == "ORG" for n in e.names()
                   if len(n) >= 2 and before.endswith(to_simplified(n))), key=lambda x: -len(x[0]))
    org = orgs[0][1] if orgs else None
    latin = _LATIN_BODY_BEFORE.search(before)
    if org is None and latin and _may_name_org(latin.group()):
        name = latin.group()
        known = next((e for e in article.entities if name in e.names()), None)
        if known is not None and known.type != "ORG":
            return
        spans = [Span(x.start(), x.end()) for x in re.finditer(rf"(?<![A-Za-z0-9&/.-]){re.escape(name)}(?![A-Za-z0-9&/-])", article.text)]
        org = known or (_add_org(article, name, spans, None, BODY_BEFORE_TITLE.id) if spans else None)
    for r in found if org is not None else ():
        if r.org is None:
            r.org = org.id
            r.by = sorted({*r.by, BODY_BEFORE_TITLE.id})


def _the_kind_named_before(article: Article, tpl: Template, said: str) -> str | None:
    """'the ministry's secretary …' in a sentence that names no organisation: the last
    organisation named before whose name holds that kind of body ('Ministry of Science …');
    'its director …': the last organisation named before."""
    m = re.search(r"(?i)\bthe\s+(\w+)['’]s\b", said)
    if m is None:   # "Its director, …" opening a sentence: the organisation named last before it
        return org_named_last(article, tpl.span.start, bool) if re.match(r"(?i)its\b", said) else None
    return org_named_last(article, tpl.span.start, re.compile(rf"(?i)\b{m.group(1)}\b").search)


def _spelled(article: Article, tpl: Template, title: str) -> str:
    """The title with each placeholder written as its entity's name: "Ambassador to the Republic of
    ⟦COUNTRY⟧" is "Ambassador to the Republic of Korea", the country the envoy is sent to."""
    def name(m: re.Match) -> str:
        ent = article.entity(tpl.entity(m.group()))
        return ent.name if ent else ""
    return PLACEHOLDER.sub(name, title).strip()


def _parsed_roles(article: Article, roles: list[Role]) -> list[Role]:
    """The parse's roles (parse_en) where the template rules tied the person to no role at that
    organisation: the templates' titles are the surer, the parse reaches titles no list holds."""
    held = {(r.person, r.org) for r in roles}
    out = []
    for found in parse_en.parse_roles(article):
        _parent_of_sub_unit(article, found)
        if (found.person, found.org) not in held:
            held.add((found.person, found.org))
            out.append(found)
    return out


def _led_by(article: Article, roles: list[Role]) -> None:
    """parse_en.led_by: a title the templates tied to no organisation, said in a sentence that has
    the person lead a body, is held in that body."""
    for person, org, sentence in parse_en.led_by(article):
        for found in roles:
            if found.person == person and found.org is None and found.evidence == sentence:
                found.org = org
                found.by = sorted({*found.by, parse_en.LED_BY_RULE.id})
                reach_org(article, found)


_ENDS_WITH_PERSON = re.compile(r"⟦PERSON:\d+⟧$")


def _org_before_title(article: Article, tpl: Template, m: re.Match) -> Role:
    """The role of zh.ORG_BEFORE_TITLE: the body it names becomes an organisation (found at
    every place the text writes it), the sub-unit between body and title joins the title."""
    run = "run" if m.group("run") else "run2"
    start = tpl.to_article(m.start("lead") if m.group("lead") else m.start(run))
    name = article.text[start:tpl.to_article(m.end(run))]
    org = next((e for e in article.entities if e.type == "ORG" and name in e.names()), None)
    if org is None:
        lead = article.entity(tpl.entity(m.group("lead") or ""))
        spans = [Span(x.start(), x.end()) for x in re.finditer(re.escape(name), article.text)]
        org = _add_org(article, name, spans, lead.country if lead else None, zh.ORG_BEFORE_TITLE_RULE.id)
    title = m.group("t") if len(m.group("t")) > 1 else name[-1] + m.group("t")   # "…部长": the head of the 部
    return Role(tpl.entity(m.group("p")), (m.group("unit") or "") + title, org.id, tpl.span,
                [zh.ORG_BEFORE_TITLE_RULE.id])


_BARE_UNIT_TITLE = re.compile(rf"^(?P<unit>{zh.BARE_UNIT})(?={zh.TITLE_MOD}{zh.TITLE_CORE}$)")


def _bare_unit(article: Article, found: Role) -> None:
    """zh.BARE_UNIT_RULE: a department named alone ('国际合作司', as the role's organisation or at the head
    of its title) joins the title, and the ministry named last before the person in the sentence holds
    the role; with none named, no organisation does."""
    org = article.entity(found.org)
    if org is not None and re.fullmatch(zh.BARE_UNIT, to_simplified(org.name)):
        unit = org.name
    elif org is None and (m := _BARE_UNIT_TITLE.match(to_simplified(found.title))):
        unit = m.group("unit")
    else:
        return
    person = article.entity(found.person)
    ev = found.evidence
    at = min((s.start for s in person.mentions if ev.start <= s.start < ev.end), default=ev.end) if person else ev.end
    ministries = [e for e in article.entities if e.type == "ORG" and e.id != found.org
                  and to_simplified(e.name).endswith(zh.UNIT_PARENT)]
    written = [(s.start, article.text[s.start:s.end]) for e in article.entities if e.type == "ORG"
               for s in e.mentions if ev.start <= s.start < at]
    # a ministry named alone, or at the head of a longer name ("⟦科技部生物中心⟧")
    before = [(start, e) for start, text in written for e in ministries if any(text.startswith(n) for n in e.names())]
    found.title = found.title if found.title.startswith(unit) else unit + found.title
    found.org = max(before, key=lambda x: x[0])[1].id if before else None
    found.by = sorted({*found.by, zh.BARE_UNIT_RULE.id})


def _short_form_org(article: Article, found: Role) -> None:
    """zh.SHORT_FORM_RULE: a title held in no organisation, written after the short form of one
    the article names ('理化所副所长⟦P⟧'), is held there."""
    if found.org is not None:
        return
    at, title_at = candidates.said_at(article, found)
    if title_at is None or at - (title_at + len(found.title)) > 1:
        return   # the title is not written right before the name ('⟦P⟧教授')
    org = candidates.short_form_before(article, found.evidence, title_at, found.title, same_kind=True)
    if org is not None and org != found.person:
        found.org = org
        found.by = sorted({*found.by, zh.SHORT_FORM_RULE.id})
        reach_org(article, found)


def _home_org(article: Article, roles: list[Role]) -> None:
    """'校长⟦P⟧', '院长⟦P⟧', '我所所长⟦P⟧': a head's title with no body named goes to the
    body of that kind the article names most (ties: the first named), unless another person holds
    that head's title there."""
    for found in roles:
        said_by = {zh.TITLE_BEFORE_RULE.id, zh.TITLE_AFTER_RULE.id} & set(found.by)
        m = None if found.org or not said_by else zh.HOME_TITLE.match(to_simplified(found.title))
        if m is None:
            continue
        kind = m.lastgroup
        said = to_simplified(found.evidence.text(article.text))
        if not re.search(zh.HOME_SAID[kind] + re.escape(to_simplified(found.title)), said):
            continue
        taken = {r.org for r in roles if r.org and r.person != found.person and fold(r.title) == fold(found.title)
                 and not re.search("副", r.title)}   # a body has one head, and may have several deputies
        for heads in zh.HOME_HEADS[kind]:
            bodies = [e for e in article.entities if e.type == "ORG" and e.id not in taken
                      and to_simplified(e.name).endswith(heads) and e.mentions]
            if bodies:
                home = max(bodies, key=lambda e: (len(e.mentions), -min(s.start for s in e.mentions)))
                found.org = home.id
                found.by = sorted({*found.by, zh.HOME_ORG_RULE.id})
                reach_org(article, found)
                break


def _branch(article: Article, tpl: Template, m: re.Match) -> Role:
    """The role of zh.ZH_BRANCH: a branch campus becomes an organisation of its own, any other
    branch stays in the title, held at the organisation before it."""
    branch = article.text[tpl.to_article(m.start("branch")):tpl.to_article(m.end("branch"))]
    org, title = tpl.entity(m.group("o")), branch + m.group("t")
    if m.group("kind") in zh.OWN_BRANCH:
        start = tpl.to_article(m.start("o"))
        name = article.text[start:tpl.to_article(m.end("branch"))]
        known = next((e for e in article.entities if e.type == "ORG" and name in e.names()), None)
        org = (known or _add_org(article, name, [Span(start, start + len(name))], None, zh.BRANCH_RULE.id)).id
        title = m.group("t")
    return Role(tpl.entity(m.group("p")), title, org, tpl.span, [zh.BRANCH_RULE.id])


def _shared_titles(tpl: Template, found: list[Role]) -> list[Role]:
    """zh.ZH_SHARED_TITLE: the names listed after a titled name share its title-before roles."""
    out = []
    for m in zh.ZH_SHARED_TITLE.finditer(tpl.text):
        first = tpl.entity(m.group("first"))
        titled = [r for r in found if r.person == first and zh.TITLE_BEFORE_RULE.id in r.by]
        for p in PLACEHOLDER.finditer(m.group("rest")):
            out.extend(Role(tpl.entity(p.group()), r.title, r.org, tpl.span, [zh.SHARED_TITLE_RULE.id]) for r in titled)
    return out


def _list_shares_org(tpl: Template, listed: list[tuple[int, int, list[Role]]]) -> None:
    """'⟦ORG⟧…主任⟦A⟧、副主任⟦B⟧': B's title with no organisation holds A's."""
    ends = {end: roles for _, end, roles in listed}
    for start, end, roles in listed:
        if PLACEHOLDER.search(tpl.text, start, end - 1):
            continue  # "⟦COUNTRY⟧驻⟦COUNTRY⟧大使⟦B⟧": a title held for a country, not in a body
        before = ends.get(start - 1) if tpl.text[start - 1:start] == "、" else None
        org = next((r.org for r in before or () if r.org), None)
        for r in roles if org else ():
            if r.org is None and not _BARE_UNIT_TITLE.match(to_simplified(r.title)):
                r.org = org
                r.by = sorted({*r.by, zh.LIST_SHARES_ORG_RULE.id})


def _adjacent(text: str, end: int, start: int) -> bool:
    """Two chunks joined by nothing but 'and', a comma or '、'."""
    return re.fullmatch(r"\s*(?:,\s*)?(?:and|&|、|和|及)?\s*", text[end:start]) is not None


# "chair of the" where a hard-wrapped page cut the sentence: a title that ends the sentence on a function word
_DANGLING = re.compile(r"(?i)\b(?:of|the|for|at|in|and|to)$")


def _cut_short(article: Article, found: Role) -> bool:
    return bool(_DANGLING.search(found.title)) and found.evidence.text(article.text).rstrip().endswith(found.title)


# An academic rank alone: 'Professor', 'Associate Professor', '教授', '副研究员', '院士'.
_RANK = re.compile(r"(?i)^(?:(?:full|associate|assistant|adjunct|visiting|honorary|emeritus|distinguished|research)\s+)?"
                   r"(?:professor|prof\.?|lecturer|academician)$"
                   r"|^(?:特聘|讲席|客座|荣誉|名誉|兼职|终身)?副?(?:教授|研究员|院士|讲师)$")
RANK_NEEDS_BODY = define(
    "xx.role.rank-needs-body",
    "An academic rank ('Professor', '教授', '研究员', '院士') that the sentence ties to no organisation is a form of "
    "address, not a role (EXTRACTION.md: a title held in an ORG); it stays a candidate, whose organisation the "
    "trained roles model may find.",
    [("冯启理教授和Paul Giller教授出席了签约仪式。", [role("冯启理", "教授", absent=True), role("Paul Giller", "教授", absent=True)]),
     ("Associate Professor Pradit Wanarat spoke at the ceremony.", role("Pradit Wanarat", "Associate Professor", absent=True))],
)


def _ranks_held_nowhere(roles: list[Role]) -> tuple[list[Role], list[Role]]:
    """RANK_NEEDS_BODY: the roles kept, and the academic ranks held in no organisation (left to candidates)."""
    kept, ranks = [], []
    for r in roles:
        (ranks if r.org is None and _RANK.match(to_simplified(r.title).strip()) else kept).append(r)
    return kept, ranks


# What joins two titles of one person as one post: "co-founder and chairman", "党组书记、主任", "董事长兼代理执行长".
_TITLE_JOIN = r"(?:\s*,?\s*(?:and|&)\s+|\s*、\s*|兼)"


def _joined_titles(article: Article, roles: list[Role]) -> list[Role]:
    """'co-founder and chairman ⟦P⟧', '⟦ORG⟧党组书记、主任⟦P⟧': two titles of one person in one body,
    written one after the other joined by 'and', '、' or 兼, are one title as the text states it."""
    out: list[Role] = []
    for r in roles:
        said = to_simplified(article.text[r.evidence.start:r.evidence.end])
        first = next((x for x in out if x.person == r.person and x.org == r.org and x.evidence == r.evidence), None)
        m = first and re.search(re.escape(to_simplified(first.title)) + _TITLE_JOIN + re.escape(to_simplified(r.title)), said)
        if m:
            first.title = article.text[r.evidence.start + m.start():r.evidence.start + m.end()]
            first.by = sorted({*first.by, *r.by, JOINED_TITLES.id})
            continue
        out.append(r)
    return out


JOINED_TITLES = define(
    "xx.role.joined-titles",
    "Two titles of one person in one organisation written one after the other, joined by 'and', '、' or 兼, are "
    "one title as the text states it.",
    [("Moderna signed the deal, and co-founder and chairman Noubar Afeyan thanked the government.",
      role("Noubar Afeyan", "co-founder and chairman")),
     ("福建省卫生健康委员会党组书记、主任杨闽红带队出访德国。", role("杨闽红", "党组书记、主任", "福建省卫生健康委员会"))],
)


def _dedupe(article: Article, roles: list[Role]) -> list[Role]:
    """One role per (person, title, org); a bare title repeated later ("President Deng")
    adds nothing when the same person already holds that title at an organisation; a title
    cut short ("chair of the") is none."""
    out: list[Role] = []
    seen: set[tuple] = set()
    def core(title: str) -> str:
        words = title.lower().split()
        return words[-1] if words else title

    with_org = {(r.person, core(r.title)) for r in roles if r.org}
    for r in roles:
        key = (r.person, fold(r.title), r.org)
        if key in seen:
            kept = next(x for x in out if (x.person, fold(x.title), x.org) == key)
            kept.by = sorted({*kept.by, *r.by})
            continue
        if article.entity(r.person) is None or _cut_short(article, r):
            continue
        if r.org is None and any(p == r.person and (core(r.title).endswith(c) or c.endswith(core(r.title))) for p, c in with_org):
            continue
        # "Deputy Director-General" beside "Deputy Director-General of the Department of …" at MOST: the same title
        if r.org is None and any(x.person == r.person and x.org and x.title.lower().startswith(r.title.lower() + " ")
                                 for x in roles):
            continue
        seen.add(key)
        out.append(r)
    return out


_NAME_WORD = r"[A-Z][\w&'’\-]*"
# "… of Apollo Hospitals": words of the dictionary that end in an organisation's head noun are a name
_ORG_HEAD_WORD = re.compile(rf"(?:{ORG_HEADS})s?")
# the title after the name is no phrase of its own: "Secretary-General of PhIRDA" is no title "of PhIRDA"
# "JAAS President", "JAAS Vice President": a capitalised title after the name, when its words are a title's
_ORG_BEFORE_TITLE = re.compile(rf"^(?P<org>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}?)\s+"
                               rf"(?P<title>(?!(?:of|at|for|in|to|and|with)\b)(?:[a-z]|C[EFOT]O\b|CSO\b"
                               rf"|(?i:{en._MOD}{en._CORE}{en._GENERAL})(?![\w-])).*)$")
_ORG_AFTER_TITLE = re.compile(rf"^(?P<title>.+?)\s+(?:of|at)\s+(?:the\s+)?(?P<org>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})$")


def reach_org(article: Article, found: Role) -> None:
    """A role whose organisation the sentence names only as 'the university' or not at all:
    its evidence reaches back (or on) to the organisation's nearest mention, so that it holds
    every entity the role names."""
    org = article.entity(found.org)
    ev = found.evidence
    if org is None or not org.mentions or any(ev.start <= s.start and s.end <= ev.end for s in org.mentions):
        return
    near = min(org.mentions, key=lambda s: ev.start - s.end if s.end <= ev.start else s.start - ev.end)
    found.evidence = Span(min(ev.start, near.start), max(ev.end, near.end))


def _the_org_noun(article: Article, found: Role) -> None:
    """'⟦PERSON⟧, president of the university': the organisation is the last one whose name
    holds that word, named before the end of the role's sentence."""
    m = None if found.org else en.THE_ORG_NOUN.match(found.title)
    if m is None:
        return
    org = org_named_last(article, found.evidence.end, re.compile(rf"(?i)\b{m.group('noun')}\b").search)
    if org is not None:
        found.title, found.org = m.group("t"), org
        found.by = sorted({*found.by, en.THE_ORG_NOUN_RULE.id})
        reach_org(article, found)


def _body_noun_title(article: Article, found: Role) -> None:
    """'forum president ⟦P⟧', 'centre director ⟦P⟧': a title that opens with a kind of body and names
    none is held in the last organisation of that kind named before the end of its sentence."""
    words = found.title.split(maxsplit=1)
    if found.org is not None or len(words) < 2 or words[0].lower() not in parse_en.BODY_NOUNS:
        return
    org = org_named_last(article, found.evidence.end, re.compile(rf"(?i)\b{words[0]}").search)
    if org is not None:
        found.title, found.org = words[1], org
        found.by = sorted({*found.by, BODY_NOUN_TITLE.id})
        reach_org(article, found)


BODY_NOUN_TITLE = define(
    "en.role.body-noun-title",
    "'forum president ⟦PERSON⟧', 'centre director ⟦PERSON⟧': a title opening with a kind of body is held in the "
    "last organisation of that kind named before it.",
    [("The Kenya Medical Research Institute signed the deal. Institute director Jane Mwangi said it mattered.",
      role("Jane Mwangi", "director", "Kenya Medical Research Institute")),
     ("Health Minister Sabin Nsanzimana spoke.", role("Sabin Nsanzimana", "Minister", "Health", absent=True))],
)


def _org_named_in_title(article: Article, found: Role, roles: list[Role]) -> None:
    """'BioNTech co-founder and CEO Ugur Sahin', 'chairman of the advisory board of CLIB2021':
    a name that no rule took for an organisation, inside a title with no organisation,
    is the organisation the title is held in, when it is not made of English words,
    countries and places. A title joined to it by 'and' shares it ('… and CEO')."""
    if found.org is not None:
        return
    matches = [m for m in (_ORG_BEFORE_TITLE.match(found.title), _ORG_AFTER_TITLE.match(found.title))
               if m is not None and _may_name_org(m.group("org"))]
    if not matches:
        return
    m = matches[0]
    name = m.group("org")
    org = next((e for e in article.entities if name in e.names()), None)
    if org is not None and org.type != "ORG":
        return
    if org is None:
        spans = [Span(x.start(), x.end()) for x in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", article.text)]
        if not spans:
            return
        org = _add_org(article, name, spans, None, ORG_IN_TITLE.id)
    evidence = found.evidence.text(article.text)
    for other in roles:
        if (other.person == found.person and other.org is None and other is not found and other.evidence == found.evidence
                and re.search(rf"{re.escape(found.title)}\s*(?:,|and|&)\s*{re.escape(other.title)}", evidence)):
            other.org = org.id
            other.by = sorted({*other.by, ORG_IN_TITLE.id})
    found.title = m.group("title").strip()
    found.org = org.id
    found.by = sorted({*found.by, ORG_IN_TITLE.id})


def _may_name_org(name: str) -> bool:
    """Not a possessive, a country, a place or a run of English words, unless those words end
    in an organisation's head noun ("Apollo Hospitals")."""
    gaz = gazetteer()
    if name.endswith(("'s", "’s")) or gaz.country(name) or gaz.place(name):
        return False
    words = name.split()
    if all(is_dictionary_word(w) or gaz.country(w) or gaz.place(w) for w in words):
        return len(words) > 1 and _ORG_HEAD_WORD.fullmatch(words[-1]) is not None
    return True


ORG_IN_TITLE = define(
    "en.role.org-in-title",
    "A name inside a title that has no organisation ('BioNTech co-founder', '… of CLIB2021') is the title's "
    "organisation, unless it is an English word, a country or a place.",
    [("The plant was visited by BioNTech co-founder and CEO Ugur Sahin.",
      [role("Ugur Sahin", "co-founder", "BioNTech"), role("Ugur Sahin", "CEO", "BioNTech")]),
     ("Shobana Kamineni, Executive Vice Chairperson of Apollo Hospitals, spoke on start-ups.",
      role("Shobana Kamineni", "Executive Vice Chairperson", "Apollo Hospitals")),
     ("Manfred Kircher, the chairman of the advisory board of CLIB2021, gave a speech.",
      role("Manfred Kircher", "chairman of the advisory board", "CLIB2021")),
     # the words after the name are no title of their own: "Secretary-General of PhIRDA" is no title "of PhIRDA"
     ("Attending were Ms. Feng Lan, Secretary-General of PhIRDA; Ms. Cheng Yinqi, Deputy Secretary-General of PhIRDA.",
      [role("Feng Lan", "Secretary-General", "PhIRDA"), role("Feng Lan", "of PhIRDA", absent=True)]),
     ("Health Minister Sabin Nsanzimana and Rwandan President Paul Kagame attended.",
      [role("Sabin Nsanzimana", "Minister", "Health", absent=True), role("Paul Kagame", "President", "Rwandan", absent=True)])],
)


_UNIT_WORDS_EN = (r"Bureau|Department|Office|Division|Committee|Council|Secretariat|School|Faculty|Directorate|"
                  r"Unit|Section|Branch|Board|Commission")
_SUB_UNIT_EN = re.compile(rf"\b(?:{_UNIT_WORDS_EN})$|^(?:{_UNIT_WORDS_EN})\s+(?:of|for)\b")
_AFTER_UNIT_EN = re.compile(r"^\s*(?:,|of|at)\s+(?:the\s+)?$")
_SUB_UNIT_ZH = re.compile(r"^(?P<parent>.{2,}?(?:部|局|院|委员会|委員會|委|总局|總局|署|厅|廳|大学|大學|学院|學院|政府))"
                          r"(?P<unit>.{2,10}?(?:司|处|處|室|科|办公室|辦公室|局|中心|办|辦))$")


def is_sub_unit(name: str) -> bool:
    """A name that says it is a unit of a larger body ('… Bureau', 'Department of …', '…司', '…系')."""
    return bool(_SUB_UNIT_EN.search(name) or has_cjk(name) and _UNIT_END_ZH.search(to_simplified(name)))


# "Zhejiang University's School of Medicine": the owner named before the unit, with a possessive
_OWNER_BEFORE_UNIT_EN = re.compile(r"['’]s\s+(?:the\s+)?")


def _parent_of_sub_unit(article: Article, found: Role) -> None:
    """'Deputy Director of the International Cooperation Bureau, Chinese Academy of Sciences',
    '国家中医药管理局规划财务司司长': the role is held at the parent organisation, and the sub-unit
    belongs to the title."""
    org = article.entity(found.org)
    if org is None or org.type != "ORG":
        return
    text = article.text
    if _SUB_UNIT_EN.search(org.name):
        for span in org.mentions:
            if not found.evidence.start <= span.start < found.evidence.end:
                continue
            for parent in article.entities:
                if parent.type != "ORG" or parent.id == org.id:
                    continue
                for p_span in parent.mentions:
                    if p_span.start > span.end and _AFTER_UNIT_EN.match(text[span.end:p_span.start]):
                        _to_parent(found, parent, f"{found.title} of the {org.name}")
                        return
    if _our_unit(article, found, org) or _prefix_parent(article, found, org) or _owner_of_unit(article, found, org) \
            or _tail_parent(article, found, org):
        return
    m = _SUB_UNIT_ZH.match(org.name)
    if m and (len(m.group("parent")) >= 4 or gazetteer().org(to_simplified(m.group("parent")))):
        _to_parent(found, _parent_named(article, org, m.group("parent")), m.group("unit") + found.title)


def _tail_parent(article: Article, found: Role, org: Entity) -> bool:
    """'Dean of the ⟦School of Life Science and Technology of HUST⟧', '⟦Institute of Chinese Medical
    Sciences of UM⟧': a name that ends in 'of' and another organisation's name (or short form) of the
    article is a unit of that organisation, which holds the role; the unit joins the title."""
    if has_cjk(org.name):
        return False
    names = _other_orgs_by_name(article, org)
    for m in re.finditer(r"\s+of\s+(?:the\s+)?", org.name):
        unit, tail = org.name[:m.start()], org.name[m.end():]
        parent = names.get(tail)
        if parent is not None and unit.split()[0] not in ("University", "Universidad", "Université"):
            _to_parent(found, parent, f"{found.title} of the {unit}")
            return True
    return False


def _owner_of_unit(article: Article, found: Role, org: Entity) -> bool:
    """'professor at ⟦Zhejiang University⟧'s ⟦School of Medicine⟧': the role's organisation owns the
    unit named right after it, which belongs to the title."""
    for span in org.mentions:
        if not found.evidence.start <= span.start < found.evidence.end:
            continue
        owner = _OWNER_BEFORE_UNIT_EN.match(article.text, span.end)
        unit = owner and next((e for e in article.entities if e.type == "ORG" and _SUB_UNIT_EN.search(e.name)
                               and any(u.start == owner.end() for u in e.mentions)), None)
        if unit:
            _to_parent(found, org, f"{found.title} of the {unit.name}")
            return True
    return False


def _other_orgs_by_name(article: Article, org: Entity) -> dict[str, Entity]:
    """The article's other organisations, by each of their names: where a unit's parent is looked up."""
    return {n: e for e in article.entities if e.type == "ORG" and e.id != org.id for n in e.names()}


def _to_parent(found: Role, parent: Entity, title: str) -> None:
    found.title = title
    found.org = parent.id
    found.by = sorted({*found.by, SUB_UNIT_PARENT.id})


def _parent_named(article: Article, unit: Entity, name: str, known_as: str | None = None) -> Entity:
    """The article's organisation called `name` (or `known_as`, a known body's name); else a new
    one, mentioned where the sub-unit's name starts with it."""
    parent = next((e for e in article.entities if e.type == "ORG" and (name in e.names() or known_as in e.names())), None)
    if parent is None:
        start = unit.mentions[0].start
        parent = _add_org(article, name, [Span(start, start + len(name))], unit.country, SUB_UNIT_PARENT.id)
    return parent


def _add_org(article: Article, name: str, mentions: list[Span], country: str | None, rule_id: str) -> Entity:
    """An organisation a role rule found that the entity rules did not."""
    org = Entity(f"e{len(article.entities) + 1}", "ORG", name, [], country, mentions, [rule_id])
    article.entities.append(org)
    return org


_UNIT_HEAD_EN = re.compile(rf"^(?:[A-Z][\w-]*\s+){{0,3}}(?:{_UNIT_WORDS_EN})\b")
# An institute (研究所, 研究院) is an organisation of its own ("中国科学院天津工业生物技术研究所"), not a sub-unit.
_UNIT_END_ZH = re.compile(r"(?:分院|学院|學院|董事局|董事会|董事會|理事会|理事會|委员会|委員會|秘书处|秘書處|"
                          r"司|处|處|室|局|系|部|中心)$")


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\- ]*[A-Za-z0-9]")
# '我校生命科学学院', '本校国际合作与交流处': a unit of the university that writes the page
_OUR_UNIT_ZH = re.compile(r"^(?:[我本])?校(?P<unit>[\u4e00-\u9fff]{2,12})$")


def _our_unit(article: Article, found: Role, org: Entity) -> bool:
    """'我校生命科学学院院长⟦P⟧': a unit said to be 'our university's' belongs to the university the article
    names first (alone or at the head of a unit's name); the unit joins the title."""
    m = _OUR_UNIT_ZH.match(to_simplified(org.name))
    if m is None or not any(s.start > 0 and article.text[s.start - 1] in "我本" or article.text[s.start] in "我本"
                            for s in org.mentions) or not _UNIT_END_ZH.search(m.group("unit")):
        return False
    named = []   # (first written at, university name, entity named so or holding it at the head of a unit's name)
    for e in article.entities:
        if e.type != "ORG" or e.id == org.id or not e.mentions:
            continue
        for n in e.names():
            head = re.match(r"^[\u4e00-\u9fff]{2,12}?[大][学學]", n)
            if head and head.group() in article.text:
                named.append((article.text.find(head.group()), head.group(), e))
    if not named:
        return False
    at, name, holder = min(named, key=lambda x: x[0])   # the page's own university is named first
    home = holder if name in holder.names() else next(
        (e for e in article.entities if e.type == "ORG" and name in e.names()), None) \
        or _add_org(article, name, [Span(at, at + len(name))], holder.country, SUB_UNIT_PARENT.id)
    _to_parent(found, home, org.name[-len(m.group("unit")):] + found.title)
    return True


def _prefix_parent(article: Article, found: Role, org: Entity) -> bool:
    """'CAS Bureau of International Cooperation', '中科院新疆分院', '香港基因组中心董事局': an
    organisation's name that starts with another organisation's name (or a known body's)
    and goes on with a sub-unit is that sub-unit; the role moves to the parent."""
    if gazetteer().org(to_simplified(org.name)) is not None:
        return False  # a body known in its own right ("European Commission"), not a unit of another
    names = _other_orgs_by_name(article, org)
    written = {article.text[s.start:s.end] for s in org.mentions}
    # as the text writes it, not a known alias in another script (the full name may be written once, the
    # role's sentence giving only its unit: '生命科学学院副院长⟦P⟧')
    own = [n for n in org.names() if n in written or n in article.text]
    # '生命科学学院副院长⟦P⟧' on a page that writes '云南大学生命科学学院' too: the unit is that one
    longer = [n for e in article.entities if e.type == "ORG" and e.id != org.id for n in e.names()
              if has_cjk(n) and any(len(n) > len(o) and n.endswith(o) and has_cjk(o[0]) for o in own)]
    for name in own + (longer if len(set(longer)) == 1 else []):   # one such name, else no telling which
        for cut in range(len(name) - 2, 1, -1):
            prefix, rest = name[:cut], name[cut:]
            latin = prefix[-1].isascii()
            # also after a name in Latin letters: 'UCC国际教育办公室'
            unit_zh = len(rest) >= 2 and has_cjk(rest[0]) and (not latin or bool(_LATIN_NAME.fullmatch(prefix)))
            if latin and not (rest.startswith(" ") and _UNIT_HEAD_EN.match(rest.strip()) or unit_zh
                              and _UNIT_END_ZH.search(rest)):
                continue
            university = None if latin else _university_of_short_form(article, prefix)
            if not latin and not (unit_zh and (
                    _FACULTY_END_ZH.search(rest) if university is not None else _UNIT_END_ZH.search(rest))):
                continue
            parent = names.get(prefix.strip()) or university
            if parent is None and (known := gazetteer().org(to_simplified(prefix.strip()))) is not None:
                parent = _parent_named(article, org, prefix.strip(), known.name)
            if parent is None and not latin and to_simplified(prefix).endswith("大学") and _FACULTY_END_ZH.search(rest):
                parent = _parent_named(article, org, prefix)   # '云南大学生命科学学院': a university's school
            if parent is None:
                continue
            _to_parent(found, parent, f"{found.title} of the {rest.strip()}" if latin and not unit_zh
                       else rest + found.title)
            return True
    return False


BODY_BEFORE_TITLE = define(
    "zh.role.body-before-title",
    "'ISO/TC 276主席⟦PERSON⟧', 'NUPCO行政总裁⟦PERSON⟧': an organisation's name written right before a title that "
    "no entity mention marks there (an organisation of the article, or a name in Latin letters that is no "
    "country or place) is the title's organisation.",
    [("ISO/TC 276主席里卡多·根特出席了会议。", role("里卡多·根特", "主席", "ISO/TC 276")),
     ("沙特与中国签署协议。UAE大使Ali Saeed出席。", role("Ali Saeed", "大使", "UAE", absent=True))],
)


# A university's schools, departments and institutes are its units ("澳大中华医药研究院"), unlike an
# academy's institutes; its centres are bodies of their own ("港大巴斯德研究中心").
_FACULTY_END_ZH = re.compile(r"(?:学院|學院|研究院|研究所|系)$")
_UNIVERSITY_ZH = ("大学", "大學")


def _university_of_short_form(article: Article, prefix: str) -> Entity | None:
    """'港大', '澳大': a university's short form, one character of its name before 大, names the
    article's university whose name holds that character ('香港大學', '澳門大學'); None when
    none or several do."""
    if not re.fullmatch(r"[\u4e00-\u9fff]大", prefix):
        return None
    found = [e for e in article.entities if e.type == "ORG" and any(
        n.endswith(_UNIVERSITY_ZH) and prefix[0] in n[:-2] for n in e.names())]
    return found[0] if len(found) == 1 else None


SUB_UNIT_PARENT = define(
    "xx.role.parent-of-sub-unit",
    "A title held in a sub-unit that its parent follows or contains: the parent is the role's organisation, the "
    "sub-unit stays in the title.",
    [("Zhengyu Wang, Deputy Director of the International Cooperation Bureau, Chinese Academy of Sciences, spoke.",
      role("Zhengyu Wang", "Deputy Director of the International Cooperation Bureau", "Chinese Academy of Sciences")),
     ("国家中医药管理局规划财务司司长苏钢强出席仪式。", role("苏钢强", "规划财务司司长", "国家中医药管理局")),
     ("Li Yubing, deputy director-general of the Department of Standards Innovation Management at the State "
      "Administration for Market Regulation, spoke.", role("Li Yubing", "deputy director-general of the Department of "
                                                           "Standards Innovation Management",
                                                           "State Administration for Market Regulation")),
     ("Weidong Liu, director general of the CAS Bureau of International Cooperation, signed for CAS.",
      role("Weidong Liu", "director general of the Bureau of International Cooperation", "CAS")),
     ("Huazhong University of Science and Technology (HUST) joined. Wang Qing, Dean of the School of Life Science and "
      "Technology of HUST, spoke.", role("Wang Qing", "Dean of the School of Life Science and Technology",
                                           "Huazhong University of Science and Technology")),
     ("Zhejiang University signed the deal. Guo Guoji, professor at Zhejiang University's School of Medicine, spoke.",
      role("Guo Guoji", "professor of the School of Medicine", "Zhejiang University")),
     ("中国科学院（中科院）代表团出席。中科院新疆分院副院长牟振江致辞。", role("牟振江", "新疆分院副院长", "中国科学院")),
     # a university's short form before one of its institutes: the university holds the role
     ("香港大學與巴斯德研究所簽署協議。港大李嘉誠醫學院院長梁卓偉出席。", role("梁卓偉", "李嘉誠醫學院院長", "香港大學")),
     ("香港大學與巴斯德研究所簽署協議。港大巴斯德研究中心聯席總監裴偉士出席。", role("裴偉士", "聯席總監", "香港大學", absent=True)),
     # a university's school, the university named nowhere else; a unit after a Latin short form
     ("新加坡国立大学代表团来访。云南大学生命科学学院副院长肖春杰出席。", role("肖春杰", "生命科学学院副院长", "云南大学")),
     ("华南师范大学与科克大学（UCC）共建实验室。UCC国际教育办公室主任黄海博致辞。",
      role("黄海博", "国际教育办公室主任", "UCC")),
     # a unit named alone, whose full name the page writes once
     ("云南大学生命科学学院与新加坡国立大学签约。生命科学学院党委书记肖衡出席。",
      role("肖衡", "生命科学学院党委书记", "云南大学")),
     # 'our university's' unit, on the university's own page
     ("华南师范大学与科克大学共建实验室。出席的有我校国际合作与交流处副处长谭伟红。",
      role("谭伟红", "国际合作与交流处副处长", "华南师范大学"))],
)
