"""Scoring event coreference: pairwise precision and recall against gold event clusters.

The gold (`corpus/event_clusters.json`) groups gold events — (source, segment, event index
in the gold file's segment) — that are one real-world event; members that share an `origin`
letter copy one text. Every stored article event is aligned to the gold event it matches in
its own article (`scoring.match_events`, as extraction is scored), and pairs of aligned
events in two different articles are scored: one real event and one gold cluster is a true
positive; one real event but two gold clusters a false join; two real events but one gold
cluster a missed join. A gold event in no cluster is a cluster of its own. Look-alike pairs
(the gold's `lookalikes`) are counted apart: kept apart k of n. Independent sources: within
the pairs rightly joined, a pair is a copy when its members share an origin letter, scored
against the reports the store says copy one another.

`gold_records` turns gold annotations into records over the system's own article texts, so
that coreference can be measured on gold extraction as well as on the system's.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from pathlib import Path, PurePath

from coopgraph.errors import InputError
from coopgraph.evaluate.gold import GoldFile
from coopgraph.evaluate.scoring import PRF, _Names, align, match_events, records_for

Ref = tuple[str, int, int]    # (file name, gold segment, event index)


def load_event_clusters(path: Path) -> tuple[dict[Ref, tuple[int, str | None]], list[tuple[Ref, Ref, str]]]:
    """Gold event → (cluster number, origin letter); and the look-alike pairs with why."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ref = lambda m: (PurePath(m["source"]).name, int(m["segment"]), int(m["event"]))  # noqa: E731
        members = {ref(m): (n, m.get("origin")) for n, c in enumerate(data["clusters"]) for m in c["members"]}
        lookalikes = [(ref(p["a"]), ref(p["b"]), p.get("why", "")) for p in data.get("lookalikes", [])]
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InputError(str(path), f"not an event cluster file ({type(exc).__name__}: {exc})") from None
    return members, lookalikes


def store_records(conn: sqlite3.Connection) -> list[dict]:
    """The store's articles as records with their entities and events; each event carries
    its row id, real-world event and the report it copies."""
    coref = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT event_id, real_event_id, copy_of FROM event_coref")}
    records = []
    for a in conn.execute("SELECT a.id, d.path, a.segment, a.text, a.relevant FROM articles a "
                          "JOIN documents d ON d.id = a.document_id ORDER BY a.id").fetchall():
        local = {}
        entities = []
        for m in conn.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY id", (a["id"],)):
            local[m["id"]] = m["local_id"]
            entities.append({"id": m["local_id"], "type": m["type"], "name": m["name"], "aliases": json.loads(m["aliases"])})
        events = []
        # in the article's order (ids are hashes): events alike in type and parties align in turn
        for v in conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY ev_start, id", (a["id"],)).fetchall():
            parts = conn.execute("SELECT mention_id, role FROM participants WHERE event_id = ?", (v["id"],)).fetchall()
            events.append({"row": v["id"], "type": v["type"], "creates": local.get(v["creates"]),
                           "participants": [{"entity": local[p[0]], "role": p[1]} for p in parts],
                           "real": coref.get(v["id"], (None, None))[0], "copy_of": coref.get(v["id"], (None, None))[1]})
        records.append({"source": a["path"], "segment": a["segment"], "text": a["text"], "relevant": bool(a["relevant"]),
                        "entities": entities, "events": events})
    return records


def score_event_clusters(golds: list[GoldFile], clusters: dict[Ref, tuple[int, str | None]],
                         lookalikes: list[tuple[Ref, Ref, str]], conn: sqlite3.Connection) -> dict:
    records = store_records(conn)
    aligned_events: dict[Ref, dict] = {}      # gold event → the stored event aligned to it
    gold_total = 0
    for gold in golds:
        name = PurePath(gold.source).name
        aligned, _ = align(gold.segments, records_for(gold, records))
        for index, (seg, record) in enumerate(zip(gold.segments, aligned)):
            gold_total += len(seg.events)
            if record is None or not seg.relevant:
                continue
            for gi, pi in match_events(_Names(seg.entities, record), seg.events, record["events"]):
                if record["events"][pi]["real"] is not None:
                    aligned_events[(name, index, gi)] = record["events"][pi]
    refs = sorted(aligned_events)
    prf, copies = PRF(), PRF()
    false_joins, missed = [], []
    cluster_of = lambda r: clusters.get(r, (r, None))  # noqa: E731 - an unlisted gold event is its own cluster
    for a, b in itertools.combinations(refs, 2):
        if a[:2] == b[:2]:
            continue   # two events of one article: coreference joins across articles
        (ga, oa), (gb, ob) = cluster_of(a), cluster_of(b)
        pa, pb = aligned_events[a], aligned_events[b]
        same_pred = pa["real"] == pb["real"]
        if ga == gb and same_pred:
            prf.tp += 1
            gold_copy, pred_copy = oa is not None and oa == ob, pa["copy_of"] == pb["copy_of"]
            copies.tp += gold_copy and pred_copy
            copies.fp += pred_copy and not gold_copy
            copies.fn += gold_copy and not pred_copy
        elif same_pred:
            prf.fp += 1
            false_joins.append(f"{_ref(a)} + {_ref(b)}")
        elif ga == gb:
            prf.fn += 1
            missed.append(f"{_ref(a)} + {_ref(b)}")
    scored = {PurePath(g.source).name for g in golds}   # the pages scored (never the other splits')
    lookalikes = [(a, b, why) for a, b, why in lookalikes if a[0] in scored and b[0] in scored]
    apart = [(a, b, why) for a, b, why in lookalikes if a in aligned_events and b in aligned_events]
    kept = [x for x in apart if aligned_events[x[0]]["real"] != aligned_events[x[1]]["real"]]
    members = sorted(r for r in clusters if r[0] in scored)
    gold_pairs = sum(1 for a, b in itertools.combinations(members, 2)
                     if a[:2] != b[:2] and clusters[a][0] == clusters[b][0])
    return {"gold_events": gold_total, "events_aligned": len(refs), "gold_pairs": gold_pairs,
            "pairs": prf.as_dict(), "copies": copies.as_dict(),
            "lookalikes": {"kept_apart": len(kept), "aligned": len(apart), "total": len(lookalikes),
                           "joined": [f"{_ref(a)} + {_ref(b)} ({why})" for a, b, why in apart if (a, b, why) not in kept]},
            "false_joins": false_joins[:50], "missed_joins": missed[:50]}


def _ref(r: Ref) -> str:
    return f"{r[0]}#{r[1]}.{r[2]}"


def gold_records(golds: list[GoldFile], records: list[dict]) -> list[tuple[str, list[dict]]]:
    """(source path, records) per page: the system's segments that align with a gold segment,
    with the gold's entities and events instead of the extracted ones (offsets empty), so
    that coreference can be scored on gold extraction."""
    out = []
    for gold in golds:
        mine = records_for(gold, records)
        aligned, _ = align(gold.segments, mine)
        page, used = [], set()
        for seg, record in zip(gold.segments, aligned):
            if record is None or not seg.relevant or record["segment"] in used:
                continue   # (two gold segments the system read as one: the first one's facts only)
            used.add(record["segment"])
            ids = {}
            entities = []
            for n, e in enumerate(seg.entities):   # events may name an entity by an alias ("CAS")
                ids.update({alias: f"T{n + 1}" for alias in e.get("aliases", []) if alias not in ids})
            for n, e in enumerate(seg.entities):
                ids[e["name"]] = f"T{n + 1}"
                entities.append({"id": f"T{n + 1}", "type": e["type"], "name": e["name"], "mentions": [],
                                 "aliases": _known_aliases(e), "country": e.get("country")})
            events = [{"id": f"E{n + 1}", "type": v["type"], "status": v.get("status", "happened"), "name": v.get("name"),
                       "date": v.get("date"), "date_end": v.get("date_end"), "place": ids.get(v.get("place")),
                       "creates": ids.get(v.get("creates")), "evidence": {"start": n, "end": n},
                       "participants": [{"entity": ids[p["entity"]], "role": p["role"]}
                                        for p in v.get("participants", []) if p["entity"] in ids]}
                      for n, v in enumerate(seg.events)]
            page.append({**record, "relevant": True, "entities": entities, "roles": [], "events": events})
        if page:
            out.append((page[0]["source"], page))
    return out


def _known_aliases(entity: dict) -> list[str]:
    """A gold entity's aliases and, as extraction adds them, the gazetteer's other names of a
    known body (its other-language names and acronyms)."""
    from coopgraph.extract.gazetteer import gazetteer

    aliases = list(entity.get("aliases", []))
    known = gazetteer().org(entity["name"]) if entity["type"] == "ORG" else None
    for name in (known.name, *known.aliases) if known else ():
        if name != entity["name"] and name not in aliases:
            aliases.append(name)
    return aliases


def load_pages(conn: sqlite3.Connection, pages: list[tuple[str, list[dict]]]) -> None:
    """Store each page's records (keyed by the hash of its path: the bytes are not read)."""
    from coopgraph.store.load import replace_document

    for path, page in pages:
        replace_document(conn, path, hashlib.sha256(path.encode()).hexdigest(), 0, None, page)
