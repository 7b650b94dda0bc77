"""From raw mentions to one entity per real thing in the article.

Steps, each a small function: trim every mention (determiners, honorifics, stray
brackets, Chinese function characters), decide its type with the gazetteer, keep the
best of overlapping mentions, fold surface forms (acronyms, short forms, surnames,
known aliases) into entities, then find every further occurrence of their names.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
import re
from collections import defaultdict
from dataclasses import dataclass, field

from coopgraph.extract.gazetteer import common_chinese_words, gazetteer
from coopgraph.extract.entities import en, zh
from coopgraph.extract.entities.en import COMMON_WORD_PLACES as _COMMON_WORD_PLACES
from coopgraph.extract.entities.en import ORG_HEADS
from coopgraph.extract.entities.owner_of import split_owner_of
from coopgraph.extract.entities.possessive import split_possessive_names
from coopgraph.extract.entities.same_body import merge_short_forms, without
from coopgraph.extract.entities.zh_person import (
    BRAND_OF_COMPANY, PART_OF_FULL_NAME, TITLE_AFTER_NAME, company_of_brand, full_name_owner, name_before_title,
    name_parts,
)
from coopgraph.extract.rules import LAC_NER, SPACY_NER, define, entity
from coopgraph.model import Article, Entity, Mention, Span, SpanSet
from coopgraph.nlp.chinese import to_simplified
from coopgraph.nlp.english import is_dictionary_word
from coopgraph.text import fold, has_cjk

HONORIFICS = re.compile(
    r"^(?:(?:Prof|Professor|Dr|Mr|Mrs|Ms|Miss|Amb|Ambassador|H\.\s?E|His Excellency|Her Excellency|Excellency|Sir|Dame|"
    r"Lord|Baroness|Madam|Madame|Mme|Academician|Engr|Eng|Rev|Hon|Honourable|Honorable|Shri|Smt|Shrimati|"
    r"Datuk|Dato'?|Datuk Seri|Dato' Seri|Tan Sri|Seri|Sheikh|Prince|Princess|King|Queen|First Lady|Lady|Presidents?|Ministers?|Premier|"
    r"Chairman|Chairwoman|Chairperson|Secretary|Governor|Mayor|Dean|Rector|Chancellor|Commissioner|Vice|Deputy|"
    r"Director|Director-General|CEO)\.?\s+)+"
)
# the dots that join the parts of a transliterated name: "·", and the full-width full stop, bullet,
# hyphenation point and katakana dot that pages put in its place ("蘇米婭．斯瓦米納坦")
NAME_DOTS = "·・．•‧"
_TRANSLITERATED_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:[{NAME_DOTS}\-‐][\u4e00-\u9fff]{{1,10}})+")
# words that follow a name and end it: "…巴耶夫出席", "…表示"
_AFTER_NAME = re.compile(r"(出席|表示|指出|说|称|致辞|介绍|会见|會見|参加|參加|访问|訪問|发言|發言|强调|強調|认为|認為|宣布|签署|簽署|"
                         r"主持|率团|率團|一行|分别|分別|代表|共同|一同|日前|近日|当天|當天|随后|隨後|此前|再次|首次|亲自|親自|"
                         r"先后|先後|积极|積極|评价|評價|致辭|开门|開門|合作|大学|大學|医院|醫院|院长|院長|"
                         r"续签|續簽|签订|簽訂|签约|簽約|发表|發表|出任|担任|擔任|率领|率領|透露|致|"
                         # an honorific after the name: "迈克尔·马康加博士" (博 also transliterates)
                         r"博士|教授|院士|先生|女士|夫人|阁下|閣下|"
                         r"正|也|还|還|均|曾|已|在|于|於|和|与|與|及|等|的|向|对|對|为|為|是|将|將|就|同|了)")
_ZH_LEADING = re.compile(r"^(?:经|由|在|与|和|同|对|向|据|从|及|于|为|将|是|的|由于|包括|以及|时任)+")
_ZH_TRAILING = re.compile(r"(?:共同承办|共同主办|联合主办|主办|协办|承办|共建|签署|举办|牵头|等|以及|和)+$")
# a function word cannot end an English name
_EN_DANGLING = re.compile(r"\s+(?:of|and|for|the|on|in|at|&|to|with|by|from|de|du|des|del|della|der|und|et)$")
_EN_DANGLING_HONORIFIC = re.compile(r"(?:\s+(?:and|&))?\s+(?:Mr|Mrs|Ms|Dr|Prof)\.?$")
# "三亚共建国际育种中心", "工作坊暨世界卫生组织…中心": a place or an event run into the name by a verb or 暨
_ZH_VERB_INSIDE = re.compile(r"(致函|致信|会见|會見|表示|宣布|出席|主持|认为|認為|指出|介绍|介紹|访问|訪問|在|於|于|共建|暨)")
_ZH_ORG_SUFFIX = re.compile(
    r"(大学|大學|学院|學院|研究院|研究所|科学院|科學院|工程院|中心|实验室|實驗室|公司|集团|集團|部|局|厅|委员会|委員會|协会|協會|"
    r"学会|聯盟|联盟|政府|医院|醫院|银行|基金会|组织|組織|委|办公室|秘书处|署|院|会|會|司|总局|總局)$"
)
_ZH_PLACE_SUFFIX = re.compile(r"(省|市|区|區|县|縣|州|镇|鎮|乡|村|自治区)$")
_ZH_VENUE = re.compile(
    r"(宾馆|賓館|酒店|饭店|會展中心|会展中心|展馆|展館|会议中心|會議中心|大会堂|大會堂|大厦|体育馆|礼堂|广场|科学园|科學園|产业园|產業園|园区|園區|科技园|科技園)$"
)
_EN_VENUE = re.compile(r"\b(Center|Centre|Hall|Hotel|Stadium|Expo|Park|Palace|Building|Arena|Square|Plaza)$")
_ZH_EVENT_HEAD = re.compile(r"(论坛|論壇|大会|大會|会议|會議|博览会|博覽會|展览会|研讨会|仪式|儀式|峰会|对话会|交流会|推介会|发布会|培训|活动)$")
_EVENT_HEAD_ANYWHERE = re.compile(
    r"\b(Forum|Conference|Symposium|Summit|Workshop|Convention|Expo|Exhibition|Ceremony|Event|Meeting)\b"
)
_NOT_ENTITY_EN = re.compile(
    r"\b(Initiative|Strategy|Plan|Programme|Program|Project|Vision \d+|Agenda|Goals?|Model|Map|Chain|Scheme|Act|Law|Prize|Award)s?$"
    r"|^(Belt and Road|South-South|Silk Road)\b|\bMember States?$",
    re.I,
)
_ZH_NOT_ENTITY = re.compile(r"(一带一路|一帶一路|战略|戰略|倡议|倡議|计划|計劃|规划|項目|项目|经济带|經濟帶)$|^一带一路$")
# a class of bodies, not a body: "研究机构" (research institutions), "有关单位", "等国科技部"
_ZH_GENERIC_BODIES = re.compile(
    r"(?:研究|科研|领事|有关|相关|合作|金融|医疗|学术|教育|外国|中外|各国|当地|友好|成员|会员|参与|下属|直属)(?:机构|单位|部门)$"
    r"|等国|等单位|等机构|双方有关|各方|多国|多家"
    # a side's or a group of countries' bodies: "葡方公司", "中非双方农业科教机构", "葡语国家机构"
    r"|^[\u4e00-\u9fff]{0,4}(?:(?<![东西南北地官远前后上下])方|语国家|各国|两国)[\u4e00-\u9fff]{0,6}"
    r"(?:机构|大学|高校|院校|公司|企业|医院|单位)$"
)
# "国际合作司司长", "社會文化司司長": a ministry's department before a title of its own is part of that
# title (EXTRACTION.md: the sub-unit stays in the title), not an organisation; with its ministry glued before it
# ("科技部国际合作司司长") the roles give the title to the ministry (xx.role.parent-of-sub-unit)
_ZH_DEPARTMENT = re.compile(r"(?<![公总])司$")
_ZH_TITLE_AFTER_DEPARTMENT = re.compile(r"(?:副|一级|二级)?(?:司长|司長|参赞|參贊|处长|處長|巡视员|巡視員|调研员|調研員|"
                                        r"负责人|負責人|官员|官員)")
_ZH_DEPARTMENT_PARENT = re.compile(r"^.{2,}?(?:部|局|委员会|委員會|政府)(?=.{2,}司$)")
_GENERIC_SINGLE = {
    "academy", "ministry", "center", "centre", "government", "university", "institute", "council", "committee",
    "department", "bureau", "agency", "office", "association", "alliance", "company", "group", "embassy",
    "cooperation", "international cooperation", "consortium", "laboratory", "commission", "parliament",
    "secretariat", "amb", "ed", "ceo", "mou", "mous", "memorandum", "agreement", "loi", "board", "facility",
    "hub", "coalition", "network", "platform", "governments", "member states", "chairman", "president", "director", "professor", "minister",
}
# Head nouns of organisation names (the pattern's), plus company words that make a
# model-found name an organisation ("Mesencell Biotechnology", "… Co., Ltd.").
_ORG_HEAD_WORDS = re.compile(
    rf"\b(?:{ORG_HEADS}|Ltd|Inc|Co|GmbH|Biotechnology|Pharmaceuticals?|Biosciences?|Therapeutics|Technologies)\b"
)
# Common Chinese surnames (single and compound), to tell a person from LAC's noise.
ZH_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石"
    "戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戚莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷"
    "詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农"
    "司卓古吉缪简车项连芦麦褚娄窦戈皮邬巫景鞠荣卞丰揭米闫井仇储宗晏谈苟栾计刁桂束冀郁隋仲宁伏邰芮权楼宫陈張劉陳楊黃趙吳鄭謝韓馮鄧"
    "蕭葉蘇呂盧鍾譚陸賈韋鄒龐聶魯嚴顧龔錢湯萬"
)
ZH_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "端木")

TRANSLITERATION = set("尔斯克特德利奇夫娃娜亚姆默罗拉卡巴布萨达伊里诺维科基耶洛尼塔哈穆阿迪莫戈纳索普格兰什茨赫丽莎琳玛艾")  # noqa: E501
# the characters that transliterate foreign names (the common part of Xinhua's table): what may still follow a
# name's last dot ('阿穆努咖马'), where a verb or a title ('见证', '大使', '打') may not
_TRANSLITERATION_TABLE = TRANSLITERATION | set(
    "阿埃艾爱安昂奥巴拜班邦保贝本比彼毕宾波伯博布查柴达戴丹道德登迪蒂丁东杜多厄恩尔法凡菲费芬丰弗福富盖甘冈戈格古瓜圭哈海汉"
    "豪赫亨胡华怀霍基吉加贾杰金居喀卡凯坎康考柯科克肯库夸奎昆拉莱兰朗劳勒雷里利莉丽林琳隆卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米密"
    "明莫默姆穆纳娜奈南内尼宁纽努诺帕潘佩彭皮珀普奇齐恰乔切钦琼丘热茹瑞萨赛桑瑟森沙莎尚舍什斯松苏索塔泰坦汤唐特提图托瓦万旺"
    "威韦维温沃乌伍西希锡谢辛休雅亚扬耶伊因英尤于约泽扎詹兹佐咖")
_ORGISH_WORDS = re.compile(r"\b(?:Biotech|Pharma|Bio|Labs?|Vaccines?|Medical|Health|Global|News|Twitter|Facebook|WeChat)\b")
_TIMEZONES = {"IST", "GMT", "UTC", "CET", "CEST", "EST", "EDT", "PST", "PDT", "BST", "CST", "JST", "KST", "AEST", "HKT", "SGT"}
# "the Organisation's main counterpart", "the Institute": a head noun alone names no body, nor does it with a
# session's number ("the 29th Council meeting")
_HEAD_ALONE = re.compile(rf"^(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+)?(?:{ORG_HEADS})$", re.I)
_ZH_GENERIC_ORG = re.compile(r"^[区市县省国州镇乡村我该本][政府委]*(政府|委员会|党委)?$|^(国|区|市|县|省)政府$")
_EN_VENUE_ORG = re.compile(r"\b(Expo Center|Expo Centre|Exhibition Center|Exhibition Centre|Convention Center|Convention Centre|Conference Center|Conference Centre|Hotel|Hall|Stadium|Guesthouse|Palace)$")
_ZH_PLACE_EXTENSION = re.compile(r"^\s*(province|city|district|county|prefecture|municipality|region)\b", re.I)

# Known names and acronym definitions beat patterns, which beat the models; a bare
# place-name look-up ("geo") yields to everything, so "Fan Ling" stays a person.
WEAK_ORG_RULES = {en.BARE_ACRONYM.id, en.ORG_CONJUNCT.id}
ACRONYM_RULES = {en.ACRONYM.id, en.REVERSE_ACRONYM.id, zh.SHORT_FORM_RULE.id}
KNOWN_RULES = {en.KNOWN_BODY.id, zh.KNOWN_BODY.id}
PRIORITY = {
    **dict.fromkeys(ACRONYM_RULES, 4), **dict.fromkeys(KNOWN_RULES, 3),
    **dict.fromkeys((en.ORG_HEAD_NOUN.id, en.COMPANY_SUFFIX.id, en.FOREIGN_HEAD.id, zh.COUNTRY_MINISTRY.id,
                     zh.JOINT_INSTITUTION_NAME.id, en.MISSION_SEAT.id, en.PORTFOLIO_LIST.id, zh.MINISTRY_PORTFOLIO.id), 2),
    en.HYPHEN_PAIR.id: 1.5, en.COUNTRY_OWNS.id: 1.5,
    SPACY_NER: 1, LAC_NER: 1, zh.INSTITUTION_RUN.id: 1, zh.KNOWN_GEO.id: 1, en.KNOWN_PLACE.id: 0.5, zh.COMPANY_SHORT_NAME.id: 1.5,
    en.KNOWN_COUNTRY.id: 1.5, en.NAMED_BY_DESCRIPTOR.id: 1.5, en.BARE_ACRONYM.id: 0.4, en.ORG_CONJUNCT.id: 0.4, en.PERSON_AFTER_TITLE.id: 2.5,
}


@dataclass
class Candidate:
    span: Span
    text: str
    type: str
    priority: int
    key: str
    country: str | None = None
    known_aliases: tuple[str, ...] = ()
    canonical: str | None = None
    extra_aliases: tuple[str, ...] = field(default_factory=tuple)
    by: set[str] = field(default_factory=set)    # the rules and models that found this mention


# -- trimming ---------------------------------------------------------------------
_ADDRESS_TAIL = re.compile(r"\s+(?:on|at|in)\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}\s+"
                           r"(?:Road|Street|Avenue|Boulevard|Lane|Drive|Highway)$")
# "Nairobi-based African …": where a body sits is no part of its name
_PLACE_BASED = r"^[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*)*-based\s+(?=[A-Z])"
# "Latin America The China-Latin America … Center": a headline's words run into the name after 'The'
_THE_INSIDE = r"^[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*\s+The\s+(?=[A-Z])"
_FULL_WIDTH_STOP = re.compile(r"[，。；：、！？]")
# a title's last word run into the name after it: "Minister of Science and [Technology Wan Gang]",
# "Chief Executive [Officer Stéphane Bancel]"
_TITLE_TAIL_WORD = re.compile(r"([A-Z][a-z]+)\s+(?=[A-Z][\w'’\-]+\s+[A-Z])")
# the words a title ends in: a portfolio or field ('Science and Technology', 'Foreign Affairs', 'Health') or an
# officer; given names that are also English words ('Nasser', 'Van', 'Grace') are none of these
_PORTFOLIO_WORD = re.compile(
    r"^(?:[A-Z][a-z]+(?:ology|tion|sion|ment|ity|ics|ure|ism|ship)s?|Health|Affairs|Sciences?|Research|Trade|Officer|"
    r"Commerce|Finance|Planning|Industry|Energy|Resources|Services|Welfare)$")
_BEFORE_TITLE_TAIL = re.compile(r"(?:\b(?:of|and|for)|&|,|\b[A-Z][a-z]+)\s+$")


def _ends_a_title(text: str, start: int, word: str) -> bool:
    """Is the capitalised `word` at `start` a title's last word ('Technology', 'Officer') rather than a
    given name? It is a portfolio or officer word that follows 'of', 'and', a comma or another
    capitalised word of the title; after a title word that leads names ('Professor …') it is a name."""
    if not _PORTFOLIO_WORD.match(word) or not is_dictionary_word(word) or HONORIFICS.match(word + " "):
        return False
    before = _BEFORE_TITLE_TAIL.search(text, max(0, start - 40), start)
    return bool(before) and not HONORIFICS.match(before.group().strip() + " ")


def _title_tail(text: str, s: int, e: int) -> int:
    """How many characters of a title's last word lead a person's name, or 0; two capitalised
    words must stay ('Health Grace Mutua' loses 'Health' only)."""
    m = _TITLE_TAIL_WORD.match(text, s, e)
    return m.end() - s if m and _ends_a_title(text, s, m.group(1)) else 0


def trim(text: str, span: Span, label: str) -> Span | None:
    """Shrink a mention to the name itself, or None when nothing name-like is left."""
    s, e = span.start, span.end
    piece = text[s:e]
    if "\n" in piece:
        first = piece.split("\n", 1)[0]
        e = s + len(first)
    if not has_cjk(text[s:e]):
        stop = _FULL_WIDTH_STOP.search(text, s, e)
        if stop:   # "Lisbon Polytechnic Institute，for the…": a Latin name ends at full-width punctuation
            e = stop.start()
    changed = True
    while changed and s < e:
        changed = False
        piece = text[s:e]
        paired = (re.match(r"^[“「《]", piece) and re.search(r"[”」》]", piece[1:])) or (piece.startswith('"') and '"' in piece[1:])
        leading = r"^[\s(（\-–—·•,.:;]+" if paired else r"^[\s\"'“”‘’(（《「\-–—·•,.:;]+"
        patterns = (r"^(?:the|The|a|an)\s+", HONORIFICS.pattern, leading) if label == "PERSON" else (
            r"^(?:the|The|a|an)\s+", leading, _PLACE_BASED, _THE_INSIDE)
        for pattern in patterns:
            m = re.match(pattern, piece)
            if m and m.end() < len(piece):
                s += m.end()
                changed = True
                break
        if changed:
            continue
        if label == "PERSON":
            tail = _title_tail(text, s, e)
            if tail:
                s += tail
                changed = True
                continue
        piece = text[s:e]
        m = re.search(r"(?:['’]s|['’])$|[\s\"“‘,;:!?。，、；：\-–—]+$", piece)
        closer = re.search(r"[”》」]+$", piece)
        if m is None and closer and not re.search(r"[“《「]", piece[: closer.start()]):
            m = closer  # a stray closing quote; "“一带一路”国际…" keeps its pair
        if m and m.start() > 0:
            e = s + m.start()
            changed = True
            continue
        m = _ADDRESS_TAIL.search(piece) if label != "PERSON" else None
        if m and m.start() > 0:
            e = s + m.start()   # "Department of Disease Control on Sathorn Road": the body, not its address
            changed = True
            continue
        # 'Ursula von der Leyen' cut short keeps its particles for the person rules to mend
        m = (_EN_DANGLING.search(piece) if label != "PERSON" else None) or _EN_DANGLING_HONORIFIC.search(piece)
        if m and m.start() > 0:
            e = s + m.start()   # "Ministry of Science and", "Arctic Centre of": a name cut at a line end
            changed = True
            continue
        if piece.endswith(".") and not re.search(r"\b(?:Ltd|Co|Inc|Corp|Jr|St|U\.S|S\.A)\.$", piece):
            e -= 1
            changed = True
            continue
        if piece.endswith((")", "）")) and piece.count("(") + piece.count("（") < piece.count(")") + piece.count("）"):
            e -= 1
            changed = True
            continue
        for opener in ("(", "（"):
            idx = piece.rfind(opener)
            if idx > 0 and piece.find(")" if opener == "(" else "）", idx) < 0:
                e = s + idx
                changed = True
                break
        if changed:
            continue
        if has_cjk(piece):
            if piece.startswith(("电", "電")) and re.search(r"\d\s*日$", text[max(0, s - 4):s]):
                s += 1   # "…3月4日电中国科学院": the dateline's 电 is no part of the name
                changed = True
                continue
            new = _ZH_TRAILING.sub("", _ZH_LEADING.sub("", piece)) if label != "PERSON" else piece
            verb = _ZH_VERB_INSIDE.search(new) if label != "PERSON" else None
            if verb and len(new) - verb.end() >= 2:  # "毕井泉致函ICH管理委员会": LAC ran a sentence together
                new = new[verb.end():]
            if new != piece and len(new) >= 2:
                s += piece.index(new)
                e = s + len(new)
                changed = True
    if e - s < 2:
        return None
    return Span(s, e)


def trim_text(name: str) -> str:
    span = trim(name, Span(0, len(name)), "ORG")
    return span.text(name) if span else name


# -- typing -----------------------------------------------------------------------
@lru_cache(maxsize=1)
def _country_initials() -> frozenset[str]:
    """First characters of the countries' Chinese names: what '<initial>方' can stand for."""
    return frozenset({"中"} | {to_simplified(n)[0] for n in gazetteer().countries if has_cjk(n)})


def _is_valid_person(name: str) -> bool:
    simple = to_simplified(name) if has_cjk(name) else ""
    if (_SIDE.fullmatch(simple) or _CHINA_AND.fullmatch(simple)) and simple[0] in _country_initials():
        return False  # "埃方", "中方", "中斯": a side or a pair of countries (zh.country.short-form), not a person
    if has_cjk(name):
        if any(dot in name for dot in NAME_DOTS):
            return 3 <= len(name) <= 20
        if 2 <= len(name) <= 3 and not gazetteer().place(simple) and not gazetteer().country(simple):
            return True  # LAC's person tag on a short name is reliable enough on its own
        if len(name) == 4 and (simple[0] in ZH_SURNAMES or simple[:2] in ZH_COMPOUND_SURNAMES):
            return True
        # A foreign name written in transliteration characters ("隆查尔", "武契奇").
        return 3 <= len(simple) <= 6 and simple[-1] in TRANSLITERATION
    words = name.split()
    if any(ch.isdigit() for ch in name) or _ORG_HEAD_WORDS.search(name) or _ORGISH_WORDS.search(name):
        return False
    if not words or gazetteer().country(name):
        return False
    return all(w[:1].isupper() or w.lower() in en.NAME_PARTICLES or w[:3].lower() in ("al-", "el-") for w in words)


def country_in_name(name: str) -> str | None:
    """The one country an organisation's name states by a country word ("Nigerian Agency…",
    "中国科学院", "Saudi Ministry of Health"); None when it names none, or several."""
    gaz = gazetteer()
    if has_cjk(name):
        simple = to_simplified(name)
        for n in range(min(8, len(simple)), 1, -1):
            if code := gaz.country(simple[:n]):
                return code
        return None
    words = re.split(r"[\s\-–/]+", name)
    found: list[str] = []
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i:i + n])
            if gram[:1].isupper() and (code := gaz.country(gram) or ("CN" if gram == "Sino" else None)):
                if code not in found:
                    found.append(code)
    return found[0] if len(found) == 1 else None


def _org_country(name: str) -> str | None:
    """Country of an organisation from its name: a country word, else a well-known city or
    province it is named after ("Taizhou Science and Technology Bureau", "兰州市…")."""
    code = country_in_name(name)
    if code or name.startswith(("International", "Sino")):
        return code
    gaz = gazetteer()
    if has_cjk(name):
        simple = to_simplified(name)
        for n in range(min(6, len(simple)), 1, -1):
            place = gaz.place(simple[:n])
            if place is not None and (n >= 3 or place.population >= 1_000_000):
                return place.country
        return None
    for word in re.split(r"[\s\-–/]+", name)[:3]:
        if word[:1].isupper() and word not in _COMMON_WORD_PLACES and not _ORG_HEAD_WORDS.fullmatch(word):
            place = gaz.primary_place(word)
            if place is not None and place.population >= 300_000:
                return place.country
    return None


# continents, parts of them and of the oceans, and the compass points alone: no city, province, district or venue
_WORLD_REGION = re.compile(
    r"^(?:the\s+)?(?:(?:North|South|East|West|Central|Southeast|Southern|Northern|Eastern|Western|Sub-Saharan|Latin|Southeast)\s+)?"
    r"(?:Asia|Africa|Europe|America|Americas|Oceania|Pacific|Atlantic|Caribbean|Middle East|Arctic|Antarctica|Asia-Pacific)"
    r"(?:\s+region)?$"
    r"|^(?:the\s+)?(?:North|South|East|West|Central|Southeast|Northeast|Southwest|Northwest|Gulf)$"
    r"|^(?:[东西南北中]{1,2}部?)?(?:亚洲|非洲|欧洲|美洲|拉美|拉丁美洲|大洋洲|中东|亚太|加勒比|太平洋|[亚非欧])?(?:地区|区域)$"
    r"|^(?:亚洲|非洲|欧洲|美洲|拉美|拉丁美洲|大洋洲|中东|亚太|加勒比|东南亚|东亚|南亚|中亚|西亚|东非|西非|北非|中东欧)$"
)
WORLD_REGION = define(
    "xx.place.world-region",
    "A continent, a part of one ('West Africa', '西非地区', '西北地区', '加勒比地区') or a compass point alone is no "
    "place of the guide's (cities, provinces, districts and venues).",
    [("The hub in Seoul will train workers from across Asia.", entity("PLACE", "Asia", absent=True)),
     ("该中心将服务西非地区和加勒比地区的国家。", [entity("PLACE", "西非地区", absent=True),
                                       entity("PLACE", "加勒比地区", absent=True)])],
)


def _type_mention(text: str, label: str, source: str) -> tuple[str, str | None] | None:
    """(entity type, country) for a mention, or None when it is no entity of ours."""
    gaz = gazetteer()
    cjk = has_cjk(text)
    simple = to_simplified(text) if cjk else text
    if label == "ORG" and (known := gaz.org(simple)):
        return "ORG", known.country  # a body the gazetteer knows, whatever its name ends in ("…实施计划")
    if (cjk and _ZH_NOT_ENTITY.search(simple)) or (not cjk and _NOT_ENTITY_EN.search(text)):
        return None
    if cjk and label != "PERSON" and _ZH_GENERIC_BODIES.search(simple):
        return None     # "北极研究机构", "中阿双方有关机构", "摩洛哥等国科技部": a kind of body, no name
    if fold(text) in _GENERIC_SINGLE or (not cjk and _HEAD_ALONE.match(text)):
        return None
    code = gaz.country(simple)
    if code and label != "PERSON":
        return "COUNTRY", code
    if label == "NORP":
        return None
    if label == "PERSON":
        place = None if cjk else gaz.primary_place(text)
        if place is not None and place.population >= 100_000 and " " in text and place.name == text:
            return "PLACE", place.country  # "São Paulo" read as a person's name
        return ("PERSON", None) if _is_valid_person(text) else None
    if label == "ORG":
        if source in WEAK_ORG_RULES or source == en.NAMED_BY_DESCRIPTOR.id:
            # an acronym, a conjunct, a name the text calls a company ('the seed company Monsanto'): never a place look-up
            return "ORG", _org_country(text)
        if (cjk and _ZH_EVENT_HEAD.search(simple)) or (not cjk and _EVENT_HEAD_ANYWHERE.search(text)):
            return None
        if not cjk and (text.islower() or re.search(r"[A-Z]{2,}-?\d", text) or text in _TIMEZONES):
            return None
        if not cjk and _EN_VENUE_ORG.search(text):
            return "PLACE", _org_country(text)
        if cjk and (len(simple) < 3 or _ZH_GENERIC_ORG.match(simple)) and source not in ACRONYM_RULES | KNOWN_RULES:
            return None
        if cjk and source == LAC_NER and not _ZH_ORG_SUFFIX.search(simple):
            return None
        if cjk and _ZH_VENUE.search(simple):
            return "PLACE", _org_country(text)  # "南宁国际会展中心": a venue, not a body
        place = gaz.place(simple)
        if place and not (_ORG_HEAD_WORDS.search(text) or _ZH_ORG_SUFFIX.search(simple)):
            return "PLACE", place.country
        return "ORG", _org_country(text)
    # GPE / LOC / FAC (spaCy) and LOC (LAC)
    if not cjk and len(text.split()) == 1 and text in _COMMON_WORD_PLACES:
        return None
    if _WORLD_REGION.match(simple):
        return None   # "West Africa", "Southeast", "西北地区", "加勒比地区": a part of the world (xx.place.world-region)
    if cjk and _ZH_ORG_SUFFIX.search(simple) and not _ZH_VENUE.search(simple):
        return "ORG", _org_country(text)
    place = gaz.place(simple)
    if place:
        return "PLACE", place.country
    if cjk:
        if _ZH_VENUE.search(simple) or (_ZH_PLACE_SUFFIX.search(simple) and len(simple) >= 3):
            return "PLACE", _org_country(simple)
        return None
    if label == "FAC" and _EN_VENUE.search(text):
        return "PLACE", _org_country(text)
    if (re.search(r"\b(Province|City|District|County|Prefecture)$", text) or source == en.PLACE_HEAD.id) and text[:1].isupper():
        return "PLACE", _org_country(text)
    return None


_SINGULAR_ORG_HEAD = re.compile(rf"\b(?:{ORG_HEADS})\b(?<!s)")


def _list_of_bodies(big: Candidate, by_start: list[Candidate], starts: list[int]) -> bool:
    """A model's name that is a comma or 'and' list of two or more bodies the rules found, each with a
    singular head noun ("Institute of Microbiology, Institute of Oceanology and Institute of Zoology")."""
    if SPACY_NER not in big.by or has_cjk(big.text) or "," not in big.text and " and " not in big.text:
        return False
    inside = by_start[bisect.bisect_left(starts, big.span.start):bisect.bisect_left(starts, big.span.end)]
    bodies = {
        (c.span.start, c.span.end) for c in inside
        if c is not big and c.type == "ORG" and big.span.contains(c.span) and _SINGULAR_ORG_HEAD.search(c.text)
    }
    cuts = [0, *(x for m in re.finditer(r",?\s+(?:and|&)\s+|,\s+", big.text) for x in m.span()), len(big.text)]
    parts = {(big.span.start + a, big.span.start + b) for a, b in zip(cuts[::2], cuts[1::2])}
    return len(parts & bodies) >= 2


_ZH_AND = re.compile(r"[与與和及、]")


def _split_coordinated_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """'卢旺达政府与非盟委员会', '中国科学院和肯尼亚教育部': two bodies joined by 与/和/及/、, each ending in an
    organisation word, are two organisations (a ministry's portfolio, '自然资源与环境部', does not split: its
    first part ends in no such word)."""
    named = [(to_simplified(m.span.text(text)), m.span) for m in mentions if m.label == "ORG" and has_cjk(m.span.text(text))]
    # "远航生物与…研究所": a company's short name (zh.org.company-short-name) is a body of its own too
    companies = {to_simplified(m.span.text(text)) for m in mentions if m.source == zh.COMPANY_SHORT_NAME.id}
    out: list[Mention] = []
    for m in mentions:
        piece = m.span.text(text)
        if m.label != "ORG" or not has_cjk(piece):
            out.append(m)
            continue
        cuts = [j.start() for j in _ZH_AND.finditer(piece)]
        bounds = [0, *(x for c in cuts for x in (c, c + 1)), len(piece)]
        parts = list(zip(bounds[::2], bounds[1::2]))
        elsewhere = {name for name, span in named if not span.overlaps(m.span)} if cuts else set()
        if cuts and all(b - a >= 3 and (_names_a_body(to_simplified(piece[a:b]), elsewhere) or to_simplified(piece[a:b])
                                        in companies) for a, b in parts):
            out.extend(Mention(Span(m.span.start + a, m.span.start + b), "ORG", COORDINATED_BODIES.id) for a, b in parts)
        else:
            out.append(m)
    return out


def _unit_aliases(text: str, mentions: list[Mention]) -> list[Mention]:
    """'澳大中華醫藥研究院', '科技部国际合作司': a Chinese name that opens with a body the article names on its own
    elsewhere (a name or a short form; no country, place or pair of countries) names that body's unit. The
    name stays whole, for the roles and events read its parent there, and the unit alone ('中華醫藥研究院',
    four characters or more, ending in an organisation word) becomes its alias, since annotators write either."""
    gaz = gazetteer()
    owners: dict[str, dict[str, list[Span]]] = defaultdict(dict)   # by first character
    for m in mentions:
        name = m.span.text(text)
        if m.label != "ORG" or not 2 <= len(name) <= 12 or not has_cjk(name):
            continue
        simple = to_simplified(name)
        if not gaz.country(simple) and not gaz.place(simple) and not _CHINA_AND.fullmatch(simple) \
                and not _SIDE.fullmatch(simple):
            owners[name[0]].setdefault(name, []).append(m.span)
    out: list[Mention] = []
    for m in mentions:
        out.append(m)
        piece = m.span.text(text)
        if m.label != "ORG" or not piece or piece[0] not in owners:
            continue
        owner = max((o for o, spans in owners[piece[0]].items() if piece.startswith(o) and len(piece) - len(o) >= 4
                     and any(not sp.overlaps(m.span) for sp in spans)), key=len, default="")
        unit = piece[len(owner):]
        if owner and _ZH_ORG_SUFFIX.search(to_simplified(unit)) and not _ZH_LEADING.match(unit) \
                and not gaz.place(to_simplified(unit)):
            out.append(Mention(m.span, "ORG", UNIT_AFTER_OWNER.id, aliases=(unit,)))
    return out


UNIT_AFTER_OWNER = define(
    "zh.org.unit-after-owner",
    "A Chinese name that opens with a body the article names on its own elsewhere ('澳大中华医药研究院' after "
    "'澳门大学（澳大）') also goes by its unit's name ('中华医药研究院'), which annotators may write alone.",
    [("澳门大学（澳大）与里斯本大学签署协议。\n\n澳大中华医药研究院副院长出席了仪式。",
      entity("ORG", "中华医药研究院"))],
)


def _names_a_body(part: str, elsewhere: set[str]) -> bool:
    """A part of a coordination is a body when it ends in an organisation word, or when the article names it
    as an organisation elsewhere, alone or at the end of a longer name ('国家基因库' after '深圳国家基因库')."""
    return bool(_ZH_ORG_SUFFIX.search(part)) or any(o.endswith(part) for o in elsewhere)


DEPARTMENT_IN_TITLE = define(
    "zh.org.department-in-title",
    "A ministry's department written alone before a title of its own ('国际合作司副司长', '社會文化司司長') is part "
    "of the title, not an organisation.",
    [("国际合作司副司长陈霖豪会见了代表团。", entity("ORG", "国际合作司", absent=True)),
     ("经济财政司司长梁维特出席了论坛。", entity("ORG", "经济财政司", absent=True))],
)
COORDINATED_BODIES = define(
    "zh.org.coordinated-bodies",
    "Two bodies that LAC or a rule ran together with 与/和/及/、 are two organisations, when each part ends in an "
    "organisation word ('卢旺达政府与非盟委员会') or the article names it as one elsewhere; a ministry named by its "
    "portfolios ('自然资源与环境部') is one.",
    [("卢旺达政府与非盟委员会签署了东道国协议。", [entity("ORG", "非盟委员会"),
                                          entity("ORG", "卢旺达政府与非盟委员会", absent=True)]),
     # a body named elsewhere in the article, whatever word it ends in
     ("深圳国家基因库与麦考瑞大学签署合作协议。\n\n根据协议，国家基因库与麦考瑞大学将开展合作。",
      entity("ORG", "国家基因库与麦考瑞大学", absent=True))],
)


def _last_part_end(text: str, start: int, end: int) -> int:
    """Where a transliterated name that the model ended past its last dot stops: only transliteration
    characters may still belong to its last part ('乌胡鲁·肯雅塔[见证下]', '卡特琳·塞萨尔斯基[打]')."""
    if any(c in NAME_DOTS + "-‐" for c in text[start:end]):
        return end   # the model stopped inside the name: it runs on through its dots
    k = start
    while k < end and to_simplified(text[k]) in _TRANSLITERATION_TABLE:
        k += 1
    return k


TRANSLITERATED_NAME_END = define(
    "zh.person.transliterated-name-end",
    "A transliterated name that LAC ended after its last dot ends there, or after transliteration characters: "
    "the words after it are a verb or a title ('在乌胡鲁·肯雅塔见证下', '罗梅罗大使在…'), not more of the name.",
    [("在肯尼亚总统乌胡鲁·肯雅塔见证下，双方签署了协议。",
      [entity("PERSON", "乌胡鲁·肯雅塔"), entity("PERSON", "乌胡鲁·肯雅塔见证下", absent=True)]),
     ("负责人诺拉·克罗尼格·罗梅罗大使在接受当地媒体采访时表示，合作顺利。",
      [entity("PERSON", "诺拉·克罗尼格·罗梅罗"), entity("PERSON", "诺拉·克罗尼格·罗梅罗大使", absent=True)])],
)


# -- the component ------------------------------------------------------------------
class EntityBuilder:
    """Turns `article.mentions` into `article.entities` (with ids e1, e2, ...)."""

    name = "entities"
    needs = ("mentions",)
    assigns = ("entities",)

    def __call__(self, article: Article) -> None:
        candidates = self._candidates(article)
        kept = _join_adjacent(article.text, self._resolve_overlaps(candidates))
        groups = self._fold(kept)
        article.entities = self._build(article, groups)

    # candidates --------------------------------------------------------------
    def _candidates(self, article: Article) -> list[Candidate]:
        gaz = gazetteer()
        text = article.text
        out: list[Candidate] = []
        # "Belt and Road Initiative (BRI)": the acronym of a non-entity is no entity either
        banned = {
            fold(m.span.text(text)) for m in article.mentions
            if m.source in ACRONYM_RULES and m.canonical and _NOT_ENTITY_EN.search(trim_text(m.canonical))
        }
        mentions = _unit_aliases(text, _split_coordinated_bodies(text, article.mentions))
        for m in split_owner_of(text, split_possessive_names(text, mentions)):
            span = trim(text, m.span, m.label)
            if span is None:
                continue
            surface = span.text(text)
            if fold(surface) in banned:
                continue
            typed = _type_mention(surface, m.label, m.source)
            if typed is None:
                long_form = m.canonical or surface
                if (
                    m.source in ACRONYM_RULES and m.label == "ORG" and surface[:1].isupper()
                    and not _NOT_ENTITY_EN.search(trim_text(long_form))
                ):
                    typed = ("ORG", _org_country(surface))
                else:
                    continue
            etype, country = typed
            if etype == "ORG" and has_cjk(surface) and _ZH_DEPARTMENT.search(surface) \
                    and _ZH_TITLE_AFTER_DEPARTMENT.match(text, span.end) and not _ZH_DEPARTMENT_PARENT.match(surface):
                continue   # with its ministry before it, the roles take the ministry (xx.role.parent-of-sub-unit)
            priority = PRIORITY.get(m.source, 1)
            if m.source == SPACY_NER and etype == "ORG" and not (
                _ORG_HEAD_WORDS.search(surface) or surface.isupper() or gaz.org(surface)
            ):
                if len(surface.split()) > 1 or is_dictionary_word(surface):
                    continue  # "Science, Technology and Innovation", "Associate": words, not names
                priority = 0
            if etype == "PERSON" and not has_cjk(surface) and all(w.isupper() for w in surface.split() if any(ch.isalpha() for ch in w)):
                continue  # "MOU BIOTE-DAR": caption debris, not a person
            found_by = {m.source}
            if etype == "PERSON" and has_cjk(surface):
                # "卡琳·達爾曼-賴特", "阿赫勒别克·库里什巴耶夫": LAC stops inside a transliterated name; the
                # name runs on through its dots and hyphens
                whole = _TRANSLITERATED_NAME.match(text, span.start)
                if whole and whole.end() > span.end and any(c in NAME_DOTS + "-‐" for c in text[span.start:whole.end()]):
                    end = whole.end()
                    stop = _AFTER_NAME.search(text, span.end, end)
                    end = stop.start() if stop else end
                    last_part = _last_part_end(text, span.end, end)
                    if last_part < end:
                        end, found_by = last_part, {m.source, TRANSLITERATED_NAME_END.id}
                    if end > span.end:
                        span = Span(span.start, end)
                        surface = span.text(text)
                named = name_before_title(text, span, ZH_SURNAMES, ZH_COMPOUND_SURNAMES)
                if named is None:
                    continue   # "许总": a surname and a title address someone named elsewhere
                if named != span:
                    span, surface, found_by = named, named.text(text), found_by | {TITLE_AFTER_NAME.id}
            bare: tuple[str, ...] = ()
            if etype == "PLACE" and not has_cjk(surface):
                ext = _ZH_PLACE_EXTENSION.match(text[span.end:])
                if ext:  # "Zhejiang province" is the name used, and "Zhejiang" names it too
                    bare = (surface,)
                    span = Span(span.start, span.end + ext.end())
                    surface = span.text(text)
            simple = to_simplified(surface) if has_cjk(surface) else surface
            known = gaz.org(simple) if etype == "ORG" else None
            if etype == "COUNTRY":
                key = "country:" + (country or fold(surface))
            elif known is not None:
                key = "org:" + fold(known.name)
                country = country or known.country
            elif m.canonical:
                canon_known = gaz.org(m.canonical)
                key = "org:" + fold(canon_known.name if canon_known else m.canonical)
            elif etype == "PLACE" and has_cjk(simple):
                key = "place:" + fold(re.sub(r"(市|省)$", "", simple) if len(simple) > 2 else simple)  # 北京市 = 北京
            else:
                key = etype.lower() + ":" + fold(simple)
            out.append(
                Candidate(
                    span, surface, etype, priority, key, country,
                    known_aliases=(known.name, *known.aliases) if known else (),
                    canonical=m.canonical,
                    extra_aliases=(*m.aliases, *bare),
                    by=found_by,
                )
            )
        return out

    @staticmethod
    def _resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
        """Keep the best of overlapping mentions: an organisation name that contains a
        known one is a sub-unit and wins; otherwise the higher priority, then the longer."""
        by_start = sorted(candidates, key=lambda c: c.span.start)
        starts = [c.span.start for c in by_start]
        dominated: set[int] = set()
        people = [c for c in by_start if c.type == "PERSON"]
        people_starts = [p.span.start for p in people]
        for big in candidates:
            if big.type != "ORG" or big.priority == 0:
                continue
            if _list_of_bodies(big, by_start, starts):
                dominated.add(id(big))   # "Institute of Microbiology, Institute of Oceanology and …": a list, not a name
                continue
            inside = people[bisect.bisect_left(people_starts, big.span.start):bisect.bisect_right(people_starts, big.span.end)]
            if any(big.span.contains(p.span) and p.priority > big.priority for p in inside):
                dominated.add(id(big))   # "BGI Group Co-Founder Wang Jian": an organisation and a person run together
                continue
            i = bisect.bisect_left(starts, big.span.start)
            while i < len(by_start) and by_start[i].span.start < big.span.end:
                small = by_start[i]
                if small is not big and small.type in ("ORG", "COUNTRY", "PLACE") and big.span.contains(small.span) and big.span != small.span:
                    if small.priority >= 3 and small.span.end == big.span.end and _is_city(big.text[: len(big.text) - len(small.text)]):
                        dominated.add(id(big))  # "北京中国农业大学": a dateline city before a known body
                    else:
                        dominated.add(id(small))
                i += 1
        ordered = sorted(
            (c for c in candidates if id(c) not in dominated),
            key=lambda c: (-c.priority, -(c.span.end - c.span.start), c.span.start),
        )
        kept: list[Candidate] = []
        taken = SpanSet()
        same_span: dict[Span, Candidate] = {}
        for c in ordered:
            if not taken.overlaps(c.span):
                kept.append(c)
                taken.add(c.span)
                same_span[c.span] = c
            elif c.span in same_span and same_span[c.span].type == c.type:
                same_span[c.span].by |= c.by   # another rule found the same name: it is evidence too
                same_span[c.span].extra_aliases += tuple(a for a in c.extra_aliases if a not in same_span[c.span].extra_aliases)
        return sorted(kept, key=lambda c: c.span.start)

    @staticmethod
    def _fold(kept: list[Candidate]) -> dict[str, list[Candidate]]:
        """Group mentions by entity key, joining acronyms, short forms and surnames."""
        groups: dict[str, list[Candidate]] = defaultdict(list)
        alias_to_key: dict[str, str] = {}
        for c in kept:
            for alias in c.extra_aliases:
                alias_to_key.setdefault(fold(alias), c.key)
        for c in kept:
            if c.type != "ORG" and c.text.isupper() and fold(c.text) in alias_to_key:
                c.type = "ORG"  # "DAR" tagged a place where the article defined it as an organisation
            if c.type == "ORG" and c.canonical is None:
                c.key = alias_to_key.get(fold(c.text), c.key)
            groups[c.key].append(c)
        # Persons named by one part of their name ("Zakaria", "President Deng"), and
        # organisations named by the tail of a longer name, join the full one.
        persons = [k for k, v in groups.items() if v[0].type == "PERSON"]
        full = {k: set(fold(w) for c in groups[k] for w in c.text.split()) for k in persons}
        for k in persons:
            words = {fold(w) for c in groups[k] for w in c.text.split()}
            if len(words) == 1 and not has_cjk(groups[k][0].text) and "." not in groups[k][0].text:  # 'D.Regdel' is whole
                owners = [o for o in persons if o != k and words <= full[o] and len(full[o]) > 1]
                if len(owners) == 1:
                    groups[owners[0]].extend(groups.pop(k))
                    continue
                lone = groups.pop(k)
                place = gazetteer().place(lone[0].text)
                if not owners and place is not None and place.population >= 100_000:
                    for c in lone:  # "Mayor of Jiaozhou": a city the model took for a person
                        c.type, c.key, c.country = "PLACE", "place:" + fold(c.text), place.country
                    groups["place:" + fold(lone[0].text)].extend(lone)
        # "马康加" after "迈克尔·马康加": a transliterated name's part alone is that person
        full_names = {k: name_parts(groups[k][0].text) for k in persons if k in groups and has_cjk(groups[k][0].text)}
        for k in list(full_names):
            owner = full_name_owner(groups[k][0].text, full_names) if len(full_names[k]) == 1 else None
            if owner is not None and owner != k:
                for c in groups[k]:
                    c.by.add(PART_OF_FULL_NAME.id)
                groups[owner].extend(groups.pop(k))
        # "沃森" beside "沃森生物": a brand that LAC took for a person is the company
        companies = {k: v[0].text for k, v in groups.items() if v[0].type == "ORG" and zh.COMPANY_SHORT_NAME.id in v[0].by}
        for k in [k for k in persons if k in groups and has_cjk(groups[k][0].text)] if companies else ():
            owner = company_of_brand(groups[k][0].text, companies, zh.COMPANY_WORD)
            if owner is not None:
                for c in groups[k]:
                    c.type, c.by = "ORG", c.by | {BRAND_OF_COMPANY.id}
                groups[owner].extend(groups.pop(k))
        orgs = [k for k, v in groups.items() if v[0].type == "ORG"]
        for k in orgs:
            if k not in groups:
                continue
            mine = fold(groups[k][0].text)
            owners = [
                o for o in orgs
                if o != k and o in groups and any(
                    fold(c.text).endswith(mine) and len(fold(c.text)) > len(mine) + 2 for c in groups[o]
                )
            ]
            if len(owners) == 1 and len(groups[k][0].text.split()) >= 1 and not groups[k][0].text.isupper() and len(mine) >= 4 \
                    and not _own_short_form(groups[k], groups[owners[0]]):
                groups[owners[0]].extend(groups.pop(k))
        return groups

    @staticmethod
    def _build(article: Article, groups: dict[str, list[Candidate]]) -> list[Entity]:
        text = article.text
        entities: list[Entity] = []
        ordered = sorted(groups.values(), key=lambda cs: min(c.span.start for c in cs))
        gaz = gazetteer()
        for cands in ordered:
            etype = cands[0].type
            surfaces: list[str] = []
            for c in cands:
                if fold(c.text) not in {fold(s) for s in surfaces}:
                    surfaces.append(c.text)
            non_acronyms = [s for s in surfaces if not (s.isupper() and " " not in s)] or surfaces
            name = max(non_acronyms, key=len)
            if etype == "COUNTRY":
                name = _country_name(surfaces, cands)
            aliases = [s for s in surfaces if s != name]
            extra = [a for c in cands for a in (*c.extra_aliases, *c.known_aliases)]
            if etype == "COUNTRY":
                code = next((c.country for c in cands if c.country), None)
                if code and code in gaz.country_names:
                    extra.append(gaz.country_names[code])
            if has_cjk(name) and to_simplified(name) != name:
                extra.append(to_simplified(name))
            for a in extra:
                if a and fold(a) != fold(name) and fold(a) not in {fold(x) for x in aliases}:
                    aliases.append(a)
            country = next((c.country for c in cands if c.country), None)
            spans = sorted({c.span for c in cands}, key=lambda s: s.start)
            by = sorted({b for c in cands for b in c.by})
            entities.append(Entity(f"e{len(entities) + 1}", etype, name, aliases, country, spans, by))
        entities = _without_name_pairs(entities)
        _add_repeats(text, entities)
        _countries_inside_names(text, entities)
        if article.language == "zh":
            _names_after_country(entities)
            _chinese_short_forms(to_simplified(text), entities)
        return merge_short_forms(entities)


def _own_short_form(tail: list[Candidate], longer: list[Candidate]) -> bool:
    """The tail of a longer name that the article defines with a short form of its own is another body:
    "Korea Institute of Science and Technology (KIST)" beside "Vietnam - Korea Institute of Science and
    Technology (VKIST)" (xx.org.short-form-of-name stays for tails that have none)."""
    own = {fold(a) for c in tail for a in c.extra_aliases}
    return bool(own) and own.isdisjoint({fold(a) for c in longer for a in c.extra_aliases})


def _without_name_pairs(entities: list[Entity]) -> list[Entity]:
    """'the Royal Society-CAS workshop', 'INERA-Monsanto agreement': two names joined by a hyphen
    are two parties, not one organisation (ids renumbered)."""
    names = {fold(n) for e in entities if e.type in ("ORG", "COUNTRY") for n in e.names()}

    def pair(name: str) -> bool:
        parts = re.split(r"\s?[-–]\s?", name)
        return len(parts) == 2 and all(fold(x) in names for x in parts)

    return without(entities, lambda e: e.type == "ORG" and pair(e.name))


def _country_name(surfaces: list[str], cands: list[Candidate]) -> str:
    """A country is named by its name, not an adjective: "China" over "Chinese"; when the
    text only has the adjective ("Turkish expert"), the country's English short name."""
    gaz = gazetteer()
    code = next((c.country for c in cands if c.country), None)
    demonyms = {fold(w) for w in gaz.demonym_words()}
    nouns = [s for s in surfaces if fold(s) not in demonyms or has_cjk(s)]
    if nouns:
        return max(nouns, key=len)
    return gaz.country_names.get(code or "", surfaces[0])


_NOT_A_NAME_WORD = re.compile(
    r"^(?:The|A|An|And|Of|In|On|At|For|With|By|From|To|As|Said|Says|Mr|Ms|Mrs|Dr|Prof|Professor|Minister|President|"
    r"Director|Chairman|Chair|Secretary|General|Deputy|Vice|Prime|Chief|Governor|Mayor|Ambassador|Shri|Smt|Sri|Sir|"
    r"Executive|Senior|Union|Federal|State|Dean|Head|Manager|Founder|Premier|Chancellor|King|Queen|Prince|Princess|"
    r"His|Her|Excellency|Honourable|Hon|CEO|Councillor|Counsellor|Commissioner|Professor|Academician|Then|Also|"
    r"Presidents|Ministers|Leaders|Officials|Premiers|Ambassadors|Directors|Datuk|Dato|Seri|Sheikh|Chairperson|Chairwoman|"
    r"Lady|Co-Founder|Co-founder|Spokesperson|Spokesman|Spokeswoman|Representative|Consul|Envoy|Rector|Provost|"
    r"Director-General|Secretary-General|Lord|Dame|Madam|Mme|When|While|After|Before|During|Since|Under|Although|Meanwhile|"
    r"Later|Earlier|Today|Yesterday|Here|There|This|That|These|Those|Both|Each|But|Yet|If|Because|Once|Until|Upon|Among|"
    r"Speaking|According|Welcoming|Addressing|Representing|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)
_PARTICLES = en.PARTICLE_RE


def _extend_person(text: str, span: Span) -> Span:
    """spaCy often cuts a name: "Shri [Pravind] Kumar Jugnauth", "Ursula von [der Leyen]",
    "Thant Lwin [Oo]". Take one more capitalised word before (not a title or honorific),
    and particles with the word they lead to after."""
    start, end = span.start, span.end
    before = re.search(r"([A-Z][a-zà-ÿ'’\-]+)\s$", text[max(0, start - 30):start])
    word = before.group(1) if before else ""
    cand = start - len(before.group(0)) if before else start
    if (before and not _NOT_A_NAME_WORD.match(word) and not gazetteer().country(word) and not gazetteer().primary_place(word)
            and not _ends_a_title(text, cand, word)):
        if cand == 0 or not text[cand - 1].isalpha():
            start = cand
    after = re.match(rf"(?:\s+{_PARTICLES})+\s+[A-Z][\w'’\-]+|\s+[A-Z][a-z]{{0,2}}(?=[,.;)]|\s+(?:and|said|was|is)\b)", text[end:end + 40])
    if after:
        end += after.end()
    hyphen = re.match(r"-[a-z]{2,}\b", text[end:end + 20])   # "Kwon Deok-cheol", "Moon Jae-in"
    if hyphen:
        end += hyphen.end()
    if re.search(rf"\s{_PARTICLES}$", text[start:end]):   # "Ursula von der" + "Leyen"
        tail = re.match(r"\s+[A-Z][\w'’\-]+", text[end:end + 30])
        if tail:
            end += tail.end()
    return Span(start, end)


def _is_city(prefix: str) -> bool:
    gaz = gazetteer()
    simple = to_simplified(prefix) if has_cjk(prefix) else prefix
    return bool(simple) and gaz.country(simple) is None and gaz.place(simple) is not None


def _text_key(kind: str, name: str) -> str:
    """A candidate's grouping key for a name it was given by joining text ('org:…', 'person:…')."""
    return kind + ":" + fold(to_simplified(name) if has_cjk(name) else name)


def _join_adjacent(text: str, kept: list[Candidate]) -> list[Candidate]:
    """Join what a model cut in two: "José Lino" + "Salvador Barañao" (one space apart),
    "兰州市" + "红古区" (a city and its district, written together); and a lone surname
    tagged as an organisation ("Mustapha said") is the person of that name."""
    taken = SpanSet()
    for c in kept:
        taken.add(c.span)
    for c in kept:
        if c.type == "PERSON" and not has_cjk(c.text):
            wider = _extend_person(text, c.span)
            extra = [Span(wider.start, c.span.start), Span(c.span.end, wider.end)]
            if not any(e.end > e.start and taken.overlaps(e) for e in extra):
                c.span, c.text = wider, wider.text(text)
                c.key = "person:" + fold(c.text)
    out: list[Candidate] = []
    for c in kept:
        prev = out[-1] if out else None
        if prev is not None and _named_after_a_pair(text, prev, c):
            span = Span(prev.span.start, c.span.end)
            c.span, c.text = span, span.text(text)
            c.key = _text_key("org", c.text)
            c.by = {*c.by, PAIR_OF_PLACES.id}
            out[-1] = c
            continue
        if prev is not None and prev.type == c.type and c.type in ("PERSON", "PLACE"):
            gap = text[prev.span.end:c.span.start]
            joinable = (c.type == "PERSON" and gap == " " and not has_cjk(c.text)) or (
                c.type == "PLACE" and gap == "" and has_cjk(c.text) and re.search(r"(区|區|县|縣|镇|鎮|乡|街道)$", c.text)
            )
            if joinable:
                span = Span(prev.span.start, c.span.end)
                merged = span.text(text)
                prev.span, prev.text = span, merged
                prev.key = _text_key(prev.key.split(":", 1)[0], merged)
                prev.country = prev.country or c.country
                continue
        out.append(c)
    person_words = {fold(w) for c in out if c.type == "PERSON" and len(c.text.split()) > 1 for w in c.text.split()}
    for c in out:
        if c.type == "ORG" and c.priority <= 1 and " " not in c.text and not c.text.isupper() and fold(c.text) in person_words:
            c.type, c.key = "PERSON", "person:" + fold(c.text)
    return out


PAIR_OF_PLACES = define(
    "xx.org.pair-of-places",
    "A joint body named after two countries or places joined by a dash holds both names: 'Vietnam – Cuba "
    "Intergovernmental Committee', '安省—江蘇商業理事會'; the countries inside it stay countries of their own.",
    [("The Việt Nam–Cuba Intergovernmental Committee met in Hanoi.",
      entity("ORG", "Việt Nam–Cuba Intergovernmental Committee")),
     ("The Vietnam - Cuba Biotechnology Network held its first session.",
      entity("ORG", "Vietnam - Cuba Biotechnology Network")),
     ("安省—江蘇商業理事會主席出席了會議。", entity("ORG", "安省—江蘇商業理事會")),
     # an institution of one country after a dash is no joint body
     ("Kenya – China Medical University signs agreement", entity("ORG", "Kenya – China Medical University", absent=True))],
)
_PAIR_DASH = re.compile(r"\s?[-–—－]\s?")
_JOINT_BODY = re.compile(
    r"\b(?:Joint|Intergovernmental|Inter-governmental|Bilateral|Friendship|Cooperation|Partnership|Network|Alliance|"
    r"Business Council|Committee|Commission|Precinct)\b|联合|聯合|合作|友好|理事会|理事會|委员会|委員會|联盟|聯盟|网络|網絡")


def _named_after_a_pair(text: str, prev: Candidate, c: Candidate) -> bool:
    """'Cuba Intergovernmental Committee' right after 'Vietnam - ': one joint body named after two places."""
    if prev.type not in ("COUNTRY", "PLACE") or c.type != "ORG" or c.known_aliases:
        return False
    if not _PAIR_DASH.fullmatch(text[prev.span.end:c.span.start]) or not _JOINT_BODY.search(c.text):
        return False
    gaz = gazetteer()
    if has_cjk(c.text):
        simple = to_simplified(c.text)
        return any(gaz.country(simple[:n]) or gaz.place(simple[:n]) for n in (2, 3, 4))
    words = c.text.split()
    return any(gaz.country(" ".join(words[:n])) or gaz.place(" ".join(words[:n])) for n in (1, 2, 3))


def _person_short_names(entities: list[Entity]) -> dict[str, set[str]]:
    """"Zakaria", "Deng": the first or last part of a romanised full name, when no other
    person in the article shares it and it names nothing else."""
    counts: dict[str, int] = defaultdict(int)
    parts: dict[str, set[str]] = {}
    other_names = {fold(n) for e in entities if e.type != "PERSON" for n in e.names()}
    for ent in entities:
        words = ent.name.split()
        if ent.type != "PERSON" or has_cjk(ent.name) or len(words) < 2:
            continue
        mine = {w for w in (words[0], words[-1]) if len(w) >= 3 and w[0].isupper() and fold(w) not in other_names}
        parts[ent.id] = mine
        for w in mine:
            counts[w] += 1
    return {eid: {w for w in ws if counts[w] == 1} for eid, ws in parts.items()}


def _inside_longer_name(text: str, span: Span) -> bool:
    """'Zhifei' in 'chairman of Anhui Zhifei Longcom': a capitalised word on each side makes it a piece of
    another, longer name, not a further mention of this one."""
    before = re.search(r"[A-Z][\w'’&-]*\s$", text[max(0, span.start - 40):span.start])
    after = re.match(r"\s[A-Z][\w'’&-]*", text[span.end:span.end + 40])
    return bool(before and after)


def _occurrences(text: str, surface: str):
    """Where `surface` stands in `text`, as a whole word unless it is Chinese (a plain search:
    a regex per name and article filled the regex cache and was compiled again and again)."""
    whole_word = not has_cjk(surface)
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        if not whole_word or not (_word_char(text, start - 1) or _word_char(text, end)):
            yield Span(start, end)
            start = text.find(surface, end)
        else:
            start = text.find(surface, start + 1)


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "_-")


def _add_repeats(text: str, entities: list[Entity]) -> None:
    """Every further occurrence of an entity's names in the text is a mention too."""
    taken = SpanSet()
    for e in entities:
        for span in e.mentions:
            taken.add(span)
    short_names = _person_short_names(entities)
    for ent in entities:
        surfaces = {text[s.start:s.end] for s in ent.mentions} | short_names.get(ent.id, set())
        for surface in sorted(surfaces, key=len, reverse=True):
            if len(surface) < 2:
                continue
            for span in _occurrences(text, surface):
                if taken.overlaps(span) or _inside_longer_name(text, span):
                    continue
                ent.mentions.append(span)
                taken.add(span)
        ent.mentions.sort(key=lambda s: s.start)


def countries_inside(name: str) -> list[tuple[str, int, int]]:
    """(code, start, end) of every sovereign state a name states: "Sino-German Centre" gives
    CN and DE, "Kenya Medical Research Institute" KE, "中国科学院" CN. Two-character Chinese
    forms that begin with 中 ("中非", "中阿") abbreviate a pair with China, not a country."""
    gaz = gazetteer()
    found: list[tuple[str, int, int]] = []
    if has_cjk(name):
        simple = to_simplified(name)
        i = 0
        while i < len(simple):
            for n in range(min(8, len(simple) - i), 1, -1):
                piece = simple[i:i + n]
                code = gaz.country(piece) if len(fold(piece)) == n else None
                if code and not (n == 2 and piece[0] == "中" and piece != "中国"):
                    found.append((code, i, i + n))
                    i += n - 1
                    break
            i += 1
        return found
    for m in re.finditer(r"[A-Z][\w'’]*(?:[ -][A-Z][\w'’]*){0,2}", name):
        words = re.split(r"([ -])", m.group())
        tokens = [(w, m.start() + sum(len(x) for x in words[:k])) for k, w in enumerate(words) if w not in (" ", "-")]
        j = 0
        while j < len(tokens):
            for n in (3, 2, 1):
                if j + n > len(tokens):
                    continue
                start = tokens[j][1]
                end = tokens[j + n - 1][1] + len(tokens[j + n - 1][0])
                piece = name[start:end]
                code = gaz.country(piece) or ("CN" if piece == "Sino" else None)
                if code:
                    found.append((code, start, end))
                    j += n - 1
                    break
            j += 1
    return found


def _countries_inside_names(text: str, entities: list[Entity]) -> None:
    """A country named inside an organisation's name is named in the text (the guide's
    "'Rwanda Agriculture Board' names Rwanda"): it becomes a COUNTRY entity when the text
    names it nowhere else."""
    have = {e.country for e in entities if e.type == "COUNTRY"}
    gaz = gazetteer()
    for org in [e for e in entities if e.type == "ORG"]:
        for span in org.mentions[:1]:
            for code, start, end in countries_inside(text[span.start:span.end]):
                if code in have:
                    continue
                have.add(code)
                surface = text[span.start + start:span.start + end]
                name = gaz.country_names.get(code, surface)
                aliases = [surface] if fold(surface) != fold(name) else []
                entities.append(Entity(f"e{len(entities) + 1}", "COUNTRY", name, aliases, code,
                                       [Span(span.start + start, span.start + end)], [COUNTRY_IN_NAME.id]))


COUNTRY_IN_NAME = define(
    "xx.country.inside-org-name",
    "A country named inside an organisation's name ('Rwanda Agriculture Board', '中国科学院') is a country the text names.",
    [("The Rwanda Agriculture Board signed the agreement.", entity("COUNTRY", "Rwanda")),
     ("A Sino-German Centre opened in Beijing.", entity("COUNTRY", "Germany"))],
)


def _names_after_country(entities: list[Entity]) -> None:
    """'澳大利亚莫道克大学' is also '莫道克大学': the name after a leading country is an alias when
    it starts with a proper name. A common word there ('中国农业科学院' → '农业科学院') names a kind of
    body, not this one, and would join bodies of different countries."""
    common = common_chinese_words()
    for org in [e for e in entities if e.type == "ORG" and has_cjk(e.name)]:
        simple = to_simplified(org.name)
        found = countries_inside(simple)
        if not found or found[0][1] != 0:
            continue
        rest = simple[found[0][2]:]
        national = found[0][0] == "CN" and rest.startswith("国家")   # "中国国家中医药管理局": 国家… is China's own
        if len(rest) < 4 or (rest[:2] in common and not national) or not _ZH_ORG_SUFFIX.search(rest) or _ZH_GENERIC_ORG.match(rest):
            continue
        rest = org.name[found[0][2]:]   # in the article's own script
        if fold(rest) not in {fold(a) for a in org.aliases}:
            org.aliases.append(rest)
            org.by = sorted({*org.by, ALIAS_AFTER_COUNTRY.id})


ALIAS_AFTER_COUNTRY = define(
    "zh.org.alias-after-country",
    "The name after a leading country ('澳大利亚莫道克大学' → '莫道克大学') is an alias, when it starts with a proper name.",
    [("澳大利亚莫道克大学与中国农业科学院签署合作协议。", entity("ORG", "莫道克大学")),
     ("澳大利亚莫道克大学与中国农业科学院签署合作协议。", entity("ORG", "农业科学院", absent=True)),
     # 国家… after 中国 is China's national body, named so on its own too
     ("中国国家中医药管理局与澳门大学签署协议。", entity("ORG", "国家中医药管理局"))],
)


_SIDE = re.compile(r"([\u4e00-\u9fff])方(?![面案法式向针位])")
_CHINA_AND = re.compile(r"中[\u4e00-\u9fff]")   # "中斯" standing alone
_PAIR = re.compile(
    r"中([\u4e00-\u9fff])(?=[两双]国|[双两]方|合作|关系|友好|联合|科技|建交|.{0,4}?(?:合作|联合实验室|联委会|中心|论坛|会议|研讨会))"
)


def _chinese_short_forms(simple: str, entities: list[Entity]) -> None:
    """中方 names China, 斯方 the country whose name begins with 斯 in this article; 中斯 names China and
    Sri Lanka when Sri Lanka is named in the article (the guide's short forms)."""
    gaz = gazetteer()
    countries = [e for e in entities if e.type == "COUNTRY" and e.country]

    def country_by_initial(initial: str) -> Entity | None:
        if initial == "中":
            code = "CN"
        else:
            codes = {e.country for e in countries for n in e.names() if has_cjk(n) and to_simplified(n).startswith(initial)}
            if len(codes) != 1:
                return None
            code = codes.pop()
        found = next((e for e in entities if e.type == "COUNTRY" and e.country == code), None)
        if found is None:
            found = Entity(f"e{len(entities) + 1}", "COUNTRY", gaz.country_names.get(code, code), [], code, [], [])
            entities.append(found)
            countries.append(found)
        return found

    for m in _SIDE.finditer(simple):
        country = country_by_initial(m.group(1))
        if country is not None:
            if m.group() not in country.aliases and m.group() != country.name:
                country.aliases.append(m.group())
            country.mentions.append(Span(m.start(), m.end()))
            country.by = sorted({*country.by, SHORT_FORM_COUNTRY.id})
    for m in _PAIR.finditer(simple):
        other = country_by_initial(m.group(1)) if m.group(1) != "中" else None
        if other is None or other.country == "CN":
            continue
        china = country_by_initial("中")
        for country in (china, other):
            if m.group() not in country.aliases:
                country.aliases.append(m.group())
            country.by = sorted({*country.by, SHORT_FORM_COUNTRY.id})
    for e in entities:
        e.mentions.sort(key=lambda sp: sp.start)


SHORT_FORM_COUNTRY = define(
    "zh.country.short-form",
    "Chinese short forms of countries: 中方 (China), X方 (the country of the article whose name begins with X), "
    "中X pairs (China and that country).",
    [("中国与斯里兰卡签署了科技合作协议。中斯双方将共建联合实验室，中方表示愿意提供支持。", entity("COUNTRY", "中方")),
     ("中国与斯里兰卡签署了科技合作协议。中斯双方将共建联合实验室。", entity("COUNTRY", "中斯")),
     ("2024年中泰海洋合作会议在泰国清迈闭幕。", entity("COUNTRY", "中泰"))],
)
