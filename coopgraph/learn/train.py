"""`make train`: the trained decisions, rebuilt deterministically from the repository.

For each decision (segment relevance, headline-only teasers, entity, role, event, participant) a
logistic regression is fitted on the training rows (scikit-learn, lbfgs, deterministic), its probabilities are calibrated on the dev rows (isotonic regression), and a
threshold is set from dev: half the best F1 of that kind of fact (0.5 for relevance, where the
score is accuracy; for entities one threshold per entity type; for roles, which choose among each
candidate's organisation options, the best role F1 over dev articles).
A model decides (keeps, drops, re-attaches) only where its decision beat the rules' own on dev;
elsewhere it only gives each fact its calibrated confidence. Each model is written as JSON — feature weights, intercept, calibration points, threshold —
small, readable, and loaded without scikit-learn or pickle.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
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
    best = max(_score(p >= t, y_arr, kind, missed) for t in {0.0, *_levels(p)})
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


def _share_of_wins(n: int, wins, draws: int = 300) -> float:
    """The share of `draws` resamples of n units (with replacement, fixed seed) in which `wins(indexes)`
    holds: the one bootstrap every decision's rule uses (over dev rows, roles' articles, events' pages)."""
    if not n:
        return 0.0
    rng = np.random.default_rng(0)
    return sum(bool(wins(rng.integers(0, n, n))) for _ in range(draws)) / draws


def _by_dev_set(keys: list[str]) -> list[list[int]]:
    """The indexes of the keys ("set::…") of each dev set (the new corpus, the older pages)."""
    sets: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        sets.setdefault(key.split("::", 1)[0], []).append(i)
    return list(sets.values())


def _levels(p: np.ndarray) -> list[float]:
    """The distinct calibrated probabilities, the thresholds worth trying."""
    return sorted({round(float(v), 4) for v in np.unique(p)})


def _surely_better(dev_rows: Rows, kind: str, calibrated: np.ndarray, threshold: float, missed: int,
                   draws: int = 300) -> bool:
    """Is the model's decision better than the rules' on dev beyond chance? Bootstrap over the dev
    rows (fixed seed): in 95% of the resamples the model must score higher."""
    y = np.array(dev_rows.y[kind])
    xs = dev_rows.X[kind]
    n = len(y)

    def wins(idx: np.ndarray) -> bool:
        share_missed = round(missed * len(set(idx.tolist())) / max(n, 1))
        model = _score(calibrated[idx] >= _at(threshold, idx), y[idx], kind, share_missed)
        return model > _rules_score([xs[i] for i in idx], list(y[idx]), kind, share_missed)

    return _share_of_wins(n, wins, draws) >= 0.95


def _surely_worse(n: int, loses) -> bool:
    """Does `loses(indexes)` hold in 95% of resamples of one dev set's n units? A set vetoes a
    decision only when its loss is beyond chance: the older dev sets are 10-11 pages each, where
    one fact either way moves the score, and a veto on any decline let noise decide."""
    return _share_of_wins(n, loses) >= 0.95


def _hurts_a_dev_set(dev_rows: Rows, kind: str, calibrated: np.ndarray, threshold: float) -> bool:
    """Is the model's decision surely worse than the rules' on any one dev set (the new corpus, the
    older pages)? A decision must hold across sources, not on average only."""
    y = np.array(dev_rows.y[kind])
    for idx in _by_dev_set(dev_rows.where[kind]):
        idx = np.array(idx)

        def loses(draw: np.ndarray, idx=idx) -> bool:
            rows = idx[draw]
            xs = [dev_rows.X[kind][i] for i in rows]
            return _score(calibrated[rows] >= _at(threshold, rows), y[rows], kind, 0) < _rules_score(xs, list(y[rows]), kind, 0) - 1e-9

        if _surely_worse(len(idx), loses):
            return True
    return False


# Pages by writers who joined late (batch w17 on): the check that a roles decision holds on new writing too.
NEW_WRITERS = re.compile(r"(?:^|::)w(?:1[7-9]|[2-9]\d)_")   # corpus pages by writers whose pages no rule was fitted on


@dataclass
class _Candidate:
    rows: list[int]          # its rows (one per organisation option)
    golds: list[str | None]  # the gold role each row makes, or None
    rule_row: int | None     # the row of the rules' own pair; None for a title the rules did not emit


def _role_candidates(rows: Rows) -> dict[str, list[_Candidate]]:
    """The roles rows grouped by article and candidate (their `where`: article::cN::gM)."""
    out: dict[str, dict[str, _Candidate]] = {a: {} for a in rows.role_golds}
    for i, (x, w) in enumerate(zip(rows.X["roles"], rows.where["roles"])):
        article, cand, gold = w.rsplit("::", 2)
        c = out.setdefault(article, {}).setdefault(cand, _Candidate([], [], None))
        c.rows.append(i)
        c.golds.append(None if gold == "g-" else gold)
        if x.get("rule_pair"):
            c.rule_row = i
    return {a: list(cands.values()) for a, cands in out.items()}


def _article_counts(cands: list[_Candidate], p: np.ndarray | None, threshold: float, add_threshold: float | None
                    ) -> tuple[int, int]:
    """(true, false) roles kept in one article: the rules' pairs (p None), or each candidate's likeliest
    option at the threshold (candidates the rules did not emit only with an add_threshold); a gold
    role made twice counts once."""
    hit: set[str] = set()
    false = 0
    for c in cands:
        if p is None:
            pick = c.rows.index(c.rule_row) if c.rule_row is not None else None
        else:
            best = max(range(len(c.rows)), key=lambda k: p[c.rows[k]])
            bar = threshold if c.rule_row is not None else add_threshold
            pick = best if bar is not None and p[c.rows[best]] >= bar else None
        if pick is None:
            continue
        gold = c.golds[pick]
        if gold is None or gold in hit:
            false += 1
        else:
            hit.add(gold)
    return len(hit), false


def _roles_f1(counts: dict[str, tuple[int, int]], golds: dict[str, int], articles) -> float:
    tp = sum(counts[a][0] for a in articles)
    fp = sum(counts[a][1] for a in articles)
    gold = sum(golds[a] for a in articles)
    return 2 * tp / (fp + tp + gold) if tp else 0.0


def _better(model: dict, base: dict, golds: dict[str, int], new_writers_gain: bool, draws: int = 300) -> bool:
    """The bootstrap rule for roles, over dev articles (fixed seed): the model's F1 beats the base's in 95%
    of resamples, and is surely worse on no dev set (nor, with new_writers_gain, lower or equal on the
    pages of new writers)."""
    articles = sorted(golds)
    sets = [[articles[i] for i in idx] for idx in _by_dev_set(articles)]
    new = [a for a in articles if NEW_WRITERS.search(a)]
    for one in sets:
        def loses(idx: np.ndarray, one=one) -> bool:
            draw = [one[i] for i in idx]
            return _roles_f1(model, golds, draw) < _roles_f1(base, golds, draw) - 1e-9
        if _surely_worse(len(one), loses):
            return False
    if new_writers_gain and _roles_f1(model, golds, new) <= _roles_f1(base, golds, new):
        return False

    def wins(idx: np.ndarray) -> bool:
        draw = [articles[i] for i in idx]
        return _roles_f1(model, golds, draw) > _roles_f1(base, golds, draw)

    return _share_of_wins(len(articles), wins, draws) >= 0.95


def _roles_on_dev(p: np.ndarray, dev_rows: Rows) -> dict:
    """The roles model's thresholds and switches, chosen on dev: `threshold` (a rules' role is kept,
    tied to its likeliest organisation, at or above it) by dev F1, and `decides` when that beats the
    rules' own roles by the bootstrap rule; then `add_threshold` for titles the rules did not emit,
    and `adds` when adding them beats the model without them, on dev and on the new writers' pages."""
    cands, golds = _role_candidates(dev_rows), dev_rows.role_golds
    everything = list(golds)

    def counts(threshold, add_threshold, model=True):
        return {a: _article_counts(cands.get(a, []), p if model else None, threshold, add_threshold) for a in golds}

    rules = counts(None, None, model=False)
    levels = _levels(p) or [1.0]
    scored = {t: counts(t, None) for t in levels}
    threshold = max(levels, key=lambda t: (_roles_f1(scored[t], golds, everything), t))
    chosen = scored[threshold]
    decides = _better(chosen, rules, golds, new_writers_gain=False)
    with_added = {t: counts(threshold, t) for t in levels}
    add_threshold = max(levels, key=lambda t: (_roles_f1(with_added[t], golds, everything), t))
    adds = decides and _better(with_added[add_threshold], chosen, golds, new_writers_gain=True)
    final = with_added[add_threshold] if adds else chosen if decides else rules
    return {"format": "options", "threshold": threshold, "add_threshold": add_threshold, "decides": decides, "adds": adds,
            "dev_score": _roles_f1(final, golds, everything), "rules_dev_score": _roles_f1(rules, golds, everything),
            "dev_without_added": _roles_f1(chosen, golds, everything),
            "dev_with_added": _roles_f1(with_added[add_threshold], golds, everything)}


ROLES_C = (0.03, 0.1, 0.3, 1.0)   # the roles model's regularisation, chosen among these on the train pages


def _roles_c(rows: Rows, folds: int = 4) -> float:
    """The C of ROLES_C with the best roles F1 over `folds` folds of the train articles (each held
    out in turn, at its own best threshold): one candidate's options are many correlated rows, and
    how hard to hold the weights back is chosen without looking at dev."""
    cands = _role_candidates(rows)
    articles = sorted(rows.role_golds)
    best_c, best_f1 = ROLES_C[-1], -1.0
    for c in ROLES_C:
        tp = fp = gold = 0
        for fold in range(folds):
            held = set(articles[fold::folds])
            train_idx = [i for i, w in enumerate(rows.where["roles"]) if w.rsplit("::", 2)[0] not in held]
            if len({rows.y["roles"][i] for i in train_idx}) < 2:
                continue
            vec, clf = _fit([rows.X["roles"][i] for i in train_idx], [rows.y["roles"][i] for i in train_idx], c)
            p = np.zeros(len(rows.y["roles"]))
            test_idx = [i for i, w in enumerate(rows.where["roles"]) if w.rsplit("::", 2)[0] in held]
            if test_idx:
                p[test_idx] = clf.predict_proba(vec.transform([rows.X["roles"][i] for i in test_idx]))[:, 1]
            scored = []
            for t in np.unique(np.round(p[test_idx], 2)) if test_idx else [1.0]:
                counts = [_article_counts(cands.get(a, []), p, t, None) for a in held]
                scored.append((sum(x[0] for x in counts), sum(x[1] for x in counts)))
            n = sum(rows.role_golds[a] for a in held)
            f_tp, f_fp = max(scored, key=lambda x: 2 * x[0] / (x[0] + x[1] + n) if n + x[0] else 0.0)
            tp, fp, gold = tp + f_tp, fp + f_fp, gold + n
        f1 = 2 * tp / (tp + fp + gold) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best_c, best_f1 = c, f1
    return best_c


def _subset(rows: Rows, kind: str, mask: np.ndarray) -> Rows:
    """The rows of one kind that `mask` keeps, as a Rows of their own."""
    out = Rows()
    for i in np.flatnonzero(mask):
        out.add(kind, rows.X[kind][i], bool(rows.y[kind][i]), rows.where[kind][i])
    return out




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
    over the new writers' dev pages alone, and is surely worse on no dev set."""
    y = np.array(dev_rows.y["events"])
    pages = list(_pages(dev_rows).items())
    gold = dev_rows.gold_events
    off = _pages_f1(pages, rule_kept, y, gold)
    scores = {t: _pages_f1(pages, rule_kept | (candidate & (p >= t)), y, gold)
              for t in _levels(p[candidate])} if candidate.any() else {}
    threshold = max(scores, key=lambda t: (scores[t], -t)) if scores else 1.0
    on = rule_kept | (candidate & (p >= threshold))

    def wins(chosen: list[tuple[str, list[int]]]) -> float:
        """The share of resamples of these pages in which keeping the candidates scores higher."""
        def better(draw: np.ndarray) -> bool:
            drawn = [chosen[k] for k in draw]
            return _pages_f1(drawn, on, y, gold) > _pages_f1(drawn, rule_kept, y, gold)
        return _share_of_wins(len(chosen), better, draws)

    new = [(page, idx) for page, idx in pages if page.startswith("corpus/dev") and NEW_WRITERS.search(page)]
    sets = [[pages[i] for i in idx] for idx in _by_dev_set([page for page, _ in pages])]
    each_set = not any(_surely_worse(len(c), lambda draw, c=c: _pages_f1([c[k] for k in draw], on, y, gold)
                                     < _pages_f1([c[k] for k in draw], rule_kept, y, gold) - 1e-9) for c in sets)
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
        kind_c = _roles_c(train_rows) if kind == "roles" else c
        vec, clf = _fit(X, y, kind_c)
        raw = clf.predict_proba(vec.transform(dev_rows.X[kind]))[:, 1]
        cal_x, cal_y = _calibrate(raw, dev_rows.y[kind])
        calibrated = np.interp(raw, cal_x, cal_y)
        extra: dict = {}
        if kind == "roles":
            chosen = _roles_on_dev(calibrated, dev_rows)
            threshold, model_score, rules_score, better = (chosen.pop("threshold"), chosen.pop("dev_score"),
                                                           chosen.pop("rules_dev_score"), chosen.pop("decides"))
            extra.update(chosen)
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
            "trained_on": len(y), "calibrated_on": len(dev_rows.y[kind]), "C": kind_c, **extra,
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
