"""Named rules: every rule has an id, a line saying what it finds, and example sentences.

A fact records in `by` the ids of the rules (and models) that produced it, so a person can
ask why it was extracted (`coopgraph why`), and every rule's examples run as unit tests:
one sentence in, the expected facts out (`tests/test_rules.py`). Rule ids read
`<language>.<what>.<how>`: "en.agreement.signed-object", "zh.membership.join".

Token patterns are data (spaCy `Matcher` / `DependencyMatcher` patterns) kept on the rule;
rules that need a few lines of logic keep that logic beside their definition.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SPACY_NER = "en.model.spacy-ner"     # the statistical models, named like rules
LAC_NER = "zh.model.lac-ner"


@dataclass(frozen=True)
class Expect:
    """A fact an example must (or, with `absent`, must not) yield.

    kind: an event type, "ROLE", or an entity type. For events, `fields` holds
    participant roles (role -> names), "creates", "place", "date", "status"; for roles
    "person", "title", "org"; for entities "name"."""

    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    absent: bool = False


def event(kind: str, *, absent: bool = False, **fields) -> Expect:
    return Expect(kind, fields, absent)


def role(person: str, title: str, org: str | None = None, *, absent: bool = False) -> Expect:
    return Expect("ROLE", {"person": person, "title": title, "org": org}, absent)


def entity(kind: str, name: str, *, absent: bool = False) -> Expect:
    return Expect(kind, {"name": name}, absent)


@dataclass(frozen=True)
class Example:
    text: str
    expect: tuple[Expect, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    doc: str
    examples: tuple[Example, ...] = ()
    patterns: tuple = ()          # token patterns, for rules that are patterns

    @property
    def language(self) -> str:
        return self.id.split(".", 1)[0]


RULES: dict[str, Rule] = {}


def define(rule_id: str, doc: str, examples: list[tuple[str, list[Expect] | Expect]] = (), patterns=()) -> Rule:
    """Register a rule; ids are unique across the project."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} defined twice")
    exs = tuple(Example(text, tuple(exp if isinstance(exp, list) else [exp])) for text, exp in examples)
    rule = Rule(rule_id, doc, exs, tuple(patterns))
    RULES[rule_id] = rule
    return rule
