"""How fast the explorer answers on a big store: the seeds and dev corpus copied 50 times.

Measured in-process (FastAPI's TestClient: routing, validation, queries, rendering;
no network), in one run:
- baseline: a static file, the cheapest request the server has;
- search: /api/search for names (EN, ZH, prefixes, pinyin, typos), empty queries with
  facets (language too), article text and second pages, p50 and p95 (target p95 < 100 ms);
  and the search page itself (HTML, with snippets);
- profile: /entity/{id} HTML for the 25 busiest entities and 25 others (target p95 < 300 ms).
- network: /api/network (with its server-side layout) over a store whose copies keep
  distinct organisation names (--wide copies), so the graph has hundreds of nodes.
Ratios to the baseline say how the figures travel to another machine.

    python benchmarks/explorer_speed.py [--copies 50] [--store big.db] [--wide 0]

`--store` keeps the grown store (or reuses it when it exists), so that two versions of the
code can be measured on the same store in turn; `--wide 0` skips the network timing.
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
QUERIES = ["tianjin", "天津", "university", "大学", "academy", "科学院", "li", "who", "biotechnology", "Brazil",
           "memorandum", "合作", "institute of", "ministry", "中国", "egypt", "joint laboratory", "联盟", "a", "zzzz",
           "tianjn", "ma yanhe", "TIB", "biotechnolgy"]
FILTERS = [{}, {"type": "ORG"}, {"type": "PERSON"}, {"event_type": "AGREEMENT"}, {"country": "CN"}, {"year": 2024},
           {"language": "zh"}, {"page": 2}]


def timed(client: TestClient, url: str, params: dict | None = None) -> float:
    start = time.perf_counter()
    response = client.get(url, params=params)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, params, response.status_code, response.text[:200])
    return elapsed * 1000


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--wide", type=int, default=16, help="Copies with distinct names for the network timing.")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--store", type=Path, help="Keep the grown store here, or use it as it is when it exists.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or Path(tmp) / "big.db"
        start = time.perf_counter()
        if not db.exists():
            ingest_paths([str(args.corpus / "seeds"), str(args.corpus / "dev")], db, on_error=lambda _m: None)
            grow_store(db, args.copies)
            conn = connect(db)
            start = time.perf_counter()
            resolve(conn)
            conn.close()
        conn = connect(db)
        size = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608
                for t in ("articles", "events", "mentions", "entities")}
        busiest = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY mentions DESC LIMIT 25")]
        others = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id % 97, id LIMIT 25")]
        conn.close()
        print(f"store: seeds + dev x{args.copies}: {size['articles']} articles, {size['events']} events, "
              f"{size['mentions']} mentions -> {size['entities']} entities (ready in {time.perf_counter() - start:.1f} s)")
        client = TestClient(create_app(db), base_url="http://127.0.0.1")
        built = timed(client, "/api/search", {"q": "warm"})  # the first search reads what search needs of the store
        for _ in range(20):  # warm up: imports, templates, SQLite page cache
            client.get("/static/app.css")
            client.get("/api/search", params={"q": "warm"})
            client.get(f"/entity/{others[0]}")
        baseline = [timed(client, "/static/app.css") for _ in range(200)]
        search = [timed(client, "/api/search", {"q": q, **f}) for _ in range(2) for q in QUERIES for f in FILTERS]
        search_page = [timed(client, "/", {"q": q}) for _ in range(2) for q in QUERIES]
        profile = [timed(client, f"/entity/{i}") for _ in range(2) for i in busiest + others]
        base = statistics.median(baseline)
        print(f"first search (reads the store's search tables): {built:.0f} ms")
        print(f"{'request':<28}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'p95/baseline':>14}  target")
        print(f"{'static file (baseline)':<28}{len(baseline):>5}{base:>9.1f}{pct(baseline, 95):>9.1f}{'':>14}")
        print(f"{'search /api/search':<28}{len(search):>5}{statistics.median(search):>9.1f}{pct(search, 95):>9.1f}"
              f"{pct(search, 95) / base:>13.0f}x  p95 < 100 ms")
        print(f"{'search page /?q=':<28}{len(search_page):>5}{statistics.median(search_page):>9.1f}"
              f"{pct(search_page, 95):>9.1f}{pct(search_page, 95) / base:>13.0f}x")
        print(f"{'profile page /entity/{id}':<28}{len(profile):>5}{statistics.median(profile):>9.1f}{pct(profile, 95):>9.1f}"
              f"{pct(profile, 95) / base:>13.0f}x  p95 < 300 ms")
        if not args.wide:
            return
        wide = Path(tmp) / "wide.db"
        ingest_paths([str(args.corpus / "seeds"), str(args.corpus / "dev")], wide, on_error=lambda _m: None)
        grow_store(wide, args.wide, distinct_names=True)
        conn = connect(wide)
        resolve(conn)
        conn.close()
        client = TestClient(create_app(wide), base_url="http://127.0.0.1")
        nodes = len(client.get("/api/network").json()["nodes"])
        network = [timed(client, "/api/network") for _ in range(5)]
        print(f"{f'network, {nodes} nodes':<28}{len(network):>5}{statistics.median(network):>9.1f}{max(network):>9.1f}"
              f"{max(network) / base:>13.0f}x  (max, not p95)")


if __name__ == "__main__":
    main()
