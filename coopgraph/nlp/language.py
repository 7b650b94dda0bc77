"""Language of a segment, by lingua, loaded with the languages coopgraph meets."""
from __future__ import annotations

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


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*DETECTED).with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of `text` ('und' when nothing is known)."""
    sample = text[:2000]
    if not sample.strip():
        return "und"
    lang = _detector().detect_language_of(sample)
    return DETECTED.get(lang, "und") if lang is not None else "und"
