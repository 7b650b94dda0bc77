"""The explorer's pages: server-rendered HTML (Jinja2, autoescaped: every value from an
article is text, never markup) with small scripts that fetch the JSON API.

Pages: search, entity profile, network, timeline, map, review queues (entity pairs, facts), quality, article (the text with its
facts highlighted, and where it came from), watched sources, one-page briefs (HTML and PDF),
sign-in for editing, API docs.
"""
from __future__ import annotations

import csv
import io
import re
import sqlite3
from html import unescape
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from coopgraph.api.deps import (
    Country, EntityType, EventType, RowId, SearchParams, Store, Year, entity_or_404, event_or_404, remembered, run_search,
)
from coopgraph.api.security import SESSION_COOKIE, same_origin
from coopgraph.model import EDGES, ENTITY_TYPES, EVENT_TYPES, FACT_KINDS, FACT_LABELS
from coopgraph.store import explore, fact_review, queries
from coopgraph.store.event_cards import file_name, real_event_cards
from coopgraph.text import has_cjk
from coopgraph.web.axis import time_axis
from coopgraph.web.layout import SMALL, lay_out
from coopgraph.web.report import STYLESHEET, render_pdf
from coopgraph.web.ring import ring_layout

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.tests["cjk"] = has_cjk
templates.env.filters["basename"] = file_name   # a file named without its machine path


def _context(request: Request, **values) -> dict:
    guard = request.app.state.settings.guard
    session = guard.session_of(request)
    return {
        "request": request, "editable": guard.enabled, "signed_in": session is not None,
        "csrf": guard.csrf_for(session) if session else "", "event_types": EVENT_TYPES, "entity_types": ENTITY_TYPES,
        "qs": lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")}),
        **values,
    }


def _page(request: Request, template: str, **values) -> HTMLResponse:
    return templates.TemplateResponse(request, template, _context(request, **values))


async def index(request: Request, conn: Store, params: SearchParams) -> HTMLResponse:
    def answer() -> HTMLResponse:
        found = run_search(request, conn, params)
        filters = {k: params[k] for k in ("q", "type", "country", "event_type", "year", "language")}
        limit = params["limit"] if params["limit"] != queries.PAGE_SIZE else None   # in the page's links only when chosen
        return _page(request, "search.html", found=found, filters=filters, limit=limit, stats=queries.stats(conn))

    return remembered(request, conn, answer)


async def search_json(request: Request, conn: Store, params: SearchParams) -> Response:
    """The search page's results as JSON (the API's answer), as Datasette gives `.json`."""
    return remembered(request, conn, lambda: JSONResponse(run_search(request, conn, params)))


SEARCH_CSV_COLUMNS = ("kind", "id", "name", "type", "country", "mentions", "events", "match", "matched",
                      "title", "published", "language", "path", "snippet")


def search_csv(request: Request, conn: Store, params: SearchParams) -> Response:
    """The search page's rows as CSV, entities then articles, one kind per row; the snippet as
    plain text."""
    found = run_search(request, conn, params)
    out = io.StringIO()
    writer = csv.DictWriter(out, SEARCH_CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({"kind": "entity", **e} for e in found["entities"])
    writer.writerows({"kind": "article", "name": a["title"], **a, "snippet": unescape(re.sub(r"</?mark>", "", a["snippet"]))}
                     for a in found["articles"])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")


async def entity_page(request: Request, conn: Store, entity_id: RowId) -> HTMLResponse:
    return remembered(request, conn, lambda: _entity_page(request, conn, entity_id))


def _entity_page(request: Request, conn: sqlite3.Connection, entity_id: int) -> HTMLResponse:
    entity_or_404(conn, entity_id, request)
    profile = queries.profile(conn, entity_id)
    facts = profile["roles"] + profile["events"]
    why = queries.why(conn, entity_id)
    # where a document came from is shown instead of its path
    origin = explore.origins(conn, sorted({f["path"] for f in facts} | {w["path"] for w in why}))
    profile["sources"] = sorted({(f["path"], f["segment"], f["article_id"]) for f in facts})
    people = queries.people_at(conn, entity_id) if profile["type"] == "ORG" else []
    once = {v["id"]: v for v in reversed(profile["events"])}   # an event shown once, whatever roles it gives
    profile["events"] = [v for v in profile["events"] if once.pop(v["id"], None) is not None]
    return _page(request, "entity.html", e=profile, origin=origin, net=lay_out(explore.ego_network(conn, entity_id), SMALL),
                 why=why, cards=real_event_cards(conn, profile["events"], focus=entity_id), people=people)


def event_page(request: Request, conn: Store, event_id: RowId) -> HTMLResponse:
    """A real-world event's own address: its card, and why its reports are one event (an old
    id redirects to the event that holds its reports now)."""
    event = queries.why_event(conn, event_or_404(conn, event_id, request))
    return _page(request, "event.html", v=event, card=real_event_cards(conn, [event])[event["id"]])


def network_page(request: Request, conn: Store, year: Year = None, since: Year = None, until: Year = None,
                 country: Country = None, event_type: EventType | None = None, entity_type: EntityType | None = None,
                 attendees: bool = True, undated: bool = True) -> HTMLResponse:
    """The network to work in; `year` (as the other pages link) is the span of one year.
    Only `country` is asked of the server: the page redraws for every other filter itself."""
    since, until = (year, year) if year is not None else (since, until)
    return _page(request, "network.html", years=explore.years(conn), node_types=explore.NODE_TYPES,
                 filters={"since": since, "until": until, "country": country, "event_type": event_type,
                          "entity_type": entity_type, "attendees": attendees, "undated": undated})


def timeline_page(request: Request, conn: Store, year: Year = None, country: Country = None,
                  event_type: EventType | None = None, undated: bool = False,
                  page: Annotated[int, Query(ge=1, le=10**6)] = 1) -> HTMLResponse:
    size = 100
    since, until = (f"{year:04d}", f"{year:04d}") if year else (None, None)
    events = queries.timeline(conn, country=country, event_type=event_type, since=since, until=until,
                              undated=undated, limit=size + 1, offset=(page - 1) * size)
    counts = queries.timeline_counts(conn, country=country, event_type=event_type)
    return _page(request, "timeline.html", events=events[:size], more=len(events) > size, page=page,
                 cards=real_event_cards(conn, events[:size]), axis=time_axis(counts),
                 undated_count=counts["undated"], years=explore.years(conn),
                 filters={"year": year, "country": country, "event_type": event_type, "undated": 1 if undated else None})


def review_page(request: Request, conn: Store, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> HTMLResponse:
    return _page(request, "review.html", pairs=queries.review_queue(conn, limit), edges=EDGES)


def fact_review_page(request: Request, conn: Store, order: Annotated[str, Query(pattern="^(lowest|sample)$")] = "lowest",
                     kind: Annotated[str | None, Query(pattern=f"^({'|'.join(FACT_KINDS)})$")] = None,
                     seed: Annotated[int, Query(ge=0, le=fact_review.MAX_SEED)] = fact_review.DEFAULT_SEED) -> HTMLResponse:
    """The fact review queue, and the latest reviews with their undo."""
    facts = fact_review.queue(conn, order, kind=kind, seed=seed, limit=20)
    return _page(request, "review_facts.html", facts=facts, recent=fact_review.reviews(conn, limit=30), active="review",
                 filters={"order": order, "kind": kind, "seed": seed}, kinds=FACT_KINDS, labels=FACT_LABELS)


def quality_page(request: Request, conn: Store) -> HTMLResponse:
    return _page(request, "quality.html", q=fact_review.quality(conn), active="quality")


def quality_json(conn: Store) -> dict:
    return fact_review.quality(conn)


def map_page(request: Request, conn: Store, year: Year = None, event_type: EventType | None = None,
             country: Country = None) -> HTMLResponse:
    return _page(request, "map.html", years=explore.years(conn),
                 filters={"year": year, "event_type": event_type, "country": country})


def article_page(request: Request, conn: Store, article_id: RowId) -> HTMLResponse:
    art = explore.article(conn, article_id)
    if art is None:
        raise HTTPException(404, f"no article {article_id}")
    marks = [(s, e, f"m{m['id']} {m['type'].lower()}") for m in art["mentions"] if not m["hidden"] for s, e in m["spans"]]
    marks += [(r["span"][0], r["span"][1], f"r{r['id']} role") for r in art["roles"] if not r["hidden"]]
    marks += [(v["span"][0], v["span"][1], f"e{v['id']} event") for v in art["events"] if not v["hidden"]]
    pieces, before = [], set()
    for text, tags in explore.marked_segments(art["text"], marks):
        facts = {t.split()[0] for t in tags}
        pieces.append((text, " ".join(tags), sorted(facts - before)))  # anchors where a fact starts
        before = facts
    return _page(request, "article.html", a=art, pieces=pieces)


def _brief_context(request: Request, conn: sqlite3.Connection, entity_id: int | None, country: str | None) -> dict:
    if entity_id is not None:
        return brief_context(conn, entity_or_404(conn, entity_id, request), None)
    name = country_name(country)
    if name is None:
        raise HTTPException(404, f"no country {country}")
    return brief_context(conn, None, country)


def brief_context(conn: sqlite3.Connection, entity: sqlite3.Row | None, country: str | None) -> dict:
    """What report.html draws: the subject (an entity row, or a country code), its brief, the
    network laid out for paper and the agreements as event cards."""
    if entity is not None:
        subject = {"kind": "entity", "id": entity["id"], "name": entity["name"], "type": entity["type"],
                   "country": entity["country"]}
    else:
        subject = {"kind": "country", "code": country, "name": country_name(country) or country}
    brief = explore.brief(conn, entity_id=None if entity is None else entity["id"], country=country)
    ring_layout(brief["network"])
    cards = real_event_cards(conn, brief["agreements"], focus=None if entity is None else entity["id"])
    return {"subject": subject, "brief": brief, "agreements": [cards[v["id"]] for v in brief["agreements"] if v["id"] in cards]}


def brief_document(context: dict, fmt: str) -> tuple[bytes, int | None]:
    """The brief as a file to keep or mail: PDF (with its number of pages; one that runs past a
    page says so on it), or HTML with its stylesheet inside, no script and no link out."""
    template = templates.get_template("report.html")
    values = {"pdf": True, "event_types": EVENT_TYPES, **context}
    if fmt == "html":
        return template.render(inline_css=STYLESHEET.read_text(encoding="utf-8"), **values).encode(), None
    data, pages = render_pdf(template.render(**values))
    if pages > 1:
        data, pages = render_pdf(template.render(pages=pages, **values))
    return data, pages


def country_name(code: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return found.name if found else None


def entity_report(request: Request, conn: Store, entity_id: RowId) -> HTMLResponse:
    return _page(request, "report.html", **_brief_context(request, conn, entity_id, None))


def country_report(request: Request, conn: Store, code: str) -> HTMLResponse:
    return _page(request, "report.html", **_brief_context(request, conn, None, _code(code)))


def entity_report_pdf(request: Request, conn: Store, entity_id: RowId) -> Response:
    return _pdf(request, _brief_context(request, conn, entity_id, None), f"coopgraph-entity-{entity_id}.pdf")


def country_report_pdf(request: Request, conn: Store, code: str) -> Response:
    code = _code(code)
    return _pdf(request, _brief_context(request, conn, None, code), f"coopgraph-country-{code}.pdf")


def _code(code: str) -> str:
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise HTTPException(404, "a country is named by its two-letter ISO code")
    return code.upper()


def entity_report_html(request: Request, conn: Store, entity_id: RowId) -> Response:
    return _standalone(request, _brief_context(request, conn, entity_id, None), f"coopgraph-entity-{entity_id}.html")


def country_report_html(request: Request, conn: Store, code: str) -> Response:
    code = _code(code)
    return _standalone(request, _brief_context(request, conn, None, code), f"coopgraph-country-{code}.html")


def _standalone(request: Request, context: dict, filename: str) -> Response:
    html, _ = brief_document(context, "html")
    return Response(html, media_type="text/html; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"})


def _pdf(request: Request, context: dict, filename: str) -> Response:
    try:
        data, pages = brief_document(context, "pdf")
    except RuntimeError as exc:
        raise HTTPException(503, str(exc)) from None
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "X-Brief-Pages": str(pages)})


# an archived page is someone else's HTML on our origin: a sandbox (no script, no form, an origin of its
# own) that loads nothing (no request leaves for the page's images, styles or trackers)
ARCHIVED_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


def archived_page(request: Request, conn: Store, article_id: RowId) -> Response:
    """The page an article was read from, as archived when it was fetched."""
    from coopgraph.follow.archive import read_at

    row = conn.execute("SELECT m.warc, m.warc_offset FROM articles a JOIN documents d ON d.id = a.document_id "
                       "JOIN document_meta m ON m.path = d.path WHERE a.id = ?", (article_id,)).fetchone()
    if row is None or row["warc"] is None:
        raise HTTPException(404, f"article {article_id} was not fetched from the web, so it has no archived copy")
    try:
        reply = read_at(row["warc"], row["warc_offset"])
    except (OSError, ValueError, StopIteration) as exc:
        raise HTTPException(404, f"the archived copy cannot be read ({type(exc).__name__}: {exc})") from None
    # the Content-Type as the site sent it: no charset added where it named none (the bytes may be GBK)
    return Response(reply.body, headers={"Content-Type": reply.header("Content-Type") or "application/octet-stream",
                                         "Content-Security-Policy": ARCHIVED_CSP})


def sources_page(request: Request, conn: Store) -> HTMLResponse:
    """The sources `coopgraph watch` follows, with their last round."""
    from coopgraph.store.web import sources

    return _page(request, "sources.html", sources=sources(conn), active="sources")


def login_page(request: Request) -> HTMLResponse:
    return _page(request, "login.html", error=None)


def login(request: Request, token: Annotated[str, Form(max_length=1000)] = "") -> Response:
    guard = request.app.state.settings.guard
    if not guard.enabled:
        return _page(request, "login.html", error="This explorer is read-only: it was started without an edit token.")
    try:
        accepted = same_origin(request) and guard.check_token(request, token)
    except HTTPException as exc:   # too many wrong tokens
        response = _page(request, "login.html", error=exc.detail)
        response.status_code, response.headers["Retry-After"] = exc.status_code, exc.headers["Retry-After"]
        return response
    if not accepted:
        response = _page(request, "login.html", error="That is not the edit token.")
        response.status_code = 403
        return response
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, guard.open_session(), httponly=True, samesite="strict", path="/")
    return response


def logout(request: Request) -> Response:
    guard = request.app.state.settings.guard
    if same_origin(request):
        guard.close_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def api_docs(request: Request) -> HTMLResponse:
    return _page(request, "api_docs.html", spec=request.app.openapi())


ERROR_HEADINGS = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Not allowed here",
                  413: "Too large", 422: "Not a valid address", 429: "Too many tries", 500: "Something went wrong",
                  503: "The store cannot be read"}


def error_page(request: Request, status: int, message: str, headers: dict | None = None) -> HTMLResponse:
    """An error as a page of the explorer, with a way back (the page the reader came from,
    when it is one of ours) and the usual ways on."""
    referer = request.headers.get("referer", "")
    origin = f"{request.url.scheme}://{request.url.netloc}"
    back = referer[len(origin):] if referer.startswith(origin + "/") and referer != str(request.url) else None
    context = _context(request, heading=ERROR_HEADINGS.get(status, "Error"), message=message, status=status, back=back)
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


def mount_pages(app: FastAPI) -> None:
    html = {"response_class": HTMLResponse, "include_in_schema": False}
    app.get("/", **html)(index)
    app.get("/search", **html)(index)
    app.get("/search.json", include_in_schema=False)(search_json)
    app.get("/search.csv", include_in_schema=False)(search_csv)
    app.get("/entity/{entity_id}", **html)(entity_page)
    app.get("/event/{event_id}", **html)(event_page)
    app.get("/network", **html)(network_page)
    app.get("/timeline", **html)(timeline_page)
    app.get("/map", **html)(map_page)
    app.get("/review", **html)(review_page)
    app.get("/review/facts", **html)(fact_review_page)
    app.get("/quality", **html)(quality_page)
    app.get("/quality.json", include_in_schema=False)(quality_json)
    app.get("/article/{article_id}", **html)(article_page)
    app.get("/sources", **html)(sources_page)
    app.get("/archived/{article_id}", include_in_schema=False)(archived_page)
    app.get("/report/entity/{entity_id}.pdf", include_in_schema=False)(entity_report_pdf)
    app.get("/report/country/{code}.pdf", include_in_schema=False)(country_report_pdf)
    app.get("/report/entity/{entity_id}.html", include_in_schema=False)(entity_report_html)
    app.get("/report/country/{code}.html", include_in_schema=False)(country_report_html)
    app.get("/report/entity/{entity_id}", **html)(entity_report)
    app.get("/report/country/{code}", **html)(country_report)
    app.get("/login", **html)(login_page)
    app.post("/login", include_in_schema=False)(login)
    app.post("/logout", include_in_schema=False)(logout)
    app.get("/api-docs", **html)(api_docs)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
