"""What the API and the pages both take from a request: the store, the server's settings,
the parameter types (built from the vocabulary in `coopgraph.model`) and the 404 for a
missing entity. Kept apart from `api.app`, so the pages do not import the app that
mounts them."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi import Path as PathParam

from coopgraph.api.security import SESSION_COOKIE, EditGuard
from coopgraph.model import ENTITY_TYPES, EVENT_TYPES
from coopgraph.store import queries
from coopgraph.store.cache import Answers
from coopgraph.store.db import ReadPool

EntityType = Literal[ENTITY_TYPES]
EventType = Literal[EVENT_TYPES]
RowId = Annotated[int, PathParam(ge=1, le=2**62, description="Row id")]
EntityRef = Annotated[int, Query(ge=1, le=2**62, description="Entity id")]
Country = Annotated[str | None, Query(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")]
# search's facets also count what has no country, and articles by language
CountryOrNone = Annotated[str | None, Query(pattern=r"^(?:[A-Z]{2}|none)$",
                                            description="ISO 3166-1 alpha-2 code, or none: entities with no country")]
Language = Annotated[str | None, Query(pattern=r"^(?:[a-z]{2}|und)$", description="ISO 639-1 code of an article's language")]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Page = Annotated[int, Query(ge=1, le=10**6, description="Page number, from 1")]


class Settings:
    def __init__(self, db: Path, guard: EditGuard, answer_cache: bool = True):
        self.db = db
        self.guard = guard
        self.readers = ReadPool(db)
        self.answers = Answers() if answer_cache else None


def remembered(request: Request, conn: sqlite3.Connection, answer: Callable[[], Response]) -> Response:
    """`answer()`, or the same answer kept from an earlier request for this address in this
    store generation (`cache.Answers`). A reader who is signed in is always answered
    afresh: their pages carry their own CSRF token. Only answers of 200 are kept."""
    answers: Answers | None = request.app.state.settings.answers
    if answers is None or SESSION_COOKIE in request.cookies:
        return answer()
    key, kept = answers.get(conn, str(request.url))
    if kept is not None:
        body, content_type = kept
        return Response(body, headers={"content-type": content_type})
    response = answer()
    if response.status_code == 200:
        answers.put(key, bytes(response.body), response.headers["content-type"])
    return response


async def store(request: Request) -> AsyncIterator[sqlite3.Connection]:
    """A read-only connection for one request, inside one read transaction: every query of
    the request, and the store generation its cached values are looked up by, see the same
    snapshot. Taken and given back on the event loop (both are instant), so a request goes
    to a worker thread once, for its handler, instead of three times; only a new connection
    is opened in a thread. A store that cannot be opened raises `StoreError`, which the app
    answers with a 503 (JSON under /api, a page elsewhere)."""
    readers: ReadPool = request.app.state.settings.readers
    conn = readers.idle() or await run_in_threadpool(readers.open)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        readers.release(conn)


Store = Annotated[sqlite3.Connection, Depends(store)]


def entity_or_404(conn: sqlite3.Connection, entity_id: int, request: Request) -> sqlite3.Row:
    """The entity. The id of one merged into another redirects to the same address of that
    one (307, not permanent: an undo gives the old id back); an id never given is a 404."""
    row = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is not None:
        return row
    moved = conn.execute("SELECT new_id FROM entity_redirects WHERE old_id = ?", (entity_id,)).fetchone()
    if moved is None:
        raise HTTPException(404, f"no entity {entity_id}")
    path = re.sub(rf"/{entity_id}(?=$|[/.])", f"/{moved[0]}", request.url.path, count=1)
    query = f"?{request.url.query}" if request.url.query else ""
    raise HTTPException(307, f"entity {entity_id} was merged into entity {moved[0]}", headers={"Location": path + query})


def event_or_404(conn: sqlite3.Connection, event_id: int, request: Request) -> int:
    """The real-world event's id. A report's id, or an id coreference no longer gives (its
    reports were regrouped), redirects to the same address of the event holding them (307:
    an undo may give the old id back); an id whose reports are all gone, or never given, is a 404."""
    now = queries.real_event_of(conn, event_id)
    if now == event_id:
        return event_id
    if now is None:
        raise HTTPException(404, f"event {event_id} is no longer in the graph: its reports were judged wrong or their "
                                 "files changed" if queries.event_gone(conn, event_id) else f"no event {event_id}")
    path = re.sub(rf"/{event_id}(?=$|[/.])", f"/{now}", request.url.path, count=1)
    query = f"?{request.url.query}" if request.url.query else ""
    raise HTTPException(307, f"the reports of event {event_id} are in event {now}", headers={"Location": path + query})


async def search_params(q: Annotated[str, Query(max_length=200)] = "", type: EntityType | None = None,
                  country: CountryOrNone = None, event_type: EventType | None = None, year: Year = None,
                  language: Language = None, page: Page = 1,
                  limit: Annotated[int, Query(ge=1, le=queries.SEARCH_LIMIT, description="Rows a page holds")] = queries.PAGE_SIZE,
                  ) -> dict:
    """A search as its address says it: the text, the facets, the page. The page, its `.json`
    and `.csv` and the API read the same parameters, so one address works for all four.
    (A coroutine, though it waits for nothing: FastAPI runs a plain function dependency in a
    worker thread, a trip that costs more than the function under load.)"""
    return {"q": q, "type": type, "country": country, "event_type": event_type, "year": year, "language": language,
            "page": page, "limit": limit}


SearchParams = Annotated[dict, Depends(search_params)]


# Requests one server process answers at once: its handlers run in worker threads (anyio's,
# limited when the app starts), and the others wait their turn, first come first served.
# Python runs one thread at a time: twenty requests in threads at once took turns holding
# the interpreter, each as slow as all of them together, and the switching cost a sixth of
# the CPU (`benchmarks/explorer_load.py`). The other processes of `serve --workers` answer
# while one is busy; a long request (a judgement's re-resolution, a large network) holds
# its process's turn. The busiest routes, search and profiles (API and pages), are
# coroutines that call the store's synchronous queries on the event loop itself: the hop to
# a worker thread and back cost as much CPU as answering from a kept answer, and the loop
# runs one handler at a time as the limiter does.
HANDLERS_AT_ONCE = 1


def run_search(request: Request, conn: sqlite3.Connection, params: dict) -> dict:
    """The search's page of results, with the addresses of the previous and next pages
    (this address with another page number), as Datasette gives `next_url`."""
    found = queries.search(conn, params["q"], etype=params["type"], country=params["country"],
                           event_type=params["event_type"], year=params["year"], language=params["language"],
                           page=params["page"], limit=params["limit"])
    for key in ("next", "previous"):
        found[f"{key}_url"] = None if found[key] is None else \
            f"{request.url.path}?{request.url.include_query_params(page=found[key]).query}"
    return found
