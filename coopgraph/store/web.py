"""The store's side of following the web: where each document came from (`document_meta`),
what every fetched URL answered last (`web_pages`, the seen table that conditional requests
and watch rounds read), and the sources a watch follows (`web_sources`).
"""
from __future__ import annotations

import json
import sqlite3

META_FIELDS = ("url", "fetched_at", "canonical", "site", "title", "published", "warc", "warc_offset")
PAGE_FIELDS = ("kind", "source", "path", "etag", "last_modified", "sha256", "fetched_at", "checked_at")


def save_meta(conn: sqlite3.Connection, path: str, meta: dict) -> None:
    """Remember what is known of a document's origin; a value left out (or None) keeps the one stored."""
    values = {k: meta.get(k) for k in META_FIELDS}
    conn.execute(
        f"INSERT INTO document_meta (path, {', '.join(META_FIELDS)}) VALUES (?, {', '.join('?' * len(META_FIELDS))}) "
        f"ON CONFLICT(path) DO UPDATE SET {', '.join(f'{k} = COALESCE(excluded.{k}, {k})' for k in META_FIELDS)}",
        (path, *values.values()),
    )


def page(conn: sqlite3.Connection, url: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM web_pages WHERE url = ?", (url,)).fetchone()


def save_page(conn: sqlite3.Connection, url: str, **fields) -> None:
    """Record what a URL answered; fields left out keep their stored value."""
    unknown = set(fields) - set(PAGE_FIELDS)
    if unknown:
        raise ValueError(f"no such web_pages fields: {sorted(unknown)}")
    columns = ["url", *fields]
    conn.execute(
        f"INSERT INTO web_pages ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT(url) DO UPDATE SET {', '.join(f'{k} = excluded.{k}' for k in fields)}",
        (url, *fields.values()),
    )


def listed_by(conn: sqlite3.Connection, source: str) -> list[str]:
    """The articles a feed, sitemap or section listed when last read (for a round it answers 304)."""
    return [r["url"] for r in conn.execute(
        "SELECT url FROM web_pages WHERE source = ? AND kind = 'article' ORDER BY rowid", (source,))]


def children(conn: sqlite3.Connection, source: str) -> list[sqlite3.Row]:
    """The feeds and sitemaps a home page or sitemap index led to when last read."""
    return list(conn.execute("SELECT url, kind FROM web_pages WHERE source = ? AND kind != 'article' ORDER BY rowid",
                             (source,)))


def save_source(conn: sqlite3.Connection, url: str, kind: str | None, language: str | None, tags: list[str],
                counts: dict, at: str, error: str | None) -> None:
    """A watched source's last round: its counts, and when it last worked."""
    conn.execute(
        "INSERT INTO web_sources (url, kind, language, tags, rounds, items, new, changed, failed, last_round, last_success, "
        "last_error) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, "
        "language = excluded.language, tags = excluded.tags, rounds = rounds + 1, items = excluded.items, new = excluded.new, "
        "changed = excluded.changed, failed = excluded.failed, last_round = excluded.last_round, "
        "last_success = COALESCE(excluded.last_success, last_success), last_error = excluded.last_error",
        (url, kind, language, json.dumps(tags, ensure_ascii=False), counts["items"], counts["new"], counts["changed"],
         counts["failed"], at, None if error else at, error),
    )


def sources(conn: sqlite3.Connection) -> list[dict]:
    """Every watched source with its last round's counts (empty for a store that was never watched)."""
    rows = conn.execute("SELECT * FROM web_sources ORDER BY url").fetchall()
    return [{**dict(r), "tags": json.loads(r["tags"])} for r in rows]
