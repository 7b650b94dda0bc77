"""Ingest throughput with 1 and 2 workers, and the cost of resolution as the corpus grows.

Measured in one run on the same machine, so the ratios mean something even when the
machine is shared:

1. `coopgraph ingest` of the seeds and dev corpus copied N times (default 8), once with
   one Dask worker and once with two (each into a fresh store); files per second and
   the 2-worker/1-worker ratio. Model loading in the workers is inside the timing.
2. Entity resolution over stores holding the corpus 1×, 4× and 16× (copies made in
   SQL from one ingested store, so only resolution is timed), with each engine ("rules":
   key joins + rapidfuzz; "splink": key joins + splink on DuckDB): mentions, seconds,
   mentions per second and the time as a multiple of the engine's 1× time. Each engine
   resolves the 1× store once before the timings, so one-off loading is not counted.
   With --distinct-names the copied organisation and person names get a copy suffix
   (and no aliases), so that copies are not joined by exact keys: the worst case for
   the splink scorer, which otherwise scores each distinct name once.

    python benchmarks/ingest_scale.py [--copies 8] [--skip-ingest] [--distinct-names]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_copies import grow_store  # noqa: E402

from coopgraph.resolve.resolver import resolve  # noqa: E402
from coopgraph.store.db import connect  # noqa: E402
from coopgraph.store.update import ingest_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def corpus_copies(source: Path, copies: int, into: Path) -> Path:
    """The corpus `copies` times, each copy's files with as many extra trailing newlines as its
    number: other bytes, so other documents (a store keeps one document per content), the
    same text to extract."""
    for i in range(copies):
        for sub in ("seeds", "dev"):
            shutil.copytree(source / sub, into / f"copy{i:02d}" / sub, ignore=shutil.ignore_patterns("*.tsv"))
            for f in (into / f"copy{i:02d}" / sub).rglob("*"):
                if f.is_file():
                    f.write_bytes(f.read_bytes() + b"\n" * (i + 1))
    return into


def throughput(folder: Path, workers: int, tmp: Path) -> tuple[float, int]:
    db = tmp / f"w{workers}.db"
    start = time.perf_counter()
    report = ingest_paths([str(folder)], db, engine="dask", jobs=workers, on_error=lambda _m: None)
    return time.perf_counter() - start, report.stored


def resolution_table(base: Path, tmp: Path, distinct_names: bool = False) -> None:
    """Time resolve() with each engine on the store grown 1×, 4× and 16×."""
    engines = ("rules", "splink")
    for engine in engines:  # warm-up: gazetteer, pinyin tables, splink and DuckDB imports
        warm = tmp / f"warm-{engine}.db"
        shutil.copyfile(base, warm)
        conn = connect(warm)
        resolve(conn, engine=engine)
        conn.close()
    rows = []
    for factor in (1, 4, 16):
        grown = tmp / f"x{factor}.db"
        shutil.copyfile(base, grown)
        grow_store(grown, factor, distinct_names)
        for engine in engines:
            db = tmp / f"x{factor}-{engine}.db"
            shutil.copyfile(grown, db)
            conn = connect(db)
            start = time.perf_counter()
            counts = resolve(conn, engine=engine)
            rows.append((engine, factor, counts["mentions"], counts["entities"], time.perf_counter() - start))
            conn.close()
    first = {engine: seconds for engine, factor, _, _, seconds in rows if factor == 1}
    kind = "copies with distinct names" if distinct_names else "copies"
    print(f"resolution cost as the corpus grows ({kind})")
    print(f"  {'engine':<7} {'corpus':>6} {'mentions':>9} {'entities':>9} {'seconds':>8} {'mentions/s':>11} {'vs 1x':>6}")
    for engine in engines:
        for e, factor, mentions, entities, seconds in rows:
            if e == engine:
                print(f"  {engine:<7} {factor:>5}x {mentions:>9} {entities:>9} {seconds:>8.2f} {mentions / seconds:>11.0f} "
                      f"{seconds / first[engine]:>5.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--skip-ingest", action="store_true", help="Only the resolution part.")
    parser.add_argument("--distinct-names", action="store_true", help="Copies get distinct ORG/PERSON names.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if not args.skip_ingest:
            folder = corpus_copies(args.corpus, args.copies, tmp / "corpus")
            t1, n1 = throughput(folder, 1, tmp)
            t2, n2 = throughput(folder, 2, tmp)
            print(f"ingest of {n1} files (seeds + dev x{args.copies}), Dask LocalCluster")
            print(f"  1 worker : {t1:7.1f} s  {n1 / t1:6.2f} files/s")
            print(f"  2 workers: {t2:7.1f} s  {n2 / t2:6.2f} files/s   speed-up {t1 / t2:.2f}x (target >= 1.6)")
        base = tmp / "base.db"
        ingest_paths([str(args.corpus / "seeds"), str(args.corpus / "dev")], base, on_error=lambda _m: None)
        resolution_table(base, tmp, args.distinct_names)


if __name__ == "__main__":
    main()
