"""The explorer's server: a JSON API (documented at /docs, schema at /openapi.json) and the
web pages, over one store.

Every request reads through a pooled read-only connection (SQLite's WAL lets it read
while an ingest writes); writes go through `coopgraph.store.curation` under the store's
writer lock, exactly as the CLI's do. Before any body is read, a request is refused when
it is over `MAX_BODY` (413) or when it would write without the edit token (403, or 429
after repeated wrong tokens). A store that cannot be read (missing, damaged) is a 503
saying so — JSON under /api, a page elsewhere — never a 500 or a partial answer.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from coopgraph import __version__
from coopgraph.model import FACT_KINDS, JUDGEMENT_KINDS, VERDICTS
from coopgraph.api.deps import (
    HANDLERS_AT_ONCE, Country, EntityRef, EventType, RowId, SearchParams, Settings, Store, Year, entity_or_404, event_or_404,
    remembered, run_search,
)
from coopgraph.api.security import BodyLimit, EditGuard, SecurityHeaders, WriteGate
from coopgraph.store import explore, fact_review, queries
from coopgraph.store import network as network_graph
from coopgraph.store.curation import correct, undo
from coopgraph.store.db import StoreError, cut_short, store_failure
from coopgraph.web.layout import SMALL, lay_out

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
MAX_BODY = 64 * 1024   # a judgement is a few hundred bytes; the sign-in form less


class Judgement(BaseModel):
    kind: Literal[JUDGEMENT_KINDS]
    payload: dict[str, str | int] = Field(description="merge: a, b (names); split: entity, name; rename: entity, name; "
                                                       "retype: entity, type; wrong: fact, path, segment, name/title/event; "
                                                       "same, different, unsure: a, b (entity ids)")


class Correction(BaseModel):
    """One judgement, or several undone together (`judgements`), with who made it and why."""
    kind: Literal[JUDGEMENT_KINDS] | None = None
    payload: dict[str, str | int] | None = None
    judgements: list[Judgement] | None = Field(None, max_length=1000)
    author: str | None = Field(None, max_length=2000)
    reason: str | None = Field(None, max_length=2000)


class FactVerdict(BaseModel):
    """An analyst's verdict on one extracted fact; `sampled` (with its `seed`) when it was
    given in the random sample, which is what estimates precision."""
    kind: Literal[FACT_KINDS]
    id: int = Field(ge=1, le=2**62, description="the fact's row id, as the queue gives it")
    verdict: Literal[VERDICTS]
    sampled: bool = False
    seed: int | None = Field(None, ge=0, le=fact_review.MAX_SEED)
    author: str | None = Field(None, max_length=2000)
    reason: str | None = Field(None, max_length=2000)


api = APIRouter(prefix="/api", tags=["graph"])
Offset = Annotated[int, Query(ge=0, le=10**9, description="Rows to skip: the next page starts at offset + limit")]


@api.get("/search", summary="Entities and articles matching a text (EN or ZH): ranked, with snippets, facet counts, "
                           "totals and the addresses of the previous and next pages")
async def search(request: Request, conn: Store, params: SearchParams) -> dict:
    # plain JSON, not FastAPI's encoder, which takes 10 ms over a page of snippets
    return remembered(request, conn, lambda: JSONResponse(run_search(request, conn, params)))


@api.get("/entities/{entity_id}", summary="Profile: names, country, roles, events with sources, partners, ego network "
                                         "(the id of an entity merged into another redirects to it)")
async def entity(request: Request, conn: Store, entity_id: RowId) -> dict:
    def answer() -> JSONResponse:
        entity_or_404(conn, entity_id, request)
        return JSONResponse({**queries.profile(conn, entity_id), "network": lay_out(explore.ego_network(conn, entity_id), SMALL)})

    return remembered(request, conn, answer)


@api.get("/entities/{entity_id}/why", summary="Why each mention joined this entity (rule and score)")
def why(request: Request, conn: Store, entity_id: RowId) -> list[dict]:
    entity_or_404(conn, entity_id, request)
    return queries.why(conn, entity_id)


@api.get("/events/{event_id}", summary="A real-world event with every report (rule that joined it, evidence, source, "
                                     "the report it copies) and the values its reports disagree on (an old id redirects)")
def event(request: Request, conn: Store, event_id: RowId) -> dict:
    return queries.why_event(conn, event_or_404(conn, event_id, request))


async def events_of(year: Year = None, since: Year = None, until: Year = None, event_type: EventType | None = None,
              country: Country = None) -> explore.EventFilter:
    """Which events a network question counts: one year or a span of years (`since`, `until`:
    events without a date are then left out), an event type, a taking-part country. (A
    coroutine, as `deps.search_params` is, so that it runs without a trip to a thread.)"""
    if since is not None and until is not None and since > until:
        raise HTTPException(422, f"invalid request: since ({since}) is after until ({until})")
    return explore.EventFilter(year, event_type, country, since=since, until=until)


Events = Annotated[explore.EventFilter, Depends(events_of)]


def current_or_404(conn: sqlite3.Connection, entity_id: int) -> int:
    """The entity's id now (an id merged away answers for the entity it went into: a query
    parameter cannot be redirected as a path is), or a 404."""
    found = network_graph.current_id(conn, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return found


@api.get("/network", summary="Organisations and countries linked by shared events, with a layout; each link counts "
                             "its events by year, type and whether they make the two partners")
def network(conn: Store, events: Events, max_nodes: Annotated[int, Query(ge=1, le=2000)] = 800) -> dict:
    return lay_out(network_graph.network(conn, events, max_nodes=max_nodes))


@api.get("/entities/{entity_id}/neighbours", summary="An entity's neighbourhood, to add to a drawing in place: the "
                                                    "entity, its busiest partners and the links among them, laid out")
def neighbours(request: Request, conn: Store, entity_id: RowId, events: Events,
               limit: Annotated[int, Query(ge=1, le=500)] = 40) -> dict:
    entity_or_404(conn, entity_id, request)
    return lay_out(network_graph.neighbourhood(conn, entity_id, events, limit=limit), SMALL)


@api.get("/edge", summary="The events that link two entities: type, date, roles, evidence sentence and source")
def edge(conn: Store, a: EntityRef, b: EntityRef, events: Events,
         limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> dict:
    return network_graph.link_events(conn, current_or_404(conn, a), current_or_404(conn, b), events, limit=limit)


@api.get("/path", summary="The shortest path between two entities through organisations and countries, each step "
                          "with its events (partners_only: no link between fellow attendees)")
def path(conn: Store, events: Events, source: Annotated[EntityRef, Query(alias="from")],
         target: Annotated[EntityRef, Query(alias="to")], partners_only: bool = False) -> dict:
    return network_graph.shortest_path(conn, current_or_404(conn, source), current_or_404(conn, target), events,
                                       partners_only=partners_only)


@api.get("/timeline", summary="Events in time order with participants and source")
def timeline(conn: Store, country: Country = None, event_type: EventType | None = None, year: Year = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 200, offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
             undated: Annotated[bool, Query(description="only the events with no date")] = False) -> list[dict]:
    since, until = (f"{year:04d}", f"{year:04d}") if year else (None, None)
    return queries.timeline(conn, country=country, event_type=event_type, since=since, until=until, limit=limit, offset=offset,
                            undated=undated)


@api.get("/map", summary="Events per country and between pairs of countries")
def country_map(conn: Store, year: Year = None, event_type: EventType | None = None, country: Country = None) -> dict:
    return explore.country_activity(conn, explore.EventFilter(year, event_type, country))


@api.get("/articles/{article_id}", summary="An article's cleaned text with every fact and its span")
def article(conn: Store, article_id: RowId) -> dict:
    found = explore.article(conn, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return found


@api.get("/stats", summary="Counts of documents, articles, entities, events; when the last ingest was cut short")
def stats(request: Request, conn: Store) -> dict:
    return {**queries.stats(conn), "cut_short": cut_short(conn, request.app.state.settings.db)}


async def settings_of(request: Request) -> Settings:
    """The server's settings. A write reaches its endpoint only once `WriteGate` has let it
    through (token or session, before its body is read)."""
    return request.app.state.settings


Writer = Annotated[Settings, Depends(settings_of)]


@api.post("/judgements", summary="Record a correction: one judgement (kind, payload) or several undone together "
                                  "(judgements), with author and reason (needs the edit token)", tags=["curation"])
def add_judgement(settings: Writer, body: Annotated[Correction, Body()]) -> dict:
    judgements = [(j.kind, dict(j.payload)) for j in body.judgements or ()]
    if body.kind is not None:
        judgements.insert(0, (body.kind, dict(body.payload or {})))
    try:
        counts = correct(settings.db, judgements, author=body.author or "explorer", reason=body.reason)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from None
    return {"recorded": judgements[0][0], "judgements": len(judgements), **counts}


@api.get("/judgements", summary="Every correction, newest first: who, when, why, and whether it was undone",
         tags=["curation"])
def judgement_history(conn: Store) -> list[dict]:
    return queries.history(conn)


@api.get("/review", summary="Pairs of entities that may be one (splink 0.5-0.95, or a rule's near-miss), not yet judged, most useful first",
         tags=["curation"])
def review(conn: Store, limit: Annotated[int, Query(ge=1, le=1000)] = 50, offset: Offset = 0) -> list[dict]:
    return queries.review_queue(conn, limit, offset)


@api.post("/undo", summary="Take back the last correction, all its judgements (needs the edit token)", tags=["curation"])
def undo_last(settings: Writer) -> dict:
    try:
        return {"undone": undo(settings.db)}
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from None


Seed = Annotated[int, Query(ge=0, le=fact_review.MAX_SEED)]


@api.get("/fact-reviews/queue", summary="Facts to review: lowest confidence first, or the seeded random sample's next ones",
         tags=["review"])
def fact_queue(conn: Store, order: Literal[fact_review.ORDERS] = "lowest", kind: Literal[FACT_KINDS] | None = None,
               seed: Seed = fact_review.DEFAULT_SEED, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[dict]:
    return fact_review.queue(conn, order, kind=kind, seed=seed, limit=limit)


@api.get("/fact-reviews", summary="Fact reviews, newest first: who, when, verdict, from the sample or not, in force or not",
         tags=["review"])
def fact_reviews(conn: Store, limit: Annotated[int, Query(ge=1, le=10000)] = 100, offset: Offset = 0) -> list[dict]:
    return fact_review.reviews(conn, limit=limit, offset=offset)


@api.post("/fact-reviews", summary="Accept or reject a fact; a rejected one is hidden from the graph (needs the edit token)",
          tags=["review"])
def add_fact_review(settings: Writer, body: Annotated[FactVerdict, Body()]) -> dict:
    try:
        return fact_review.decide(settings.db, body.kind, body.id, body.verdict, sampled=body.sampled, seed=body.seed,
                                  author=body.author or "explorer", reason=body.reason)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from None


@api.post("/fact-reviews/{review_id}/undo", summary="Take back one fact review: a rejected fact is shown again "
                                                    "(needs the edit token)", tags=["review"])
def undo_fact_review(settings: Writer, review_id: RowId) -> dict:
    try:
        return fact_review.undo_review(settings.db, review_id)
    except ValueError as exc:
        raise HTTPException(404, str(exc)) from None
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from None


@api.get("/quality", summary="Precision per fact kind from the reviewed random sample, with a 95% Wilson interval",
         tags=["review"])
def quality(conn: Store) -> dict:
    return fact_review.quality(conn)


def create_app(db: str | Path, *, edit_token: str | None = None, allowed_hosts: list[str] | None = None,
               guard_state: str | Path | None = None, answer_cache: bool = True) -> FastAPI:
    """The whole explorer over the store at `db`; writable only when `edit_token` is given.

    `allowed_hosts` are the Host names it answers to (default: loopback names only);
    `guard_state` the file where the worker processes of one server share sessions and
    wrong tokens (default: this process's memory); `answer_cache` whether searches and
    profiles are kept per store generation (`deps.remembered`; off only to measure them)."""
    import networkx  # noqa: F401 - loaded now, not on the first profile someone opens
    import pypinyin  # noqa: F401 - the same for search's romanised names (0.8 s: its phrase dictionary)

    from coopgraph.web.pages import error_page, mount_pages

    # FastAPI's own /docs pages load their scripts from a CDN; the schema is served at
    # /openapi.json and rendered by the explorer itself at /api-docs instead.
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the handlers' worker threads: HANDLERS_AT_ONCE of them run, the rest wait their turn
        anyio.to_thread.current_default_thread_limiter().total_tokens = HANDLERS_AT_ONCE
        yield

    app = FastAPI(title="coopgraph explorer", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Search, see and correct the cooperation graph. Reading is open; writing needs the edit token.")
    settings = Settings(Path(db), EditGuard(edit_token, guard_state), answer_cache)
    app.state.settings = settings
    app.include_router(api)
    mount_pages(app)
    app.add_middleware(WriteGate, guard=settings.guard, prefix=api.prefix)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or list(LOOPBACK))
    app.add_middleware(SecurityHeaders)

    def answer(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
        """JSON under /api (and for the OpenAPI schema), a page of the explorer elsewhere."""
        if request.url.path.startswith(("/api/", "/openapi")):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        return error_page(request, status, message, headers)

    @app.exception_handler(StoreError)
    @app.exception_handler(sqlite3.DatabaseError)
    async def unusable_store(request: Request, exc: Exception) -> Response:
        error = exc if isinstance(exc, StoreError) else store_failure(app.state.settings.db, exc)
        return answer(request, 503, str(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if 300 <= exc.status_code < 400:   # an entity merged into another: its address leads there
            return RedirectResponse(exc.headers["Location"], status_code=exc.status_code)
        message = exc.detail if isinstance(exc.detail, str) else "this request cannot be answered"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing is at {request.url.path}"
        return answer(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return answer(request, 422, f"invalid request: {problems}")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # the traceback goes to the server's log, not to the reader
        return answer(request, 500, f"internal error ({type(exc).__name__}); the server's log has the details")

    return app


SERVE_SETTINGS = "COOPGRAPH_SERVE"   # the environment variable `serve` hands its worker processes their settings in


def app_from_environment() -> FastAPI:
    """The app of one of `serve --workers N`'s processes (uvicorn starts each by importing
    this factory): the store, host names and shared guard file from `SERVE_SETTINGS`, the
    edit token from COOPGRAPH_EDIT_TOKEN, as `serve` set them."""
    settings = json.loads(os.environ[SERVE_SETTINGS])
    return create_app(settings["db"], edit_token=os.environ.get("COOPGRAPH_EDIT_TOKEN") or None,
                      allowed_hosts=settings["allowed_hosts"], guard_state=settings["guard_state"],
                      answer_cache=settings["answer_cache"])
