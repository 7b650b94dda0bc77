"""Segmentation: one page, several articles.

A page is read as a run of blocks (headline-like lines, paragraphs, separator rules,
teaser-list headers). A new story starts at a headline that follows body text when the
page marks the break: a separator rule before it, a top-level heading, an item number or
bullet, an all-capitals headline (not a short subhead such as "WHAT GINKGO GETS": it has five
words or more, or reports an act), or a dateline opening the next paragraph. After a
teaser-list header ("Related", "相关阅读") each item is a story of its own: a headline and at
most one short paragraph; a headline-only item is kept when it reports an act (signed,
held, launched, 签署, 举行…) and dropped as navigation otherwise. When ordinary body text
resumes after a teaser block, it belongs to the article the block interrupted; a rule that
closes the block says so, and everything before it is a teaser. A list of headlines with no
body (a table of contents, related links) is never a story; a series of short numbered or
bulleted subheads under a story's headline and body marks its sections, not new stories.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from coopgraph.ingest.clean import (
    BULLET,
    DATE_STAMP,
    ELLIPSIS_END,
    ITEM_MARKER,
    Block,
    all_caps,
    is_cjk_text,
    month_stamp,
)
from coopgraph.ingest.teasers import ACT as _ACT, GENRE_LABEL as _GENRE_LABEL, content_keys, headline_features, keep_headline


@dataclass
class Segment:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    published: str | None = None
    is_teaser: bool = False

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# A news dateline opening a story's first paragraph: "NAIROBI, March 4 (Xinhua) --", "BAGSVAERD, Denmark -",
# "GENEVA (Reuters) -" (a city alone,
# "CONSTANTINE -", is too like "CRISPR - the tool"); "新华社广州6月28日电", "科技日报昆明6月6日电", "【本網訊】", "本报讯", "中国青年报客户端讯".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]{2,40},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\s*(?:\([^)]{2,40}\))?\s*[-–—]"
    r"|[A-Z]{3,}(?:[ -][A-Z]{2,})*(?:,\s+[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*(?:\([^)]{2,40}\))?|\s*\([^)]{2,40}\))\s*[-–—]{1,2}\s"
    r"|(?:据|據)?(?:新华社|中新社|中新网|本报|人民网|央视网|新華社|中新社)[^，,。]{0,24}(?:电|電|讯|訊)"
    r"|[^，,。：:\s]{2,16}\d{1,2}月\d{1,2}日(?:电|電)"
    r"|【[^】]{1,14}(?:讯|訊|电|電|消息)】"
    r"|(?:本报|本報|本网|本網|本台)[^，,。]{0,8}(?:讯|訊)"
    r"|[^，,。\s]{2,14}(?:客户端|网|網)(?:讯|訊)(?=[（(\s]))"
)
MAX_TEASER_BODY = {"zh": 200, "en": 450}
MAX_ARTICLE = 20_000     # characters of paragraphs in one article; a longer one is read in parts
# "… rose. The …"; not "B.C. opens", "Dr. Li", "Chr. Hansen" or "Corp. Ltd": a capitalised word of
# four letters or fewer before the stop is an abbreviation
# "About IRDiRC", "About the Huazhong University of Science & Technology": a press release's closing notes.
_ABOUT = re.compile(r"^About (?:the )?[A-Z][\w.&'’-]*(?:,? (?:[A-Z&][\w.&'’-]*|of|for|and|the|de|du))*$")
_SENTENCE_BREAK = re.compile(r"(?:\b[a-z]{2,}|\b[A-Z][a-z]{4,}|\d{2,}|\))[.!?] +[A-Z]")


def _clean_title(text: str) -> str:
    return ITEM_MARKER.sub("", text).strip()


def _headline_like(block: Block) -> bool:
    """Short, and not a sentence: headlines end without a full stop (quotes and '!' are fine), and a line
    that ends in a comma goes on ("Dear members,")."""
    text = ITEM_MARKER.sub("", DATE_STAMP.sub("", block.text.rstrip("\"”’」』'")))
    limit = 60 if is_cjk_text(text) else 160
    return block.kind == "heading" or (
        block.kind == "para" and len(text) <= limit and not text.endswith((".", "。", ":", "：", ";", "；", ",", "，"))
        and "。" not in text[:-1] and not _SENTENCE_BREAK.search(text)
    )


def _is_body(block: Block) -> bool:
    return block.kind in ("para", "caption") and not _headline_like(block)


def _is_cut_off(block: Block) -> bool:
    return block.kind == "para" and bool(ELLIPSIS_END.search(block.text)) and len(block.text) >= 40


def _bulleted_headline(block: Block) -> bool:
    return block.kind == "para" and bool(BULLET.match(block.text)) and _headline_like(block)


def _marker(text: str) -> str:
    """The kind of item marker a line starts with: '一、' and '二、' are one series, '■' another."""
    mark = ITEM_MARKER.match(text).group(0).strip()
    return re.sub(r"[0-9]+", "9", re.sub(r"[一二三四五六七八九十]+", "十", mark))


def _section(text: str, unit_titled: bool) -> bool:
    """Is the first item of a series ('一、技术转移中心正式揭牌', '■看点一 深海浮标', '1. Background') a section
    of the story it stands in rather than a story? When the story above has its headline and body
    and the item is too short to be a story's headline. The series' later items follow it."""
    title = _clean_title(text)
    short = len(title) <= 16 if is_cjk_text(title) else len(title.split()) <= 4
    return unit_titled and short


def _starts_story(blocks: list[Block], i: int, seen_body: bool, after_rule: bool, item_opens: bool = True,
                  dated_stories: bool = False, caps_stories: bool = True, lead_stories: bool = False) -> bool:
    """Does the headline-like block i open a new story, as the page's layout marks it? (`item_opens`:
    whether an item marker opens stories here, or sections of one; `dated_stories`: whether the page
    dates or signs each of its stories; `caps_stories`: whether its long lines in capitals head stories
    even when they report no act; `lead_stories`: whether it opens its stories with a lead-in in capitals.)"""
    block = blocks[i]
    if block.kind == "heading" and block.level == 1:
        return True
    if _ABOUT.match(block.text):
        return False    # "About IRDiRC": the boilerplate that closes a press release, not another story
    nxt = next((blocks[j] for j in range(i + 1, len(blocks)) if blocks[j].kind not in ("meta", "rule")), None)
    has_body = nxt is not None and (_is_body(nxt) or (nxt.kind == "para" and _headline_like(nxt) and is_cjk_text(nxt.text)))
    if not has_body:
        return False
    if not seen_body:
        return after_rule   # a masthead or section label above a rule, then the first story
    words = len(block.text.split())
    return (
        after_rule
        or dated_stories and _dated(blocks, i)
        or lead_stories and _lead_in(blocks, i)
        or bool(ITEM_MARKER.match(block.text)) and block.kind == "para" and item_opens
        or all_caps(block.text, 10) and (words >= 5 and caps_stories or words >= 3 and bool(_ACT.search(block.text)))
        or bool(nxt is not None and _DATELINE.match(nxt.text))
        or _after_end_mark(blocks, i) and not _LABELLED.match(block.text)
        or bool(_BRACKET_HEADLINE.match(block.text)) and not _BRACKET_CREDIT.search(block.text[1:-1])
    )


# "参考资料：…", "Source: …": a labelled line after a story's end, not another story's headline.
_LABELLED = re.compile(r"^[^:：]{1,8}[:：]")


# "…合作。（完）", "(END)", "- ends -", "###": the mark that closes a news story.
_END_MARK = re.compile(r"(?i)(?:[(（]\s*(?:完|終|终|end|ends)\s*[)）]|[-–—]\s*ends?\s*[-–—]|#{3})\s*$")


def _after_end_mark(blocks: list[Block], i: int) -> bool:
    """Does the text before block i close its story with an end mark? Then what follows is another story."""
    prev = next((blocks[j] for j in range(i - 1, -1, -1) if blocks[j].kind not in ("meta", "rule")), None)
    return prev is not None and prev.kind == "para" and bool(_END_MARK.search(prev.text))


def _dated(blocks: list[Block], i: int) -> bool:
    """Does the headline at i carry a story's own date line or byline: right under it, or a date
    right above it ('Mon 3 March 2025', then the headline)? Not a standfirst under a headline
    ('Headline', 'The standfirst', '27 May 2022 | By …')."""
    under = blocks[i + 1] if i + 1 < len(blocks) else None
    above = blocks[i - 1] if i > 0 else None
    if above is not None and above.kind in ("para", "heading") and _headline_like(above):
        return False
    return (under is not None and under.kind == "meta") or (
        above is not None and above.kind == "meta" and (above.date is not None or month_stamp(above.text)))


def _caps_stories(blocks: list[Block]) -> bool:
    """Do the page's lines in capitals head stories? The first one with text under it after the page's
    first paragraph decides, as the first item of a series does: a short subhead that reports no act
    ("THE DEAL", "WHAT EACH SIDE SAID") makes the later ones sections of one story too, unless they report an act."""
    seen_body = False
    for i, b in enumerate(blocks):
        if _is_body(b):
            seen_body = True
        elif seen_body and b.kind in ("para", "heading") and all_caps(b.text) and not ITEM_MARKER.match(b.text):
            nxt = _next_text(blocks, i + 1)
            if nxt is not None and _is_body(nxt):
                words = len(b.text.split())
                return words >= 5 or words >= 3 and bool(_ACT.search(b.text))
    return True


def _dated_stories(blocks: list[Block], mark=None) -> bool:
    """Does the page date or sign its stories one by one (a digest, a newspaper page): two headlines
    or more, each followed by body, that carry their own date line or byline? One dated headline is
    just the article's. (`mark`: another mark of a story's start to count instead, `_lead_in`.)"""
    dated = 0
    for i, b in enumerate(blocks):
        nxt = _next_text(blocks, i + 1)
        if b.kind in ("para", "heading") and _headline_like(b) and nxt is not None and _is_body(nxt) and (mark or _dated)(blocks, i):
            dated += 1
            if dated >= 2:
                return True
    return False


# "COUNTRIES and territories that …", "PRIME Minister Voreqe …", "NOUMEA - The …": a newspaper that opens each
# story with its first word in capitals (or its town, a dateline with no country).
_LEAD_IN = re.compile(r"^([A-Z]{3,}[A-Z'’]*)(?:\s+[A-Z]?[a-z]|\s+[-–—]\s+[A-Z])")


def _lead_in(blocks: list[Block], i: int) -> bool:
    """Does the text under the headline at i open with a lead-in in capitals? Not an acronym ("LUCA says"):
    that recurs in capitals on the page. Counted over the page (`_dated_stories(blocks, _lead_in)`): two
    stories or more opened so make it the page's way."""
    nxt = _next_text(blocks, i + 1)
    m = _LEAD_IN.match(nxt.text) if nxt is not None else None
    return m is not None and sum(b.text.count(m.group(1)) for b in blocks) == 1


def _next_item(blocks: list[Block], j: int, item: Block) -> bool:
    """Is the block at j the next item of the bulleted list that `item` belongs to (same marker)?"""
    return (j < len(blocks) and item.kind == "para" and bool(BULLET.match(item.text)) and blocks[j].kind == "para"
            and bool(BULLET.match(blocks[j].text)) and _marker(blocks[j].text) == _marker(item.text))


def _short_teaser_body(block: Block) -> bool:
    lang = "zh" if is_cjk_text(block.text) else "en"
    return _is_body(block) and len(block.text) <= MAX_TEASER_BODY[lang]


@dataclass
class _Unit:
    blocks: list[Block] = field(default_factory=list)
    teaser: bool = False
    header: str | None = ""     # a teaser's: its list's header ("" a list with none, None a one-line "READ MORE: …")
    list_id: int = 0            # a teaser's: which list of the page it stands in
    _no_body: int = 0     # how many of the first blocks are known not to be body (blocks are only appended)

    def has_body(self) -> bool:
        """Asked at every headline: remembers how far it looked, so that a long list of
        headlines is not scanned again for each one."""
        while self._no_body < len(self.blocks):
            b = self.blocks[self._no_body]
            if _is_body(b) or _is_cut_off(b):
                return True
            self._no_body += 1
        return False


def _key_points(blocks: list[Block], i: int, unit: _Unit) -> int:
    """How many bullets from i are the story's key points, as wire services print them: two or
    more, right under its headline (or byline) before its first paragraph, with the body right
    after them. Not a list of other stories."""
    if unit.has_body() or not unit.blocks or unit.teaser or unit.blocks[-1].kind not in ("para", "heading", "meta"):
        return 0
    if unit.blocks[-1].kind == "para" and BULLET.match(unit.blocks[-1].text):
        return 0    # the list goes on, it does not start under the headline
    j = _list_end(blocks, i)
    return j - i if j - i >= 2 and j < len(blocks) and _is_body(blocks[j]) else 0


def _list_end(blocks: list[Block], i: int) -> int:
    """Where the run of bullets from i ends: at the first block that is not an item of one marker
    (a paragraph after the list may carry a marker of its own: '□ The Ministry …' after '- …')."""
    j = i
    while j < len(blocks) and blocks[j].kind == "para" and BULLET.match(blocks[j].text) \
            and _marker(blocks[j].text) == _marker(blocks[i].text):
        j += 1
    return j


def _next_text(blocks: list[Block], i: int) -> Block | None:
    """The first block from i that is no rule or date line (walked by index: no copy of the page)."""
    return next((blocks[j] for j in range(i, len(blocks)) if blocks[j].kind not in ("rule", "meta")), None)


def _labels_article(blocks: list[Block], i: int) -> bool:
    """'Latest news' above a headline and a paragraph too long for a teaser's summary is the label
    of the article's section, not the header of a list of other stories."""
    after = [b for b in blocks[i + 1:i + 5] if b.kind not in ("meta", "rule")][:2]
    return len(after) == 2 and _headline_like(after[0]) and _is_body(after[1]) and not _short_teaser_body(after[1])


def _closing_rule(blocks: list[Block], i: int) -> int | None:
    """Where the teaser list headed at i ends, when a separator rule closes it as a box does: the
    first rule after the header, when body text follows it (the interrupted article going on).
    Until then every block is a teaser: a headline, its summary, or a summary alone."""
    j = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind in ("rule", "teaser_header", "contents_header")), None)
    if j is None or blocks[j].kind != "rule":
        return None
    if any(_is_body(b) and not _short_teaser_body(b) for b in blocks[i + 1:j]):
        return None     # an article's paragraphs, not a list: the header was a section label
    nxt = _next_text(blocks, j)
    return j if nxt is not None and _is_body(nxt) else None


def _body_list(blocks: list[Block], i: int, unit: _Unit) -> int:
    """How many bullets from i list the story's own facts ('* 82.4m new shares issued', '- Upfront:
    $175 million'): two or more, inside a story whose body text was under way and goes on after them
    for two paragraphs or more. Not a list of other stories."""
    if unit.teaser or not unit.has_body():
        return 0
    j = _list_end(blocks, i)
    goes_on = j + 1 < len(blocks) and _is_body(blocks[j]) and _is_body(blocks[j + 1])
    return j - i if j - i >= 2 and goes_on else 0


def _masthead(unit: _Unit, blocks: list[Block]) -> bool:
    """The page's first unit, when it holds one short paragraph that no headline stands right above
    (a rule, a date line or nothing does) and the layout opens a story after it, is the masthead or
    the editor's note of a digest ('Dear readers, this month ...'), not a story."""
    body = [b for b in unit.blocks if _is_body(b) or _is_cut_off(b)]
    if unit.teaser or len(body) != 1 or len(body[0].text) > 300:
        return False
    at = next(k for k, b in enumerate(blocks) if b is body[0])
    head = at - 1
    while head > 0 and blocks[head].kind == "meta":
        head -= 1
    if head > 0 and head < at - 1 and blocks[head].kind in ("para", "heading") and _headline_like(blocks[head]):
        return False    # a digest's first story: its own headline and date line under the digest's name
    return at == 0 or blocks[at - 1].kind not in ("para", "heading") or not _headline_like(blocks[at - 1])


def _units(blocks: list[Block]) -> list[_Unit]:
    """Split the page into stories and teasers, in page order (a resumed article rejoins its unit)."""
    first = _Unit()
    units: list[_Unit] = [first]
    main = first                    # the story that a teaser block interrupts
    in_teasers = headline_only_list = False
    list_end: int | None = None     # the rule that closes the current teaser list, when one does
    bullet_list = False             # the current teaser list is bulleted headlines with no header
    after_rule = False
    sections: dict[str, bool] = {}  # item marker → whether its series marks sections of a story
    dated_stories = _dated_stories(blocks)
    lead_stories = _dated_stories(blocks, _lead_in)
    caps_stories = _caps_stories(blocks)
    header, lists = "", 0           # the current teaser list's header, and how many lists the page has shown so far

    def current() -> _Unit:
        """The unit that takes the next block: the article a teaser block interrupted, once it goes on."""
        return main if units[-1].teaser else units[-1]

    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "rule":
            after_rule = True
            if i == list_end:
                in_teasers, list_end = False, None
            i += 1
            continue
        if b.kind == "teaser_line":
            lists += 1
            units.append(_Unit([Block(b.text)], teaser=True, header=None, list_id=lists))   # one other story's headline
            i += 1
            continue
        if b.kind == "teaser_header" and _labels_article(blocks, i):
            i += 1
            continue
        if b.kind == "teaser_header":
            in_teasers, headline_only_list, bullet_list = True, False, False
            header, lists = b.text, lists + 1
            list_end = _closing_rule(blocks, i)
            after_rule = False
            i += 1
            continue

        points = 0 if in_teasers else _key_points(blocks, i, current()) or _body_list(blocks, i, current())
        if points:
            current().blocks.extend(blocks[i:i + points])
            i += points
            after_rule = False
            continue
        if not in_teasers and _bulleted_headline(b) and i + 1 < len(blocks) and _bulleted_headline(blocks[i + 1]):
            in_teasers, headline_only_list = True, True   # "* headline", "* headline": a list of other stories
            bullet_list = True
            header, lists = "", lists + 1
        if in_teasers and bullet_list and after_rule and not BULLET.match(b.text):
            in_teasers = bullet_list = False              # a list with no header ends where a rule opens a story
        if in_teasers:
            if b.kind in ("para", "heading") and _headline_like(b):
                unit = _Unit([b], teaser=True, header=header, list_id=lists)
                j = i + 1
                while j < len(blocks) and blocks[j].kind == "meta":
                    j += 1
                # an item's summary: one short paragraph, unless the list so far gives headlines only
                # (then a paragraph after a headline is the interrupted article going on)
                # ... but the paragraph is this item's when a date line stands under or above the headline, or when
                # the list's next item follows it ('▶ headline', 'its summary', '▶ next headline')
                dated = j > i + 1 or i > 0 and blocks[i - 1].kind == "meta"
                list_goes_on = _next_item(blocks, j + 1, b)
                if list_end is not None and j < list_end and _is_body(blocks[j]) or (
                    j < len(blocks) and _short_teaser_body(blocks[j]) and (dated or list_goes_on or not headline_only_list)
                    and not (j + 1 < len(blocks) and _is_body(blocks[j + 1]))
                ):
                    unit.blocks.append(blocks[j])
                    j += 1
                headline_only_list = len(unit.blocks) == 1
                units.append(unit)
                i = j
                after_rule = False
                continue
            if _is_body(b) or _is_cut_off(b):
                # ... a bulleted item whose headline and summary share a line ('▲headline　summary') when the
                # list's next item follows it, as a one-line item does
                if _is_cut_off(b) or list_end is not None or header and _next_item(blocks, i + 1, b) and len(b.text) <= 2 * MAX_TEASER_BODY[
                        "zh" if is_cjk_text(b.text) else "en"]:
                    units.append(_Unit([b], teaser=True, header=header, list_id=lists))   # a teaser by its first lines or summary
                    # items that carry their summary on their own line take no paragraph under them
                    headline_only_list = headline_only_list or not (_is_cut_off(b) or list_end is not None)
                    i += 1
                    continue
                in_teasers = False                             # the article the block interrupted goes on
                main.blocks.append(b)
                i += 1
                continue
            i += 1
            continue
        item_opens = True
        if b.kind == "para" and ITEM_MARKER.match(b.text) and not _headline_like(b):
            sections.setdefault(_marker(b.text), True)    # '□ The Ministry …': markers of this story's paragraphs
        elif b.kind == "para" and ITEM_MARKER.match(b.text):
            unit = current()
            titled = not after_rule and bool(unit.blocks) and _headline_like(unit.blocks[0]) and unit.has_body()
            nxt = _next_text(blocks, i + 1)
            goes_on = nxt is not None and bool(ITEM_MARKER.match(nxt.text)) and sections.get(_marker(nxt.text), False)
            item_opens = not sections.setdefault(_marker(b.text), _section(b.text, titled)) and not (titled and goes_on)
        if b.kind in ("para", "heading") and _headline_like(b) and _starts_story(blocks, i, current().has_body(), after_rule, item_opens,
                                                                         dated_stories, caps_stories, lead_stories) \
                or after_rule and _is_body(b) and bool(_DATELINE.match(b.text)) and current().has_body():
            # ... or a story with no headline, its dateline right under the rule: "【本報消息】…", "据新华社北京5月14日电 …"
            if units == [first] and _masthead(first, blocks):
                units.pop()
            units.append(_Unit([b]))
            main = units[-1]
        else:
            current().blocks.append(b)
        after_rule = after_rule and b.kind == "meta"    # rule, date line, headline: the rule still marks the break
        i += 1
    return units


def _cut_off_run(blocks: list[Block]) -> int | None:
    """Where a run of at least two paragraphs cut off with an ellipsis starts, after body text:
    a teaser list with no header."""
    for i in range(1, len(blocks) - 1):
        if _is_cut_off(blocks[i]) and _is_cut_off(blocks[i + 1]) and not _is_cut_off(blocks[i - 1]):
            return i
    return None


def _to_segment(blocks: list[Block], teaser: bool, keep: Callable[[str], bool] = lambda line: True) -> Segment | None:
    """The segment a unit gives, or None; `keep` says whether a teaser's headline with no summary is a story."""
    # A dated line near the top (byline, "2018-12-13 22:35 | Xinhua") follows the headline:
    # what stands before that headline is the site's name and navigation.
    meta_at = next((i for i, b in enumerate(blocks[:8]) if b.kind == "meta" and b.date), None)   # not a byline
    if meta_at and sum(_is_body(b) for b in blocks[:meta_at]) >= 2:
        meta_at = None   # a date after two paragraphs of story closes it (a notice's signature), it heads nothing
    if meta_at:
        heads = [i for i in range(meta_at) if _headline_like(blocks[i])]
        if heads:
            blocks = blocks[heads[-1]:]
    body = [b for b in blocks if b.kind in ("para", "heading", "caption")]
    if not body:
        return None
    if teaser and _headline_like(body[0]) and _GENRE_LABEL.match(_clean_title(body[0].text)):
        return None                         # "Explainer: …" and its summary: a feature, whatever it is about
    if teaser and not any(_is_body(b) or _is_cut_off(b) for b in body):
        if not keep(body[0].text):
            return None                     # a headline that reports no act, or a feature's: navigation
    elif not teaser and not any(_is_body(b) or _is_cut_off(b) for b in body):
        return None                         # headlines with no story: a masthead, a table of contents
    elif not teaser and _notices(body):
        return None                         # "PUBLICATIONS AND EVENTS", "- Seminar series resumes in October."
    texts = [_clean_title(b.text) if i == 0 and _headline_like(b) else b.text for i, b in enumerate(body)]
    title = texts[0] if _headline_like(body[0]) else None
    published = next((b.date for b in blocks if b.kind == "meta" and b.date), None)
    return Segment(title, texts, published, is_teaser=teaser)


def _notices(body: list[Block]) -> bool:
    """A section label over a list of short notices, each a bulleted sentence ("- Back issues: see the web
    page.", "．年度會員大會日期另行通知。"): a newsletter's box of announcements, no story."""
    label, items = body[0], body[1:]
    short = len(label.text) <= 12 if is_cjk_text(label.text) else len(label.text.split()) <= 5
    return _headline_like(label) and short and len(items) >= 2 and all(
        b.kind == "para" and BULLET.match(b.text) and len(b.text) <= 120 and b.text.rstrip().endswith((".", "。")) for b in items)


# "【中肯签署疫苗合作协议】3月4日，……": a Chinese digest's story, its headline in brackets before its text;
# not a credit ("【农资导报网讯】", "【医健组报道】") or a row of buttons ("【字号：大 中 小】")
_BRACKET_LEAD = re.compile(r"^【([^】]{6,40})】\s*(.{20,})$")
_BRACKET_CREDIT = re.compile(r"(?:讯|訊|电|電|报道|報道|点评|點評|[:：].*)$")
# "【华春生物药业与新疆药物研究所签约】" alone on its line: a headline set in brackets, as a digest prints them.
_BRACKET_HEADLINE = re.compile(r"^【[^】]{6,80}】$")


def _bracket_leads(blocks: list[Block]) -> list[Block]:
    """A page whose paragraphs (two or more) open with a bracketed headline is a digest: each such
    paragraph becomes a top-level headline and its text, so that each is a story."""
    def lead(b: Block):
        m = _BRACKET_LEAD.match(b.text) if b.kind == "para" else None
        return m if m and not _BRACKET_CREDIT.search(m.group(1)) else None

    if sum(1 for b in blocks if lead(b)) < 2:
        return blocks
    out: list[Block] = []
    for b in blocks:
        m = lead(b)
        out.extend([Block(m.group(1).strip(), "heading", level=1), Block(m.group(2).strip())] if m else [b])
    return out


Decide = Callable[[str, dict[str, float]], bool]


def segment_blocks(blocks: list[Block], page_date: str | None = None, decide: Decide | None = None) -> list[Segment]:
    """The segments of one page in page order: articles, and the teasers listed with them. `decide(headline,
    features)` says whether a teaser's headline with no summary is a story (default: `teasers.keep_headline`)."""
    blocks = _bracket_leads(blocks)
    cut = _cut_off_run(blocks) if not any(b.kind == "teaser_header" for b in blocks) else None
    if cut is not None:
        blocks = [*blocks[:cut], Block("", "teaser_header"), *blocks[cut:]]
    segments: list[Segment] = []
    page_meta = next((b.date for b in blocks if b.kind == "meta" and b.date), None)
    units = _units(blocks)
    page_keys = content_keys(" ".join(b.text for u in units if not u.teaser for b in u.blocks))
    items = Counter(u.list_id for u in units if u.teaser)
    summaries = Counter(u.list_id for u in units if u.teaser and u.has_body())
    seen_lists: set[int] = set()
    for unit in units:
        first = unit.teaser and unit.list_id not in seen_lists
        seen_lists.add(unit.list_id)

        def keep(line: str, unit: _Unit = unit, first: bool = first) -> bool:
            features = headline_features(line, unit.header, page_keys, items[unit.list_id], summaries[unit.list_id], first)
            return (decide or (lambda _line, f: keep_headline(f)))(_clean_title(line), features)
        seg = _to_segment(unit.blocks, unit.teaser, keep)
        if seg is None or len(seg.text) < 20:
            continue
        if not unit.teaser:
            seg.published = seg.published or page_date or page_meta
        segments.extend(_bounded(seg))
    return segments


def _bounded(seg: Segment) -> list[Segment]:
    """An article longer than MAX_ARTICLE characters (a book, a dump with no structure) is
    read in parts of whole paragraphs, each an article of its own: the rules weigh the
    mentions of an article against each other, so their cost grows faster than its length.
    Parts after the first have no title (a title is where an article starts)."""
    if sum(len(p) for p in seg.paragraphs) <= MAX_ARTICLE:
        return [seg]
    parts: list[list[str]] = [[]]
    size = 0
    for para in seg.paragraphs:
        if parts[-1] and size + len(para) > MAX_ARTICLE:
            parts.append([])
            size = 0
        parts[-1].append(para)
        size += len(para)
    return [Segment(seg.title if i == 0 else None, part, seg.published, seg.is_teaser) for i, part in enumerate(parts)]
