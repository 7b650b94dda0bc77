"""The articles' words, for search: an in-memory SQLite FTS5 index, what a query asks of
it, and the snippets that show where it matched.

The index (unicode61 words, case and diacritics folded) holds every title and text with
Traditional Chinese folded to Simplified and every Han character a word of its own, so
that a Chinese query of any length is a phrase of characters (FTS5's trigram tokenizer
finds nothing under three characters, and most Chinese words are two). BM25 ranks, the
title counting five times. A query word of three letters or more finds the words it
begins ("TIB" finds Tibet, never "Antibodies"); shorter ones only themselves.

An index is built for one version of the articles' texts and kept while their digests
stay the same, so that a judgement (which makes a new store generation but changes no
text) does not build it again; when texts change (an ingest), the new index is a copy of
the last one with only the articles added, changed or removed indexed again.
"""
from __future__ import annotations

import hashlib
import html
import re
import sqlite3
import threading
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from coopgraph.nlp.chinese import to_simplified
from coopgraph.store.cache import KEPT, SizedLRU
from coopgraph.text import CJK_RANGE, fold, has_cjk

# a run of Han characters, or a run of other letters and digits (a word)
WORD = re.compile(f"[{CJK_RANGE}]+|[^\\W_{CJK_RANGE}]+")
HAN_RUN = re.compile(f"[{CJK_RANGE}]+")
QUOTES = re.compile(r'["“”„]')
TITLE_WEIGHT = 5.0
ADJACENT_FIRST = 1e6   # added to the rank of a hit that does not hold the query's words in a row
SCORES_KEPT_BYTES = 32 * 2**20   # the phrases' ranks an index keeps (a word in every one of 5,000 articles: 80 KB)


def typos_allowed(word: str) -> int:
    """Edits forgiven in a word: none under 4 letters (too many short words are one edit
    apart), one up to 7, two beyond."""
    return 0 if len(word) < 4 else 1 if len(word) <= 7 else 2


@dataclass(frozen=True)
class Query:
    """A query as search reads it: its tokens in order — folded words (Latin, Cyrillic,
    digits…) and runs of Han characters in Simplified form — and the runs of tokens the
    reader put in double quotes, which an article must hold as written."""
    tokens: tuple[str, ...]
    quoted: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def parse(cls, text: str) -> Query:
        tokens, quoted = [], []
        for n, piece in enumerate(QUOTES.split(to_simplified(text))):   # odd pieces stood in quotes
            found = [t if HAN_RUN.fullmatch(t) else fold(t) for t in WORD.findall(piece)]
            found = [t for t in found if t]
            tokens += found
            if n % 2 and len(found) > 1:
                quoted.append(tuple(found))
        return cls(tuple(tokens), tuple(quoted))

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t for t in self.tokens if not HAN_RUN.fullmatch(t))

    @property
    def han(self) -> tuple[str, ...]:
        return tuple(t for t in self.tokens if HAN_RUN.fullmatch(t))

    def __bool__(self) -> bool:
        return bool(self.tokens)

    def phrases(self) -> list[str]:
        """The FTS5 phrases an article must hold, in the order `fts` joins them: quoted runs;
        then each other token, a word of three letters or more as the words it begins, a
        run of Han characters as a phrase of its characters."""
        in_quotes = {t for run in self.quoted for t in run}
        parts = [_phrase(list(run)) for run in self.quoted]
        parts += [_phrase([t]) + ("*" if len(t) >= 3 and not HAN_RUN.fullmatch(t) else "")
                  for t in self.tokens if t not in in_quotes]
        return parts

    def fts(self) -> str:
        """The FTS5 query: every phrase required."""
        return " AND ".join(self.phrases())

    def replacing(self, replaced: dict[str, str]) -> Query:
        """The query with some of its words replaced."""
        return Query(tuple(replaced.get(t, t) for t in self.tokens),
                     tuple(tuple(replaced.get(t, t) for t in run) for run in self.quoted))

    def adjacent(self) -> str | None:
        """The FTS5 phrase of all the tokens as typed, when there are several and none is
        quoted: the articles it finds are ranked first."""
        return _phrase(list(self.tokens)) if len(self.tokens) > 1 and not self.quoted else None


def _phrase(tokens: list[str]) -> str:
    """An FTS5 phrase; a Han run is a phrase of its characters (each one a word of the index)."""
    return '"' + " ".join(" ".join(t) if HAN_RUN.fullmatch(t) else t for t in tokens) + '"'


def index_form(text: str) -> str:
    """What the article index reads: Simplified Chinese, each Han character a word."""
    return HAN_RUN.sub(lambda m: " " + " ".join(m.group()) + " ", to_simplified(text))


class ArticleIndex:
    """The words of every article's title and text (rowid: the article's id).

    Built from an earlier index (`base`) when there is one: a copy of it (`serialize`, a
    few milliseconds) with only the articles added, changed or removed since indexed or
    taken out (by id and digest), so that an ingest's switch-in of a few hundred articles
    does not index every text again (about 1 s for 5,000 articles)."""

    def __init__(self, rows: list[tuple[int, str, str]], base: ArticleIndex | None = None):
        self.texts = {i: (title, text) for i, title, text in rows}
        self.digests = digests(rows)
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        # phrase -> (ids, ranks)
        self._scores = SizedLRU(SCORES_KEPT_BYTES, lambda found: found[0].nbytes + found[1].nbytes)
        self._scores_lock = threading.Lock()
        # (article, Han query?) -> its text folded for snippets, kept once asked: an article is shown
        # by query after query, and folding its whole text was a third of what its snippet cost;
        # an index brought up to date keeps the folds of the articles whose text is the same
        self._folded: dict[tuple[int, bool], str] = {}
        if base is None:
            self._db.execute("CREATE VIRTUAL TABLE words USING fts5(title, text, content='', "
                             "tokenize='unicode61 remove_diacritics 2')")
            self._db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'row')")
            changed, gone = list(self.texts), []
        else:
            with base._lock:
                self._db.deserialize(base._db.serialize())
            changed = [i for i, d in self.digests.items() if base.digests.get(i) != d]
            gone = [i for i, d in base.digests.items() if self.digests.get(i) != d]
            self._folded = {k: v for k, v in base._folded.copy().items() if self.digests.get(k[0]) == base.digests[k[0]]}
        # a contentless table forgets a row by being given the words it was indexed with
        self._db.executemany("INSERT INTO words (words, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                             ((i, *map(index_form, base.texts[i])) for i in gone))
        self._db.executemany("INSERT INTO words (rowid, title, text) VALUES (?, ?, ?)",
                             ((i, *map(index_form, self.texts[i])) for i in changed))
        # the index's words, for correcting a query's typos: most frequent first
        terms = self._db.execute("SELECT term FROM terms WHERE length(term) >= 4 ORDER BY doc DESC, term").fetchall()
        self.terms = [t for (t,) in terms if not HAN_RUN.search(t)]
        # the articles whose text has Latin letters with diacritics: only theirs are folded for a snippet
        self.accented = frozenset(i for i, _, text in rows if not text.isascii() and _DIACRITICS.search(text))

    def folded(self, article: int, marker: Marker) -> str:
        """The article's text folded as `marker` looks for its words (`Marker.folded`)."""
        key = (article, marker.han)
        found = self._folded.get(key)
        if found is None:
            found = self._folded[key] = marker.folded(self.texts[article][1], article in self.accented)
        return found

    def matching(self, query: Query, han_names: list[str]) -> tuple[np.ndarray, np.ndarray, dict[str, str], Query]:
        """The ids of the articles the query finds and their ranks (lower is better: BM25,
        the articles that hold the query's words in a row first); the words replaced when it
        found nothing; and the query that found them. When nothing was found: a query in
        pinyin of a Chinese name looks for the name (`han_names`, {"xi jinping": "习近平"}),
        and a word that no article has looks for a known word one or two typos from it
        ({"tianjn": "tianjin"})."""
        ids, ranks = self._ranked(query)
        if len(ids):
            return ids, ranks, {}, query
        if han_names:
            alternatives = [Query.parse(name) for name in han_names]
            ids, ranks = self._ranked(*alternatives)
            return ids, ranks, {" ".join(query.tokens): " / ".join(han_names)}, Query(sum((a.tokens for a in alternatives), ()))
        replaced: dict[str, str] = {}
        for word in query.words:
            if typos_allowed(word) and not len(self._ranked(Query((word,)))[0]):
                close = process.extract(word, self.terms, scorer=OSA.distance, score_cutoff=typos_allowed(word), limit=None)
                if close:   # the nearest, and of those the most frequent (terms are by frequency)
                    replaced[word] = min(close, key=lambda c: (c[1], c[2]))[0]
        if not replaced:
            return ids, ranks, {}, query
        query = query.replacing(replaced)
        return *self._ranked(query), replaced, query

    def _ranked(self, *queries: Query) -> tuple[np.ndarray, np.ndarray]:
        """The articles any of the queries finds, with their ranks; with one query of several
        words, those that hold them in a row rank first."""
        if len(queries) == 1:
            ids, ranks = self._all_of(queries[0].phrases())
        else:
            ids, ranks = self._rows(" OR ".join(f"({q.fts()})" for q in queries))
        if len(queries) == 1 and len(ids) and queries[0].adjacent():
            ranks = ranks + np.where(np.isin(ids, self._ids(queries[0].adjacent())), 0, ADJACENT_FIRST)
        return ids, ranks

    def _all_of(self, phrases: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The articles that hold every phrase, ranked as FTS5 ranks "A AND B AND …": its
        BM25 of a row is the sum, phrase by phrase, of what each phrase alone scores there
        (each phrase's IDF counts the rows that phrase matches in the whole index, and its
        frequency counts only its own hits), so the sum of the phrases' own ranks, added in
        the query's order, is the same number to the last bit. Each phrase's ranks are
        kept (`_scored`): words come back in query after query, and ranking every hit of a
        common word was most of what a search cost."""
        ids, ranks = self._scored(phrases[0])
        for phrase in phrases[1:]:
            more_ids, more_ranks = self._scored(phrase)
            ids, here, there = np.intersect1d(ids, more_ids, assume_unique=True, return_indices=True)
            ranks = ranks[here] + more_ranks[there]
        return ids, ranks

    def _scored(self, phrase: str) -> tuple[np.ndarray, np.ndarray]:
        """The articles one FTS5 phrase finds, in id order, with their BM25 ranks: asked of
        the index once, then kept while this index lives (the texts it holds are fixed), the
        least recently used dropped past `SCORES_KEPT_BYTES`."""
        with self._scores_lock:
            found = self._scores.get(phrase)
        if found is not None:
            return found
        found = self._rows(phrase)
        with self._scores_lock:
            self._scores.put(phrase, found)
        return found

    def _ids(self, fts: str) -> np.ndarray:
        """The articles an FTS5 query finds, unranked (BM25 is most of what a query costs)."""
        with self._lock:
            (ids,) = self._db.execute("SELECT group_concat(rowid) FROM words WHERE words MATCH ?", (fts,)).fetchone()
        return _array(ids, np.int64)

    def _rows(self, fts: str) -> tuple[np.ndarray, np.ndarray]:
        """The articles an FTS5 query finds, with their BM25 ranks: in one row of two lists
        (ranks printed to 17 digits, which read back exactly). Row by row, the thread gave up
        and took back the GIL for each of thousands of rows, and while other requests ran
        Python that took eight times as long."""
        with self._lock:
            ids, ranks = self._db.execute(
                f"""WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25(words, {TITLE_WEIGHT}, 1.0) AS rank
                                              FROM words WHERE words MATCH ?)
                    SELECT group_concat(id), group_concat(printf('%!.17g', rank)) FROM hits""",  # noqa: S608
                (fts,)).fetchone()
        return _array(ids, np.int64), _array(ranks, float)


def _array(joined: str | None, dtype) -> np.ndarray:
    """The numbers of an SQL group_concat (None: there were none), parsed by numpy in one
    step (a list of strings first took three times as long)."""
    return np.fromstring(joined, sep=",", dtype=dtype) if joined else np.array([], dtype=dtype)


_indexes: OrderedDict[tuple, ArticleIndex] = OrderedDict()
_guard = threading.Lock()


def digests(rows: list[tuple[int, str, str]]) -> dict[int, bytes]:
    """{article id: digest of its title and text}: what an index was built from."""
    return {i: hashlib.blake2b(f"{title}\0{text}".encode(), digest_size=16).digest() for i, title, text in rows}


def article_index(store: tuple, rows: list[tuple[int, str, str]]) -> ArticleIndex:
    """The index of these (id, title, text) rows of a store: the one built before when the
    texts are the same, else one brought up to date from it (or new, the first time)."""
    with _guard:
        kept = _indexes.get(store)
    if kept is not None and kept.digests == digests(rows):
        with _guard:
            _indexes.move_to_end(store)
        return kept
    built = ArticleIndex(rows, base=kept)
    with _guard:
        _indexes[store] = built
        _indexes.move_to_end(store)
        while len(_indexes) > KEPT:
            _indexes.popitem(last=False)
    return built


# Latin letters with diacritics as their plain small letters ("É" → "e"): a fold that keeps
# the text's length, so that a hit found in the folded text is at the same place in the text
_PLAIN = str.maketrans({chr(c): unicodedata.normalize("NFKD", chr(c))[0].lower() for c in range(0xC0, 0x250)
                        if unicodedata.normalize("NFKD", chr(c))[0].isascii() and unicodedata.normalize("NFKD", chr(c))[0].isalpha()})
_DIACRITICS = re.compile("[\u00c0-\u024f]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def _whole_word(token: str) -> re.Pattern:
    """Where a short word stands as a whole word of the index (not inside a longer one)."""
    word, letter = re.escape(token), f"[^\\W_{CJK_RANGE}]"
    # the word first, then what stands before it: a regex that starts with a word is
    # looked for as a string, six times faster than one that starts with a look-behind
    return re.compile(f"{word}(?<!{letter}{word})(?!{letter})")


def _in_word(c: str) -> bool:
    """Whether a character continues a word of the index (a Han character is a word alone)."""
    return c.isalnum() and not HAN_RUN.match(c)


@dataclass(frozen=True)
class Marker:
    """Where the index's hits are in a text: words from their start (to the word's end),
    whole words of one or two letters, and runs of Han characters anywhere. Looked for in
    the text folded letter for letter (small, Simplified, without diacritics), which keeps
    its length, with str.find (a regex that checks word boundaries as it goes is ten times
    slower), but for words of one or two letters, which stand inside many words."""
    tokens: tuple[str, ...]

    @classmethod
    def of(cls, query: Query) -> Marker | None:
        return cls(tuple(dict.fromkeys(query.tokens))) if query else None

    @property
    def han(self) -> bool:
        return any(HAN_RUN.match(t) for t in self.tokens)

    def hits(self, folded: str, start: int = 0, end: int | None = None, first: bool = False) -> list[tuple[int, int, int]]:
        """(start, end, which query word) of the hits in folded[start:end] (`folded`) in
        order, a word's hit to the word's end; with `first`, only the first hit of each query
        word. Overlapping hits ("ecole" and "ecoles") are one."""
        end = len(folded) if end is None else end
        spans = []
        for n, token in enumerate(self.tokens):
            han, whole = bool(HAN_RUN.match(token)), len(token) < 3
            if whole and not han:   # "a", "in": str.find would stop at every one inside a word
                for m in _whole_word(token).finditer(folded, start):
                    if m.end() > end:
                        break
                    spans.append((m.start(), m.end(), n))
                    if first:
                        break
                continue
            at = folded.find(token, start, end)
            while at >= 0:
                b = at + len(token)
                if han or at == 0 or not _in_word(folded[at - 1]):
                    while not han and not whole and b < len(folded) and _in_word(folded[b]):
                        b += 1
                    if han or not whole or b == len(folded) or not _in_word(folded[b]):
                        spans.append((at, b, n))
                        if first:
                            break
                at = folded.find(token, at + 1, end)
        out: list[tuple[int, int, int]] = []
        for a, b, n in sorted(spans):
            if out and a < out[-1][1]:
                out[-1] = (out[-1][0], max(b, out[-1][1]), out[-1][2])
            else:
                out.append((a, b, n))
        return out

    def best(self, folded: str, width: int) -> int | None:
        """Where the piece of text that holds the most different query words begins (its
        first hit), or None when the text holds none."""
        if len(self.tokens) == 1:
            found = self.hits(folded, first=True)
            return found[0][0] if found else None
        found = self.hits(folded)[:500]
        best, most, inside, j = None, 0, Counter(), 0
        for a, _, n in found:   # the window of half the width from each hit
            while j < len(found) and found[j][0] < a + width // 2:
                inside[found[j][2]] += 1
                j += 1
            if len(inside) > most:
                best, most = a, len(inside)
            inside[n] -= 1          # the hit leaves the window before the next one starts it
            if not inside[n]:
                del inside[n]
        return best

    def folded(self, text: str, accented: bool = True) -> str:
        """The text small, Simplified and (when it is `accented`) without diacritics."""
        folded = (to_simplified(text) if self.han else text).lower()
        if len(folded) != len(text):   # a letter whose small form is two ("İ"): fold only what keeps the length
            folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        return folded.translate(_PLAIN) if accented else folded


def snippet(text: str, marker: Marker | None, width: int = 220, accented: bool = True, folded: str | None = None) -> str:
    """The piece of `text` that holds the most query words (`Marker.best`), as HTML: escaped,
    every hit in <mark>; the text's beginning when nothing in it matched (a hit in the
    title). Chinese text gets half the width (its characters are twice as wide). `folded`:
    the text as `marker.folded` gives it, when that is kept (`ArticleIndex.folded`)."""
    width = width // 2 if has_cjk(text[:200]) else width
    if folded is None:
        folded = marker.folded(text, accented) if marker else text
    first = marker.best(folded, width) if marker else None
    at_hit = first or 0
    start = max(0, at_hit - width // 3)
    if start:
        space = text.find(" ", start, at_hit)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(start, end - 30), end)
        end = space if space > at_hit else end
    out, at = [], start
    for a, b, _ in (marker.hits(folded, start, end) if first is not None else ()):
        b = min(b, end)
        out += [_escaped(text[at:a]), "<mark>", _escaped(text[a:b]), "</mark>"]
        at = b
    out.append(_escaped(text[at:end]))
    return ("…" if start else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def _escaped(text: str) -> str:
    """A piece of a snippet: HTML-escaped, paragraphs and runs of spaces one space."""
    return html.escape(_SPACES.sub(" ", text))
