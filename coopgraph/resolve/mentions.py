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
    key: str = ""   # resolve.ids.mention_key: the mention as re-extraction finds it again
    article: int | None = None
    document: int | None = None
