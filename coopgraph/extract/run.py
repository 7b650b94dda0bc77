"""The one runner over many files, and the JSON Lines consumer of `coopgraph extract`.

`run_files` finds the files under the paths, reads and extracts each (in this process,
in `jobs` worker processes, or on Dask) and yields one `FileResult` per file in input
order, whatever the number of workers. A file that fails is a result with its reason,
never an exception: one bad file never stops the batch. Each result's warnings and
error line are reported, and counted in `RunStats`, once its consumer has taken it, so
a consumer that cannot keep a file (a full disk) stops before it is reported as done.
A worker that dies costs only its own file.

Consumers: `extract_paths` here writes JSON Lines; `store.update.ingest_paths` stages
into the store.
"""
from __future__ import annotations

import json
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import NamedTuple, TextIO

from coopgraph.errors import InputError, warning_line
from coopgraph.extract.pipeline import Pipeline, PipelineConfig
from coopgraph.ingest.reader import DEFAULT_MAX_BYTES, discover, read_source
from coopgraph.ingest.teasers import rules_verdict

WORKER_DIED = "worker died while reading this file"
# Each worker process is one extraction lane: its numeric libraries keep to one thread.
SINGLE_THREADED = {"COOPGRAPH_NLP_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class FileResult(NamedTuple):
    """What one file gave: its records, or the reason it has none; and what its reader warned of."""
    path: str
    records: list[dict] | None = None
    encoding: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    meta: dict | None = None          # what an HTML page says of itself (title, date, canonical URL, site)


@dataclass
class RunStats:
    """What a run found and extracted, for its summary line and exit status."""
    files: int = 0
    articles: int = 0
    relevant: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return len(self.failed)

    def summary_line(self) -> str:
        return (
            f"{self.files} files, {self.articles} articles, {self.relevant} relevant, "
            f"{self.errors} errors in {self.seconds:.1f}s"
        )


@dataclass
class Job:
    """How every file of a run is read and extracted. It goes to worker processes without
    `pipeline`: each worker builds its own from `config`, once."""
    max_bytes: int = DEFAULT_MAX_BYTES
    min_confidence: float | None = None
    pipeline: Pipeline | None = None
    config: PipelineConfig = field(init=False)

    def __post_init__(self) -> None:
        self.config = self.pipeline.config if self.pipeline is not None else PipelineConfig()

    def __getstate__(self) -> dict:
        return {**vars(self), "pipeline": None}


_PIPELINE: Pipeline | None = None  # this process's, for jobs that bring none


def _pipeline(job: Job) -> Pipeline:
    global _PIPELINE
    if job.pipeline is None:
        if _PIPELINE is None or _PIPELINE.config != job.config:
            _PIPELINE = Pipeline(job.config)
        job.pipeline = _PIPELINE
    return job.pipeline


def extract_file(path: str, job: Job) -> FileResult:
    """One file read and extracted, in this process or a worker; what goes wrong is the result's error."""
    warnings: tuple[str, ...] = ()
    try:
        # without the trained decisions (--rules-only), the segmenter's teasers are the rules' too
        decide = None if "decisions" in job.config.components else rules_verdict
        source = read_source(path, max_bytes=job.max_bytes, decide=decide)
        warnings = tuple(source.warnings)
        articles = _pipeline(job).process_source(source)
        if job.min_confidence is not None:
            for a in articles:
                a.prune(job.min_confidence)
        return FileResult(path, [a.to_record() for a in articles], source.encoding, None, warnings, source.meta or None)
    except InputError as exc:
        error = exc.reason
    except Exception as exc:  # noqa: BLE001 — a bug on one file must not end the batch
        detail = traceback.extract_tb(exc.__traceback__)[-1]
        error = f"internal error {type(exc).__name__}: {exc} (at {detail.name}:{detail.lineno})"
    return FileResult(path, error=error, warnings=warnings)


def run_files(
    paths: list[str],
    job: Job,
    stats: RunStats,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    follow_symlinks: bool = False,
    select: Callable[[str], bool] | None = None,
    on_error: Callable[[str], None] = print,
    progress: str | None = None,
) -> Iterator[FileResult]:
    """One result per file under `paths`, in input order. Links out of a folder are followed
    only with `follow_symlinks`. `select(path)` (ingest's plan) says which readable files to
    extract; the others are counted as found and yield nothing, and an InputError it raises
    fails its file. `progress` is the label of a progress bar, None for none.

    Close the generator (`contextlib.closing`) when leaving it early: that stops the bar
    and the workers."""
    planned: list[tuple[str, InputError | None]] = []
    for path, problem in discover(paths, follow_symlinks):
        stats.files += 1
        if problem is None and select is not None:
            try:
                if not select(path):
                    continue
            except InputError as exc:
                problem = exc
        planned.append((path, problem))
    extracted = _results([p for p, problem in planned if problem is None], job, jobs, engine, scheduler)
    bar = progress_bar(progress, len(planned))
    try:
        for path, problem in planned:
            result = next(extracted) if problem is None else FileResult(path, error=problem.reason)
            yield result
            _report(result, stats, on_error)
            if bar is not None:
                bar.update(bar.task_ids[0], advance=1, errors=stats.errors)
    finally:
        extracted.close()
        if bar is not None:
            bar.stop()


def _report(result: FileResult, stats: RunStats, on_error: Callable[[str], None]) -> None:
    """Say a file's warnings and its error, and count it."""
    for message in result.warnings:
        on_error(warning_line(result.path, message))
    if result.error is not None:
        stats.failed.append((result.path, result.error))
        on_error(InputError(result.path, result.error).line)
    else:
        stats.articles += len(result.records)
        stats.relevant += sum(bool(r["relevant"]) for r in result.records)


def extract_paths(
    paths: list[str],
    out: TextIO,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    on_error: Callable[[str], None] = print,
    pipeline: Pipeline | None = None,
    min_confidence: float | None = None,
    follow_symlinks: bool = False,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> RunStats:
    """Extract every file under `paths` to JSON Lines on `out`: one complete line per record,
    flushed per file, so an interrupted run loses no finished work."""
    started = time.perf_counter()
    stats = RunStats()
    results = run_files(paths, Job(max_bytes, min_confidence, pipeline), stats, jobs=jobs, engine=engine,
                        scheduler=scheduler, follow_symlinks=follow_symlinks, on_error=on_error,
                        progress="extracting" if progress else None)
    with closing(results):
        for result in results:
            if result.records:
                out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records))
                out.flush()
    stats.seconds = time.perf_counter() - started
    return stats


def _results(todo: list[str], job: Job, jobs: int, engine: str, scheduler: str | None) -> Iterator[FileResult]:
    """Results in input order, from this process, a process pool, or Dask."""
    if engine == "dask":
        yield from _dask_results(todo, job, jobs, scheduler)
    elif jobs <= 1:
        for path in todo:
            yield extract_file(path, job)
    else:
        yield from _pool_results(todo, job, jobs)


def _pool_results(todo: list[str], job: Job, jobs: int) -> Iterator[FileResult]:
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
                        in_flight.append((path, pool.submit(extract_file, path, job)))
                    yield in_flight[0][1].result()
                    in_flight.popleft()
            except BrokenProcessPool:
                pass
        for path, future in in_flight:
            yield future.result() if future.exception() is None else _alone(path, job)


def _alone(path: str, job: Job) -> FileResult:
    """The second try of a file whose worker died: a failure of its own if it dies again."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(extract_file, path, job).result()
        except BrokenProcessPool:
            return FileResult(path, error=WORKER_DIED)


def _dask_results(todo: list[str], job: Job, jobs: int, scheduler: str | None) -> Iterator[FileResult]:
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
        futures = deque((p, client.submit(extract_file, p, job, pure=False)) for p in todo[:window])
        next_index = len(futures)
        while futures:
            path, future = futures.popleft()
            try:
                yield future.result()
            except KilledWorker:
                yield FileResult(path, error=WORKER_DIED)
            if next_index < len(todo):
                futures.append((todo[next_index], client.submit(extract_file, todo[next_index], job, pure=False)))
                next_index += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def progress_bar(label: str | None, total: int, unit: str = "files"):
    """A rich progress bar with rate, error count and time left; None when there is nothing to show."""
    if label is None or total == 0:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} {unit}/s" if task.speed else "")

    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), Rate(),
        TextColumn("{task.fields[errors]} errors"), TimeRemainingColumn(), transient=True,
    )
    bar.add_task(unit, total=total, errors=0)
    bar.start()
    return bar
