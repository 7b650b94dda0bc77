"""Date expressions in English and Chinese, resolved to the calendar.

A date keeps only what the text knows: "July 2015" is "2015-07"; "On June 16" is a
full date only when the article's publication date supplies the year, else it is
dropped (null rather than a guess). Chinese month-day forms ("11月10日", "9日") are
parsed here because dateparser misreads them; dateparser resolves English relative
words ("yesterday", "last month") against the publication date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY = r"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"

EN_PATTERNS = [
    # "28 June to 2 July 2021", "June 28 - July 2, 2021": a range across two months
    re.compile(rf"\b(?P<d1>[0-3]?\d)\s+{_MON}\s*(?:-|–|to|until)\s*(?P<d2>[0-3]?\d)\s+(?P<mon2>{_MON[8:-4]})\.?,?\s+{_YEAR}\b"),
    re.compile(rf"\b{_MON}\s+(?P<d1>[0-3]?\d)\s*(?:-|–|to|until)\s*(?P<mon2>{_MON[8:-4]})\.?\s+(?P<d2>[0-3]?\d),?\s+{_YEAR}\b"),
    re.compile(rf"\b{_WEEKDAY}{_MON}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+{_MON},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_MON},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_MON}\s+{_DAY}\b(?!,?\s+(?:19|20)\d{{2}})(?!\s*(?:%|per\b|million|billion))"),
    re.compile(rf"\b{_DAY}\s+{_MON}\b(?!,?\s+(?:19|20)\d{{2}})"),
    re.compile(r"\b(?P<iy>(?:19|20)\d{2})[-/.](?P<im>[01]?\d)[-/.](?P<id>[0-3]?\d)\b"),
    re.compile(rf"\b(?:in|since|by|during|from|until|of|early|late|mid-?)\s+{_YEAR}\b(?![-/]\d)"),
    re.compile(r"\b(?P<dd>[0-3]?\d)\.(?P<dm>[01]?\d)\.(?P<dy>(?:19|20)\d{2})\b"),  # "12.12.2013": day first
]
_EN_RELATIVE = re.compile(r"(?i)\b(yesterday|today|tomorrow|this (?:week|month|year)|last (?:week|month|year))\b")

_ZH_NUM_DAY = r"(?P<d1>[0-3]?\d)(?:日|号)?(?:\s*(?:-|–|—|~|至|到)\s*(?P<d2>[0-3]?\d)(?:日|号))?"
ZH_PATTERNS = [
    # "2021年6月28日至7月2日": a range across two months
    re.compile(r"(?<![\d年])(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<mon>[01]?\d)\s*月\s*(?P<d1>[0-3]?\d)\s*[日号]\s*(?:-|–|—|~|至|到)"
               r"\s*(?P<mon2>[01]?\d)\s*月\s*(?P<d2>[0-3]?\d)\s*[日号]"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<mon>[01]?\d)\s*月\s*(?P<d1>[0-3]?\d)\s*(?:日|号)(?:\s*(?:-|–|—|~|至|到)\s*(?P<d2>[0-3]?\d)\s*(?:日|号))?"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<mon>[01]?\d)\s*月(?!\s*[0-3]?\d\s*(?:日|号))"),
    re.compile(r"(?<![\d年])(?P<mon>[01]?\d)\s*月\s*(?P<d1>[0-3]?\d)\s*(?:日|号)(?:\s*(?:-|–|—|~|至|到)\s*(?P<d2>[0-3]?\d)\s*(?:日|号)?)?"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?!\s*[01]?\d\s*月)(?!\d)"),
    re.compile(r"(?<![\d月年/\-.:])(?P<d1>[0-3]?\d)\s*日(?![本元])"),
    re.compile(r"(?<=[今昨前明])[（(]\s*(?P<d1>[0-3]?\d)\s*[)）]\s*日"),   # "今(26)日": today, the 26th
    re.compile(r"(?P<iy>(?:19|20)\d{2})[-/.](?P<im>[01]?\d)[-/.](?P<id>[0-3]?\d)(?!\d)"),
]
_ZH_RELATIVE = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1}
_ZH_RELATIVE_YEAR = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}
_ZH_REL_RE = re.compile(r"(今天|今日|昨天|昨日|前天|明天)|(今年|去年|明年|前年)\s*(?:(?P<mon>[01]?\d)\s*月(?:\s*(?P<d1>[0-3]?\d)\s*日)?)?")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str              # YYYY, YYYY-MM or YYYY-MM-DD
    end_value: str | None   # the last day of a range ("November 9-10, 2023")


def _ymd(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return f"{year:04d}"


def _infer_year(month: int, day: int | None, published: dt.date) -> int:
    """The year of a month-day with no year: the publication year, unless that lands
    more than half a year after publication (then it was last year)."""
    try:
        candidate = dt.date(published.year, month, day or 1)
    except ValueError:
        return published.year
    return published.year - 1 if (candidate - published).days > 183 else published.year


def parse_iso(value: str | None) -> dt.date | None:
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _resolve(groups: dict, published: dt.date | None) -> tuple[str | None, str | None]:
    if groups.get("iy"):
        return _ymd(int(groups["iy"]), int(groups["im"]), int(groups["id"])), None
    if groups.get("dy"):
        return _ymd(int(groups["dy"]), int(groups["dm"]), int(groups["dd"])), None
    mon = groups.get("mon")
    month = None
    if mon:
        month = int(mon) if mon.isdigit() else _MONTHS.get(mon.lower().rstrip("."))
    d1 = int(groups["d1"]) if groups.get("d1") else None
    d2 = int(groups["d2"]) if groups.get("d2") else None
    year = int(groups["year"]) if groups.get("year") else None
    if year is None:
        if published is None:
            return None, None
        if month is None:  # Chinese "26日": the publication month, or the one before it
            if d1 is None:
                return None, None
            month, year = published.month, published.year
            if d1 > published.day:
                month, year = (12, year - 1) if month == 1 else (month - 1, year)
        else:
            year = _infer_year(month, d1, published)
    start = _ymd(year, month, d1)
    end = _ymd(year, month, d2) if d2 is not None and month is not None else None
    if groups.get("mon2") and month is not None:   # a range across months, perhaps into the next year
        month2 = int(groups["mon2"]) if groups["mon2"].isdigit() else _MONTHS.get(groups["mon2"].lower().rstrip("."))
        end = _ymd(year + (month2 < month), month2, d2) if month2 else None
    return start, end


def find_dates(text: str, language: str, published: str | None) -> list[DateMention]:
    """Every date expression in `text` that resolves, left to right, without overlaps."""
    pub = parse_iso(published)
    patterns = ZH_PATTERNS if language == "zh" else EN_PATTERNS
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for pattern in patterns:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            value, end_value = _resolve(m.groupdict(), pub)
            if value:
                found.append(DateMention(m.start(), m.end(), value, end_value))
            taken.append((m.start(), m.end()))
    if pub is not None:
        found.extend(_relative_dates(text, language, pub, free))
    found.sort(key=lambda d: d.start)
    return _same_day(text, found, free)


# "当日", "同日", "on the same day": the day told last before it.
_SAME_DAY = re.compile(r"当日|當日|当天|當天|同日|同一天|(?i:\b(?:on )?(?:the same day|that day)\b)")


def _same_day(text: str, found: list[DateMention], free) -> list[DateMention]:
    """Each "same day" word, dated by the full date told last before it."""
    out = list(found)
    for m in _SAME_DAY.finditer(text):
        before = [d for d in found if d.end <= m.start() and len(d.value) == 10]
        if before and free(m.start(), m.end()):
            out.append(DateMention(m.start(), m.end(), before[-1].value, None))
    return sorted(out, key=lambda d: d.start)


_EN_WEEKDAY = re.compile(r"(?i)\b(?:on|last|this past|said|says|announced|(?:was|were) (?:signed|held|opened|launched))\s+"
                         r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                         r"(?!,?\s+(?:the\s+)?\d|,?\s+(?:January|February|March|April|May|June|July|August|September|October|"
                         r"November|December))")
_ZH_WEEKDAY = re.compile(r"(?:上)?(?:周|星期|礼拜)([一二三四五六日天])(?![\d一二三四五六七八九十]*[月日号])")
_WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAYS_ZH = "一二三四五六日"


def _last_weekday(pub: dt.date, weekday: int) -> dt.date:
    """The most recent such weekday on or before the publication date (news tells what happened)."""
    return pub - dt.timedelta(days=(pub.weekday() - weekday) % 7)


def _relative_dates(text: str, language: str, pub: dt.date, free) -> list[DateMention]:
    out = []
    weekday_re = _ZH_WEEKDAY if language == "zh" else _EN_WEEKDAY
    for m in weekday_re.finditer(text):
        if free(m.start(), m.end()):
            name = m.group(1)
            day = _WEEKDAYS_ZH.index("日" if name == "天" else name) if language == "zh" else _WEEKDAYS_EN.index(name.lower())
            out.append(DateMention(m.start(), m.end(), _last_weekday(pub, day).isoformat(), None))
    if language == "zh":
        for m in _ZH_REL_RE.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if m.group(1):
                day = pub + dt.timedelta(days=_ZH_RELATIVE[m.group(1)])
                out.append(DateMention(m.start(), m.end(), day.isoformat(), None))
            else:
                year = pub.year + _ZH_RELATIVE_YEAR[m.group(2)]
                month = int(m.group("mon")) if m.group("mon") else None
                day_ = int(m.group("d1")) if m.group("d1") else None
                value = _ymd(year, month, day_)
                if value:
                    out.append(DateMention(m.start(), m.end(), value, None))
        return out
    for m in _EN_RELATIVE.finditer(text):
        if free(m.start(), m.end()):
            value = _parse_relative_en(m.group(1).lower(), pub)
            if value:
                out.append(DateMention(m.start(), m.end(), value, None))
    return out


@lru_cache(maxsize=512)
def _parse_relative_en(phrase: str, pub: dt.date) -> str | None:
    import dateparser  # loaded on first use: most articles have no relative dates

    base = dt.datetime(pub.year, pub.month, pub.day, 12, 0)
    parsed = dateparser.parse(phrase, languages=["en"], settings={"RELATIVE_BASE": base})
    if parsed is None:
        return None
    if "month" in phrase:
        return parsed.strftime("%Y-%m")
    if "year" in phrase:
        return parsed.strftime("%Y")
    return parsed.date().isoformat()


def page_date_mention(line: str) -> DateMention | None:
    """The first full date (YYYY-MM-DD) a page header or meta line states, with where it stands."""
    language = "zh" if re.search(r"[年月日]", line) else "en"
    return next((m for m in find_dates(line, language, None) if len(m.value) == 10), None)


def find_page_date(line: str) -> str | None:
    """The full date (YYYY-MM-DD) a page header or meta line states, if any."""
    mention = page_date_mention(line)
    return mention.value if mention else None


# A news dateline opening a paragraph: "新华社内罗毕9月2日电", "中新网北京6月3日电", "NAIROBI, March 4 (Xinhua) --",
# "KIGALI, Rwanda, Dec. 18, 2023 /PRNewswire/ --". Its date is the day the article was filed.
_DATELINE_ZH = re.compile(
    r"^[（(【\[]?(?:新华社|新華社|中新社|中新网|中新網|本报|本報|人民网|人民網|央视网|央視網|国际在线|國際在線)"
    r"[^，,。\n]{0,24}?(?:电|電|讯|訊)"
)
_DATELINE_EN = re.compile(
    r"^[A-Z][A-Za-z .'-]{2,40},(?:\s+[A-Z][A-Za-z .'-]{2,30},)?\s+(?:[A-Z][a-z]{2,8}\.?\s+[0-3]?\d|[0-3]?\d\s+[A-Z][a-z]{2,8}\.?)"
    r"(?:,?\s+(?:19|20)\d{2})?\s*(?:\([^)]{2,40}\)|/[^/\n]{2,40}/)?\s*[-–—]"
)


def dateline_date(paragraph: str, language: str, published: str | None) -> str | None:
    """The full date of a news dateline opening `paragraph`, resolved against the page's date
    (a month-day with no year takes its year from it)."""
    m = (_DATELINE_ZH if language == "zh" else _DATELINE_EN).match(paragraph)
    if m is None:
        return None
    found = [d for d in find_dates(m.group(), language, published) if len(d.value) == 10]
    return found[0].value if found else None
