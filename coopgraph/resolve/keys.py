"""Name keys that say two surface forms may name the same thing, across scripts.

- `name_key`: case/width/punctuation-blind, Traditional folded to Simplified.
- `pinyin_keys`: a Chinese personal name as the romanisations it is printed under
  (李寅 → "liyin", "yinli"), with the surname's own reading (曾 is Zeng, not Ceng);
  `pinyin_parts` gives the romanised surname and given name apart (("li", "yin")).
- `gazetteer_place`: the gazetteer place a place name says, whatever its script.
"""
from __future__ import annotations

import re
from functools import lru_cache

from coopgraph.nlp.chinese import to_simplified
from coopgraph.text import fold, has_cjk

# Surnames whose reading differs from the character's most common one.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha", "盖": "ge",
    "乐": "yue", "缪": "miao", "覃": "qin", "华": "hua", "种": "chong", "秘": "bi", "员": "yun", "翟": "zhai",
    "句": "gou", "那": "na", "曲": "qu", "宁": "ning", "纪": "ji", "冼": "xian", "召": "shao", "仉": "zhang",
    "贲": "ben", "牟": "mou", "隗": "wei", "繁": "po", "折": "she", "柏": "bai", "藏": "zang", "长孙": "zhangsun",
    "尉迟": "yuchi", "万俟": "moqi", "澹台": "tantai", "沈": "shen", "薄": "bo", "尹": "yin", "钟": "zhong",
}
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯",
                     "端木", "长孙", "万俟", "澹台")


@lru_cache(maxsize=1)
def _hong_kong_variants():
    import opencc

    return opencc.OpenCC("hk2s")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Hong Kong variant characters are folded too (世界衞生組織 = 世界衛生組織 = 世界卫生组织),
    which OpenCC's plain t2s leaves as they are."""
    if not has_cjk(name):
        return fold(name)
    simple = _hong_kong_variants().convert(name)
    return fold(simple if len(simple) == len(name) else to_simplified(name))


@lru_cache(maxsize=65536)
def pinyin_parts(name: str) -> tuple[str, str] | None:
    """A Chinese personal name (2–4 Han characters, no '·') as romanised (surname, given name)."""
    from pypinyin import lazy_pinyin

    simple = to_simplified(name)
    if not (2 <= len(simple) <= 4) or not all("\u4e00" <= c <= "\u9fff" for c in simple):
        return None
    split = 2 if simple[:2] in COMPOUND_SURNAMES else 1
    surname, given = simple[:split], simple[split:]
    sur = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname))
    return sur, "".join(lazy_pinyin(given))


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> frozenset[str]:
    """Romanised keys of a Chinese personal name (2–4 Han characters, no '·')."""
    parts = pinyin_parts(name)
    if parts is None:
        return frozenset()
    sur, giv = parts
    return frozenset({sur + giv, giv + sur})


def latin_person_key(name: str) -> str:
    """'Li Yin', 'YIN Li', 'Yin-Li' → 'liyin' / 'yinli' (compared against pinyin_keys)."""
    return fold(name)


def to_plain(name: str) -> str:
    """天津市 → 天津; 'Zhejiang province' → 'Zhejiang' (how places are written varies)."""
    if has_cjk(name) and len(name) > 2:
        return re.sub(r"(市|省)$", "", name)
    return re.sub(r"(?i)\s+(province|city)$", "", name)


def gazetteer_place(name: str):
    """The gazetteer place a name says: as written first ("Luanda province" is the province,
    not the city of Luanda), then without 市/省/city/province ("Tianjin city" = 天津); its
    geonames id is one key for the place in every language."""
    from coopgraph.extract.gazetteer import gazetteer

    return gazetteer().place(name) or gazetteer().place(to_plain(name))
