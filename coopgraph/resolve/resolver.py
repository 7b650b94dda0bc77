"""Cross-article, cross-language entity resolution: conservative, and explained.

Mentions (one per entity per article) are joined into graph entities by rules, each
join recording its reason:

- countries by ISO code; places by the gazetteer place they name (天津市 = Tianjin);
- organisations that share a full name or alias in any script (the record's aliases
  include the gazetteer's other-language names and acronyms) within one country — a
  mention of no known country joins a name only one country holds; a bare acronym joins
  only within one country, so "CAS" in Kenya is not the Chinese Academy of Sciences; a
  government body named without its country (外交部) only on its own page; a body the
  gazetteer knows under all its names; Chinese names composed into English;
- people by the same name in one country, and across scripts and by surname with
  context (`people.py`).

Resolution is recomputed from all mentions, in a fixed order, so the same store
content always gives the same graph; analyst judgements are replayed on top.

Two engines: "rules" (the default) joins organisation spelling variants with rapidfuzz;
"splink" instead scores organisation and person names with splink on DuckDB, with fixed
weights (`probabilistic.py`), and joins the pairs at or above its threshold.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from coopgraph.extract.gazetteer import gazetteer
from coopgraph.model import EDGES
from coopgraph.resolve.events import resolve_events
from coopgraph.resolve.ids import assign_entity_ids
from coopgraph.resolve.keys import gazetteer_place, name_key, to_plain
from coopgraph.resolve.mentions import MentionRow
from coopgraph.resolve.unionfind import UnionFind
from coopgraph.resolve.people import (
    join_people_across_scripts,
    join_surnames_to_full_names,
    join_transliterations,
    orgs_on_pages,
)
from coopgraph.text import has_cjk

if TYPE_CHECKING:
    from coopgraph.resolve.probabilistic import ScoredPair

_ACRONYM = re.compile(r"^[A-Z][A-Za-z&\-]{1,9}$")


def load_mentions(conn: sqlite3.Connection) -> list[MentionRow]:
    """The mentions resolution joins: those of relevant articles, not judged wrong, oldest first."""
    rows = conn.execute(
        "SELECT m.id, m.type, m.name, m.aliases, m.country, mention_key(d.sha256, a.segment, m.type, m.name) AS key, "
        "a.id AS article, a.document_id AS document "
        "FROM mentions m JOIN articles a ON a.id = m.article_id JOIN documents d ON d.id = a.document_id "
        "WHERE a.relevant = 1 AND m.id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'mention') ORDER BY m.id"
    ).fetchall()
    return [MentionRow(r["id"], r["type"], r["name"], [r["name"], *json.loads(r["aliases"])], r["country"], r["key"],
                       r["article"], r["document"]) for r in rows]


def _join_by_keys(uf: UnionFind, mentions: list[MentionRow], keys_of, rule_name: str) -> None:
    first: dict[str, int] = {}
    for m in mentions:
        for key in sorted(keys_of(m)):
            if key in first:
                uf.union(first[key], m.id, f"{rule_name} '{key.split(':', 1)[-1]}' (as mention {first[key]})")
            else:
                first[key] = m.id


def _country_keys(m: MentionRow) -> set[str]:
    return {f"cc:{m.country}"} if m.country else {f"name:{name_key(m.name)}"}


def _place_keys(m: MentionRow) -> set[str]:
    """The gazetteer place a name says (`keys.gazetteer_place`)."""
    keys = {f"place:{place.country}:{place.gid}" for n in m.names if (place := gazetteer_place(n)) is not None}
    return keys or {f"name:{m.country}:{name_key(to_plain(m.name))}"}


# A government body named without its country: "Ministry of Foreign Affairs", 外交部.
_BARE_BODY = re.compile(
    r"(?i)^(the\s+)?(ministry|department|minister|office|secretariat|national\s+assembly|parliament|senate|"
    r"government|cabinet|state\s+council|embassy|consulate)\b")
_BARE_BODY_ZH = re.compile(r"^(?!国家)[\u4e00-\u9fff]{2,3}(部|厅|局|署)$")


def is_bare_body(name: str) -> bool:
    """'Ministry of Health' or 商务部: a name every country's government uses. Names with a
    country or place in them ("Ministry of Health of Nicaragua", 南非科技部) are not bare."""
    if has_cjk(name):
        if not _BARE_BODY_ZH.match(name):
            return False
        gaz = gazetteer()
        return not any(gaz.country(name[:cut]) or gaz.place(name[:cut]) for cut in range(2, len(name) - 1))
    if not _BARE_BODY.match(name):
        return False
    gaz = gazetteer()
    words = re.findall(r"[^\W\d_]+", name)
    spans = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(i + 4, len(words)) + 1)]
    return not any(w[:1].isupper() and (gaz.country(w) or gaz.primary_place(w)) for w in spans)


ANY_COUNTRY = ""   # the scope of a key that is the same entity wherever it is named
PAGE_SCOPE = "document "   # the scope of a bare government body's name: its own page


_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _country_qualified(name: str) -> tuple[str, str] | None:
    """'State Oceanic Administration of China' → ('State Oceanic Administration', 'CN');
    "Ministry of Commerce of the People's Republic of China" → ('Ministry of Commerce', 'CN')."""
    for hit in _OF.finditer(name):
        code = gazetteer().country(name[hit.end():])
        if code and hit.start() > 0:
            return name[:hit.start()], code
    return None


def _org_keys(m: MentionRow) -> set[tuple[str, str | None]]:
    """(key, scope) of the names an organisation mention shares with others. A bare acronym
    is unique only within a country; another name is scoped by its country (`_org_country`);
    a body the gazetteer knows is one entity under all its names, in every language."""
    keys = set()
    scope = _org_country(m)
    gaz = gazetteer()
    for n in m.names:
        k = name_key(n)
        if len(k) < 2:
            continue
        acronym = bool(_ACRONYM.match(n)) and not has_cjk(n)
        known = gaz.org(k)
        qualified = None if has_cjk(n) else _country_qualified(n)
        if known is None and qualified:  # "Ministry of Commerce of the People's Republic of China"
            core, code = qualified
            known = next((o for o in (gaz.org(core), gaz.org(f"{core} of {gaz.country_names.get(code, '')}"))
                          if o is not None and o.country == code), None)
        if known is not None and (known.country == m.country or not (acronym or known.country and m.country)):
            keys.add((f"known:{known.name}", ANY_COUNTRY))   # Sri Lanka's National Academy of Sciences is not the US one
        if qualified and len(name_key(qualified[0])) >= 4:
            keys.add((f"name:{name_key(qualified[0])}", qualified[1]))
        if acronym:
            keys.add((f"acronym:{m.country or '?'}:{k}", ANY_COUNTRY))  # acronyms are only unique within a country
        elif len(k) >= 4 or (has_cjk(n) and len(k) >= 3):  # 科技部 is a name; "Bio" is not
            keys.add((f"name:{k}", scope))
    return keys


def _names_another_body(m: MentionRow) -> bool:
    """Extraction gave the mention the names of a known body its own name only contains
    ("University of Chinese Academy of Sciences" with CAS's names): what it stands for is
    unclear, so no translation is matched to it."""
    gaz = gazetteer()
    itself = gaz.org(name_key(m.name))
    return any((known := gaz.org(name_key(n))) is not None and known is not itself for n in m.names[1:])


def _join_by_name_and_country(uf: UnionFind, mentions: list[MentionRow], keys_of, rule_name: str) -> None:
    """Mentions that share a key join when the key's scope (a country) is the same; a
    mention of no known country joins the others of its key when those are all of one
    country (新加坡国立大学 and 乌兹别克斯坦国立大学 share the short form 国立大学, not the
    university)."""
    def rule(key: str, mention: int) -> str:
        kind, _, value = key.partition(":")
        said = f"the known body '{value}'" if kind == "known" else f"{rule_name} '{value}'"
        return f"{said} (as mention {mention})"

    first: dict[str, dict[str | None, int]] = defaultdict(dict)
    for m in mentions:
        # a shared name explains a join better than the gazetteer entry behind it
        for key, scope in sorted(keys_of(m), key=lambda ks: (ks[0].startswith("known:"), ks[0], ks[1] or "")):
            bucket = first[key]
            if scope in bucket:
                uf.union(bucket[scope], m.id, rule(key, bucket[scope]))
            else:
                bucket[scope] = m.id
    for key, bucket in first.items():
        known = [c for c in bucket if c is not None and not c.startswith(PAGE_SCOPE)]
        if None in bucket and len(known) == 1:
            uf.union(bucket[known[0]], bucket[None], rule(key, bucket[known[0]]))


def _org_country(m: MentionRow) -> str | None:
    """The country that scopes an organisation's name joins: a bare government body of no
    known country is scoped to its document (one page's 外交部 is not another's)."""
    if m.country or not is_bare_body(m.name):
        return m.country
    return f"{PAGE_SCOPE}{m.document}"


def _person_keys(m: MentionRow) -> set[tuple[str, str | None]]:
    """A person's full names, scoped by country; a two-word Latin name also in the other
    order (Hou Jianguo = Jianguo Hou: Chinese names are printed both ways)."""
    keys = set()
    for n in m.names:
        k = name_key(n)
        if has_cjk(n) and len(k) >= 2:
            keys.add((f"name:{k}", m.country))
        elif not has_cjk(n) and len(k) >= 4:
            keys.add((f"name:{k}", m.country))
            words = n.split()
            if len(words) == 2:
                keys.add((f"name:{name_key(words[1] + ' ' + words[0])}", m.country))
    return keys


ENGINES = ("rules", "splink")


def resolve(conn: sqlite3.Connection, engine: str | None = None, *, change=None) -> dict[str, int]:
    """Recompute entities for every mention of a relevant article, in one transaction.
    Returns counts.

    Readers see the old graph until the new one is complete, and a failure (a full disk,
    a bad judgement) leaves the store as it was. `change(conn)`, when given, runs first
    inside the same transaction: a judgement that cannot be applied is not recorded.

    `engine` decides how names that do not share a key are matched: "rules" (the default)
    joins organisation spelling variants by rapidfuzz; "splink" scores organisation and
    person names with splink on DuckDB (`probabilistic.py`) and joins pairs at or above
    its MATCH_THRESHOLD. The key joins, composed translations, pinyin people and analyst
    judgements apply with either engine, and either gives the same graph for the same store.
    The engine is remembered by the store; None means the one it used last ("rules" at first).
    """
    if conn.in_transaction:
        conn.commit()
    try:
        conn.execute("BEGIN IMMEDIATE")
        if change is not None:
            change(conn)
        counts = _rebuild(conn, _engine(conn, engine))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return counts


def rehide(conn: sqlite3.Connection, *, change) -> dict[str, int]:
    """Run `change(conn)` and derive `hidden_facts` again, in one transaction, without
    re-resolving the entities: for judgements on roles and events only, which entity
    resolution does not read (it joins the mentions not hidden, and reads roles whatever is
    hidden). Event coreference runs again: a report marked wrong leaves its real-world event.
    Returns the same counts as `resolve`."""
    if conn.in_transaction:
        conn.commit()
    try:
        conn.execute("BEGIN IMMEDIATE")
        change(conn)
        _hide_wrong_facts(conn)
        counts = {"mentions": conn.execute("SELECT COUNT(*) FROM resolution").fetchone()[0],
                  "entities": conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0]} | resolve_events(conn)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return counts


def _rebuild(conn: sqlite3.Connection, engine: str) -> dict[str, int]:
    _hide_wrong_facts(conn)
    mentions = load_mentions(conn)
    uf = UnionFind([m.id for m in mentions])
    edges = _edges(conn, mentions)
    for j, kind, a, b, _note in edges:
        if kind == "different":
            uf.keep_apart(a, b, j)
    by_type: dict[str, list[MentionRow]] = defaultdict(list)
    for m in mentions:
        by_type[m.type].append(m)
    _join_by_keys(uf, by_type["COUNTRY"], _country_keys, "same country")
    _join_by_keys(uf, by_type["PLACE"], _place_keys, "same place")
    _join_by_name_and_country(uf, by_type["ORG"], _org_keys, "shared name")
    if engine == "splink":
        from coopgraph.resolve.probabilistic import score_orgs

        _join_scored_pairs(uf, score_orgs(by_type["ORG"]), mentions)
    else:
        _join_spelling_variants(uf, by_type["ORG"])
    _join_composed_translations(uf, by_type["ORG"])
    _join_by_name_and_country(uf, by_type["PERSON"], _person_keys, "same name")
    if engine == "splink":
        from coopgraph.resolve.probabilistic import score_people

        _join_scored_pairs(uf, score_people(by_type["PERSON"], _org_roots(conn, uf)), mentions)
    page_orgs = orgs_on_pages(uf, by_type["ORG"])
    join_people_across_scripts(conn, uf, by_type["PERSON"], page_orgs)
    join_transliterations(uf, by_type["PERSON"], page_orgs)
    join_surnames_to_full_names(uf, by_type["PERSON"])
    _apply_judgements(conn, uf, mentions)
    for _j, kind, a, b, note in edges:
        if kind == "same":
            uf.union(a, b, f"judged the same entity by the analyst ({note})")
    counts = _write(conn, uf, mentions)
    return counts | resolve_events(conn)


def _edges(conn: sqlite3.Connection, mentions: list[MentionRow]) -> list[tuple[int, str, int, int, str]]:
    """Judgements between two entity ids in force, as (judgement, kind, mention, mention,
    note): each id stands for the mention its id is anchored to (`resolve/ids.py`) or, when
    that is gone, one of the mentions it had at the last resolution. Edges whose ids have no
    mention left are skipped."""
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m.key, m.id)

    def mention_of(entity_id: int) -> int | None:
        keys = conn.execute("SELECT key FROM entity_anchors WHERE entity_id = ? UNION ALL "
                            "SELECT key FROM entity_keys WHERE entity_id = ?", (entity_id, entity_id)).fetchall()
        return next((first[k] for (k,) in keys if k in first), None)

    out = []
    for row in conn.execute(f"SELECT id, kind, payload, author FROM judgements WHERE undone = 0 AND kind IN "
                            f"({','.join('?' * len(EDGES))}) ORDER BY id", EDGES).fetchall():  # noqa: S608
        p = json.loads(row["payload"])
        a, b = mention_of(p["a"]), mention_of(p["b"])
        if a is not None and b is not None:
            out.append((row["id"], row["kind"], a, b,
                        f"judgement {row['id']} by {row['author'] or 'an analyst'}: entity {p['a']} is entity {p['b']}"))
    return out


def _engine(conn: sqlite3.Connection, engine: str | None) -> str:
    if engine is None:
        row = conn.execute("SELECT value FROM settings WHERE key = 'resolver'").fetchone()
        return row[0] if row else "rules"
    if engine not in ENGINES:
        raise ValueError(f"unknown resolution engine {engine!r}; one of {', '.join(ENGINES)}")
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('resolver', ?)", (engine,))
    return engine


SPELLING_THRESHOLD = 92.0   # rapidfuzz token-sort similarity at which two long names are one spelt two ways


def _join_spelling_variants(uf: UnionFind, orgs: list[MentionRow], threshold: float = SPELLING_THRESHOLD) -> None:
    """"Hangzhou Cobetter Filtration Equipment Co., Ltd." = "… Filter Equipment …": long
    Latin names of the same country that differ by a word form (rapidfuzz, blocked by
    the first word so that the comparison stays near-linear)."""
    from rapidfuzz import fuzz

    blocks: dict[tuple[str | None, str], list[MentionRow]] = defaultdict(list)
    for m in orgs:
        words = m.name.split()
        if not has_cjk(m.name) and len(words) >= 3:
            blocks[(_org_country(m), words[0].lower())].append(m)
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if uf.find(a.id) == uf.find(b.id):
                    continue
                score = fuzz.token_sort_ratio(a.name.lower(), b.name.lower())
                if score >= threshold:
                    uf.union(a.id, b.id, f"spelling variant of '{a.name}' (similarity {score:.0f})", score / 100)


def _join_scored_pairs(uf: UnionFind, pairs: list[ScoredPair], mentions: list[MentionRow]) -> None:
    """Join splink's pairs at or above the threshold. The reason is written on the root of
    the cluster that joins (the only member without one), naming the other side's name."""
    from coopgraph.resolve.probabilistic import MATCH_THRESHOLD

    name_of = {m.id: m.name for m in mentions}
    for pair in pairs:
        if pair.probability < MATCH_THRESHOLD:
            continue
        a, b, name_a, name_b = pair.a, pair.b, pair.name_a, pair.name_b
        if uf.find(a) == uf.find(b):
            continue
        if uf.find(b) < uf.find(a):  # the older cluster keeps its root; the other one joins it
            a, b, name_a, name_b = b, a, name_b, name_a
        joining = uf.find(b)
        via = f" as '{name_b}'" if name_of[joining] != name_b else ""
        rule = (f"splink match (probability {pair.probability:.3f}) with '{name_a}'{via}: "
                + ", ".join(pair.evidence))
        uf.union(a, joining, rule, round(pair.probability, 6))


def _org_roots(conn: sqlite3.Connection, uf: UnionFind) -> dict[int, set[int]]:
    """Person mention → the resolved organisations (cluster roots) it holds a role at."""
    out: dict[int, set[int]] = defaultdict(set)
    for row in conn.execute("SELECT person, org FROM roles WHERE org IS NOT NULL ORDER BY id"):
        if row["org"] in uf.parent:
            out[row["person"]].add(uf.find(row["org"]))
    return out


def _join_composed_translations(uf: UnionFind, orgs: list[MentionRow]) -> None:
    """青岛大学 = Qingdao University, when exactly one English organisation (of no other
    country) has those words, in any order ("Icelandic Centre for Research" = 冰岛研究中心)."""
    from coopgraph.resolve.compose import english_forms, word_bag

    english: dict[str, dict[int, tuple[MentionRow, str]]] = defaultdict(dict)
    for m in orgs:
        if _names_another_body(m):
            continue
        for n in m.names:
            if not has_cjk(n):
                english[word_bag(n)].setdefault(m.id, (m, n))
    for m in orgs:
        if not has_cjk(m.name):
            continue
        for form in english_forms(m.name):
            hits = sorted((h.id, n) for h, n in english.get(word_bag(form), {}).values()
                          if not (h.country and m.country and h.country != m.country))
            if len({uf.find(h) for h, _ in hits}) == 1:
                uf.union(m.id, hits[0][0], f"composed translation '{hits[0][1]}' (as '{form}')", 0.85)
                break


def _apply_judgements(conn: sqlite3.Connection, uf: UnionFind, mentions: list[MentionRow]) -> None:
    names: dict[str, list[int]] = defaultdict(list)
    for m in mentions:
        for n in m.names:
            names[name_key(n)].append(m.id)
    for row in conn.execute("SELECT kind, payload FROM judgements WHERE undone = 0 ORDER BY id"):
        payload = json.loads(row["payload"])
        if row["kind"] == "merge":
            a, b = names.get(name_key(payload["a"])), names.get(name_key(payload["b"]))
            if a and b:
                uf.union(a[0], b[0], f"merged by the analyst (judgement: {payload['a']} = {payload['b']})")


def _hide_wrong_facts(conn: sqlite3.Connection) -> None:
    """Find today's rows of the facts judged wrong (by article and name, not row id)."""
    conn.execute("DELETE FROM hidden_facts")
    for row in conn.execute("SELECT id, payload FROM judgements WHERE undone = 0 AND kind = 'wrong' ORDER BY id").fetchall():
        p = json.loads(row["payload"])
        # by any path the document was seen at
        where = "a.document_id = (SELECT document_id FROM document_paths WHERE path = ?) AND a.segment = ?"
        args = [p["path"], p["segment"]]
        if p["fact"] == "mention":
            sql = f"SELECT m.id FROM mentions m JOIN articles a ON a.id = m.article_id WHERE {where} AND m.name = ?"  # noqa: S608
            args.append(p["name"])
        elif p["fact"] == "role":
            sql = f"SELECT r.id FROM roles r JOIN mentions m ON m.id = r.person JOIN articles a ON a.id = r.article_id WHERE {where} AND m.name = ? AND r.title = ?"  # noqa: E501,S608
            args += [p["name"], p["title"]]
        else:
            sql = f"SELECT v.id FROM events v JOIN articles a ON a.id = v.article_id WHERE {where} AND v.local_id = ?"  # noqa: S608
            args.append(p["event"])
        try:
            hits = conn.execute(sql, args).fetchall()
        except (OverflowError, sqlite3.InterfaceError):  # written before judgements were range-checked
            continue
        for hit in hits:
            conn.execute("INSERT OR IGNORE INTO hidden_facts (kind, row_id, judgement) VALUES (?, ?, ?)",
                         (p["fact"], hit[0], row["id"]))


def _splits(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [
        (name_key(p["entity"]), name_key(p["name"]))
        for p in (json.loads(r["payload"]) for r in conn.execute(
            "SELECT payload FROM judgements WHERE undone = 0 AND kind = 'split' ORDER BY id"))
    ]


def _write(conn: sqlite3.Connection, uf: UnionFind, mentions: list[MentionRow]) -> dict[str, int]:
    clusters: dict[int, list[MentionRow]] = defaultdict(list)
    for m in mentions:
        clusters[uf.find(m.id)].append(m)
    for entity_key, split_key in _splits(conn):
        for root, members in list(clusters.items()):
            keys = {name_key(n) for m in members for n in m.names}
            if entity_key in keys and split_key in keys:
                out = [m for m in members if name_key(m.name) == split_key]
                if out and len(out) < len(members):
                    clusters[root] = [m for m in members if m not in out]
                    clusters[out[0].id] = out
                    for m in out:
                        uf.reason[m.id] = (f"split off by the analyst (judgement: {split_key})", 1.0)
    overrides = _overrides(conn)
    roots = sorted(clusters)
    ids = assign_entity_ids(conn, [[m.key for m in clusters[root]] for root in roots])
    conn.execute("DELETE FROM resolution")
    conn.execute("DELETE FROM entity_names")
    conn.execute("DELETE FROM entities")
    for root, entity in zip(roots, ids):
        members = clusters[root]
        counts = Counter(m.name for m in members)
        # the display name: the most used one, in Latin script when there is one
        name = max(counts, key=lambda n: (not has_cjk(n), counts[n], len(n), n))
        etype = Counter(m.type for m in members).most_common(1)[0][0]
        country = Counter(m.country for m in members if m.country).most_common(1)
        all_names = sorted({n for m in members for n in m.names})
        if etype == "COUNTRY" and country and country[0][0] in gazetteer().country_names:
            name = gazetteer().country_names[country[0][0]]  # "United States", not "US"
        override = next((overrides[k] for k in (name_key(n) for n in all_names) if k in overrides), {})
        if "name" in override:  # the analyst's name is found by search and `show` like any other
            all_names = sorted({*all_names, override["name"]})
        conn.execute(
            "INSERT INTO entities (id, type, name, country, mentions) VALUES (?, ?, ?, ?, ?)",
            (entity, override.get("type", etype), override.get("name", name), country[0][0] if country else None,
             len(members)),
        )
        conn.executemany("INSERT INTO entity_names (entity_id, name, key) VALUES (?, ?, ?)",
                         [(entity, n, name_key(n)) for n in all_names])
        conn.executemany(
            "INSERT INTO resolution (mention_id, entity_id, rule, score) VALUES (?, ?, ?, ?)",
            [(m.id, entity, *(uf.reason.get(m.id, ("first mention of this entity", 1.0)))) for m in members],
        )
    return {"mentions": len(mentions), "entities": len(clusters)}


def _overrides(conn: sqlite3.Connection) -> dict[str, dict]:
    """rename / retype judgements, by any name of the entity they were made on."""
    out: dict[str, dict] = {}
    for row in conn.execute("SELECT kind, payload FROM judgements WHERE undone = 0 AND kind IN ('rename', 'retype') ORDER BY id"):
        payload = json.loads(row["payload"])
        entry = out.setdefault(name_key(payload["entity"]), {})
        if row["kind"] == "rename":
            entry["name"] = payload["name"]
            out.setdefault(name_key(payload["name"]), entry)
        else:
            entry["type"] = payload["type"]
    return out
