"""Training rows: the rules' candidates on annotated pages, each labelled by the gold.

Pages are run through the pipeline without the trained decisions; each article is aligned
with its gold segment by the gold's anchor, as the evaluator does, and every candidate
(segment, entity, role, event, participant) becomes a row of features and a 0/1 label.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.evaluate.gold import GoldFile, GoldSegment, load_gold
from coopgraph.evaluate.scoring import align, match_entities, orgs_agree, title_match
from coopgraph.extract.pipeline import RULES_ONLY, Pipeline, PipelineConfig
from coopgraph.ingest.reader import read_source
from coopgraph.learn import features as F
from coopgraph.model import Article
from coopgraph.resolve.keys import name_key

DECISIONS = ("relevance", "entities", "roles", "events", "participants")


@dataclass
class Rows:
    X: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in DECISIONS})
    y: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in DECISIONS})
    where: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in DECISIONS})
    gold_total: dict[str, int] = field(default_factory=lambda: {k: 0 for k in DECISIONS})
    gold_events: dict[str, int] = field(default_factory=dict)   # gold events of each page ("set::page"), for resampling pages
    role_golds: dict[str, int] = field(default_factory=dict)   # gold roles of each article (its `where`)

    def missed(self) -> dict[str, int]:
        """Gold facts that none of the rules' facts matched: misses whatever a decision over them does
        (the events that only a candidate matched among them)."""
        found = {k: sum(y for x, y in zip(self.X[k], self.y[k]) if not x.get("candidate")) for k in ("entities", "roles", "events")}
        return {k: max(0, self.gold_total[k] - found[k]) for k in found}

    def missed_entities(self, etype: str) -> int:
        """Gold entities of one type that no candidate matched."""
        found = sum(y for x, y in zip(self.X["entities"], self.y["entities"]) if x.get(f"type={etype}"))
        return max(0, self.gold_total.get(f"entities:{etype}", 0) - found)

    def add(self, kind: str, x: dict, label: bool, where: str) -> None:
        self.X[kind].append(x)
        self.y[kind].append(int(label))
        self.where[kind].append(where)


def find_page(gold: GoldFile, roots: list[Path]) -> Path | None:
    for root in roots:
        for base in (root, root.parent):
            if (base / gold.source).exists():
                return base / gold.source
    return None


def articles_for(paths: list[Path], pipeline: Pipeline | None = None) -> dict[str, list[Article]]:
    """The articles of each page, by file name, extracted by the rules alone. A page that cannot
    be read is said on stderr and gives no rows; the others still train."""
    # the rules' output, with the candidate events no rule emitted for the events model to learn on
    pipeline = pipeline or Pipeline(PipelineConfig(components=RULES_ONLY, options={"events": {"candidates": True}}))
    out = {}
    for path in paths:
        try:
            source = read_source(str(path))
        except InputError as err:
            print(err.line, file=sys.stderr)
            continue
        # as at run time (the page's segments read together), with the token views the participant features read
        out[path.name] = pipeline.process_source(source, keep_token_views=True)
    return out


def _names(entity: dict) -> set[str]:
    return {name_key(n) for n in [entity["name"], *entity.get("aliases", [])]}


def _gold_lookup(seg: GoldSegment):
    table = [_names(e) for e in seg.entities]

    def names_of(name: str | None) -> set[str]:
        if not name:
            return set()
        key = name_key(name)
        return next((n for n in table if key in n), {key})
    return names_of


def rows_for(golds: list[GoldFile], articles: dict[str, list[Article]]) -> Rows:
    rows = Rows()
    for gold in golds:
        group = "/".join(gold.path.parent.parts[-3:])     # the gold set a row comes from
        arts = articles.get(Path(gold.source).name, [])
        shim = [{"text": a.text} for a in arts]
        aligned, _left = align(gold.segments, shim)
        by_text = {id(s): a for s, a in zip(shim, arts)}
        seg_of: dict[int, GoldSegment] = {}
        for seg, rec in zip(gold.segments, aligned):
            if rec is not None:
                seg_of[id(by_text[id(rec)])] = seg
        for a in arts:
            seg = seg_of.get(id(a))
            where = f"{group}::{Path(gold.source).name}#{a.segment}"
            rows.add("relevance", F.relevance_features(a), bool(seg and seg.relevant), where)
            if seg is None or not seg.relevant:
                continue
            _entity_rows(rows, a, seg, where)
            _role_rows(rows, a, seg, where)
            _event_rows(rows, a, seg, where)
        for seg in gold.segments:
            if seg.relevant:
                rows.gold_total["entities"] += len(seg.entities)
                for e in seg.entities:
                    rows.gold_total[f"entities:{e['type']}"] = rows.gold_total.get(f"entities:{e['type']}", 0) + 1
                rows.gold_total["roles"] += len(seg.roles)
                rows.gold_total["events"] += len(seg.events)
                page = f"{group}::{Path(gold.source).name}"
                rows.gold_events[page] = rows.gold_events.get(page, 0) + len(seg.events)
    return rows


def _record_entities(a: Article) -> list[dict]:
    return [{"type": e.type, "name": e.name, "aliases": e.aliases} for e in a.entities]


def _entity_rows(rows: Rows, a: Article, seg: GoldSegment, where: str) -> None:
    matched = {p for _, p in match_entities(seg.entities, _record_entities(a))}
    for i, e in enumerate(a.entities):
        rows.add("entities", F.entity_features(a, e), i in matched, where)


def _role_rows(rows: Rows, a: Article, seg: GoldSegment, where: str) -> None:
    """One row per organisation option of each role candidate (extract/roles/candidates.py),
    labelled by whether the person, title and organisation make a gold role, as the scorer
    matches them. Each row's `where` names its candidate and the gold role it makes
    ("…::c3::g1", "…::c3::g-"): a gold role counts once however many candidates make it
    (see learn.train). The article's number of gold roles is kept for the roles it misses."""
    names_of = _gold_lookup(seg)
    rows.role_golds[where] = len(seg.roles)
    context = F.role_context(a)
    for ci, cand in enumerate(a.role_candidates):
        person = a.entity(cand.person)
        pn = {name_key(n) for n in person.names()} if person else set()
        for option, features in zip(cand.options, F.role_candidate_features(a, cand, context)):
            org = a.entity(option.org)
            on = {name_key(n) for n in org.names()} if org else set()
            hit = next((gi for gi, g in enumerate(seg.roles) if names_of(g["person"]) & pn
                        and orgs_agree(g["title"], names_of(g.get("org")), _gold_type(seg, names_of(g.get("org"))),
                                       cand.title, on, org.type if org else "")
                        and title_match(g["title"], cand.title)), None)
            rows.add("roles", features, hit is not None,
                     f"{where}::c{ci}::g{'-' if hit is None else hit}")


def _gold_type(seg: GoldSegment, names: set[str]) -> str:
    """The type of the segment's gold entity of these names ("" when none)."""
    return next((e["type"] for e in seg.entities if name_key(e["name"]) in names), "")


def _event_rows(rows: Rows, a: Article, seg: GoldSegment, where: str) -> None:
    names_of = _gold_lookup(seg)
    golds = []
    for g in seg.events:
        ids = [p["entity"] for p in g.get("participants", []) if p.get("role") != "attendee"]
        if g.get("creates"):
            ids.append(g["creates"])
        golds.append((g, [names_of(i) for i in ids], g.get("status", "happened")))
    used: set[int] = set()
    for d in a.event_drafts:
        cands = F.participant_candidates(a, d)
        pool = {eid: {name_key(n) for n in a.entity(eid).names()} for eid, _ in cands if a.entity(eid)}
        best = _gold_event(a, d, golds, used, pool)
        rows.add("events", F.event_features(a, d), best is not None, where)
        if best is None:
            continue
        sets = golds[best][1]
        for eid, f in cands:
            rows.add("participants", f, any(s & pool.get(eid, set()) for s in sets), where)
    for d in a.event_candidates:   # after the rules' drafts: a candidate is right only for an act they missed
        pool = {eid: {name_key(n) for n in a.entity(eid).names()} for eid in d.participants if a.entity(eid)}
        pool = {eid: names for eid, names in pool.items() if d.participants[eid] != "attendee"}
        rows.add("events", F.event_features(a, d), _gold_event(a, d, golds, used, pool, strict=True) is not None, where)


def _gold_event(a: Article, d, golds: list, used: set[int], pool: dict[str, set[str]], strict: bool = False) -> int | None:
    """The unused gold event of the draft's type and status whose partners (and creation) its
    candidates name best, when they name half or more; marked used. `strict`: as the scorer
    counts, half or more of the larger side, the gold's or the draft's partners (a candidate
    naming every body of its sentence is no match for an act of two)."""
    creates = {name_key(n) for n in a.entity(d.creates).names()} if a.entity(d.creates) else set()
    best, best_score = None, 0.0
    for gi, (g, sets, status) in enumerate(golds):
        if gi in used or g["type"] != d.type or status != d.status:
            continue
        hits = sum(1 for s in sets if any(s & names for names in pool.values()) or (s & creates))
        size = max(len(sets), len(pool) + bool(creates)) if strict else len(sets)
        score = hits / max(size, 1) if sets else (1.0 if not pool else 0.5)
        if score > best_score:
            best, best_score = gi, score
    if best is None or best_score < 0.5:
        return None
    used.add(best)
    return best


def training_rows(gold_dirs: list[Path], roots: list[Path]) -> Rows:
    golds = [g for d in gold_dirs for g in load_gold(d)]
    pages = []
    for g in golds:
        page = find_page(g, roots)
        if page is None:
            raise FileNotFoundError(f"{g.path}: page {g.source} not found under {', '.join(map(str, roots))}")
        pages.append(page)
    return rows_for(golds, articles_for(pages))
