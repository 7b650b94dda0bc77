"""Shared fixtures: the real pipeline, run once over the real corpus in ../shared; and the
explorer's hand-written store."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from coopgraph.extract.pipeline import Pipeline
from coopgraph.extract.run import extract_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = ROOT / "tests" / "gold"


def pytest_collection_modifyitems(config, items):
    if not CORPUS.is_dir():
        skip = pytest.mark.skip(reason="../shared/corpus is not beside the checkout")
        for item in items:
            if "corpus" in item.fixturenames or "records" in item.fixturenames or "rules_records" in item.fixturenames:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def records(pipeline, corpus) -> list[dict]:
    """Every record of the seeds and the dev corpus, extracted by the real pipeline."""
    buf = io.StringIO()
    errors: list[str] = []
    stats = extract_paths([str(corpus / "seeds"), str(corpus / "dev")], buf, pipeline=pipeline, on_error=errors.append)
    assert stats.errors == 0, errors
    return [json.loads(line) for line in buf.getvalue().splitlines()]


@pytest.fixture(scope="session")
def rules_records(corpus) -> list[dict]:
    """The same, by the rules alone (no trained decision): what tests of the rules look at."""
    from coopgraph.extract.pipeline import RULES_ONLY, PipelineConfig

    buf = io.StringIO()
    errors: list[str] = []
    stats = extract_paths([str(corpus / "seeds"), str(corpus / "dev")], buf,
                          pipeline=Pipeline(PipelineConfig(components=RULES_ONLY)), on_error=errors.append)
    assert stats.errors == 0, errors
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def record_for(records: list[dict], filename: str, segment: int = 0) -> dict:
    for r in records:
        if Path(r["source"]).name == filename and r["segment"] == segment:
            return r
    raise AssertionError(f"no record for {filename}#{segment}")


def entity(record: dict, name: str) -> dict:
    """The entity with this name or alias (exact), failing loudly when there is none."""
    for e in record["entities"]:
        if name == e["name"] or name in e["aliases"]:
            return e
    raise AssertionError(f"{name!r} not among {[e['name'] for e in record['entities']]}")


def names(record: dict, entity_id: str | None) -> set[str]:
    for e in record["entities"]:
        if e["id"] == entity_id:
            return {e["name"], *e["aliases"]}
    return set()


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory) -> Path:
    """The hand-written store of `stores.explorer_store` for the explorer's tests: no NLP,
    so a change to an extraction rule or model cannot break a web test."""
    from stores import explorer_store

    return explorer_store(tmp_path_factory.mktemp("explorer") / "explorer.db")
