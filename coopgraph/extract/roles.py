"""Person–title–organisation triples from appositions and title phrases.

English: "⟦PERSON⟧, Director General of ⟦ORG⟧", "⟦ORG⟧ Director General ⟦PERSON⟧",
"The Director General of ⟦ORG⟧, ⟦PERSON⟧", "⟦PERSON⟧ … was elected ⟦ORG⟧ Chairman".
Chinese: "⟦ORG⟧副所长⟦PERSON⟧", "⟦ORG⟧副书记、⟦ORG⟧代区长⟦PERSON⟧".
A title held in a country ("Argentina's Minister of…", "塞尔维亚总统") has no organisation.
"""
from __future__ import annotations

import re

from coopgraph.extract.template import PLACEHOLDER, Template, sentence_templates
from coopgraph.model import Article, Role
from coopgraph.text import fold

_MOD = (
    r"(?:(?:deputy|vice|executive|senior|general|honorary|chief|associate|assistant|acting|permanent|first|"
    r"principal|founding|co|managing|standing|party|former|interim|regional|national)[\s-]+)*"
)
_CORE = (
    r"(?:president|director[\s-]general|director|chairman|chairwoman|chairperson|chair|chief executive officer|"
    r"ceo|cto|cfo|coo|minister|vice[\s-]minister|secretary[\s-]general|secretary|mayor|governor|ambassador|"
    r"counsell?or|consul general|consul|professor|rector|dean|head|manager|founder|co-founder|member|academician|"
    r"fellow|representative|commissioner|administrator|coordinator|officer|researcher|scientist|chancellor|"
    r"vice[\s-]chancellor|provost|partner|spokes(?:person|man|woman)|general manager|managing director|leader)"
)
# "Minister of Science, Technology…", "director of the publicity department": words after
# "of" that are no entity of their own belong to the title.
_TITLE = rf"(?i:{_MOD}{_CORE}(?:\s+(?:of|for)\s+(?!⟦)(?:the\s+)?[\w&'’-]+(?:\s+(?!at\b|in\b|of\s+⟦|of\s+the\s+⟦)[\w&'’-]+){{0,5}})?)"
_HOLDER = r"⟦(?:ORG|PLACE):\d+⟧"
_CHUNK = (
    rf"(?:(?P<o1>⟦(?:ORG|COUNTRY):\d+⟧)(?:['’]s)?\s+)?(?P<t>{_TITLE})"
    rf"(?:\s+(?:of|at|for|in|with)\s+(?:the\s+)?(?P<o2>{_HOLDER}))?"
)
_CHUNK_RE = re.compile(_CHUNK)
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
_CHUNKS = rf"(?:{_CHUNK.replace('?P<o1>', '?:').replace('?P<t>', '?:').replace('?P<o2>', '?:')})"
_CHUNK_LIST = rf"{_CHUNKS}(?:{_JOIN}{_CHUNKS})*"

AFTER_PERSON = re.compile(rf"(?P<p>⟦PERSON:\d+⟧)\s*,\s*(?:the\s+|an?\s+)?(?P<chunks>{_CHUNK_LIST})")
BEFORE_PERSON = re.compile(rf"(?P<lead>⟦PERSON:\d+⟧\s*,\s*)?(?:\b(?:the|The)\s+)?(?P<chunks>{_CHUNK_LIST})\s*,?\s*(?P<p>⟦PERSON:\d+⟧)")
ELECTED = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)[^.;⟦]{{0,80}}?\b(?:was|were|is|has been|have been)\s+(?:elected|appointed|named)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?(?P<chunks>{_CHUNK_LIST})"
)

_ZH_MOD = r"(?:常务|执行|名誉|首席|代|副|总|联席|党委|党组|一级|二级|高级|特聘|资深|前|现任|常務|執行|黨委)*"
_ZH_CORE = (
    r"(?:书记|書記|所长|所長|院长|院長|部长|部長|主任|局长|局長|校长|校長|主席|总裁|總裁|董事长|董事長|总经理|經理|经理|"
    r"首席执行官|执行官|大使|教授|研究员|研究員|院士|秘书长|秘書長|理事长|理事長|会长|會長|区长|區長|市长|市長|省长|省長|"
    r"州长|厅长|廳長|处长|處長|司长|司長|总统|總統|总理|總理|首相|国务秘书|國務秘書|调研员|調研員|创始人|創始人|联合创始人|"
    r"负责人|負責人|合伙人|投资官|委员|委員|参赞|參贊|领事|署长|董事|CEO|长|長)"
)
_ZH_CHUNK = rf"(?P<o>⟦(?:ORG|PLACE|COUNTRY):\d+⟧)?(?:驻⟦(?:COUNTRY|PLACE):\d+⟧)?(?P<t>{_ZH_MOD}{_ZH_CORE})"
_ZH_CHUNK_RE = re.compile(_ZH_CHUNK)
_ZH_CHUNKS = _ZH_CHUNK.replace("?P<o>", "?:").replace("?P<t>", "?:")
ZH_ROLE = re.compile(rf"(?P<chunks>{_ZH_CHUNKS}(?:[、和及与]{_ZH_CHUNKS})*)(?:&CEO)?(?P<p>⟦PERSON:\d+⟧)")


class RoleExtractor:
    name = "roles"

    def __call__(self, article: Article) -> None:
        roles: list[Role] = []
        for tpl in sentence_templates(article):
            if article.language == "zh":
                roles.extend(self._zh(article, tpl))
            else:
                roles.extend(self._en(article, tpl))
        article.roles = _dedupe(article, roles)
        for role in article.roles:
            person, org = article.entity(role.person), article.entity(role.org)
            if person is not None and person.country is None and org is not None and org.country:
                person.country = org.country

    def _en(self, article: Article, tpl: Template) -> list[Role]:
        out: list[Role] = []
        for pattern in (AFTER_PERSON, ELECTED):
            for m in pattern.finditer(tpl.text):
                out.extend(self._chunks(article, tpl, m.group("chunks"), tpl.entity(m.group("p")), _CHUNK_RE))
        for m in BEFORE_PERSON.finditer(tpl.text):
            if m.group("lead"):
                continue  # "⟦A⟧, Director of ⟦X⟧, ⟦B⟧": the title is A's apposition, not B's
            out.extend(self._chunks(article, tpl, m.group("chunks"), tpl.entity(m.group("p")), _CHUNK_RE))
        return out

    def _zh(self, article: Article, tpl: Template) -> list[Role]:
        out: list[Role] = []
        for m in ZH_ROLE.finditer(tpl.text):
            out.extend(self._chunks(article, tpl, m.group("chunks"), tpl.entity(m.group("p")), _ZH_CHUNK_RE))
        return out

    @staticmethod
    def _chunks(article: Article, tpl: Template, chunks: str, person: str, chunk_re: re.Pattern) -> list[Role]:
        out = []
        last_org = None
        for c in chunk_re.finditer(chunks):
            groups = c.groupdict()
            holder = groups.get("o2") or groups.get("o1") or groups.get("o")
            title = c.group("t").strip(" ,")
            org_id = None
            if holder and not holder.startswith("⟦COUNTRY"):
                org_id = tpl.entity(holder)
            elif holder is None and chunk_re is _ZH_CHUNK_RE:
                org_id = last_org  # "…区委书记、副书记…": the same organisation
            if chunk_re is _ZH_CHUNK_RE and title in ("长", "長") and org_id:
                org = article.entity(org_id)
                name = org.name if org else ""
                if name.endswith(("部", "局", "厅", "廳", "院", "所")):
                    title = name[-1] + title
                else:
                    continue
            if not title or PLACEHOLDER.search(title):
                continue
            last_org = org_id or last_org
            out.append(Role(person, title, org_id, tpl.span))
        return out


def _dedupe(article: Article, roles: list[Role]) -> list[Role]:
    """One role per (person, title, org); a bare title repeated later ("President Deng")
    adds nothing when the same person already holds that title at an organisation."""
    out: list[Role] = []
    seen: set[tuple] = set()
    with_org = {(r.person, fold(r.title).split()[-1] if r.title.split() else fold(r.title)) for r in roles if r.org}
    for r in roles:
        key = (r.person, fold(r.title), r.org)
        if key in seen or article.entity(r.person) is None:
            continue
        core = fold(r.title).split()[-1] if r.title.split() else fold(r.title)
        if r.org is None and any(p == r.person and (core.endswith(c) or c.endswith(core)) for p, c in with_org):
            continue
        seen.add(key)
        out.append(r)
    return out
