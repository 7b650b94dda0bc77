"""Search as people expect: whole words (and the beginnings of words), typos forgiven in
names, romanised Chinese names, ranked hits, snippets, facets and pages.

What search needs of the store is read once per store generation (`cache.derived`) into
`SearchTables`:

- names (`Names`): every entity's names and aliases cut into folded words, with the pinyin
  of its Chinese names (马延和 → "ma", "yanhe", key "mayanhe"); a query is matched word by
  word (each query word begins a word of a name, in any order), typos by rapidfuzz's
  optimal string alignment (one edit up to 7 letters, two beyond), Chinese by substring;
- articles: the word index of `textindex` (FTS5 in memory, kept while the texts stay the
  same), and their event types, years and languages as arrays, counted per query.

A word of a name or text is matched from its start: "TIB" finds TIB and Tibet, never
"Antibodies". Query words of one or two letters must be whole words of an article.
"""
from __future__ import annotations

import bisect
import itertools
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from coopgraph.nlp.chinese import to_simplified
from coopgraph.resolve.keys import name_key, pinyin_parts
from coopgraph.store.cache import derived, generation
from coopgraph.store.textindex import HAN_RUN, WORD, Marker, Query, article_index, snippet, typos_allowed
from coopgraph.text import fold, has_cjk

SEARCH_LIMIT = 200          # rows a page may hold
PAGE_SIZE = 50              # rows a page holds unless asked otherwise
# query words that need not be in a name when other words are ("the university of nairobi")
OPTIONAL = frozenset({"the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "de", "la", "le", "du", "des"})
# what an entity hit was found by, best first
MATCH_KINDS = ("name", "alias", "prefix", "inside", "fuzzy")
NAME, ALIAS, PREFIX, INSIDE, FUZZY = range(len(MATCH_KINDS))


@dataclass
class _Entity:
    id: int
    type: str
    name: str
    country: str | None
    mentions: int
    events: int = 0
    languages: set[str] = field(default_factory=set)


class Names:
    """Every entity's names as search matches them: keys of whole names (the display name,
    aliases and romanisations), words, and Han names for substrings."""

    def __init__(self, conn: sqlite3.Connection):
        self.entities = {r[0]: _Entity(*r) for r in conn.execute("SELECT id, type, name, country, mentions FROM entities")}
        for entity, n in conn.execute(
                """SELECT r.entity_id, COUNT(DISTINCT p.event_id) FROM participants p
                   JOIN resolution r ON r.mention_id = p.mention_id
                   WHERE p.event_id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')
                   GROUP BY r.entity_id"""):
            if entity in self.entities:
                self.entities[entity].events = n
        for entity, language in conn.execute(
                """SELECT DISTINCT r.entity_id, a.language FROM resolution r JOIN mentions m ON m.id = r.mention_id
                   JOIN articles a ON a.id = m.article_id"""):
            if entity in self.entities:
                self.entities[entity].languages.add(language)
        self.keys: dict[str, dict[int, tuple[int, str]]] = defaultdict(dict)   # key -> {entity: (tier, name)}
        self.words: dict[str, dict[int, str]] = defaultdict(dict)             # word -> {entity: name}
        self.han: list[tuple[str, int, str]] = []                               # (Simplified key, entity, name)
        for entity, name in conn.execute("SELECT entity_id, name FROM entity_names ORDER BY entity_id, name"):
            e = self.entities.get(entity)
            if e is not None:
                self._add(e, name)
        for e in self.entities.values():
            self._add(e, e.name)
        self.vocabulary = sorted(self.words)

    def _add(self, e: _Entity, name: str) -> None:
        self._key(name_key(name), e.id, NAME if name == e.name else ALIAS, name)
        words = []
        for token in WORD.findall(name):
            if HAN_RUN.fullmatch(token):
                self.han.append((name_key(token), e.id, name))
            elif fold(token):
                words.append(fold(token))
        keys = []
        if e.type == "PERSON" and 2 <= len(words) <= 3:   # "Yanhe Ma" is also printed "Ma Yanhe"
            keys += ["".join(words[-1:] + words[:-1]), "".join(words[1:] + words[:1])]
        if has_cjk(name):
            pinyin_words, pinyin_keys = romanised(name, e.type == "PERSON")
            words += pinyin_words
            keys += pinyin_keys
        for word in words:
            self.words[word].setdefault(e.id, name)
        for key in keys:
            self._key(key, e.id, ALIAS, name)

    def _key(self, key: str, entity: int, tier: int, name: str) -> None:
        if key and (entity not in self.keys[key] or tier < self.keys[key][entity][0]):
            self.keys[key][entity] = (tier, name)

    def match(self, text: str, query: Query) -> dict[int, tuple[int, int, str]]:
        """{entity: (tier, partial words, the name matched)} for every entity the query finds."""
        found: dict[int, tuple[int, int, str]] = {}
        for entity, (tier, name) in self.keys.get(name_key(text), {}).items():
            found[entity] = (tier, 0, name)
        required = [w for w in query.words if w not in OPTIONAL] or list(query.words)
        hits = [self._word(w) for w in query.words] + [self._han(run) for run in query.han]
        needed = [h for w, h in zip(query.words, hits) if w in required] + hits[len(query.words):]
        if not needed:
            return found
        candidates = set.intersection(*(set(h) for h in needed))
        for entity in candidates:
            tiers = [h[entity] for h in hits if entity in h]
            tier = max(t for t, _, _ in tiers)
            partial = sum(p for _, p, _ in tiers)
            best = (tier, partial, tiers[0][2])
            if entity not in found or best < found[entity]:
                found[entity] = best
        return found

    def _word(self, word: str) -> dict[int, tuple[int, int, str]]:
        """{entity: (tier, 1 when the word only begins the name's word, name)} for one word."""
        out: dict[int, tuple[int, int, str]] = {}
        at = bisect.bisect_left(self.vocabulary, word)
        for known in itertools.takewhile(lambda w: w.startswith(word), itertools.islice(self.vocabulary, at, None)):
            for entity, name in self.words[known].items():
                hit = (PREFIX, int(known != word), name)
                if entity not in out or hit < out[entity]:
                    out[entity] = hit
        if typos_allowed(word):
            for known, _, _ in process.extract(word, self.vocabulary, scorer=OSA.distance,
                                               score_cutoff=typos_allowed(word), limit=None):
                for entity, name in self.words[known].items():
                    out.setdefault(entity, (FUZZY, 1, name))
        return out

    def _han(self, run: str) -> dict[int, tuple[int, int, str]]:
        """{entity: hit} for a run of Han characters: names that begin with it, then names
        that hold it."""
        out: dict[int, tuple[int, int, str]] = {}
        for key, entity, name in self.han:
            at = key.find(run)
            if at >= 0:
                hit = (PREFIX if at == 0 else INSIDE, int(key != run), name)
                if entity not in out or hit < out[entity]:
                    out[entity] = hit
        return out


def romanised(name: str, person: bool) -> tuple[list[str], list[str]]:
    """The words and whole-name keys a Chinese name is typed as in pinyin: a person's
    surname and given name, and both in either order (马延和 → "ma", "yanhe"; "mayanhe",
    "yanhema"); any other name as one word, which is also its key (天津 → "tianjin")."""
    parts = pinyin_parts(name) if person else None
    if parts:
        return list(parts), [parts[0] + parts[1], parts[1] + parts[0]]
    whole = _pinyin(name)
    return ([whole], [whole]) if whole else ([], [])


@lru_cache(maxsize=65536)
def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    simple = to_simplified(name)
    han = "".join(HAN_RUN.findall(simple))
    return "".join(lazy_pinyin(han)) if han and len(han) == len(name_key(simple)) else ""


class SearchTables:
    """What search finds, counts and sorts by, read once per store generation
    (`cache.derived`): the names (`Names`), the articles' word index (`textindex`) and the
    articles' facets as arrays.

    Articles are held in search's browsing order (relevant first, newest first, then by id),
    which also breaks ties between equally ranked hits. An article's years are its events'
    years, or its publication year when no event is dated; it counts once per event type
    and year it has."""

    def __init__(self, conn: sqlite3.Connection):
        self.names = Names(conn)
        rows = conn.execute("SELECT a.id, a.language, a.published, coalesce(a.title, ''), a.text, d.path, a.segment, "
                            "a.title, a.relevant FROM articles a JOIN documents d ON d.id = a.document_id "
                            "ORDER BY a.relevant DESC, a.published DESC, a.id").fetchall()
        # what a hit shows of its article, but the snippet (read here, not asked of the store per page)
        self.shown = {r[0]: {"id": r[0], "path": r[5], "segment": r[6], "title": r[7], "language": r[1], "published": r[2],
                             "relevant": bool(r[8])} for r in rows}
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self._by_id = np.argsort(self.ids)
        self.published = [r[2] for r in rows]
        self.languages, self.language = np.unique(np.array([r[1] for r in rows], dtype=object), return_inverse=True)
        self.index = article_index(generation(conn)[:2], [(r[0], r[3], r[4]) for r in rows])
        position = {r[0]: p for p, r in enumerate(rows)}
        events = conn.execute("SELECT DISTINCT article_id, type, NULLIF(substr(date, 1, 4), '') FROM events").fetchall()
        kinds = {(position[r[0]], r[1]) for r in events}
        years = {(position[r[0]], r[2]) for r in events if r[2] is not None}
        dated = {p for p, _ in years}
        years |= {(p, r[2][:4]) for p, r in enumerate(rows) if r[2] and p not in dated}
        self.types, self.type_of, self.type_at = _pairs(kinds)
        self.years, self.year_of, self.year_at = _pairs(years)
        self._taking_part: dict[tuple, set[int]] = {}

    def matching(self, query: Query, han_names: list[str]) -> tuple[np.ndarray, dict[str, str], Query]:
        """Positions of the articles the query finds, best first, equals in browsing order
        (`ArticleIndex.matching` says what else it returns)."""
        ids, ranks, replaced, query = self.index.matching(query, han_names)
        positions = self._by_id[np.searchsorted(self.ids, ids, sorter=self._by_id)]
        return positions[np.lexsort((positions, ranks))], replaced, query

    def having(self, facet: str, value: str) -> np.ndarray:
        """A mask over the held articles: those with this event type, year or language."""
        mask = np.zeros(len(self.ids), dtype=bool)
        if facet == "language":
            return self.language == _index(self.languages, value)
        values, of, at = (self.types, self.type_of, self.type_at) if facet == "event_type" else \
            (self.years, self.year_of, self.year_at)
        mask[at[of == _index(values, value)]] = True
        return mask

    def counts(self, facet: str, mask: np.ndarray) -> dict[str, int]:
        """How many of the articles of `mask` have each value of a facet."""
        if facet == "language":
            values, codes = self.languages, self.language[mask]
        else:
            values, of, at = (self.types, self.type_of, self.type_at) if facet == "event_type" else \
                (self.years, self.year_of, self.year_at)
            codes = of[mask[at]]
        return {str(values[i]): int(n) for i, n in enumerate(np.bincount(codes, minlength=len(values))) if n}

    def taking_part(self, conn: sqlite3.Connection, event_type: str | None, year: int | None) -> set[int]:
        """The graph entities taking part in an event of this type and year (not hidden)."""
        key = (event_type, year)
        if key not in self._taking_part:
            clauses, params = ["v.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'event')"], []
            if event_type:
                clauses.append("v.type = ?")
                params.append(event_type)
            if year:
                clauses.append("v.date >= ? AND v.date < ?")   # by the date index, as substr(date, 1, 4) = ? could not
                params += [f"{year:04d}", f"{year + 1:04d}"]
            self._taking_part[key] = {r[0] for r in conn.execute(
                f"""SELECT DISTINCT r.entity_id FROM events v JOIN participants p ON p.event_id = v.id
                    JOIN resolution r ON r.mention_id = p.mention_id WHERE {' AND '.join(clauses)}""",  # noqa: S608 - clauses are ours
                params)}
        return self._taking_part[key]


def _pairs(pairs: set[tuple[int, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, value of each pair as an index into values, article position of each pair)."""
    values, codes = np.unique(np.array([v for _, v in pairs], dtype=object), return_inverse=True)
    return values, codes.astype(np.int64), np.array([p for p, _ in pairs], dtype=np.int64)


def _index(values: np.ndarray, value: str) -> int:
    """Where `value` is in the sorted `values`, or -1."""
    at = int(np.searchsorted(values, value))
    return at if at < len(values) and values[at] == value else -1


@dataclass(frozen=True)
class Filters:
    """The facets a search is narrowed by. `country` "none" keeps entities with no country;
    `language` keeps articles in that language and entities named in one."""
    etype: str | None = None
    country: str | None = None
    event_type: str | None = None
    year: int | None = None
    since: str | None = None
    until: str | None = None
    language: str | None = None


def search(
    conn: sqlite3.Connection, text: str, *, etype: str | None = None, country: str | None = None,
    event_type: str | None = None, year: int | None = None, since: str | None = None, until: str | None = None,
    language: str | None = None, page: int = 1, limit: int = PAGE_SIZE,
) -> dict:
    """One page of the entities and the articles a text finds, ranked, with the facet counts
    of all that matched (each facet counted as if its own filter were not set, so that its
    other values stay a click away) and the totals.

    Entities: exact name, then alias (or romanised name), then names whose words the query
    words begin, then Han names that hold the query, then names one or two typos away;
    among equals, those in more events, then with more mentions. Articles: BM25 over titles
    and texts, each with a snippet. An empty text finds everything (browsing by facets)."""
    filters = Filters(etype, country, event_type, year, since, until, language)
    tables = derived(conn, "search", SearchTables)
    query = Query.parse(text)
    browsing = not text.strip()
    entities, entity_facets = _entities(conn, tables, text, query, filters, browsing)
    # a query in pinyin that named a Chinese name in full: the articles that write the name
    han_names = list(dict.fromkeys(matched for _, tier, matched in entities
                                   if tier is not None and tier <= ALIAS and has_cjk(matched) and not query.han))[:3]
    order, replaced, article_facets, query = _articles(tables, query, han_names, filters, browsing)
    start = (page - 1) * limit
    shown = order[start:start + limit]
    more = max(len(entities), len(order)) > start + limit
    return {
        "query": text, "page": page, "limit": limit,
        "total_entities": len(entities), "total_articles": int(len(order)),
        "entities": [_entity_hit(tables.names.entities[e], tier, matched) for e, tier, matched in entities[start:start + limit]],
        "articles": _article_hits(tables, [int(i) for i in tables.ids[shown]], query),
        "corrected": replaced,
        "facets": {**entity_facets, **article_facets},
        "next": page + 1 if more else None, "previous": page - 1 if page > 1 else None,
    }


def _entities(conn, tables: SearchTables, text: str, query: Query, filters: Filters,
              browsing: bool) -> tuple[list[tuple[int, int | None, str]], dict]:
    """(entity, tier, name matched) in rank order, and the type and country facets."""
    names = tables.names
    if browsing:
        found = {e: (None, 0, names.entities[e].name) for e in names.entities}
    else:
        found = names.match(text, query) if query else {}
    taking_part = tables.taking_part(conn, filters.event_type, filters.year) if (filters.event_type or filters.year) else None
    facets: dict[str, Counter] = {"type": Counter(), "country": Counter()}
    kept = []
    for entity, (tier, partial, matched) in found.items():
        e = names.entities[entity]
        if taking_part is not None and entity not in taking_part:
            continue
        if filters.language and filters.language not in e.languages:
            continue
        country = e.country or "none"
        if not filters.etype or e.type == filters.etype:
            facets["country"][country] += 1
        if not filters.country or country == filters.country:
            facets["type"][e.type] += 1
        if filters.etype and e.type != filters.etype or filters.country and country != filters.country:
            continue
        kept.append(((tier or 0, partial, -e.events, -e.mentions, e.name, entity), tier, matched))
    kept.sort(key=lambda k: k[0])
    return [(rank[-1], tier, matched) for rank, tier, matched in kept], {k: dict(v.most_common()) for k, v in facets.items()}


def _articles(tables: SearchTables, query: Query, han_names: list[str], filters: Filters,
              browsing: bool) -> tuple[np.ndarray, dict[str, str], dict, Query]:
    """Positions of the articles found, in rank order; the words replaced; the event type,
    year and language facets; and the query that found them (`SearchTables.matching`)."""
    if browsing:
        order, replaced = np.arange(len(tables.ids)), {}
    elif query:
        order, replaced, query = tables.matching(query, han_names)
    else:   # only punctuation: nothing to look for
        order, replaced = np.arange(0), {}
    found = np.zeros(len(tables.ids), dtype=bool)
    found[order] = True
    if filters.since or filters.until:
        found &= np.array([bool(p) and p >= (filters.since or "") and (not filters.until or p <= filters.until)
                           for p in tables.published], dtype=bool)
    narrowing = {"event_type": filters.event_type, "year": f"{filters.year:04d}" if filters.year else None,
                 "language": filters.language}
    masks = {facet: tables.having(facet, value) for facet, value in narrowing.items() if value}
    facets = {}
    for facet in narrowing:
        others = [m for f, m in masks.items() if f != facet]
        facets[facet] = dict(sorted(tables.counts(facet, np.logical_and.reduce([found, *others])).items()))
    keep = np.logical_and.reduce([found, *masks.values()])
    return order[keep[order]], replaced, facets, query


def _entity_hit(e: _Entity, tier: int | None, matched: str) -> dict:
    return {"id": e.id, "type": e.type, "name": e.name, "country": e.country, "mentions": e.mentions, "events": e.events,
            "match": MATCH_KINDS[tier] if tier is not None else None, "matched": matched if matched != e.name else None}


def _article_hits(tables: SearchTables, ids: list[int], query: Query) -> list[dict]:
    marker, index = Marker.of(query), tables.index
    return [tables.shown[i] | {"snippet": snippet(index.texts[i][1], marker, folded=index.folded(i, marker) if marker else None)}
            for i in ids]
