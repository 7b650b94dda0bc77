"""Is a segment about international cooperation in science, technology or biotech?

Three things must all be present, and each is recorded as a reason a person can read:
a cooperation act (agreement, forum, joint lab, membership…), a science/technology
domain, and an international dimension (parties from two countries, an
international body, a grouping of countries such as BRICS or 中东欧, "the two countries",
or a Belt and Road framing). A headline's meeting verbs ("ministers meet", "inks MoU")
count as cooperation cues: a teaser with no body has little else to go on. A few cue families (sanctions
listings, financing rounds) mark look-alikes that are not cooperation, and so does the
wording of deal, trial and paper news when no act happened.
"""
from __future__ import annotations

import re
from functools import lru_cache

from coopgraph.extract.cues import PROTOCOL, COOPERATION, DOMAIN, TITLE_COOPERATION
from coopgraph.extract.entities import country_in_name
from coopgraph.extract.gazetteer import gazetteer
from coopgraph.model import Article
from coopgraph.nlp.chinese import to_simplified

INTERNATIONAL_FRAME = {
    "en": re.compile(r"(?i)\b(belt and road|international cooperation|bilateral|multilateral|(?:the|both) two countries|both countries|"
                     r"(?-i:BRICS|ASEAN|APEC|G20|G7|SCO)|african union|european union|"
                     # "became the 16th country to sign", "the 15th nation", "its 24th member state": a body's members, counted
                     r"(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
                     r"(?:\s+(?:full|associate|new))?\s+(?:country|countries|nation|member state|member country))\b"),
    "zh": re.compile(r"(一带一路|一帶一路|双边|雙邊|中外|国际合作|國際合作|访华|訪華|来华|來華|两国|兩國|(?<![许許很众眾诸諸])多[国國]|"
                     r"金砖|金磚|东盟|東盟|上合组织|上合組織|中东欧|中東歐|中非合作|中阿合作|中拉|亚太经合|亞太經合|二十国集团|二十國集團|欧盟|歐盟|非盟|"
                     r"第[0-9一二三四五六七八九十百]{1,4}[个個](?:正式)?(?:成员国|成員國|会员国|會員國|缔约方|締約方|国家|國家))"),
}
# Hong Kong and Macao are China: a Hong Kong university and a mainland company are domestic partners.
SAME_COUNTRY = {"HK": "CN", "MO": "CN"}
# A Chinese person's own name (陈小娅, 劉鳴煒): two to four Han characters with no "·" of a transliterated foreign name.
CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# a body international by its own name ("International Council of …", "国际…联盟")
INTERNATIONAL_NAME = re.compile(r"^(?:International|Global|World|Intergovernmental)\b|\bInternational$|^(?:国际|國際|全球|世界)")
# A department of a ministry or a university ("国际合作司", "Office of International Cooperation", "Bilateral
# Relations Division"): its name says what it handles, not that this act is international.
DEPARTMENT = re.compile(r"(?:司|处|處|局|办公室|辦公室|部|室|科)$|^(?:Office|Department|Division|Bureau)\b|\b(?:Office|Department|Division|Bureau)$")


def international_by_name(name: str, known) -> bool:
    """A body international by what it is: a known body (`known`, the gazetteer's entry for the
    name, or None) of no country, or a name that says so."""
    return (known is not None and known.country is None) or bool(INTERNATIONAL_NAME.search(name))


# "visited Saudi Arabia", "出访肯尼亚": a delegation abroad
VISIT = {
    "en": re.compile(r"(?i)\b(?:visit(?:ed|s|ing)?|trip to|tour of|delegation to|arrived in)\s+(?:to\s+)?(?:the\s+)?$"),
    "zh": re.compile(r"(?:访问|出访|訪問|出訪|抵达|抵達|访)$"),
}
# "援塞拉利昂", "aid to Kenya": help given to a country, an act between two, as cooperation is.
AID = {"en": r"(?i)\b(?:aid|assistance) to (?:the )?", "zh": r"援(?:助|建)?"}
LOOKALIKE = {
    "en": re.compile(r"(?i)\b(sanction\w*|entity list|export control\w*|series [a-f] (?:round|financing)|financing round|IPO)\b"),
    "zh": re.compile(r"(实体清单|實體清單|出口管制|制裁|轮融资|輪融資|融资额|完成.{0,12}融资|首次公开募股|(?<![A-Za-z])IPO(?![A-Za-z]))"),
}
# A headline that names trade or a company deal as its story ("China and Serbia sign free trade agreement",
# "诺和控股出手收购Catalent"): a look-alike, whatever cooperation wording its body has.
TITLE_LOOKALIKE = {
    "en": re.compile(r"(?i)\b(free[- ]trade|trade (?:deal|agreement|pact|war|talks)|tariffs?|takeover|acquisitions?|acquires?|"
                     r"buyout|IPO|funding round|series [a-f])\b"),
    "zh": re.compile(r"(自由贸易|自由貿易|自贸|自貿|贸易协定|貿易協定|关税|關稅|收购|收購|并购|併購|轮融资|輪融資|首次公开募股)"),
}
# Wording of other kinds of news (finance, trial results, papers, trade). Cooperation news uses
# these words too, so one is no verdict: two or more, with no agreement, establishment or
# membership that happened, make the segment a look-alike.
OTHER_NEWS = {
    "en": re.compile(
        r"(?i)\b(takeover|acquisition|acquire[sd]?|merger|per share|upfront payment|milestone payments?|royalt(?:y|ies)|"
        r"valuation|investors?|stock exchange|phase (?:1|2|3|i|ii|iii)\b|randomi[sz]ed|placebo|efficacy|peer-reviewed|"
        r"(?:published|reported) in|free trade agreement|tariffs?)\b"
    ),
    "zh": re.compile(r"(上市|募资|募資|收购|收購|并购|併購|股权|股權|估值|首付款|里程碑付款|每股|港交所|科创板|安慰剂|有效率|"
                     r"发表于|發表於|期刊|论文|論文|自由贸易协定|自贸协定|自由貿易協定|關稅|关税)"),
}
# The wording of the look-alikes' own kinds of news, counted (for the trained decision; one word is no
# verdict): a company's finance or trade, pure science (a finding, a paper, a prize, a ranking), a policy.
KIND_CUES = {
    "finance": {
        "en": re.compile(r"(?i)\b(stakes?|shares?|profits?|revenues?|earnings|quarter(?:ly)?|net income|dividends?|investors?|"
                         r"valuation|acquisitions?|acquire[sd]?|mergers?|exports?|imports?|tariffs?|trade|market access|sales)\b"),
        "zh": re.compile(r"(营收|營收|净利|淨利|利润|利潤|股份|股权|股權|收购|收購|上市|出口|进口|進口|贸易|貿易|融资|融資|销售|銷售|订单|訂單)"),
    },
    "science": {
        "en": re.compile(r"(?i)\b(stud(?:y|ies)|published|journal|paper|findings?|discover\w*|prizes?|laureates?|ranking|ranked|index|"
                         r"observations?|experiments?)\b"),
        "zh": re.compile(r"(研究发现|研究發現|论文|論文|期刊|发表|發表|奖|獎|排名|排行|发现|發現|观测|觀測)"),
    },
    "policy": {
        "en": re.compile(r"(?i)\b(plans?|polic(?:y|ies)|regulations?|rules|guidelines?|strateg(?:y|ies)|laws?|procurement|"
                         r"press conference|measures)\b"),
        "zh": re.compile(r"(规划|規劃|政策|措施|条例|條例|办法|辦法|通知|意见|意見|答记者问|答記者問|发布会|發布會|采购|採購)"),
    },
}
# Words that tell a cooperation act by themselves (weaker words such as "established" or
# "conference" occur in any news and need an extracted event to count).
STRONG_COOPERATION = {
    "en": re.compile(rf"(?i)\b(agreements?|memorand\w*|MoUs?|letters? of intent|{PROTOCOL}|joint (?:\w+ ){{0,2}}(?:laborator\w+|lab|research|cent(?:er|re))|"
                     r"cooperat\w*|co-operat\w*|collaborat\w*|forums?|symposi\w+|alliance|member states?|associate member|"
                     r"co-organi[sz]ed|signed|signing)\b"),
    "zh": re.compile(r"(合作|签署|簽署|签约|簽約|协议|協議|备忘录|備忘錄|联合实验室|聯合實驗室|共建|论坛|論壇|联盟|聯盟|成员国|成員國|揭牌)"),
}


def _hits(pattern: re.Pattern, text: str, limit: int = 4) -> list[str]:
    seen: list[str] = []
    for m in pattern.finditer(text):
        word = m.group(0).lower()
        if word not in seen:
            seen.append(word)
        if len(seen) >= limit:
            break
    return seen


@lru_cache(maxsize=1)
def _known_international() -> dict[str, re.Pattern]:
    """The names and aliases of the known bodies of no country (CERN, ICGEB, 世界卫生组织), as one
    pattern per script: such a body named anywhere in a segment makes it international, also where
    the entity step did not take its name apart ("ICGEB-China Fellowship", "CERN Council"). Chinese
    names of three characters or fewer are left out: 联合国 is also 联合 + 国内."""
    gaz = gazetteer()
    forms = {cjk: [f for f in gaz.org_surface_forms(cjk) if (k := gaz.org(f)) is not None and k.country is None and len(f) >= (4 if cjk else 3)]
             for cjk in (False, True)}
    latin = "|".join(re.escape(f) for f in forms[False])
    return {"en": re.compile(rf"(?<![\w-])(?:{latin})(?![\w])"), "zh": re.compile("|".join(re.escape(f) for f in forms[True]) + f"|{latin}")}


def _known_country(name: str) -> str | None:
    known = gazetteer().org(name)
    return known.country if known else None


def _nation(code: str) -> str:
    return SAME_COUNTRY.get(code, code)


def _aid_to_country(article: Article, lang: str) -> bool:
    """Does the text say aid goes to a country it names ("援塞拉利昂", "aid to Kenya")? Looked up by the
    country's names in the text, since a word cut such as 援塞 may leave no mention right after 援."""
    names = {article.text[m.start:m.end] for e in article.entities if e.type == "COUNTRY" for m in e.mentions}
    names = sorted((n for n in names if len(n) >= 2), key=len, reverse=True)
    return bool(names) and re.search(AID[lang] + "(?:" + "|".join(map(re.escape, names)) + ")", article.text) is not None


def _created_at_home(article: Article) -> set[str]:
    """The institutions the article's acts create whose founders are all of one country: a new
    centre called "International …" that three Chinese institutes set up is domestic. Founders of
    unknown country, or of two, leave it international."""
    home = set()
    for d in article.event_drafts:
        founders = [article.entity(p) for p in d.participants]
        countries = {_nation(e.country) if e is not None and e.country else None for e in founders}
        if d.creates and founders and len(countries) == 1 and None not in countries:
            home.add(d.creates)
    return home


def _without_departments(article: Article, text: str) -> str:
    """The text with the names of departments blanked: "国际合作司" (a ministry's department of
    international cooperation) names a body, not an international act."""
    spans = sorted((m.start, m.end) for e in article.entities if e.type == "ORG" and DEPARTMENT.search(e.name) for m in e.mentions)
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        if start >= at:
            out += [text[at:start], " " * (end - start)]
            at = end
    return "".join(out) + text[at:]


def _foreign_with_domestic(article: Article, countries: list[str]) -> str | None:
    """On a Chinese page, one foreign country and a Chinese party (a body, place or person of
    China, or a person by a Chinese name) are the two sides: the country, or None. A Chinese
    outlet names its own side as 我国, 中方, or not at all."""
    foreign = [c for c in countries if c != "CN"]
    if len(foreign) != 1:
        return None
    domestic = any(
        e.country and _nation(e.country) == "CN" or e.type == "PERSON" and not e.country and CHINESE_NAME.match(to_simplified(e.name))
        for e in article.entities
    )
    return foreign[0] if domestic else None


class AllRelevant:
    """Every segment is taken as relevant: for rule tests, and for users who want facts from
    every page whatever its subject."""

    name = "all-relevant"
    needs = ()
    assigns = ("relevance",)

    def __call__(self, article: Article) -> None:
        article.relevant = True
        article.relevance_reasons = ["all segments taken as relevant (all-relevant)"]


def _party_country(e) -> str | None:
    """The nation of a named country or of an organisation (from the gazetteer, or the country or
    city in its name)."""
    if e.type == "COUNTRY":
        return _nation(e.country) if e.country else None
    if e.type == "ORG":
        c = country_in_name(e.name) or _known_country(e.name) or e.country
        return _nation(c) if c else None
    return None


def segment_countries(article: Article) -> list[str]:
    """Countries the segment names: country mentions and the countries of its organisations; in a
    teaser, a headline and a line at most, also the place named, which is where the act happened
    (a whole article names places in passing)."""
    return sorted({c for e in article.entities if (c := _party_country(e))}
                  | {_nation(e.country) for e in article.entities if e.type == "PLACE" and article.is_teaser and e.country})


def _acts_across(article: Article) -> tuple[int, int]:
    """(acts whose parties are of two countries, acts between a party of a known country and one of
    none known): an outlet names the foreign partner's country ("signed with U.S. Pfizer", "with
    Costa Rica") and leaves its own side's unsaid."""
    across = half = 0
    for d in article.event_drafts:
        parties = [e for p in d.participants if (e := article.entity(p)) is not None and e.type in ("ORG", "COUNTRY", "PERSON")]
        known = {c for e in parties if (c := _party_country(e))}
        unknown = [e for e in parties if e.type != "COUNTRY" and _party_country(e) is None]
        across += len(known) >= 2
        half += len(known) == 1 and bool(unknown)
    return across, half


class RelevanceScorer:
    name = "relevance"
    needs = ("entities", "events")
    assigns = ("relevance",)
    reads_page = True   # a segment's neighbours on the page say which country is the outlet's own

    def read_page(self, articles: list[Article]) -> None:
        """Tell each segment the countries the page's other segments name (how many name each): a
        digest's item that names one foreign country is about that country and the page's own."""
        named = [segment_countries(a) for a in articles]
        for i, a in enumerate(articles):
            others: dict[str, int] = {}
            for j, cs in enumerate(named):
                if j != i:
                    for c in cs:
                        others[c] = others.get(c, 0) + 1
            a.page_countries = others

    def __call__(self, article: Article) -> None:
        lang = "zh" if article.language == "zh" else "en"
        text = to_simplified(article.text) if lang == "zh" else article.text
        title = to_simplified(article.title or "") if lang == "zh" else article.title or ""
        countries = segment_countries(article)
        page_others = sorted(set(article.page_countries) - set(countries))
        acts_across, acts_half_known = _acts_across(article)
        sentences = article.sentences or []
        strong_sentences = sum(1 for s in sentences if STRONG_COOPERATION[lang].search(article.text[s.span.start:s.span.end]))
        at_home = _created_at_home(article)
        known = [(e.name, gazetteer().org(e.name)) for e in article.entities if e.type == "ORG" and e.id not in at_home]
        named = {m.group(0) for m in _known_international()[lang].finditer(f"{title}\n{text}")}
        known += [(n, gazetteer().org(n)) for n in sorted(named - {k for k, _ in known})]
        international_bodies = [name for name, k in known if international_by_name(name, k)]
        abroad = _foreign_with_domestic(article, countries) if lang == "zh" else None
        visits = [
            article.text[s.start:s.end] for e in article.entities if e.type == "COUNTRY" for s in e.mentions
            if VISIT[lang].search(article.text[max(0, s.start - 24):s.start])
        ]
        coop = _hits(COOPERATION[lang], text)
        if _aid_to_country(article, lang):
            coop.append("aid to a country")
        coop += [h for h in _hits(TITLE_COOPERATION[lang], title) if h not in coop]
        strong = len(STRONG_COOPERATION[lang].findall(text))
        # "IVI" names no domain, "International Vaccine Institute" does: the known bodies' full names count too
        known_names = " ".join(n for _, k in known if k is not None for n in (k.name, *k.aliases))
        domain = _hits(DOMAIN[lang], f"{text} {known_names}")
        frame = _hits(INTERNATIONAL_FRAME[lang], _without_departments(article, text), 2)
        lookalike = _hits(LOOKALIKE[lang], text, 2) + _hits(TITLE_LOOKALIKE[lang], title, 2)
        other_news = _hits(OTHER_NEWS[lang], text, 6)
        international = len(countries) >= 2 or bool(international_bodies) or bool(frame) or bool(visits) or bool(abroad)
        acts = [d for d in article.event_drafts if d.participants or d.creates]
        happened_acts = [d for d in acts if d.status == "happened" and d.type != "MEETING"]
        reasons = []
        if countries:
            reasons.append("countries: " + ", ".join(countries))
        if international_bodies:
            reasons.append("international bodies: " + ", ".join(sorted(set(international_bodies))[:3]))
        if frame:
            reasons.append("international framing: " + ", ".join(frame))
        if visits:
            reasons.append("visit abroad: " + ", ".join(sorted(set(visits))[:3]))
        if abroad:
            reasons.append(f"a foreign country and a Chinese party: {abroad}")
        reasons.append("cooperation cues: " + (", ".join(coop) or "none"))
        reasons.append("domain cues: " + (", ".join(domain) or "none"))
        if lookalike:
            reasons.append("look-alike cues: " + ", ".join(lookalike))
        other_kind = len(other_news) >= 2 and not happened_acts
        if other_kind:
            reasons.append("other news without an act: " + ", ".join(other_news))
        article.relevant = bool(coop and domain and international and not lookalike and not other_kind)
        article.relevance_reasons = reasons
        article.relevance_signals = {
            "countries": len(countries), "international_bodies": len(international_bodies), "frame": len(frame),
            "visits": len(visits), "cooperation_cues": len(coop), "domain_cues": len(domain), "lookalike_cues": len(lookalike),
            "strong_cooperation": strong, "acts": len(acts), "happened_acts": len(happened_acts), "other_news": len(other_news),
            "cue_words": coop + domain + lookalike + other_news, "rules_say": article.relevant,
            "page_other_countries": len(page_others),
            "acts_across": acts_across, "acts_half_known": acts_half_known,
            "strong_share": strong_sentences / len(sentences) if sentences else 0.0,
            "country_codes": countries, "page_countries": sorted(article.page_countries),
            **{f"{kind}_cues": len(cue[lang].findall(text)) for kind, cue in KIND_CUES.items()},
        }
