"""Small text helpers shared by extraction, resolution and evaluation (one copy of each)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK_RANGE}]")


@lru_cache(maxsize=131072)
def fold(name: str) -> str:
    """Case-, width-, accent- and punctuation-blind key for comparing names."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"^the\s+", "", text)
    return _PUNCT.sub("", text)


def has_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))


def word_count(text: str) -> int:
    """Words for throughput figures: whitespace tokens, and each CJK character as one word."""
    cjk = len(_CJK_CHAR.findall(text))
    return cjk + len(_CJK_CHAR.sub(" ", text).split())


_MINOR_WORDS = frozenset("of the and for in on at to de la du des del y".split())


def initials(name: str) -> str:
    """'Kenya Medical Research Institute' -> 'kmri': the first letters of a name's words,
    without the small ones ('of', 'the', 'and')."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in _MINOR_WORDS).lower()
