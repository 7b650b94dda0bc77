"""`coopgraph watch SOURCES.toml`: follow a list of sources, round after round.

    interval = 3600                   # seconds between rounds (optional)

    [[source]]
    url = "https://www.example.org/news/rss.xml"
    kind = "feed"                     # feed | sitemap | section | home; found from the reply when left out
    language = "en"                   # optional: links marked as another language are left out
    tags = ["institute", "Kenya"]     # optional: shown with the source

Each round fetches only what is new or changed (conditional requests and the seen table,
see `follower`), ingests it incrementally, and records each source's counts.
"""
from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.follow.follower import LISTINGS, Counts, Follower
from coopgraph.follow.http import Politeness, now
from coopgraph.store.update import IngestReport
from coopgraph.store.web import save_source

DEFAULT_INTERVAL = 3600.0


@dataclass
class Source:
    url: str
    kind: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)


def load_sources(path: str) -> tuple[list[Source], float]:
    """The sources and the interval a SOURCES.toml gives; InputError naming the file and what is wrong."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML ({exc})") from None
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise InputError(path, 'no sources: add [[source]] tables with a url = "https://…"')
    sources = []
    for number, entry in enumerate(entries, 1):
        where = f"source {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str) or not entry["url"].startswith(("http://", "https://")):
            raise InputError(path, f"{where}: needs url = an http(s) URL")
        unknown = set(entry) - {"url", "kind", "language", "tags"}
        if unknown:
            raise InputError(path, f"{where}: unknown keys {', '.join(sorted(unknown))} (url, kind, language, tags)")
        kind, language, tags = entry.get("kind"), entry.get("language"), entry.get("tags", [])
        if kind is not None and kind not in LISTINGS:
            raise InputError(path, f"{where}: kind must be one of {', '.join(LISTINGS)}")
        if language is not None and not (isinstance(language, str) and len(language) == 2 and language.isalpha()):
            raise InputError(path, f"{where}: language must be a two-letter code (en, zh)")
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise InputError(path, f"{where}: tags must be a list of strings")
        sources.append(Source(entry["url"], kind, language and language.lower(), tags))
    interval = data.get("interval", DEFAULT_INTERVAL)
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval <= 0:
        raise InputError(path, "interval must be a positive number of seconds")
    return sources, float(interval)


def watch_round(sources: list[Source], db: str | Path, politeness: Politeness, *, on_error: Callable[[str], None] = print,
                say: Callable[[str], None] = print, max_pages: int = 1000, progress: bool = False,
                **ingest_options) -> tuple[dict[str, Counts], IngestReport]:
    """One round over every source: fetch what is new or changed, ingest it, record each source's counts."""
    follower = Follower(db, politeness, on_error=on_error, max_pages=max_pages, progress=progress)
    try:
        counts: dict[str, Counts] = {}
        for source in sources:
            counts[source.url] = Counts()
            follower.follow(source.url, counts[source.url], kind=source.kind, language=source.language)
        report = follower.ingest(**ingest_options)
        at = now()
        with follower.conn:
            for source in sources:
                c = counts[source.url]
                error = c.errors[0] if c.errors and c.items == 0 else None   # the source itself failed
                save_source(follower.conn, source.url, source.kind, source.language, source.tags, c.as_dict(), at, error)
        for source in sources:
            say(f"{source.url}: {counts[source.url].line()}")
        return counts, report
    finally:
        follower.close()


def watch(sources: list[Source], db: str | Path, politeness: Politeness, interval: float, *, once: bool = False,
          say: Callable[[str], None] = print, **options) -> tuple[dict[str, Counts], IngestReport]:
    """Rounds until interrupted (or one, `once`); returns the last round's counts and ingest report."""
    while True:
        started = time.monotonic()
        counts, report = watch_round(sources, db, politeness, say=say, **options)
        say(report.summary_line())
        if once:
            return counts, report
        pause = max(0.0, interval - (time.monotonic() - started))
        say(f"next round in {pause:.0f}s (Ctrl-C stops)")
        time.sleep(pause)
