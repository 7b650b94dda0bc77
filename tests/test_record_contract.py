"""Every record keeps to the contract: the schema, and spans that point at their text."""
from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import SHARED

from coopgraph.record import SCHEMA, validate_record


def test_packaged_schema_is_the_shared_one():
    shared = SHARED / "spec" / "record.schema.json"
    if not shared.exists():
        pytest.skip("../shared/spec not present")
    assert json.loads(shared.read_text(encoding="utf-8")) == SCHEMA


def test_records_validate_and_every_mention_is_a_name_of_its_entity(records):
    """Offsets are checked against the entity, not against the span's copy of its own text: the
    record's text at a mention's offsets is one of the entity's names (any script, case or width),
    or a part of one (a surname, a short form)."""
    from coopgraph.nlp.chinese import to_simplified
    from coopgraph.text import fold

    spans = 0
    for r in records:
        validate_record(r)
        for e in r["entities"]:
            forms = {fold(to_simplified(n)) for n in [e["name"], *e["aliases"]]}
            for m in e["mentions"]:
                assert 0 <= m["start"] < m["end"] <= len(r["text"])
                surface = fold(to_simplified(r["text"][m["start"]:m["end"]]))
                assert surface and any(surface in form or form in surface for form in forms), (r["source"], surface, forms)
                spans += 1
    assert spans > 500


def test_validation_rejects_a_broken_span(records):
    broken = json.loads(json.dumps(next(r for r in records if r["entities"])))
    broken["entities"][0]["mentions"][0]["start"] += 1
    with pytest.raises(ValueError, match="does not point at its text"):
        validate_record(broken)
    broken["language"] = 7
    with pytest.raises(jsonschema.ValidationError):
        validate_record(broken)


def test_doc_id_is_stable_and_ids_are_consistent(records):
    by_source = {}
    for r in records:
        by_source.setdefault(r["doc_id"], r["text"])
        ids = {e["id"] for e in r["entities"]}
        for role in r["roles"]:
            assert role["person"] in ids and role["org"] in ids | {None}
        for v in r["events"]:
            assert {p["entity"] for p in v["participants"]} <= ids
            assert v["place"] in ids | {None} and v["creates"] in ids | {None}
    assert len(by_source) == len(records)  # different texts, different ids
