"""`coopgraph ingest`: extract and load, incrementally, into the store.

A file whose bytes are unchanged since it was last stored (by this version) is
skipped; a changed file has its facts replaced; a failed file is recorded with its
reason and tried again next time. Extraction can run in worker processes (`-j N`) or on
Dask; the main process alone writes, in input order, so that the store is the same
whatever the number of workers. A worker that dies costs only its own file.

What a run extracts is staged file by file, then switched in with the new entity graph
in one transaction (`load.switch_in`): readers see the store as it was before the run
until it is complete, a killed run leaves it as it was (and its mark, which `stats`
reports), and the next run resumes from what was staged.
"""
from __future__ import annotations

import hashlib
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph import __version__
from coopgraph.errors import InputError, warning_line
from coopgraph.ingest.reader import DEFAULT_MAX_BYTES, discover, open_regular, read_source
from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect, store_failure, writer_lock
from coopgraph.store.load import document_state, is_staged, stage, start_run, switch_in, unstage

WORKER_DIED = "worker died while reading this file"


@dataclass
class IngestReport:
    files: int = 0
    stored: int = 0
    unchanged: int = 0
    resumed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    entities: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def summary_line(self) -> str:
        state = "interrupted" if self.interrupted else "done"
        return (
            f"{state}: {self.files} files, {self.stored} stored"
            f"{f' ({self.resumed} extracted by a run cut short)' if self.resumed else ''}, {self.unchanged} unchanged, "
            f"{len(self.failed)} failed; {self.articles} articles; {self.entities} entities in the graph "
            f"({self.seconds:.1f}s)"
        )


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


_PIPELINE = None
# (path, records, encoding, error, warnings): what extracting one file gives back to the writer
Extracted = tuple[str, list[dict] | None, str | None, str | None, list[str]]


def _extract_one(path: str, max_bytes: int) -> Extracted:
    """One file's `Extracted` — runs in a worker process or in-process."""
    global _PIPELINE
    from coopgraph.extract.pipeline import Pipeline

    if _PIPELINE is None:
        _PIPELINE = Pipeline()
    try:
        source = read_source(path, max_bytes=max_bytes)
        return path, [a.to_record() for a in _PIPELINE.process_source(source)], source.encoding, None, source.warnings
    except InputError as exc:
        return path, None, None, exc.reason, []
    except Exception as exc:  # noqa: BLE001 — a bug on one file must not end the batch
        return path, None, None, f"internal error {type(exc).__name__}: {exc}", []


def _results(
    todo: list[str], jobs: int, max_bytes: int, engine: str = "local", scheduler: str | None = None
) -> Iterator[Extracted]:
    """Extraction results in input order, from this process, a process pool, or Dask."""
    if engine == "dask":
        yield from _dask_results(todo, jobs, max_bytes, scheduler)
        return
    if jobs <= 1:
        for path in todo:
            yield _extract_one(path, max_bytes)
        return
    yield from _pool_results(todo, jobs, max_bytes)


def _pool_results(todo: list[str], jobs: int, max_bytes: int):
    """Extraction in `jobs` worker processes, in input order. A worker that dies (killed,
    out of memory, a crash in native code) breaks the whole pool: the files then in flight
    are tried once more, each in a worker of its own, and the rest go on in a new pool."""
    queue = deque(todo)
    while queue:
        in_flight: deque = deque()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            try:
                while queue or in_flight:
                    while queue and len(in_flight) < 2 * jobs:
                        path = queue.popleft()
                        in_flight.append((path, pool.submit(_extract_one, path, max_bytes)))
                    yield in_flight[0][1].result()
                    in_flight.popleft()
            except BrokenProcessPool:
                pass
        for path, future in in_flight:
            yield future.result() if future.exception() is None else _alone(path, max_bytes)


def _alone(path: str, max_bytes: int) -> Extracted:
    """The second try of a file whose worker died: a failure of its own if it dies again."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_extract_one, path, max_bytes).result()
        except BrokenProcessPool:
            return path, None, None, WORKER_DIED, []


# Each worker process is one extraction lane: its numeric libraries keep to one thread.
SINGLE_THREADED = {"COOPGRAPH_NLP_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _dask_results(todo: list[str], jobs: int, max_bytes: int, scheduler: str | None):
    """Extraction on a Dask cluster (a LocalCluster of `jobs` single-threaded worker
    processes when no scheduler address is given). Workers read the files by path, so
    a remote cluster needs the same paths mounted. Results come back in input order;
    at most a few hundred are in flight, so memory stays flat on big corpora. A task whose
    worker dies is retried on another (once, on our LocalCluster; as the scheduler is
    configured, on a remote one), then reported as failed for its file. Our workers hold
    one task at a time (saturation 1), so a death counts against that task alone."""
    import dask
    from dask.distributed import Client, KilledWorker, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        with dask.config.set({"distributed.scheduler.allowed-failures": 1, "distributed.scheduler.worker-saturation": 1.0}):
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None, env=SINGLE_THREADED)
        client = Client(cluster)
    try:
        window = max(8, 32 * max(1, jobs))
        futures = deque((p, client.submit(_extract_one, p, max_bytes, pure=False)) for p in todo[:window])
        next_index = len(futures)
        while futures:
            path, future = futures.popleft()
            try:
                yield future.result()
            except KilledWorker:
                yield path, None, None, WORKER_DIED, []
            if next_index < len(todo):
                futures.append((todo[next_index], client.submit(_extract_one, todo[next_index], max_bytes, pure=False)))
                next_index += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


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
            todo, hashes = _plan(conn, paths, force, report, on_error, follow_symlinks)
            staged = 0
            bar = _progress(progress, len(todo))
            try:
                for path, records, encoding, error, warnings in _results(todo, jobs, max_bytes, engine, scheduler):
                    sha, size = hashes[path]
                    for message in warnings:
                        on_error(warning_line(path, message))
                    try:
                        stage(conn, path, sha, size, encoding, records, error)
                    except sqlite3.OperationalError as exc:
                        # stop rather than fail every file after; what is staged is kept for the next run
                        raise store_failure(db, exc, f"stopped after {staged} files, the store is as it was "
                                                     f"before this ingest") from None
                    if error is not None:
                        report.failed.append((path, error))
                        on_error(InputError(path, error).line)
                    else:
                        staged += 1
                    if bar is not None:
                        bar.update(bar.task_ids[0], advance=1, errors=len(report.failed))
            except KeyboardInterrupt:
                report.interrupted = True
            finally:
                if bar is not None:
                    bar.stop()
            stored: list[int] = []
            try:
                counts = resolve(conn, engine=resolver, change=lambda c: stored.append(switch_in(c)))
            except sqlite3.OperationalError as exc:
                raise store_failure(db, exc, "the store and its graph are as they were before this ingest") from None
            report.stored = stored[0]
            report.entities = counts["entities"]
            report.articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _plan(conn: sqlite3.Connection, paths: list[str], force: bool, report: IngestReport,
          on_error: Callable[[str], None], follow_symlinks: bool) -> tuple[list[str], dict[str, tuple[str, int]]]:
    """The files to extract, and every readable file's (sha256, size). Unchanged files are
    skipped, and so are files a cut-short run already extracted (unless `force`)."""
    todo: list[str] = []
    unchanged: list[str] = []
    hashes: dict[str, tuple[str, int]] = {}
    for path, problem in discover(paths, follow_symlinks):
        report.files += 1
        if problem is None:
            try:
                hashes[path] = _sha256(path)
            except InputError as exc:
                problem = exc
        if problem is not None:
            report.failed.append((path, problem.reason))
            on_error(problem.line)
            continue
        sha = hashes[path][0]
        old_sha, status = document_state(conn, path)
        if not force and old_sha == sha and status == "ok" and _extractor(conn, path) == __version__:
            report.unchanged += 1
            unchanged.append(path)
        elif not force and is_staged(conn, path, sha):
            report.resumed += 1
        else:
            todo.append(path)
    unstage(conn, unchanged)
    return todo, hashes


def _extractor(conn, path: str) -> str | None:
    row = conn.execute("SELECT extractor FROM documents WHERE path = ?", (path,)).fetchone()
    return row["extractor"] if row else None


def _progress(show: bool, total: int):
    if not show or total == 0:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} files/s" if task.speed else "")

    bar = Progress(
        TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), Rate(),
        TextColumn("{task.fields[errors]} errors"), TimeRemainingColumn(), transient=True,
    )
    bar.add_task("files", total=total, errors=0)
    bar.start()
    return bar
