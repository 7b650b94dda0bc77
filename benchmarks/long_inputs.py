"""Extraction time and memory against the length of a single-line page.

A page with no line breaks (a dump, a scraped blob) once cost time that grew with the
square of its length: 5 MB of Chinese ran past 600 s. Each size runs in a child process
of its own (so that its peak memory is its own) on varied sentences in one line, and
reports wall and CPU seconds of read + extract + records, the peak resident memory and
the memory after the models loaded (the baseline, measured in the same child). The
growth column is the CPU time over that of the size before: about 2 for each doubling
is linear, 4 would be quadratic. CPU time is the figure to read on a shared machine.

    python benchmarks/long_inputs.py [--sizes 100000 200000 400000] [--languages en zh]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from long_text import long_line  # noqa: E402


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss starts at the parent's peak after a fork)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def child(language: str, size: int) -> dict:
    from coopgraph.extract.pipeline import Pipeline
    from coopgraph.ingest.reader import read_source

    pipeline = Pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        warm, page = Path(tmp) / "warm.txt", Path(tmp) / "page.txt"
        warm.write_text(long_line(language, 2000), encoding="utf-8")
        page.write_text(long_line(language, size), encoding="utf-8")
        pipeline.process_source(read_source(str(warm)))   # models load here, outside the timing
        base = _peak_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        source = read_source(str(page))
        records = [a.to_record() for a in pipeline.process_source(source)]
        return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "peak_mb": _peak_mb(),
                "base_mb": base, "articles": len(records)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000])
    parser.add_argument("--languages", nargs="+", default=["en", "zh"])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return
    print(f"{'lang':4} {'bytes':>8} {'articles':>8} {'wall s':>7} {'cpu s':>7} {'KB/cpu s':>8} {'growth':>6} "
          f"{'peak MB':>8} {'over base MB':>12}")
    for language in args.languages:
        before = None
        for size in args.sizes:
            out = subprocess.run([sys.executable, __file__, "--child", language, str(size)], capture_output=True,
                                 text=True, check=True, cwd=ROOT)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            growth = f"{r['cpu'] / before:.2f}" if before else "-"
            before = r["cpu"]
            print(f"{language:4} {size:>8} {r['articles']:>8} {r['wall']:>7.1f} {r['cpu']:>7.1f} "
                  f"{size / 1000 / r['cpu']:>8.1f} {growth:>6} {r['peak_mb']:>8.0f} {r['peak_mb'] - r['base_mb']:>12.0f}",
                  flush=True)


if __name__ == "__main__":
    main()
