"""Grow a store by copying every document and its facts under new paths and row ids, so a
benchmark can measure a large graph without re-extracting the same pages. Copies keep
their names, so resolution folds them into the same entities, as a real corpus that
keeps reporting on the same bodies would."""
from __future__ import annotations

import sqlite3
from pathlib import Path

# table -> (columns shifted by which table's offset); ids are shifted too
_COPIED = {
    "documents": {"id": "documents"},
    "articles": {"id": "articles", "document_id": "documents"},
    "mentions": {"id": "mentions", "article_id": "articles"},
    "roles": {"id": "roles", "article_id": "articles", "person": "mentions", "org": "mentions"},
    "events": {"id": "events", "article_id": "articles", "place": "mentions", "creates": "mentions"},
    "participants": {"event_id": "events", "mention_id": "mentions"},
}


def grow_store(db: Path, factor: int, distinct_names: bool = False) -> None:
    """Make the store hold `factor` copies of what it holds now (resolution not rerun).

    With `distinct_names`, each copy's organisations and people get a copy suffix (and no
    aliases), so they stay distinct entities: a graph `factor` times as wide."""
    conn = sqlite3.connect(db)
    offsets = {t: conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {t}").fetchone()[0]  # noqa: S608
               for t in ("documents", "articles", "mentions", "roles", "events")}
    with conn:
        for k in range(1, factor):
            for table, shifted in _COPIED.items():
                columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
                select = []
                for c in columns:
                    if c in shifted:
                        select.append(f"{c} + {k * offsets[shifted[c]]}")
                    elif table == "documents" and c == "path":
                        select.append(f"path || '#copy{k}'")
                    elif distinct_names and table == "mentions" and c == "name":
                        select.append(f"CASE WHEN type IN ('ORG', 'PERSON') THEN name || ' copy{k}' ELSE name END")
                    elif distinct_names and table == "mentions" and c == "aliases":
                        select.append("CASE WHEN type IN ('ORG', 'PERSON') THEN '[]' ELSE aliases END")
                    else:
                        select.append(c)
                where = "" if table == "participants" else f" WHERE id < {offsets[table]}"
                if table == "participants":
                    where = f" WHERE event_id < {offsets['events']}"
                conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(select)} FROM {table}{where}")  # noqa: S608
    conn.close()
