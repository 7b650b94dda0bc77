"""Faults found by the reliability probe, each reproduced on its own (issue 12)."""
from __future__ import annotations

import io
import json
import os
import sqlite3

import pytest
from stores import small_store

from coopgraph.resolve import resolver
from coopgraph.store.curation import judge, undo
from coopgraph.store.db import connect
from coopgraph.store.update import ingest_paths

PAGE = "Kenya and China sign a biotechnology MoU\n\nThe Kenya Medical Research Institute and the Chinese Academy of Sciences signed a memorandum in Nairobi on Monday.\n"  # noqa: E501


def judgements(db) -> int:
    conn = connect(db, readonly=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM judgements").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("segment", [10**30, -1, 2**63, "9" * 40, True, 1.5, [0]])
def test_a_judgement_out_of_range_is_refused_before_anything_is_written(tmp_path, segment):
    db = small_store(tmp_path / "g.db")
    with pytest.raises(ValueError, match="segment"):
        judge(db, "wrong", {"fact": "mention", "path": "kenya.txt", "segment": segment, "name": "Nairobi"})
    assert judgements(db) == 0
    counts = judge(db, "merge", {"a": "Kenya Medical Research Institute", "b": "World Health Organization"})
    assert counts["entities"] == 3   # the store still takes judgements: KEMRI=WHO, CAS, Nairobi
    assert undo(db)["kind"] == "merge"


@pytest.mark.parametrize("payload", [
    {"fact": "mention", "path": "x" * 5000, "segment": 0, "name": "Nairobi"},
    {"fact": "mention", "path": "kenya.txt", "segment": 0, "name": "n" * 1001},
    {"fact": "mention", "path": 7, "segment": 0, "name": "Nairobi"},
    {"fact": "mention", "path": "kenya.txt", "segment": 0, "name": {"a": 1}},
    {"fact": "poem", "path": "kenya.txt", "segment": 0},
])
def test_judgement_fields_are_type_and_length_checked(tmp_path, payload):
    db = small_store(tmp_path / "g.db")
    with pytest.raises(ValueError):
        judge(db, "wrong", payload)
    assert judgements(db) == 0


def test_a_judgement_that_cannot_be_applied_is_not_recorded(tmp_path, monkeypatch):
    db = small_store(tmp_path / "g.db")
    before = connect(db, readonly=True).execute("SELECT COUNT(*) FROM entities").fetchone()[0]

    def broken(conn, engine):
        conn.execute("DELETE FROM entities")       # half-way through the rebuild ...
        raise sqlite3.OperationalError("database or disk is full")   # ... the disk fills up

    monkeypatch.setattr(resolver, "_rebuild", broken)
    with pytest.raises(sqlite3.OperationalError):
        judge(db, "merge", {"a": "Kenya Medical Research Institute", "b": "World Health Organization"})
    monkeypatch.undo()
    assert judgements(db) == 0
    assert connect(db, readonly=True).execute("SELECT COUNT(*) FROM entities").fetchone()[0] == before


def test_a_store_holding_an_old_out_of_range_judgement_still_resolves(tmp_path):
    db = small_store(tmp_path / "g.db")
    conn = connect(db)
    with conn:   # as a store written before judgements were range-checked could hold
        conn.execute("INSERT INTO judgements (kind, payload, created_at) VALUES ('wrong', ?, '2026-01-01')",
                     (json.dumps({"fact": "mention", "path": "kenya.txt", "segment": 10**30, "name": "Nairobi"}),))
    conn.close()
    counts = judge(db, "merge", {"a": "Kenya Medical Research Institute", "b": "World Health Organization"})
    assert counts["entities"] == 3
    assert undo(db)["kind"] == "merge"
    assert undo(db)["kind"] == "wrong"   # undo takes one call each, never two


def test_undo_is_one_step_even_when_resolution_fails(tmp_path, monkeypatch):
    db = small_store(tmp_path / "g.db")
    judge(db, "merge", {"a": "Kenya Medical Research Institute", "b": "World Health Organization"})
    monkeypatch.setattr(resolver, "_rebuild", lambda conn, engine: (_ for _ in ()).throw(sqlite3.OperationalError("full")))
    with pytest.raises(sqlite3.OperationalError):
        undo(db)
    monkeypatch.undo()
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM judgements WHERE undone = 0").fetchone()[0] == 1  # not half-undone
    conn.close()
    assert undo(db)["kind"] == "merge"


@pytest.fixture()
def batch_with_a_bad_name(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    os.mkdir(os.fsencode(folder) + b"/sub")
    with open(os.fsencode(folder) + b"/b\xff\xfe.txt", "wb") as fh:
        fh.write(PAGE.encode())
    (folder / "c.txt").write_text(PAGE.replace("Monday", "Tuesday"), encoding="utf-8")
    return folder


def test_a_file_name_that_is_not_utf8_is_one_error_and_extract_goes_on(batch_with_a_bad_name, pipeline):
    from coopgraph.extract.run import extract_paths

    out, errors = io.StringIO(), []
    stats = extract_paths([str(batch_with_a_bad_name)], out, pipeline=pipeline, on_error=errors.append)
    assert errors == [f"error: {batch_with_a_bad_name}/b\\xff\\xfe.txt: file name is not valid UTF-8; rename the file"]
    assert {json.loads(line)["source"].rsplit("/", 1)[-1] for line in out.getvalue().splitlines()} == {"a.txt", "c.txt"}
    assert stats.errors == 1


def test_a_file_name_that_is_not_utf8_is_one_error_and_ingest_goes_on(batch_with_a_bad_name, tmp_path):
    errors: list[str] = []
    report = ingest_paths([str(batch_with_a_bad_name)], tmp_path / "g.db", on_error=errors.append)
    assert len(errors) == 1 and "b\\xff\\xfe.txt: file name is not valid UTF-8" in errors[0]
    assert report.stored == 2 and len(report.failed) == 1


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(tmp_path, pipeline):
    from coopgraph.extract.run import extract_paths

    bad = tmp_path / "x.txt\nerror: forged.txt: fake"
    bad.write_bytes(b"\x00\x01binary")
    errors: list[str] = []
    extract_paths([str(bad)], io.StringIO(), pipeline=pipeline, on_error=errors.append)
    assert len(errors) == 1 and "\n" not in errors[0]
    assert errors[0].startswith(f"error: {tmp_path}/x.txt\\nerror: forged.txt: fake: ")


def test_a_long_run_of_capitals_does_not_make_a_pattern_backtrack_for_ever(pipeline):
    """Headlines in capitals ("BRUSSELS SUMMIT: SIX COUNTRIES PICKED …") once sent the organisation
    patterns into exponential backtracking; a page of them must be read in seconds."""
    import signal

    from coopgraph.extract.pipeline import article_from_segment
    from coopgraph.ingest.segment import Segment

    caps = " ".join(["HEALTH AGENCY AND VACCINE"] * 20) + " SIGN A PACT"

    def too_slow(*_):
        raise TimeoutError("extraction of a line of capitals took over 30 s")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(30)
    try:
        pipeline(article_from_segment("caps.txt", 0, Segment(None, [caps, caps + " in Nairobi."], None)))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_only_curation_writes_judgements():
    """Every write to the judgements table, and the undo, live in store/curation.py (point 21):
    the resolver reads them and derives hidden_facts, which is part of the graph it rebuilds."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "coopgraph"
    write = re.compile(r"\b(INSERT(\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+judgements\b", re.IGNORECASE)
    writers = {str(p.relative_to(package)) for p in package.rglob("*.py") if write.search(p.read_text(encoding="utf-8"))}
    assert writers == {"store/curation.py"}
