"""The token view that role and event rules read: one spaCy `Doc` per paragraph.

English docs are spaCy's own parse (words, lemmas, parts of speech, dependencies).
Chinese docs are built from LAC's words and tags (no parse); the lemma of a Chinese word
is its Simplified form, so one pattern serves both scripts. In both, every entity mention
becomes a span marked with its entity: `token._.eid` is the entity id and `doc.ents`
carries the entity types, so a pattern can say `{"ENT_TYPE": "ORG"}`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from coopgraph.model import Article
from coopgraph.nlp.chinese import to_simplified

if not Token.has_extension("eid"):
    Token.set_extension("eid", default=None)

_ZH_VOCAB: Vocab | None = None
T = TypeVar("T")


def _zh_vocab() -> Vocab:
    global _ZH_VOCAB
    if _ZH_VOCAB is None:
        _ZH_VOCAB = Vocab()
    return _ZH_VOCAB


class TokenView:
    """Marks entity mentions on the paragraph docs (building them for Chinese)."""

    name = "tokens"
    needs = ("entities",)
    assigns = ("docs",)

    def __call__(self, article: Article) -> None:
        if article.language == "zh":
            article.docs = [
                (span.start, _chinese_doc(article, span.start, span.end, tokens))
                for span, tokens in zip(article.paragraphs, article.lac)
            ]
        mentions = sorted(((m, e.id, e.type) for e in article.entities for m in e.mentions), key=lambda t: t[0].start)
        i = 0
        for base, doc in article.docs:
            end = base + doc_length(doc)
            spans: list[Span] = []
            taken = -1
            while i < len(mentions) and mentions[i][0].start < end:
                m, eid, etype = mentions[i]
                i += 1
                if m.start < base:
                    continue
                span = doc.char_span(m.start - base, m.end - base, label=etype, alignment_mode="expand")
                if span is None or span.start <= taken:
                    continue
                taken = span.end - 1
                spans.append(span)
                for token in span:
                    token._.eid = eid
            doc.set_ents(spans, default="outside")


def _chinese_doc(article: Article, start: int, end: int, lac: list[tuple[int, int, str]]) -> Doc:
    """Words are LAC's, cut again at mention edges and joined inside mentions."""
    para = article.text[start:end]
    inside: list[tuple[int, int]] = sorted(
        (m.start - start, m.end - start) for e in article.entities for m in e.mentions if start <= m.start and m.end <= end
    )
    cuts = {0, len(para)} | {s for s, _, _ in lac} | {e for _, e, _ in lac}
    for s, e in inside:
        cuts |= {s, e}
    for s, e in inside:
        cuts -= set(range(s + 1, e))
    bounds = sorted(c for c in cuts if 0 <= c <= len(para))
    tag_at = {}
    for s, e, tag in lac:
        for c in range(s, e):
            tag_at[c] = tag
    words, tags, lemmas, starts = [], [], [], []
    sentence_starts = {s.span.start - start for s in article.sentences if start <= s.span.start < end}
    simplified = to_simplified(para)
    for a, b in zip(bounds, bounds[1:]):
        if a == b:
            continue
        words.append(para[a:b])
        lemmas.append(simplified[a:b])
        tags.append(tag_at.get(a, "w") or "w")
        starts.append(a == 0 or a in sentence_starts)
    return Doc(_zh_vocab(), words=words, spaces=[False] * len(words), tags=tags, lemmas=lemmas, sent_starts=starts)


def doc_length(doc: Doc) -> int:
    """The length of a doc's text, from its last token: `doc.text` joins every token on every call
    (4% of extraction time when the length or the text was asked for once per paragraph)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def sentence_spans(article: Article) -> Iterator[tuple[int, Span]]:
    """(sentence index, span of tokens) for each sentence of the article."""
    docs = article.docs
    lengths = [doc_length(doc) for _, doc in docs]
    d = 0
    for index, sent in enumerate(article.sentences):
        while d + 1 < len(docs) and docs[d + 1][0] <= sent.span.start:
            d += 1
        if not docs:
            return
        base, doc = docs[d]
        span = doc.char_span(sent.span.start - base, min(sent.span.end - base, lengths[d]), alignment_mode="expand")
        if span is not None and len(span):
            yield index, span


def matches_by_sentence(article: Article, match: Callable[[Doc], T]) -> Iterator[tuple[int, Span, int, T]]:
    """(sentence index, span, paragraph offset, matches of its paragraph) for each sentence.
    A matcher runs once per paragraph, not once per sentence over the whole paragraph
    (which made a long paragraph cost its length times its number of sentences)."""
    bases = {id(doc): base for base, doc in article.docs}
    doc, found = None, None
    for index, sent in sentence_spans(article):
        if sent.doc is not doc:
            doc = sent.doc
            found = match(doc)
        yield index, sent, bases[id(doc)], found


def entity_ids(tokens) -> list[str]:
    """Entity ids in the tokens, in order, each once."""
    out: list[str] = []
    for t in tokens:
        eid = t._.eid
        if eid and eid not in out:
            out.append(eid)
    return out
