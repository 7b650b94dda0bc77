"""English forms of a Chinese institution name, composed from its parts.

青岛大学 is "Qingdao University" or "University of Qingdao"; 中国农业大学 is "China
Agricultural University". A name is translated only when every character is covered: a
leading country or place (through the gazetteer's English names) and institutional words
from a small dictionary, with their usual alternatives. The candidates are compared with
the English names in the store; a match is evidence, recorded as such, not certainty.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

from coopgraph.extract.gazetteer import gazetteer
from coopgraph.nlp.chinese import to_simplified

# Institutional words, longest first; each with the English forms it is usually given.
PARTS: dict[str, tuple[str, ...]] = {
    "农业科学院": ("Academy of Agricultural Sciences",), "医学科学院": ("Academy of Medical Sciences",),
    "社会科学院": ("Academy of Social Sciences",), "科学院": ("Academy of Sciences",), "工程院": ("Academy of Engineering",),
    "农业大学": ("Agricultural University", "Agrarian University", "University of Agriculture"),
    "医科大学": ("Medical University",), "理工大学": ("University of Technology", "University of Science and Technology"),
    "科技大学": ("University of Science and Technology",), "师范大学": ("Normal University",),
    "交通大学": ("Jiaotong University",), "海洋大学": ("Ocean University",), "药科大学": ("Pharmaceutical University",),
    "大学": ("University",), "学院": ("College", "Institute"), "研究院": ("Research Institute", "Institute", "Academy"),
    "研究所": ("Institute", "Research Institute"), "研究中心": ("Research Center", "Research Centre"),
    "联合实验室": ("Joint Laboratory", "Joint Lab"), "重点实验室": ("Key Laboratory",), "实验室": ("Laboratory",),
    "中心": ("Center", "Centre"), "医院": ("Hospital",), "协会": ("Association",), "学会": ("Society",),
    "基金会": ("Foundation",), "委员会": ("Commission", "Committee"), "联盟": ("Alliance",),
    "国立": ("National",), "国家": ("National",), "国际": ("International",), "农业": ("Agricultural", "Agriculture"),
    "生物技术": ("Biotechnology",), "生物": ("Biological", "Biology", "Bio"), "医学": ("Medical", "Medicine"),
    "工业": ("Industrial",), "工程": ("Engineering",), "技术": ("Technology",), "科技": ("Science and Technology",),
    "科学": ("Science", "Sciences"), "药物": ("Drug", "Pharmaceutical"), "疫苗": ("Vaccine",), "基因": ("Genetic", "Gene"),
    "微生物": ("Microbiology",), "热带": ("Tropical",), "中医药": ("Traditional Chinese Medicine",),
    "海洋": ("Marine", "Ocean", "Oceanographic"), "极地": ("Polar",), "北极": ("Arctic",), "南极": ("Antarctic",),
    "研究": ("Research",), "亚洲": ("Asian",), "非洲": ("African",), "欧洲": ("European",),
    "标准化": ("Standardization", "Standardisation"), "与": ("and",), "和": ("and",),
}
_FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "in", "on", "at", "&"})
_SPELLINGS = {"centre": "center", "organisation": "organization"}
_PARTS_RE = re.compile("|".join(sorted(PARTS, key=len, reverse=True)))
MAX_FORMS = 64


def _place_english(prefix: str) -> tuple[str, ...]:
    """English forms of a leading country or place: 'China', 'Chinese'; 'Qingdao'."""
    gaz = gazetteer()
    code = gaz.country(prefix)
    if code:
        return tuple(f for f in (gaz.country_names.get(code), *gaz.demonyms_of(code)) if f)
    place = gaz.place(prefix)
    name = gaz.english_names.get(place.gid) if place else None
    return (name,) if name else ()


@lru_cache(maxsize=8192)
def english_forms(name: str) -> tuple[str, ...]:
    simple = to_simplified(name)
    forms = _compose(simple)
    # "中国科学院天津工业生物技术研究所": a known parent body, then the institute's own name;
    # "冰岛阿克雷里大学": a country, then a place ("University of Akureyri")
    gaz = gazetteer()
    for cut in range(min(10, len(simple) - 3), 1, -1):
        if gaz.org(simple[:cut]) is not None or gaz.country(simple[:cut]):
            forms += _compose(simple[cut:])
            break
    return forms


@lru_cache(maxsize=65536)
def word_bag(name: str) -> str:
    """An English name's content words in order of the alphabet, one spelling each, a
    country's name or adjective as its code: "Norwegian Institute for Polar Research" and
    "Norway Polar Research Institute" give one bag."""
    gaz = gazetteer()
    words = re.findall(r"[a-z0-9]+", name.lower())
    return " ".join(sorted(gaz.country(w) or _SPELLINGS.get(w, w) for w in words if w not in _FUNCTION_WORDS))


def _compose(simple: str) -> tuple[str, ...]:
    for cut in range(min(8, len(simple) - 2), 1, -1):
        places = _place_english(simple[:cut])
        if not places:
            continue
        rest = simple[cut:]
        pieces = []
        pos = 0
        for m in _PARTS_RE.finditer(rest):
            if m.start() != pos:
                break
            pieces.append(PARTS[m.group()])
            pos = m.end()
        if pos != len(rest) or not pieces:
            continue
        forms = []
        for where, combo in itertools.islice(itertools.product(places, itertools.product(*pieces)), MAX_FORMS):
            head, mods = combo[-1], " ".join(combo[:-1])
            body = " ".join(combo)
            forms += [f"{where} {body}", f"{body} of {where}"]
            if mods:  # "Tianjin Institute of Industrial Biotechnology"
                forms += [f"{where} {head} of {mods}", f"{mods} {head} of {where}"]
        return tuple(forms)
    return ()
