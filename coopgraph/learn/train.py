"""`make train`: the trained decisions, rebuilt deterministically from the repository.

For each decision (segment relevance, entity, role, event, participant, a title's
organisation) a logistic regression is fitted on the training rows (scikit-learn, lbfgs,
deterministic), its probabilities are calibrated on the dev rows (isotonic regression), and a
threshold is set from dev: half the best F1 of that kind of fact (0.5 for relevance, where the
score is accuracy; for entities one threshold per entity type; for a title's organisation the
roles gained).
A model decides (keeps, drops, re-attaches) only where its decision beat the rules' own on dev;
elsewhere it only gives each fact its calibrated confidence. Each model is written as JSON — feature weights, intercept, calibration points, threshold —
small, readable, and loaded without scikit-learn or pickle.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from coopgraph.learn.dataset import Rows
from coopgraph.model import ENTITY_TYPES

TRAIN_SETS = ("corpus/train", "tests/gold/examples", "tests/gold/holdout", "tests/gold/holdout2", "tests/gold/holdout3")
DEV_SETS = ("corpus/dev", "tests/gold/seeds", "tests/gold/dev")
MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models"
VERSION = 1


def _fit(X: list[dict], y: list[int], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=True, sort=True)
    m = vec.fit_transform(X)
    clf = LogisticRegression(C=c, solver="lbfgs", random_state=0, max_iter=5000)
    clf.fit(m, y)
    return vec, clf


def _calibrate(raw: np.ndarray, y: list[int]) -> tuple[list[float], list[float]]:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
    iso.fit(raw, np.array(y, dtype=float))
    return [round(float(v), 6) for v in iso.X_thresholds_], [round(float(v), 6) for v in iso.y_thresholds_]


def _f1(keep: np.ndarray, y: np.ndarray, missed: int) -> float:
    tp = int((keep & (y == 1)).sum())
    fp = int((keep & (y == 0)).sum())
    fn = int((~keep & (y == 1)).sum()) + missed
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _score(keep: np.ndarray, y: np.ndarray, kind: str, missed: int) -> float:
    return float((keep == (y == 1)).mean()) if kind == "relevance" else _f1(keep, y, missed)


def _best_threshold(p: np.ndarray, y: list[int], kind: str, missed: int) -> tuple[float, float]:
    """(threshold, dev score at it) on calibrated probability. For F1 the threshold is half the best
    F1 reached on dev (gold facts no candidate found count as misses whatever the threshold): with
    calibrated probabilities that is where F1 peaks (Lipton, Elkan and Narayanaswamy, 2014), and
    unlike the argmax over isotonic steps it does not jump between retrains (on dev halves, chosen
    on one and scored on the other: sd 0.001-0.02 against 0.08-0.23, held-out F1 equal or better).
    For relevance (accuracy) it is 0.5, the odds at which keeping a segment is right more often."""
    y_arr = np.array(y)
    if kind == "relevance":
        return 0.5, _score(p >= 0.5, y_arr, kind, missed)
    best = max(_score(p >= t, y_arr, kind, missed) for t in {0.0, *[round(float(v), 4) for v in np.unique(p)]})
    threshold = round(best / 2, 4)
    return threshold, _score(p >= threshold, y_arr, kind, missed)


def _rules_score(rows_x: list[dict], y: list[int], kind: str, missed: int) -> float:
    """What the rules alone decide on the same rows: keep every candidate, the rules' own
    relevance, the participants the rules attached."""
    y_arr = np.array(y)
    if kind in ("relevance", "teasers"):   # the rules' own verdict on the segment, or the headline-only teaser
        keep = np.array([bool(x.get("rules_say")) for x in rows_x])
    elif kind == "participants":
        keep = np.array([not x.get("attached_by:none") for x in rows_x])
    else:
        keep = np.ones(len(y), dtype=bool)
    return _score(keep, y_arr, kind, missed)


def _at(threshold, idx):
    """The threshold of the rows `idx`: one for all, or each row's own (entities, by type)."""
    return threshold[idx] if isinstance(threshold, np.ndarray) else threshold


def _thresholds_by_type(dev_rows: Rows, calibrated: np.ndarray, default: float) -> tuple[dict[str, float], np.ndarray]:
    """The entity model's threshold for each entity type, each chosen on that type's dev rows
    (a person's name and an organisation's are not kept at the same odds), and each dev row's."""
    y = np.array(dev_rows.y["entities"])
    types = np.array([next((t for t in ENTITY_TYPES if x.get(f"type={t}")), "") for x in dev_rows.X["entities"]])
    by_type = {}
    for etype in ENTITY_TYPES:
        mask = types == etype
        if mask.any():
            by_type[etype], _ = _best_threshold(calibrated[mask], list(y[mask]), "entities", dev_rows.missed_entities(etype))
    return by_type, np.array([by_type.get(t, default) for t in types])


def _surely_better(dev_rows: Rows, kind: str, calibrated: np.ndarray, threshold: float, missed: int,
                   draws: int = 300) -> bool:
    """Is the model's decision better than the rules' on dev beyond chance? Bootstrap over the dev
    rows (fixed seed): in 95% of the resamples the model must score higher."""
    rng = np.random.default_rng(0)
    y = np.array(dev_rows.y[kind])
    xs = dev_rows.X[kind]
    n = len(y)
    wins = 0
    for _ in range(draws):
        idx = rng.integers(0, n, n)
        share_missed = round(missed * len(set(idx.tolist())) / max(n, 1))
        model = _score(calibrated[idx] >= _at(threshold, idx), y[idx], kind, share_missed)
        rules = _rules_score([xs[i] for i in idx], list(y[idx]), kind, share_missed)
        wins += model > rules
    return wins >= 0.95 * draws


def _hurts_a_dev_set(dev_rows: Rows, kind: str, calibrated: np.ndarray, threshold: float) -> bool:
    """Does the model's decision do worse than the rules on any one dev set (the new corpus, the
    older pages)? A decision must help across sources, not on average only."""
    groups: dict[str, list[int]] = {}
    for i, where in enumerate(dev_rows.where[kind]):
        groups.setdefault(where.split("::", 1)[0], []).append(i)
    y = np.array(dev_rows.y[kind])
    for idx in groups.values():
        xs = [dev_rows.X[kind][i] for i in idx]
        if _score(calibrated[idx] >= _at(threshold, idx), y[idx], kind, 0) < _rules_score(xs, list(y[idx]), kind, 0) - 1e-9:
            return True
    return False


MIN_DEV_ROLES = 10   # a decision seen on fewer dev roles is no evidence, whatever the resamples say


def _role_org_gain(p: np.ndarray, y: np.ndarray, where: list[str], threshold: float) -> int:
    """Roles gained by tying each title the rules left without an organisation to its likeliest
    one, where that is at least `threshold`: +1 where it is the gold's organisation, -1 where
    the gold gives the title none (a right role made wrong), 0 otherwise (wrong either way)."""
    best: dict[str, int] = {}
    for i, w in enumerate(where):
        if w not in best or p[i] > p[best[w]]:
            best[w] = i
    return sum((1 if y[i] else -1 if w.endswith(":none") else 0) for w, i in best.items() if p[i] >= threshold)


def _role_orgs_on_dev(p: np.ndarray, dev_rows: Rows, draws: int = 300) -> tuple[float, int, int, bool]:
    """(threshold, roles gained on dev, 0 for the rules, whether to decide): the threshold with the
    largest gain; the model decides when it ties at least MIN_DEV_ROLES dev roles, gains on each
    dev set and in 95% of resamples of the dev roles (fixed seed)."""
    y, where = np.array(dev_rows.y["role_orgs"]), dev_rows.where["role_orgs"]
    gains = {t: _role_org_gain(p, y, where, t) for t in sorted({round(float(v), 4) for v in np.unique(p)})}
    threshold = max(gains, key=lambda t: (gains[t], t)) if gains else 1.0
    groups: dict[str, list[int]] = {}
    for i, w in enumerate(where):
        groups.setdefault(w, []).append(i)
    roles = list(groups.values())
    picked_roles = sum(1 for idx in roles if max(p[i] for i in idx) >= threshold)
    if picked_roles < MIN_DEV_ROLES:
        return threshold, gains.get(threshold, 0), 0, False   # too few dev roles to show anything
    sets: dict[str, list[int]] = {}
    for i, w in enumerate(where):
        sets.setdefault(w.split("::", 1)[0], []).append(i)
    each_set = all(_role_org_gain(p[idx], y[idx], [where[i] for i in idx], threshold) >= 0 for idx in sets.values())
    rng = np.random.default_rng(0)
    wins = 0
    for _ in range(draws):
        draw = [(j, i) for j, k in enumerate(rng.integers(0, len(roles), len(roles))) for i in roles[k]]
        picked = [i for _, i in draw]   # a role drawn twice counts twice: its rows get the draw's number
        wins += bool(draw) and _role_org_gain(p[picked], y[picked], [f"{j}|{where[i]}" for j, i in draw], threshold) > 0
    return threshold, gains.get(threshold, 0), 0, each_set and wins >= 0.95 * draws


def _subset(rows: Rows, kind: str, mask: np.ndarray) -> Rows:
    """The rows of one kind that `mask` keeps, as a Rows of their own."""
    out = Rows()
    for i in np.flatnonzero(mask):
        out.add(kind, rows.X[kind][i], bool(rows.y[kind][i]), rows.where[kind][i])
    return out


NEW_WRITERS = re.compile(r"^w(1[7-9]|[2-9]\d)_")   # corpus pages by writers whose pages no rule was fitted on


def _pages(rows: Rows) -> dict[str, list[int]]:
    """Each dev page ("set::file") with the indexes of its event rows (none for a page whose gold
    events no article came near)."""
    pages: dict[str, list[int]] = {page: [] for page in rows.gold_events}
    for i, where in enumerate(rows.where["events"]):
        pages.setdefault(where.split("#", 1)[0], []).append(i)
    return pages


def _pages_f1(pages: list[tuple[str, list[int]]], keep: np.ndarray, y: np.ndarray, gold: dict[str, int]) -> float:
    """Events F1 over whole pages: a kept right row is found, a kept wrong one spurious, and a
    gold event of those pages no kept row found is missed."""
    tp = fp = total = 0
    for page, idx in pages:
        k = keep[idx]
        tp += int((k & (y[idx] == 1)).sum())
        fp += int((k & (y[idx] == 0)).sum())
        total += max(gold.get(page, 0), int((y[idx] == 1).sum()))
    return 2 * tp / (tp + fp + total) if tp else 0.0


def _candidates_on_dev(p: np.ndarray, dev_rows: Rows, rule_kept: np.ndarray, candidate: np.ndarray,
                       draws: int = 300) -> dict:
    """The threshold at which the events model keeps candidates (the best events F1 on dev, the
    rules' events kept as the model keeps them), and whether it may: only when keeping them raises
    dev events F1 in 95% of resamples of the dev pages (fixed seed), both over every dev set and
    over the new writers' dev pages alone, and lowers it on no dev set."""
    y = np.array(dev_rows.y["events"])
    pages = list(_pages(dev_rows).items())
    gold = dev_rows.gold_events
    off = _pages_f1(pages, rule_kept, y, gold)
    scores = {t: _pages_f1(pages, rule_kept | (candidate & (p >= t)), y, gold)
              for t in sorted({round(float(v), 4) for v in np.unique(p[candidate])})} if candidate.any() else {}
    threshold = max(scores, key=lambda t: (scores[t], -t)) if scores else 1.0
    on = rule_kept | (candidate & (p >= threshold))

    def wins(chosen: list[tuple[str, list[int]]]) -> float:
        """The share of resamples of these pages in which keeping the candidates scores higher."""
        rng = np.random.default_rng(0)
        won = 0
        for _ in range(draws):
            drawn = [chosen[k] for k in rng.integers(0, len(chosen), len(chosen))]
            won += _pages_f1(drawn, on, y, gold) > _pages_f1(drawn, rule_kept, y, gold)
        return won / draws if chosen else 0.0

    new = [(page, idx) for page, idx in pages if page.startswith("corpus/dev") and NEW_WRITERS.match(page.split("::")[1])]
    sets: dict[str, list] = {}
    for page, idx in pages:
        sets.setdefault(page.split("::", 1)[0], []).append((page, idx))
    each_set = all(_pages_f1(c, on, y, gold) >= _pages_f1(c, rule_kept, y, gold) - 1e-9 for c in sets.values())
    won = [round(wins(pages), 3), round(wins(new), 3)]
    decide = bool(scores) and each_set and min(won) >= 0.95
    return {"candidate_threshold": threshold, "candidates_decide": decide, "candidates_wins": won,
            "candidates_dev_score": round(scores.get(threshold, off), 4), "candidates_off_dev_score": round(off, 4),
            "candidates_new_writers": [round(_pages_f1(new, rule_kept, y, gold), 4), round(_pages_f1(new, on, y, gold), 4)],
            "candidates_kept_on_dev": int((candidate & (p >= threshold)).sum()), "candidates_on_dev": int(candidate.sum())}


def train(train_rows: Rows, dev_rows: Rows, missed: dict[str, int], c: float = 1.0) -> dict[str, dict]:
    models = {}
    for kind in train_rows.X:   # DECISIONS, and the segmenter's teasers (learn.teaser_rows) when added
        X, y = train_rows.X[kind], train_rows.y[kind]
        if len(set(y)) < 2 or not dev_rows.X.get(kind):
            continue
        vec, clf = _fit(X, y, c)
        raw = clf.predict_proba(vec.transform(dev_rows.X[kind]))[:, 1]
        cal_x, cal_y = _calibrate(raw, dev_rows.y[kind])
        calibrated = np.interp(raw, cal_x, cal_y)
        extra: dict = {}
        if kind == "role_orgs":
            threshold, model_score, rules_score, better = _role_orgs_on_dev(calibrated, dev_rows)
        elif kind == "events":
            rules_only = np.array([not x.get("candidate") for x in dev_rows.X[kind]])
            part = _subset(dev_rows, kind, rules_only)
            threshold, model_score = _best_threshold(calibrated[rules_only], part.y[kind], kind, missed.get(kind, 0))
            rules_score = _rules_score(part.X[kind], part.y[kind], kind, missed.get(kind, 0))
            better = not _hurts_a_dev_set(part, kind, calibrated[rules_only], threshold) and \
                _surely_better(part, kind, calibrated[rules_only], threshold, missed.get(kind, 0))
            rule_kept = rules_only & ((calibrated >= threshold) if better else True)
            extra = _candidates_on_dev(calibrated, dev_rows, rule_kept, ~rules_only)
        else:
            threshold, model_score = _best_threshold(calibrated, dev_rows.y[kind], kind, missed.get(kind, 0))
            rules_score = _rules_score(dev_rows.X[kind], dev_rows.y[kind], kind, missed.get(kind, 0))
            at = threshold
            if kind == "entities":
                extra["thresholds"], at = _thresholds_by_type(dev_rows, calibrated, threshold)
                model_score = _score(calibrated >= at, np.array(dev_rows.y[kind]), kind, missed.get(kind, 0))
            better = not _hurts_a_dev_set(dev_rows, kind, calibrated, at) and \
                _surely_better(dev_rows, kind, calibrated, at, missed.get(kind, 0))
        names = vec.get_feature_names_out()
        weights = {str(n): round(float(w), 6) for n, w in zip(names, clf.coef_[0]) if abs(w) > 1e-6}
        models[kind] = {
            "kind": kind, "version": VERSION, "intercept": round(float(clf.intercept_[0]), 6), "weights": weights,
            "calibration": {"x": cal_x, "y": cal_y}, "threshold": threshold,
            # the model decides only where it beat the rules on dev; elsewhere it gives confidence only
            "decides": better,
            "dev_score": round(model_score, 4),
            "rules_dev_score": round(rules_score, 4),
            "trained_on": len(y), "calibrated_on": len(dev_rows.y[kind]), "C": c, **extra,
        }
    return models


def write_models(models: dict[str, dict], folder: Path = MODEL_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind, model in models.items():
        path = folder / f"{kind}.json"
        path.write_text(json.dumps(model, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        out.append(path)
    return out
