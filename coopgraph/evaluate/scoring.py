"""Scoring records against gold, as EXTRACTION.md ("How a record is scored") says.

Names are compared case-, width-, punctuation- and script-blind (Traditional folded
to Simplified) against every alias; matching is one-to-one and greedy. Facts count
only in segments the gold marks relevant; a record that aligns with no gold segment
and calls itself relevant counts against precision and relevance accuracy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from coopgraph.evaluate.gold import GoldFile, GoldSegment
from coopgraph.model import ENTITY_TYPES
from coopgraph.resolve.keys import name_key


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Result:
    entities: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in ENTITY_TYPES})
    roles: PRF = field(default_factory=PRF)
    events: PRF = field(default_factory=PRF)
    attributes: dict[str, PRF] = field(default_factory=lambda: {a: PRF() for a in ("date", "place", "creates")})
    relevance_correct: int = 0
    relevance_total: int = 0
    spans_ok: int = 0
    spans_total: int = 0
    details: list[str] = field(default_factory=list)
    judged: list[tuple[str, float, bool]] = field(default_factory=list)   # (fact kind, confidence, right?) for calibration

    @property
    def entity_total(self) -> PRF:
        total = PRF()
        for prf in self.entities.values():
            total.add(prf)
        return total

    @property
    def headline_f1(self) -> float:
        return (self.entity_total.f1 + self.roles.f1 + self.events.f1) / 3

    @property
    def relevance_accuracy(self) -> float:
        return self.relevance_correct / self.relevance_total if self.relevance_total else 1.0

    @property
    def span_share(self) -> float:
        return self.spans_ok / self.spans_total if self.spans_total else 1.0

    def as_dict(self) -> dict:
        return {
            "headline_f1": round(self.headline_f1, 4),
            "entities": {"all": self.entity_total.as_dict(), **{t: p.as_dict() for t, p in self.entities.items()}},
            "roles": self.roles.as_dict(),
            "events": self.events.as_dict(),
            "event_attributes": {a: p.as_dict() for a, p in self.attributes.items()},
            "relevance": {"accuracy": round(self.relevance_accuracy, 4), "correct": self.relevance_correct,
                          "total": self.relevance_total},
            "spans": {"share_ok": round(self.span_share, 4), "ok": self.spans_ok, "total": self.spans_total},
        }


# --- alignment ------------------------------------------------------------------------
def squash_space(text: str) -> str:
    """The text with all white space removed: anchors are found in it whatever the line breaks."""
    return re.sub(r"\s+", "", text)


def records_for(gold: GoldFile, records: list[dict]) -> list[dict]:
    name = PurePath(gold.source).name
    return [r for r in records if PurePath(r["source"]).name == name]


def anchor_keys(anchor: str) -> list[str]:
    """The anchor as the page has it and, when it holds a word hyphenated at a line's end ("on Feb-",
    "Presi-\ndent"), as the record has it: cleaning joins the word again."""
    key = squash_space(anchor)
    joined = squash_space(re.sub(r"(?<=[A-Za-z])-(?:\s+(?=[a-z])|\s*$)", "", anchor))
    return [key] if joined == key else [key, joined]


def align(segments: list[GoldSegment], records: list[dict]) -> tuple[list[dict | None], list[dict]]:
    squashed = [squash_space(r["text"]) for r in records]
    used: set[int] = set()
    aligned: list[dict | None] = []
    for seg in segments:
        keys = anchor_keys(seg.anchor)
        hit = next((i for i, t in enumerate(squashed) if i not in used and any(k in t for k in keys)), None)
        if hit is None:
            hit = next((i for i, t in enumerate(squashed) if any(k in t for k in keys)), None)
        if hit is not None:
            used.add(hit)
        aligned.append(records[hit] if hit is not None else None)
    leftovers = [r for i, r in enumerate(records) if i not in used]
    return aligned, leftovers


# --- matching -------------------------------------------------------------------------
class _Names:
    """Name sets of the entities on each side, by gold name or by record id."""

    def __init__(self, gold_entities: list[dict], record: dict | None):
        self.gold: list[tuple[str, set[str]]] = [
            (e["type"], {name_key(n) for n in [e["name"], *e.get("aliases", [])]}) for e in gold_entities
        ]
        self.pred: dict[str, tuple[str, set[str]]] = {}
        if record:
            for e in record["entities"]:
                self.pred[e["id"]] = (e["type"], {name_key(n) for n in [e["name"], *e.get("aliases", [])]})

    def gold_names(self, name: str | None) -> set[str]:
        if not name:
            return set()
        key = name_key(name)
        for _, names in self.gold:
            if key in names:
                return names
        return {key}

    def gold_type(self, name: str | None) -> str:
        key = name_key(name) if name else None
        return next((t for t, names in self.gold if key in names), "")

    def pred_type(self, entity_id: str | None) -> str:
        return self.pred.get(entity_id, ("", set()))[0] if entity_id else ""

    def pred_names(self, entity_id: str | None) -> set[str]:
        if not entity_id:
            return set()
        return self.pred.get(entity_id, ("", set()))[1]


def title_match(gold: str, pred: str) -> bool:
    g, p = name_key(gold), name_key(pred)
    if not g or not p:
        return False
    if g in p or p in g:
        return True
    gw, pw = set(gold.lower().split()), set(pred.lower().split())
    return bool(gw and pw) and len(gw & pw) / max(len(gw), len(pw)) >= 0.5


_MINISTER = re.compile(r"minist|部长|部長|大臣|长官|長官", re.I)


def _org_in_title(title: str, org_names: set[str], org_type: str) -> bool:
    """The guide lets a minister's title name its ministry ("外交部长" with no org, or "部长" at
    外交部) and a title held in a place name the place ("ambassador in Seoul"): both readings
    score alike. True when the other side's org (a place, or a ministry without the country
    before it) is named in this side's title; the caller checks this side has no org."""
    minister = bool(_MINISTER.search(title))
    if not (minister or org_type == "PLACE"):
        return False
    key = name_key(re.sub(r"(?i)\bminister\b", "ministry", title))
    for org in org_names:
        if org and org in key:
            return True
        # "中国外交部" in "外交部长", "赞比亚卫生部" in "卫生部长": the ministry without its country
        if minister and any(org[i:] in key for i in range(1, len(org) - 2)):
            return True
    return False


def match_entities(gold_entities: list[dict], pred_entities: list[dict]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: same type, a shared name; the predicted entity's
    own name first, then one naming the gold's own name (中方 is China's alias, not the
    United States', though both carry 中美), then any alias; one-to-one, greedy in gold order."""
    preds = [(e, {name_key(n) for n in [e["name"], *e.get("aliases", [])]}) for e in pred_entities]
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold_entities):
        gnames = {name_key(n) for n in [g["name"], *g.get("aliases", [])]}
        hit = next(
            (i for i, (p, pn) in enumerate(preds) if i not in used and p["type"] == g["type"] and name_key(p["name"]) in gnames),
            None,
        )
        if hit is None:
            own = name_key(g["name"])
            hit = next((i for i, (p, pn) in enumerate(preds) if i not in used and p["type"] == g["type"] and own in pn), None)
        if hit is None:
            hit = next((i for i, (p, pn) in enumerate(preds) if i not in used and p["type"] == g["type"] and pn & gnames), None)
        if hit is not None:
            used.add(hit)
            pairs.append((gi, hit))
    return pairs


def _score_entities(result: Result, seg: GoldSegment, record: dict | None, where: str) -> None:
    preds = (record or {}).get("entities", [])
    pairs = match_entities(seg.entities, preds)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    for gi, g in enumerate(seg.entities):
        prf = result.entities.setdefault(g["type"], PRF())
        if gi in matched_gold:
            prf.tp += 1
        else:
            prf.fn += 1
            result.details.append(f"{where}  miss      {g['type']:<8} {g['name']}")
    for i, p in enumerate(preds):
        _judge(result, "entity", p, i in matched_pred)
        if i not in matched_pred:
            result.entities.setdefault(p["type"], PRF()).fp += 1
            result.details.append(f"{where}  spurious  {p['type']:<8} {p['name']}")


def orgs_agree(gold_title: str, gold_org: set[str], gold_type: str, title: str, org: set[str], org_type: str) -> bool:
    """Does a role's organisation agree with the gold's, as roles are scored: the same names (or none
    on either side), or one side has none and its title names the other's (`_org_in_title`)."""
    if not (gold_org or org) or gold_org & org:
        return True
    return (not gold_org and _org_in_title(gold_title, org, org_type)
            or not org and _org_in_title(title, gold_org, gold_type))


def _score_roles(result: Result, seg: GoldSegment, record: dict | None, names: _Names, where: str) -> None:
    preds = list((record or {}).get("roles", []))
    used: set[int] = set()
    for g in seg.roles:
        gp, go = names.gold_names(g["person"]), names.gold_names(g.get("org"))
        hit = None
        for i, p in enumerate(preds):
            if i in used or not (names.pred_names(p["person"]) & gp):
                continue
            po = names.pred_names(p.get("org"))
            if not orgs_agree(g["title"], go, names.gold_type(g.get("org")), p["title"], po, names.pred_type(p.get("org"))):
                continue
            if title_match(g["title"], p["title"]):
                hit = i
                break
        if hit is None:
            result.roles.fn += 1
            result.details.append(f"{where}  miss      ROLE     {g['person']} / {g['title']} / {g.get('org')}")
        else:
            used.add(hit)
            result.roles.tp += 1
    ent_name = {e["id"]: e["name"] for e in (record or {}).get("entities", [])}
    for i, p in enumerate(preds):
        _judge(result, "role", p, i in used)
        if i not in used:
            result.roles.fp += 1
            result.details.append(
                f"{where}  spurious  ROLE     {ent_name.get(p['person'])} / {p['title']} / {ent_name.get(p.get('org'))}"
            )


def _event_sets(names: _Names, event: dict, gold: bool) -> list[set[str]]:
    ids = [p["entity"] for p in event.get("participants", []) if p.get("role") != "attendee"]
    if event.get("creates"):
        ids.append(event["creates"])
    lookup = names.gold_names if gold else names.pred_names
    return [lookup(i) for i in ids]


def _overlap(gold_sets: list[set[str]], pred_sets: list[set[str]]) -> float:
    if not gold_sets and not pred_sets:
        return 1.0
    used: set[int] = set()
    hits = 0
    for g in gold_sets:
        j = next((j for j, p in enumerate(pred_sets) if j not in used and g & p), None)
        if j is not None:
            used.add(j)
            hits += 1
    return hits / max(len(gold_sets), len(pred_sets))


def _happened(events: list[dict]) -> list[dict]:
    """Planned acts are neither rewarded nor punished (the guide): only happened events count."""
    return [v for v in events if v.get("status", "happened") != "planned"]


def match_events(names: _Names, gold_events: list[dict], preds: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, record index) of events of one type whose partners and
    creations overlap by half or more, best first."""
    pairs = []
    for gi, g in enumerate(gold_events):
        gs = _event_sets(names, g, True)
        for pi, p in enumerate(preds):
            if p["type"] == g["type"]:
                sim = _overlap(gs, _event_sets(names, p, False))
                if sim >= 0.5:
                    pairs.append((sim, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _sim, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _score_events(result: Result, seg: GoldSegment, record: dict | None, names: _Names, where: str) -> None:
    preds = _happened((record or {}).get("events", []))
    gold_events = _happened(seg.events)
    matched = match_events(names, gold_events, preds)
    used_g = {gi for gi, _ in matched}
    used_p = {pi for _, pi in matched}
    for gi, pi in matched:
        result.events.tp += 1
        g, p = gold_events[gi], preds[pi]
        ent_name = {e["id"]: e["name"] for e in (record or {}).get("entities", [])}
        checks = {
            "date": (lambda a, b: a == b, lambda v: v),
            "place": (lambda a, b: bool(names.gold_names(a) & names.pred_names(b)), ent_name.get),
            "creates": (lambda a, b: bool(names.gold_names(a) & names.pred_names(b)), ent_name.get),
        }
        for attr, (same, show) in checks.items():
            if not _attr(result.attributes[attr], g.get(attr), p.get(attr), same):
                result.details.append(
                    f"{where}  wrong     {attr.upper():<8} {g['type']} {g.get('name')}: gold {g.get(attr)!r}, "
                    f"record {show(p.get(attr)) if p.get(attr) else None!r}"
                )
    for gi, g in enumerate(gold_events):
        if gi not in used_g:
            result.events.fn += 1
            parts = ", ".join(p["entity"] for p in g.get("participants", []))
            result.details.append(f"{where}  miss      EVENT    {g['type']} {g.get('name')} [{parts}] creates={g.get('creates')}")
    ent_name = {e["id"]: e["name"] for e in (record or {}).get("entities", [])}
    for pi, p in enumerate(preds):
        _judge(result, "event", p, pi in used_p)
        if pi not in used_p:
            result.events.fp += 1
            parts = ", ".join(ent_name.get(x["entity"], "?") for x in p.get("participants", []))
            result.details.append(
                f"{where}  spurious  EVENT    {p['type']} {p.get('name')} [{parts}] creates={ent_name.get(p.get('creates'))}"
            )


def _judge(result: Result, kind: str, fact: dict, right: bool) -> None:
    if fact.get("confidence") is not None:
        result.judged.append((kind, float(fact["confidence"]), right))


def _attr(prf: PRF, gold, pred, same) -> bool:
    """Count one attribute of a matched event; True when the record has it right."""
    if gold is None and pred is None:
        return True
    if gold is not None and pred is not None and same(gold, pred):
        prf.tp += 1
        return True
    if pred is not None:
        prf.fp += 1
    if gold is not None:
        prf.fn += 1
    return False


def _count_spans(result: Result, record: dict) -> None:
    text = record["text"]
    spans = [m for e in record.get("entities", []) for m in e.get("mentions", [])]
    spans += [x["evidence"] for x in record.get("roles", []) + record.get("events", []) if x.get("evidence")]
    for s in spans:
        result.spans_total += 1
        result.spans_ok += text[s["start"]:s["end"]] == s["text"]


def score(golds: list[GoldFile], records: list[dict]) -> Result:
    result = Result()
    for gold in golds:
        mine = records_for(gold, records)
        for r in mine:
            _count_spans(result, r)
        aligned, leftovers = align(gold.segments, mine)
        for index, (seg, record) in enumerate(zip(gold.segments, aligned)):
            where = f"{PurePath(gold.source).name}#{index}"
            result.relevance_total += 1
            if record is not None and bool(record["relevant"]) == seg.relevant:
                result.relevance_correct += 1
            elif record is None:
                result.details.append(f"{where}  miss      SEGMENT  anchor not found: {seg.anchor[:40]}")
            else:
                result.details.append(f"{where}  wrong     RELEVANT gold={seg.relevant} record={record['relevant']}")
            if not seg.relevant:
                continue
            live = record if record is not None and record["relevant"] else None
            names = _Names(seg.entities, live)
            _score_entities(result, seg, live, where)
            _score_roles(result, seg, live, names, where)
            _score_events(result, seg, live, names, where)
        for r in leftovers:
            if r["relevant"]:
                where = f"{PurePath(gold.source).name}#rec{r['segment']}"
                result.relevance_total += 1
                result.details.append(f"{where}  spurious  SEGMENT  relevant record matches no gold segment")
                empty = GoldSegment("", None, True, [], [], [])
                names = _Names([], r)
                _score_entities(result, empty, r, where)
                _score_roles(result, empty, r, names, where)
                _score_events(result, empty, r, names, where)
    return result
