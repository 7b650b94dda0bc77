"""Chinese mentions: LAC's PER/LOC/ORG, known bodies, joint-institution names, short forms.

LAC runs on the Simplified form of each paragraph (same length as the original), so
its offsets are offsets into the article as written, Traditional or not.
"""
from __future__ import annotations

import re

from coopgraph.extract.gazetteer import gazetteer
from coopgraph.extract.roles.zh import TITLE_CORE
from coopgraph.extract.rules import LAC_NER, define, entity
from coopgraph.model import Article, Mention, Sentence, Span
from coopgraph.nlp.chinese import lac_tokens, to_simplified

LAC_LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”」』\"]?|$)")
_INSTITUTION_SUFFIX = (
    "联合实验室|联合研究中心|国际联合研究中心|实验室|研究中心|合作中心|中心|联盟|委员会|研究院|研究所|"
    "联合工作组|工作组|联委会|混委会"
)
# "中国—中亚…联合实验室(筹)", "中国-乌拉圭…联合实验室": a joint institution named by its countries.
JOINT_INSTITUTION = re.compile(
    rf"(?:中国|中|中非|中阿)[—\-–－][^，,。、；;：:（(）)\s]{{1,40}}?(?:{_INSTITUTION_SUFFIX})(?:[(（]筹[)）])?"
)
# "新西兰驻华使馆", "中国驻乌兹别克斯坦大使馆", "德国驻广州总领事馆": a country's mission abroad.
_MISSION_TAIL = r"[\u4e00-\u9fff]{1,8}?(?:大使馆|使馆|总领事馆|总领馆|领事馆|使团|代表处|代表团)"
# "泰国自然资源与环境部", "新西兰商业、创新与就业部": a ministry named by a list of portfolios, which LAC cuts at
# 与/和/、; the items are plain words (no function word, no other ministry, no country)
_PORTFOLIO_ITEM = r"(?:(?![的在是将于对向与和及部国])[\u4e00-\u9fff]){2,6}"
_PORTFOLIO_BODY = rf"(?P<body>{_PORTFOLIO_ITEM}(?:[、与和及]{_PORTFOLIO_ITEM})+(?:部|(?<![签部])署))(?![门分队落位件署])"
_TITLE_AFTER = re.compile(rf"(?:副|常务|执行|高级|首席|代理|总)*{TITLE_CORE}")
_TITLE_AT_END = re.compile(rf"{TITLE_CORE}$")


def _portfolio_ministry(simplified: str, m: re.Match) -> bool:
    """A portfolio list whose items name no country ('中国科学院与肯尼亚教育部' is two bodies). Before a title
    ('…与人口部长哈拉·扎耶德') the role rules name the body (zh.role.org-before-title) and keep the title's org."""
    if _TITLE_AFTER.match(simplified, m.end()):
        return False
    gaz = gazetteer()
    body = m.group("body")
    return not any(gaz.country(body[i:j]) for i in range(len(body)) for j in range(i + 2, min(len(body), i + 8) + 1))


# "甘肃阿敏生物清真明胶有限公司(简称阿敏生物)", "蓝晶微生物(Bluepha)"
SHORT_FORM = re.compile(
    r"[(（](?:以下)?简称[“\"]?(?P<short>[^)）”\"]{2,12})[”\"]?[)）]|[(（](?P<latin>[A-Za-z][A-Za-zÀ-ÿ0-9&.'’\- ]{1,40})[)）]"
)
# "研究所所长Stewart Cole", "教授Cees Dekker": a name in Latin letters right after a title word.
LATIN_AFTER_TITLE = re.compile(
    rf"(?:{TITLE_CORE})(?P<name>[A-Z][a-zà-ÿ'’\-]+(?:(?: |-|\. ?)[A-Z][A-Za-zà-ÿ'’\-]*){{1,3}})(?![A-Za-z])"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
# "会见美国卫生部助理部长Howard Koh和Donald Moulds": a person's name in Latin letters set inside Chinese text,
# two to four capitalised words or initials between Chinese characters or Chinese punctuation
LATIN_NAME_IN_CHINESE = re.compile(
    r"(?<=[\u4e00-\u9fff（(、，“])(?P<name>[A-Z][a-zà-ÿ'’\-]+(?:(?: |-|\. ?)(?:[A-Z]\.|[A-Z][a-zà-ÿ'’\-]+)){1,3})"
    r"(?=[\u4e00-\u9fff）)、，,。”])"
)
# words of bodies' and programmes' names, never of a person's: "Rare Diseases International"
_NOT_PERSON_WORD = re.compile(r"\b(?:International|National|Global|Research|Sciences?|Diseases?|Technolog(?:y|ies)|Systems?|"
                              r"Solutions|Services|Energy|Medicine|Biolog(?:y|ics)|Genomics|Therapeutics|Pharma|Partners?|"
                              r"Network|Union|Alliance|Project|Programme|Program|Initiative|Summit|Forum)\b")


# "肯尼亚教育部长", "乌拉圭教育和文化部副部长": a country's ministry, cut by LAC at "和".
MINISTRY_END = re.compile(
    r"(?<![副总部局署])[部局署](?=[副总]?[部局署]?长|副部长|主任|发言人|[\u4e00-\u9fff]{2,8}?[司局处室][副总]?[司局处]?长)"
)
# "新华社内罗毕12月13日电(记者丁蕾杨臻)", "责任编辑:李鸥": credits, not entities.
CREDITS = re.compile(
    r"^[^\n，,。]{0,8}?(?:社|网|網|報|报|台)(?=[^\n（(，,。]{0,20}?(?:电|電|讯|訊))"   # the agency, not the place
    r"|[（(]\s*(?:记者|記者)[^)）]*[)）]"
    r"|(?:责任编辑|責任編輯|编辑|編輯|记者|記者)[:：]?\s*[\u4e00-\u9fff]{2,4}(?:[ 、，,][\u4e00-\u9fff]{2,4})*",
    re.M,
)


_ORG_NAME_END = re.compile(r"(会|會|组织|組織|中心|联盟|聯盟|协会|協會|学会|委员会|大学|研究院|研究所|科学院|局|部|署|集团|公司)$")


def _is_cjk_name(name: str) -> bool:
    return 2 <= len(name) <= 12 and all("\u4e00" <= c <= "\u9fff" for c in name)


_SPEECH_VERB = re.compile(r"(致函|致信|会见|表示|宣布|指出|认为|介绍)")
# "金砖国家疫苗研发中心": nouns and names only, ending in an institution word
_INSTITUTION_END = re.compile(
    r"(研发中心|研究中心|实验室|研究院|研究所|联盟|协会|学会|委员会|基金会|中心|组织|机构|理事会|研究会|大学|学院|医院|植物园|"
    r"(?<=[大学院])[\u4e00-\u9fff]{1,4}(?<![体关联派星])系)$"   # a university's department: 莫斯科大学生物系
)
_NAME_TAGS = {"n", "nz", "ns", "nt", "nw", "vn", "an", "j", "ORG", "LOC", "PER"}
_PROPER_TAGS = {"nz", "ns", "nt", "j", "ORG", "LOC", "PER"}


def _institution_runs(para: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Spans of consecutive noun/name words that end in an institution word and that LAC
    did not tag as one organisation ("共建…实验室" starts with a verb, so it is not a name)."""
    out = []
    run_start = None
    last_end = None
    proper = False
    for start, end, tag in [*tokens, (len(para), len(para), "w")]:
        if tag in _NAME_TAGS:
            if run_start is None:
                run_start, proper = start, False
            proper = proper or tag in _PROPER_TAGS
            if _INSTITUTION_END.search(para[run_start:end]) and end - run_start >= 4 and proper:
                last_end = end  # "农业研发中心" is a description; "金砖国家疫苗研发中心" a name
            continue
        if run_start is not None and last_end is not None:
            out.append((run_start, last_end))
        run_start, last_end = None, None
    return out


_CONJUNCTION = re.compile(r"^[与和及、](?=.)|^[与和及、]$")
# what a body's name ends in, beside _INSTITUTION_END: a ministry, bureau, department, directorate or group
_BODY_NAME_END = re.compile(r"(?:部|局|厅|署|总司|集团|理事会|委员会)$")
# a body's short form of one character ("基金委与…", "该院和…") before the conjunction: two bodies ('水和' is a field)
_ONE_CHARACTER_BODY = set("委院部局所会司校")
# a facility's word before the conjunction makes a list of facilities ("研发基地、生产基地和认证中心")
_FACILITY_END = re.compile(r"(?:基地|平台|园区|站|库|网络)$")


def _short_field_body(word: str, tag: str) -> bool:
    """'体育部' after '民防与', '育种研究中心' after '作物遗传与': a short body word that LAC tagged an organisation,
    naming no country or place and no body the gazetteer knows."""
    gaz = gazetteer()
    return tag == "ORG" and len(word) <= 6 and not gaz.org(word) \
        and not any(gaz.country(word[:n]) or gaz.place(word[:n]) for n in (2, 3))


def _runs_across_conjunctions(para: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """'农产品质量安全与营养研究所', '菲律宾渔业和水产资源局', '瑞士联邦国防、民防与体育部': a name whose field is a
    list of plain words, which LAC cuts at 与/和/及/、. A run of noun and name words may hold such a conjunction
    between two plain words (not after a word that ends a body, a facility or a title, nor before a country,
    place or known body: those are two bodies or a list) and ends in an institution word; it names a body when it
    opens with a proper noun or is long. A body named before the conjunction ends its own name first."""
    out = []
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in _NAME_TAGS - {"PER"} or tokens[i][1] - tokens[i][0] < 2:
            i += 1   # a word of one character opens no name ("院|农产品…": the end of the word before)
            continue
        j, first, joined, proper, last_end, after = i, i, False, False, None, 0
        while j < len(tokens):
            start, end, tag = tokens[j]
            word = para[start:end]
            if _CONJUNCTION.match(word) and tag in ("c", "w", "p"):
                prev = para[tokens[j - 1][0]:tokens[j - 1][1]]
                nxt = para[tokens[j + 1][0]:tokens[j + 1][1]] if j + 1 < len(tokens) else ""
                nxt_tag = tokens[j + 1][2] if j + 1 < len(tokens) else "w"
                rest = word[1:]
                if (j == first or tokens[j - 1][2] not in _PLAIN_TAGS | {"ORG"} or prev in _ONE_CHARACTER_BODY or _BODY_NAME_END.search(prev)
                        or _INSTITUTION_END.search(prev) or _FACILITY_END.search(prev) or _TITLE_AT_END.search(prev)
                        or (not rest and nxt_tag not in _PLAIN_TAGS and not _short_field_body(nxt, nxt_tag))):
                    break
                joined, after = True, start + 1
                if rest and (_INSTITUTION_END.search(rest) or _BODY_NAME_END.search(rest)):
                    last_end = end
                j += 1
                continue
            if tag not in _NAME_TAGS - {"PER"}:
                break
            ends_body = _INSTITUTION_END.search(para[tokens[first][0]:end]) or _BODY_NAME_END.search(word)
            if not joined and ends_body:
                first, proper, j = j + 1, False, j + 1   # "卧龙岗大学|澳大利亚…": a body before the run is one of its own
                continue
            proper = proper or tag in _PROPER_TAGS
            if joined and ends_body:
                last_end = end
                j += 1
                break   # the name ends at its first institution word after the conjunction
            j += 1
        # before a title the role rules name the body (zh.role.org-before-title), as for a portfolio ministry
        # what follows the last conjunction is a name's part of three characters or more ("中乌互信和机构" is no name)
        if last_end is not None and last_end - after >= 3 and (proper or last_end - tokens[first][0] >= 8) \
                and not _TITLE_AFTER.match(para, last_end):
            out.append((tokens[first][0], last_end))
        i = max(j, i + 1)
    return out


_OWN_TITLE = re.compile(r"^(?:副|代理|常务|执行)?([局署院所部校会行社司厅处])长$")


def _orgs_before_own_title(para: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """'国家核安全局局长董保同', '匈牙利国家研发与创新署署长': a title made of the organisation's own last
    character and 长 follows the organisation's name, which runs back over noun words (and a
    与 between two of them) to the clause's start. LAC often cuts such names ("国家核安|全局")."""
    out = []
    for i in range(1, len(tokens)):
        m = _OWN_TITLE.match(para[tokens[i][0]:tokens[i][1]])
        if not m or para[tokens[i - 1][1] - 1] != m.group(1):
            continue
        j = i - 1
        while j - 1 >= 0 and (tokens[j - 1][2] in _NAME_TAGS - {"PER"} or (
                para[tokens[j - 1][0]:tokens[j - 1][1]] == "与" and j - 2 >= 0 and tokens[j - 2][2] in _NAME_TAGS - {"PER"})):
            j -= 1
        start, end = tokens[j][0], tokens[i - 1][1]
        if j < i - 1 and end - start >= 4:
            out.append((start, end))
    return out


_COORDINATOR = {"与", "及", "和"}
_BODY_END = re.compile(r"(?:[部局署院所会會处處室司厅廳团團社校馆館]|办事处|办公室)$")
_PLAIN_TAGS = {"n", "vn", "an", "nz", "a"}
# words that name people, titles, kinds of body or acts, never the first part of a body's name ("专家与卫生部")
_NOT_NAME_PART = re.compile(rf"(?:家|员|者|人|官|士|长|师|生|方|代表|企业|高校|机构|部门|单位|政府|媒体|国家|地区|城市|领域|方面|"
                            rf"合作|交流|双边|多边|进展|{TITLE_CORE})$")


def _coordinated_name_starts(para: str, tokens: list[tuple[int, int, str]], org_starts: dict[int, int]) -> list[tuple[int, int]]:
    """'泰国海洋与海岸资源局', '天然药物制备工艺及质量标准国际联合实验室', '创新及科技局': LAC cuts a name whose
    field is a pair of plain words at 与/及/和 and keeps only what follows. Where an organisation that opens with
    no country or place starts right after the conjunction, and up to four plain words of two characters or
    more (a country or a place before them) stand before it, the name starts there. (start, end of the
    conjunction) pairs."""
    gaz = gazetteer()
    out = []
    for i, (start, end, _tag) in enumerate(tokens):
        if para[start:end] not in _COORDINATOR or end not in org_starts or i + 1 >= len(tokens):
            continue
        after = para[tokens[i + 1][0]:tokens[i + 1][1]]
        if (tokens[i + 1][2] in ("LOC", "ns") or any(gaz.country(after[:n]) or gaz.place(after[:n]) for n in range(2, 5))
                or gaz.org(para[end:org_starts[end]])):
            continue   # "康希诺生物及俄罗斯加马列亚研究所", "五星红旗与非盟": a body of its own
        j, words = i - 1, 0
        while j >= 0 and words < 4:
            word, word_tag = para[tokens[j][0]:tokens[j][1]], tokens[j][2]
            if (word_tag not in _PLAIN_TAGS or len(word) < 2 or _ORG_NAME_END.search(word) or _INSTITUTION_END.search(word)
                    or _BODY_END.search(word) or _NOT_NAME_PART.search(word)):
                break
            words += 1
            j -= 1
        if not words:
            continue
        first = j + 1
        if j >= 0 and tokens[j][2] in ("LOC", "ns", "ORG") and tokens[j][1] - tokens[j][0] <= 4:
            first = j   # "泰国海洋与…", "中泰气候与…": the country or place that opens the name
        out.append((tokens[first][0], end))
    return out


# what a company's everyday short name ends in: "康泰生物", "沃森生物", "陇神药业", "华大基因", "复星医药"
COMPANY_WORD = re.compile(r"(?:生物|医药|药业|制药|基因|生技)$")
_BRAND_TAGS = {"ORG", "PER"}   # not a proper noun in general: "清真生物" is halal biology
# a pair of sides ("中古") or a name ending in a country ("…中国") is no brand
_NO_BRAND = re.compile(r"^中[\u4e00-\u9fff]{1,2}$|.*[中国國]$")


def _company_short_names(para: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """A brand (a word LAC tagged as an organisation or a person) with a company word, inside
    it or right after it: '康希诺|生物', '沃森生物'. LAC's organisations that end in no institution word are
    otherwise no names (most are abbreviations, outlets or pairs of countries)."""
    gaz = gazetteer()
    out = []
    for i, (start, end, tag) in enumerate(tokens):
        if tag not in _BRAND_TAGS or not 2 <= end - start <= 8 or not _is_cjk_name(para[start:end]):
            continue
        while end - start > 2 and para[end - 1] in "与和及":
            end -= 1   # "远航生物与": LAC ran the conjunction into the name
        word = para[start:end]
        brand = COMPANY_WORD.sub("", word) or word
        if gaz.country(brand) or gaz.place(brand) or _NO_BRAND.match(brand) or _ORG_NAME_END.search(brand):
            continue   # "中国医药", "古巴生物", "中古生物", "澳大中医药": a country's or a body's field, no brand
        if tag == "ORG" and COMPANY_WORD.search(word) and end - start >= 4:
            out.append((start, end))
        elif i + 1 < len(tokens) and tokens[i + 1][0] == end and COMPANY_WORD.fullmatch(para[end:tokens[i + 1][1]]) \
                and not COMPANY_WORD.search(word):
            out.append((start, tokens[i + 1][1]))
    return out


def _split_at_sentence_ends(para: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """LAC sometimes runs a word across a sentence's end ("Dekker。国家药典委员会" as one ORG);
    no word, name or institution does: the token is cut there, the tag kept by the last piece."""
    out = []
    for start, end, tag in tokens:
        cuts = [m.start() for m in _SENTENCE_END.finditer(para, start, end)]
        if not cuts or end - start == 1:
            out.append((start, end, tag))
            continue
        at = start
        for cut in cuts:
            if cut > at:
                out.append((at, cut, "n"))
            out.append((cut, cut + 1, "w"))
            at = cut + 1
        if at < end:
            out.append((at, end, tag))
    return out


class ChineseMentions:
    """Fills `article.sentences` and `article.mentions` for a Chinese article."""

    name = "mentions"
    needs = ("paragraphs",)
    assigns = ("sentences", "mentions", "lac")

    def __init__(self) -> None:
        gaz = gazetteer()
        forms = gaz.org_surface_forms(cjk=True)
        self.known = re.compile("|".join(re.escape(f) for f in forms)) if forms else None
        # Chinese names of countries and places, for a longest-match scan at word starts.
        self.geo_names = {k for k in (*gaz.countries, *gaz.places) if _is_cjk_name(k)}
        self.geo_max = max((len(k) for k in self.geo_names), default=0)
        countries = sorted((k for k in self.geo_names if gaz.country(k)), key=len, reverse=True)
        self.mission = re.compile(rf"(?:{'|'.join(map(re.escape, countries))})驻{_MISSION_TAIL}") if countries else None
        self.portfolio = re.compile(rf"(?:{'|'.join(map(re.escape, countries))}){_PORTFOLIO_BODY}") if countries else None

    def __call__(self, article: Article) -> None:
        simplified = to_simplified(article.text)
        for p_index, span in enumerate(article.paragraphs):
            para = simplified[span.start:span.end]
            for m in _SENTENCE.finditer(para):
                if m.group().strip():
                    article.sentences.append(Sentence(Span(span.start + m.start(), span.start + m.end()), p_index))
            tokens = _split_at_sentence_ends(para, lac_tokens(para))
            article.lac.append(tokens)
            for start, end, tag in tokens:
                label = LAC_LABELS.get(tag)
                if not label:
                    continue
                verb = _SPEECH_VERB.search(para, start, end) if label == "ORG" else None
                if verb and 2 <= verb.start() - start <= 4:
                    # "毕井泉致函ICH管理委员会": a person, a verb and an organisation run together
                    article.mentions.append(Mention(Span(span.start + start, span.start + verb.start()), "PERSON", PERSON_BEFORE_VERB.id))
                    start = verb.end()
                article.mentions.append(Mention(Span(span.start + start, span.start + end), label, LAC_NER))
            for m in LATIN_AFTER_TITLE.finditer(para):
                name = Span(span.start + m.start("name"), span.start + m.end("name"))
                article.mentions = [x for x in article.mentions if not x.span.overlaps(name)]
                article.mentions.append(Mention(name, "PERSON", LATIN_NAME_AFTER_TITLE.id))
            for start, end in _institution_runs(para, tokens):
                article.mentions.append(Mention(Span(span.start + start, span.start + end), "ORG", INSTITUTION_RUN.id))
            for start, end in _runs_across_conjunctions(para, tokens):
                article.mentions.append(Mention(Span(span.start + start, span.start + end), "ORG", RUN_ACROSS_CONJUNCTION.id))
            for start, end in _company_short_names(para, tokens):
                article.mentions.append(Mention(Span(span.start + start, span.start + end), "ORG", COMPANY_SHORT_NAME.id))
            for start, end in _orgs_before_own_title(para, tokens):
                article.mentions.append(Mention(Span(span.start + start, span.start + end), "ORG", ORG_BEFORE_OWN_TITLE.id))
            orgs = {m.span.start - span.start: m.span.end - span.start for m in article.mentions
                    if m.label == "ORG" and span.start <= m.span.start < span.end}
            for start, joint in _coordinated_name_starts(para, tokens, orgs):
                end = orgs[joint]
                article.mentions.append(Mention(Span(span.start + start, span.start + end), "ORG", COORDINATED_FIELDS.id))
            self._geo_scan(article, para, span.start, {t[0] for t in tokens})
            for m in MINISTRY_END.finditer(para):
                start = self._ministry_start(para, m.end())
                if start is not None:
                    article.mentions.append(Mention(Span(span.start + start, span.start + m.end()), "ORG", COUNTRY_MINISTRY.id))
        if self.known is not None:
            for m in self.known.finditer(simplified):
                article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", KNOWN_BODY.id))
        for m in JOINT_INSTITUTION.finditer(simplified):
            article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", JOINT_INSTITUTION_NAME.id))
        for m in self.mission.finditer(simplified) if self.mission is not None else ():
            article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", MISSION.id))
        for m in self.portfolio.finditer(simplified) if self.portfolio is not None else ():
            if _portfolio_ministry(simplified, m):
                article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", MINISTRY_PORTFOLIO.id))
        gaz = gazetteer()
        for m in LATIN_NAME_IN_CHINESE.finditer(simplified):
            if not (gaz.org(m.group("name")) or gaz.place(m.group("name")) or _NOT_PERSON_WORD.search(m.group("name"))):
                article.mentions.append(Mention(Span(m.start("name"), m.end("name")), "PERSON", LATIN_NAME_RULE.id))
        self._short_forms(article, simplified)
        credits = [Span(m.start(), m.end()) for m in CREDITS.finditer(simplified)]
        if credits:
            article.mentions = [m for m in article.mentions if not any(c.overlaps(m.span) for c in credits)]

    def _geo_scan(self, article: Article, para: str, base: int, word_starts: set[int]) -> None:
        """Known country and place names that LAC missed or cut ("内罗" for 内罗毕)."""
        i = 0
        while i < len(para):
            hit = 0
            if i in word_starts:
                for n in range(min(self.geo_max, len(para) - i), 1, -1):
                    name = para[i:i + n]
                    # Two-character place names are too often ordinary words (合作, 联合): countries only.
                    if name in self.geo_names and (n >= 3 or gazetteer().country(name)):
                        hit = n
                        break
            if hit:
                article.mentions.append(Mention(Span(base + i, base + i + hit), "LOC", KNOWN_GEO.id))
                i += hit
            else:
                i += 1

    def _ministry_start(self, para: str, end: int) -> int | None:
        """Start of "<country><up to 8 characters>部" ending at `end`, when a country begins it."""
        for body_start in range(end - 2, max(-1, end - 9), -1):
            if not "\u4e00" <= para[body_start] <= "\u9fff" or para[body_start] in "在的是与对向于从":
                return None
            for n in range(min(8, body_start), 1, -1):
                name = para[body_start - n:body_start]
                if name in self.geo_names and gazetteer().country(name):
                    return body_start - n
        return None

    @staticmethod
    def _short_forms(article: Article, simplified: str) -> None:
        """A short form defined in brackets right after an organisation name."""
        for m in SHORT_FORM.finditer(simplified):
            short = m.group("short") or m.group("latin")
            group = "short" if m.group("short") else "latin"
            before = [
                x for x in article.mentions
                if x.label in ("ORG", "PERSON") and 0 <= m.start() - x.span.end <= 1
                and (x.label == "ORG" or m.group("latin"))
            ]
            if not before:
                # "成为国际人用药品注册技术协调会（ICH）成员": the name runs back to a delimiter
                head = re.search(r"[\u4e00-\u9fff]{4,30}$", simplified[max(0, m.start() - 30):m.start()])
                if head is None:
                    continue
                name = re.split(r"(?:成为|成為|加入|与|與|和|在|的|是|由|同|向|对|為|为|及)", head.group())[-1]
                if len(name) < 4 or not _ORG_NAME_END.search(name):
                    continue
                mention = Mention(Span(m.start() - len(name), m.start()), "ORG", SHORT_FORM_RULE.id)
                article.mentions.append(mention)
                before = [mention]
            long_mention = max(before, key=lambda x: x.span.end - x.span.start)
            long_text = long_mention.span.text(article.text)
            if long_mention.label == "PERSON":
                # "穆林（Theresa Mullin）": the name in Latin letters is the same person
                article.mentions.append(Mention(long_mention.span, "PERSON", SHORT_FORM_RULE.id, aliases=(short.strip(),)))
                start = m.start(group)
                article.mentions = [x for x in article.mentions if not (x.span.start >= start and x.span.end <= m.end(group))]
                continue
            article.mentions.append(Mention(long_mention.span, "ORG", SHORT_FORM_RULE.id, aliases=(short.strip(),)))
            start = m.start(group)
            article.mentions.append(
                Mention(Span(start, start + len(short.strip())), "ORG", SHORT_FORM_RULE.id, canonical=long_text)
            )
            for later in re.finditer(re.escape(short.strip()), simplified[m.end():]):
                s = m.end() + later.start()
                article.mentions.append(Mention(Span(s, s + len(short.strip())), "ORG", SHORT_FORM_RULE.id, canonical=long_text))


# -- the rules of this module, with their examples ------------------------------------------
define(
    LAC_NER,
    "Baidu LAC's word segmentation and its tags PER, LOC and ORG, on the Simplified form of the text.",
    [("肯尼亚教育部长阿米娜·穆罕默德出席仪式。", entity("PERSON", "阿米娜·穆罕默德")),
     # a side ('埃方') is a country's short form, not a person
     ("埃方和中方代表出席仪式，双方表示满意。", entity("PERSON", "埃方", absent=True)),
     # a transliterated name runs on through its dots, and stops at the adverb after it
     ("国际原子能机构总干事拉斐尔·格罗西正在访华，纳迪娅·布阿卜杜拉日前表示支持。",
      [entity("PERSON", "拉斐尔·格罗西"), entity("PERSON", "纳迪娅·布阿卜杜拉"), entity("PERSON", "拉斐尔·格罗西正", absent=True)]),
     # pages put a full-width full stop, a bullet or a katakana dot where the name dot belongs
     ("世卫组织首席科学家蘇米婭．斯瓦米納坦在会上表示支持两国合作。", entity("PERSON", "蘇米婭．斯瓦米納坦"))],
)
PERSON_BEFORE_VERB = define(
    "zh.person.before-speech-verb",
    "A person, a speech verb and an organisation run together by LAC ('毕井泉致函ICH管理委员会'): the person is cut off.",
    [("毕井泉致函ICH管理委员会，申请加入。", entity("PERSON", "毕井泉"))],
)
INSTITUTION_RUN = define(
    "zh.org.institution-run",
    "Consecutive noun and name words ending in an institution word, with a proper noun among them; a unit after "
    "its parent ('莫斯科大学生物系', '中国科学院武汉植物园') is one name.",
    [("金砖国家疫苗研发中心在南非启动。", entity("ORG", "金砖国家疫苗研发中心")),
     ("代表团顺访莫斯科大学生物系，了解最新研究。", entity("ORG", "莫斯科大学生物系")),
     ("中国科学院武汉植物园参加了签约仪式。", entity("ORG", "中国科学院武汉植物园"))],
)
COORDINATED_FIELDS = define(
    "zh.org.coordinated-fields",
    "A name whose field is a pair of plain words ('泰国海洋与海岸资源局', '创新及科技局') starts before the 与/及/和/、 "
    "that LAC cut it at; a person's or a body's word before it ('专家与卫生部') starts nothing.",
    [("2024年3月，泰国海洋与海岸资源局局长出席了在曼谷举行的合作会议，双方签署了合作协议。",
      entity("ORG", "泰国海洋与海岸资源局")),
     ("2023年5月，天然药物制备工艺及质量标准国际联合实验室在塔什干揭牌，中乌双方出席。",
      entity("ORG", "天然药物制备工艺及质量标准国际联合实验室"))],
)
MINISTRY_PORTFOLIO = define(
    "zh.org.ministry-portfolio",
    "A country's ministry named by a list of portfolios joined by 与/和/、 ('泰国自然资源与环境部', "
    "'新西兰商业、创新与就业部'), which LAC cuts at the joining word.",
    [("会议由中国自然资源部和泰国自然资源与环境部共同举办。", entity("ORG", "泰国自然资源与环境部")),
     ("该计划由中国科技部与新西兰商业、创新和就业部签订。", entity("ORG", "新西兰商业、创新和就业部")),
     # two countries' ministries joined by 和 are two ministries
     ("中国科技部和泰国教育部签署协议。", entity("ORG", "中国科技部和泰国教育部", absent=True)),
     ("中国科学院与该校签署协议。", entity("ORG", "中国科学院与该校签署", absent=True))],
)
RUN_ACROSS_CONJUNCTION = define(
    "zh.org.run-across-conjunction",
    "A name whose field is a list of plain words joined by 与/和/及/、, which LAC cuts there ('农产品质量安全与营养"
    "研究所', '菲律宾渔业和水产资源局'): noun and name words across the conjunction up to an institution word; a word that "
    "ends a body, or a country or a body after the conjunction, makes two bodies.",
    [("农产品质量安全与营养研究所与肯尼亚农业研究组织签署协议。", entity("ORG", "农产品质量安全与营养研究所")),
     ("菲律宾渔业和水产资源局与中国水产科学研究院签署了协议。", entity("ORG", "菲律宾渔业和水产资源局")),
     ("中国科学院和肯尼亚农业研究组织签署协议。", entity("ORG", "中国科学院和肯尼亚农业研究组织", absent=True)),
     # a body named right before the run is a body of its own
     ("代表团先后与卧龙岗大学澳大利亚国家海洋资源与安全中心签署协议。",
      [entity("ORG", "澳大利亚国家海洋资源与安全中心"), entity("ORG", "卧龙岗大学澳大利亚国家海洋资源与安全中心", absent=True)])],
)
COMPANY_SHORT_NAME = define(
    "zh.org.company-short-name",
    "A company's everyday short name: a brand LAC tagged (organisation or person) with a company "
    "word inside it or right after it ('康希诺生物', '沃森生物', '陇神药业').",
    [("康希诺生物、沃森生物和艾博生物与印尼企业签署协议。",
      [entity("ORG", "康希诺生物"), entity("ORG", "沃森生物"), entity("ORG", "艾博生物"),
       entity("PERSON", "康希诺", absent=True)])],
)
ORG_BEFORE_OWN_TITLE = define(
    "zh.org.before-own-title",
    "A title made of the organisation's last character and 长 ('…局局长', '…署署长') follows the organisation's "
    "name, which runs back over noun words to the clause's start.",
    [("他还会见了国家核安全局局长董保同。", entity("ORG", "国家核安全局")),
     ("匈牙利国家研发与创新署署长约瑟夫·帕林卡什出席。", entity("ORG", "匈牙利国家研发与创新署"))],
)
KNOWN_GEO = define(
    "zh.geo.known-name",
    "Known country and place names at word starts that LAC missed or cut ('内罗' for 内罗毕).",
    [("双方在内罗毕签署备忘录。", entity("PLACE", "内罗毕"))],
)
COUNTRY_MINISTRY = define(
    "zh.org.country-ministry",
    "A country's ministry, bureau or office before a title: '肯尼亚教育部长' gives 肯尼亚教育部.",
    [("肯尼亚教育部长出席了签约仪式。", entity("ORG", "肯尼亚教育部"))],
)
KNOWN_BODY = define(
    "zh.org.known-body",
    "International bodies, academies, ministries and national agencies of the gazetteer, by their Chinese names.",
    [("中国科学院与肯尼亚签署协议。", entity("ORG", "中国科学院"))],
)
JOINT_INSTITUTION_NAME = define(
    "zh.org.joint-institution",
    "A joint institution named by its countries: '中国-乌拉圭生物纳米药物联合实验室'.",
    [("中国-乌拉圭生物纳米药物联合实验室在蒙得维的亚揭牌。", entity("ORG", "中国-乌拉圭生物纳米药物联合实验室")),
     ("中国—古巴生物技术联合工作组第十次会议在哈瓦那开幕。", entity("ORG", "中国—古巴生物技术联合工作组"))],
)
MISSION = define(
    "zh.org.diplomatic-mission",
    "A country's embassy, consulate or mission abroad: '<country>驻<place>大使馆/总领事馆/代表处'.",
    [("新西兰驻华使馆和中国驻乌兹别克斯坦大使馆的官员出席了仪式。",
      [entity("ORG", "新西兰驻华使馆"), entity("ORG", "中国驻乌兹别克斯坦大使馆")])],
)
SHORT_FORM_RULE = define(
    "zh.acronym.short-form",
    "A short form or Latin name in brackets after a name: '(以下简称X)', '蓝晶微生物(Bluepha)', '穆林（Theresa Mullin）'.",
    [("国际人用药品注册技术协调会（ICH）接纳中国为成员。", entity("ORG", "国际人用药品注册技术协调会"))],
)
LATIN_NAME_AFTER_TITLE = define(
    "zh.person.latin-after-title",
    "A person's name in Latin letters right after a Chinese title word: '研究所所长Stewart Cole', '教授Cees Dekker'.",
    [("出席仪式的还有巴斯德研究所所长Stewart Cole、法国驻港澳总领事Eric Berti。",
      [entity("PERSON", "Stewart Cole"), entity("PERSON", "Eric Berti")]),
     # a name never runs across a sentence's end ("Dekker。国家药典委员会" is no organisation)
     ("荷兰代尔夫特理工大学教授Cees Dekker。国家药典委员会张伟出席。",
      [entity("PERSON", "Cees Dekker"), entity("ORG", "Dekker。国家药典委员会", absent=True)])],
)
LATIN_NAME_RULE = define(
    "zh.person.latin-name",
    "A name in Latin letters set inside Chinese text, two to four capitalised words or initials, is a person's "
    "(no organisation head word, no known body or place): 'Howard Koh和Donald Moulds'.",
    [("科技部副部长会见美国卫生部助理部长Howard Koh和Donald Moulds。",
      [entity("PERSON", "Howard Koh"), entity("PERSON", "Donald Moulds")]),
     ("里斯本大学及米尼奥大学分别由校长António Cruz Serra和António M. Cunha代表。",
      entity("PERSON", "António M. Cunha")),
     ("该所与Rare Diseases International及卡罗林斯卡学院签署协议。",
      entity("PERSON", "Rare Diseases International", absent=True))],
)
CREDITS_RULE = define(
    "zh.credits.dropped",
    "News credits are not entities: the agency of a dateline ('新华社内罗毕3月4日电'), '(记者 …)', '责任编辑：…'.",
    [("新华社内罗毕3月4日电 肯尼亚医学研究所与中国科学院签署合作协议。", entity("ORG", "新华社", absent=True))],
)
