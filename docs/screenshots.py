"""The README's screenshots, taken from the graph `make demo` builds (the bundled examples),
so that they show what a user sees after the quick start: no test records, no machine paths.

    python docs/screenshots.py [--db demo.db] [--out docs/screenshots]

Builds the store from `examples/` when `--db` does not exist, serves it on a free loopback
port, and photographs each page with Chromium (Playwright).
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = (   # name, path, what to wait for
    ("search", "/?q=world+health", "#entity-hits li"),
    ("profile", "/entity/{WHO}", "ol.timeline li"),
    ("article", "/article/{ARTICLE}", ".mk"),
    ("timeline", "/timeline", "ol.timeline li"),
    ("network", "/network", "#network[data-ready=true]"),
    ("map", "/map", "#map[data-ready=true]"),
    ("fact-review", "/review/facts", "main"),
    ("quality", "/quality", "main"),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "demo.db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("error: no chromium on PATH (make browser installs it)", file=sys.stderr)
        return 1
    if not args.db.exists():
        subprocess.run([sys.executable, "-m", "coopgraph", "ingest", "examples/", "--db", str(args.db)], cwd=ROOT, check=True)

    import uvicorn
    from fastapi.testclient import TestClient
    from playwright.sync_api import sync_playwright

    from coopgraph.api.app import create_app

    app = create_app(args.db)
    api = TestClient(app, base_url="http://127.0.0.1")
    who = api.get("/api/search", params={"q": "World Health Organization"}).json()["entities"][0]["id"]
    article = api.get(f"/api/entities/{who}").json()["events"][0]["article_id"]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for name, path, ready in PAGES:
                page.goto(f"http://127.0.0.1:{port}" + path.format(WHO=who, ARTICLE=article))
                page.wait_for_selector(ready)
                page.screenshot(path=str(args.out / f"{name}.png"))
                print(f"wrote {args.out / (name + '.png')}")
            browser.close()
    finally:
        server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
