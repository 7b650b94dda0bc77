"""Why gold events are missed: split every missed (happened) gold event into one class.

  a   partners: a predicted event of the same type in the segment, matched to no gold event,
      whose partners overlap the gold's by less than half (attachment)
  a2  same type, but every predicted event of that type matched another gold event (a
      second act of the kind not told apart, or attached to the wrong act)
  b   type: a predicted event of another type whose partners overlap by half or more
  c   detection: nothing
  d   segment: the gold segment has no relevant record (judged irrelevant or cut wrongly)

With --parts, each partners miss is split again by how its nearest free record's parties differ
from the gold's: a party missing, an extra party, a country where the gold has an organisation
(or the reverse), another body instead.

Matching is the scorer's own (`coopgraph.evaluate.scoring.match_events`), so the counts add
up to the `miss EVENT` lines of `coopgraph evaluate --detail`.

    coopgraph extract corpus/train/pages -o /tmp/train.jsonl
    python benchmarks/event_misses.py corpus/train/gold /tmp/train.jsonl [--verbose] [--lang en]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path, PurePath

from coopgraph.evaluate.gold import load_gold
from coopgraph.evaluate.scoring import _event_sets, _happened, _Names, _overlap, align, match_events, records_for

CLASSES = {"a": "partners", "a2": "same type, used by another gold event", "b": "type", "c": "detection",
           "d": "segment"}


def miss_class(names: _Names, gold: dict, preds: list[dict], used: set[int]) -> tuple[str, list[dict]]:
    """The class of one missed gold event and the predicted events that make it so."""
    same = [p for i, p in enumerate(preds) if p["type"] == gold["type"]]
    free = [p for i, p in enumerate(preds) if p["type"] == gold["type"] and i not in used]
    if free:
        return "a", free
    if same:
        return "a2", same
    gold_sets = _event_sets(names, gold, True)
    other = [p for p in preds if p["type"] != gold["type"] and _overlap(gold_sets, _event_sets(names, p, False)) >= 0.5]
    return ("b", other) if other else ("c", [])


def party_difference(names: _Names, gold: dict, preds: list[dict]) -> str:
    """How the parties of the nearest of `preds` differ from the gold event's (a partners miss)."""
    gold_ids = [p["entity"] for p in gold.get("participants", []) if p.get("role") != "attendee"]
    gold_ids += [gold["creates"]] if gold.get("creates") else []
    best = None
    for p in preds:
        pred_ids = [x["entity"] for x in p["participants"] if x["role"] != "attendee"]
        pred_ids += [p["creates"]] if p.get("creates") else []
        used, missing = set(), []
        for g in gold_ids:
            j = next((j for j, x in enumerate(pred_ids) if j not in used and names.gold_names(g) & names.pred_names(x)), None)
            missing.append(g) if j is None else used.add(j)
        extra = [x for j, x in enumerate(pred_ids) if j not in used]
        if best is None or len(missing) + len(extra) < len(best[0]) + len(best[1]):
            best = (missing, extra)
    missing, extra = best
    if missing and extra:
        kinds = {names.gold_type(g) for g in missing} | {names.pred_type(x) for x in extra}
        return "a:country-for-org" if {"COUNTRY", "ORG"} <= kinds else "a:other-body"
    return "a:party-missing" if missing else "a:extra-party"


def split_misses(gold_dir: Path, records: list[dict], out=None, language: str | None = None,
                 parts: bool = False) -> Counter:
    """Counts per class; with `language`, only the pages whose records are in that language;
    with `parts`, partners misses also by how the parties differ."""
    counts: Counter = Counter()
    for gold in load_gold(gold_dir):
        page_records = records_for(gold, records)
        if language and not any(r.get("language") == language for r in page_records):
            continue
        aligned, _ = align(gold.segments, page_records)
        for index, (seg, record) in enumerate(zip(gold.segments, aligned)):
            if not seg.relevant:
                continue
            where = f"{PurePath(gold.source).name}#{index}"
            gold_events = _happened(seg.events)
            if record is None or not record["relevant"]:
                counts["d"] += len(gold_events)
                for g in gold_events if out else []:
                    print(f"d   {where} {g['type']} {g.get('name')}", file=out)
                continue
            names = _Names(seg.entities, record)
            preds = _happened(record.get("events", []))
            matched = match_events(names, gold_events, preds)
            used_gold, used_pred = {g for g, _ in matched}, {p for _, p in matched}
            entity_name = {e["id"]: e["name"] for e in record["entities"]}
            for gi, g in enumerate(gold_events):
                if gi in used_gold:
                    continue
                kind, near = miss_class(names, g, preds, used_pred)
                counts[kind] += 1
                if parts and kind == "a":
                    counts[party_difference(names, g, near)] += 1
                if out:
                    parts = [(p["entity"], p.get("role")) for p in g.get("participants", [])]
                    print(f"{kind:<3} {where} {g['type']} {g.get('name')} {parts} creates={g.get('creates')}", file=out)
                    for p in near[:2]:
                        got = [(entity_name.get(x["entity"]), x["role"]) for x in p["participants"]]
                        print(f"      record: {p['type']} {got} creates={entity_name.get(p.get('creates'))} "
                              f"by={p.get('by')}", file=out)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="folder of gold files")
    parser.add_argument("records", type=Path, help="records of the gold's pages (coopgraph extract)")
    parser.add_argument("--verbose", action="store_true", help="list every miss with the records near it")
    parser.add_argument("--lang", choices=["en", "zh"], help="only the pages in this language")
    parser.add_argument("--parts", action="store_true", help="split partners misses by how the parties differ")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.records.open(encoding="utf-8") if line.strip()]
    counts = split_misses(args.gold, records, sys.stdout if args.verbose else None, args.lang, args.parts)
    print(f"missed gold events: {sum(counts[kind] for kind in CLASSES)}")
    for kind, label in CLASSES.items():
        print(f"  {kind:<3} {label:<40} {counts[kind]}")
        if kind == "a" and args.parts:
            for part in ("a:party-missing", "a:extra-party", "a:country-for-org", "a:other-body"):
                print(f"      {part[2:]:<38} {counts[part]}")


if __name__ == "__main__":
    main()
