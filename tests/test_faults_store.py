"""Store faults from the reliability issue (points 10-14), each reproduced on its own:
damaged, empty, read-only and unplaceable stores; two names for one store; a worker that
dies; readers during and after a cut-short ingest; an import with unknown columns."""
from __future__ import annotations

import functools
import json
import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from stores import ORGS, damage, extract_by_hand, pages, small_store

from coopgraph.api.app import create_app
from coopgraph.cli import main
from coopgraph.extract import run
from coopgraph.store import queries
from coopgraph.store.db import StoreError, connect, writer_lock
from coopgraph.store.export import canonical_dump, export_tables
from coopgraph.store.update import ingest_paths


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def one_error_line(result, *words: str) -> str:
    """The command failed with exactly one `error:` line on stderr, holding these words."""
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def kemri_events(db: Path) -> int:
    conn = connect(db, readonly=True)
    try:
        entity = queries.find_entities(conn, ORGS[0])[0]
        return len(queries.profile(conn, entity["id"])["events"])
    finally:
        conn.close()


@pytest.fixture()
def by_hand(monkeypatch):
    """Ingest extracts with `extract_by_hand` (no NLP pipeline)."""
    monkeypatch.setattr(run, "extract_file", extract_by_hand)


# 10. damage, empty files, read-only stores, missing folders, a full disk

def test_a_damaged_store_is_said_to_be_damaged_not_read_into_partial_answers(tmp_path):
    db = small_store(tmp_path / "g.db")
    damage(db, "entities")
    one_error_line(cli("show", "Kenya Medical Research Institute", "--db", str(db)), str(db), "damaged")
    one_error_line(cli("stats", "--db", str(db)), str(db), "damaged")
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    api = client.get("/api/stats")
    assert api.status_code == 503 and "damaged" in api.json()["detail"]
    page = client.get("/")
    assert page.status_code == 503 and "damaged" in page.text and page.headers["content-type"].startswith("text/html")


def test_damage_found_by_a_query_is_reported_as_damage(tmp_path, monkeypatch):
    """The check on opening cannot see everything: an error SQLite raises mid-query says the same."""
    db = small_store(tmp_path / "g.db")

    def malformed(conn):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(queries, "stats", malformed)
    one_error_line(cli("stats", "--db", str(db)), str(db), "damaged")
    api = TestClient(create_app(db), base_url="http://127.0.0.1").get("/api/stats")
    assert api.status_code == 503 and "damaged" in api.json()["detail"]


def test_a_zero_length_file_is_an_empty_or_damaged_store_not_an_old_one(tmp_path):
    db = tmp_path / "g.db"
    db.touch()
    with pytest.raises(StoreError, match="empty") as caught:
        connect(db, readonly=True)
    assert "upgrade" not in str(caught.value)
    one_error_line(cli("stats", "--db", str(db)), str(db), "empty or damaged")


def test_a_missing_folder_for_db_is_named(tmp_path, by_hand):
    db = tmp_path / "no" / "such" / "g.db"
    one_error_line(cli("ingest", str(pages(tmp_path / "in", 1)), "--db", str(db), "--no-progress"),
                   f"the folder {db.parent} does not exist")
    one_error_line(cli("stats", "--db", str(db)), f"the folder {db.parent} does not exist")


def test_a_read_only_mount_is_named_as_the_cause(tmp_path, monkeypatch, by_hand):
    """Root may write any file, so the mount is simulated where the store asks the system."""
    db = tmp_path / "g.db"
    monkeypatch.setattr(os, "statvfs", lambda folder: SimpleNamespace(f_flag=os.ST_RDONLY))
    one_error_line(cli("ingest", str(pages(tmp_path / "in", 1)), "--db", str(db), "--no-progress"),
                   str(db), "read-only file system")


def test_a_read_only_store_file_is_named_as_the_cause(tmp_path, monkeypatch, by_hand):
    db = small_store(tmp_path / "g.db")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == db and mode & os.W_OK else real(p, mode, **kw))
    with pytest.raises(StoreError, match="the file is read-only"):
        ingest_paths([str(pages(tmp_path / "in", 1))], db, on_error=lambda _m: None)
    assert kemri_events(db) == 2   # readers still read it


class FullWhenRecordingAFailure(sqlite3.Connection):
    """A disk that fills up just as the failure of an empty file is written down."""

    def execute(self, sql, params=()):
        if "empty file" in params:
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, params)


def test_a_full_disk_while_recording_a_failure_is_one_error_line(tmp_path, monkeypatch, by_hand):
    folder = pages(tmp_path / "in", 2)
    (folder / "zz-empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "g.db"
    monkeypatch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, factory=FullWhenRecordingAFailure))
    result = cli("ingest", str(folder), "--db", str(db), "--no-progress")
    assert "Traceback" not in result.output and not isinstance(result.exception, sqlite3.Error)
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.exit_code == 2 and len(lines) == 1, result.stderr
    assert str(db) in lines[0] and "the disk is full" in lines[0] and "free space" in lines[0]


# 11. the writer lock goes by the store's real path

@pytest.mark.parametrize(("held", "used"), [("g.db", "link.db"), ("link.db", "g.db"), ("g.db", "a/../g.db"),
                                            ("g.db", "other/hard.db"), ("other/hard.db", "g.db")])
def test_two_paths_to_one_store_exclude_each_other(tmp_path, held, used, by_hand):
    small_store(tmp_path / "g.db")
    (tmp_path / "a").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "link.db").symlink_to(tmp_path / "g.db")
    os.link(tmp_path / "g.db", tmp_path / "other" / "hard.db")   # a hard link in another folder
    with writer_lock(tmp_path / held):
        with pytest.raises(StoreError, match="another ingest is writing"):
            ingest_paths([str(pages(tmp_path / "in", 1))], tmp_path / used, on_error=lambda _m: None)


# 12. a worker that dies costs only its own file

def extract_or_die(path: str, job):
    """`extract_by_hand`, except that reading dies.txt kills the worker outright, and reading
    dies-once.txt kills it the first time only."""
    name = Path(path).name
    if name == "dies.txt":
        os._exit(1)
    if name == "dies-once.txt":
        first = Path(f"{path}.tried")
        if not first.exists():
            first.touch()
            os._exit(1)
    return extract_by_hand(path, job)


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_worker_that_dies_costs_only_its_own_file(tmp_path, monkeypatch, engine):
    folder = pages(tmp_path / "in", 6)
    for name in ("dies.txt", "dies-once.txt"):   # two contents: one content is one document
        (folder / name).write_text(f"In {name}, the {ORGS[0]} and the {ORGS[2]} signed an agreement.\n", encoding="utf-8")
    monkeypatch.setattr(run, "extract_file", extract_or_die)
    errors: list[str] = []
    report = ingest_paths([str(folder)], tmp_path / "g.db", jobs=2, engine=engine, on_error=errors.append)
    assert errors == [f"error: {folder / 'dies.txt'}: worker died while reading this file"]
    assert report.stored == 7 and [p for p, _ in report.failed] == [str(folder / "dies.txt")]
    assert kemri_events(tmp_path / "g.db") == 7   # six pages, and dies-once.txt on its second try


# 13. readers never see a half-rebuilt graph; a cut-short ingest is said so

class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs in the ingest (no except clause catches it)."""


def extract_watching(db: Path, seen: list[int]):
    """`extract_by_hand` that counts, as a reader would, the events of the Kenya Medical
    Research Institute before it reads page2.txt (half-way through the run)."""
    def extract(path: str, job):
        if Path(path).name == "page2.txt":
            seen.append(kemri_events(db))
        return extract_by_hand(path, job)
    return extract


def extract_until(kill_at: str):
    """`extract_by_hand` that is killed when it comes to `kill_at`."""
    def extract(path: str, job):
        if Path(path).name == kill_at:
            raise Killed
        return extract_by_hand(path, job)
    return extract


def test_readers_see_the_old_graph_until_ingest_switches_in_the_new_one(tmp_path, monkeypatch, by_hand):
    folder, db = pages(tmp_path / "in", 4), tmp_path / "g.db"
    ingest_paths([str(folder)], db, on_error=lambda _m: None)
    seen: list[int] = []
    monkeypatch.setattr(run, "extract_file", extract_watching(db, seen))
    ingest_paths([str(folder)], db, force=True, on_error=lambda _m: None)
    assert seen == [4] and kemri_events(db) == 4


def test_an_ingest_cut_short_leaves_the_old_graph_and_stats_says_so(tmp_path, monkeypatch, by_hand):
    folder, db = pages(tmp_path / "in", 4), tmp_path / "g.db"
    ingest_paths([str(folder)], db, on_error=lambda _m: None)
    before = canonical_dump(connect(db, readonly=True))
    monkeypatch.setattr(run, "extract_file", extract_until("page3.txt"))
    with pytest.raises(Killed):
        ingest_paths([str(folder)], db, force=True, on_error=lambda _m: None)
    assert kemri_events(db) == 4 and canonical_dump(connect(db, readonly=True)) == before
    said = cli("stats", "--db", str(db)).stdout
    assert "the last ingest was cut short at " in said and "run ingest again to finish" in said
    monkeypatch.setattr(run, "extract_file", extract_by_hand)
    ingest_paths([str(folder)], db, on_error=lambda _m: None)
    assert "cut short" not in cli("stats", "--db", str(db)).stdout
    assert canonical_dump(connect(db, readonly=True)) == before


def test_an_ingest_cut_short_resumes_without_extracting_again(tmp_path, monkeypatch):
    folder, db = pages(tmp_path / "in", 4), tmp_path / "g.db"
    monkeypatch.setattr(run, "extract_file", extract_until("page2.txt"))
    with pytest.raises(Killed):
        ingest_paths([str(folder)], db, on_error=lambda _m: None)
    extracted: list[str] = []
    monkeypatch.setattr(run, "extract_file",
                        lambda path, job: extracted.append(Path(path).name) or extract_by_hand(path, job))
    report = ingest_paths([str(folder)], db, on_error=lambda _m: None)
    assert extracted == ["page2.txt", "page3.txt"] and report.resumed == 2 and report.stored == 4
    assert kemri_events(db) == 4


def test_a_running_ingest_is_not_reported_as_cut_short(tmp_path, by_hand):
    db = tmp_path / "g.db"
    ingest_paths([str(pages(tmp_path / "in", 1))], db, on_error=lambda _m: None)
    conn = connect(db)
    with conn:
        conn.execute("INSERT INTO ingest_runs (started) VALUES ('2026-01-01 00:00:00 UTC')")
    conn.close()
    with writer_lock(db):
        assert "cut short" not in cli("stats", "--db", str(db)).stdout
    assert "cut short at 2026-01-01 00:00:00 UTC" in cli("stats", "--db", str(db)).stdout


# 14. import takes column names from the schema, never from the file

@pytest.mark.parametrize("column", ["x", "name) VALUES (1); DROP TABLE judgements; --"])
def test_import_refuses_an_unknown_column_naming_file_and_line(tmp_path, column):
    exported = tmp_path / "export"
    export_tables(connect(small_store(tmp_path / "g.db"), readonly=True), exported)
    table = exported / "entities.jsonl"
    rows = [json.loads(line) for line in table.read_text(encoding="utf-8").splitlines()]
    rows[1][column] = 1
    table.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "new.db"
    line = one_error_line(cli("import", str(exported), "--db", str(db)))
    assert line == f"error: {table}: line 2: unknown column {column!r} for table 'entities'"
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM judgements").fetchone()[0] == 0
