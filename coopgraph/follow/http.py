"""One polite GET: robots.txt, a rate per host, a clear user agent, conditional requests,
retries with backoff, a timeout and a size limit, http(s) only, and no private addresses.

The connections come from trafilatura's downloads module (`create_pool`): with SSRF
protection on, each connection checks the address it reached, so a name that resolves to a
public address when asked and to a private one when connected (DNS rebinding) is refused
too. Before that, every address the host resolves to is checked, for a clear message.
Redirects are followed here, one hop at a time, so that each hop is checked the same way
and archived. Every response, redirects and errors included, goes to the archive.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import urllib3
from trafilatura.downloads import create_pool

from coopgraph import __version__

USER_AGENT = f"coopgraph/{__version__} (reads news on science cooperation into a knowledge graph; obeys robots.txt)"
MAX_REDIRECTS = 5
RETRY_STATUSES = (500, 502, 503, 504)


@dataclass
class Politeness:
    """How coopgraph behaves towards the sites it reads; the defaults are for the open web."""
    delay: float = 1.0              # seconds between two requests to one host (robots.txt Crawl-delay may ask more)
    timeout: float = 20.0           # seconds to connect, and between two reads of a reply
    max_bytes: int = 20 * 1024 * 1024
    retries: int = 2                # more tries after a 5xx reply, a timeout or a dropped connection
    backoff: float = 1.0            # urllib3's schedule: first retry at once, then this, doubled each time
    robots: bool = True
    allow_private: bool = False     # loopback, link-local and private addresses (a local server, tests)
    user_agent: str = USER_AGENT


class FetchError(Exception):
    """A URL that gave nothing to read. `kind`: refused (our rule: scheme, address, size),
    skipped (the site's rule: robots.txt) or failed (the network or the server)."""

    def __init__(self, url: str, kind: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.kind, self.reason = url, kind, reason


@dataclass
class Reply:
    """One HTTP response as read: status, headers, body (content-decoded) and when."""
    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: str
    retries: int = 0
    redirects: list[Reply] = field(default_factory=list)   # the hops before this one
    archived: tuple[str, int] | None = None                  # (WARC file, offset of its record) once archived

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Fetcher:
    """GETs URLs politely. `archive(reply, role)` keeps every response; `role(reply)` names
    the final one (article, feed, …) for the archive, the hops are 'redirect'."""

    def __init__(self, politeness: Politeness, archive: Callable[[Reply, str], None] | None = None):
        self.p = politeness
        self.archive = archive or (lambda reply, role: None)
        self.pool = create_pool(ssrf_protection=not politeness.allow_private)
        self.robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.last: dict[str, float] = {}
        self.requests = 0

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            role: Callable[[Reply], str] | str = "article") -> Reply:
        """The reply to GET `url` (a 304 when the conditional headers still hold), after
        redirects; raises FetchError when there is nothing to read."""
        hops: list[Reply] = []
        for _ in range(MAX_REDIRECTS + 1):
            self._check(url)
            if self.p.robots and not self._allowed(url):
                raise FetchError(url, "skipped", "robots.txt disallows it")
            # the validators stored are those of the last hop, which a redirect leaves unchanged
            conditional = {"If-None-Match": etag, "If-Modified-Since": last_modified}
            reply = self._request(url, {k: v for k, v in conditional.items() if v})
            location = reply.header("Location")
            if reply.status in (301, 302, 303, 307, 308) and location:
                self.archive(reply, "redirect")
                hops.append(reply)
                url = urljoin(url, location)
                continue
            reply.redirects = hops
            self.archive(reply, "not-modified" if reply.status == 304 else role(reply) if callable(role) else role)
            if reply.status >= 400:
                tried = f" after {reply.retries + 1} tries" if reply.retries else ""
                raise FetchError(url, "failed", f"HTTP {reply.status} {reply.reason}{tried}".rstrip())
            return reply
        raise FetchError(url, "failed", f"more than {MAX_REDIRECTS} redirects")

    def _check(self, url: str) -> None:
        """http(s) only, and (unless allowed) no host that resolves to a non-public address."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "refused", f"only http and https URLs are fetched (not {parts.scheme or 'a relative URL'}:)")
        try:
            port = parts.port
        except ValueError:
            raise FetchError(url, "refused", "not a valid URL (its port is not a number from 0 to 65535)") from None
        if self.p.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, port or 80, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(url, "failed", f"cannot resolve {parts.hostname} ({exc})") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            address = getattr(address, "ipv4_mapped", None) or address
            if not address.is_global:
                kind = ("loopback" if address.is_loopback else "link-local" if address.is_link_local
                        else "private" if address.is_private else "non-public")
                raise FetchError(url, "refused", f"{parts.hostname} resolves to {address}, a {kind} address "
                                                 f"(use --allow-private to fetch from it)")

    def _wait(self, host: str) -> None:
        """Keep `delay` (or the site's Crawl-delay) between two requests to one host."""
        delay = self.p.delay
        rules = self.robots.get(host)
        if self.p.robots and rules is not None:
            delay = max(delay, float(rules.crawl_delay(self.p.user_agent) or 0))
        if host in self.last:
            pause = self.last[host] + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self.last[host] = time.monotonic()

    def _request(self, url: str, headers: dict) -> Reply:
        parts = urlsplit(url)
        self._wait(f"{parts.scheme}://{parts.netloc}")
        self.requests += 1
        retry = urllib3.util.Retry(
            total=self.p.retries, connect=self.p.retries, read=self.p.retries, status=self.p.retries, redirect=False,
            status_forcelist=RETRY_STATUSES, backoff_factor=self.p.backoff / 2 if self.p.backoff else 0,
            raise_on_status=False, respect_retry_after_header=True, allowed_methods=["GET"],
        )
        try:
            response = self.pool.request(
                "GET", url, headers={"User-Agent": self.p.user_agent, "Accept-Encoding": "gzip, deflate", **headers},
                retries=retry, redirect=False, preload_content=False,
                timeout=urllib3.util.Timeout(connect=self.p.timeout, read=self.p.timeout),
            )
        except urllib3.exceptions.MaxRetryError as exc:
            if isinstance(exc.reason, urllib3.exceptions.NewConnectionError) and "SSRF" in str(exc.reason):
                raise FetchError(url, "refused", "connected to a non-public address (use --allow-private to fetch from it)") from None
            raise FetchError(url, "failed", _network_reason(exc.reason, self.p.retries)) from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(url, "failed", _network_reason(exc, 0)) from None
        try:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.p.max_bytes:
                raise FetchError(url, "refused", _too_big(int(declared), self.p.max_bytes))
            body = bytearray()
            for chunk in response.stream(1 << 16):     # decoded: the limit holds for what a gzip body unpacks to
                body += chunk
                if len(body) > self.p.max_bytes:
                    raise FetchError(url, "refused", _too_big(None, self.p.max_bytes))
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchError(url, "failed", _network_reason(exc, 0)) from None
        finally:
            if not response.isclosed():
                response.close()   # a body left unread must not reach the next request on this connection
            response.release_conn()
        headers_seen = [(k, v) for k, v in response.headers.items()
                        if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")]
        retries = len(response.retries.history) if response.retries else 0
        return Reply(url, response.status, response.reason or "", headers_seen, bytes(body), now(), retries)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self.robots:
            self.robots[host] = self._robots(host)
        rules = self.robots[host]
        return rules is None or rules.can_fetch(self.p.user_agent, url)

    def _robots(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        """The site's robots.txt (RFC 9309): none (4xx) allows everything; one that cannot
        be read (5xx, network) forbids everything until the next run."""
        rules = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        try:
            reply = self._request(f"{host}/robots.txt", {})
        except FetchError:
            rules.disallow_all = True
            return rules
        self.archive(reply, "robots")
        if reply.status >= 500:
            rules.disallow_all = True
        elif reply.status >= 300:
            return None
        else:
            rules.parse(reply.body.decode("utf-8", "replace").splitlines())
        return rules


def _too_big(size: int | None, limit: int) -> str:
    said = f"is {size / 1048576:.1f} MB" if size is not None else "grew"
    return f"reply {said}, over the {limit / 1048576:g} MB limit (--max-mb)"


def _network_reason(exc: BaseException | None, retries: int) -> str:
    tries = f" ({retries + 1} tries)" if retries else ""
    if isinstance(exc, urllib3.exceptions.NewConnectionError):   # a subclass of the timeout errors: asked first
        return f"cannot connect{tries}"
    if isinstance(exc, (urllib3.exceptions.TimeoutError, socket.timeout)):
        return f"timed out{tries}"
    text = str(exc).split(": ", 1)[-1] if exc is not None else "no reply"
    return f"{text}{tries}"
