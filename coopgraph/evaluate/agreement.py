"""Agreement between two annotators of the same pages: the ceiling for the extractor.

The second annotator's gold is turned into records (one per segment, its text the page
between the segment's anchor and its last piece, facts referring to entity ids) and
scored against the first annotator's gold with the ordinary scorer, so agreement is
measured exactly as extraction is: F1 per fact type, relevance accuracy.
"""
from __future__ import annotations

from pathlib import Path

from coopgraph.evaluate.gold import GoldFile, load_gold
from coopgraph.evaluate.goldcheck import page_text
from coopgraph.evaluate.scoring import Result, score
from coopgraph.evaluate.scoring import squash_space
from coopgraph.resolve.keys import name_key


def _records(gold: GoldFile, page: str) -> list[dict]:
    out = []
    for i, seg in enumerate(gold.segments):
        start = page.find(squash_space(seg.anchor))
        end_piece = squash_space(seg.last or seg.anchor)
        end = page.find(end_piece, max(start, 0)) + len(end_piece)
        text = page[max(start, 0):max(end, start + len(squash_space(seg.anchor)))]
        ids: dict[str, str] = {}
        entities = []
        for n, e in enumerate(seg.entities, 1):
            eid = f"e{n}"
            for name in [e["name"], *e.get("aliases", [])]:
                ids.setdefault(name_key(name), eid)
            entities.append({"id": eid, "type": e["type"], "name": e["name"], "aliases": e.get("aliases", []),
                             "country": e.get("country"), "mentions": []})

        def ref(name, ids=ids):
            return ids.get(name_key(name)) if name else None

        roles = [{"person": ref(r["person"]), "title": r["title"], "org": ref(r.get("org"))} for r in seg.roles]
        events = [{**v, "participants": [{"entity": ref(p["entity"]), "role": p["role"]} for p in v.get("participants", [])],
                   "place": ref(v.get("place")), "creates": ref(v.get("creates"))} for v in seg.events]
        out.append({"source": gold.source, "segment": i, "text": text, "relevant": seg.relevant, "language": "und",
                    "entities": entities, "roles": roles, "events": events})
    return out


def agreement(first_dirs: list[Path], second_dirs: list[Path], pages_dir: Path) -> tuple[Result, int]:
    """Score the second annotator against the first on the pages both annotated; pages are looked
    up in `pages_dir`, or in its `<split>/pages/` folders (the corpus root)."""
    second = {Path(g.path).name: g for d in second_dirs for g in load_gold(d)}
    firsts = [g for d in first_dirs for g in load_gold(d) if Path(g.path).name in second]
    records = []
    for g in firsts:
        name = Path(g.path).name.removesuffix(".json")
        found = [pages_dir / name] if (pages_dir / name).exists() else sorted(pages_dir.glob(f"*/pages/{name}"))
        if not found:
            raise FileNotFoundError(f"{name}: page not found under {pages_dir}")
        page = squash_space(page_text(found[0]))
        other = second[Path(g.path).name]
        records += [{**r, "source": g.source} for r in _records(other, page)]
    return score(firsts, records), len(firsts)
