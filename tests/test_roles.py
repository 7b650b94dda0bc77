"""Person–title–organisation triples from appositions and title phrases, EN and ZH."""
from __future__ import annotations

import pytest

from conftest import record_for


@pytest.fixture(scope="module")
def records(rules_records):
    """These tests look at the rules, so they read the rules' records (no trained decision)."""
    return rules_records


def roles(record):
    return {(_name(record, r["person"]), r["title"], _name(record, r["org"])) for r in record["roles"]}


def _name(record, entity_id):
    for e in record["entities"]:
        if e["id"] == entity_id:
            return e["name"]
    return None


def test_english_appositions_and_title_phrases(records):
    got = roles(record_for(records, "000_034e7e5437f64165.txt"))
    assert ("Yanhe Ma", "Director General", "Tianjin Institute of Industrial Biotechnology") in got
    assert ("Mohammad Nafees Zakaria", "Executive Director", "COMSATS") in got
    assert ("Zhengyu Wang", "Deputy Director of the International Cooperation Bureau", "Chinese Academy of Sciences") in got
    got = roles(record_for(records, "06_nabda-rahad-nigeria-morocco-mou.txt"))
    assert ("Abdullahi Mustapha", "Director General", "Nigerian Agency for Biotechnology Development") in got


def test_two_titles_share_one_organisation(records):
    got = roles(record_for(records, "08_icba-council-founded.txt"))
    assert ("Jim Greenwood", "president", "BIO") in got
    assert ("Jim Greenwood", "chief executive officer", "BIO") in got
    assert ("Jim Greenwood", "Chairman", "International Council of Biotechnology Associations") in got


def test_a_title_held_for_a_country_has_no_organisation(records):
    got = roles(record_for(records, "11_serbia-china-vaccine-plant.txt"))
    assert ("武契奇", "总统", None) in got


def test_chinese_title_phrases(records):
    got = roles(record_for(records, "001_cbe65e010aad1d06.txt"))
    assert ("李寅", "副所长", "中国科学院天津工业生物技术研究所") in got
    assert ("武和谦", "书记", "兰州市红古区委") in got
    got = roles(record_for(records, "12_cas-kenya-sajorc-mou.txt"))
    assert ("白春礼", "院长", "中国科学院") in got
    assert ("阿明娜·穆罕默德", "部长", "肯尼亚教育部") in got


def test_person_country_follows_the_organisation(records):
    r = record_for(records, "000_034e7e5437f64165.txt")
    yanhe = next(e for e in r["entities"] if e["name"] == "Yanhe Ma")
    assert yanhe["country"] == "CN"
