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


def test_the_readme_show_example_is_what_make_demo_gives(tmp_path):
    """The README's `coopgraph show WHO --db demo.db` block, run as `make demo` runs ingest (from
    the checkout, on examples/), prints exactly what the README says."""
    import re
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n\$ coopgraph show WHO --db demo\.db[^\n]*\n(.*?)```", readme, re.S)
    assert block, "the README has no `coopgraph show WHO` example"
    db = tmp_path / "demo.db"
    run = [sys.executable, "-m", "coopgraph"]
    subprocess.run([*run, "ingest", "examples/", "--db", str(db)], cwd=ROOT, check=True, capture_output=True)
    shown = subprocess.run([*run, "show", "WHO", "--db", str(db)], cwd=ROOT, check=True, capture_output=True, text=True)
    assert shown.stdout == block.group(1)


def test_the_readme_search_examples_are_what_make_demo_gives(tmp_path, monkeypatch):
    """Every `$ coopgraph search … --db demo.db` block of the README, run on examples/ ingested
    as `make demo` does (from the checkout), prints exactly what the README says."""
    import re
    import shlex

    from click.testing import CliRunner

    from coopgraph.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n\$ coopgraph (search [^\n#]*?--db demo\.db[^\n#]*?)\s*(?:#[^\n]*)?\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2, "the README has no `coopgraph search` examples"
    monkeypatch.chdir(ROOT)
    db = tmp_path / "demo.db"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "examples/", "--db", str(db)]).exit_code == 0
    for command, printed in blocks:
        args = [str(db) if a == "demo.db" else a for a in shlex.split(command)]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.output == printed, command
