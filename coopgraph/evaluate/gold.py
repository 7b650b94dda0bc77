"""Gold annotations: one JSON file per source file, facts named by name, not offset."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from coopgraph.errors import InputError


@dataclass
class GoldSegment:
    anchor: str
    title: str | None
    relevant: bool
    entities: list[dict]
    roles: list[dict]
    events: list[dict]
    last: str | None = None     # a piece of the segment's last sentence: where it ends


@dataclass
class GoldFile:
    path: Path
    source: str               # e.g. "dev/03_embrapa-cirad-ciba-consortium.txt"
    published: str | None
    segments: list[GoldSegment]


def load_gold(folder: Path) -> list[GoldFile]:
    """Every *.json under `folder`, sorted by name. A malformed file is an InputError."""
    out = []
    for path in sorted(folder.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            segments = [
                GoldSegment(
                    s["anchor"], s.get("title"), bool(s["relevant"]),
                    s.get("entities", []), s.get("roles", []), s.get("events", []), s.get("last"),
                )
                for s in data["segments"]
            ]
            out.append(GoldFile(path, data["source"], data.get("published"), segments))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(str(path), f"not a gold file ({type(exc).__name__}: {exc})") from None
    return out
