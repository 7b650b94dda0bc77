"""Kill `coopgraph ingest` at random points, resume it, and compare with a clean run.

Each try runs `ingest examples/` into a new store, or `ingest --force examples/` over a
copy of a complete one, as a subprocess, and kills it with SIGKILL at a random point: once
a random number of files (0 to all of them) is staged, after a further random delay of
up to half a second. Points are chosen by the run's progress rather than by the clock, so
that a busy machine does not let runs finish first; staging them all puts the kill in
the switch to the new graph. The store is then checked as the kill left it — a reader
must find it as it was before the run or as it is after it, never in between — a normal
`ingest` resumes, and the canonical dump (`store.export.canonical_dump`: documents, facts
and the graph with every mention's "why" text) is compared with a clean run's.

    python benchmarks/kill_resume.py [--tries 20] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coopgraph.store.db import StoreError, connect
from coopgraph.store.export import canonical_dump

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = str(ROOT / "examples")


def ingest(db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "coopgraph", "ingest", EXAMPLES, "--db", str(db), "--no-progress", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish(db: Path, *extra: str) -> float:
    started = time.perf_counter()
    proc = ingest(db, *extra)
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ingest {' '.join(extra)} into {db} failed ({proc.returncode}): {err}")
    return time.perf_counter() - started


def dump(db: Path) -> dict | None:
    """The store's canonical dump, or None when a kill came before the store was made."""
    try:
        conn = connect(db, readonly=True)
    except StoreError as exc:
        if any(s in str(exc) for s in ("no store here", "file is empty", "needs an upgrade")):
            return None
        raise
    try:
        return canonical_dump(conn)
    finally:
        conn.close()


def progress(db: Path) -> tuple[int, bool] | None:
    """(files staged, whether a run is marked) as the store shows it; None before it exists."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return (conn.execute("SELECT COUNT(*) FROM staged").fetchone()[0],
                    conn.execute("SELECT COUNT(*) FROM ingest_runs").fetchone()[0] > 0)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def landed(db: Path) -> str:
    """Where the kill landed, as the store shows it."""
    seen = progress(db)
    if seen is None:
        return "before the store was made"
    return f"{seen[0]} files staged" if seen[1] else "no run marked: not begun, or switched in"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="kill_resume_"))
    try:
        clean = work / "clean.db"
        fresh_seconds = finish(clean)
        reference = dump(clean)
        forced = work / "forced.db"
        shutil.copy(clean, forced)
        force_seconds = finish(forced, "--force")
        assert dump(forced) == reference, "a clean --force run changed the store"
        print(f"clean runs: ingest {fresh_seconds:.1f}s, ingest --force {force_seconds:.1f}s; "
              f"{len(reference['documents'])} documents, {len(reference['graph'])} mentions in the graph")

        killed = consistent = matches = 0
        for i in range(args.tries):
            force = i % 2 == 1
            db = work / f"try{i}.db"
            if force:
                shutil.copy(clean, db)
            target = rng.randint(0, len(reference["documents"]))
            proc = ingest(db, *(["--force"] if force else []))
            while proc.poll() is None and (progress(db) or (0, False))[0] < target:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 0.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
                outcome = f"killed once {target} files were staged"
            else:
                outcome = "finished before the kill"
            proc.wait()
            where = landed(db)
            after_kill = dump(db)
            # a new store holds nothing or everything; a forced one, the graph it had before
            whole = after_kill == reference or (not force and (after_kill is None or not after_kill["documents"]))
            consistent += whole
            finish(db)
            same = dump(db) == reference
            matches += same
            print(f"try {i + 1:2d}: {'ingest --force' if force else 'ingest        '} {outcome} ({where}); "
                  f"{'whole' if whole else 'HALF-WRITTEN'} after the kill; "
                  f"{'same as a clean run' if same else 'DIFFERENT from a clean run'} after resuming")
        print(f"\n{args.tries} tries, {killed} killed mid-run: {consistent} whole after the kill, "
              f"{matches} equal to a clean run after resuming")
        sys.exit(0 if matches == consistent == args.tries else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
