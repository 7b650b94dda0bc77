"""Fact review: an analyst accepts or rejects extracted mentions, roles and events, and the
verdicts drawn at random estimate the extraction's precision.

Two queues: lowest confidence first (where errors are likeliest: quick to clean, but a
biased sample), and a seeded random sample of every fact of a relevant article, in the
order of a hash of (seed, fact), so a sample grows by its next facts and is the same for
everyone. Only verdicts given in the sample estimate precision, so a sampled verdict must
be on one of the sample's next `SAMPLE_WINDOW` facts of its kind (no picking; precision is
estimated per kind). A fact is named by its article (hashed from its bytes) and its key
there, so its review outlives re-ingest. A
rejection is a 'wrong' judgement of `store/curation.py` (hidden from the graph as any
correction hides a fact) made in one transaction with the review row; undoing the review
takes it back. A later verdict on the same fact replaces the earlier one."""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import math
import sqlite3
from pathlib import Path

from coopgraph.model import FACT_KINDS, FACT_LABELS, VERDICTS
from coopgraph.store.confidence import TABLES
from coopgraph.store.curation import check_note, correct, undo
from coopgraph.store.db import connect, writer_lock

ORDERS = ("lowest", "sample")
DEFAULT_SEED = 1
SAMPLE_WINDOW = 50
Z95 = 1.959963984540054   # the standard normal's 97.5th percentile
MAX_SEED = 2**62
_SEP = "\x1f"

# every fact of a relevant article, with the key that names it in its article
_POPULATION = {
    "mention": "SELECT 'mention' AS kind, m.id AS row_id, m.article_id, m.name AS fact_key, m.confidence "
               "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE a.relevant = 1",
    "role": "SELECT 'role' AS kind, r.id AS row_id, r.article_id, pm.name || char(31) || r.title AS fact_key, r.confidence "
            "FROM roles r JOIN mentions pm ON pm.id = r.person JOIN articles a ON a.id = r.article_id WHERE a.relevant = 1",
    "event": "SELECT 'event' AS kind, v.id AS row_id, v.article_id, v.local_id AS fact_key, v.confidence "
             "FROM events v JOIN articles a ON a.id = v.article_id WHERE a.relevant = 1",
}
# reviews in force: not undone or replaced, and a rejection's judgement not undone (by `undo`)
IN_FORCE = ("SELECT f.* FROM fact_reviews f LEFT JOIN judgements j ON j.id = f.judgement "
            "WHERE f.undone = 0 AND (f.judgement IS NULL OR j.undone = 0)")


def check_choice(what: str, value, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)}, not {value!r}")
    return value


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED:,}")
    return seed


def _draw(seed: int, kind: str, article_id: int, key: str) -> bytes:
    """The fact's place in the sample of `seed`: a hash, so new facts fall at random places."""
    return hashlib.blake2b(_SEP.join((str(seed), kind, str(article_id), key)).encode("utf-8"), digest_size=8).digest()


def _reviewed(conn: sqlite3.Connection, *, sampled_only: bool) -> dict[tuple, sqlite3.Row]:
    where = " AND f.sampled = 1" if sampled_only else ""
    return {(r["kind"], r["article_id"], r["fact_key"]): r for r in conn.execute(IN_FORCE + where + " ORDER BY f.id")}


def queue(conn: sqlite3.Connection, order: str = "lowest", *, kind: str | None = None, seed: int = DEFAULT_SEED,
          limit: int = 20) -> list[dict]:
    """The next facts to review: unreviewed and shown ones, lowest confidence first (no
    confidence last); or the random sample's next facts not yet reviewed in a sample, hidden
    ones and ones reviewed lowest-first included (each says its earlier verdict)."""
    earlier = _reviewed(conn, sampled_only=False)
    out = []
    for r in _next(conn, order, kind, seed, limit):
        fact = describe(conn, r["kind"], r["row_id"])
        before = earlier.get((r["kind"], r["article_id"], r["fact_key"]))
        out.append({**fact, "earlier": before["verdict"] if before is not None else None})
    return out


def _next(conn: sqlite3.Connection, order: str, kind: str | None, seed: int, limit: int) -> list[sqlite3.Row]:
    """The queue's next facts as (kind, row_id, article_id, fact_key, confidence) rows."""
    check_choice("order", order, ORDERS)
    kinds = [check_choice("kind", kind, FACT_KINDS)] if kind else list(FACT_KINDS)
    union = " UNION ALL ".join(_POPULATION[k] for k in kinds)
    if order == "sample":
        seed = check_seed(seed)
        done = _reviewed(conn, sampled_only=True)
        return heapq.nsmallest(limit, (r for r in conn.execute(union) if (r["kind"], r["article_id"], r["fact_key"]) not in done),
                               key=lambda r: _draw(seed, r["kind"], r["article_id"], r["fact_key"]))
    done = _reviewed(conn, sampled_only=False)
    hidden = {(r[0], r[1]) for r in conn.execute("SELECT kind, row_id FROM hidden_facts")}
    rows = []
    for r in conn.execute(f"SELECT * FROM ({union}) ORDER BY confidence IS NULL, confidence, kind, row_id"):  # noqa: S608
        if (r["kind"], r["article_id"], r["fact_key"]) not in done and (r["kind"], r["row_id"]) not in hidden:
            rows.append(r)
            if len(rows) == limit:
                break
    return rows


def describe(conn: sqlite3.Connection, kind: str, row_id: int) -> dict | None:
    """A fact of a relevant article as the review shows it and the gold export writes it:
    `gold` (the fact named by names, as in gold files), the entities it names, a one-line
    summary, its evidence sentence and where it was read. None when there is no such fact."""
    table = TABLES[check_choice("kind", kind, FACT_KINDS)]
    row = conn.execute(
        f"SELECT t.*, a.text, a.segment, a.title AS article_title, d.path FROM {table} t JOIN articles a ON a.id = t.article_id "  # noqa: S608
        "JOIN documents d ON d.id = a.document_id WHERE t.id = ? AND a.relevant = 1", (row_id,)).fetchone()
    if row is None:
        return None
    text = row["text"]

    def named(mention_id: int | None) -> sqlite3.Row | None:
        return None if mention_id is None else conn.execute("SELECT * FROM mentions WHERE id = ?", (mention_id,)).fetchone()

    if kind == "mention":
        start, end = (json.loads(row["spans"]) or [[0, 0]])[0]
        cited = [row]
        gold = _entity(row)
        key, summary, evidence = row["name"], f"{row['type']} {row['name']}", _sentence(text, start, end)
        payload = {"name": row["name"]}
    elif kind == "role":
        person, org = named(row["person"]), named(row["org"])
        cited = [m for m in (person, org) if m is not None]
        gold = {"person": person["name"], "title": row["title"], "org": org["name"] if org else None}
        key = person["name"] + _SEP + row["title"]
        summary = f"{person['name']}: {row['title']}" + (f", {org['name']}" if org else "")
        evidence, payload = text[row["ev_start"]:row["ev_end"]], {"name": person["name"], "title": row["title"]}
    else:
        parts = conn.execute("SELECT p.role, m.* FROM participants p JOIN mentions m ON m.id = p.mention_id "
                             "WHERE p.event_id = ? ORDER BY m.id", (row_id,)).fetchall()
        place, creates = named(row["place"]), named(row["creates"])
        cited = [*parts, *(m for m in (place, creates) if m is not None)]
        gold = {"type": row["type"], "name": row["name"], "date": row["date"], "date_end": row["date_end"],
                "place": place["name"] if place else None,
                "participants": [{"entity": p["name"], "role": p["role"]} for p in parts],
                "creates": creates["name"] if creates else None}
        who = ", ".join(f"{p['name']} ({p['role']})" for p in parts)
        summary = " ".join(x for x in (row["type"], row["name"], row["date"], "—" if who else "", who,
                                       f"→ {creates['name']}" if creates else "") if x)
        key, evidence, payload = row["local_id"], text[row["ev_start"]:row["ev_end"]], {"event": row["local_id"]}
    seen, entities = set(), []
    for m in cited:
        if m["id"] not in seen:
            seen.add(m["id"])
            entities.append(_entity(m))
    return {"kind": kind, "id": row_id, "article_id": row["article_id"], "key": key, "confidence": row["confidence"],
            "path": row["path"], "segment": row["segment"], "title": row["article_title"], "summary": summary,
            "evidence": evidence, "gold": gold, "entities": entities,
            "wrong": {"fact": kind, "path": row["path"], "segment": row["segment"], **payload}}


def _entity(m: sqlite3.Row) -> dict:
    return {"type": m["type"], "name": m["name"], "aliases": json.loads(m["aliases"]), "country": m["country"]}


def _sentence(text: str, start: int, end: int, most: int = 300) -> str:
    """The sentence around a span: what an analyst reads to judge a mention."""
    stops = ".!?。！？\n"
    left = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[max(left, start - most // 2):min(right, end + most // 2)].strip()


def decide(db: str | Path, kind: str, row_id: int, verdict: str, *, sampled: bool = False, seed: int | None = None,
           author: str | None = None, reason: str | None = None) -> dict:
    """Record a verdict on one fact, replacing an earlier one on it; a rejection hides the
    fact (a 'wrong' judgement) and re-resolves, in the same transaction. A sampled verdict
    must be on one of the next `SAMPLE_WINDOW` facts of its kind in the sample of `seed`. Returns the
    review. ValueError says what is wrong with the request."""
    check_choice("kind", kind, FACT_KINDS)
    check_choice("verdict", verdict, VERDICTS)
    if isinstance(row_id, bool) or not isinstance(row_id, int) or not 1 <= row_id <= MAX_SEED:
        raise ValueError("id must be a fact's row id, a whole number from 1")
    seed = check_seed(DEFAULT_SEED if seed is None else seed) if sampled else None
    author, reason = check_note("author", author), check_note("reason", reason)
    conn = connect(db, readonly=True)
    try:
        fact = describe(conn, kind, row_id)
        if fact is None:
            raise ValueError(f"no {kind} {row_id} in a relevant article")
        earlier = conn.execute(IN_FORCE + " AND f.kind = ? AND f.article_id = ? AND f.fact_key = ?",
                               (kind, fact["article_id"], fact["key"])).fetchall()
        before = [e["id"] for e in earlier if e["sampled"]]
        if sampled and before:
            raise ValueError(f"{kind} {row_id} was reviewed in the random sample already (review #{before[0]}); "
                             "undo that review to give another verdict")
        if sampled and not any((r["kind"], r["row_id"]) == (kind, row_id)
                               for r in _next(conn, "sample", kind, seed, SAMPLE_WINDOW)):
            raise ValueError(f"{kind} {row_id} is not among the next {SAMPLE_WINDOW} {kind}s of the sample with seed "
                             f"{seed}: a sampled verdict is given on the facts the sample draws, not on chosen ones")
    finally:
        conn.close()
    row = {"kind": kind, "row_id": row_id, "article_id": fact["article_id"], "fact_key": fact["key"],
           "fact": json.dumps(fact, ensure_ascii=False), "confidence": fact["confidence"], "verdict": verdict,
           "sampled": int(sampled), "seed": seed, "author": author, "reason": reason,
           "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    written: list[int] = []

    def write(conn: sqlite3.Connection, judgements: list[int]) -> None:
        conn.executemany("UPDATE fact_reviews SET undone = 1 WHERE id = ?", [(e["id"],) for e in earlier])
        values = {**row, "judgement": judgements[0] if judgements else None}
        written.append(conn.execute(f"INSERT INTO fact_reviews ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",  # noqa: S608
                                    list(values.values())).lastrowid)

    retract = [e["judgement"] for e in earlier if e["judgement"] is not None]
    if verdict == "reject" or retract:
        wrong = [("wrong", fact["wrong"])] if verdict == "reject" else []
        correct(db, wrong, author=author, reason=reason or f"fact review: {verdict}", retract=retract, then=write)
    else:
        _plain_write(db, lambda conn: write(conn, []))
    return {"id": written[0], **{k: v for k, v in row.items() if k != "fact"}, "fact": fact, "replaced": len(earlier)}


def _plain_write(db: str | Path, change) -> None:
    """A write that changes nothing the graph is resolved from: no re-resolution."""
    with writer_lock(db):
        conn = connect(db)
        try:
            with conn:
                change(conn)
        finally:
            conn.close()


def undo_review(db: str | Path, review_id: int) -> dict:
    """Take back one review: a rejected fact is shown again. ValueError when there is no such
    review in force."""
    conn = connect(db, readonly=True)
    try:
        found = conn.execute(IN_FORCE + " AND f.id = ?", (review_id,)).fetchone()
    finally:
        conn.close()
    if found is None:
        raise ValueError(f"no fact review {review_id} in force (never made, undone or replaced by a later verdict)")

    def mark(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE fact_reviews SET undone = 1 WHERE id = ?", (review_id,))

    if found["judgement"] is not None:
        undo(db, judgement=found["judgement"], then=mark)
    else:
        _plain_write(db, mark)
    return {"undone": review_id, "kind": found["kind"], "id": found["row_id"], "verdict": found["verdict"]}


def reviews(conn: sqlite3.Connection, *, limit: int | None = None, offset: int = 0,
            in_force_only: bool = False) -> list[dict]:
    """Reviews, newest first (from the `offset`-th on): who, when, the fact, the verdict,
    whether it came from the random sample (and its seed) and whether it is still in force."""
    live = {r["id"] for r in conn.execute(IN_FORCE)}
    rows = conn.execute("SELECT * FROM fact_reviews ORDER BY id DESC LIMIT ? OFFSET ?",
                        (limit if limit else -1, offset)).fetchall()
    out = []
    for r in rows:
        if in_force_only and r["id"] not in live:
            continue
        fact = json.loads(r["fact"])
        out.append({"id": r["id"], "kind": r["kind"], "fact_id": r["row_id"], "article_id": r["article_id"],
                    "summary": fact["summary"], "confidence": r["confidence"], "verdict": r["verdict"],
                    "sampled": bool(r["sampled"]), "seed": r["seed"], "author": r["author"], "reason": r["reason"],
                    "created_at": r["created_at"], "in_force": r["id"] in live})
    return out


def wilson(accepted: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion, as (low, high); right at the edges where the
    normal approximation is not (0 of 10 accepted is not 0 ± 0)."""
    p = accepted / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def quality(conn: sqlite3.Connection) -> dict:
    """Precision per fact kind, estimated from the verdicts in force given in the random
    sample only (lowest-confidence verdicts would understate it), with a 95% Wilson interval.
    Verdicts on facts the store no longer holds (their file changed) are counted apart."""
    sampled = list(conn.execute(IN_FORCE + " AND f.sampled = 1"))
    lowest = list(conn.execute(IN_FORCE + " AND f.sampled = 0"))
    kinds = []
    for kind in FACT_KINDS:
        present = {(r["article_id"], r["fact_key"]) for r in conn.execute(_POPULATION[kind])}
        mine = [r for r in sampled if r["kind"] == kind]
        live = [r for r in mine if (r["article_id"], r["fact_key"]) in present]
        n, accepted = len(live), sum(r["verdict"] == "accept" for r in live)
        entry = {"kind": kind, "label": FACT_LABELS[kind], "facts": len(present), "reviewed": n, "accepted": accepted,
                 "gone": len(mine) - n, "lowest_first_reviewed": sum(r["kind"] == kind for r in lowest),
                 "precision": None, "low": None, "high": None, "estimate": None, "margin": None}
        if n:
            low, high = wilson(accepted, n)
            entry.update(precision=accepted / n, low=low, high=high, estimate=(low + high) / 2, margin=(high - low) / 2)
        kinds.append(entry)
    return {"kinds": kinds, "confidence_level": 0.95,
            "method": "Wilson score interval over the verdicts given in the seeded random sample; verdicts given "
                      "lowest confidence first are not used (they are a biased sample)"}
