"""The whole way once: the real pipeline ingests examples/ into a store, and the explorer
serves what it found. The API and browser tests use a hand-written store instead
(`stores.explorer_store`), so this is where an extraction change meets the explorer; it
checks that the two fit together, not what each rule extracts."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import ROOT
from coopgraph.api.app import create_app


@pytest.fixture(scope="module")
def served_examples(tmp_path_factory) -> TestClient:
    from coopgraph.store.update import ingest_paths

    db = tmp_path_factory.mktemp("examples") / "examples.db"
    errors: list[str] = []
    report = ingest_paths([str(ROOT / "examples")], db, on_error=errors.append)
    assert not report.failed and not errors, (report.failed, errors)
    return TestClient(create_app(db), base_url="http://127.0.0.1:8000")


def test_examples_are_ingested_and_served(served_examples):
    stats = served_examples.get("/api/stats").json()
    assert stats["documents"] == len(list((ROOT / "examples").iterdir())) and stats["failed_documents"] == 0
    assert stats["relevant_articles"] and stats["entities"].get("ORG") and sum(stats["events"].values())
    found = served_examples.get("/api/search", params={"q": "World Health Organization"}).json()
    who = found["entities"][0]
    assert who["name"] == "World Health Organization" and found["articles"]
    page = served_examples.get(f"/entity/{who['id']}")
    assert page.status_code == 200 and "<h1>World Health Organization</h1>" in page.text
    article = served_examples.get(f"/article/{found['articles'][0]['id']}")
    assert article.status_code == 200 and "World Health Organization" in article.text
