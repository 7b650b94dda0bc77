"""Rule near-misses: pairs of entities that a resolution rule (`resolver.py`) almost joined
and refused, each with the rule and the reason, for the review queue beside splink's
uncertain pairs. Read off the resolved graph (entities, their names, roles), so the queue
needs no second resolution:

- the same acronym in two countries (`resolver._org_keys` joins a bare acronym only within one);
- an acronym that spells the initials of another entity's full name;
- a person's name given in two countries (`resolver._person_keys` keys people by country),
  with the organisations each holds a role at;
- a Chinese name whose pinyin is another person's Latin name, without a role at one
  organisation (`resolver._join_people_across_scripts` needs one);
- two organisation names of one country and first word a little below the spelling-variant
  threshold (`resolver._join_spelling_variants`).
"""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from coopgraph.resolve.keys import latin_person_key, name_key, pinyin_keys
from coopgraph.text import initials
from coopgraph.resolve.resolver import _ACRONYM, SPELLING_THRESHOLD
from coopgraph.text import has_cjk

SPELLING_NEAR = 85.0     # rapidfuzz token-sort similarity from which a refused spelling variant is worth a look


@dataclass(frozen=True)
class NearMiss:
    a: int            # entity ids, a < b
    b: int
    name_a: str
    name_b: str
    rule: str         # the rule that refused the join
    reason: str       # why it refused, and what speaks for the join
    similarity: float | None = None


def near_misses(conn: sqlite3.Connection) -> list[NearMiss]:
    """Every near-miss of the store's graph, one per pair and rule."""
    entities = {r["id"]: r for r in conn.execute("SELECT id, type, name, country FROM entities")}
    names: dict[int, list[str]] = defaultdict(list)
    for entity_id, name in conn.execute("SELECT entity_id, name FROM entity_names ORDER BY entity_id, name"):
        names[entity_id].append(name)
    found: dict[tuple[int, int, str], NearMiss] = {}

    def add(a: int, b: int, name_a: str, name_b: str, rule: str, reason: str, similarity: float | None = None) -> None:
        if a == b:
            return
        if a > b:
            a, b, name_a, name_b = b, a, name_b, name_a
        found.setdefault((a, b, rule), NearMiss(a, b, name_a, name_b, rule, reason, similarity))

    country = lambda i: entities[i]["country"] or "no country"  # noqa: E731
    of_type = lambda *types: [i for i, e in entities.items() if e["type"] in types]  # noqa: E731
    orgs = of_type("ORG")
    acronyms: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i in orgs:
        for n in names[i]:
            if _ACRONYM.match(n) and not has_cjk(n):
                acronyms[n.lower()].append((i, n))
    for holders in acronyms.values():
        for x, (a, name_a) in enumerate(holders):
            for b, name_b in holders[x + 1:]:
                if country(a) != country(b):
                    add(a, b, name_a, name_b, "acronym within one country",
                        f"both are called {name_a}, but in {country(a)} and in {country(b)}")
    for i in orgs:
        for full in names[i]:
            words = re.findall(r"[A-Za-z]+", full)
            if has_cjk(full) or len(words) < 2:
                continue
            for a, name_a in acronyms.get(initials(full), []):
                if a != i and not any(initials(n) == name_a.lower() for n in names[a]):
                    add(a, i, name_a, full, "acronym of a full name",
                        f"{name_a} spells the initials of {full}, a name of another entity")
    _people(conn, entities, names, add, country)
    _spelling(entities, orgs, add)
    return sorted(found.values(), key=lambda m: (m.a, m.b, m.rule))


def _people(conn, entities, names, add, country) -> None:
    people = [i for i, e in entities.items() if e["type"] == "PERSON"]
    roles: dict[int, set[str]] = defaultdict(set)
    for person, org in conn.execute(
            """SELECT DISTINCT rp.entity_id, o.name FROM roles r JOIN resolution rp ON rp.mention_id = r.person
               JOIN resolution ro ON ro.mention_id = r.org JOIN entities o ON o.id = ro.entity_id"""):
        roles[person].add(org)
    at = lambda i: ", ".join(sorted(roles[i])) or "no organisation"  # noqa: E731
    by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_pinyin: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i in people:
        for n in names[i]:
            if has_cjk(n):
                by_name[name_key(n)].append((i, n))
                for key in pinyin_keys(n):
                    by_pinyin[key].append((i, n))
            elif len(n.split()) >= 2:
                by_name[latin_person_key(n)].append((i, n))
    for holders in by_name.values():
        for x, (a, name_a) in enumerate(holders):
            for b, name_b in holders[x + 1:]:
                if a != b and country(a) != country(b):
                    add(a, b, name_a, name_b, "a person's name within one country",
                        f"the same name, in {country(a)} (at {at(a)}) and in {country(b)} (at {at(b)})")
    for i in people:
        for n in names[i]:
            if has_cjk(n) or len(n.split()) < 2:
                continue
            for h, han in by_pinyin.get(latin_person_key(n), []):
                if h != i and not roles[h] & roles[i]:
                    add(h, i, han, n, "pinyin and a role at one organisation",
                        f"{han} reads as {n}, but no organisation has both (at {at(h)}; at {at(i)})")


def _spelling(entities, orgs, add) -> None:
    from rapidfuzz import fuzz

    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in orgs:
        words = entities[i]["name"].split()
        if not has_cjk(entities[i]["name"]) and len(words) >= 3:
            blocks[(entities[i]["country"], words[0].lower())].append(i)
    for members in blocks.values():
        for x, a in enumerate(members):
            for b in members[x + 1:]:
                name_a, name_b = entities[a]["name"], entities[b]["name"]
                score = fuzz.token_sort_ratio(name_a.lower(), name_b.lower())
                if SPELLING_NEAR <= score < SPELLING_THRESHOLD:
                    add(a, b, name_a, name_b, "spelling variant",
                        f"names {score:.0f}% alike, below the {SPELLING_THRESHOLD:.0f}% the rule joins at", score / 100)
