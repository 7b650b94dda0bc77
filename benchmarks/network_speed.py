"""How fast the network page's questions are answered on a wide store: the seeds and dev
corpus copied with distinct organisation names (as `explorer_speed.py`'s network timing),
so the graph has hundreds of nodes.

Measured in-process (FastAPI's TestClient, no network): /api/network with its layout; a
node's neighbourhood for the 20 busiest nodes; the events behind 40 links; the shortest
path between 10 pairs of busy nodes. Medians and maxima in milliseconds.

    python benchmarks/network_speed.py [--wide 16] [--db KEEP.db]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_copies import grow_store  # noqa: E402

from coopgraph.api.app import create_app  # noqa: E402
from coopgraph.resolve.resolver import resolve  # noqa: E402
from coopgraph.store.db import connect  # noqa: E402
from coopgraph.store.update import ingest_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def wide_store(db: Path, corpus: Path, copies: int) -> None:
    ingest_paths([str(corpus / "seeds"), str(corpus / "dev")], db, on_error=lambda _m: None)
    grow_store(db, copies, distinct_names=True)
    conn = connect(db)
    resolve(conn)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wide", type=int, default=16, help="Copies with distinct names.")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--db", type=Path, help="Keep the store here (built only if missing).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "wide.db"
        if not db.exists():
            wide_store(db, args.corpus, args.wide)
        client = TestClient(create_app(db), base_url="http://127.0.0.1")

        def timed(url: str, params: dict | None = None) -> tuple[float, dict]:
            start = time.perf_counter()
            response = client.get(url, params=params)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (url, params, response.text[:200])
            return elapsed, response.json()

        def report(what: str, times: list[float]) -> None:
            print(f"{what:<44}{len(times):>4}{statistics.median(times):>10.0f}{max(times):>10.0f}")

        timed("/api/network")   # warm up: imports, SQLite page cache
        net = timed("/api/network")[1]
        busiest = [n["id"] for n in sorted(net["nodes"], key=lambda n: (-n["events"], n["id"]))]
        print(f"network: {len(net['nodes'])} nodes, {len(net['edges'])} links, {net['events']} events")
        print(f"{'request':<44}{'n':>4}{'p50 ms':>10}{'max ms':>10}")
        report("/api/network (with its layout)", [timed("/api/network")[0] for _ in range(5)])
        report("/api/entities/{id}/neighbours (20 busiest)", [timed(f"/api/entities/{i}/neighbours")[0] for i in busiest[:20]])
        links = net["edges"][:: max(1, len(net["edges"]) // 40)][:40]
        report("/api/edge (40 links)", [timed("/api/edge", {"a": e["source"], "b": e["target"]})[0] for e in links])
        paths = [timed("/api/path", {"from": a, "to": b}) for a, b in zip(busiest[:10], busiest[10:20])]
        report(f"/api/path (10 pairs, {sum(p['found'] for _, p in paths)} linked)", [t for t, _ in paths])


if __name__ == "__main__":
    main()
