"""Events: meetings, agreements, establishments and memberships, with their parties.

Each event starts from a trigger in one sentence (or, in Chinese, one clause): a verb
of the right kind next to the right kind of noun ("signed … memorandum", "论坛…举行",
"揭牌 … 联合实验室", "became a member"). Participants come from where the sentence
puts them: before an active verb, after "by", in "由 A、B 主办" lists. Events that are
the same act told twice (a headline and its lead, a country-level paraphrase of an
institutional agreement) are merged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from coopgraph.dates import find_dates
from coopgraph.extract.template import PLACEHOLDER, Template, recent_org_named, sentence_templates
from coopgraph.model import Article, Event, Participant, Span
from coopgraph.text import fold

# --- triggers ---------------------------------------------------------------------
EN_AGREEMENT_NOUN = re.compile(
    r"(?i)\b(agreements?|memorand(?:um|a)(?: of understanding)?|MoUs?|letters? of intent\w*|contracts?|"
    r"statements? of intent|accords?|protocols?|documents?)\b"
)
EN_AGREEMENT_VERB = re.compile(r"(?i)\b(sign(?:ed|s|ing)?|ink(?:ed|s)?|conclud(?:ed|es)|reach(?:ed|es))\b")
EN_ESTABLISH = re.compile(
    r"(?i)\b(launch(?:ed|es)?|establish(?:ed|es)?|establishment of|inaugurat(?:ed|es)|inauguration(?: ceremony)? of|"
    r"unveil(?:ed|s|ing(?: ceremony)? of)?|found(?:ed|ing of)|creat(?:ed|es)|set up|opened|formed|foundation stone (?:of|for)|(?:ground-?breaking|groundbreaking) (?:ceremony )?(?:of|for)|broke ground (?:on|for)|"
    r"appointment ceremony of)\b"
)
EN_FUTURE = re.compile(r"(?i)\b(will|would|to|plans? to|aims? to|is to|are to|should)\s+(?:\w+\s+)?$")
EN_INSTITUTION = re.compile(
    r"(?i)\b(laborator(?:y|ies)|lab|cent(?:er|re)|alliance|committee|council|consortium|institute|association|"
    r"network|platform|hub|union|federation|branch|office|base|station|park|school|academy|society|coalition|"
    r"facility|partnership|fund)\b"
)
EN_MEMBERSHIP = re.compile(
    r"(?i)\b(bec(?:a|o)me?s?\s+(?:an?\s+|the\s+)?(?:official\s+|full\s+|associate\s+|new\s+)?member|"
    r"join(?:s|ed|ing)?\b.{0,80}?\bas\s+(?:an?\s+)?(?:associate\s+|full\s+|new\s+)?member|accession to|admitted as|"
    r"(?<=⟧\s)(?:officially\s+|formally\s+)?join(?:s|ed)\s+(?:the\s+)?(?=⟦ORG))"
)
EN_MEETING_NOUN = re.compile(
    r"(?i)\b(forum|conference|symposium|summit|workshop|meeting|convention|expo|exchange event|seminar|dialogue|"
    r"congress|roundtable|round table|session|general assembly|assembly)\b"
)
EN_MEETING_VERB = re.compile(
    r"(?i)\b(held|hold|holds|opened|opens|organi[sz]ed|hosted|convened|took place|takes place|kicked off|"
    r"co-organi[sz]ed|sponsored|opening of|was launched|gathered|met|meets)\b"
)
EN_MEETING_NAME = re.compile(
    r"(?:(?:the|The)\s+)?(?:\d{4}\s+|\d+(?:st|nd|rd|th)\s+)?(?:[A-Z][\w'’\-·&().]*\s+(?:(?:of|on|for|and|in|the|to)\s+)*){0,12}?"
    r"(?:Forum|Conference|Symposium|Summit|Workshop|Meeting|Convention|Expo|Exchange Event|Seminar|Dialogue|Congress)"
    r"(?:\s+(?:on|of|for)\s+(?:the\s+)?[A-Z][\w\-’']*(?:\s+(?:[A-Z][\w\-’']*|and|of|on|for|in|the|&|\d{4}))*)?"
)

ZH_AGREEMENT = re.compile(
    r"(签署|簽署|签订|簽訂|签约|簽約|达成[^，,。]{0,8}?(?:意向|协议|協議|共识)|簽下|签下)"
)
ZH_AGREEMENT_NOUN = re.compile(r"(协议|協議|备忘录|備忘錄|合同|意向|框架|合作书|声明|協定|协定)")
ZH_ESTABLISH = re.compile(r"(揭牌|成立|启动|啟動|奠基|挂牌|掛牌|组建|組建|落户|落戶|建立|设立|設立)")
ZH_INSTITUTION = re.compile(r"(实验室|實驗室|中心|联盟|聯盟|委员会|委員會|研究院|研究所|平台|基地|工厂|工廠|分院|学院|學院)")
ZH_MEMBERSHIP = re.compile(
    r"(成为(?:[^，,。⟦]|⟦ORG:\d+⟧){0,40}?(?:成员|會員|会员|成员国|成員國)|成為(?:[^，,。⟦]|⟦ORG:\d+⟧){0,40}?成員|加入[^，,。⟦]{0,12}?(?=⟦ORG:))"
)
ZH_MEETING_NOUN = re.compile(r"(论坛|論壇|大会|大會|会议|會議|研讨会|研討會|交流会|交流會|对话会|對話會|峰会|峰會|博览会|博覽會|年会|年會)")
ZH_MEETING_VERB = re.compile(r"(举行|舉行|召开|召開|开幕|開幕|举办|舉辦|主办|主辦|承办|承辦|闭幕|閉幕)")
ZH_MEETING_NAME = re.compile(
    r"(?:[A-Za-z]{2,10} ?)?(?:第[\d一二三四五六七八九十百]+[届屆]|\d{4})?[^，,。、；;：:\s（）()⟦⟧]{2,40}?(论坛|論壇|大会|大會|会议|會議|研讨会|研討會|交流会|交流會|对话会|對話會|峰会|峰會|博览会|博覽會)"
)
# "由 A、B 主办", "C 协办", "D 和 E 共同承办"
ZH_ORGANISER_ROLE = {"": "organizer",  # a teaser cut off before the verb: "由 A、B 共同……"
                     "主办": "organizer", "主辦": "organizer", "协办": "co-organizer", "協辦": "co-organizer",
                     "承办": "host", "承辦": "host", "指导": "organizer", "指導": "organizer"}
ZH_ORGANISERS = re.compile(
    r"(?P<list>(?:⟦(?:ORG|PLACE|COUNTRY):\d+⟧(?:[(（][^)）]*[)）])?[、，,和与及\s]*)+)(?:等[^，,。]{0,6})?(?:共同|联合|聯合)?(?P<verb>主办|主辦|协办|協辦|承办|承辦|指导|指導|(?=……|\.{3}))"
)
ZH_FOUNDERS = re.compile(
    r"由(?P<list>(?:⟦(?:ORG|PLACE|COUNTRY):\d+⟧[、，,和与及\s]*)+)(?:等[^，,。]{0,6})?(?:共同|联合|聯合|合作)?(?:共建|建设|建設|成立|组建|組建|发起|發起|倡议|倡議|[^⟦，,。]{0,3}(?=……|\.{3}))"
    r"|(?:创始成员|創始成員|首批成员)[^。；]{0,20}?包括(?P<members>(?:⟦(?:ORG|COUNTRY):\d+⟧[、，,和与及\s]*)+)"
)
EN_FOUNDING_MEMBERS = re.compile(
    r"(?i)founding members?\s+(?:include|including|are|were)\s+(?P<members>(?:(?:the\s+)?⟦(?:ORG|COUNTRY):\d+⟧(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)?)+)"
)
EN_ORGANISER = re.compile(
    r"(?i)(?P<verb>co-organi[sz]ed|organi[sz]ed|hosted|sponsored|convened|in collaboration with|jointly organi[sz]ed)\s+by\s+"
    r"(?P<list>(?:(?:the\s+)?⟦(?:ORG|PLACE|COUNTRY):\d+⟧(?:\s*\([^)]*\))?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)?)+)"
)
EN_COLLAB = re.compile(
    r"(?P<subj>(?:⟦(?:ORG|COUNTRY):\d+⟧(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)?)+)\s*,?\s*in collaboration with\s+"
    r"(?P<list>(?:(?:the\s+)?⟦(?:ORG|COUNTRY):\d+⟧(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)?)+)"
)
EN_ROLE_OF_VERB = {"met": "organizer",
                   "organized": "organizer", "organised": "organizer", "hosted": "host", "co-organized": "co-organizer",
                   "co-organised": "co-organizer", "sponsored": "organizer", "convened": "organizer",
                   "in collaboration with": "organizer", "jointly organized": "organizer", "jointly organised": "organizer"}
# "⟦WHO⟧ and the ⟦Swiss Confederation⟧ signed", "⟦A⟧, ⟦B⟧ and ⟦C⟧ have jointly signed"
_SUBJECT_LIST = re.compile(
    r"(?:(?:the\s+)?⟦(?:ORG|COUNTRY):\d+⟧(?:\s*[(（][^)）]*[)）])?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s*&\s*))*"
    r"(?:the\s+)?⟦(?:ORG|COUNTRY):\d+⟧(?:\s*[(（][^)）]*[)）])?"
    r"(?=\s+(?:have\s+|has\s+|had\s+)?(?:jointly\s+|officially\s+|formally\s+|also\s+|today\s+)?$)"
)
# "an agreement between ⟦A⟧ and ⟦B⟧" tells an agreement even without a verb of signing
EN_AGREEMENT_BETWEEN = re.compile(
    r"(?i)\b(?:agreement|memorandum of understanding|MoU|partnership|deal|(?:signed|concluded|reached))\s+between\s+(?:the\s+)?⟦(?:ORG|COUNTRY):\d+⟧"
)
EN_SIGNING_CEREMONY = re.compile(r"(?i)\bsigning ceremony\b")
ZH_SIGNING_CEREMONY = re.compile(r"(签约仪式|簽約儀式|签字仪式|簽字儀式|签署仪式)")


@dataclass
class Draft:
    type: str
    sentence: Template
    trigger_at: int                     # offset of the trigger (template, then article once found)
    name: str | None = None
    participants: dict[str, str] = field(default_factory=dict)   # entity id -> role
    creates: str | None = None
    place: str | None = None
    date: str | None = None
    date_end: str | None = None
    index: int = 0                      # the sentence's position in the article
    window: tuple[int, int] | None = None  # article offsets of the clause(s) the act is told in


class EventExtractor:
    name = "events"

    def __call__(self, article: Article) -> None:
        if not article.relevant:
            article.events = []
            return
        templates = sentence_templates(article)
        zh = article.language == "zh"
        drafts: list[Draft] = []
        for index, tpl in enumerate(templates):
            for unit_start, unit in _units(tpl, zh):
                for draft in self._find(article, tpl, unit_start, unit, zh):
                    draft.index = index
                    draft.window = (tpl.to_article(unit_start), tpl.to_article(unit_start + len(unit)))
                    draft.trigger_at = tpl.to_article(draft.trigger_at)
                    drafts.append(draft)
        self._organisers(article, templates, drafts, zh)
        self._founders(article, templates, drafts, zh)
        self._dates(article, drafts)
        merged = _merge(drafts, {e.id for e in article.entities if e.type == "COUNTRY"})
        _inherit_from_meeting(article, templates, merged, zh)
        article.events = _finalise(article, merged)

    # -- triggers ------------------------------------------------------------------
    def _find(self, article: Article, tpl: Template, offset: int, unit: str, zh: bool) -> list[Draft]:
        out: list[Draft] = []
        if zh:
            agreement = ZH_AGREEMENT.search(unit)
            if agreement and (ZH_AGREEMENT_NOUN.search(unit) or "意向" in agreement.group()):
                out.append(self._agreement(article, tpl, offset, unit, agreement.start(), agreement.end(), zh))
            establish = ZH_ESTABLISH.search(unit)
            if establish and not agreement:
                out.extend(self._establishments(article, tpl, offset, unit, establish.start(), zh))
            if ZH_SIGNING_CEREMONY.search(unit) and not agreement:
                out.append(Draft("AGREEMENT", tpl, offset, place=_place_in(article, tpl, unit, zh)))
            member = ZH_MEMBERSHIP.search(unit)
            if member:
                out.append(self._membership(article, tpl, offset, unit, member.start(), templates_before=None))
            separate_meeting = establish and re.search(r"暨[^，,。]*?" + ZH_MEETING_NOUN.pattern, unit)
            if ZH_MEETING_NOUN.search(unit) and ZH_MEETING_VERB.search(unit) and not agreement and (not establish or separate_meeting):
                out.append(self._meeting(article, tpl, offset, unit, zh))
            return [d for d in out if d is not None]
        between = EN_AGREEMENT_BETWEEN.search(unit)
        agreement_noun = EN_AGREEMENT_NOUN.search(unit) or between
        agreement_verb = EN_AGREEMENT_VERB.search(unit) or between
        if agreement_noun and re.search(r"(?i)\b(?:this|that|these|those|the said)\s+$", unit[: agreement_noun.start()]):
            agreement_noun = None  # "with the signing of this document": the agreement already told
        if agreement_noun and agreement_verb:
            out.append(self._agreement(article, tpl, offset, unit, agreement_verb.start(), agreement_verb.end(), zh))
        member = EN_MEMBERSHIP.search(unit)
        if member:
            out.append(self._membership(article, tpl, offset, unit, member.start(), templates_before=None))
        for m in EN_ESTABLISH.finditer(unit):
            if EN_FUTURE.search(unit[: m.start()]):
                continue  # "to launch", "will create": a plan, not an act
            out.extend(self._establishments(article, tpl, offset, unit, m.start(), zh, m.end()))
        if EN_SIGNING_CEREMONY.search(unit) and not (agreement_noun and agreement_verb):
            out.append(Draft("AGREEMENT", tpl, offset, place=_place_in(article, tpl, unit, zh)))
        if EN_MEETING_NOUN.search(unit) and EN_MEETING_VERB.search(unit) and not (agreement_noun and agreement_verb):
            meeting = self._meeting(article, tpl, offset, unit, zh)
            if meeting is not None:
                out.append(meeting)
        return [d for d in out if d is not None]

    def _agreement(self, article, tpl, offset, unit, v_start, v_end, zh) -> Draft:
        draft = Draft("AGREEMENT", tpl, offset + v_start)
        creates = _institution_after(article, tpl, unit, v_end, zh)
        passive = re.search(r"(?i)\b(?:was|were|been|be)\s+(?:\w+\s+)?$", unit[:v_start]) is not None
        if zh:
            parties = tpl.ids(unit[:v_start], ("ORG",)) or tpl.ids(unit[:v_start], ("COUNTRY",))
        elif passive:
            after = unit[v_end:]
            by = re.search(r"\b(?:by|with|between)\b", after)
            parties = tpl.ids(after[by.end():], ("ORG",)) or tpl.ids(after[by.end():], ("COUNTRY",)) if by else []
            pair = re.search(r"(⟦COUNTRY:\d+⟧)\s*[-–]\s*(⟦COUNTRY:\d+⟧)\s+(?:\w+\s+){0,2}(?:agreement|memorand|MoU|accord|deal)", unit, re.I)
            if pair:  # "The India-Cuba memorandum was signed …"
                parties += [tpl.entity(pair.group(1)), tpl.entity(pair.group(2))]
        else:
            before = unit[:v_start]
            subject = _SUBJECT_LIST.search(before)
            parties = tpl.ids(subject.group(), ("ORG", "COUNTRY")) if subject else tpl.ids(before, ("ORG",))
            with_ = re.search(r"\b(?:with|between)\b(.*)$", unit[v_end:])
            if with_:
                parties += tpl.ids(with_.group(1), ("ORG",))
            if not parties:
                parties = tpl.ids(before, ("COUNTRY",))
        parties += _orgs_of_people(article, tpl.ids(unit, ("PERSON",)))
        quoted = _quoted_ids(tpl, unit)
        for pid in parties:
            if pid != creates and pid not in quoted:
                draft.participants.setdefault(pid, "party")
        if creates is None and not zh:
            creates = _institution_named_by_agreement(article, tpl, unit)
            draft.participants.pop(creates, None)
        draft.creates = creates
        draft.name = _agreement_name(article, tpl, unit, zh)
        draft.place = _place_in(article, tpl, unit, zh)
        return draft

    def _establishments(self, article, tpl, offset, unit, t_start, zh, t_end=None) -> list[Draft]:
        """The institution a trigger launches: the first one after it ("launched the ⟦X⟧",
        "揭牌…⟦X⟧"), or, for a passive verb or a Chinese trigger, the nearest one before it
        ("⟦X⟧ was established", "⟦X⟧揭牌仪式")."""
        institution_re = ZH_INSTITUTION if zh else EN_INSTITUTION
        candidates = []
        for m in PLACEHOLDER.finditer(unit):
            ent = article.entity(tpl.entity(m.group())) if m.group(1) == "ORG" else None
            if zh and re.search(r"由[^，,。⟦]{0,2}$", unit[: m.start()]):
                continue  # "联盟由⟦中国科学院⟧…发起成立": the founder, not what is founded
            if ent is not None and institution_re.search(ent.name):
                candidates.append((m, ent))
        if zh and not candidates:
            # "联盟由…成立", "该实验室…揭牌": the institution named earlier in the article
            ana = re.search(r"(?:^|[，,。；])\s*(?:该|這|这|此)?(联盟|聯盟|联合实验室|聯合實驗室|实验室|實驗室|中心|委员会|委員會|协会|協會)", unit[:t_start])
            ent = article.entity(recent_org_named(article, tpl, ana.group(1))) if ana else None
            if ent is not None:
                draft = Draft("ESTABLISHMENT", tpl, offset + t_start, creates=ent.id)
                draft.place = _place_in(article, tpl, unit, zh)
                return [draft]
        t_end = t_start if t_end is None else t_end
        passive = zh or re.search(r"(?i)\b(?:was|were|been|be|is|are)\s+(?:\w+\s+)?$", unit[:t_start]) is not None
        before = [(m, e) for m, e in candidates if m.end() <= t_start and t_start - m.end() <= (30 if zh else 80)]
        after = [(m, e) for m, e in candidates if m.start() >= t_end and m.start() - t_end <= (30 if zh else 60)]
        chosen = (before[-1:] if passive and before else after[:1]) or (after[:1] if passive else before[-1:])
        out = []
        for m, ent in chosen:
            draft = Draft("ESTABLISHMENT", tpl, offset + t_start, creates=ent.id)
            if zh:  # "A与B共同为联合实验室揭牌", "A院长甲与B总裁乙共同揭牌": those who unveil it found it
                subject = unit[:t_start]
                if re.search(r"(共同|联合|一起|携手)", subject):
                    founders = tpl.ids(subject, ("ORG",)) + _orgs_of_people(article, tpl.ids(subject, ("PERSON",)))
                    for pid in founders:
                        if pid != ent.id:
                            draft.participants.setdefault(pid, "founder")
            by = re.match(r"(?i)\s*(?:jointly\s+)?by\s+(.*)$", unit[t_end:])
            if passive and by and not zh:  # "⟦CEPI⟧ was founded by ⟦Norway⟧, ⟦India⟧ and ⟦Gates Foundation⟧"
                for pid in tpl.ids(by.group(1), ("ORG", "COUNTRY")):
                    if pid != ent.id:
                        draft.participants.setdefault(pid, "founder")
            elif not zh:
                subject = unit[: min(m.start(), t_start)]
                if not passive and re.search(r"(?i)\b(?:jointly|together|and)\b", subject + unit[t_start:m.start()]):
                    for pid in tpl.ids(subject, ("ORG", "PLACE", "COUNTRY")):
                        if pid != ent.id:
                            draft.participants.setdefault(pid, "founder")
            draft.place = _place_in(article, tpl, unit, zh)
            out.append(draft)
        return out

    def _membership(self, article, tpl, offset, unit, t_start, templates_before) -> Draft | None:
        members = tpl.ids(unit[:t_start], ("COUNTRY", "ORG"))
        hosts = [i for i in tpl.ids(unit[t_start:], ("ORG",)) if i not in members]
        if not members:
            return None
        if not hosts:
            noun = re.search(r"(?i)\bthe\s+(cent(?:er|re)|organi[sz]ation|laborator\w*|alliance|union|council|academy|institute|association|bank|agency|consortium|network|society|federation)\b", unit[t_start:])
            hosts = _recent_org(article, tpl, noun.group(1) if noun else None)
        draft = Draft("MEMBERSHIP", tpl, offset + t_start, place=_place_in(article, tpl, unit, False))
        draft.participants[members[-1]] = "member"
        for h in hosts[:1]:
            draft.participants.setdefault(h, "host")
        return draft

    def _meeting(self, article, tpl, offset, unit, zh) -> Draft | None:
        raw = tpl.text  # names are read from the article text of the sentence
        sentence_text = article.text[tpl.span.start:tpl.span.end]
        name_re = ZH_MEETING_NAME if zh else EN_MEETING_NAME
        names = [_clean_meeting_name(m.group().strip(), zh) for m in name_re.finditer(sentence_text)]
        names = [n for n in names if len(n) > (4 if zh else 12)]
        met = None if zh else re.search(r"(?i)\b(?:met|meets|convened|gathered)\b", unit)
        if not zh and not names and not (met and tpl.ids(unit[: met.start()], ("ORG",))):
            return None
        noun = (ZH_MEETING_NOUN if zh else EN_MEETING_NOUN).search(unit)
        draft = Draft("MEETING", tpl, offset + (noun.start() if noun else 0))
        draft.name = _trim_venue(article, max(names, key=len)) if names else None
        draft.place = _place_in(article, tpl, unit, zh)
        if zh and draft.name:
            for ent in article.entities:
                if ent.type == "ORG" and any(draft.name.startswith(n) for n in ent.names() if len(n) >= 2):
                    draft.participants.setdefault(ent.id, "organizer")  # "ICH 2017年第一次大会"
        venue = article.entity(draft.place)
        if venue is not None and venue.type == "ORG":
            draft.participants.setdefault(venue.id, "host")  # "the Forum … in HZAU", "在⟦大学⟧举行"
        if not zh:
            m = re.search(r"(?i)\b(?:Meeting|Council|Session)\s+of\s+(?:the\s+)?(⟦ORG:\d+⟧)", raw)
            if m:
                draft.participants[tpl.entity(m.group(1))] = "organizer"
            verb = re.search(r"(?i)\b(organi[sz]ed|hosted|convened|co-organi[sz]ed|met)\b(?!\s+by)", unit)
            if verb:
                for pid in tpl.ids(unit[: verb.start()], ("ORG",)):
                    draft.participants.setdefault(pid, EN_ROLE_OF_VERB.get(verb.group(1).lower(), "organizer"))
        return draft

    # -- participants stated elsewhere ----------------------------------------------
    def _organisers(self, article, templates, drafts, zh) -> None:
        """"由 A、B 主办", "hosted by X", "X, in collaboration with Y": they organise the
        meeting the sentence speaks of (named there, or the article's main meeting)."""
        meetings = [d for d in drafts if d.type == "MEETING"]
        if not meetings:
            return
        for tpl in templates:
            target = next((d for d in meetings if d.sentence is tpl), meetings[0])
            if zh:
                for m in ZH_ORGANISERS.finditer(tpl.text):
                    role = ZH_ORGANISER_ROLE[m.group("verb")]
                    for pid in tpl.ids(m.group("list"), ("ORG", "PLACE", "COUNTRY")):
                        target.participants[pid] = role
                continue
            for m in EN_ORGANISER.finditer(tpl.text):
                role = EN_ROLE_OF_VERB.get(m.group("verb").lower(), "organizer")
                for pid in tpl.ids(m.group("list"), ("ORG",)):
                    target.participants.setdefault(pid, role)
            for m in EN_COLLAB.finditer(tpl.text):
                if EN_MEETING_NOUN.search(tpl.text) or target.sentence is tpl:
                    for pid in tpl.ids(m.group("subj") + " " + m.group("list"), ("ORG",)):
                        target.participants.setdefault(pid, "organizer")

    def _founders(self, article, templates, drafts, zh) -> None:
        """"该联合实验室由 A 和 B、C 共建": founders of the institution established."""
        establishments = [d for d in drafts if d.type == "ESTABLISHMENT"]
        if not establishments:
            return
        for tpl in templates:
            for m in (ZH_FOUNDERS if zh else EN_FOUNDING_MEMBERS).finditer(tpl.text):
                ids = tpl.ids(m.groupdict().get("list") or m.group("members"), ("ORG", "PLACE", "COUNTRY"))
                target = next((d for d in establishments if d.creates in tpl.ids(tpl.text)), establishments[0])
                for pid in ids:
                    if pid != target.creates:
                        target.participants.setdefault(pid, "founder")

    @staticmethod
    def _dates(article: Article, drafts: list[Draft]) -> None:
        """The date told nearest the trigger, in the same clause window (Chinese) or sentence."""
        zh = article.language == "zh"
        for d in drafts:
            s, e = d.sentence.span.start, d.sentence.span.end
            if zh:  # a Chinese date comes before its verb: "2023年,A与B签署…", "6月18日,…揭牌"
                e = max(d.trigger_at, (d.window or (s, e))[0]) + 1
            in_sentence = [(span, value) for span, value in article.dates if s <= span.start < e]
            if not in_sentence and d.name and (year := re.search(r"(?:19|20)\d{2}", d.name)):
                # "December 13 saw the opening of the 2016 … Forum": the name gives the year
                sentence = article.text[d.sentence.span.start:d.sentence.span.end]
                for found in find_dates(sentence, article.language, f"{year.group()}-12-31"):
                    if len(found.value) == 10 and found.value.startswith(year.group()):
                        in_sentence.append((Span(s + found.start, s + found.end), found.value))
            if not in_sentence:
                # the date told just before, in the same paragraph ("On 8 January … . At the
                # ceremony, A and B signed …"); a full date only, and at most two sentences back
                para = next((p for p in article.paragraphs if p.start <= s < p.end + 1), None)
                back = [sent.span.start for sent in article.sentences if sent.span.end <= s][-2:]
                floor = max(para.start if para else 0, back[0] if back else s)
                earlier = [(sp, v) for sp, v in article.dates if floor <= sp.start < s and len(v.split("/")[0]) == 10]
                if not earlier:
                    continue
                in_sentence = earlier[-1:]
            span, value = min(in_sentence, key=lambda sv: abs(sv[0].start - d.trigger_at))
            if "/" in value:
                d.date, d.date_end = value.split("/")
            else:
                d.date = value


# --- helpers ------------------------------------------------------------------------
def _units(tpl: Template, zh: bool) -> list[tuple[int, str]]:
    """The sentence (English) or its clauses with up to two clauses of context (Chinese)."""
    if not zh:
        return [(0, tpl.text)]
    parts = [(m.start(), m.group()) for m in re.finditer(r"[^，,；;]+[，,；;]?", tpl.text)]
    units = []
    for i, (start, part) in enumerate(parts):
        # look back to the nearest clause that names an organisation (the subject)
        j = i
        while j > 0 and i - j < 3 and not re.search(r"⟦ORG:", parts[j][1]):
            j -= 1
        begin = parts[j][0]
        units.append((begin, tpl.text[begin:start + len(part)]))
    return units


def _institution_after(article, tpl, unit, pos, zh) -> str | None:
    """An institution the act launches: 'to launch the ⟦X⟧', '共建⟦X⟧'."""
    pattern = (
        r"(?:共建|建设|成立|设立|组建)"
        if zh else r"(?i)\b(?:to\s+(?:launch|establish|create|set up|build|jointly build)|establishing|launching|creating)\b"
    )
    m = re.search(pattern, unit[pos - 2 if zh else 0:] if zh else unit)
    if not m:
        return None
    rest = unit[m.end() + (pos - 2 if zh else 0):]
    hit = re.match(r"[\s‘’'\"“”《]*(?:the\s+|a\s+|an\s+)?(?:first\s+|new\s+|joint\s+)?[\s‘’'\"“”]*(⟦ORG:\d+⟧)", rest)
    return tpl.entity(hit.group(1)) if hit else None


def _institution_named_by_agreement(article, tpl, unit) -> str | None:
    """"the ⟦CIBA⟧ letter of intent", "the ⟦X Center⟧ cooperation agreement": an agreement
    named after a new institution (not a well-known body) is the one that launches it."""
    from coopgraph.extract.gazetteer import gazetteer

    m = re.search(
        r"(⟦ORG:\d+⟧)\s+(?:(?:strategic|framework|cooperation|co-operation|founding)\s+)*"
        r"(?:agreement|letters? of intent\w*|memorand\w+|MoU|MOU|contract)", unit, re.I,
    )
    if not m:
        return None
    ent = article.entity(tpl.entity(m.group(1)))
    if ent is None or gazetteer().org(ent.name) or not any(EN_INSTITUTION.search(n) for n in ent.names()):
        return None
    return ent.id


def _quoted_ids(tpl: Template, unit: str) -> set[str]:
    """Entities inside a quoted agreement title (《…》) are its subject, not its parties."""
    ids: set[str] = set()
    for m in re.finditer(r"《[^》]*》", unit):
        ids.update(tpl.ids(m.group()))
    return ids


def _orgs_of_people(article: Article, person_ids: list[str]) -> list[str]:
    out = []
    for pid in person_ids:
        for role in article.roles:
            if role.person == pid and role.org and role.org not in out:
                out.append(role.org)
                break
    return out


def _recent_org(article: Article, tpl: Template, noun: str | None) -> list[str]:
    """The organisation "the center" refers to: the most recently named one before this
    sentence whose name has that head noun (any, when the text gives none)."""
    best = None
    wanted = None
    if noun:
        wanted = re.compile(r"(?i)\bcent(?:er|re)s?\b" if noun.lower().startswith("cent") else rf"(?i)\b{noun[:6]}")
    for ent in article.entities:
        if ent.type != "ORG" or (wanted and not any(wanted.search(n) for n in ent.names())):
            continue
        before = [s for s in ent.mentions if s.end <= tpl.span.start]
        if before and (best is None or before[-1].start > best[1]):
            best = (ent.id, before[-1].start)
    return [best[0]] if best else []


def _place_in(article, tpl, unit, zh) -> str | None:
    """Where it happened: '在⟦X⟧举行', 'held in ⟦X⟧', a venue preferred over its city."""
    if zh:
        m = re.search(r"在(?:位于|位於)?[^⟦，,。在]{0,4}?(?P<list>(?:⟦(?:PLACE|ORG|COUNTRY):\d+⟧[^⟦，,。]{0,6}?)+?)(?:举行|舉行|召开|召開|举办|舉辦|开幕|開幕|揭牌|奠基|共同签署|签署|簽署)", unit)
        if not m:
            m = re.search(r"在(?P<list>(?:⟦PLACE:\d+⟧[^⟦，,。]{0,4})+)", unit)
        if m:
            ids = tpl.ids(m.group("list"), ("PLACE", "ORG", "COUNTRY"))
            places = [i for i in ids if article.entity(i) and article.entity(i).type == "PLACE"]
            return (places or ids)[-1] if (places or ids) else None
        return None
    m = re.search(r"(?i)\b(?:held|took place|opened|signed|convened|launched|hosted|organi[sz]ed|established|unveiled)?\s*\b(?:in|at)\s+(?:the\s+)?(?P<list>⟦(?:PLACE|ORG):\d+⟧(?:\s*[·,]\s*⟦PLACE:\d+⟧)*)", unit)
    if not m:  # "in Brazilian capital ⟦Brasília⟧", "in the city of ⟦X⟧"
        m = re.search(r"(?i)\b(?:in|at)\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?(?:of\s+)?(?P<list>⟦PLACE:\d+⟧)", unit)
    if not m:
        return None
    ids = tpl.ids(m.group("list"), ("PLACE", "ORG"))
    places = [i for i in ids if article.entity(i) and article.entity(i).type == "PLACE"]
    venues = [i for i in places if re.search(r"(Center|Centre|Hall|Hotel|Expo|Park|Stadium)$", article.entity(i).name)]
    if venues:
        return venues[0]
    return places[0] if places else (ids[0] if ids else None)


_MONTH_TAIL = re.compile(
    r"\s+(?:on|in|of)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b.*$"
)


def _clean_meeting_name(name: str, zh: bool) -> str:
    """The name alone: no leading article, no trailing date ("… on November"), and in
    Chinese nothing before the ordinal or the last function word ("在发布会上介绍…的第二届…")."""
    if not zh:
        return _MONTH_TAIL.sub("", re.sub(r"^(?:the|The)\s+", "", name))
    ordinal = re.search(r"[A-Za-z0-9 年]*第[\d一二三四五六七八九十百]+[届屆次]", name)
    if ordinal:  # "第五届工业生物技术在“一带一路”…论坛", "ICH 2017年第一次大会": the name starts there
        name = name[ordinal.start():].strip()
    else:
        cut = max(name.rfind(ch) for ch in "的在于将了是办")
        name = name[cut + 1:] if cut >= 0 else name
    if name[:1] in "“\"" and not re.search(r"[”\"]", name[1:]):
        name = name[1:]  # an opening quote whose closing one is not in the name
    name = re.sub(r"^(?:其中|包括)+", "", name)
    if re.match(r"^(?:部分|多场|各|该|本|此|这|上述|\d+场|[一二三四五六七八九十]+场|平行|分)", name):
        return ""  # "其中包括55场平行论坛": sessions of the article's meeting, not a meeting of their own
    return name


def _trim_venue(article: Article, name: str) -> str:
    """"… Science and Technology in HZAU": the venue is not part of the meeting's name."""
    m = re.search(r"\s+(?:in|at)\s+(?:the\s+)?([A-Z][\w\-’' ]+)$", name)
    if m and any(fold(m.group(1)) in {fold(n) for n in e.names()} for e in article.entities):
        return name[: m.start()]
    return name


def _agreement_name(article, tpl, unit, zh) -> str | None:
    sentence = article.text[tpl.span.start:tpl.span.end]
    if zh:
        m = re.search(r"《([^》]{2,60})》", sentence)
        return m.group(1) if m else None
    m = re.search(
        r"\b((?:[A-Z][\w\-]*\s+){0,6}(?:Agreement|Memorandum of Understanding|Letter of Intent|MoU|MOU)"
        r"(?:\s+(?:on|of|for)\s+(?:[A-Z][\w\-]*|and|on|the)(?:\s+(?:[A-Z][\w\-]*|and|on|of|the))*)?)",
        sentence,
    )
    if not m or len(m.group(1).split()) < 2:
        return None
    return re.sub(r"(?:\s+(?:and|on|of|the|for))+$", "", m.group(1).strip())


def _same_act(a: Draft, b: Draft) -> bool:
    if a.type != b.type:
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
    if a.type in ("AGREEMENT", "MEMBERSHIP"):
        # Told again a sentence or two away: the headline and its lead, "the signing
        # ceremony was held in …", "the document was signed by …".
        if abs(a.index - b.index) > 3 and min(a.index, b.index) > 0:
            return False  # (sentence 0 is the headline: it retells the article's main act)
        pa, pb = set(a.participants), set(b.participants)
        return not pa or not pb or pa <= pb or pb <= pa
    return False


def _merge(drafts: list[Draft], countries: set[str]) -> list[Draft]:
    """One event per act: a headline and its lead, a name told twice, an unnamed mention
    of the article's meeting, a signing ceremony and the agreement signed there."""
    out: list[Draft] = []
    for d in drafts:
        twin = next((o for o in out if _same_act(o, d)), None)
        if twin is None:
            out.append(d)
            continue
        for pid, role in d.participants.items():
            twin.participants.setdefault(pid, role)
        if d.name and (not twin.name or len(d.name) > len(twin.name)):
            twin.name = d.name
        if d.place and (twin.place is None or twin.place in countries) and d.place not in countries:
            twin.place = d.place
        twin.place = twin.place or d.place
        twin.date = twin.date or d.date
        twin.date_end = twin.date_end or d.date_end
        twin.creates = twin.creates or d.creates
    return out


_AT_THE_MEETING = {
    "en": re.compile(
        r"(?i)\b(?:at|during|on the sidelines of|after|before|on the margins? of)\s+the\s+"
        r"(?:event|forum|meeting|conference|summit|symposium|ceremony|opening ceremony|expo|convention)\b|\bon[- ]site\b"
    ),
    "zh": re.compile(r"(论坛上|論壇上|会上|會上|会议期间|會議期間|论坛期间|大会期间|大會期間|活动中|仪式上|儀式上|现场|現場|期间)"),
}


def _inherit_from_meeting(article: Article, templates: list[Template], drafts: list[Draft], zh: bool) -> None:
    """Acts told as happening at the article's meeting ("signed during the forum", "论坛上")
    happened where and when it did; the meeting's own place may be told in another sentence
    ("The International Forum in ⟦Tianjin⟧ …")."""
    meetings = [d for d in drafts if d.type == "MEETING"]
    if not meetings:
        return
    main = meetings[0]
    if main.place is None:
        noun = ZH_MEETING_NOUN if zh else EN_MEETING_NOUN
        for tpl in templates:
            if noun.search(tpl.text):
                found = _place_in(article, tpl, tpl.text, zh)
                if found and article.entity(found) and article.entity(found).type == "PLACE":
                    main.place = found
                    break
    cue = _AT_THE_MEETING["zh" if zh else "en"]
    for d in drafts:
        if d is main:
            continue
        sentence = article.text[d.sentence.span.start:d.sentence.span.end]
        if cue.search(sentence) or d.sentence is main.sentence:
            d.place = d.place or main.place
            d.date = d.date or main.date


def _finalise(article: Article, drafts: list[Draft]) -> list[Event]:
    entity_type = {e.id: e.type for e in article.entities}
    # A country-level restatement of an institutional agreement is the same agreement.
    institutional = [d for d in drafts if d.type == "AGREEMENT" and any(entity_type.get(p) == "ORG" for p in d.participants)]
    events: list[Event] = []
    for d in drafts:
        if d.type == "AGREEMENT" and institutional and d not in institutional and all(
            entity_type.get(p) == "COUNTRY" for p in d.participants
        ):
            continue
        if d.type == "AGREEMENT" and not d.participants:
            continue
        if d.type == "ESTABLISHMENT" and d.creates is None:
            continue
        if d.type == "ESTABLISHMENT" and any(a.type == "AGREEMENT" and a.creates == d.creates and a.date == d.date for a in drafts) and not d.participants:
            continue
        if d.type == "MEETING" and not (d.participants or d.name):
            continue
        evidence = d.sentence.span
        events.append(
            Event(
                id=f"v{len(events) + 1}", type=d.type, name=d.name, date=d.date, date_end=d.date_end,
                place=d.place, participants=[Participant(p, r) for p, r in d.participants.items()],
                creates=d.creates, evidence=Span(evidence.start, evidence.end),
            )
        )
    return events
