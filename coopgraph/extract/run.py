"""Running the pipeline over many files: progress, errors per file, a summary.

One bad file never stops the batch: its error becomes one line naming the file and
the reason, and the records of every other file are written as usual. Each record
is one complete line, flushed per file, so an interrupted run loses no finished work.
"""
from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from coopgraph.errors import InputError, warning_line
from coopgraph.extract.pipeline import Pipeline
from coopgraph.ingest.reader import DEFAULT_MAX_BYTES, discover, read_source


@dataclass
class RunStats:
    files: int = 0
    articles: int = 0
    relevant: int = 0
    errors: int = 0
    seconds: float = 0.0

    def summary_line(self) -> str:
        return (
            f"{self.files} files, {self.articles} articles, {self.relevant} relevant, "
            f"{self.errors} errors in {self.seconds:.1f}s"
        )


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
) -> RunStats:
    """Extract every file under `paths` to JSON Lines on `out`; links out of a folder are
    followed only with `follow_symlinks`."""
    import time

    started = time.perf_counter()
    pipeline = pipeline or Pipeline()
    stats = RunStats()
    items = list(discover(paths, follow_symlinks))
    bar = None
    if progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True)
        bar.start()
        task = bar.add_task("files", total=len(items))
    try:
        for path, problem in items:
            stats.files += 1
            try:
                if problem is not None:
                    raise problem
                source = read_source(path, max_bytes=max_bytes)
                for message in source.warnings:
                    on_error(warning_line(path, message))
                articles = pipeline.process_source(source)
                if min_confidence is not None:
                    for a in articles:
                        a.prune(min_confidence)
                lines = [json.dumps(a.to_record(), ensure_ascii=False) for a in articles]
            except InputError as exc:
                stats.errors += 1
                on_error(exc.line)
            except Exception as exc:  # noqa: BLE001 — a bug on one file must not end the batch
                stats.errors += 1
                detail = traceback.extract_tb(exc.__traceback__)[-1]
                on_error(InputError(path, f"internal error {type(exc).__name__}: {exc} (at {detail.name}:{detail.lineno})").line)
            else:
                out.write("".join(line + "\n" for line in lines))
                out.flush()
                stats.articles += len(articles)
                stats.relevant += sum(a.relevant for a in articles)
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    stats.seconds = time.perf_counter() - started
    return stats
