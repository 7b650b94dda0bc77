"""The annotated corpus: every gold file is sound, and the splits keep their promises."""
from __future__ import annotations

import csv
import json
from collections import defaultdict

from conftest import ROOT

from coopgraph.evaluate.corpus import assign, split_of
from coopgraph.evaluate.goldcheck import check_file

CORPUS = ROOT / "corpus"


def _rows() -> list[dict]:
    with (CORPUS / "SPLITS.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_gold_file_passes_the_checker():
    problems = []
    for gold in sorted(CORPUS.glob("*/gold/*.json")):
        problems += check_file(gold, gold.parent.parent / "pages" / gold.name.removesuffix(".json"))
    assert problems == []


def test_splits_are_by_event_and_the_blind_test_is_large_enough():
    rows = _rows()
    assert len(rows) >= 200 and sum(r["split"] == "test" for r in rows) >= 60
    by_event = defaultdict(set)
    for r in rows:
        assert r["split"] == split_of(r["event"], r["file"])            # the hash decides, nothing else
        assert (CORPUS / r["split"] / "pages" / r["file"]).exists()
        if r["event"]:
            by_event[r["event"]].add(r["split"])
    assert all(len(splits) == 1 for splits in by_event.values())   # twins never straddle train and test


def test_the_corpus_has_what_the_issue_asks_for():
    rows = _rows()
    def count(**kw):
        return sum(all(r[k] == v for k, v in kw.items()) for r in rows)
    assert count(language="en") >= 90 and count(language="zh") >= 90
    assert count(kind="lookalike") >= len(rows) // 4 and count(kind="multi") >= 20
    assert count(script="hant") >= 10 and count(encoding="gb18030") >= 10 and count(format="html") >= 10
    events = defaultdict(int)
    for r in rows:
        events[r["event"]] += bool(r["event"])
    assert sum(n for n in events.values() if n >= 2) >= 20           # pages that report the same event as another


def test_the_checker_finds_a_broken_gold_file(tmp_path):
    page = tmp_path / "pages" / "p.txt"
    page.parent.mkdir()
    page.write_text("Kenya and China sign a pact\n\nThe two countries signed a memorandum in Nairobi.\n", encoding="utf-8")
    gold = tmp_path / "gold" / "p.txt.json"
    gold.parent.mkdir()
    gold.write_text('{"source": "p.txt", "segments": [{"anchor": "The two countries signed", "last": "a memorandum in Nairobi",'
                    ' "relevant": true, "entities": [{"type": "COUNTRY", "name": "Kenia", "aliases": [], "country": "KE"}],'
                    ' "roles": [], "events": []}]}', encoding="utf-8")
    (problem,) = check_file(gold, page)
    assert "'Kenia' does not stand in the page" in problem


def test_a_batch_moves_into_its_splits_and_files_its_manifest(tmp_path):
    batch = tmp_path / "incoming" / "w99"
    (batch / "pages").mkdir(parents=True)
    (batch / "gold").mkdir()
    lines = ["file\tlanguage\tkind\tevent"]
    for i, event in enumerate(["kenya-ivi", "kenya-ivi", ""]):
        name = f"w99_0{i}.txt"
        (batch / "pages" / name).write_text("page\n", encoding="utf-8")
        (batch / "gold" / f"{name}.json").write_text('{"source": "x", "segments": []}', encoding="utf-8")
        lines.append(f"{name}\ten\trelevant\t{event}")
    (batch / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = assign(tmp_path, ["w99"])
    assert len(rows) == 3 and (tmp_path / "manifests" / "w99.tsv").exists() and not batch.exists()
    for r in rows:
        split = split_of(r["event"], r["file"])
        assert r["split"] == split and r["batch"] == "w99"
        gold = tmp_path / split / "gold" / f"{r['file']}.json"
        assert json.loads(gold.read_text(encoding="utf-8"))["source"] == f"{split}/pages/{r['file']}"
    assert rows[0]["split"] == rows[1]["split"]                       # twins land together
    assert (tmp_path / "SPLITS.tsv").read_text(encoding="utf-8").count("w99_") == 3
