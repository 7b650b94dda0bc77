"""Scoring entity resolution: pairwise precision and recall against a gold clustering.

The gold (`tests/gold/clusters.json`) groups gold entities — (source, segment, name) —
that are the same real-world thing. Each stored mention is mapped to the gold entity
it matches in its article (the same matching as entity scoring); two mapped mentions
form a pair. A pair in one predicted entity and one gold cluster is a true positive;
in one predicted entity but two gold clusters, a false merge; in two predicted
entities but one gold cluster, a missed merge.
"""
from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path, PurePath

from coopgraph.evaluate.gold import GoldFile
from coopgraph.evaluate.scoring import PRF, align, match_entities, records_for


def load_clusters(path: Path) -> dict[tuple[str, int, str], int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for i, cluster in enumerate(data["clusters"]):
        for m in cluster["members"]:
            out[(PurePath(m["source"]).name, int(m["segment"]), m["name"])] = i
    return out


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


def score_clusters(golds: list[GoldFile], clusters: dict[tuple[str, int, str], int], conn: sqlite3.Connection) -> dict:
    records = _store_records(conn)
    entity_of = {r["mention_id"]: r["entity_id"] for r in conn.execute("SELECT mention_id, entity_id FROM resolution")}
    mapped: list[tuple[int, int, str]] = []   # (gold cluster, predicted entity, surface name)
    for gold in golds:
        name = PurePath(gold.source).name
        aligned, _ = align(gold.segments, records_for(gold, records))
        for index, (seg, record) in enumerate(zip(gold.segments, aligned)):
            if record is None or not seg.relevant:
                continue
            for gi, pi in match_entities(seg.entities, record["entities"]):
                cluster = clusters.get((name, index, seg.entities[gi]["name"]))
                row = record["entities"][pi]["row"]
                if cluster is not None and row in entity_of:
                    mapped.append((cluster, entity_of[row], record["entities"][pi]["name"]))
    prf = PRF()
    false_merges: set[tuple[str, str]] = set()
    missed: set[tuple[str, str]] = set()
    for (g1, p1, n1), (g2, p2, n2) in itertools.combinations(mapped, 2):
        if g1 == g2 and p1 == p2:
            prf.tp += 1
        elif p1 == p2:
            prf.fp += 1
            false_merges.add(tuple(sorted((n1, n2))))
        elif g1 == g2:
            prf.fn += 1
            missed.add(tuple(sorted((n1, n2))))
    return {"mentions_mapped": len(mapped), "pairs": prf.as_dict(),
            "false_merges": sorted(false_merges)[:50], "missed_merges": sorted(missed)[:50]}
