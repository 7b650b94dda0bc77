"""Language of a segment, by lingua, loaded with the languages coopgraph meets."""
from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

# The pipeline extracts from English and Chinese; the others are recognised so that a
# French or Russian page is reported as such instead of being misread as English.
DETECTED = {
    Language.ENGLISH: "en", Language.CHINESE: "zh", Language.FRENCH: "fr", Language.SPANISH: "es",
    Language.PORTUGUESE: "pt", Language.GERMAN: "de", Language.RUSSIAN: "ru", Language.ARABIC: "ar",
    Language.JAPANESE: "ja", Language.KOREAN: "ko",
}
SUPPORTED = {"en", "zh"}
_SAMPLE = 2000          # characters read for the guess
_SECOND_LOOK = 8000     # characters read for English function words when the guess is skipped
# Words that are frequent in any English prose and are not words of the Latin-script
# languages lingua may answer instead; in English news they make about a fifth of the words,
# in French, Spanish, Portuguese or German prose next to none.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to were with for is are by this that which has have will from its their "
    "been be at it".split())
_ENGLISH_SHARE = 0.12
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*DETECTED).with_preloaded_language_models().build()


def _english_share(text: str) -> float:
    """Share of the words of `text` that are English function words."""
    words = _WORD.findall(text[:_SECOND_LOOK].lower())
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) if words else 0.0


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of `text` ('und' when nothing is known).

    lingua weighs letters, so a machine-translated English article that keeps its source
    outlet's menus and accented names ("Fundação Oswaldo Cruz") can come out Portuguese and
    be skipped; when English function words make a good share of the words, it is English.
    """
    sample = text[:_SAMPLE]
    if not sample.strip():
        return "und"
    lang = _detector().detect_language_of(sample)
    guess = DETECTED.get(lang, "und") if lang is not None else "und"
    if guess in {"fr", "es", "pt", "de"} and _english_share(text) >= _ENGLISH_SHARE:
        return "en"
    return guess
