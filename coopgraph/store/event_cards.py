"""An event as an analyst reads it: what happened (its name, or a phrase made from its type
and participants), who took part and as what, what it created, when (planned acts marked),
where, and the reports it was read in, each shown by title, site and date.

Every place an event is shown (profile, timeline, brief, the CLI) builds its text here, so
that it reads the same everywhere. `event_card` takes an event and the list of its reports,
so an event read in several articles shows every source."""
from __future__ import annotations

import sqlite3

from coopgraph.store.explore import origins

def _names(people: list[dict], limit: int = 3) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C and 2 others'."""
    names = [p["name"] for p in people]
    if len(names) > limit:
        more = len(people) - limit
        names = names[:limit] + [f"{more} other{'s' if more > 1 else ''}"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def headline(event: dict) -> str:
    """The event's own name, or a phrase from its type and participants for an unnamed one."""
    if event.get("name"):
        return event["name"]
    kind, parts, created = event["type"], event["participants"], event.get("creates")
    planned = event.get("status") == "planned"   # "X to join Y" for a planned act, "X joined Y" for one that happened

    def having(*roles):
        return [p for p in parts if p["role"] in roles]

    if kind == "AGREEMENT":
        signed = having("party") or parts
        return f"Agreement between {_names(signed)}" if len(signed) > 1 else \
            f"Agreement signed by {_names(signed)}" if signed else "Agreement"
    if kind == "ESTABLISHMENT":
        what, founders = created["name"] if created else "a new body", having("founder")
        if founders:
            return f"{_names(founders)} {'to found' if planned else 'founded'} {what}"
        return f"{what[0].upper()}{what[1:]} {'to be' if planned else 'was'} founded"
    if kind == "MEMBERSHIP":
        members, hosts = having("member"), having("host")
        if members and hosts:
            return f"{_names(members)} {'to join' if planned else 'joined'} {_names(hosts)}"
        return f"{_names(members)} {'to become' if planned else 'became'} member{'s' if len(members) > 1 else ''}" \
            if members else "Membership"
    leads = having("organizer", "host", "co-organizer")
    if leads:
        others = [p for p in parts if p not in leads]
        return f"Meeting held by {_names(leads)}" + (f" with {_names(others)}" if others else "")
    return f"Meeting of {_names(parts)}" if parts else "Meeting"


def file_name(path: str) -> str:
    """A document's file name without the folders it sits in on this machine."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def source(report: dict, origin: dict | None) -> dict:
    """A report as a reader finds it again: the page's title, site and date (from its HTML or
    its fetch), else the article's own title and date, else the file's name — never a path."""
    origin = origin or {}
    name = file_name(report["path"])
    title = origin.get("title") or report.get("title") or name
    site = origin.get("site")
    date = origin.get("published") or report.get("published")
    return {"title": title, "site": site, "date": date, "url": origin.get("url"),
            "label": ", ".join(x for x in (" — ".join(x for x in (title, site) if x), date) if x),
            "href": f"/article/{report['article_id']}#e{report['event_id']}",
            "locator": f"{origin.get('url') or name}#{report['segment']}",
            "evidence": report.get("evidence"), "language": report.get("language"),
            "article_id": report["article_id"], "event_id": report["event_id"]}


def event_card(event: dict, reports: list[dict], known: dict[str, dict]) -> dict:
    """What to show of one event: `event` as `load_events` gives it, `reports` the articles
    that state it (each with article_id, event_id, path, segment, title, published, evidence,
    language: `explore.event_sources`), `known` the documents' origins (`explore.origins`)."""
    when = event.get("date")
    if when and event.get("date_end") and event["date_end"] != when:
        when = f"{when} – {event['date_end']}"
    sources = [source(r, known.get(r["path"])) for r in reports]
    return {"id": event["id"], "type": event["type"], "kind": event["type"].lower(), "headline": headline(event),
            "named": bool(event.get("name")), "date": event.get("date"), "when": when,
            "planned": event.get("status") == "planned", "confidence": event.get("confidence"),
            "participants": event["participants"],
            "creates": event.get("creates"), "place": event.get("place"), "sources": sources,
            "reports": len(sources), "independent_sources": len(sources),
            "evidence": sources[0]["evidence"] if sources else None,
            "language": sources[0]["language"] if sources else None}


def load_events(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
    """The stored events (article events) with these ids, as `event_card` takes them.
    Participants are graph entities in the order the text names them, a participant an
    analyst marked wrong left out."""
    ids = list(dict.fromkeys(ids))
    events: dict[int, dict] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for v in conn.execute(
            f"""SELECT v.id, v.type, v.name, v.date, v.date_end, v.status, v.confidence,
                       ce.id AS creates_id, ce.name AS creates_name, ce.type AS creates_type,
                       pm.name AS place_mention, pe.id AS place_id, pe.name AS place_name
                FROM events v
                LEFT JOIN resolution cr ON cr.mention_id = v.creates LEFT JOIN entities ce ON ce.id = cr.entity_id
                LEFT JOIN mentions pm ON pm.id = v.place LEFT JOIN resolution pr ON pr.mention_id = v.place
                LEFT JOIN entities pe ON pe.id = pr.entity_id
                WHERE v.id IN ({marks})""",  # noqa: S608 - only placeholders
            chunk,
        ):
            v = dict(zip(v.keys(), v))   # by position: a Row looks each name up along all its columns
            events[v["id"]] = {
                "id": v["id"], "type": v["type"], "name": v["name"], "date": v["date"], "date_end": v["date_end"],
                "status": v["status"], "confidence": v["confidence"], "participants": [],
                "creates": {"id": v["creates_id"], "name": v["creates_name"], "type": v["creates_type"]}
                if v["creates_id"] else None,
                "place": {"id": v["place_id"], "name": v["place_name"] or v["place_mention"]}
                if v["place_mention"] or v["place_id"] else None,
            }
        seen = set()
        for event_id, *person in conn.execute(
            f"""SELECT DISTINCT p.event_id, e.id, e.name, e.type, e.country, p.role FROM participants p
                JOIN resolution r ON r.mention_id = p.mention_id JOIN entities e ON e.id = r.entity_id
                WHERE p.event_id IN ({marks})
                  AND p.mention_id NOT IN (SELECT row_id FROM hidden_facts WHERE kind = 'mention')
                ORDER BY p.rowid""",  # noqa: S608 - only placeholders
            chunk,
        ):
            if (event_id, person[0], person[4]) not in seen:   # an entity named twice in one role counts once
                seen.add((event_id, person[0], person[4]))
                events[event_id]["participants"].append(dict(zip(("id", "name", "type", "country", "role"), person)))
    return events


def seen_from(card: dict, focus: int | None) -> dict:
    """The card with `own` (the roles the focus entity had in it; 'created' for what it
    created) and `counterparts` (everyone else, with their roles)."""
    own = [p["role"] for p in card["participants"] if p["id"] == focus]
    if focus is not None and card["creates"] and card["creates"]["id"] == focus:
        own.append("created")
    return {**card, "own": list(dict.fromkeys(own)), "counterparts": [p for p in card["participants"] if p["id"] != focus]}


def card_text(card: dict, focus: int | None = None) -> str:
    """The card as one line of plain text (the CLI): when, type, what, who (the `focus`
    entity's own role first), where, and its sources."""
    card = seen_from(card, focus)
    who, own = card["counterparts"], card["own"]
    parts = [f"{card['when'] or 'undated':<10}", f"{card['type']:<13}",
             ("[planned] " if card["planned"] else "") + card["headline"]]
    if own:
        parts.append(f"as {'/'.join(own)}")
    if who:
        parts.append(("with " if focus is not None else "") + "; ".join(f"{p['name']} ({p['role']})" for p in who))
    if card["creates"] and card["creates"]["id"] != focus and card["creates"]["name"] not in card["headline"]:
        parts.append(f"creates {card['creates']['name']}")
    if card["place"]:
        parts.append(f"in {card['place']['name']}")
    line = " ".join(parts[:3]) + "".join(" — " + p for p in parts[3:])
    if card.get("confidence") is not None:
        line += f"  confidence {card['confidence']:.2f}"
    return line + "".join(f"\n             source: {s['label']} ({s['locator']})" for s in card["sources"])


def real_event_cards(conn: sqlite3.Connection, real: list[dict], focus: int | None = None) -> dict[int, dict]:
    """The card of each real-world event (`explore.real_events` rows), by its id: the values
    most of its reports give, the participants of all its reports, and every report as a
    source, with how many of them are independent."""
    events = load_events(conn, [r["event_id"] for r in real])   # each event's first report, for what it says
    known = origins(conn, sorted({s["path"] for r in real for s in r["sources"]}))
    cards = {}
    for r in real:
        first = events.get(r["event_id"])
        if first is None:
            continue
        creates = r["creates"] and {**r["creates"], "type": (first["creates"] or {}).get("type", "ORG")}
        told = {(p["id"], p["role"]) for p in first["participants"]}   # the first report's order, then the others'
        participants = first["participants"] + [p for p in r["participants"] if (p["id"], p["role"]) not in told]
        event = {**first, "id": r["id"], "name": r["name"] or first["name"], "date": r["date"], "date_end": r["date_end"],
                 "status": r["status"], "participants": participants, "creates": creates,
                 "place": r["place"] or first["place"]}
        card = event_card(event, r["sources"], known)
        cards[r["id"]] = seen_from({**card, "reports": r["reports"], "independent_sources": r["independent_sources"],
                                    "disagreements": r["disagreements"]}, focus)
    return cards

