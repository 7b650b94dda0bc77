"""A readable digest of extracted records, for `coopgraph summary` and `make demo`."""
from __future__ import annotations

from collections import Counter

from coopgraph.model import ENTITY_TYPES


def _name(entities: dict[str, dict], entity_id: str | None) -> str:
    if not entity_id:
        return "—"
    ent = entities.get(entity_id)
    return ent["name"] if ent else entity_id


def render_summary(records: list[dict]) -> str:
    lines: list[str] = []
    relevant = [r for r in records if r["relevant"]]
    counts = Counter(e["type"] for r in relevant for e in r["entities"])
    lines.append(
        f"{len(records)} articles, {len(relevant)} about international cooperation; "
        f"{sum(counts.values())} entities ({', '.join(f'{n} {t}' for t, n in counts.most_common())}), "
        f"{sum(len(r['roles']) for r in relevant)} roles, {sum(len(r['events']) for r in relevant)} events"
    )
    for r in records:
        lines.append("")
        head = r["title"] or r["text"][:60].replace("\n", " ")
        mark = "relevant" if r["relevant"] else "not relevant"
        lines.append(f"== {r['source']} #{r['segment']}  [{r['language']}, {mark}, published {r['published'] or '?'}]")
        lines.append(f"   {head}")
        if not r["relevant"]:
            continue
        ents = {e["id"]: e for e in r["entities"]}
        by_type: dict[str, list[str]] = {}
        for e in r["entities"]:
            label = e["name"] + (f" ({e['country']})" if e["country"] and e["type"] != "COUNTRY" else "")
            by_type.setdefault(e["type"], []).append(label)
        for etype in ENTITY_TYPES:
            if by_type.get(etype):
                lines.append(f"   {etype:<8} " + "; ".join(by_type[etype]))
        for role in r["roles"]:
            lines.append(f"   ROLE     {_name(ents, role['person'])} — {role['title']} — {_name(ents, role['org'])}")
        for v in r["events"]:
            parts = ", ".join(f"{_name(ents, p['entity'])} ({p['role']})" for p in v["participants"])
            when = v["date"] or "date unknown"
            if v["date_end"]:
                when += f"..{v['date_end']}"
            extra = f"; creates {_name(ents, v['creates'])}" if v["creates"] else ""
            where = f" in {_name(ents, v['place'])}" if v["place"] else ""
            planned = " (planned)" if v.get("status") == "planned" else ""
            sure = f" p={v['confidence']:.2f}" if v.get("confidence") is not None else ""
            lines.append(f"   {v['type']:<8}{planned} {v['name'] or ''} [{when}{where}] {parts}{extra}{sure}".rstrip())
    return "\n".join(lines)
