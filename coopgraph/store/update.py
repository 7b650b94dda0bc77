"""`coopgraph ingest`: bring the store up to date with files, incrementally.

A document is its bytes: a file whose bytes are stored already, by this extractor (its
fingerprint, `extract/fingerprint.py`), under this path or another, is skipped; a changed
file has its facts replaced; bytes stored by another extractor are extracted again (the
run says how many, and why); a failed file is recorded with its reason and tried again
next time. The runner (`extract.run.run_files`) extracts, in
this process, in worker processes or on Dask; this module, in the main process alone,
stages its results in input order, so that the store is the same whatever the number of
workers.

What a run extracts is staged file by file, then switched in with the new entity graph
in one transaction (`load.switch_in`): readers see the store as it was before the run
until it is complete, a killed run leaves it as it was (and its mark, which `stats`
reports), and the next run resumes from what was staged.
"""
from __future__ import annotations

import hashlib
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.extract.fingerprint import extractor_fingerprint
from coopgraph.extract.run import Job, RunStats, run_files
from coopgraph.ingest.reader import DEFAULT_MAX_BYTES, open_regular
from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect, store_failure, writer_lock
from coopgraph.store.load import document_at, document_of, is_staged, stage, start_run, switch_in, unstage
from coopgraph.store.web import save_meta

STALE = "extractor changed"
FORCED = "--force"


@dataclass
class IngestReport(RunStats):
    """The run's counts, and what the store made of them."""
    stored: int = 0
    unchanged: int = 0
    copies: int = 0      # files whose bytes are stored (or being stored) under another path
    resumed: int = 0
    reextracted: Counter = field(default_factory=Counter)  # stored bytes extracted again, by reason
    stored_articles: int = 0
    entities: int = 0
    interrupted: bool = False

    def summary_line(self) -> str:
        state = "interrupted" if self.interrupted else "done"
        again = "".join(f", {n} re-extracted: {why}" for why, n in sorted(self.reextracted.items()))
        return (
            f"{state}: {self.files} files, {self.stored} stored"
            f"{f' ({self.resumed} extracted by a run cut short)' if self.resumed else ''}{again}, "
            f"{self.unchanged} unchanged, "
            f"{f'{self.copies} copies of a file stored under another path, ' if self.copies else ''}"
            f"{self.errors} failed; {self.stored_articles} articles; {self.entities} entities in the graph "
            f"({self.seconds:.1f}s)"
        )


def ingest_paths(
    paths: list[str],
    db: str | Path,
    *,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    force: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    resolver: str | None = None,
    on_error: Callable[[str], None] = print,
    follow_symlinks: bool = False,
) -> IngestReport:
    """Ingest `paths` into the store at `db`, then resolve entities with `resolver`
    ("rules" or "splink", see `resolve.resolver.resolve`; None: the one the store used last).
    Links out of a folder are followed only with `follow_symlinks`."""
    started = time.perf_counter()
    report = IngestReport()
    with writer_lock(db):
        conn = connect(db)
        try:
            start_run(conn)
            plan = _Plan(conn, force, report, extractor_fingerprint())
            results = run_files(paths, Job(max_bytes), report, jobs=jobs, engine=engine, scheduler=scheduler,
                                follow_symlinks=follow_symlinks, select=plan.extract, on_error=on_error,
                                progress="ingesting" if progress else None)
            staged = 0
            try:
                with closing(results):
                    for result in results:
                        if result.path not in plan.hashes:
                            continue  # failed before it was read: nothing to remember it by
                        sha, size = plan.hashes[result.path]
                        try:
                            stage(conn, result.path, sha, size, result.encoding, result.records, result.error,
                                  plan.extractor)
                            if result.meta:
                                with conn:
                                    save_meta(conn, result.path, result.meta)
                        except sqlite3.OperationalError as exc:
                            # stop rather than fail every file after; what is staged is kept for the next run
                            raise store_failure(db, exc, f"stopped after {staged} files, the store is as it was "
                                                         f"before this ingest") from None
                        staged += result.error is None
            except KeyboardInterrupt:
                report.interrupted = True
            unstage(conn, plan.unchanged)
            stored: list[int] = []
            try:
                seen = {path: sha for path, (sha, _size) in plan.hashes.items()}
                counts = resolve(conn, engine=resolver, change=lambda c: stored.append(switch_in(c, seen)))
            except sqlite3.OperationalError as exc:
                raise store_failure(db, exc, "the store and its graph are as they were before this ingest") from None
            report.stored = stored[0]
            report.entities = counts["entities"]
            report.stored_articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    report.seconds = time.perf_counter() - started
    return report


class _Plan:
    """Which files to extract, and every readable file's (sha256, size). Bytes stored already by
    this extractor are skipped, under any path, and so are bytes a cut-short run already
    extracted and bytes another file of this run brings (unless `force`, which extracts each
    content once)."""

    def __init__(self, conn: sqlite3.Connection, force: bool, report: IngestReport, extractor: str):
        self.conn, self.force, self.report, self.extractor = conn, force, report, extractor
        self.hashes: dict[str, tuple[str, int]] = {}
        self.unchanged: list[str] = []  # digests unstaged before the switch: it would only renumber their rows
        self.planned: set[str] = set()  # digests this run extracts (or resumes)

    def extract(self, path: str) -> bool:
        self.hashes[path] = _sha256(path)
        sha = self.hashes[path][0]
        stored = document_of(self.conn, sha)
        if sha in self.planned or (stored is not None and document_at(self.conn, path) != stored["id"]):
            self.report.copies += 1
        if sha in self.planned:
            return False
        if not self.force and stored is not None and stored["status"] == "ok" and stored["extractor"] == self.extractor:
            self.report.unchanged += stored["id"] == document_at(self.conn, path)
            self.unchanged.append(sha)
            return False
        self.planned.add(sha)
        if not self.force and is_staged(self.conn, sha, self.extractor):
            self.report.resumed += 1
            return False
        if stored is not None and stored["status"] == "ok":
            self.report.reextracted[FORCED if self.force else STALE] += 1
        return True


def _sha256(path: str) -> tuple[str, int]:
    """Digest and size; raises InputError for what cannot be read or is not a regular file (a FIFO would hang)."""
    digest = hashlib.sha256()
    size = 0
    with open_regular(path) as fh:
        try:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    return digest.hexdigest(), size
