"""Headline-only teasers: which of the headlines a page lists alone are stories of their own.

A list of other stories ("Related", "延伸閱讀", a bulleted list, "READ MORE: …") gives some items
as a headline with no summary. The rules keep one when it reports an act (signed, held, 签署…)
or carries its date, and drop it when a genre label ("Explainer:", "观察｜") or a popularity
widget ("Most read") says it is no news of an event. Writers differ here, so the same
candidates carry plain features of the line, its list and its page (no parse: ingest stays
fast), and a trained decision (the `teasers` model, `coopgraph train`) chooses instead of the
rules only where it beat them on dev, as every trained decision does.
"""
from __future__ import annotations

import re

from coopgraph.extract.cues import COOPERATION, DOMAIN, TITLE_COOPERATION
from coopgraph.ingest.clean import DATE_STAMP, ITEM_MARKER, POPULAR_HEADER, is_cjk_text
from coopgraph.learn.models import load_models, probability

# Verbs of the acts a headline-only teaser may report (general news wording, both languages); not a
# hyphenated compound noun ("start-ups", "set-up").
ACT = re.compile(
    r"(?i)\b(?:sign|signs|signed|inks?|launch(?:es|ed)?|opens?|opened|joins?|joined|holds?|held|hosts?|hosted|unveil(?:s|ed)?|"
    r"establish(?:es|ed)?|found(?:s|ed)|set up|sets up|agree[sd]?|becomes?|became|inaugurat\w+|seal(?:s|ed)?|renew(?:s|ed)?|"
    r"partner(?:s|ed)?|teams? up|convene[sd]?|met|meet|meets|kicks? off|declare[sd]?|approve[sd]?|adopt(?:s|ed)?|"
    r"elect(?:s|ed)?|appoint(?:s|ed)?|wins?|won|resign(?:s|ed)?|ratif(?:y|ies|ied)|grants?|granted|awards?|awarded|"
    r"proclaims?|proclaimed|tops?|topped|rolls? out|rolled out|builds?|built|to build|appeals?|appealed|wraps? up|wrapped up|"
    r"docks?|docked|announce[sd]?|reports?|reported|starts?|started|begins?|began|completes?|completed|breaks? ground|"
    r"ground broken|broke ground|visits?|visited|receives?|received|donates?|donated|delivers?|delivered|funds?|funded|"
    r"invests?|invested|publish(?:es|ed)|releases?|released|expands?|expanded|maps?|mapped|back on earth|"
    r"sells?|sold|buys?|bought|acquir(?:es|ed)|merge[sd]?)\b(?!-)"
    r"|签署|簽署|签约|簽約|签订|簽訂|举行|舉行|召开|召開|举办|舉辦|开幕|開幕|揭牌|成立|启动|啟動|加入|成为|成為|启用|啟用|"
    r"开工|開工|投产|投產|发射|發射|会见|會見|访问|訪問|达成|達成|发布|發布|宣布|当选|當選|落户|落戶|建成|竣工|试运行|試運行|"
    r"公布|投入|获指定|獲指定|获批|獲批|启程|啟程|接种|接種|表示|举办|舉辦|通过|通過|批准|出台|上线|上線|收购|收購|出售|并购|併購"
)
# "Explainer:", "In pictures:", "Opinion |", "【视频】", "专题：", "图解｜": a feature, column or gallery, whose
# headline names a subject, not an event (even "how Cuba built its biotech industry").
GENRE_LABEL = re.compile(
    r"(?i)^\s*[【\[]?\s*(?:explainer|opinion|column|analysis|interview|editorial|commentary|feature|in pictures|"
    r"pictures|photos?|photo gallery|gallery|video|podcast|quiz|infographic|q\s?&\s?a|专题|專題|图解|圖解|评论|評論|"
    r"视频|視頻|图集|圖集|图片新闻|圖片新聞|社论|社論|专访|專訪|访谈|訪談|观点|觀點)\s*(?:[】\]]|[:：|｜])"
    r"|^\s*[\u4e00-\u9fff]{2,4}\s*[|｜]"    # "数据｜", "观察｜": any short column name before a bar
)
_RELATED = re.compile(r"(?i)related|also|see|further|延伸|相关|相關|推荐|推薦|猜你|你可能")
_LATEST = re.compile(r"(?i)latest|more|最新|更多|往期")
_LATIN_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def content_keys(text: str) -> set[str]:
    """What a line shares with the page it stands on: its Latin words of four letters or more (lower
    case) and its pairs of Han characters."""
    han = "".join(_HAN.findall(text))
    return {w.lower() for w in _LATIN_WORD.findall(text)} | {han[i:i + 2] for i in range(len(han) - 1)}


def _bucket(n: float, edges: tuple[float, ...]) -> str:
    return next((f"{e}+" for e in reversed(edges) if n >= e), "0")


def header_kind(header: str | None) -> str:
    """The kind of list a teaser stands in: a one-line 'READ MORE: …', a popularity widget, related
    stories, the site's latest stories, a list with no header, or another header."""
    if header is None:
        return "line"
    if not header.strip():
        return "none"
    if POPULAR_HEADER.match(header):
        return "popular"
    return "related" if _RELATED.search(header) else "latest" if _LATEST.search(header) else "other"


def headline_features(line: str, header: str | None, page_keys: set[str], items: int, with_summary: int,
                      first: bool) -> dict[str, float]:
    """Features of one headline-only teaser: the rules' cues, its shape, its list, and how much of it
    the page's own stories share (a related story shares the page's subject; the site's other news does not)."""
    title = ITEM_MARKER.sub("", line).strip()
    zh = is_cjk_text(title)
    lang = "zh" if zh else "en"
    kind = header_kind(header)
    act, dated, genre = bool(ACT.search(title)), bool(DATE_STAMP.search(title)), bool(GENRE_LABEL.match(title))
    f = {
        "bias_lang=" + lang: 1.0, "act": float(act), "dated": float(dated), "genre": float(genre),
        "header=" + kind: 1.0, "marker": float(bool(ITEM_MARKER.match(line))), "first_item": float(first),
        "length=" + _bucket(len(title) if zh else len(title.split()), (0, 8, 14, 20, 30) if zh else (0, 4, 7, 10, 14)): 1.0,
        "items=" + _bucket(items, (0, 2, 3, 5, 8)): 1.0,
        "list_with_summaries": float(with_summary > 0),
        "capitalised=" + _bucket(sum(1 for w in title.split() if w[:1].isupper()), (0, 2, 4, 6)): 1.0,
        "digits": float(any(c.isdigit() for c in title)),
        # relevance's cue families: a headline of cooperation in science is news the page's readers follow
        "cooperation_cue": float(bool(COOPERATION[lang].search(title) or TITLE_COOPERATION[lang].search(title))),
        "domain_cue": float(bool(DOMAIN[lang].search(title))),
        "rules_say": float((act or dated) and not genre and kind != "popular"),
    }
    f[f"act&header={kind}"] = float(act)
    return f


def rules_verdict(line: str, features: dict[str, float]) -> bool:
    """The rules' own verdict, whatever a model says: for a pipeline without trained decisions (--rules-only)."""
    return bool(features["rules_say"])


def keep_headline(features: dict[str, float]) -> bool:
    """Is this headline-only teaser a story? The trained decision where it decides, else the rules'."""
    model = load_models().get("teasers")
    if model is not None and model.get("decides"):
        return probability(model, features) >= model["threshold"]
    return bool(features["rules_say"])
