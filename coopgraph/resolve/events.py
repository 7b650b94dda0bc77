"""Event coreference: the reports of one real-world event, across articles and languages,
become one event with every report as a source — a stage after entity resolution, run in
the same transaction, so that counts, partner rankings, timelines and maps count events,
not articles.

Two reports join when their evidence adds up (`compare`): the same type and status, dates
that can be the same (a month-only date holds a day in it, a year-only date any date in
that year; an undated report is placed by its article's publication date, more loosely),
the same resolved participants and created institution (entity ids, so names in two
languages meet through entity resolution), the same place and, in one language, the same
name. Where entity resolution left one body apart in two languages, weaker ties stand in:
the same edition of a named meeting, the same day and place, parties of one type and
country (or a country and its body) on each side; across languages, the kind of document
("framework agreement", 框架协议) and the amounts ("15 millions of doses", 1500万剂) that the
names give. Look-alikes are kept apart by hard conflicts: dates that cannot meet (the same two
partners signing again another year), another edition number or year in the names (the
6th and the 7th forum, "第七届"), a planned act beside one that happened (unless the plan
names the act's very day, or its day and the act is undated and not published before it),
other parties on each side of an agreement, two events of one article. Reports are joined
best pair first, and a join is refused when any report of one side conflicts with any of
the other, so chains cannot pull look-alikes together.

Each join records its rule and evidence (`coopgraph why EVENT`). Within an event, reports
that copy one text — the same page twice, near-duplicate texts (syndicated wire copy), a
repost naming the same original outlet, or a translation (multilingual-e5 embeddings of the
two articles) — count once as independent sources (`sources.py`). Values on which reports
disagree (dates, place, names in one language, created institution) are all kept with the
reports that give them.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from coopgraph.resolve.ids import gone_event_ids, reclaim_event_id, redirect_event_ids
from coopgraph.resolve.keys import gazetteer_place, name_key
from coopgraph.text import initials
from coopgraph.resolve.sources import copy_groups

JOIN_SCORE = 3.0        # evidence a join needs (see `compare`); tuned on corpus train + dev
NAMES_ALIKE = 0.5       # names in one language: the share of letter pairs that makes them alike
NAMES_APART = 0.2       # ... and below which they are unlike
UNDATED_DAYS = 120      # an undated report: published this long after (or a week before) the other's date
NEWS_DAYS = 7           # ... and within a week of it, the news of that event
UNPLACED = "one report neither dated nor published"


@dataclass
class Report:
    """One article's event, with its participants as resolved entities."""
    id: int
    article_id: int
    document_id: int
    language: str
    published: str | None
    type: str
    status: str
    name: str | None
    date: str | None
    date_end: str | None
    evidence: str
    place: int | None = None
    creates: int | None = None
    participants: dict[int, str] = field(default_factory=dict)   # entity id -> role
    kinds: dict[int, str] = field(default_factory=dict)          # entity id -> entity type
    names: dict[int, str] = field(default_factory=dict)          # entity id -> display name
    countries: dict[int, str | None] = field(default_factory=dict)   # entity id -> its country code

    @property
    def entities(self) -> set[int]:
        return set(self.participants) | ({self.creates} if self.creates else set())


def load_reports(conn: sqlite3.Connection) -> list[Report]:
    """The events of relevant articles that no analyst judged wrong, with resolved entities."""
    rows = conn.execute(
        """SELECT v.id, v.article_id, a.document_id, a.language, a.published, v.type, v.status, v.name, v.date,
                  v.date_end, substr(a.text, v.ev_start + 1, v.ev_end - v.ev_start) AS evidence,
                  rp.entity_id AS place_entity, ep.type AS place_type, ep.name AS place_name,
                  ep.country AS place_country, rc.entity_id AS creates_entity, ec.type AS creates_type,
                  ec.name AS creates_name, ec.country AS creates_country
           FROM events v JOIN articles a ON a.id = v.article_id
           LEFT JOIN resolution rp ON rp.mention_id = v.place LEFT JOIN resolution rc ON rc.mention_id = v.creates
           LEFT JOIN entities ep ON ep.id = rp.entity_id LEFT JOIN entities ec ON ec.id = rc.entity_id
           WHERE a.relevant = 1 AND v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
           ORDER BY v.id""").fetchall()
    reports = {r["id"]: Report(r["id"], r["article_id"], r["document_id"], r["language"], r["published"], r["type"],
                               r["status"], r["name"], r["date"], r["date_end"], r["evidence"] or "",
                               r["place_entity"], r["creates_entity"]) for r in rows}
    for r in rows:
        report = reports[r["id"]]
        if r["place_entity"] is not None:   # (its kind and country: see `place_relation`)
            report.kinds[report.place], report.names[report.place] = r["place_type"], r["place_name"]
            report.countries[report.place] = r["place_country"]
        if r["creates_entity"] is not None:
            report.kinds[report.creates], report.names[report.creates] = r["creates_type"], r["creates_name"]
            report.countries[report.creates] = r["creates_country"]
    for r in conn.execute(
        """SELECT p.event_id, p.role, e.id, e.type, e.name, e.country FROM participants p
           JOIN resolution r ON r.mention_id = p.mention_id JOIN entities e ON e.id = r.entity_id
           WHERE p.mention_id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'mention')"""):
        report = reports.get(r["event_id"])
        if report is not None:
            report.participants.setdefault(r["id"], r["role"])
            report.kinds[r["id"]], report.names[r["id"]] = r["type"], r["name"]
            report.countries[r["id"]] = r["country"]
    return list(reports.values())


# ---- dates -------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def interval(date: str | None, date_end: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The days a date may stand for: '2023' is the whole year, '2023-05' the month."""
    start = _bounds(date)
    if start is None:
        return None
    end = _bounds(date_end) if date_end else None
    return start[0], max(start[1], end[1]) if end else start[1]


@lru_cache(maxsize=65536)
def _bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not m:
        return None
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    try:
        if day:
            d = dt.date(year, month, day)
            return d, d
        if month:
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
            return dt.date(year, month, 1), last
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def _precision(date: str | None) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "none")


def date_evidence(a: Report, b: Report) -> tuple[float, str | None, str | None]:
    """(score, evidence, conflict) of two reports' dates."""
    ia, ib = interval(a.date, a.date_end), interval(b.date, b.date_end)
    if ia and ib:
        if ia[0] <= ib[1] and ib[0] <= ia[1]:
            if ia == ib and _precision(a.date) == "day":
                return 2.0, f"same day {a.date}", None
            if ia == ib:
                return 1.0, f"same {_precision(a.date)} {a.date}", None
            finer, coarser = (a, b) if ia[1] - ia[0] <= ib[1] - ib[0] else (b, a)
            return 1.0, f"{finer.date} falls in the {_precision(coarser.date)}-only date {coarser.date}", None
        gap = min(abs((ia[0] - ib[1]).days), abs((ib[0] - ia[1]).days))
        if gap <= 1:
            return 0.0, f"dates a day apart ({a.date}, {b.date}: time zones or a report's slip)", None
        return 0.0, None, f"dates cannot meet ({a.date} vs {b.date})"
    dated, undated = (a, b) if ia else (b, a)
    span = interval(dated.date, dated.date_end)
    published = _bounds(undated.published)
    if span and published:
        if span[0] - dt.timedelta(days=1) <= published[0] <= span[1] + dt.timedelta(days=NEWS_DAYS):
            return 1.0, f"undated report published {undated.published}, days after {dated.date}", None
        if span[0] - dt.timedelta(days=7) <= published[0] <= span[1] + dt.timedelta(days=UNDATED_DAYS):
            return 0.0, f"undated report published {undated.published}, near {dated.date}", None
        return 0.0, None, f"undated report published {undated.published}, far from {dated.date}"
    if span:
        return 0.0, f"{UNPLACED}, the other dated {dated.date}", None   # see `compare`
    pa, pb = _bounds(a.published), _bounds(b.published)
    if not span and pa and pb:
        if abs((pa[0] - pb[0]).days) <= NEWS_DAYS:
            return 1.0, f"both undated, published days apart ({a.published}, {b.published})", None
        if abs((pa[0] - pb[0]).days) <= UNDATED_DAYS:
            return 0.0, f"both undated, published {a.published} and {b.published}", None
        return 0.0, None, f"both undated, published far apart ({a.published}, {b.published})"
    if pa or pb:
        return 0.0, f"{UNPLACED}, the other published {a.published or b.published}", None   # see `compare`
    return 0.0, "undated", None


# ---- editions ----------------------------------------------------------------------------

_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_EN_ORDINAL = re.compile(r"\b(\d{1,3})\s?(?:st|nd|rd|th)\b|\b(" + "|".join(_ORDINAL_WORDS) + r")\b", re.I)
_ZH_ORDINAL = re.compile(r"第\s*([0-9０-９一二三四五六七八九十百零〇两]+)\s*[届屆次期]|首\s*[届屆次期]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for c in text:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in "十百":
            total += (digit or 1) * (10 if c == "十" else 100)
            digit = 0
        else:
            return None
    return total + digit


@lru_cache(maxsize=65536)
def editions(text: str | None) -> tuple[frozenset[int], frozenset[int]]:
    """The edition numbers ("13th", "seventh", "第七届") and years a series' name holds."""
    if not text:
        return frozenset(), frozenset()
    ordinals = {int(m[1]) if m[1] else _ORDINAL_WORDS[m[2].lower()] for m in _EN_ORDINAL.finditer(text)}
    ordinals |= {n for m in _ZH_ORDINAL.finditer(text) if (n := _zh_number(m[1]) if m[1] else 1) is not None}
    return frozenset(ordinals), frozenset(int(y) for y in _YEAR.findall(text))


def shared_edition(a: Report, b: Report) -> int | None:
    """The edition number both meetings' names give ("12th", "第十二次"; "first", "首届"), in
    any two languages: a named meeting series met in one edition."""
    if a.type != "MEETING":
        return None
    common = editions(a.name)[0] & editions(b.name)[0]
    return min(common) if common else None


def edition_conflict(a: Report, b: Report) -> str | None:
    """Another edition of a series: edition numbers or years in the names that differ."""
    (oa, ya), (ob, yb) = editions(a.name), editions(b.name)
    if oa and ob and not oa & ob:
        return f"another edition ({sorted(oa)[0]} vs {sorted(ob)[0]})"
    if ya and yb and not ya & yb:
        return f"another year in the name ({sorted(ya)[0]} vs {sorted(yb)[0]})"
    return None


# ---- kinds of document -------------------------------------------------------------------

# The kind of document an agreement's name says, in either language: names across languages
# share no letters, but "framework agreement" and 框架协议 say one kind, 谅解备忘录 another.
# A bare "agreement"/协议 says no kind.
_DOCUMENT_KINDS = {
    "memorandum": r"memorandum|\bmou\b|备忘录|備忘錄",
    "framework agreement": r"framework agreement|框架协议|框架協議|框架协定|框架協定",
    "letter of intent": r"letters? of intent|意向书|意向書",
    "protocol": r"\bprotocol|议定书|議定書",
    "declaration": r"declaration|宣言",
    "joint statement": r"joint statement|联合声明|聯合聲明",
    "roadmap": r"road ?map|路线图|路線圖",
    "licence": r"\blicen[cs]",
    "contract": r"\bcontract|purchase agreement|supply agreement|procurement|合同|采购协议|採購協議|供应协议|供應協議",
}
_DOCUMENT_KIND_PATTERNS = {kind: re.compile(pattern, re.I) for kind, pattern in _DOCUMENT_KINDS.items()}


@lru_cache(maxsize=65536)
def document_kinds(name: str | None) -> frozenset[str]:
    """The kinds of document an agreement's name says ("contract", "memorandum"), any language."""
    return frozenset(k for k, pattern in _DOCUMENT_KIND_PATTERNS.items() if name and pattern.search(name))


def kind_evidence(a: Report, b: Report) -> tuple[float, str | None]:
    """Across languages, where names are not compared letter by letter: the same kind of
    document 1, only other kinds -1 (a framework agreement and a memorandum signed on one
    visit are two documents), else nothing."""
    if a.type != "AGREEMENT":
        return 0.0, None
    return _names_across_languages(a, b, document_kinds, lambda k: f"both name a {k} in two languages",
                                   lambda x, y: f"names of other kinds of document ({x}; {y})")


def _names_across_languages(a: Report, b: Report, read, same, other) -> tuple[float, str | None]:
    """What both names say across languages (`read` gives a set from a name): a value in
    common 1, only other values -1, else nothing; in one language names are compared whole."""
    if a.language == b.language:
        return 0.0, None
    xa, xb = read(a.name), read(b.name)
    if xa & xb:
        return 1.0, same(min(xa & xb))
    if xa and xb:
        return -1.0, other(min(xa), min(xb))
    return 0.0, None


# ---- quantities --------------------------------------------------------------------------

_SCALES = {"thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
           "bn": 10**9, "千": 10**3, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_QUANTITY = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d{3})*(?:\.\d+)?)\s*(thousand|millions?|billions?|bn\b|千|万|萬|亿|億)",
                       re.I)


@lru_cache(maxsize=65536)
def quantities(name: str | None) -> frozenset[int]:
    """The amounts a name gives with their scale, in either language: "15 millions of doses"
    and "1500万剂" are both 15,000,000 (a bare number may be a year, an edition, a count)."""
    out = set()
    for number, scale in _QUANTITY.findall(name or ""):
        value = float(number.replace(",", "")) * _SCALES[scale.lower()]
        out.add(round(value))
    return frozenset(out)


def quantity_evidence(a: Report, b: Report) -> tuple[float, str | None]:
    """Across languages, amounts in both names: one in common 1 (the same 15 million doses),
    none -1."""
    return _names_across_languages(a, b, quantities, lambda q: f"both names give the amount {q:,}",
                                   lambda x, y: f"names give other amounts ({x:,}; {y:,})")


# ---- two reports -------------------------------------------------------------------------

def name_likeness(a: str | None, b: str | None) -> float | None:
    """Dice overlap of two names' character pairs (case, width, script variant blind), or None
    when one is missing; for names in one language only (across languages they share none)."""
    ka, kb = name_key(a or ""), name_key(b or "")
    if len(ka) < 2 or len(kb) < 2:
        return None
    pa, pb = {ka[i:i + 2] for i in range(len(ka) - 1)}, {kb[i:i + 2] for i in range(len(kb) - 1)}
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def preview(a: Report, b: Report) -> bool:
    """A plan dated to the very day of an act that happened is that act announced (a launch
    previewed with its date, a signing planned for a meeting's closing day); so is a plan dated
    to a day beside an undated report of the act on a page published that day or after (or on
    a page without a date: nothing says the act came before the plan). An undated plan says
    nothing of which act it foretells: the same partners plan further agreements."""
    plan, act = (a, b) if a.status == "planned" else (b, a)
    if _precision(plan.date) != "day":
        return False
    if act.date:
        return plan.date == act.date
    published = _bounds(act.published)
    return published is None or _bounds(plan.date)[0] <= published[0]


def conflict(a: Report, b: Report) -> str | None:
    """Why two reports cannot be one event, or None."""
    if a.article_id == b.article_id:
        return "two events of one article"
    if a.type != b.type:
        return "another type"
    if a.status != b.status and not preview(a, b):
        return "a planned act and one that happened"
    return edition_conflict(a, b) or counterpart_conflict(a, b) or date_evidence(a, b)[2]


def counterpart_conflict(a: Report, b: Report) -> str | None:
    """An agreement or a membership is defined by its parties: when each report names an
    organisation the other does not ("KEMRI and WHO", "KEMRI and Pasteur" on one day), they
    are two acts, however much else they share (one body signs with several at one ceremony)."""
    if a.type not in ("AGREEMENT", "MEMBERSHIP"):
        return None
    kinds = ("ORG", "COUNTRY") if a.type == "MEMBERSHIP" else ("ORG",)   # Rwanda or the UAE joins IVI

    def bodies(r: Report, other: Report) -> set[int]:
        return unmatched(r, other, {e for e in set(r.participants) - set(other.participants) - {other.creates}
                                    if r.kinds.get(e) in kinds})
    only_a, only_b = bodies(a, b), bodies(b, a)
    if only_a and only_b:
        return f"other parties on each side ({', '.join(sorted(a.names.get(e, str(e)) for e in only_a))}; " \
               f"{', '.join(sorted(b.names.get(e, str(e)) for e in only_b))})"
    return None


def may_be_one(r: Report, e: int, other: Report, f: int) -> bool:
    """Whether entity e of report r and f of the other may be one body that entity resolution
    left apart: across languages, one type and one known country (赛达尔医药集团, Saidal: a
    translated name shares no key); in one language, one type, no two countries, and one name
    inside the other ("Anhui Zhifei Longcom Biopharmaceutical Co., Ltd") or its initials (AIIA)."""

    if r.kinds.get(e) != other.kinds.get(f):
        return False
    ce, cf = r.countries.get(e), other.countries.get(f)
    if r.language != other.language:
        return ce is not None and ce == cf
    if ce and cf and ce != cf:
        return False
    ke, kf = name_key(r.names.get(e) or ""), name_key(other.names.get(f) or "")
    short, long_ = sorted((ke, kf), key=len)
    return len(short) >= 4 and (short in long_ or short == initials(r.names.get(e) if short == kf else
                                                                      other.names.get(f) or ""))


def unmatched(r: Report, other: Report, ids: set[int]) -> set[int]:
    """Of `ids`, entities of report r that the other report does not name, those that cannot be
    one of the other's own (`may_be_one`)."""
    theirs = set(other.participants) - set(r.participants)
    return {e for e in ids if not any(may_be_one(r, e, other, f) for f in theirs)}


def same_creation(a: Report, b: Report) -> int | None:
    """The institution both reports create, or one creates and the other, creating nothing,
    names as a party (the lab opened, the lab that signs; but a centre that opens an office
    is not the centre's founding)."""
    if a.creates and (a.creates == b.creates or (not b.creates and a.creates in b.participants)):
        return a.creates
    return b.creates if b.creates and not a.creates and b.creates in a.participants else None


def place_relation(a: Report, b: Report) -> str | None:
    """How two reports' places relate: "same" entity; "within", a country and a place in it
    (冰岛 and Akureyri); "may be one", across languages two places of one type and country
    that entity resolution could not meet because the gazetteer knows one of them in one
    language only (哈利法工业区, Khalifa Industrial Zone Abu Dhabi; two known places, 三亚 and
    Beijing, would have met by their geonames id); else "another"; None when either has none."""
    if a.place is None or b.place is None:
        return None
    if a.place == b.place:
        return "same"
    (ka, ca), (kb, cb) = (a.kinds.get(a.place), a.countries.get(a.place)), (b.kinds.get(b.place), b.countries.get(b.place))
    if ca is not None and ca == cb and "COUNTRY" in (ka, kb) and ka != kb:
        return "within"
    if a.language != b.language and ca is not None and ca == cb and ka == kb != "COUNTRY" and \
            not (gazetteer_place(a.names.get(a.place) or "") and gazetteer_place(b.names.get(b.place) or "")):
        return "may be one"
    return "another"


def _same_month(a: Report, b: Report) -> bool:
    """Both dated to the same month at least ("2014-06" and "2014-06-12")."""
    return len(a.date or "") >= 7 and len(b.date or "") >= 7 and a.date[:7] == b.date[:7]


def _parties_apart(a: Report, b: Report) -> bool:
    """Each report names a participant that is none of the other's, nor may be one of them."""
    return bool(unmatched(a, b, set(a.participants) - set(b.participants))) and \
        bool(unmatched(b, a, set(b.participants) - set(a.participants)))


def anchor(a: Report, b: Report) -> str | None:
    """What ties two reports that share no resolved participant nor creation: the same edition
    of a named meeting held at the same place or on the same day, or in one month at a place
    and the country it is in (unless each names participants the other does not); or, across
    languages (where entity resolution can miss every participant), the same day and place."""
    same_day = _precision(a.date) == "day" and a.date == b.date
    same_place = a.place is not None and a.place == b.place
    if (edition := shared_edition(a, b)) and (same_day or same_place):
        return f"both name edition {edition} of a meeting"
    if edition and place_relation(a, b) == "within" and _same_month(a, b) and not _parties_apart(a, b):
        return f"both name edition {edition} of a meeting, in one month, one place inside the other's country"
    if a.language != b.language and same_day and same_place:
        return "the same day and place, reported in two languages"
    if len(pairs := counterparts(a, b)) >= 2:
        return f"every party has a counterpart of its country in the other language ({len(pairs)})"
    return None


def counterparts(a: Report, b: Report) -> list[tuple[int, int]]:
    """Across languages, when every participant either report alone names may stand for one of
    the other's — may be the same body (`may_be_one`: 国药集团 and Sinopharm, G42 and Group 42),
    or is a country and a body of it (China and 中国科学院 as the parties of one memorandum) —
    those pairs; else none."""
    def stands_for(e: int, f: int) -> bool:
        kinds, home = {a.kinds.get(e), b.kinds.get(f)}, a.countries.get(e)
        return may_be_one(a, e, b, f) or (kinds == {"COUNTRY", "ORG"} and home is not None and home == b.countries.get(f))
    only_a, only_b = set(a.participants) - set(b.participants), set(b.participants) - set(a.participants)
    pairs = [(e, f) for e in sorted(only_a) for f in sorted(only_b) if stands_for(e, f)]
    if a.language == b.language or not only_a or {e for e, _ in pairs} != only_a or {f for _, f in pairs} != only_b:
        return []
    return pairs


def compare(a: Report, b: Report) -> tuple[float, list[str]] | None:
    """The evidence that two reports are one event, as (score, reasons); None when they
    conflict, or share no participant nor creation and nothing else ties them (`anchor`).

    Score: each shared organisation or person 2, a shared country 1, each party standing for
    one of the other's across languages 1 (`counterparts`), the same created institution 3
    (one that may be it 1, another one -2), the same place 1 (another one -1; a place and its
    country, or places that may be one, 0: `place_relation`), the same meeting edition 2 (else
    the same year in the names 1), the same day 2 (a coarser date holding the other 1), no date
    nor publication date on either side -1, one report neither dated nor published -1 unless a
    name alike (with no other party on each side), the creation or the edition tells which act,
    two or more other participants on each side -1, in one language names alike 1 (unlike -1);
    across languages, where names share no letters, the same kind of document 1 (other kinds
    -1: `kind_evidence`) and the same amount 1 (other amounts -1: `quantity_evidence`). Joins
    need JOIN_SCORE. (Names across languages are not compared whole: e5 similarities of event
    names were 0.84-0.90 for one event and 0.83-0.88 for two, on corpus train + dev.)"""
    if conflict(a, b):
        return None
    shared = (set(a.participants) & set(b.participants)) - {a.creates, b.creates}
    created = same_creation(a, b)
    tie = None if shared or created else anchor(a, b)
    if not shared and not created and not tie:
        return None
    score, reasons = 0.0, [tie] if tie else []
    for e in sorted(shared, key=lambda e: a.names.get(e, "")):
        weight = 1.0 if a.kinds.get(e) in ("COUNTRY", "PLACE") else 2.0
        score += weight
        reasons.append(f"both name {a.names.get(e)} (entity {e})")
    stand_ins = counterparts(a, b)
    if tie and stand_ins:
        score += len({e for e, _f in stand_ins})   # half a shared body each: the names did not meet
    if shared and all(a.kinds.get(e) in ("COUNTRY", "PLACE") for e in shared) and not created:
        score -= 1.0   # two countries sign many things in one visit
        reasons.append("only countries in common")
    if created:
        score += 3.0
        reasons.append(f"both create entity {created}" if a.creates == b.creates else
                       f"one creates entity {created}, which the other names")
    elif a.creates and b.creates and may_be_one(a, a.creates, b, b.creates):
        score += 1.0
        reasons.append(f"creations that may be one institution ({a.names.get(a.creates)}; {b.names.get(b.creates)})")
    elif a.creates and b.creates:
        score -= 2.0
        reasons.append("each creates another institution")
    if (where := place_relation(a, b)) == "same":
        score += 1.0
        reasons.append(f"same place (entity {a.place})")
    elif where == "another":
        score -= 1.0
        reasons.append(f"another place (entities {a.place}, {b.place})")
    elif where:
        reasons.append(f"places that may be one ({a.names.get(a.place)}; {b.names.get(b.place)}: {where})")
    if edition := shared_edition(a, b):
        score += 2.0
        reasons.append(f"both name edition {edition} of the meeting")
    elif a.type == "MEETING" and (year := editions(a.name)[1] & editions(b.name)[1]):
        score += 1.0   # "2018 Beijing Summit", "2018年…北京峰会": a series' edition by its year
        reasons.append(f"both names hold the year {min(year)}")
    only_a = unmatched(a, b, set(a.participants) - set(b.participants)) - {e for e, _f in stand_ins}
    only_b = unmatched(b, a, set(b.participants) - set(a.participants)) - {f for _e, f in stand_ins}
    if len(only_a) >= 2 and len(only_b) >= 2:
        score -= 1.0
        reasons.append(f"other participants on both sides ({len(only_a)} and {len(only_b)})")
    points, said, _ = date_evidence(a, b)
    score += points
    if said:
        reasons.append(said)
    alike = name_likeness(a.name, b.name) if a.language == b.language else None
    if alike is not None and alike >= NAMES_ALIKE:
        score += 1.0
        reasons.append(f"names alike ({alike:.0%} of letter pairs)")
    elif alike is not None and alike < NAMES_APART:
        score -= 1.0
        reasons.append(f"names unlike ({alike:.0%} of letter pairs)")
    for points, said_name in (kind_evidence(a, b), quantity_evidence(a, b)):
        if said_name:
            score += points
            reasons.append(said_name)
    if said == "undated":
        score -= 1.0   # nothing places either report in time
        reasons.append("nothing dates either report")
    elif said and said.startswith(UNPLACED) and not created and not edition \
            and not (alike is not None and alike >= NAMES_ALIKE and not (only_a and only_b)):
        score -= 1.0   # the same parties sign many things: only the name or creation says which
        reasons.append("nothing dates one report, and no name or creation tells which act it is")
    return score, reasons


# ---- clusters ----------------------------------------------------------------------------

def _blocks(reports: list[Report], limit: int = 150) -> set[tuple[int, int]]:
    """Candidate pairs: reports of one type sharing an entity (a busy entity, blocked by month too)."""
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for e in r.entities:
            by_key[(r.type, e)].append(i)
        for n in editions(r.name)[0] if r.type == "MEETING" else ():
            by_key[(r.type, "edition", n)].append(i)   # see `anchor`
        parties = [r.countries.get(e) for e in r.entities]
        home = frozenset(filter(None, parties))
        if len(home) >= 2 or (len(parties) >= 2 and None not in parties):   # G42 and 海湾制药: both AE
            by_key[(r.type, "parties' countries", home)].append(i)   # see `counterparts`
        if r.place and _precision(r.date) == "day":
            by_key[(r.type, "day and place", r.date, r.place)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_key.values():
        if len(members) > limit:
            by_month: dict[str, list[int]] = defaultdict(list)
            for i in members:
                by_month[(reports[i].date or reports[i].published or "")[:7]].append(i)
            groups = list(by_month.values())
        else:
            groups = [members]
        for group in groups:
            for x, i in enumerate(group):
                pairs.update((i, j) for j in group[x + 1:])
    return pairs


@dataclass
class Cluster:
    members: list[Report]
    joins: dict[int, tuple[str, float]] = field(default_factory=dict)   # report id -> (why, score)


def cluster(reports: list[Report]) -> list[Cluster]:
    """Reports joined best pair first; a join is refused when any report of one side
    conflicts with any report of the other."""
    scored = []
    for i, j in _blocks(reports):
        found = compare(reports[i], reports[j])
        if found and found[0] >= JOIN_SCORE:
            scored.append((-found[0], reports[i].id, reports[j].id, i, j, found))
    scored.sort()
    root = list(range(len(reports)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    joins: dict[int, tuple[str, float]] = {}
    for _neg, _a, _b, i, j, (score, reasons) in scored:
        ri, rj = find(i), find(j)
        if ri == rj or any(conflict(reports[x], reports[y]) for x in members[ri] for y in members[rj]):
            continue
        keep, join = min(ri, rj), max(ri, rj)   # the older report's cluster keeps its root
        root[join] = keep
        members[keep] += members.pop(join)
        near, far = (i, j) if ri == keep else (j, i)   # the pair's report on the keeping side, and on the joining one
        joins[reports[join].id] = (f"report {reports[far].id} is the same {reports[i].type.lower()} as report "
                                   f"{reports[near].id}: " + "; ".join(reasons), score)
    out = []
    for _root, idx in sorted(members.items()):
        group = sorted((reports[i] for i in idx), key=lambda r: (r.published or "9999", r.id))
        out.append(Cluster(group, {r.id: joins[r.id] for r in group if r.id in joins}))
    return out


# ---- stable ids --------------------------------------------------------------------------

def assign_ids(conn: sqlite3.Connection, clusters: list[Cluster]) -> list[int]:
    """Each cluster keeps the id most of its reports had at the last coreference (`event_ids`),
    else takes back an id that fell out of use when most of its reports are here again (an
    undo); a new one takes its first report's own hashed id (else another member's), never an
    id another cluster holds or one given before; the tables are brought up to date, and ids
    no cluster has now redirect (`ids.redirect_event_ids`)."""
    before = dict(conn.execute("SELECT event_id, real_event_id FROM event_ids").fetchall())
    gone = gone_event_ids(conn)
    ids: list[int | None] = [None] * len(clusters)
    taken: set[int] = set()
    order = sorted(range(len(clusters)), key=lambda n: (-len(clusters[n].members), clusters[n].members[0].id))
    for n in order:
        votes = Counter(before[r.id] for r in clusters[n].members if r.id in before and before[r.id] not in taken)
        if votes:
            ids[n] = min(votes, key=lambda i: (-votes[i], i))
            taken.add(ids[n])
    held = set(before.values()) | set(gone)
    for n in order:
        if ids[n] is None and (back := reclaim_event_id(gone, [r.id for r in clusters[n].members], taken)):
            ids[n] = back   # its reports are together again (an undo): the id they had
            taken.add(back)
    for n in order:
        if ids[n] is None:
            free = [r.id for r in clusters[n].members if r.id not in taken]
            ids[n] = next((i for i in free if i not in held), free[0] if free else _fresh(taken | held))
            taken.add(ids[n])
    conn.execute("DELETE FROM event_ids")
    now = {r.id: i for c, i in zip(clusters, ids) for r in c.members}
    conn.executemany("INSERT INTO event_ids (event_id, real_event_id) VALUES (?, ?)", now.items())
    redirect_event_ids(conn, before, now, gone)
    return ids   # type: ignore[return-value]


def _fresh(taken: set[int]) -> int:
    from coopgraph.resolve.ids import stable_id

    n = 0
    while (i := stable_id("real-event", n, len(taken))) in taken:
        n += 1
    return i


# ---- values and disagreements ------------------------------------------------------------

def _vote(values: list, key=lambda v: v):
    counts = Counter(v for v in values if v is not None)
    return max(counts, key=lambda v: (counts[v], key(v))) if counts else None


def disagreements(c: Cluster) -> dict[str, list[dict]]:
    """Every value the reports disagree on, each with the reports (event ids) that give it.
    Dates disagree when neither holds the other; names only within one language."""
    out: dict[str, list[dict]] = {}
    dates: dict[str, list[int]] = defaultdict(list)
    for r in c.members:
        if r.date:
            dates[r.date + (f"/{r.date_end}" if r.date_end else "")].append(r.id)
    spans = {d: interval(*d.split("/")) if "/" in d else interval(d) for d in dates}
    if any(not (spans[x] and spans[y] and (spans[x][0] <= spans[y][0] <= spans[y][1] <= spans[x][1]
                                           or spans[y][0] <= spans[x][0] <= spans[x][1] <= spans[y][1]))
           for x in dates for y in dates if x < y):
        out["date"] = [{"value": d, "events": ids} for d, ids in sorted(dates.items())]
    for attr in ("place", "creates"):
        values: dict[int, list[int]] = defaultdict(list)
        for r in c.members:
            if getattr(r, attr):
                values[getattr(r, attr)].append(r.id)
        if len(values) > 1:
            out[attr] = [{"entity": e, "events": ids} for e, ids in sorted(values.items())]
    names: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for r in c.members:
        if r.name:
            names[r.language][r.name].append(r.id)
    if any(len({name_key(n) for n in by_name}) > 1 for by_name in names.values()):
        out["name"] = [{"value": n, "language": lang, "events": ids}
                       for lang, by_name in sorted(names.items()) for n, ids in sorted(by_name.items())]
    return out


def resolve_events(conn: sqlite3.Connection) -> dict[str, int]:
    """Recompute real-world events from the stored reports; inside resolution's transaction."""
    reports = load_reports(conn)
    clusters = cluster(reports)
    ids = assign_ids(conn, clusters)
    conn.execute("DELETE FROM event_coref")
    conn.execute("DELETE FROM real_events")
    for c, real in zip(clusters, ids):
        copies = copy_groups(conn, c.members)
        first = c.members[0]
        date = _vote([r.date for r in c.members], key=len)
        date_end = _vote([r.date_end for r in c.members if r.date == date])
        english = [r.name for r in c.members if r.language == "en" and r.name]
        conn.execute(
            "INSERT INTO real_events (id, type, status, name, date, date_end, place, creates, sources, "
            "independent_sources, disagreements) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (real, first.type, "happened" if any(r.status == "happened" for r in c.members) else first.status, _vote(english) or _vote([r.name for r in c.members]), date, date_end,
             _vote([r.place for r in c.members]), _vote([r.creates for r in c.members]), len(c.members),
             len({copy_of for copy_of, _why in copies.values()}),
             json.dumps(disagreements(c), ensure_ascii=False)))
        conn.executemany(
            "INSERT INTO event_coref (event_id, real_event_id, rule, score, copy_of, copy_reason) VALUES (?, ?, ?, ?, ?, ?)",
            [(r.id, real, *c.joins.get(r.id, ("first report of this event", 1.0)), *copies[r.id]) for r in c.members])
    return {"reports": len(reports), "events": len(clusters)}
