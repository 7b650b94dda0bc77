"""Exports: every table as JSON Lines or CSV, and a canonical dump that compares stores (the
graph for other tools, one node per real-world event, is `graph_export.py`).

The canonical dump names facts by document path, segment and local id instead of row
ids, so two stores built in different orders (or after an interrupted ingest) compare
equal exactly when they hold the same facts and the same graph.
"""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

TABLES = ("documents", "document_paths", "articles", "mentions", "roles", "events", "participants", "entities", "entity_names",
          "resolution", "judgements", "settings", "entity_anchors", "entity_keys", "entity_redirects", "document_meta",
          "real_events", "event_coref", "event_ids", "fact_reviews", "event_redirects")
# exports made before schemas 4, 8, 10 (document_meta), 11 (real-world events), 13 (fact_reviews) and 14 lack them
OPTIONAL = {"settings", "document_paths", "entity_anchors", "entity_keys", "entity_redirects", "document_meta",
            "real_events", "event_coref", "event_ids", "fact_reviews", "event_redirects"}


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


def import_tables(conn: sqlite3.Connection, folder: Path) -> int:
    """Load a JSON Lines export into an empty store, row ids included: export → import →
    export gives the same files. Column names come from the store's schema, never from the
    file: a name the table lacks is a ValueError naming the file and line."""
    if conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]:
        raise ValueError("import needs an empty store")
    count = 0
    with conn:
        for table in TABLES:
            path = folder / f"{table}.jsonl"
            if not path.exists():
                if table in OPTIONAL:
                    continue
                raise FileNotFoundError(f"{path}: missing from the export")
            known = [r["name"] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))]
            with open(path, encoding="utf-8") as fh:
                for number, line in enumerate(fh, 1):
                    row = _import_row(path, number, line, table, known)
                    columns = [c for c in known if c in row]
                    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608 — names from the schema
                                 [row[c] for c in columns])
                    count += 1
        # an export made before schema 8: each document was seen at its own path
        conn.execute("INSERT OR IGNORE INTO document_paths (path, document_id) SELECT path, id FROM documents")
    return count


def _import_row(path: Path, number: int, line: str, table: str, known: list[str]) -> dict:
    where = f"{path}: line {number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise ValueError(f"{where}: not a JSON object")
    unknown = [c for c in row if c not in known]
    if unknown:
        raise ValueError(f"{where}: unknown column {unknown[0]!r} for table {table!r}")
    return row


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
            (mention_key[r["mention_id"]], tuple(sorted(entity_names[r["entity_id"]])),
             _MENTION_ID.sub(lambda m: "as mention {}#{}/{}".format(*mention_key[int(m[1])]), r["rule"]))
            for r in conn.execute("SELECT * FROM resolution")
        ),
    }


_MENTION_ID = re.compile(r"as mention (\d+)")  # the resolver's reasons name mentions by row id
