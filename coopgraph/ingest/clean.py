"""Line-level cleaning: keep the article, drop the page around it.

Each line of a page is classified as body, heading, a dated meta line (kept aside
for the publication date), a teaser-list header, or chrome (navigation, footers,
credits, contact lines, OCR debris), which is dropped. The rules describe kinds
of page furniture, not particular sites.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from coopgraph.dates import find_page_date, page_date_mention
from coopgraph.text import fold

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
TERMINAL = tuple(".!?。！？…;；:：\"”’」』)）")
ELLIPSIS_END = re.compile(r"(\.{3,}|…+|。{2,}|\.\.\.\s*)$")

# A line that is only one of these UI strings (compared case-insensitively, without
# trailing colon) is navigation, wherever it stands.
UI_STRINGS = {
    "english", "cn", "en", "中文", "english version", "home", "print", "share", "comments", "comment",
    "login", "log in", "sign in", "register", "subscribe", "search", "menu", "tags", "tag",
    "news center", "news release", "business announcement", "view more", "read more", "more",
    "back to top", "top", "next", "previous", "close", "advertisement",
    "实时热点", "换一换", "网友还在搜", "更多热点", "更多", "打印", "分享", "关闭", "返回顶部",
    "友情链接", "友情鏈接", "私人订制热点资讯", "热点推荐", "热门推荐", "扫一扫", "收藏",
}
# Links that close a story's summary in a digest or a list: never the header of a list.
_LINKS = {"read more", "view more", "more", "查看更多", "阅读全文", "閱讀全文", "全文", "阅读更多", "閱讀更多", "continue reading", "full story"}
# Headers after which a page lists other stories: every block after it is a teaser.
TEASER_HEADERS = {
    "related", "related news", "related articles", "related stories", "you may also like",
    "more news", "more stories", "recommended", "read also", "see also", "latest news",
    "相关推荐", "相关新闻", "相關新聞", "推荐阅读", "延伸阅读", "相关阅读", "相关文章", "猜你喜欢",
    "最新资讯", "热点新闻", "更多新闻",
}
_BOX_BORDER = re.compile(r"^([:|│┃║¦])\s*(.*?)\s*\1?$")
_BOX_EDGE = re.compile(r"^[┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬+][─━═\-+┬┴┼]*[┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬+]?$")
# A line that only separates: "-----", "=====", "━━━━", "* * *", "______".
_RULE_LINE = re.compile(r"^[\s\-=_*~#+━─═—–·•.＝－＿～＊＃]{3,}$")
# A label drawn into a rule or a box's top edge: "┌──── 相关阅读 ────┐", "READ ALSO -------", "=== Related ===".
_RULED_LABEL = re.compile(r"^[┌╔├\-=_*~#+━─═—–＝－＿～＊＃]*\s*(.*?)\s*[\-=_*~#+━─═—–┐╗┤＝－＿～＊＃]*$")
# Headers of lists of other stories, by their shape: "READ ALSO", "More on association", "ALSO IN THIS ISSUE",
# "【延伸阅读】", "猜你喜欢".
_TEASER_HEADER = re.compile(
    r"^[■□●○◆◇▶►▌▍]?\s*[【\[(（]?\s*(?:(?:also|more|related|read|see|you may|you might|elsewhere|recommended|further|editor'?s|"
    r"most read|most popular|most viewed|most shared|most commented|popular|trending|top stories|latest|other (?:stories|articles|news))\b[\w\s'&,-]{0,30}|"
    r"(?:相关|相關|延伸|推荐|推薦|猜你|热门|熱門|更多|往期|最新|精彩|热点|熱點|大家都在看|你可能|编辑推荐|編輯推薦|专题|專題|"
    r"本版(?:其他|其它)|其[他它](?:文章|新闻|新聞|报道|報道))"
    r"[\u4e00-\u9fff]{0,6})\s*[】\])）]?\s*[:：]?$"
)
# "Most read", "Most viewed", "Trending", "热门文章", "点击排行": a site's widget of its popular stories, whatever the
# article is about. Its headline-only items are the site's chrome, not teasers of related events.
POPULAR_HEADER = re.compile(
    r"(?i)^\W*(?:most (?:read|viewed|popular|shared|commented)|popular|trending|top stories|"
    r"热门|熱門|热点|熱點|点击排行|點擊排行|排行榜|阅读排行|閱讀排行)"
)
# "IN THIS ISSUE", "Contents", "本期导读": a table of contents follows (headlines of stories told below).
_CONTENTS_HEADER = re.compile(
    r"^[【\[(（]?\s*(?:in this issue|in this edition|contents|table of contents|this week|inside|本期导读|本期導讀|本期要目|"
    r"本期目录|本期目錄|目录|目錄|导读|導讀)\s*[】\])）]?\s*[:：]?$"
)
_META_KEY = re.compile(
    r"^(link|url|source|share|views?|tags?|e-?mail|service e-?mail|media contact|tel|telephone|fax|phone|"
    r"address|credit|credits|photo|photos|editor|editors|reporter|author|by line|submission e-?mail|date|published|posted|"
    r"editor[- ]in[- ]chief|责任编辑|責任編輯|編輯|编辑|来源|來源|记者|記者|发布者|發布者|作者|阅读|閱讀|"
    r"分享到|关键词|标签|投稿)\s*[:：]",
    re.I,
)
_CREDIT_WORDS = re.compile(r"(?i)\b(ed\s?itor|reporter|photographer|correspondent|submission)s?(-in-chief)?\s*[:：]")
_EMAIL_OR_PHONE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+\d{1,3}[-\s]?\d{2,4}[-\s]?\d{4,}")
_URL_ONLY = re.compile(r"^(https?://|www\.)\S+$", re.I)
_TICKER = re.compile(r"^[A-Z]{3}\s+[\d.,]+$")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_COPYRIGHT = re.compile(r"(?i)(©|\(c\)\s*(?:19|20)\d\d|copyright|all rights reserved|powered by|版权所有|版權所有|版[权權][归歸]|ICP备|不代表.{0,12}[观觀]点|未经授权|未經授權)")
_PREV_NEXT = re.compile(r"^[▲▼△▽←→«»<>·•]?\s*(上一篇|下一篇|上一條|下一條|上一条|下一条|前一篇|后一篇|Previous( article| post)?|Next( article| post)?)\s*[:：]", re.I)
# "-- 1 of 2 --", "Page 3 of 7", "- 12 -": the page breaks of text taken from a PDF or a print layout.
_PAGE_MARK = re.compile(r"(?i)^[-–—\s]*(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?[-–—\s]*$")
# "Page 4", "- 5 -", "Page 6 | World", "第03版", "第11版：国际", "A07版": the furniture of a newspaper's or an
# e-paper's pages. Where a page ends, one story may end and the next begin: a separator rule. Not "Page 3 of 7",
# "-- 1 of 2 --": those count the pages of one document (a PDF), whose running header follows them (chrome).
_PAGE_FURNITURE = re.compile(
    r"(?i)^(?:[-–—]\s*\d{1,3}\s*[-–—]|page\s*\d{1,3}(?:\s*[|｜:：·]\s*[a-z][a-z &]{0,20})?"
    r"|(?:第\s*[0-9一二三四五六七八九十]{1,3}\s*|[A-Z]\d{1,2}\s*)版(?:\s*[:：|｜·]?\s*[\u4e00-\u9fff]{1,6})?)$"
)
# "Continued from Page 6", "Continued on page A7", "接第3版", "转第5版": a newspaper's jump line, where a story
# goes on from or to another page; it heads nothing (what stands after it on the line is the layout's, too).
_JUMP_LINE = re.compile(r"(?i)^(?:continued|cont['’]?d\.?)\s+(?:from|on)\s+(?:page|p\.)\s*[A-Z]?\d{1,3}\b|^(?:接|转|轉)第?\s*[0-9一二三四五六七八九十]{1,3}\s*版")
# "*", "■", "◆" alone on a line: a separator, as a rule is.
_SYMBOL_RULE = re.compile(r"^[*＊■□◆◇●○★☆§※#]$")
# "Comments are closed for this article.", "Leave a Reply": the comment box under a post.
_COMMENT_BOX = re.compile(r"(?i)^(?:comments? (?:are|is) (?:now )?closed\b|leave a (?:reply|comment)$)")
# "6 comments", "COMMENTS (4)", "評論區（2）", "网友评论（0）": readers' comments follow, down to the next rule.
_COMMENTS_HEADER = re.compile(r"(?i)^(?:\d+\s+comments?\b|comments?\s*[(（]\d+[)）]|reader comments\b|(?:评论区|評論區|网友评论|網友評論))")
# "【打印】【关闭】【纠错】", "【我要纠错】 责任编辑：": a row of bracketed buttons, perhaps with an empty credit.
_BUTTONS = re.compile(r"^(?:【[^】]{1,8}】\s*)+(?:(?:责任编辑|責任編輯|编辑|編輯)\s*[:：]\s*)?$")
# "« Older items on this topic", "Read the original ›", "Next page »": a pager's or a link's arrows.
_PAGER = re.compile(r"^\s*[«‹]|[»›]\s*$")
# "Hit 412", "Views: 1,204", "点击：356次", "阅读 2,611": a counter.
_COUNTER = re.compile(r"(?i)^[•·]?\s*(?:hits?|views?|reads?|点击|點擊|阅读|閱讀|浏览|瀏覽)(?:量|数|數)?\s*[:：]?\s*[\d,]+\s*次?$")
_ZH_CHROME = re.compile(r"(官方微信|APP下载|客户端下载|天[气氣]|最小化|投稿问答|二维码|PDF$|首页$|频道$)")
_RELATIVE_STAMP = re.compile(r"(?i)\b\d+\s+(minute|hour|day|week|month|year)s?\s+ago\b|刚刚|\d+(分钟|小时|天)前")
_IMAGE_PREFIX = re.compile(r"^\S*?\.(jpe?g|png|gif|webp|bmp)(?=\S)", re.I)
_IMAGE_LABEL = re.compile(r"^(image|photo|picture|图片|圖片)\s*[:：]\s*", re.I)
_VIEW_MORE = re.compile(r"\s*(view more|read more|查看更多)\s*$", re.I)
_PHOTO_CREDIT = re.compile(r"\((?:COURTESY PHOTO|PHOTO[^)]*|Photo[^)]*|图[^)]{0,12}|来源[:：][^)]*)\)\s*$")
_CJK_GAP = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
_BYLINE = re.compile(r"^(#+\s*)?(by|text by|photos? by)\s+[A-Z][\w.'-]*(\s+[A-Z&][\w.'-]*)*(,\s*[A-Z][\w.'-]*(\s+[A-Z][\w.'-]*)*)*$", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# "（2021-09-29）", "[2018-07-12]" closing a line: the date of a listed story, after its headline.
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b")
DATE_STAMP = re.compile(r"[（(\[［]\s*(?:19|20)\d{2}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?\s*[)）\]］]\s*$")
# "原文发布时间：2023-11-10", "本文轉載自X（2019年8月28日）", "first published by X on 19 December 2023 and is
# republished here": a reposting site tells when the article itself came out.
_ORIGINAL_DATE = re.compile(
    r"原文.{0,4}(?:发布|發佈|發布|刊发|刊發|时间|時間|日期)|(?:转载|轉載)自|(?i:\b(?:first|originally) (?:published|posted)\b.{0,80}"
    r"\b(?:republished|reproduced|reposted|with permission)\b|\b(?:republished|reproduced|reposted)\b.{0,80}"
    r"\b(?:first|originally) (?:published|posted)\b)"
)


@dataclass
class Block:
    """One kept line of the page: a paragraph, a heading, or a teaser-list header."""

    text: str
    kind: str = "para"          # para | heading | meta | rule | caption | teaser_header | teaser_line | contents_header | comments_header
    level: int = 0              # markdown heading level, 0 when not a markdown heading
    date: str | None = None     # for kind == "meta": the page date it states (None on a byline)
    original: bool = False      # for kind == "meta": the date a reposted article first came out
    after_blank: bool = False   # a blank line stands before it (a paragraph break in hard-wrapped text)


def is_cjk_text(text: str) -> bool:
    return len(_CJK_RE.findall(text)) >= max(2, len(text) // 5)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL)


def _fold(line: str) -> str:
    return re.sub(r"[\s:：*#>]+", " ", line).strip().lower()


def _short(line: str) -> bool:
    return len(line) <= (30 if is_cjk_text(line) else 80)


def _is_debris(line: str) -> bool:
    """OCR shreds such as 'ne sm dee On deell p e gre': many tiny tokens, most of one or two letters, no
    sentence; not a short headline of plain words ("SPC and SPREP ink", "PM to open pre-COP in Nadi")."""
    tokens = line.split()
    if len(tokens) < 4 or is_cjk_text(line) or any(c.isdigit() for c in line):
        return False
    mean = sum(len(t) for t in tokens) / len(tokens)
    tiny = sum(len(t) <= 2 for t in tokens) / len(tokens)
    return mean <= 3.5 and tiny > 0.5 and not ends_sentence(line)


_SOCIAL = re.compile(r"(?i)\b(facebook|twitter|weibo|wechat|whatsapp|linkedin|telegram|微信|微博|qq空间)\b")


# The links of a site's footer: "Terms of Use", "Privacy Policy", "关于我们", "联系我们".
_FOOTER_LINK = re.compile(
    r"(?i)^(?:terms(?: of (?:use|service))?|terms and conditions|privacy(?: policy| notice| statement)?|cookies?(?: policy| settings)?|"
    r"contact(?: us)?|about us|site ?map|disclaimer|accessibility|关于我们|關於我們|联系我们|聯繫我們|网站地图|網站地圖|隐私政策|隱私政策|"
    r"免责声明|免責聲明|法律声明|法律聲明|使用条款|使用條款)$"
)
# what parts a row of links: two spaces or more, a bar, a middle dot
_CELL_GAP = re.compile(r"\s{2,}|\s*[|｜·]\s*")
# "Quick links: Grants | Fellowships | Tenders": a label, then its links.
_LINK_LABEL = re.compile(r"^[^:：|｜]{2,30}[:：]\s*")


def _is_menu(line: str) -> bool:
    """"Home    About Us    Research    News", "首页 | 新闻 | 科研", "Quick links: Grants | Tenders | Careers |
    Contact": a row of short links; a row with a footer's links ("… | Terms of Use | Privacy Policy") too."""
    cells = [c for c in _CELL_GAP.split(line.strip()) if c]
    if len(_SOCIAL.findall(line)) >= 2 and len(line) <= 160:
        return True  # a share bar
    if len(cells) >= 2 and len(line) <= 300 and any(_FOOTER_LINK.match(c.strip(" .")) for c in cells):
        return True
    unlabelled = _LINK_LABEL.sub("", line.strip())
    rows = [cells] if unlabelled == line.strip() else [cells, [c for c in _CELL_GAP.split(unlabelled) if c]]
    return any(
        len(row) >= 4 and all(len(c.split()) <= 3 and len(c) <= 20 for c in row[1:]) and len(row[0].split()) <= 4
        for row in rows
    ) and not ends_sentence(line)


def classify(line: str) -> Block | None:
    """The block a raw line becomes, or None when it is page chrome."""
    line = line.replace("\t", " ").replace("\u3000", " ").replace("\xa0", " ").strip()
    line = _CJK_GAP.sub("", line)
    boxed = _BOX_BORDER.match(line)
    if boxed:   # a line inside a drawn box: ":  text  :", "│ text │"
        line = boxed.group(2).strip()
    if _RULE_LINE.match(line) or _BOX_EDGE.match(line) or _SYMBOL_RULE.match(line):
        return Block("", "rule")
    if _JUMP_LINE.match(line):
        return None
    if _PAGE_FURNITURE.match(line):
        return Block(line, "rule")      # a page break: the text names the page, so that a sentence it cuts is re-joined
    if not line or not re.search(r"\w", line):
        return None
    label = _RULED_LABEL.match(line).group(1)
    if len(line) - len(label) < 3:
        label = line
    folded = _fold(label)
    if folded in _LINKS:
        return None     # "Read more" under a story's summary: a link to it, not the header of a list
    if folded in TEASER_HEADERS or _TEASER_HEADER.match(folded):
        return Block(label, "teaser_header")
    head, colon, links = re.split(r"([:：])", line, maxsplit=1) if re.search(r"[:：]", line) else (line, "", "")
    if colon and " | " in links and _TEASER_HEADER.match(_fold(head)):
        return None   # "Most read: A guide to … | Learning …": a list of other stories' links on one line
    if colon and links.strip() and not BULLET.match(line) and (_fold(head) in TEASER_HEADERS or _TEASER_HEADER.match(_fold(head))) \
            and _short(links.strip()) and not ends_sentence(links.strip()):
        return Block(links.strip(), "teaser_line")   # "READ MORE: Uganda joins …", "推荐阅读：…": another story's headline
    if _CONTENTS_HEADER.match(folded):
        return Block(label, "contents_header")
    if label != line and _section_label(label):
        return Block(label, "heading", level=2)   # "--- Why it matters ---", "▍會務報導════": a box or section of the story
    if _COMMENTS_HEADER.match(line) and len(line) <= 80:
        return Block(line, "comments_header")
    folded = _fold(line)
    if folded.rstrip(":").rstrip(".…") in UI_STRINGS:
        return None     # also a search box's "Search..."
    short = _short(line)
    if _URL_ONLY.match(line) or _TICKER.match(line) or _CLOCK.match(line):
        return None
    if _ORIGINAL_DATE.search(line) and (date := find_page_date(line)):
        return Block(line, "meta", date=date, original=True)
    if _META_KEY.match(line) or (short and _CREDIT_WORDS.search(line)):
        date = find_page_date(line)
        return Block(line, "meta", date=date) if date else None
    if len(line) < 120 and (_EMAIL_OR_PHONE.search(line) or _COPYRIGHT.search(line)):
        return None
    if not _PREV_NEXT.match(line) and (date := _page_stamp(line)):
        return Block(line, "meta", date=date)
    if short and (_ZH_CHROME.search(line) or _RELATIVE_STAMP.search(line)):
        return None
    if _is_debris(line) or _is_menu(line) or _PREV_NEXT.match(line) or _PAGE_MARK.match(line) or _COMMENT_BOX.match(line) \
            or _BUTTONS.match(line) or _COUNTER.match(line) or short and _PAGER.search(line):
        return None
    if month_stamp(line):
        return Block(line, "meta")  # "May 2016", "April 2025 | News | 312 views": a listed story's date line, by month
    if len(line) <= 100 and not line.endswith((".", "。", "-")) and not line[:1].islower() and \
            _NUMERIC_DATE.search(line) and _letters(line) <= 20:
        return Block(line, "meta")  # "Health | 12/08/2020": a date line, though day and month may be either way round
    if short and _BYLINE.match(line):
        return Block(line, "meta")      # undated, but it marks where a story starts, as a date line does
    line = _IMAGE_LABEL.sub("", _IMAGE_PREFIX.sub("", line))
    line = _VIEW_MORE.sub("", line)
    if line.startswith(">"):
        line = line.lstrip("> ").strip()
    line = line.replace("**", "")
    m = _MD_HEADING.match(line)
    if m:
        return Block(m.group(2).strip(), "heading", level=len(m.group(1)))
    if _PHOTO_CREDIT.search(line):
        return Block(line, "caption")
    # A stray OCR letter after a finished sentence ("... Mediterranean world. T").
    line = re.sub(r"(?<=[.!?])\s+[A-Za-z]$", "", line)
    return Block(line)


def _reads_as_headline(text: str) -> bool:
    """Enough words for a headline: six Chinese characters, or three words ("• Regdate" is a label)."""
    text = ITEM_MARKER.sub("", text).strip()
    return len(re.findall(f"[{CJK}]", text)) >= 6 or len(re.findall(r"[A-Za-z]{2,}", text)) >= 3


def _section_label(label: str) -> bool:
    """A few words drawn into a rule: the label of a box or section, not a story's headline."""
    text = ITEM_MARKER.sub("", label).strip()
    if not text or ends_sentence(text) or _PAGE_MARK.match(text) or _letters(text) < 2:
        return False
    return len(text) <= 10 if is_cjk_text(text) else len(text.split()) <= 5


def _letters(text: str) -> int:
    return len(re.sub(r"[\W\d_]", "", text))


_STAMP_CELL_SEP = re.compile(r"\s{2,}|\s*[|｜>＞【】]\s*")


# "May 2016", "Sept. 2016", "2016年5月": a month of a year, as an archive or a news index dates its items.
_MONTH_YEAR = re.compile(
    r"(?i)^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?,?\s+(?:19|20)\d{2}|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月)$"
)


def month_stamp(line: str) -> bool:
    """A date line that gives only a month: the month and year in the first cell, and at most a few words of
    section or counter in the others ("April 2025 | News | 312 views"). No page date is read from it."""
    cells = [c for c in _STAMP_CELL_SEP.split(line.strip()) if c.strip()]
    return bool(cells) and bool(_MONTH_YEAR.match(cells[0].strip())) and sum(_letters(c) for c in cells[1:]) <= 20


def _page_stamp(line: str) -> str | None:
    """The date of a line that dates the page: a full date and at most 40 letters besides it, set
    in cells of a header or with too few letters for a sentence ("2013年12月10日 17:42  来源:新华网",
    "Saturday, 19 February 2022  web version | forward to a friend", "19 December 2023 | Manufacturing |
    Pharma Frontier Africa staff"). Checked before menus and chrome, whose cells such lines share; a
    headline dated at its end, or a list item's headline before its date, is no stamp."""
    if len(line) > 120 or line.endswith((".", "。", "-")) or line[:1].islower():
        return None
    mention = page_date_mention(line)
    if mention is None:
        return None
    stamp = DATE_STAMP.search(line)
    if stamp is not None and _letters(line[:stamp.start()]) >= 6:
        return None
    if ITEM_MARKER.match(line) and _reads_as_headline(line[:mention.start]):
        return None     # "■ 中蒙科技合作联委会第一次会议在乌兰巴托召开 2015-07-15": a listed story's headline and date
    if _letters(line[:mention.start] + " " + line[mention.end:]) > 40:
        return None
    cells = [c for c in _STAMP_CELL_SEP.split(line) if c.strip()]
    return mention.value if len(cells) >= 2 or _letters(line) <= 40 else None


def _prefer_original_date(blocks: list[Block]) -> list[Block]:
    """On a reposted page, the date the article first came out is its date: the reposting site's
    own dates above that note ("日期:2015/9/28", "本站发布时间") are dropped. Dates below it belong
    to the article or to other stories of the page."""
    first = next((i for i, b in enumerate(blocks) if b.original), None)
    for b in blocks[:first or 0]:
        if b.kind == "meta":
            b.date = None
    return blocks


def _stamp_under_first_line(blocks: list[Block]) -> list[Block]:
    """A date line that opens the page ("半岛都市晨报 > 2017年05月16日 > A07版") is put under the page's
    first line of text, where a byline's date stands: segmentation reads a story's first block as
    its headline, and a date line is no headline."""
    lead = 0
    while lead < len(blocks) and blocks[lead].kind == "meta":
        lead += 1
    if 0 < lead < len(blocks) and blocks[lead].kind in ("para", "heading"):
        return [blocks[lead], *blocks[:lead], *blocks[lead + 1:]]
    return blocks


def wrap_width(lines: list[str]) -> int | None:
    """The width at which a hard-wrapped page (OCR, e-mail, text taken from a PDF) breaks its
    lines: most of its longer lines end within 15% of one width. None for a page whose lines
    are paragraphs."""
    lengths = [len(line) for line in lines if len(line) >= 25]
    if len(lengths) < 10:
        return None
    middle = sorted(lengths)[len(lengths) // 2]
    near = sum(1 for n in lengths if 0.85 * middle <= n <= 1.15 * middle)
    return middle if near >= 0.6 * len(lengths) and middle <= 100 else None


def _join_broken_paragraphs(blocks: list[Block], width: int | None = None) -> list[Block]:
    """Re-join paragraphs that a page layout broke mid-sentence.

    A paragraph that stops without punctuation and is followed (perhaps after a photo
    caption) by one that starts in lower case is one paragraph; a hyphen at the break
    is a split word. On a hard-wrapped page (`width`), a line that runs to the wrap width
    without ending its sentence goes on in the next line whatever its case ("Memorandum of /
    Understanding"), unless a blank line stands between them. The pieces of a paragraph are joined once, at the end: adding each
    line to the text as it grows copies it once per line (a cost that is the square of
    its length).
    """
    out: list[Block] = []
    pieces: list[list[str]] = []      # the text of out[i], in pieces
    sizes: list[int] = []
    pending_captions: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        tail = pieces[-1][-1] if out else ""
        held = block.kind == "caption" or block.kind == "rule" and bool(block.text)    # a caption, a page break
        if held and prev is not None and prev.kind == "para" and not ends_sentence(tail):
            pending_captions.append(block)
            continue
        if (
            block.kind == "para"
            and prev is not None
            and prev.kind == "para"
            and (not ends_sentence(tail) or _bracket_goes_on(tail, block.text))
            and (
                block.text[:1].islower() and (sizes[-1] >= 40 or tail.endswith("-") or _wrapped_headline(out[-1], pieces[-1], block))
                or _DANGLING.search(tail) and not block.after_blank and sizes[-1] >= 40 and not ITEM_MARKER.match(block.text)
                or width is not None and not block.after_blank and 0.8 * width <= len(tail.strip()) <= 1.2 * width
                and not all_caps(tail) and not ITEM_MARKER.match(block.text)
                and not (len(pieces[-1]) == 1 and ITEM_MARKER.match(tail) and block.text[:1].isupper())
            )
        ):
            pending_captions = [c for c in pending_captions if c.kind == "caption"]   # a page break inside a sentence
            if _split_word(tail):
                pieces[-1][-1] = tail[:-1]
                pieces[-1].append(block.text)
                sizes[-1] += len(block.text) - 1
            else:
                pieces[-1].append(" " + block.text)
                sizes[-1] += len(block.text) + 1
            continue
        for b in (*pending_captions, block):
            out.append(b)
            pieces.append([b.text])
            sizes.append(len(b.text))
        pending_captions = []
    out.extend(pending_captions)
    for block, parts in zip(out, pieces):
        if len(parts) > 1:
            block.text = "".join(parts)
    return out


def _bracket_goes_on(tail: str, text: str) -> bool:
    """'… the United States (30 May - 8 June)' / 'has been tabled.': a closing bracket ends no sentence when the
    next line goes on in lower case."""
    return tail.rstrip().endswith((")", "）")) and text[:1].islower()


def _wrapped_headline(prev: Block, pieces: list[str], block: Block) -> bool:
    """A headline set on two lines with no blank between ("Joint marine research" / "centre planned for
    Karachi", as a newspaper's narrow column breaks it): a short line, then one that goes on in lower case."""
    return len(pieces) == 1 and not block.after_blank and len(block.text) <= 60 and not ITEM_MARKER.match(prev.text)


# An item marker opening a line: a bullet ("•", "■", "-", "▶") or a number ("1.", "一、", "（2）", "【3】").
ITEM_MARKER = re.compile(
    r"^\s*(?:[▶►▸•·‧．●■◆◇□○◎★☆→>»\-*▲△▼▽◀◁▷▍‣⁃]|\d{1,2}[.、)]\s|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、|【\d{1,2}】)\s*"
)
# A bullet without a number: the items of a list (key points, a story's facts, other stories).
BULLET = re.compile(r"^\s*[▶►▸•·‧．●■◆◇□○◎★☆→»*\-▲△▼▽◀◁▷▍‣⁃]\s*")


def all_caps(text: str, min_letters: int = 4) -> bool:
    """Latin letters in capitals only, at least `min_letters` of them ('UK AND NORWAY TEAM UP'):
    a headline or subhead, never the middle of a sentence."""
    letters = [c for c in text if c.isascii() and c.isalpha()]
    return len(letters) >= min_letters and all(c.isupper() for c in letters)


def _split_word(line: str) -> bool:
    """'... Innovation Nor-': a word hyphenated at the line's end, to be joined without the hyphen."""
    return line.endswith("-") and line[-2:-1].isalpha()


# A line ending in a comma or a function word stops mid-sentence ("... Leshno-Yaar,", "... in Geneva; the").
_DANGLING = re.compile(r"(?:[,，、]|\b(?:the|a|an|of|and|or|to|in|on|at|by|for|with|from|as|that|which|its|their))$")


def _join_wrapped_runs(blocks: list[Block]) -> list[Block]:
    """Re-join a paragraph hard-wrapped in one place (a boxed teaser, a quoted summary), which the
    page's wrap width may not reveal: two or more lines in a row of nearly one width (the wrap
    width), then a line no longer than them that ends the sentence, with no blank line between them
    and at least one line that stops mid-sentence. A headline of that same width right above is
    taken in with them; the story still starts where it stood. Each line is looked at a few times
    at most, so a long page of unpunctuated lines costs no more than its length."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        k = i
        while (k < len(blocks) and blocks[k].kind == "para" and not ends_sentence(blocks[k].text)
               and (k == i or not blocks[k].after_blank) and 30 <= len(blocks[k].text) <= 100):
            k += 1
        start = next((j for j in (i, i + 1) if _wrapped(blocks[j:k], blocks[k] if k < len(blocks) else None)), None)
        if start is None:
            out.extend(blocks[i:max(k, i + 1)])
            i = max(k, i + 1)
            continue
        out.extend(blocks[i:start])
        text = blocks[start].text
        for b in blocks[start + 1:k + 1]:
            text = text[:-1] + b.text if _split_word(text) else f"{text} {b.text}"
        out.append(Block(text, after_blank=blocks[start].after_blank))
        i = k + 1
    return out


def _wrapped(run: list[Block], last: Block | None) -> bool:
    """Do the lines of `run` and the sentence-ending `last` make one paragraph wrapped at one width?"""
    width = max((len(b.text) for b in run), default=0)
    return (
        len(run) >= 2 and last is not None and last.kind == "para" and not last.after_blank
        and ends_sentence(last.text) and len(last.text) <= 1.1 * width
        and all(len(b.text) >= 0.85 * width for b in run)
        and any(_DANGLING.search(b.text) for b in run) and not any(ITEM_MARKER.match(b.text) for b in run[1:])
    )


def _drop_repeats(blocks: list[Block]) -> list[Block]:
    """Drop headlines and captions printed twice, and breadcrumb trails that end in a headline."""
    seen: set[str] = set()
    out: list[Block] = []
    in_contents = False
    for i, block in enumerate(blocks):
        key = fold(block.text)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind == "contents_header":
            in_contents = True   # a table of contents: its lines are the headlines of stories told below
            continue
        if in_contents:
            if block.kind == "para" and _short(block.text) and not ends_sentence(block.text):
                continue
            in_contents = False
        if block.kind in ("para", "heading", "caption") and len(block.text) <= 200:
            if key in seen:
                continue
            # "Home About News ... <the headline>" or "1/20/202 <the headline>": a seen key of 20 or more
            # characters ends this one, which is over 3 longer (looked up by suffix, not by every seen key)
            if any(key[k:] in seen for k in range(4, len(key) - 19)):
                continue
            if nxt is not None and len(nxt.text) >= 20 and key.endswith(fold(nxt.text)) and key != fold(nxt.text):
                continue
            seen.add(key)
        if block.kind == "para" and re.fullmatch(r"[^>]{1,30}(\s?>\s?[^>]{1,30}){1,}", block.text):
            continue  # breadcrumb "English > NEWS&EVENTS > Content"
        out.append(block)
    return out


def _drop_comments(blocks: list[Block]) -> list[Block]:
    """Readers' comments are no part of any story: from their header down to the next rule or
    teaser-list header, every block goes."""
    out: list[Block] = []
    in_comments = False
    for block in blocks:
        if block.kind == "comments_header":
            in_comments = True
        elif block.kind in ("rule", "teaser_header", "contents_header"):
            in_comments = False
        if not in_comments:
            out.append(block)
    return out


MAX_PARAGRAPH = 5000
_SENTENCE_ENDS = (". ", "! ", "? ", "。", "！", "？")


def _windows(text: str) -> Iterator[str]:
    """Pieces of at most MAX_PARAGRAPH characters: each ends at the last sentence end in
    the second half of its window, else at the last space, else at the limit."""
    start = 0
    while len(text) - start > MAX_PARAGRAPH:
        window = text[start:start + MAX_PARAGRAPH]
        end = max(window.rfind(mark) for mark in _SENTENCE_ENDS)
        cut = end + 1 if end > MAX_PARAGRAPH // 2 else (window.rfind(" ") if window.rfind(" ") > 0 else MAX_PARAGRAPH)
        yield window[:cut].strip()
        start += cut
        while start < len(text) and text[start].isspace():
            start += 1
    yield text[start:].strip()


def _split_long(blocks: list[Block]) -> list[Block]:
    """A 'paragraph' of thousands of characters (a page with no line breaks) is cut at
    sentence ends into pieces the models handle; no sentence is cut in two if avoidable.
    The text is walked by position, never copied whole per piece (which costs the square
    of its length)."""
    out: list[Block] = []
    for block in blocks:
        if len(block.text) <= MAX_PARAGRAPH:
            if block.text or block.kind == "rule":
                out.append(block)
        else:
            out.extend(Block(piece, block.kind, block.level, block.date) for piece in _windows(block.text) if piece)
    return out


def clean_blocks(text: str) -> list[Block]:
    """All kept blocks of a page, in reading order; separator lines are kept as "rule" blocks
    (they tell where one story ends) and dropped by segmentation."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    blocks: list[Block] = []
    blank = False
    for line in lines:
        boxed = _BOX_BORDER.match(line.strip())
        if not line.strip() or boxed and not boxed.group(2).strip():   # an empty line, also inside a drawn box
            blank = True
            continue
        block = classify(line)
        if block is not None:
            block.after_blank, blank = blank, False
            blocks.append(block)
    width = wrap_width([line.strip() for line in lines])
    blocks = _stamp_under_first_line(_prefer_original_date(blocks))
    return _split_long(_drop_repeats(_join_broken_paragraphs(_join_wrapped_runs(_drop_comments(blocks)), width)))
