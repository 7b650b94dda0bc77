"""Resolution engines: the rule engine (default) and the splink engine on DuckDB."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect
from coopgraph.store.update import ingest_paths
from coopgraph.store.queries import find_entities, profile, why


@pytest.fixture(scope="module")
def splink_store(tmp_path_factory, corpus) -> Path:
    """The seeds and dev corpus ingested with the splink engine (once for the module)."""
    db = tmp_path_factory.mktemp("splink") / "graph.db"
    report = ingest_paths([str(corpus / "seeds"), str(corpus / "dev")], db, resolver="splink", on_error=lambda _m: None)
    assert report.stored == 21 and not report.failed
    return db


def _copy(db: Path, to: Path) -> Path:
    shutil.copyfile(db, to)
    return to


def _graph(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute(
        "SELECT r.mention_id, r.entity_id, r.rule, r.score, e.type, e.name, e.country, e.mentions "
        "FROM resolution r JOIN entities e ON e.id = r.entity_id ORDER BY r.mention_id")]


def _entity_of(conn, name: str) -> int:
    (entity,) = find_entities(conn, name)
    return entity["id"]


def test_spelling_variants_of_an_organisation_join_with_splink(tmp_path):
    long_form = "Hangzhou Cobetter Filtration Equipment Co., Ltd."
    variant = "Hangzhou Cobetter Filter Equipment Co., Ltd."
    icgeb = "International Center for Genetic Engineering and Biotechnology"
    reordered_name = "International Genetic Engineering and Biotechnology Center"
    conn = _tiny_store(tmp_path / "g.db", [(long_form, "CN"), (variant, "CN"), (icgeb, None), (reordered_name, None)])
    resolve(conn, engine="splink")
    entity = _entity_of(conn, variant)
    assert {long_form, variant} <= set(profile(conn, entity)["names"])
    (row,) = [r for r in why(conn, entity) if r["name"] == variant]
    assert row["rule"].startswith("splink match (probability 0.9") and f"with '{long_form}'" in row["rule"]
    assert "same country" in row["rule"] and row["score"] >= 0.95
    # words in another order and without "for": still one organisation, explained by splink
    reordered = _entity_of(conn, reordered_name)
    assert icgeb in profile(conn, reordered)["names"]
    assert any(r["rule"].startswith("splink match") for r in why(conn, reordered))


def _tiny_store(db: Path, orgs: list[tuple[str, str | None]], people: list[tuple[str, str | None, int | None]] = ()):
    """A store holding one relevant article per mention, written directly (no extraction):
    `orgs` are (name, country); `people` are (name, country, index into orgs of their employer)."""
    conn = connect(db)
    with conn:
        org_ids = []
        for i, (name, country) in enumerate([*orgs, *[(p[0], p[1]) for p in people]]):
            doc = conn.execute("INSERT INTO documents (path, status, extractor) VALUES (?, 'ok', 'test')", (f"p{i}.txt",)).lastrowid
            art = conn.execute("INSERT INTO articles (document_id, segment, doc_id, language, relevant, text) "
                               "VALUES (?, 0, ?, 'en', 1, ?)", (doc, f"d{i}", name)).lastrowid
            kind = "ORG" if i < len(orgs) else "PERSON"
            mention = conn.execute("INSERT INTO mentions (article_id, local_id, type, name, country) VALUES (?, 'e1', ?, ?, ?)",
                                   (art, kind, name, country)).lastrowid
            if kind == "ORG":
                org_ids.append(mention)
            else:
                employer = people[i - len(orgs)][2]
                if employer is not None:  # the employer named again in this article, with the role
                    org = conn.execute("INSERT INTO mentions (article_id, local_id, type, name, country) "
                                       "VALUES (?, 'e2', 'ORG', ?, ?)", (art, *orgs[employer])).lastrowid
                    conn.execute("INSERT INTO roles (article_id, person, title, org, ev_start, ev_end) "
                                 "VALUES (?, ?, 'Director', ?, 0, 1)", (art, mention, org))
    return conn


def test_similar_names_in_different_countries_do_not_join(tmp_path):
    names = ("National Institute for Health Research", "National Institute of Health Research")
    apart = _tiny_store(tmp_path / "apart.db", [(names[0], "GB"), (names[1], "KE")])
    resolve(apart, engine="splink")
    assert apart.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 2
    # the same two names in one country are one organisation: the country is what kept them apart
    together = _tiny_store(tmp_path / "together.db", [(names[0], "KE"), (names[1], "KE")])
    resolve(together, engine="splink")
    assert together.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 1
    rules = [r[0] for r in together.execute("SELECT rule FROM resolution ORDER BY mention_id")]
    assert rules[1].startswith("splink match (probability") and f"with '{names[0]}'" in rules[1]


def test_one_word_apart_is_not_a_spelling_variant(tmp_path):
    conn = _tiny_store(tmp_path / "g.db", [("First Affiliated Hospital of Zhengzhou University", "CN"),
                                          ("Second Affiliated Hospital of Zhengzhou University", "CN"),
                                          ("Beijing Institute of Genomics", "CN"), ("Beijing Institute of Genetics", "CN")])
    resolve(conn, engine="splink")
    assert conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 4


def test_people_across_scripts_join_on_pinyin_and_a_shared_organisation(tmp_path):
    orgs = [("Tianjin Institute of Industrial Biotechnology", "CN"), ("Kenya Medical Research Institute", "KE")]
    conn = _tiny_store(tmp_path / "g.db", orgs, [("李寅", "CN", 0), ("Li Yin", "CN", 0), ("李银", "CN", 1)])
    resolve(conn, engine="splink")
    person = _entity_of(conn, "Li Yin")
    assert set(profile(conn, person)["names"]) == {"李寅", "Li Yin"}  # 李银 is another person at another institute
    rule = next(r["rule"] for r in why(conn, person) if r["rule"].startswith("splink"))
    assert "the same romanisation" in rule and "a role at the same organisation" in rule


def test_the_splink_engine_gives_the_same_graph_every_time(splink_store, tmp_path):
    first = _graph(connect(splink_store, readonly=True))
    conn = connect(_copy(splink_store, tmp_path / "again.db"))
    resolve(conn, engine="splink")
    assert _graph(conn) == first
    resolve(conn, engine="splink")
    assert _graph(conn) == first


def test_the_default_engine_is_the_rule_engine(splink_store, tmp_path):
    default = connect(_copy(splink_store, tmp_path / "default.db"))
    with default:
        default.execute("DELETE FROM settings")  # as a store that never chose an engine
    rules = connect(_copy(splink_store, tmp_path / "rules.db"))
    resolve(default)
    resolve(rules, engine="rules")
    assert _graph(default) == _graph(rules)
    assert not any("splink" in row[2] for row in _graph(default))
    with pytest.raises(ValueError, match="unknown resolution engine"):
        resolve(default, engine="fuzzy")


def test_splink_engine_against_the_gold_clustering(splink_store):
    from conftest import GOLD

    from coopgraph.evaluate.clusters import load_clusters, score_clusters
    from coopgraph.evaluate.gold import load_gold

    result = score_clusters(load_gold(GOLD / "seeds") + load_gold(GOLD / "dev"), load_clusters(GOLD / "clusters.json"),
                            connect(splink_store, readonly=True))
    pairs = result["pairs"]
    assert result["mentions_mapped"] > 200
    assert pairs["precision"] >= 0.95 and pairs["recall"] >= 0.85, json.dumps(result, ensure_ascii=False)


def test_the_store_remembers_its_engine_for_later_corrections(splink_store, tmp_path):
    """A correction made after a splink ingest re-resolves with splink, not the default."""
    from coopgraph.store.curation import judge, undo

    db = _copy(splink_store, tmp_path / "curated.db")
    conn = connect(db)
    splink_reasons = {r[0] for r in conn.execute("SELECT rule FROM resolution WHERE rule LIKE 'splink match%'")}
    conn.close()
    assert splink_reasons
    judge(db, "rename", {"entity": "Argentina", "name": "Argentine Republic"})
    undo(db)
    conn = connect(db)
    assert conn.execute("SELECT value FROM settings WHERE key = 'resolver'").fetchone()[0] == "splink"
    assert {r[0] for r in conn.execute("SELECT rule FROM resolution WHERE rule LIKE 'splink match%'")} == splink_reasons
