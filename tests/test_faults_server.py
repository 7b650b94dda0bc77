"""Server and code-structure faults from the reliability issue, each reproduced on its own:
bodies read before the token was checked and without a size limit, `testserver` trusted
outside tests, Cytoscape's inline style blocked by the CSP, unlimited token guessing,
table scans behind entity pages, the vocabulary written out in many places, and the
pages importing the app that mounts them."""
from __future__ import annotations

import ast
import asyncio
import importlib
import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from stores import small_store

import coopgraph
from coopgraph import model
from coopgraph.api.app import create_app
from coopgraph.store import explore, queries
from coopgraph.store.db import connect

TOKEN = "correct horse battery staple"
BASE = "http://127.0.0.1:8000"
PACKAGE = Path(coopgraph.__file__).parent
CHUNK = 1024 * 1024
JUDGEMENT = {"kind": "rename", "payload": {"entity": "World Health Organization", "name": "WHO"}}


@pytest.fixture
def db(tmp_path) -> Path:
    return small_store(tmp_path / "g.db")


def asgi_post(app, path: str, headers: dict[str, str], chunks) -> tuple[int, int]:
    """POST to the app as a server would, handing over the body only as the app asks for it;
    returns the status and how many body bytes the app took."""
    body = list(chunks)
    taken, given, status = 0, 0, None

    async def receive() -> dict:
        nonlocal taken, given
        if given == len(body):
            await asyncio.Event().wait()   # all sent: wait, as a live connection does
        taken += len(body[given])
        given += 1
        return {"type": "http.request", "body": body[given - 1], "more_body": given < len(body)}

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"),
                         *((k.lower().encode(), v.encode()) for k, v in headers.items())],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=60))
    return status, taken


def big_body(mib: int):
    """A JSON body of `mib` MiB, made as it is read (never held whole by the test)."""
    yield b'{"kind": "rename", "payload": {"entity": "'
    block = b"x" * CHUNK
    for _ in range(mib):
        yield block


def test_a_write_without_the_token_is_refused_before_its_body_is_read(db):
    """A 1 GiB body sent without a token once raised the server's memory to 2.3 GB: FastAPI
    reads a body before it checks a dependency, so the check has to come first."""
    app = create_app(db, edit_token=TOKEN)
    status, taken = asgi_post(app, "/api/judgements", {}, big_body(64))
    assert status == 403 and taken == 0
    status, taken = asgi_post(app, "/api/judgements", {"authorization": "Bearer wrong"}, big_body(64))
    assert status == 403 and taken == 0


def test_a_body_over_the_limit_is_refused_with_413_even_with_the_token(db):
    app = create_app(db, edit_token=TOKEN)
    auth = {"authorization": f"Bearer {TOKEN}"}
    status, taken = asgi_post(app, "/api/judgements", {**auth, "content-length": str(64 * CHUNK)}, big_body(64))
    assert status == 413 and taken == 0                  # declared too long: refused unread
    status, taken = asgi_post(app, "/api/judgements", auth, big_body(64))   # chunked: counted as it comes
    assert status == 413 and taken <= 2 * CHUNK          # cut off at the limit, not read to the end
    client = TestClient(app, base_url=BASE)
    assert client.post("/login", data={"token": "t" * CHUNK}, headers={"origin": BASE}).status_code == 413
    ok = client.post("/api/judgements", json=JUDGEMENT | {"payload": {"entity": "Nairobi", "name": "Nairobi City"}},
                     headers=auth)
    assert ok.status_code == 200, ok.text             # a judgement of ordinary size still goes through


def test_the_trusted_hosts_do_not_admit_testserver_outside_tests(db):
    assert TestClient(create_app(db)).get("/api/stats").status_code == 400     # Host: testserver
    assert TestClient(create_app(db), base_url=BASE).get("/api/stats").status_code == 200
    assert TestClient(create_app(db, allowed_hosts=["testserver"])).get("/api/stats").status_code == 200


def test_the_network_page_gives_cytoscape_its_stylesheet_so_no_inline_style_is_injected(db):
    """Cytoscape inserts a <style> element (blocked by style-src 'self') unless the page
    already holds an element with its stylesheet id; the page links a served one instead.
    (The browser tests fail on the CSP violation itself.)"""
    vendored = (PACKAGE / "web/static/vendor/cytoscape.min.js").read_text(encoding="utf-8")
    injected = re.search(r'"(_+cytoscape_stylesheet)",s="(_+cytoscape_container)"', vendored)
    assert injected, "the vendored Cytoscape no longer injects its stylesheet this way: look again"
    sheet_id, container = injected.groups()
    client = TestClient(create_app(db), base_url=BASE)
    response = client.get("/network")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    link = re.search(rf'<link rel="stylesheet" id="{sheet_id}" href="(/static/[^"]+)">', response.text)
    assert link, "no stylesheet with Cytoscape's id on /network"
    assert f".{container} {{ position: relative; }}" in client.get(link.group(1)).text


def test_wrong_edit_tokens_are_rate_limited_per_client(db):
    client = TestClient(create_app(db, edit_token=TOKEN), base_url=BASE)
    for _ in range(5):
        assert client.post("/api/judgements", json=JUDGEMENT, headers={"authorization": "Bearer guess"}).status_code == 403
    limited = client.post("/api/judgements", json=JUDGEMENT, headers={"authorization": f"Bearer {TOKEN}"})
    assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60
    login = client.post("/login", data={"token": TOKEN}, headers={"origin": BASE})   # the form counts the same tries
    assert login.status_code == 429 and "too many wrong edit tokens" in login.text
    other = TestClient(create_app(db, edit_token=TOKEN), base_url=BASE)            # memory is per server, per client
    assert other.post("/api/judgements", json=JUDGEMENT | {"payload": {"entity": "Nairobi", "name": "Nairobi City"}},
                      headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_entity_pages_look_facts_up_by_index_not_by_scanning_tables(db):
    """Profiles, partners, the ego network and the facet filter of search scanned the
    participants, resolution and events tables once per request (seconds under load). What
    search reads of every article is read once per store generation, before the requests."""
    conn = connect(db, readonly=True)
    entity = conn.execute("SELECT id FROM entities WHERE name = 'Kenya Medical Research Institute'").fetchone()[0]
    queries.search(conn, "")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    queries.profile(conn, entity)
    queries.why(conn, entity)
    explore.ego_network(conn, entity)
    queries.search(conn, "kenya", event_type="AGREEMENT")
    conn.set_trace_callback(None)
    scans = {plan[3] for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))
             for plan in conn.execute("EXPLAIN QUERY PLAN " + sql)
             if re.match(r"SCAN (v|p|p1|p2|r|r1|r2|pr|orr|pm|events|participants|resolution|roles|mentions)\b", plan[3])}
    conn.close()
    assert not scans, scans


VOCABULARY = {name: set(getattr(model, name)) for name in ("ENTITY_TYPES", "EVENT_TYPES", "PARTICIPANT_ROLES", "EVENT_STATUSES")}


def _vocabulary_copies(path: Path) -> list[str]:
    """Where a module writes out a whole vocabulary list itself: a tuple, list, set or
    Literal of its words, a dict keyed by them, or a string (a regex, a help text) naming them all."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            groups = [{e.value for e in node.elts if _is_text(e)}]
        elif isinstance(node, ast.Dict):
            groups = [{k.value for k in node.keys if _is_text(k)}]
        elif _is_text(node) and id(node) not in docstrings:   # "ORG|PERSON|…", "ORG, PERSON, …"
            groups = [set(re.findall(r"[A-Za-z-]+", run)) for run in re.findall(r"[A-Za-z-]+(?:\s*[|,/]\s*[A-Za-z-]+)+", node.value)]
        else:
            continue
        found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}"
                  for words in groups for name, vocab in VOCABULARY.items() if vocab <= words]
    return found


def _is_text(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_the_vocabulary_is_written_once_in_the_model():
    """Entity types were written out eight times and event types four, and `name_key` twice:
    a new type added in one place was silently refused in another."""
    modules = sorted(PACKAGE.rglob("*.py"))
    copies = [c for path in modules if path.name != "model.py" or path.parent != PACKAGE for c in _vocabulary_copies(path)]
    assert not copies, copies
    name_keys = [f"{p.relative_to(PACKAGE.parent)}" for p in modules
                 if re.search(r"^def name_key\b", p.read_text(encoding="utf-8"), re.M)]
    assert name_keys == ["coopgraph/resolve/keys.py"], name_keys
    assert set(model.EVENT_ROLES) == set(model.EVENT_TYPES)
    assert all(set(roles) <= set(model.PARTICIPANT_ROLES) for roles in model.EVENT_ROLES.values())


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_the_pages_do_not_import_the_app_that_mounts_them():
    """web/pages.py imported Store and the parameter types from api/app.py, which imports
    the pages to mount them: an import circle that only worked by import order."""
    for path in sorted((PACKAGE / "web").rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        importlib.import_module(module)
        assert "coopgraph.api.app" not in _imports(path), f"{module} imports coopgraph.api.app"


def test_the_store_dependency_reuses_connections_and_sees_new_commits(db):
    """Each request opened the store anew, with a cold page cache; pooled connections must
    still see a judgement committed by another connection."""
    client = TestClient(create_app(db, edit_token=TOKEN), base_url=BASE)
    pool = client.app.state.settings.readers
    assert client.get("/api/search", params={"q": "nairobi"}).json()["entities"][0]["name"] == "Nairobi"
    first = pool.idle()
    pool.release(first)
    auth = {"authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/judgements", json={"kind": "rename", "payload": {"entity": "Nairobi", "name": "Nairobi City"}},
                       headers=auth).status_code == 200
    assert client.get("/api/search", params={"q": "nairobi"}).json()["entities"][0]["name"] == "Nairobi City"
    again = pool.idle()
    assert again is first and isinstance(again, sqlite3.Connection)
    pool.release(again)
