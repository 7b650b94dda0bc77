"""A possessive inside an English name parts an owner and its body; names that hold one stay whole."""
from __future__ import annotations

from coopgraph.extract.entities.possessive import OWNER_POSSESSIVE, split_possessive_names
from coopgraph.model import Mention, Span


def _split(text: str) -> list[tuple[str, str]]:
    out = split_possessive_names(text, [Mention(Span(0, len(text)), "ORG", "test")])
    return [(m.span.text(text), m.source) for m in out]


def test_owner_and_body_are_two():
    assert _split("Zhejiang University's School of Medicine") == [
        ("School of Medicine", "test"), ("Zhejiang University", OWNER_POSSESSIVE.id)]
    assert _split("Sinopharm's China National Biotec Group") == [
        ("China National Biotec Group", "test"), ("Sinopharm", OWNER_POSSESSIVE.id)]


def test_a_country_or_a_common_noun_owns_no_organisation():
    assert _split("bureau’s Division of the Americas and Oceania") == [("Division of the Americas and Oceania", "test")]
    assert _split("Bangrak Medical Centre of Thailand's Department of Disease Control") == [
        ("Department of Disease Control", "test")]
    assert _split("CanSino Biologics and Russia's Gamaleya Institute") == [
        ("Gamaleya Institute", "test"), ("CanSino Biologics", OWNER_POSSESSIVE.id)]


def test_names_holding_a_possessive_stay_whole():
    for name in ("King's College London", "Children's Hospital of Philadelphia",
                 "Ministry of Commerce of the People's Republic of China"):
        assert _split(name) == [(name, "test")]
