"""How fast the fact review answers on a bigger store: the explorer's hand-written pages
(tests/stores.py) copied N times, each fact with a confidence (300 copies: 17,700 facts).

    python benchmarks/fact_review_speed.py [--copies 300]

Prints the median and worst of: the queue lowest confidence first and as a random sample
(20 facts), the quality estimate, a sampled accept, a rejection (a role or event only
re-derives the hidden facts; a mention re-resolves the graph) and its undo."""
from __future__ import annotations

import argparse
import copy
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import stores  # noqa: E402

from coopgraph.resolve.resolver import resolve  # noqa: E402
from coopgraph.store import fact_review  # noqa: E402
from coopgraph.store.db import connect  # noqa: E402
from coopgraph.store.load import replace_document  # noqa: E402


def build(db: Path, copies: int) -> None:
    conn = connect(db)
    for i in range(copies):
        for record in stores._explorer_records():
            r = copy.deepcopy(record)
            r["source"], r["text"] = f"copy{i}/{r['source']}", f"{r['text']} ({i})"
            for fact in (*r["entities"], *r["roles"], *r["events"]):
                fact["confidence"] = stores._confidence(r["source"], json_key(fact))
            replace_document(conn, r["source"], hashlib.sha256(r["text"].encode()).hexdigest(), len(r["text"]), "utf-8", [r])
    resolve(conn)
    conn.close()


def json_key(fact: dict) -> str:
    return fact.get("id") or f"{fact['person']}/{fact['title']}"


def report(label: str, spent: list[float]) -> None:
    print(f"{label:<36} median {statistics.median(spent):7.0f} ms   worst {max(spent):7.0f} ms")


def timed(run, times: int = 5) -> list[float]:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def each(run, items: list) -> list[float]:
    """The time `run(item)` takes for each item."""
    return timed(lambda: run(items.pop(0)), times=len(items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "review.db"
        build(db, args.copies)
        conn = connect(db, readonly=True)
        print(f"{sum(k['facts'] for k in fact_review.quality(conn)['kinds']):,} facts")
        report("queue, lowest first (20)", timed(lambda: fact_review.queue(conn, "lowest", limit=20)))
        report("queue, random sample (20)", timed(lambda: fact_review.queue(conn, "sample", limit=20)))
        report("quality estimate", timed(lambda: fact_review.quality(conn)))
        report("accept, in the sample", each(lambda f: fact_review.decide(db, f["kind"], f["id"], "accept", sampled=True),
                                             fact_review.queue(conn, "sample", limit=5)))
        for kind in ("event", "mention"):
            reviews = []
            report(f"reject ({kind})", each(lambda f, reviews=reviews: reviews.append(fact_review.decide(db, f["kind"], f["id"], "reject")),
                                           fact_review.queue(conn, "lowest", kind=kind, limit=3)))
            report(f"undo the rejection ({kind})", each(lambda r: fact_review.undo_review(db, r["id"]), reviews))
        conn.close()


if __name__ == "__main__":
    main()
