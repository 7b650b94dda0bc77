"""Applying the shipped models to an article's candidates.

All features are read first, from the rules' output as it stands (as at training time);
then each decision is applied: participants chosen among the candidates, events (and the
candidate events no rule emitted, `Article.event_candidates`), entities
and roles kept or dropped, titles the rules left alone tied to an organisation, relevance
decided, and every kept fact given its confidence.
"""
from __future__ import annotations

import re

from coopgraph.extract.events import says_enough, to_event
from coopgraph.extract.roles import reach_org
from coopgraph.learn import features as F
from coopgraph.learn.models import probability
from coopgraph.model import Article, Role


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
    # a roles model written before candidates (one row per role, no "format") cannot choose among options
    role_options = _role_options(article) if models.get("roles", {}).get("format") == "options" else []
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
    if role_options:
        article.roles = choose_roles(models["roles"], article, role_options)
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


def _role_options(article: Article) -> list[tuple]:
    """(candidate, [(option, features)]) for every role candidate, read before any decision."""
    context = F.role_context(article)
    return [(c, list(zip(c.options, F.role_candidate_features(article, c, context)))) for c in article.role_candidates]


def choose_roles(model: dict, article: Article, role_options: list[tuple]) -> list[Role]:
    """Each candidate's likeliest organisation option. Where the model `decides`, a rules' role is
    kept, tied to that option, when its probability reaches the threshold, and dropped otherwise;
    a title the rules did not emit is added only where the model also `adds`. Where it does not
    decide, the rules' roles stay as they are, each with its own pair's probability."""
    out: list[Role] = []
    for cand, scored in role_options:
        probs = [(probability(model, f), o) for o, f in scored]
        p, best = max(probs, key=lambda x: x[0])
        role = cand.role
        if role is not None and not model["decides"]:
            role.confidence = next((q for q, o in probs if o.org == role.org), p)
            out.append(role)
        elif p >= model["threshold"] and (role is not None or model.get("adds")):
            if role is None or best.org != role.org:   # a title the rules did not emit, or another organisation
                role = role or Role(cand.person, cand.title, best.org, cand.evidence, [cand.kind])
                role.org = best.org
                role.by = sorted({*role.by, "model.roles"})
                reach_org(article, role)
            role.confidence = p
            out.append(role)
    return _one_each(out)


def _one_each(roles: list[Role]) -> list[Role]:
    """One role per (person, title, organisation): two candidates may choose the same; and a title
    that is words of another title the person holds in the same organisation is that title named
    again ('Director Lawrence Banks' after 'Lawrence Banks, Director-General of ICGEB')."""
    seen, out = set(), []
    for r in roles:
        key = (r.person, r.title, r.org)
        if key not in seen:
            seen.add(key)
            out.append(r)
    words = {id(r): set(re.findall(r"\w+", r.title.lower())) for r in out}
    return [r for r in out if r.org is None or not any(
        o is not r and o.person == r.person and o.org == r.org and words[id(r)] < words[id(o)] for o in out)]


def _keep_entity(model: dict, e, features: dict, needed: set) -> bool:
    e.confidence = probability(model, features)
    threshold = model.get("thresholds", {}).get(e.type, model["threshold"])   # one per entity type
    return not model["decides"] or e.confidence >= threshold or e.id in needed
