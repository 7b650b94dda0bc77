"""Exports: every table as JSON Lines or CSV, and a canonical dump that compares stores.

The canonical dump names facts by document path, segment and local id instead of row
ids, so two stores built in different orders (or after an interrupted ingest) compare
equal exactly when they hold the same facts and the same graph.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

TABLES = ("documents", "articles", "mentions", "roles", "events", "participants", "entities", "entity_names",
          "resolution", "judgements")


def export_tables(conn: sqlite3.Connection, folder: Path, fmt: str = "jsonl") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")  # noqa: S608 — fixed table names
        columns = [c[0] for c in cursor.description]
        path = folder / f"{table}.{fmt}"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            if fmt == "csv":
                writer = csv.writer(fh)
                writer.writerow(columns)
                writer.writerows(cursor)
            else:
                for row in cursor:
                    fh.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\n")
        written.append(path)
    return written


def canonical_dump(conn: sqlite3.Connection) -> dict:
    mention_key = {
        r["id"]: (r["path"], r["segment"], r["local_id"])
        for r in conn.execute(
            "SELECT m.id, d.path, a.segment, m.local_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            "JOIN documents d ON d.id = a.document_id"
        )
    }
    entity_names = {}
    for r in conn.execute("SELECT entity_id, name FROM entity_names"):
        entity_names.setdefault(r["entity_id"], set()).add(r["name"])
    return {
        "documents": sorted(tuple(r) for r in conn.execute("SELECT path, sha256, size, status, error FROM documents")),
        "articles": sorted(
            tuple(r) for r in conn.execute(
                "SELECT d.path, a.segment, a.doc_id, a.title, a.language, a.published, a.relevant, a.text "
                "FROM articles a JOIN documents d ON d.id = a.document_id"
            )
        ),
        "mentions": sorted(
            (mention_key[r["id"]], r["type"], r["name"], r["aliases"], r["country"], r["spans"])
            for r in conn.execute("SELECT * FROM mentions")
        ),
        "roles": sorted(
            (mention_key[r["person"]], r["title"], mention_key.get(r["org"]), r["ev_start"], r["ev_end"])
            for r in conn.execute("SELECT * FROM roles")
        ),
        "events": sorted(
            (r["path"], r["segment"], r["local_id"], r["type"], r["name"], r["date"], r["date_end"],
             mention_key.get(r["place"]), mention_key.get(r["creates"]))
            for r in conn.execute(
                "SELECT v.*, d.path, a.segment FROM events v JOIN articles a ON a.id = v.article_id "
                "JOIN documents d ON d.id = a.document_id"
            )
        ),
        "graph": sorted(
            (mention_key[r["mention_id"]], tuple(sorted(entity_names[r["entity_id"]])), r["rule"])
            for r in conn.execute("SELECT * FROM resolution")
        ),
    }
