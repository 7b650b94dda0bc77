"""Relevance: international cooperation in S&T, not its look-alikes."""
from __future__ import annotations

from conftest import record_for


def test_cooperation_articles_are_relevant(records):
    for filename in ("000_034e7e5437f64165.txt", "002_6d0cee41bff1600d.txt", "03_embrapa-cirad-ciba-consortium.txt",
                     "09_china-central-asia-dryland-joint-lab.txt", "12_cas-kenya-sajorc-mou.txt"):
        assert record_for(records, filename)["relevant"], filename


def test_near_misses_are_not(records):
    # domestic financing, a domestic university–company lab, a plain science result
    for filename in ("14_bluepha-series-b-financing.txt", "15_sysu-muen-bio-joint-lab.txt", "16_rice-dwarf-gene-discovery.txt"):
        r = record_for(records, filename)
        assert not r["relevant"], (filename, r["relevance_reasons"])


def test_newspaper_page_separates_relevant_from_not(records):
    flags = [record_for(records, "004_bd53997ff9b32d3e.txt", i)["relevant"] for i in range(5)]
    assert flags == [True, False, False, False, False]


def test_teasers_judged_one_by_one(records):
    flags = {i: record_for(records, "001_cbe65e010aad1d06.txt", i)["relevant"] for i in range(1, 11)}
    assert flags[1] is False  # export-control entity list: sanctions, not cooperation
    assert flags[2] is True  # China–Central Asia joint laboratory unveiled
    assert flags[3] is False  # a provincial inspection visit


def test_reasons_are_recorded(records):
    r = record_for(records, "12_cas-kenya-sajorc-mou.txt")
    assert any(reason.startswith("countries: ") and "KE" in reason for reason in r["relevance_reasons"])
