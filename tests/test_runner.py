"""One runner for `extract` and `ingest` (reliability issue, point 21): both take their files
from `extract.run.run_files`, so a file is found, read, extracted, failed and reported the
same way whichever command asked, and with the same options."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from stores import extract_by_hand, pages

from coopgraph.cli import main
from coopgraph.extract import run
from coopgraph.store.db import connect
from coopgraph.store.queries import stats


def cli(*args: str):
    return CliRunner().invoke(main, [*args, "--no-progress"])


def test_extract_and_ingest_see_the_same_result_for_every_file(tmp_path, monkeypatch):
    folder = pages(tmp_path / "in", 3)
    (folder / "page1b.txt").write_text("", encoding="utf-8")   # extract_by_hand fails an empty page
    seen: dict[str, list[run.FileResult]] = {"extract": [], "ingest": []}

    def watched(command: str):
        def extract(path: str, job: run.Job) -> run.FileResult:
            seen[command].append(extract_by_hand(path, job))
            return seen[command][-1]
        return extract

    monkeypatch.setattr(run, "extract_file", watched("extract"))
    out = tmp_path / "out.jsonl"
    extracted = cli("extract", str(folder), "-o", str(out))
    monkeypatch.setattr(run, "extract_file", watched("ingest"))
    ingested = cli("ingest", str(folder), "--db", str(tmp_path / "g.db"))

    assert [r.path for r in seen["extract"]] == [str(folder / n) for n in ("page0.txt", "page1.txt", "page1b.txt", "page2.txt")]
    assert seen["extract"] == seen["ingest"]
    bad = f"error: {folder / 'page1b.txt'}: empty file"
    assert extracted.exit_code == ingested.exit_code == 1
    assert bad in extracted.stderr.splitlines() and bad in ingested.stderr.splitlines()
    assert extracted.stderr.splitlines()[-1].startswith("4 files, 3 articles, 3 relevant, 1 errors in ")
    assert ingested.stderr.splitlines()[-1].startswith("done: 4 files, 3 stored, 0 unchanged, 1 failed; 3 articles; ")
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == \
        [rec for r in seen["ingest"] for rec in r.records or ()]
    store = stats(connect(tmp_path / "g.db", readonly=True))
    assert store["documents"] == 3 and store["failed"] == [{"path": str(folder / "page1b.txt"), "error": "empty file"}]


def test_extract_takes_jobs_and_writes_what_one_process_writes(tmp_path, monkeypatch):
    folder = pages(tmp_path / "in", 5)
    monkeypatch.setattr(run, "extract_file", extract_by_hand)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.jsonl"
        assert cli("extract", str(folder), "-o", str(out), "-j", jobs).exit_code == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == 5
    assert [Path(json.loads(line)["source"]).name for line in outputs[1].splitlines()] == [f"page{i}.txt" for i in range(5)]
