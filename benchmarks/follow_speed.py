"""Fetching and ingesting pages from a local web server, with politeness off and on.

A server on 127.0.0.1 (http.server in a thread) serves N small English news pages
(default 2,000), a sitemap listing them and a robots.txt. In one run:

1. politeness off: no robots.txt, no delay; fetch every page of the sitemap (archive,
   working copies, seen table), then ingest them. Pages per second for the fetch, the
   ingest and both;
2. baseline: `ingest` of the same working copies, as plain files, into a fresh store
   (what extraction alone costs: fetch + ingest over this is the price of fetching);
3. politeness on: robots.txt read and obeyed, `--delay` seconds between two requests to
   the host (default here 0.01 s; the command's default, 1 s, caps one host at 1 page/s);
4. a second round over the store of 1: every request conditional, every reply 304.

    python benchmarks/follow_speed.py [--pages 2000] [--delay 0.01] [--ingest-pages N]

`--ingest-pages` ingests only the first N fetched pages in 1 and 2 (extraction dominates
and is measured by extract_speed.py; fetching is what this measures).
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from coopgraph.follow.follower import Counts, Follower
from coopgraph.follow.http import Politeness
from coopgraph.store.update import ingest_paths

ORGS = ["Kenya Medical Research Institute", "Chinese Academy of Sciences", "Pasteur Institute", "University of Nairobi",
        "Wellcome Trust", "Fudan University", "Instituto Butantan", "Karolinska Institute", "ICGEB", "Oswaldo Cruz Foundation"]
CITIES = ["Nairobi", "Beijing", "Paris", "Geneva", "Cape Town", "Shanghai", "São Paulo", "Stockholm"]


def page(i: int) -> bytes:
    rng = random.Random(i)
    a, b = rng.sample(ORGS, 2)
    city = rng.choice(CITIES)
    title = f"{a} and {b} sign agreement on joint laboratory {i}"
    body = (f"<p>{a} and {b} signed a memorandum of understanding in {city} on {rng.randint(1, 28)} March 2024 "
            f"to set up a joint laboratory for vaccine research.</p><p>The laboratory will train young scientists "
            f"from both countries, the two institutions said.</p>")
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><article><h1>{title}</h1>{body}</article></body></html>').encode()


def _serve(n: int, ports) -> None:
    pages = {f"/news/{i}.html": page(i) for i in range(n)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True   # headers and body are two writes: no 40 ms delayed-ACK stall between them

        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif self.path == "/sitemap.xml":
                base = f"http://{self.headers['Host']}"
                body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        + "".join(f"<url><loc>{base}{p}</loc></url>" for p in pages) + "</urlset>").encode()
                kind = "application/xml"
            else:
                body, kind = pages.get(self.path, b""), "text/html; charset=utf-8"
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ports.put(server.server_address[1])
    server.serve_forever()


def serve(n: int) -> tuple[multiprocessing.Process, str]:
    """The site, in a process of its own (in this one it would share the GIL with the fetcher)."""
    ports: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_serve, args=(n, ports), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{ports.get(timeout=30)}"


def fetch(db: Path, sitemap: str, politeness: Politeness, pages: int) -> tuple[float, Follower, Counts]:
    follower = Follower(db, politeness, on_error=print, max_pages=pages + 10)
    counts = Counts()
    started = time.perf_counter()
    follower.follow(sitemap, counts)
    return time.perf_counter() - started, follower, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--delay", type=float, default=0.01, help="politeness on: seconds between two requests to the host")
    ap.add_argument("--ingest-pages", type=int, default=None, help="ingest only this many of the fetched pages")
    args = ap.parse_args()
    n = args.pages
    server, base = serve(n)
    warm = Path(tempfile.mkdtemp(prefix="follow-warm-"))
    (warm / "p.html").write_bytes(page(0))
    ingest_paths([str(warm / "p.html")], warm / "warm.db", on_error=print)   # models loaded before any timing
    shutil.rmtree(warm)
    tmp = Path(tempfile.mkdtemp(prefix="follow-speed-"))
    try:
        off = Politeness(robots=False, delay=0, allow_private=True, retries=0)
        on = Politeness(delay=args.delay, allow_private=True)

        seconds, follower, counts = fetch(tmp / "off.db", base + "/sitemap.xml", off, n)
        assert counts.new == n, counts.line()
        paths = sorted(follower.paths)[: args.ingest_pages or n]
        follower.paths = {p: counts for p in paths}
        started = time.perf_counter()
        report = follower.ingest()
        ingest_seconds = time.perf_counter() - started
        follower.close()
        assert report.stored == len(paths), report.summary_line()

        plain = tmp / "plain"
        plain.mkdir()
        copies = [str(shutil.copy(p, plain / f"{i:05d}.html")) for i, p in enumerate(paths)]
        started = time.perf_counter()
        ingest_paths(copies, tmp / "plain.db", on_error=print)
        plain_seconds = time.perf_counter() - started

        polite_seconds, polite, polite_counts = fetch(tmp / "on.db", base + "/sitemap.xml", on, n)
        polite.close()
        assert polite_counts.new == n, polite_counts.line()

        again_seconds, again, again_counts = fetch(tmp / "off.db", base + "/sitemap.xml", off, n)
        again.close()
        assert again_counts.unchanged == n, again_counts.line()

        k = len(paths)
        print(f"{n} pages from a local server ({sum(len(page(i)) for i in range(n)) / n:.0f} bytes each), "
              f"{k} of them ingested; same run")
        print(f"  politeness off   fetch {n / seconds:7.1f} pages/s ({seconds:.1f} s)")
        print(f"  politeness on    fetch {n / polite_seconds:7.1f} pages/s ({polite_seconds:.1f} s; robots.txt, "
              f"{args.delay:g} s between requests)  = {seconds / polite_seconds:.2f}x off")
        print(f"  second round     fetch {n / again_seconds:7.1f} pages/s ({again_seconds:.1f} s; all 304)"
              f"  = {seconds / again_seconds:.2f}x as fast as the first")
        print(f"  ingest of fetched pages {k / ingest_seconds:7.1f} pages/s ({ingest_seconds:.1f} s)")
        fetch_and_ingest = seconds * k / n + ingest_seconds
        print(f"  fetch + ingest   {k / fetch_and_ingest:7.1f} pages/s;  ingest of the same files from disk "
              f"{k / plain_seconds:.1f} pages/s ({plain_seconds:.1f} s): fetch + ingest takes "
              f"{fetch_and_ingest / plain_seconds:.2f}x the time of ingest alone")
    finally:
        server.terminate()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
