"""A stored mention as resolution reads it: what both engines (key rules, splink) score."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MentionRow:
    id: int
    type: str
    name: str
    names: list[str]
    country: str | None
