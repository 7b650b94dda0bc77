"""Who may change the graph, and how the pages are kept from leaking or being framed.

Reading needs nothing. Writing needs the edit token the server was started with:
- a script sends it in `Authorization: Bearer TOKEN` (a header no other site can make
  a browser send, so such calls cannot be forged cross-site);
- a person types it once on /login and gets an HttpOnly, SameSite=Strict session cookie;
  every write from the pages then also carries a CSRF token bound to that session, and
  its Origin (when the browser sends one) must be this server.
Tokens are compared in constant time.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request

SESSION_COOKIE = "coopgraph_session"
CSRF_HEADER = "x-csrf-token"

# The pages load only what this server serves: no CDN, no request leaves the machine.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class EditGuard:
    def __init__(self, token: str | None):
        self.token = token or None
        self._sessions: set[str] = set()
        self._secret = secrets.token_bytes(32)

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def token_ok(self, candidate: str | None) -> bool:
        if not self.enabled or not candidate:
            return False
        return hmac.compare_digest(candidate.encode("utf-8"), self.token.encode("utf-8"))

    def open_session(self) -> str:
        session = secrets.token_urlsafe(32)
        self._sessions.add(session)
        return session

    def close_session(self, session: str | None) -> None:
        self._sessions.discard(session or "")

    def session_of(self, request: Request) -> str | None:
        session = request.cookies.get(SESSION_COOKIE)
        return session if session and self.enabled and session in self._sessions else None

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
            if self.token_ok(auth[7:].strip()):
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
