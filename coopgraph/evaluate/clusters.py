"""Scoring entity resolution: pairwise precision and recall against a gold clustering.

The gold (`tests/gold/clusters.json`, `corpus/entity_clusters.json`) groups gold entities —
(source, segment, name) — that are the same real-world thing; every other gold entity of a
relevant segment is a cluster of its own, so joining two of them is a false merge too. Each
stored mention is mapped to the gold entity it matches in its article (the same matching as
entity scoring); two mapped mentions form a pair. A pair in one predicted entity and one
gold cluster is a true positive; in one predicted entity but two gold clusters, a false
merge; in two predicted entities but one gold cluster, a missed merge. Only the gold files
given are read, so a cluster that spans splits is scored on its members in those files.

Pairs are also counted by type, without countries (a country named on every page makes
most pairs, and the easiest), and by language (cross-language: one name in Chinese script,
the other not). The gold's `apart` pairs — names a matcher would join that are different
entities — are counted apart: how many of those whose both sides were mapped are joined.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from coopgraph.errors import InputError
from coopgraph.evaluate.gold import GoldFile
from coopgraph.evaluate.scoring import PRF, align, match_entities, records_for
from coopgraph.text import has_cjk

Ref = tuple[str, int, str]    # (file name, gold segment, gold entity name)


@dataclass
class ClusterGold:
    cluster_of: dict[Ref, int]
    apart: list[tuple[Ref, Ref, bool, str]] = field(default_factory=list)  # a, b, inside one article, why


def _ref(member: dict) -> Ref:
    return PurePath(member["source"]).name, int(member["segment"]), member["name"]


def load_clusters(path: Path) -> ClusterGold:
    """The gold clusters, keyed by the file *name* of each member's source, and the apart pairs."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cluster_of = {_ref(m): i for i, c in enumerate(data["clusters"]) for m in c["members"]}
        apart = [(_ref(p["a"]), _ref(p["b"]), bool(p.get("inside_one_article")), p.get("why", ""))
                 for p in data.get("apart", [])]
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InputError(str(path), f"not an entity cluster file ({type(exc).__name__}: {exc})") from None
    return ClusterGold(cluster_of, apart)


@dataclass
class _Mapped:
    ref: Ref
    cluster: tuple            # ("c", number) for a gold cluster, ("s", ref) for a singleton
    entity: int               # the predicted (graph) entity
    type: str
    gold_name: str
    name: str                 # the stored mention's name

    def shown(self) -> str:
        return f"{self.name} ({self.ref[0]} #{self.ref[1]})"


def _store_records(conn: sqlite3.Connection) -> list[dict]:
    """Articles of the store as minimal records, with each entity's mention row id."""
    records = []
    for a in conn.execute(
        "SELECT a.id, d.path, a.segment, a.text, a.relevant FROM articles a JOIN documents d ON d.id = a.document_id"
    ):
        entities = [
            {"id": m["local_id"], "row": m["id"], "type": m["type"], "name": m["name"], "aliases": json.loads(m["aliases"])}
            for m in conn.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY id", (a["id"],))
        ]
        records.append({"source": a["path"], "segment": a["segment"], "text": a["text"], "relevant": bool(a["relevant"]),
                        "entities": entities})
    return records


def _map_mentions(golds: list[GoldFile], gold: ClusterGold, conn: sqlite3.Connection) -> tuple[list[_Mapped], int]:
    """Every resolved mention matched to a gold entity of a relevant segment; and how many
    clustered gold entities the golds hold (mapped or not)."""
    records = _store_records(conn)
    entity_of = {r["mention_id"]: r["entity_id"] for r in conn.execute("SELECT mention_id, entity_id FROM resolution")}
    mapped: list[_Mapped] = []
    clustered = 0
    for g in golds:
        file = PurePath(g.source).name
        aligned, _ = align(g.segments, records_for(g, records))
        for index, (seg, record) in enumerate(zip(g.segments, aligned)):
            if not seg.relevant:
                continue
            clustered += sum((file, index, e["name"]) in gold.cluster_of for e in seg.entities)
            if record is None:
                continue
            for gi, pi in match_entities(seg.entities, record["entities"]):
                entity = seg.entities[gi]
                ref = (file, index, entity["name"])
                row = record["entities"][pi]["row"]
                if row not in entity_of:
                    continue
                number = gold.cluster_of.get(ref)
                cluster = ("c", number) if number is not None else ("s", ref)
                mapped.append(_Mapped(ref, cluster, entity_of[row], entity["type"], entity["name"],
                                      record["entities"][pi]["name"]))
    return mapped, clustered


def _pairs_within(groups: dict) -> list[tuple[_Mapped, _Mapped]]:
    out = []
    for members in groups.values():
        for i, a in enumerate(members):
            out.extend((a, b) for b in members[i + 1:])
    return out


def _language(a: _Mapped, b: _Mapped) -> str:
    return "cross-language" if has_cjk(a.gold_name) != has_cjk(b.gold_name) else "same language"


def score_clusters(golds: list[GoldFile], gold: ClusterGold, conn: sqlite3.Connection) -> dict:
    mapped, clustered = _map_mentions(golds, gold, conn)
    by_entity: dict[int, list[_Mapped]] = defaultdict(list)
    by_cluster: dict[tuple, list[_Mapped]] = defaultdict(list)
    for m in mapped:
        by_entity[m.entity].append(m)
        by_cluster[m.cluster].append(m)
    total, not_countries = PRF(), PRF()
    by_type: dict[str, PRF] = defaultdict(PRF)
    by_language: dict[str, PRF] = defaultdict(PRF)
    false_merges: Counter = Counter()
    missed: Counter = Counter()

    def count(a: _Mapped, b: _Mapped, outcome: str) -> None:
        kind = a.type if a.type == b.type else f"{a.type}/{b.type}"
        counts = [total, by_type[kind], by_language[_language(a, b)]] + ([not_countries] if kind != "COUNTRY" else [])
        for prf in counts:
            setattr(prf, outcome, getattr(prf, outcome) + 1)

    for a, b in _pairs_within(by_entity):
        if a.cluster == b.cluster:
            count(a, b, "tp")
        else:
            count(a, b, "fp")
            false_merges[tuple(sorted((a.shown(), b.shown())))] += 1
    for a, b in _pairs_within(by_cluster):
        if a.entity != b.entity:
            count(a, b, "fn")
            missed[tuple(sorted((a.shown(), b.shown())))] += 1
    return {"mentions_mapped": len(mapped), "clustered_gold_entities": clustered,
            "clustered_mapped": sum(m.cluster[0] == "c" for m in mapped),
            "pairs": total.as_dict(),
            "pairs_without_countries": not_countries.as_dict(),   # countries' pairs are most pairs, and easy
            "by_type": {k: v.as_dict() for k, v in sorted(by_type.items())},
            "by_language": {k: v.as_dict() for k, v in sorted(by_language.items())},
            "apart": _apart(gold, mapped, {PurePath(g.source).name for g in golds}),
            "false_merges": [f"{a} ~ {b}" for a, b in sorted(false_merges)],
            "missed_merges": [f"{a} ~ {b}" for a, b in sorted(missed)]}


def _apart(gold: ClusterGold, mapped: list[_Mapped], files: set[str]) -> dict:
    """How many of the gold's apart pairs in the files given, both sides mapped, the store
    puts in one entity."""
    entity_of = {m.ref: m.entity for m in mapped}
    out = {"total": 0, "aligned": 0, "joined": 0, "inside_one_article": {"aligned": 0, "joined": 0}, "joined_pairs": []}
    for a, b, inside, why in gold.apart:
        if a[0] not in files or b[0] not in files:
            continue
        out["total"] += 1
        if a not in entity_of or b not in entity_of:
            continue
        joined = entity_of[a] == entity_of[b]
        out["aligned"] += 1
        out["joined"] += joined
        if inside:
            out["inside_one_article"]["aligned"] += 1
            out["inside_one_article"]["joined"] += joined
        if joined:
            out["joined_pairs"].append(f"{a[2]} ({a[0]} #{a[1]}) ~ {b[2]} ({b[0]} #{b[1]}): {why}")
    return out
