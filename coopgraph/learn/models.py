"""The shipped models: small JSON files, loaded once per process."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def load_models() -> dict[str, dict]:
    """Every model file under coopgraph/data/models/, by name ("events", "relevance", ...)."""
    folder = resources.files("coopgraph.data").joinpath("models")
    if not folder.is_dir():
        return {}
    out = {}
    for item in folder.iterdir():
        if item.name.endswith(".json"):
            out[item.name[:-5]] = json.loads(item.read_text(encoding="utf-8"))
    return out
