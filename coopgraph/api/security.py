"""Who may change the graph, and how the pages are kept from leaking or being framed.

Reading needs nothing. Writing needs the edit token the server was started with:
- a script sends it in `Authorization: Bearer TOKEN` (a header no other site can make
  a browser send, so such calls cannot be forged cross-site);
- a person types it once on /login and gets an HttpOnly, SameSite=Strict session cookie;
  every write from the pages then also carries a CSRF token bound to that session, and
  its Origin (when the browser sends one) must be this server.
Tokens are compared in constant time, and a client that sends wrong ones is slowed down:
after `MAX_WRONG_TOKENS` in `WRONG_TOKEN_WINDOW` seconds it gets 429 with Retry-After.
Both checks are made before a request's body is read (`WriteGate`), and no body is read
past `BodyLimit`'s size, so an unauthenticated client cannot make the server hold a
large body in memory.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "coopgraph_session"
CSRF_HEADER = "x-csrf-token"
MAX_WRONG_TOKENS = 5
WRONG_TOKEN_WINDOW = 60.0
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# The pages load only what this server serves: no CDN, no request leaves the machine.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class EditGuard:
    """The edit token, the sessions opened with it, the clients' recent wrong tokens and the
    secret CSRF tokens are made with. Kept in an SQLite database: in this process's memory,
    or in the file `shared` when several worker processes serve (`serve --workers`), so that
    a session opened by one is known to all and wrong tokens are counted over all."""

    def __init__(self, token: str | None, shared: str | Path | None = None):
        self.token = token or None
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(shared or ":memory:"), timeout=30, isolation_level=None, check_same_thread=False)
        self._db.executescript("""
            CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS wrong_tokens (client TEXT NOT NULL, at REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS wrong_tokens_by_client ON wrong_tokens (client, at);
            CREATE TABLE IF NOT EXISTS secret (one INTEGER PRIMARY KEY CHECK (one = 1), value BLOB NOT NULL);""")
        self._db.execute("INSERT OR IGNORE INTO secret VALUES (1, ?)", (secrets.token_bytes(32),))
        self._secret = self._db.execute("SELECT value FROM secret").fetchone()[0]

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def check_token(self, request: Request, candidate: str | None) -> bool:
        """Whether `candidate` is the edit token; a client with too many recent wrong ones is
        refused (429) without its candidate being compared, so guessing cannot go on."""
        client = request.client.host if request.client else "?"
        now = time.monotonic()   # (one clock for all processes of the machine)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")   # the count and the new wrong token, one step for all processes
            try:
                self._db.execute("DELETE FROM wrong_tokens WHERE at <= ?", (now - WRONG_TOKEN_WINDOW,))
                recent = [at for (at,) in self._db.execute(
                    "SELECT at FROM wrong_tokens WHERE client = ? ORDER BY at", (client,))]
                if len(recent) >= MAX_WRONG_TOKENS:
                    wait = max(1, round(recent[0] + WRONG_TOKEN_WINDOW - now + 0.5))
                    raise HTTPException(429, f"too many wrong edit tokens; try again in {wait} s",
                                        headers={"Retry-After": str(wait)})
                if self.enabled and candidate and hmac.compare_digest(candidate.encode("utf-8"), self.token.encode("utf-8")):
                    return True
                self._db.execute("INSERT INTO wrong_tokens VALUES (?, ?)", (client, now))
            finally:
                self._db.execute("COMMIT")
        return False

    def open_session(self) -> str:
        session = secrets.token_urlsafe(32)
        with self._lock:
            self._db.execute("INSERT INTO sessions VALUES (?)", (session,))
        return session

    def close_session(self, session: str | None) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE id = ?", (session or "",))

    def session_of(self, request: Request) -> str | None:
        session = request.cookies.get(SESSION_COOKIE)
        if not session or not self.enabled:
            return None
        with self._lock:
            known = self._db.execute("SELECT 1 FROM sessions WHERE id = ?", (session,)).fetchone()
        return session if known else None

    def csrf_for(self, session: str) -> str:
        return hmac.new(self._secret, session.encode(), hashlib.sha256).hexdigest()

    def can_edit(self, request: Request) -> bool:
        return self.session_of(request) is not None

    def require_write(self, request: Request) -> str:
        """Allow a write or raise 403 (read-only server, no or bad token, forged request)."""
        if not self.enabled:
            raise HTTPException(403, "this server is read-only: start it with --edit-token to allow changes")
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            if self.check_token(request, auth[7:].strip()):
                return "token"
            raise HTTPException(403, "wrong edit token")
        session = self.session_of(request)
        if session is None:
            raise HTTPException(403, "sign in with the edit token first (/login)")
        if not same_origin(request):
            raise HTTPException(403, "cross-site request refused")
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.csrf_for(session).encode()):
            raise HTTPException(403, "missing or wrong CSRF token")
        return "session"


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":  # no Origin sent: trust the browser's own Fetch Metadata
        return request.headers.get("sec-fetch-site", "same-origin" if origin is None else "") in ("same-origin", "none")
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


class WriteGate:
    """Pure ASGI middleware: a request that may change something (any method but GET, HEAD,
    OPTIONS under `prefix`) must pass `EditGuard.require_write` before the app runs, that
    is before its body is read (FastAPI reads a body before it resolves dependencies)."""

    def __init__(self, app: ASGIApp, guard: EditGuard, prefix: str):
        self.app = app
        self.guard = guard
        self.prefix = prefix.rstrip("/") + "/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and scope["path"].startswith(self.prefix):
            try:
                self.guard.require_write(Request(scope))
            except HTTPException as exc:
                await JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Pure ASGI middleware: a body declared over `max_bytes` is refused (413) unread, and a
    streamed (chunked) body is counted as it arrives and cut off once past the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:   # a malformed length never gets here: the server refuses it
            await JSONResponse({"detail": self._message()}, 413, headers={"Connection": "close"})(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"request body over the {self.max_bytes}-byte limit"


class SecurityHeaders:
    """Pure ASGI middleware: every response gets the content security policy (unless it set
    its own), nosniff, same-origin referrers and no framing. (As a `BaseHTTPMiddleware` it ran
    each response through a task and a memory stream: a tenth of the server's time under load.)"""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"  # "no-referrer" makes Chrome send Origin: null
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)
