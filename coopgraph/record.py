"""The record contract (`spec/record.schema.json`), checked: schema plus span integrity."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jsonschema

SCHEMA = json.loads(resources.files("coopgraph.spec").joinpath("record.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    return jsonschema.Draft202012Validator(SCHEMA)


def validate_record(record: dict) -> None:
    """Raise jsonschema.ValidationError, or ValueError for a span that misses its text."""
    _validator().validate(record)
    text = record["text"]
    spans = [m for e in record["entities"] for m in e["mentions"]]
    spans += [x["evidence"] for x in record["roles"] + record["events"]]
    for span in spans:
        if text[span["start"]:span["end"]] != span["text"]:
            raise ValueError(f"span {span['start']}:{span['end']} does not point at its text ({span['text']!r})")
