"""Person–title–organisation triples from appositions and title phrases.

English: "⟦PERSON⟧, Director General of ⟦ORG⟧", "⟦ORG⟧ Director General ⟦PERSON⟧",
"The Director General of ⟦ORG⟧, ⟦PERSON⟧", "⟦PERSON⟧ … was elected ⟦ORG⟧ Chairman".
Chinese: "⟦ORG⟧副所长⟦PERSON⟧", "⟦ORG⟧副书记、⟦ORG⟧代区长⟦PERSON⟧".
A title held in a country ("Argentina's Minister of…", "塞尔维亚总统") has no organisation.
"""
from __future__ import annotations

import re

from coopgraph.extract.template import PLACEHOLDER, Template, recent_org_named, sentence_templates
from coopgraph.model import Article, Role
from coopgraph.text import fold

_VERBS = (
    r"(?i:said|says|told|noted|added|pointed|stressed|explained|believes|believed|expressed|highlighted|"
    r"introduced|delivered|gave|presided|attended|was|is|were|are|has|had|have|will|would|also|who|which|"
    r"signed|met|visited|announced|stated|welcomed|emphasized|emphasised|praised|hoped|thanked)"
)
_MOD = (
    r"(?:(?:deputy|vice|executive|senior|general|honorary|chief|associate|assistant|acting|permanent|first|"
    r"principal|founding|co|managing|standing|party|former|interim|regional|national|prime|federal|research|group|"
    r"team|project|programme|program|lab|laboratory|union|state|provincial|municipal)[\s-]+)*"
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
_TITLE = (
    rf"(?i:{_MOD}{_CORE}(?:\s+(?:of|for)\s+(?!(?:the\s+)?⟦)(?:the\s+)?[\w&'’-]+"
    rf"(?:(?:\s+|,\s+(?!and\b))(?!at\b|in\b|with\b|of\s+(?:the\s+)?⟦|and\s+(?:the\s+)?⟦)(?!{_CORE}\b)(?!{_VERBS}\b)"
    rf"(?!(?:Prof|Dr|Mr|Ms|Mrs)\b)[\w&'’-]+){{0,6}})?)"
)
_HOLDER = r"⟦(?:ORG|PLACE):\d+⟧"
_HONORIFIC = r"(?:(?:Prof|Professor|Dr|Mr|Mrs|Ms|Amb|Ambassador|H\.\s?E|His Excellency|Her Excellency|Academician|Shri|Smt)\.?\s+)*"
_CHUNK = (
    rf"(?:(?P<o1>⟦(?:ORG|COUNTRY|PLACE):\d+⟧)(?:['’]s)?\s+)?(?P<t>{_TITLE})"
    rf"(?:\s+(?:of|at|for|in|with)\s+(?:the\s+)?(?:⟦COUNTRY:\d+⟧['’]s\s+)?(?P<o2>{_HOLDER}))?"
)
_CHUNK_RE = re.compile(_CHUNK)
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
_CHUNKS = rf"(?:{_CHUNK.replace('?P<o1>', '?:').replace('?P<t>', '?:').replace('?P<o2>', '?:')})"
_CHUNK_LIST = rf"{_CHUNKS}(?:{_JOIN}{_CHUNKS})*"

# "⟦A⟧, Director of ⟦X⟧" — but not "⟦A⟧, Deputy Director ⟦B⟧", where the title is B's.
AFTER_PERSON = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)\s*,\s*(?:the\s+|an?\s+)?(?P<chunks>{_CHUNK_LIST})(?!\s*{_HONORIFIC}⟦PERSON)"
)
BEFORE_PERSON = re.compile(
    rf"(?:\b(?:the|The)\s+)?(?P<chunks>{_CHUNK_LIST})(?P<sep>\s*,?\s*){_HONORIFIC}(?P<p>⟦PERSON:\d+⟧)"
)
_LEAD_PERSON = re.compile(r"⟦PERSON:\d+⟧\s*,\s*(?:the\s+)?$")
ELECTED = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)(?:[^.;⟦]|⟦(?:ORG|COUNTRY|PLACE):\d+⟧){{0,120}}?\b(?:was|were|is|has been|have been)\s+"
    rf"(?:elected|appointed|named)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?(?P<chunks>{_CHUNK_LIST})"
)
# Academic forms of address ("Professor Chen …") are honorifics, not roles, when no body is named.
_ADDRESS_ONLY = re.compile(r"(?i)^(?:prof(?:essor)?|dr|academician|mr|ms|mrs)\.?$")

_ZH_MOD = r"(?:常务|执行|名誉|荣休|首席|代|副|总|联席|党委|党组|一级|二级|高级|特聘|资深|前|现任|常務|執行|黨委)*"
_ZH_CORE = (
    r"(?:行政长官|行政長官|书记|書記|所长|所長|院长|院長|部长|部長|主任|局长|局長|校长|校長|主席|总裁|總裁|董事长|董事長|总经理|經理|经理|"
    r"首席执行官|执行官|大使|教授|研究员|研究員|院士|秘书长|秘書長|理事长|理事長|会长|會長|区长|區長|市长|市長|省长|省長|"
    r"州长|厅长|廳長|处长|處長|司长|司長|总统|總統|总理|總理|首相|国务秘书|國務秘書|调研员|調研員|创始人|創始人|联合创始人|"
    r"负责人|負責人|合伙人|投资官|委员|委員|参赞|參贊|领事|署长|董事|CEO|长|長)"
)
_ZH_CHUNK = (
    rf"(?P<o>⟦(?:ORG|PLACE|COUNTRY):\d+⟧)?(?:[(（](?:⟦ORG:\d+⟧|[A-Za-z][\w ]*)[)）])?"
    rf"(?:驻⟦(?:COUNTRY|PLACE):\d+⟧)?(?P<t>{_ZH_MOD}{_ZH_CORE})"
)
_ZH_CHUNK_RE = re.compile(_ZH_CHUNK)
_ZH_CHUNKS = _ZH_CHUNK.replace("?P<o>", "?:").replace("?P<t>", "?:")
ZH_ROLE = re.compile(rf"(?P<chunks>{_ZH_CHUNKS}(?:[、和及与]{_ZH_CHUNKS})*)(?:&CEO)?(?P<p>⟦PERSON:\d+⟧)")
# "白春礼当选联盟首任主席", "⟦P⟧被任命为⟦ORG⟧秘书长"
ZH_ELECTED = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)(?:被)?(?:当选|當選|任命|出任|担任|擔任)(?:为|為)?(?P<ana>联盟|聯盟|中心|委员会|委員會|协会|協會|学会|學會|理事会|理事會)?"
    rf"(?P<chunks>(?:⟦ORG:\d+⟧)?(?:首任|第一任|新一任|新任)?{_ZH_MOD}{_ZH_CORE})"
)


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
            if "," in m.group("sep") and _LEAD_PERSON.search(tpl.text[: m.start("chunks")]):
                continue  # "⟦A⟧, Director of ⟦X⟧, ⟦B⟧": the title is A's apposition, not B's
            roles = self._chunks(article, tpl, m.group("chunks"), tpl.entity(m.group("p")), _CHUNK_RE)
            out.extend(r for r in roles if r.org or not _ADDRESS_ONLY.match(r.title))
        return out

    def _zh(self, article: Article, tpl: Template) -> list[Role]:
        out: list[Role] = []
        for pattern in (ZH_ROLE, ZH_ELECTED):
            for m in pattern.finditer(tpl.text):
                chunks = re.sub(r"(首任|第一任|新一任|新任)", "", m.group("chunks"))
                roles = self._chunks(article, tpl, chunks, tpl.entity(m.group("p")), _ZH_CHUNK_RE)
                ana = m.groupdict().get("ana")
                if ana:  # "当选联盟首任主席": the alliance the article is about
                    org = recent_org_named(article, tpl, ana)
                    for role in roles:
                        role.org = role.org or org
                out.extend(roles)
        return out

    @staticmethod
    def _chunks(article: Article, tpl: Template, chunks: str, person: str, chunk_re: re.Pattern) -> list[Role]:
        """Roles from a list of title chunks. A chunk with no organisation of its own shares
        its neighbour's when they are joined directly ("BIO’s president and chief executive
        officer", "Counsellor and Director of … Embassy", "区委书记、副书记")."""
        parsed: list[tuple[str, str | None, bool, int, int]] = []
        for c in chunk_re.finditer(chunks):
            groups = c.groupdict()
            holder = groups.get("o2") or groups.get("o1") or groups.get("o")
            org_id = tpl.entity(holder) if holder and not holder.startswith("⟦COUNTRY") else None
            country_held = bool(holder and holder.startswith("⟦COUNTRY"))
            parsed.append((c.group("t").strip(" ,"), org_id, country_held, c.start(), c.end()))
        out = []
        for i, (title, org_id, country_held, start, end) in enumerate(parsed):
            if org_id is None and not country_held:
                prev = parsed[i - 1] if i > 0 else None
                nxt = parsed[i + 1] if i + 1 < len(parsed) else None
                if prev and prev[1] and _adjacent(chunks, prev[4], start):
                    org_id = prev[1]
                elif nxt and nxt[1] and _adjacent(chunks, end, nxt[3]) and chunk_re is _CHUNK_RE:
                    org_id = nxt[1]
            if chunk_re is _ZH_CHUNK_RE and title in ("长", "長"):
                org = article.entity(org_id)
                name = org.name if org else ""
                if not name.endswith(("部", "局", "厅", "廳", "院", "所")):
                    continue
                title = name[-1] + title
            if not title or PLACEHOLDER.search(title):
                continue
            out.append(Role(person, title, org_id, tpl.span))
        return out


def _adjacent(text: str, end: int, start: int) -> bool:
    """Two chunks joined by nothing but 'and', a comma or '、'."""
    return re.fullmatch(r"\s*(?:,\s*)?(?:and|&|、|和|及)?\s*", text[end:start]) is not None


def _dedupe(article: Article, roles: list[Role]) -> list[Role]:
    """One role per (person, title, org); a bare title repeated later ("President Deng")
    adds nothing when the same person already holds that title at an organisation."""
    out: list[Role] = []
    seen: set[tuple] = set()
    def core(title: str) -> str:
        words = title.lower().split()
        return words[-1] if words else title

    with_org = {(r.person, core(r.title)) for r in roles if r.org}
    for r in roles:
        key = (r.person, fold(r.title), r.org)
        if key in seen or article.entity(r.person) is None:
            continue
        if r.org is None and any(p == r.person and (core(r.title).endswith(c) or c.endswith(core(r.title))) for p, c in with_org):
            continue
        seen.add(key)
        out.append(r)
    return out
