"""The shipped models: small JSON files, loaded once per process, and the probability one
of them gives a candidate (what `learn.apply` uses at run time and `learn.train` on dev)."""
from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np


_FOLDERS: list[Path] = []   # where models_from() says to read the models instead of the package


@contextmanager
def models_from(folder: Path) -> Iterator[None]:
    """Read the models from `folder` instead of the package's while inside: `coopgraph train --out DIR`
    reads the other decisions' rows off the segments of the teasers model it has just written there."""
    _FOLDERS.append(Path(folder))
    load_models.cache_clear()
    try:
        yield
    finally:
        _FOLDERS.pop()
        load_models.cache_clear()


@lru_cache(maxsize=1)
def load_models() -> dict[str, dict]:
    """Every model file under coopgraph/data/models/ (or the folder of models_from), by name ("events", ...)."""
    folder = _FOLDERS[-1] if _FOLDERS else resources.files("coopgraph.data").joinpath("models")
    if not folder.is_dir():
        return {}
    out = {}
    for item in folder.iterdir():
        if item.name.endswith(".json"):
            out[item.name[:-5]] = json.loads(item.read_text(encoding="utf-8"))
    return out


def probability(model: dict, features: dict[str, float], calibrated: bool = True) -> float:
    """The model's probability for one candidate: logistic, then the calibration curve."""
    z = model["intercept"] + sum(model["weights"].get(k, 0.0) * v for k, v in features.items())
    raw = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    if not calibrated:
        return raw
    xs, ys = model["calibration"]["x"], model["calibration"]["y"]
    return float(np.interp(raw, xs, ys)) if xs else raw
