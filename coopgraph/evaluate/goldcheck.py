"""Check gold files before anyone scores against them.

Annotators run this on their own files (`python -m coopgraph.evaluate.goldcheck GOLD.json...`):
it needs no NLP model and knows nothing of the extraction rules, so a blind annotator can use
it. It checks the layout of docs/GOLD.md, that every anchor and every name stands in the
page, that segments come in page order, and that roles and events name entities of the
segment. A gold file that fails here would score nonsense.
"""
from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from coopgraph.ingest.decode import DecodeError, decode_bytes
from coopgraph.model import ENTITY_TYPES, EVENT_ROLES, EVENT_STATUSES, EVENT_TYPES, PARTICIPANT_ROLES

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ANCHOR_CHARS = (10, 160)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(path: Path) -> str:
    """The page as a reader sees it: decoded, and for HTML the text between the tags."""
    text, _ = decode_bytes(path.read_bytes())
    if path.suffix.lower() in (".html", ".htm"):
        parser = _Text()
        parser.feed(text)
        text = "\n".join(parser.parts)
    return html.unescape(text)


def squash(text: str) -> str:
    """Case-, width- and white-space-blind form used to find a piece in a page."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def check_file(gold_path: Path, page_path: Path) -> list[str]:
    """Every problem found, as 'where: what' lines; an empty list means the file is sound."""
    problems: list[str] = []
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{gold_path}: not readable JSON ({exc})"]
    try:
        page = squash(page_text(page_path))
    except (OSError, DecodeError) as exc:
        return [f"{page_path}: page not readable ({exc})"]

    def bad(where: str, what: str) -> None:
        problems.append(f"{gold_path.name}: {where}: {what}")

    if not isinstance(data, dict) or not isinstance(data.get("segments"), list) or not data["segments"]:
        return [f"{gold_path.name}: needs an object with a non-empty 'segments' list"]
    if data.get("published") is not None and not DATE.match(str(data["published"])):
        bad("published", f"not YYYY[-MM[-DD]]: {data['published']!r}")
    last_anchor = -1
    for i, seg in enumerate(data["segments"]):
        where = f"segment {i}"
        own_anchor = -1
        for key in ("anchor", "last"):
            piece = seg.get(key)
            if not isinstance(piece, str) or not ANCHOR_CHARS[0] <= len(piece) <= ANCHOR_CHARS[1]:
                bad(where, f"'{key}' must be a verbatim piece of {ANCHOR_CHARS[0]}-{ANCHOR_CHARS[1]} characters")
                continue
            found = page.find(squash(piece))
            if found < 0:
                bad(where, f"'{key}' not found in the page: {piece!r}")
            elif page.count(squash(piece)) > 1:
                bad(where, f"'{key}' occurs more than once in the page: {piece!r}")
            elif key == "anchor" and found < last_anchor:
                bad(where, "'anchor' stands before the previous segment's anchor (segments go in page order)")
            elif key == "last" and found < own_anchor:
                bad(where, "'last' stands before the segment's own anchor")
            elif key == "anchor":
                last_anchor = own_anchor = found
        if not isinstance(seg.get("relevant"), bool):
            bad(where, "'relevant' must be true or false")
            continue
        if not seg["relevant"]:
            if any(seg.get(k) for k in ("entities", "roles", "events")):
                bad(where, "a segment that is not relevant carries no entities, roles or events")
            continue
        problems += [f"{gold_path.name}: {where}: {p}" for p in _check_facts(seg, page)]
    return problems


def _check_facts(seg: dict, page: str) -> list[str]:
    problems: list[str] = []
    names: dict[str, str] = {}       # squashed name -> entity type
    for e in seg.get("entities", []):
        label = e.get("name")
        if e.get("type") not in ENTITY_TYPES:
            problems.append(f"entity {label!r}: type must be one of {', '.join(ENTITY_TYPES)}")
        if not isinstance(label, str) or not label.strip():
            problems.append("an entity without a name")
            continue
        country = e.get("country")
        if country is not None and not re.fullmatch(r"[A-Z]{2}", str(country)):
            problems.append(f"entity {label!r}: country must be an ISO alpha-2 code or null")
        if not isinstance(e.get("aliases", []), list):
            problems.append(f"entity {label!r}: aliases must be a list")
            continue
        for form in [label, *e.get("aliases", [])]:
            if squash(form) not in page:
                problems.append(f"entity {label!r}: the form {form!r} does not stand in the page")
            names[squash(form)] = e.get("type")

    def refer(what: str, name, types: tuple[str, ...]) -> None:
        if name is None:
            return
        kind = names.get(squash(str(name)))
        if kind is None:
            problems.append(f"{what} {name!r} names no entity of the segment")
        elif kind not in types:
            problems.append(f"{what} {name!r} is a {kind}, expected {' or '.join(types)}")

    for r in seg.get("roles", []):
        refer("role person", r.get("person"), ("PERSON",))
        refer("role org", r.get("org"), ("ORG", "PLACE", "COUNTRY"))
        if not str(r.get("title") or "").strip():
            problems.append(f"role of {r.get('person')!r} has no title")
    for v in seg.get("events", []):
        what = f"event {v.get('type')} {v.get('name')!r}"
        if v.get("type") not in EVENT_TYPES:
            problems.append(f"{what}: type must be one of {', '.join(EVENT_TYPES)}")
        if v.get("status", "happened") not in EVENT_STATUSES:
            problems.append(f"{what}: status must be one of {', '.join(EVENT_STATUSES)}")
        for key in ("date", "date_end"):
            if v.get(key) is not None and not DATE.match(str(v[key])):
                problems.append(f"{what}: {key} not YYYY[-MM[-DD]]: {v[key]!r}")
        refer(f"{what}: place", v.get("place"), ("PLACE", "COUNTRY", "ORG"))   # a venue may be an organisation
        refer(f"{what}: creates", v.get("creates"), ("ORG",))
        for p in v.get("participants", []):
            if p.get("role") not in PARTICIPANT_ROLES:
                problems.append(f"{what}: participant role must be one of {', '.join(PARTICIPANT_ROLES)}")
            elif v.get("type") in EVENT_ROLES and p["role"] not in EVENT_ROLES[v["type"]]:
                problems.append(f"{what}: a {v['type']} participant is one of {', '.join(EVENT_ROLES[v['type']])}")
            refer(f"{what}: participant", p.get("entity"), ENTITY_TYPES)
    return problems


def main(argv: list[str]) -> int:
    """Check gold files given as GOLD.json, finding each page beside it in ../pages/ or by --pages DIR."""
    pages_dir = None
    if len(argv) >= 2 and argv[0] == "--pages":
        pages_dir, argv = Path(argv[1]), argv[2:]
    count = 0
    for arg in argv:
        gold = Path(arg)
        page = (pages_dir or gold.parent.parent / "pages") / gold.name.removesuffix(".json")
        problems = check_file(gold, page)
        for line in problems:
            print(line)
        count += len(problems)
    print(f"{len(argv)} gold files, {count} problems")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
