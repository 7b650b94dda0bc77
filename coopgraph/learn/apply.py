"""Applying the shipped models to an article's candidates.

All features are read first, from the rules' output as it stands (as at training time);
then each decision is applied: participants chosen among the candidates, events (and the
candidate events no rule emitted, `Article.event_candidates`), entities
and roles kept or dropped, titles the rules left alone tied to an organisation, relevance
decided, and every kept fact given its confidence.
"""
from __future__ import annotations

from coopgraph.extract.events import says_enough, to_event
from coopgraph.learn import features as F
from coopgraph.learn.models import probability
from coopgraph.model import Article


def _default_role(article: Article, draft, eid: str) -> str:
    if draft.type == "MEMBERSHIP":
        has_member = "member" in draft.participants.values()
        ent = article.entity(eid)
        return "host" if has_member or (ent and ent.type == "ORG") else "member"
    return F.DEFAULT_ROLE[draft.type]


def apply_models(models: dict[str, dict], article: Article) -> None:
    rel = models.get("relevance")
    rel_features = F.relevance_features(article) if rel else None
    ent_features = {e.id: F.entity_features(article, e) for e in article.entities} if "entities" in models else {}
    role_features = [F.role_features(article, r) for r in article.roles] if "roles" in models else []
    chooser = models.get("role_orgs")
    org_candidates = {id(r): F.role_org_candidates(article, r) for r in article.roles
                      if r.org is None} if chooser and chooser["decides"] else {}
    ev = models.get("events")
    candidate_features = [(d, F.event_features(article, d)) for d in article.event_candidates] \
        if ev and ev.get("candidates_decide") else []
    part = models.get("participants")
    part_features = [F.participant_candidates(article, d) for d in article.event_drafts] if part and part["decides"] else []

    if part_features:
        for d, cands in zip(article.event_drafts, part_features):
            kept = {}
            for eid, f in cands:
                if probability(part, f) >= part["threshold"]:
                    kept[eid] = d.participants.get(eid) or _default_role(article, d, eid)
                    d.participant_by.setdefault(eid, set()).add("model.participants")
            d.participants = kept
            d.by.add("model.participants")
    ev = models.get("events")
    if ev:
        drafts = []
        for d in article.event_drafts:
            d.confidence = probability(ev, F.event_features(article, d))
            if not ev["decides"] or (d.confidence >= ev["threshold"] and says_enough(d)):
                drafts.append(d)
        article.event_drafts = drafts + _kept_candidates(ev, candidate_features)
        article.events = [to_event(i, d) for i, d in enumerate(article.event_drafts)]
    if role_features:
        model = models["roles"]
        kept = []
        for r, f in zip(article.roles, role_features):
            r.confidence = probability(model, f)
            if not model["decides"] or r.confidence >= model["threshold"]:
                kept.append(r)
        article.roles = kept
    if org_candidates:
        for r in article.roles:
            if id(r) in org_candidates:
                scored = [(probability(chooser, f), eid) for eid, f in org_candidates[id(r)]]
                p, eid = max(scored, default=(0.0, None))
                if eid is not None and p >= chooser["threshold"]:
                    r.org = eid
                    r.by = sorted({*r.by, "model.role_orgs"})
    if ent_features:
        model = models["entities"]
        needed = {r.person for r in article.roles} | {r.org for r in article.roles if r.org}
        for v in article.events:
            needed |= {p.entity for p in v.participants} | {v.creates, v.place}
        article.entities = [e for e in article.entities if _keep_entity(model, e, ent_features[e.id], needed)]
    if rel:
        article.relevance_confidence = probability(rel, rel_features)
        if rel["decides"]:
            article.relevant = article.relevance_confidence >= rel["threshold"]
            article.relevance_reasons.append(f"trained decision: p={article.relevance_confidence:.2f}")


def _kept_candidates(model: dict, candidates: list) -> list:
    """The candidates no rule emitted that the events model keeps (only where its file says
    keeping them raised events F1 on dev: `candidates_decide`), each with its confidence."""
    kept = []
    for d, f in candidates:
        d.confidence = probability(model, f)
        if d.confidence >= model["candidate_threshold"]:
            d.by.add("model.events")
            kept.append(d)
    return kept


def _keep_entity(model: dict, e, features: dict, needed: set) -> bool:
    e.confidence = probability(model, features)
    threshold = model.get("thresholds", {}).get(e.type, model["threshold"])   # one per entity type
    return not model["decides"] or e.confidence >= threshold or e.id in needed
