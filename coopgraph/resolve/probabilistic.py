"""Probabilistic name matching with splink on DuckDB: the `splink` resolution engine.

Why: the key joins of `resolver.py` link names that fold to the same string. Names of one
organisation or person that differ by a word form ("Filter"/"Filtration"), word order,
function words, British/American spelling or a transliteration need a graded judgement
instead. Splink scores candidate pairs with a Fellegi–Sunter model whose comparisons run as
SQL in DuckDB, so the work stays in a database engine as the corpus grows.

Why fixed weights: the m and u probabilities below are set here, not trained (no EM, no
sampling), so the same store always yields the same probabilities and so the same graph.
Each level's Bayes factor is m/u; a pair's probability comes from the prior odds times the
factors of the levels it falls in. `MATCH_THRESHOLD` is deliberately high: with these
factors only names whose every content word corresponds, in one country (or where one
side's country is unknown), reach it; a person also needs either the same name or a role
at the same organisation.

Organisations (Latin-script names of two content words or more; Chinese names are left to
the exact keys and composed translations, because one character turns 第一医院 into 第三医院):

    comparison  level                                                   m       u      factor
    words       every content word has a near word on the other side    0.60   3e-5     20000
                all but one word correspond (one added or replaced)     0.15   5e-3        30
                at least half of the words correspond                   0.10   3e-2       3.3
                otherwise                                               0.15   0.965     0.16
    spelling    whole names within 2 edits (Levenshtein)                0.35   1e-2        35
                sorted content words, Jaro-Winkler >= 0.95              0.35   2e-2      17.5
                sorted content words, Jaro-Winkler >= 0.90              0.15   7.5e-2       2
                otherwise                                               0.15   0.895     0.17
    country     the same                                                0.97   0.3        3.2
                different                                               0.002  0.7      0.003
                unknown on either side                                  (null level: 1)

People (Latin names of two words or more, Chinese names of two characters or more; the
romanised forms of a Chinese name come from `keys.pinyin_parts`, in both orders):

    name        the same name in the same script (any word order)       0.70   5e-5     14000
                Chinese name and Latin name with the same romanisation  0.15   1e-3       150
                Latin names within 2 edits and Jaro-Winkler >= 0.92     0.06   2e-3        30
                otherwise                                               0.09   0.99695   0.09
    country     the same                                                0.9    0.25       3.6
                different                                               0.02   0.75     0.027
                unknown on either side                                  (null level: 1)
    orgs        a role at the same (resolved) organisation              0.5    2e-3       250
                roles, but at different organisations                   0.5    0.998      0.5
                either has no role                                      (null level: 1)

Both use a prior of 1 in 1,000 (`PRIOR`), so a pair needs factors multiplying to 19,000 to
reach 0.95. Organisations: the same words with fairly similar spelling, in one country or
where a country is unknown (a different country keeps even identical words below it; one
word more or less, or a replaced word, stays below it however close the spelling). People:
the same name in one country; the same romanisation across scripts with a role at the same
organisation; a close Latin spelling in one country with a role at the same organisation
(homophones such as 王明/王鸣 and one-letter pinyin differences are different people too
often to join on the name alone).

Words are "near" when equal, equal but for a final s, within one edit (5 letters or more,
same first three), or equal up to the last two letters of the shorter (6 letters or more:
Filter/Filtration, Centre/Center). Numbers must be equal ("24th" is not "25th").

Blocking keeps the number of compared pairs near-linear: one record per distinct (folded
name, country) — mentions sharing a folded name are already joined by the exact keys — and
a pair is compared only when the two records share a blocking key: the 4-letter prefixes of
the record's two rarest words (for two names whose words correspond, the rarest ones agree),
and for people also the romanised forms. A key held by more than `MAX_BLOCK` records is not
used, so a generic word never makes a quadratic block.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from coopgraph.resolve.keys import name_key, pinyin_parts
from coopgraph.resolve.mentions import MentionRow
from coopgraph.text import has_cjk

PRIOR = 1e-3
MATCH_THRESHOLD = 0.95
MAX_BLOCK = 100
REPORT_FLOOR = 0.5   # pairs scored below this are not returned at all

_WORD = re.compile(r"[^\W_]+")
_FUNCTION_WORDS = frozenset(
    "a an and the of for in on at to by with de del della des du la le les los las da das do dos y e et und fur".split()
)
_LEGAL_FORMS = frozenset("co ltd inc corp llc plc gmbh limited".split())

# DuckDB macros used by the comparison levels: word-level correspondence computed in SQL.
_MACROS = [
    """CREATE OR REPLACE MACRO cg_near(x, y) AS x = y OR (
         NOT regexp_matches(x || y, '[0-9]') AND least(length(x), length(y)) >= 3 AND (
           rtrim(x, 's') = rtrim(y, 's')
           OR (least(length(x), length(y)) >= 5 AND left(x, 3) = left(y, 3) AND levenshtein(x, y) <= 1)
           OR (least(length(x), length(y)) >= 6
               AND left(x, least(length(x), length(y)) - 2) = left(y, least(length(x), length(y)) - 2))))""",
    "CREATE OR REPLACE MACRO cg_matched(a, b) AS len(list_filter(a, lambda x: len(list_filter(b, lambda y: cg_near(x, y))) > 0))",
    "CREATE OR REPLACE MACRO cg_unmatched(a, b) AS len(a) - cg_matched(a, b)",
]

# (sql condition, label used in the explanation, m, u); the last level of each comparison is the else level.
_Level = tuple[str, str, float, float]
_ORG_COMPARISONS: dict[str, tuple[str, list[_Level]]] = {
    "words": ("words_l IS NULL OR words_r IS NULL", [
        ("cg_unmatched(words_l, words_r) = 0 AND cg_unmatched(words_r, words_l) = 0", "same words", 0.60, 3e-5),
        ("cg_unmatched(words_l, words_r) <= 1 AND cg_unmatched(words_r, words_l) <= 1 "
         "AND cg_matched(words_l, words_r) >= 2", "all words but one", 0.15, 5e-3),
        ("2 * cg_matched(words_l, words_r) >= greatest(len(words_l), len(words_r))", "half the words", 0.10, 3e-2),
        ("ELSE", "different words", 0.15, 0.965),
    ]),
    "spelling": ("spelled_l IS NULL OR spelled_r IS NULL", [
        ("levenshtein(spelled_l, spelled_r) <= 2", "spelling within 2 edits", 0.35, 1e-2),
        ("jaro_winkler_similarity(sorted_l, sorted_r) >= 0.95", "spelling Jaro-Winkler >= 0.95", 0.35, 2e-2),
        ("jaro_winkler_similarity(sorted_l, sorted_r) >= 0.90", "spelling Jaro-Winkler >= 0.90", 0.15, 7.5e-2),
        ("ELSE", "different spelling", 0.15, 0.895),
    ]),
    "country": ("country_l IS NULL OR country_r IS NULL", [
        ("country_l = country_r", "same country", 0.97, 0.3),
        ("ELSE", "different countries", 0.002, 0.7),
    ]),
}
_PERSON_COMPARISONS: dict[str, tuple[str, list[_Level]]] = {
    "name": ("(han_l IS NULL AND roman_l IS NULL) OR (han_r IS NULL AND roman_r IS NULL)", [
        ("(han_l IS NOT NULL AND han_l = han_r) OR (han_l IS NULL AND han_r IS NULL "
         "AND len(list_intersect(roman_l, roman_r)) > 0)", "the same name", 0.70, 5e-5),
        ("(han_l IS NULL) <> (han_r IS NULL) AND len(list_intersect(roman_l, roman_r)) > 0",
         "the same romanisation", 0.15, 1e-3),
        ("spelled_l IS NOT NULL AND spelled_r IS NOT NULL AND levenshtein(spelled_l, spelled_r) <= 2 "
         "AND jaro_winkler_similarity(spelled_l, spelled_r) >= 0.92", "close spelling", 0.06, 2e-3),
        ("ELSE", "different names", 0.09, 0.99695),
    ]),
    "country": ("country_l IS NULL OR country_r IS NULL", [
        ("country_l = country_r", "same country", 0.9, 0.25),
        ("ELSE", "different countries", 0.02, 0.75),
    ]),
    "orgs": ("orgs_l IS NULL OR orgs_r IS NULL", [
        ("len(list_intersect(orgs_l, orgs_r)) > 0", "a role at the same organisation", 0.5, 2e-3),
        ("ELSE", "roles at different organisations", 0.5, 0.998),
    ]),
}


@dataclass(frozen=True)
class ScoredPair:
    """Two mentions (by the representative mention of each name) and splink's judgement of them."""
    a: int
    b: int
    name_a: str
    name_b: str
    probability: float
    evidence: tuple[str, ...]


def words(name: str) -> list[str]:
    """Lower-case, accent-free words of a Latin-script name."""
    text = re.sub(r"(?<=[^\W\d_])-(?=[a-z])", "", unicodedata.normalize("NFKC", name))  # "Co-operation", "High-tech"
    text = text.casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(text)


def _content_words(name: str) -> list[str]:
    return sorted({w for w in words(name) if w not in _FUNCTION_WORDS and w not in _LEGAL_FORMS})


def _blocking_keys(records: list[dict], source: str, whole: str | None = None) -> None:
    """Each record's blocking keys: the 4-letter prefixes of its two rarest words in `source`
    (by how many records hold them, ties alphabetical), and every value of `whole`; a key
    held by more than MAX_BLOCK records is skipped."""
    prefixes = [sorted({w[:4] for w in r[source] or []}) for r in records]
    df = Counter(p for ps in prefixes for p in ps)
    whole_df = Counter(k for r in records for k in set(r[whole] or [])) if whole else Counter()
    for r, ps in zip(records, prefixes):
        rarest = sorted((df[p], p) for p in ps if df[p] <= MAX_BLOCK)[:2]
        keys = [f"w:{p}" for _, p in rarest]
        if whole:
            keys += [f"{whole}:{k}" for k in r[whole] or [] if whole_df[k] <= MAX_BLOCK]
        r["keys"] = sorted(set(keys))


def score_orgs(orgs: Iterable[MentionRow], min_probability: float = REPORT_FLOOR) -> list[ScoredPair]:
    """Scored pairs of organisation mentions whose Latin names may be spelling variants."""
    records, owners = [], []
    seen: set[tuple[str, str | None]] = set()
    for m in sorted(orgs, key=lambda m: m.id):
        for n in m.names:
            content = _content_words(n) if not has_cjk(n) else []
            key = (name_key(n), m.country)
            if len(content) < 2 or key in seen:
                continue
            seen.add(key)
            records.append({"unique_id": len(records), "country": m.country, "words": content,
                            "spelled": " ".join(words(n)), "sorted": " ".join(content)})
            owners.append((m.id, n))
    _blocking_keys(records, "words")
    schema = {"unique_id": "int64", "country": "string", "words": "list<string>", "spelled": "string",
              "sorted": "string", "keys": "list<string>"}
    return _score(records, owners, schema, _ORG_COMPARISONS, min_probability)


def score_people(people: Iterable[MentionRow], orgs_of: dict[int, set[int]],
                 min_probability: float = REPORT_FLOOR) -> list[ScoredPair]:
    """Scored pairs of person mentions; `orgs_of` maps a mention to the resolved
    organisations (entity roots) it holds a role at."""
    records, owners = [], []
    index: dict[tuple[str, str | None], int] = {}
    for m in sorted(people, key=lambda m: m.id):
        for n in m.names:
            key = (name_key(n), m.country)
            if key in index:  # the same name again: its roles count too
                rec = records[index[key]]
                rec["orgs"] = sorted(set(rec["orgs"] or []) | orgs_of.get(m.id, set())) or None
                continue
            rec = _person_record(n)
            if rec is None:
                continue
            index[key] = len(records)
            rec.update(unique_id=len(records), country=m.country, orgs=sorted(orgs_of.get(m.id, set())) or None)
            records.append(rec)
            owners.append((m.id, n))
    _blocking_keys(records, "tokens", whole="roman")
    for r in records:
        if r["han"] and not r["roman"]:
            r["keys"] = [*r["keys"], f"han:{r['han']}"]
    schema = {"unique_id": "int64", "country": "string", "han": "string", "roman": "list<string>",
              "spelled": "string", "tokens": "list<string>", "orgs": "list<int64>", "keys": "list<string>"}
    return _score(records, owners, schema, _PERSON_COMPARISONS, min_probability)


def _person_record(name: str) -> dict | None:
    if has_cjk(name):
        simple = name_key(name)
        if len(simple) < 2:
            return None
        parts = pinyin_parts(name)
        roman = sorted({parts[0] + parts[1], parts[1] + parts[0]}) if parts else None
        return {"han": simple, "roman": roman, "spelled": None, "tokens": list(parts) if parts else []}
    toks = words(name)
    if len(toks) < 2 or sum(len(t) for t in toks) < 4:
        return None
    # the name as printed, and with the surname moved to the other end ("Li Yin" / "Yin Li")
    roman = sorted({"".join(toks), "".join(toks[1:] + toks[:1]), "".join(toks[-1:] + toks[:-1])})
    return {"han": None, "roman": roman, "spelled": " ".join(sorted(toks)), "tokens": toks}


def _score(records: list[dict], owners: list[tuple[int, str]], schema: dict[str, str],
           comparisons: dict[str, tuple[str, list[_Level]]], min_probability: float) -> list[ScoredPair]:
    if len(records) < 2:
        return []
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    types = {"int64": pa.int64(), "string": pa.string(), "list<string>": pa.list_(pa.string()),
             "list<int64>": pa.list_(pa.int64())}
    table = pa.table({col: pa.array([r.get(col) for r in records], type=types[t]) for col, t in schema.items()})
    con = duckdb.connect(":memory:")
    try:
        for sql in _MACROS:
            con.execute(sql)
        db_api = DuckDBAPI(connection=con)
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[_comparison(name, null_sql, levels) for name, (null_sql, levels) in comparisons.items()],
            blocking_rules_to_generate_predictions=[block_on("keys", arrays_to_explode=["keys"])],
            probability_two_random_records_match=PRIOR,
            retain_matching_columns=True,
            retain_intermediate_calculation_columns=True,
            linker_uid="coopgraph",
        )
        linker = Linker(db_api.register(table, table_name="names"), settings, log_level=None)
        rows = linker.inference.predict(threshold_match_probability=min_probability, warning_mode="never").as_record_list()
    finally:
        con.close()
    best: dict[tuple[int, int], ScoredPair] = {}
    for row in sorted(rows, key=lambda r: (r["unique_id_l"], r["unique_id_r"])):
        (ma, na), (mb, nb) = sorted([owners[row["unique_id_l"]], owners[row["unique_id_r"]]])
        if ma == mb:
            continue
        evidence = tuple(_label(comparisons[c][1], row[f"gamma_{c}"]) for c in comparisons)
        pair = ScoredPair(ma, mb, na, nb, float(row["match_probability"]), tuple(e for e in evidence if e))
        if (ma, mb) not in best or pair.probability > best[(ma, mb)].probability:
            best[(ma, mb)] = pair
    return [best[k] for k in sorted(best)]


def _comparison(name: str, null_sql: str, levels: list[_Level]):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    built = [cll.CustomLevel(null_sql, f"{name} unknown").configure(is_null_level=True)]
    for sql, label, m, u in levels:
        level = cll.ElseLevel() if sql == "ELSE" else cll.CustomLevel(sql, label)
        built.append(level.configure(m_probability=m, u_probability=u, label_for_charts=label))
    return cl.CustomComparison(built, output_column_name=name)


def _label(levels: list[_Level], gamma: int) -> str:
    """Splink numbers the non-null levels from the last (0) up; -1 is the null level."""
    return "" if gamma < 0 else levels[len(levels) - 1 - gamma][1]
