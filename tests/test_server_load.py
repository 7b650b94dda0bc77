"""The explorer under load (issue 12, point 19; issue 10's search latency): what a server
derives from the whole store is kept per store generation, and every write to a table
that answers a question makes a new generation; requests at once share one build; the
connection pool keeps a connection per request in flight; profiles' ego networks are
laid out as networkx lays them out. The figures are in benchmarks/explorer_load.py."""
from __future__ import annotations

import hashlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import networkx as nx
import pytest
from fastapi.testclient import TestClient
from stores import explorer_store, record, small_store

from coopgraph.api.app import create_app
from coopgraph.resolve.resolver import resolve
from coopgraph.store import cache, queries
from coopgraph.store.curation import judge
from coopgraph.store.db import ReadPool, connect
from coopgraph.store.load import stage, switch_in
from coopgraph.web.layout import FEW, lay_out

BASE = "http://127.0.0.1:8000"
ROOT = Path(__file__).resolve().parents[1]
TOKEN = "correct horse battery staple"
SCRATCH = {"staged", "ingest_runs", "generation"}   # an ingest's scratch, and the counter itself


@pytest.fixture
def db(tmp_path) -> Path:
    return small_store(tmp_path / "g.db")


def _generation(conn: sqlite3.Connection) -> int:
    return cache.generation(conn)[2]


def test_every_table_that_answers_questions_bumps_the_generation_on_every_write(db):
    conn = connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    triggers = {(r[0], r[1]) for r in conn.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")}
    for table in tables - SCRATCH:
        for op in ("INSERT", "UPDATE", "DELETE"):
            assert any(t == table and f"AFTER {op} ON {table} " in sql and "UPDATE generation" in sql for t, sql in triggers), \
                f"{op} on {table} does not bump the generation"
    before = _generation(conn)
    with conn:
        conn.execute("UPDATE articles SET title = 'x' WHERE id = (SELECT MIN(id) FROM articles)")
    assert _generation(conn) == before + 1
    stage(conn, "later.txt", "0" * 64, 1, "utf-8", [], None, "test")   # staged work is invisible: no new generation
    assert _generation(conn) == before + 1
    conn.close()


def test_search_tables_are_built_once_per_generation_and_anew_after_a_write(db):
    conn = connect(db)
    first = cache.derived(conn, "search", queries.SearchTables)
    assert cache.derived(conn, "search", queries.SearchTables) is first
    with conn:
        conn.execute("UPDATE entities SET name = name")
    assert cache.derived(conn, "search", queries.SearchTables) is not first
    conn.close()


def test_a_judgement_and_an_ingest_change_search_at_the_next_request(db):
    client = TestClient(create_app(db), base_url=BASE)
    found = client.get("/api/search", params={"q": "kenya"}).json()
    assert [a["path"] for a in found["articles"]] == ["kenya.txt", "china.txt"]
    assert found["facets"]["event_type"] == {"AGREEMENT": 1, "ESTABLISHMENT": 1}

    judge(db, "rename", {"entity": "Nairobi", "name": "Nairobi City"})
    assert client.get("/api/search", params={"q": "nairobi"}).json()["entities"][0]["name"] == "Nairobi City"

    text = "The Kenya Agricultural Research Institute joined the CGIAR network in Kisumu."
    conn = connect(db)
    stage(conn, "kisumu.txt", hashlib.sha256(text.encode()).hexdigest(), len(text), "utf-8", [record(
        "kisumu.txt", text, [("ORG", "Kenya Agricultural Research Institute", "KE"), ("ORG", "CGIAR", None)],
        events=[("MEMBERSHIP", "2023-05-01", [("Kenya Agricultural Research Institute", "member"), ("CGIAR", "member")])],
        published="2023-05-01")], None, "test")
    assert "kisumu.txt" not in {a["path"] for a in client.get("/api/search", params={"q": "kenya"}).json()["articles"]}
    sha = hashlib.sha256(text.encode()).hexdigest()
    resolve(conn, change=lambda c: switch_in(c, {"kisumu.txt": sha}))   # as `coopgraph ingest` switches a run in
    conn.close()
    found = client.get("/api/search", params={"q": "kenya"}).json()
    assert "kisumu.txt" in {a["path"] for a in found["articles"]}
    assert found["facets"]["event_type"] == {"AGREEMENT": 1, "ESTABLISHMENT": 1, "MEMBERSHIP": 1}
    assert found["facets"]["year"] == {"2023": 1, "2024": 2}
    assert client.get("/api/search", params={"q": "kisumu", "event_type": "MEMBERSHIP", "year": 2023}).json()[
        "articles"][0]["path"] == "kisumu.txt"


def test_kept_answers_serve_a_reader_again_until_a_judgement_or_an_ingest_changes_them(db, monkeypatch):
    """A search or a profile asked again in the same store generation is the answer kept
    (not computed again); a judgement or an ingest's switch-in makes a new generation and
    the same addresses answer afresh. A signed-in reader is always answered afresh."""
    client = TestClient(create_app(db), base_url=BASE)
    nairobi = client.get("/api/search", params={"q": "nairobi"}).json()["entities"][0]["id"]
    addresses = [("/api/search", {"q": "nairobi"}), ("/search.json", {"q": "kenya"}), ("/", {"q": "kenya"}),
                 (f"/api/entities/{nairobi}", {}), (f"/entity/{nairobi}", {})]
    first = [client.get(path, params=params).text for path, params in addresses]
    computed: list[str] = []
    monkeypatch.setattr(queries, "search", lambda *a, _search=queries.search, **k: computed.append("search") or _search(*a, **k))
    monkeypatch.setattr(queries, "profile", lambda *a, _profile=queries.profile: computed.append("profile") or _profile(*a))
    assert [client.get(path, params=params).text for path, params in addresses] == first
    assert computed == []
    client.cookies.set("coopgraph_session", "someone")
    client.get("/api/search", params={"q": "nairobi"})
    client.cookies.clear()
    assert computed == ["search"]

    judge(db, "rename", {"entity": "Nairobi", "name": "Nairobi City"})
    again = [client.get(path, params=params).text for path, params in addresses]
    assert '"Nairobi City"' in again[0] and '"Nairobi City"' in again[3] and "Nairobi City" in again[4]
    assert "Nairobi City" not in first[0] + first[3] + first[4]

    text = "The Kenya Agricultural Research Institute joined the CGIAR network in Kisumu."
    sha = hashlib.sha256(text.encode()).hexdigest()
    conn = connect(db)
    stage(conn, "kisumu.txt", sha, len(text), "utf-8", [record(
        "kisumu.txt", text, [("ORG", "Kenya Agricultural Research Institute", "KE"), ("ORG", "CGIAR", None)],
        published="2023-05-01")], None, "test")
    assert client.get("/search.json", params={"q": "kenya"}).text == again[1]   # staged, not yet switched in
    resolve(conn, change=lambda c: switch_in(c, {"kisumu.txt": sha}))
    conn.close()
    assert "kisumu.txt" in client.get("/search.json", params={"q": "kenya"}).text
    assert client.get("/", params={"q": "kenya"}).text != again[2]


def test_requests_at_once_share_one_build(db):
    builds: list[int] = []

    def slow_build(conn: sqlite3.Connection) -> list[int]:
        builds.append(1)
        time.sleep(0.2)
        return builds

    pool = ReadPool(db)
    results: list[object] = []

    def ask() -> None:
        conn = pool.open()
        results.append(cache.derived(conn, "slow", slow_build))
        conn.close()

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1 and len(results) == 20 and all(r is builds for r in results)


def test_the_pool_keeps_a_connection_for_each_request_in_flight(db):
    """With 8 kept, 20 requests at once closed 12 connections after each wave and opened 12
    new ones, each first checking the whole store while an ingest wrote to it."""
    pool = ReadPool(db)
    conns = [pool.open() for _ in range(40)]
    for conn in conns:
        pool.release(conn)
    kept = [pool.idle() for _ in range(40)]
    assert {id(c) for c in kept} == {id(c) for c in conns}
    assert pool.idle() is None
    assert kept[0].execute("PRAGMA mmap_size").fetchone()[0] == ReadPool.MMAP_BYTES


def test_small_graphs_are_laid_out_where_networkx_puts_them():
    for n in range(2, FEW):
        edges = [(i, j, 1 + (i * j) % 4) for i in range(n) for j in range(i + 1, n) if (i * 7 + j * 3) % 5 < 2]
        graph = lay_out({"nodes": [{"id": 100 + i} for i in range(n)],
                         "edges": [{"source": 100 + a, "target": 100 + b, "weight": w} for a, b, w in edges]}, 400)
        g = nx.Graph()
        g.add_nodes_from(100 + i for i in range(n))
        g.add_weighted_edges_from((100 + a, 100 + b, w) for a, b, w in edges)
        positions = nx.spring_layout(g, seed=7, iterations=60, k=1.5 / n ** 0.5)
        assert [(node["x"], node["y"]) for node in graph["nodes"]] == [
            (round(float(x + 1) * 200, 1), round(float(y + 1) * 200, 1)) for x, y in (positions[100 + i] for i in range(n))]


def test_search_hits_show_their_article_as_the_store_has_it_page_after_page(tmp_path):
    """A hit's article (path, segment, title, language, date, relevance, snippet) is read
    with the search tables, once per store generation, not asked of the store per page:
    for searches in both languages, with filters and pages of two sizes, each hit is its
    article's row, and after a write the next search shows the new row."""
    from coopgraph.store.textindex import Marker, Query, snippet

    db = explorer_store(tmp_path / "x.db")
    client = TestClient(create_app(db, answer_cache=False), base_url=BASE)
    conn = connect(db)

    def row(article_id: int, q: str) -> dict:
        r = conn.execute("""SELECT a.id, d.path, a.segment, a.title, a.language, a.published, a.relevant, a.text
                            FROM articles a JOIN documents d ON d.id = a.document_id WHERE a.id = ?""", (article_id,)).fetchone()
        return {**{k: r[k] for k in ("id", "path", "segment", "title", "language", "published")},
                "relevant": bool(r["relevant"]), "snippet": snippet(r["text"], Marker.of(Query.parse(q)))}

    seen = 0
    for q, filters in [("", {}), ("kenya", {}), ("WHO", {"language": "en"}), ("laboratory", {"year": 2024}),
                       ("合作", {}), ("中国", {"event_type": "AGREEMENT"}), ("vaccine", {"type": "ORG"})]:
        for limit, page in [(2, 1), (2, 2), (50, 1)]:
            found = client.get("/api/search", params={"q": q, **filters, "limit": limit, "page": page}).json()
            assert found["articles"] == [row(a["id"], q) for a in found["articles"]]
            seen += len(found["articles"])
    assert seen > 20
    first = client.get("/api/search", params={"q": "kenya"}).json()["articles"][0]
    with conn:
        conn.execute("UPDATE articles SET title = 'Retitled', relevant = 0 WHERE id = ?", (first["id"],))
    hits = client.get("/api/search", params={"q": "kenya"}).json()["articles"]
    assert [h for h in hits if h["id"] == first["id"]] == [row(first["id"], "kenya")]
    assert row(first["id"], "kenya")["title"] == "Retitled"
    conn.close()


def test_a_graph_laid_out_again_is_not_laid_out_again_and_lands_where_it_did(monkeypatch):
    """Ego networks of a few partners come back in the same shape profile after profile: a
    layout is a function of the weights alone, so a graph of the same weights (other nodes)
    takes the positions computed before, and they are the ones computed afresh."""
    from coopgraph.web import layout

    def graph(first: int) -> dict:
        return {"nodes": [{"id": first + i} for i in range(5)],
                "edges": [{"source": first, "target": first + i, "weight": i} for i in range(1, 5)]}

    def positions(g: dict) -> list[tuple[float, float]]:
        return [(n["x"], n["y"]) for n in g["nodes"]]

    monkeypatch.setattr(layout, "_laid_out", layout.SizedLRU(2**20, layout._laid_out._size))
    fresh = positions(layout.lay_out(graph(1), layout.SMALL))
    computed: list[int] = []
    monkeypatch.setattr(layout, "_force_layout", lambda w, k, _f=layout._force_layout: computed.append(len(w)) or _f(w, k))
    assert positions(layout.lay_out(graph(500), layout.SMALL)) == fresh
    assert computed == []
    other = graph(900)
    other["edges"][0]["weight"] = 3
    assert positions(layout.lay_out(other, layout.SMALL)) != fresh
    assert computed == [5]


@pytest.fixture
def two_workers(db):
    """`coopgraph serve --workers 2` with an edit token, on a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "coopgraph", "serve", "--db", str(db), "--port", str(port),
                               "--workers", "2", "--edit-token", TOKEN],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline and server.poll() is None:
        try:
            if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    try:
        assert server.poll() is None, server.stderr.read()
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_with_workers_answers_from_each_and_shares_sessions_and_wrong_tokens(two_workers):
    """Each request on a new connection goes to whichever process accepts it: a session
    opened by one, its CSRF token and the count of wrong tokens must hold in all."""
    server, base = two_workers
    assert len(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()) >= 2
    fresh = httpx.Limits(max_keepalive_connections=0)   # a new connection, so any process, each time
    with httpx.Client(base_url=base, limits=fresh, timeout=30) as client:
        assert client.get("/api/search", params={"q": "Nairobi"}).json()["total_entities"] >= 1
        signed = client.post("/login", data={"token": TOKEN}, headers={"origin": base})
        assert signed.status_code == 303
        pages = [client.get("/").text for _ in range(12)]
        assert all("sign out" in page for page in pages)
        assert len({re.search(r'data-csrf="([0-9a-f]{64})"', page).group(1) for page in pages}) == 1
        csrf = re.search(r'data-csrf="([0-9a-f]{64})"', pages[0]).group(1)
        body = {"kind": "rename", "payload": {"entity": "Nairobi", "name": "Nairobi City"}}
        assert client.post("/api/judgements", json=body, headers={"origin": base, "x-csrf-token": csrf}).status_code == 200
        guess = {"authorization": "Bearer not the token"}
        assert [client.post("/api/undo", headers=guess).status_code for _ in range(6)] == [403] * 5 + [429]


def test_a_server_process_answers_one_request_at_a_time_and_queues_the_rest(db, monkeypatch):
    """Twenty requests in threads at once take turns holding the interpreter, each as slow
    as all of them together: a started server runs `HANDLERS_AT_ONCE` handlers at once and
    the other requests wait their turn (each is answered)."""
    from coopgraph.api import deps

    running, most, guard = 0, 0, threading.Lock()

    def slow_profile(conn, entity_id, _profile=queries.profile) -> dict:
        nonlocal running, most
        with guard:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with guard:
            running -= 1
        return _profile(conn, entity_id)

    monkeypatch.setattr(queries, "profile", slow_profile)
    conn = connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM entities")]
    conn.close()
    with TestClient(create_app(db, answer_cache=False), base_url=BASE) as client:   # started: its lifespan runs
        statuses: list[int] = []
        threads = [threading.Thread(target=lambda i=i: statuses.append(client.get(f"/api/entities/{i}").status_code))
                   for i in ids[:8]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert most == deps.HANDLERS_AT_ONCE and statuses == [200] * len(ids[:8])


def test_a_sized_lru_drops_the_least_recently_used_past_its_bytes_and_keeps_the_newest():
    from coopgraph.store.cache import SizedLRU

    kept = SizedLRU(10, len)
    kept.put("a", b"1234")
    kept.put("b", b"1234")
    assert kept.get("a") == b"1234"            # "a" is now the most recently used
    kept.put("c", b"1234")                     # 12 bytes: the least recently used, "b", goes
    assert kept.keys() == ["a", "c"] and kept.get("b") is None
    kept.put("big", b"x" * 50)                 # larger than the bound: the rest goes, the newest stays
    assert kept.keys() == ["big"]
    kept.drop("big")
    assert kept.keys() == []


def test_searches_and_profiles_are_answered_on_the_event_loop_without_a_trip_to_a_thread(db, monkeypatch):
    """The busiest routes (search and profile, as API and pages) are coroutines that call the
    store's synchronous queries directly: a hop to a worker thread and back cost as much CPU
    as a kept answer itself (`benchmarks/explorer_load.py --in-process`)."""
    import asyncio

    on_loop: list[tuple[str, bool]] = []

    def running_loop() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    monkeypatch.setattr(queries, "search", lambda *a, _search=queries.search, **k:
                        on_loop.append(("search", running_loop())) or _search(*a, **k))
    monkeypatch.setattr(queries, "profile", lambda *a, _profile=queries.profile:
                        on_loop.append(("profile", running_loop())) or _profile(*a))
    client = TestClient(create_app(db, answer_cache=False), base_url=BASE)
    nairobi = client.get("/api/search", params={"q": "nairobi"}).json()["entities"][0]["id"]
    for path in ("/", "/search.json", f"/api/entities/{nairobi}", f"/entity/{nairobi}"):
        assert client.get(path, params={"q": "kenya"} if "entit" not in path else {}).status_code == 200
    assert on_loop == [("search", True)] * 3 + [("profile", True)] * 2


def test_a_snippet_folds_its_article_once_and_anew_when_the_text_changes(tmp_path, monkeypatch):
    """An article's text is folded for snippets once while the word index lives (query after
    query shows the same articles), each snippet the one its text gives; after the text
    changes, the next search folds and shows the new text, and only that one: the index
    brought up to date keeps the folds of the texts that did not change."""
    from coopgraph.store.textindex import Marker, Query, snippet

    db = explorer_store(tmp_path / "x.db")
    client = TestClient(create_app(db, answer_cache=False), base_url=BASE)
    conn = connect(db)
    folds: list[int] = []
    monkeypatch.setattr(Marker, "folded", lambda self, text, accented=True, _folded=Marker.folded:
                        folds.append(1) or _folded(self, text, accented))

    def snippets(q: str, **params) -> dict[int, str]:
        return {a["id"]: a["snippet"] for a in client.get("/api/search", params={"q": q, **params}).json()["articles"]}

    def scratch(article_id: int, q: str) -> str:
        text = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        return snippet(text, Marker.of(Query.parse(q)))

    for q in ("kenya", "kenya agricultural", "laboratory"):
        first = snippets(q)
        folded = len(folds)
        assert snippets(q, limit=3) == {i: first[i] for i in list(first)[:3]} and len(folds) == folded   # kept
        assert first and first == {i: scratch(i, q) for i in first}
    article = next(iter(snippets("kenya")))
    with conn:
        conn.execute("UPDATE articles SET text = 'Kenya and Brazil opened a joint laboratory in Nairobi.' WHERE id = ?",
                     (article,))
    folded = len(folds)
    after = snippets("kenya")
    assert len(folds) - folded == 1 < len(after)   # the index brought up to date kept the other articles' folds
    assert after[article] == scratch(article, "kenya") == "<mark>Kenya</mark> and Brazil opened a joint laboratory in Nairobi."
    assert after == {i: scratch(i, "kenya") for i in after}
    conn.close()
