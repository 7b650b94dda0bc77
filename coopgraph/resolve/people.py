"""Joining people whose names do not fold to one key: across scripts, and by surname.

A person's name on a Chinese page is either a Chinese name (王毅, printed in English as
Wang Yi) or a transliteration of a foreign one (穆萨·法基·穆罕默德 = Moussa Faki Mahamat).
Neither is a spelling of the other that a key can catch, and names alike in sound are many,
so each join also needs context: a role at the same organisation, or pages that name the
same organisation with no other candidate sharing it. A surname alone (格罗西, "von der
Leyen") is the full name it ends when exactly one person of its page has such a name.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import defaultdict

from coopgraph.resolve.keys import latin_person_key, pinyin_keys
from coopgraph.resolve.mentions import MentionRow
from coopgraph.resolve.unionfind import UnionFind
from coopgraph.text import has_cjk

_NAME_DOT = re.compile(r"[·・•‧]")
TRANSLITERATION_PART_MIN = 45   # rapidfuzz ratio of each part's sound, pinyin against Latin
TRANSLITERATION_MEAN_MIN = 55


def orgs_on_pages(uf: UnionFind, orgs: list[MentionRow]) -> dict[int | None, set[int]]:
    """Document → the resolved organisations (cluster roots) its pages name."""
    out: dict[int | None, set[int]] = defaultdict(set)
    for o in orgs:
        out[o.document].add(uf.find(o.id))
    return out


def _agree(a: MentionRow, b: MentionRow) -> bool:
    return not (a.country and b.country and a.country != b.country)


def join_people_across_scripts(conn: sqlite3.Connection, uf: UnionFind, people: list[MentionRow],
                               page_orgs: dict[int | None, set[int]]) -> None:
    """李寅 and Li Yin are one person when both hold a role at the same organisation; or when
    their pages name the same organisation and no other person of that romanisation shares
    it (王毅 and Wang Yi on two pages about one Sinopharm plant; 汪建 of BGI and Zhejiang's
    Wang Jian share no organisation). Countries, when both are known, must agree."""
    orgs_of: dict[int, set[int]] = defaultdict(set)
    for row in conn.execute("SELECT person, org FROM roles WHERE org IS NOT NULL"):
        orgs_of[row["person"]].add(row["org"])
    by_pinyin: dict[str, list[MentionRow]] = defaultdict(list)
    latin: dict[str, list[MentionRow]] = defaultdict(list)
    for m in people:
        if has_cjk(m.name):
            for key in pinyin_keys(m.name):
                by_pinyin[key].append(m)
        else:
            latin[latin_person_key(m.name)].append(m)
    for key, han in by_pinyin.items():
        for lat in latin.get(key, []):
            by_role, by_page = [], []
            for h in han:
                if not _agree(h, lat):
                    continue
                if {uf.find(o) for o in orgs_of[h.id]} & {uf.find(o) for o in orgs_of[lat.id]}:
                    by_role.append(h)
                elif page_orgs[h.document] & page_orgs[lat.document]:
                    by_page.append(h)
            for h in by_role:
                uf.union(h.id, lat.id, f"pinyin '{key}' and a role at the same organisation", 0.9)
            if by_page and len({uf.find(h.id) for h in by_page}) == 1:
                _join_on_shared_page_org(uf, by_page[0], lat, page_orgs, f"pinyin '{key}'", 0.85)


def _join_on_shared_page_org(uf: UnionFind, a: MentionRow, b: MentionRow, page_orgs, why: str, score: float) -> None:
    shared = min(page_orgs[a.document] & page_orgs[b.document])
    uf.union(a.id, b.id, f"{why} and pages that name the same organisation (as mention {shared})", score)


def _sound_of_latin(part: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", part.lower()) if c.isalpha())


def transliteration_score(han: str, latin: str) -> float | None:
    """How much a transliterated foreign name (parts joined by '·') sounds like a Latin
    name, part by part (阿明娜·穆罕默德 / Amina Mohamed: 83, 62): the mean of the parts'
    similarity, or None when the parts do not correspond or one part is too far."""
    from pypinyin import lazy_pinyin
    from rapidfuzz import fuzz

    han_parts = [p for p in _NAME_DOT.split(han) if p]
    if len(han_parts) < 2:
        return None
    latin_parts = [s for s in (_sound_of_latin(p) for p in re.split(r"[\s\-]+", latin)) if len(s) > 1]
    if len(latin_parts) != len(han_parts):
        return None
    scores = [fuzz.ratio("".join(lazy_pinyin(h)), lat) for h, lat in zip(han_parts, latin_parts)]
    if min(scores) < TRANSLITERATION_PART_MIN or sum(scores) / len(scores) < TRANSLITERATION_MEAN_MIN:
        return None
    return sum(scores) / len(scores)


def join_transliterations(uf: UnionFind, people: list[MentionRow], page_orgs: dict[int | None, set[int]]) -> None:
    """穆萨·法基·穆罕默德 = Moussa Faki Mahamat: a transliterated name and a Latin name that
    sound alike part by part, on pages that name the same organisation, when no other Latin
    name of those pages sounds like it."""
    han = [m for m in people if has_cjk(m.name) and _NAME_DOT.search(m.name)]
    latin_by_name: dict[str, list[MentionRow]] = defaultdict(list)
    for m in people:
        if not has_cjk(m.name) and len(m.name.split()) >= 2:
            latin_by_name[m.name].append(m)
    sounds: dict[str, list[tuple[str, float]]] = {}   # each distinct name is scored once, not each mention
    for h in han:
        if h.name not in sounds:
            scored = ((n, transliteration_score(h.name, n)) for n in latin_by_name)
            sounds[h.name] = [(n, score) for n, score in scored if score is not None]
        candidates = [(lat, score) for n, score in sounds[h.name] for lat in latin_by_name[n]
                      if _agree(h, lat) and page_orgs[h.document] & page_orgs[lat.document]]
        if candidates and len({uf.find(lat.id) for lat, _ in candidates}) == 1:
            lat, score = max(candidates, key=lambda c: c[1])
            _join_on_shared_page_org(uf, h, lat, page_orgs, f"transliteration of '{lat.name}' (sound {score:.0f})",
                                     round(score / 100, 2))


def _surname_of(name: str) -> str | None:
    """The last part of a transliterated name, which a page may use alone (拉斐尔·格罗西 → 格罗西)."""
    parts = _NAME_DOT.split(name)
    return parts[-1] if len(parts) > 1 else None


def join_surnames_to_full_names(uf: UnionFind, people: list[MentionRow]) -> None:
    """A person named by a surname alone on one page of a document is the person of that
    document whose full name ends with it, when there is exactly one (Paul and Jeannette
    Kagame on one page: "Kagame" alone stays alone)."""
    by_document: dict[int | None, list[MentionRow]] = defaultdict(list)
    for m in people:
        by_document[m.document].append(m)
    for members in by_document.values():
        for short in members:
            if has_cjk(short.name) and _NAME_DOT.search(short.name):
                continue
            if not has_cjk(short.name) and short.name[:1].isupper() and len(short.name.split()) > 1:
                continue   # "Paul Kagame" is a full name; "von der Leyen" is not
            fulls = [m for m in members if m is not short and _ends_with(m.name, short.name)]
            if fulls and len({uf.find(m.id) for m in fulls}) == 1:
                uf.union(fulls[0].id, short.id, f"surname of '{fulls[0].name}' on the same page", 0.9)


def _ends_with(full: str, short: str) -> bool:
    if has_cjk(full):
        return _surname_of(full) == short
    return len(full) > len(short) and full.endswith(" " + short) and not has_cjk(short)
