"""Scoring entity resolution against a gold clustering, on a purpose-made gold and store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from stores import load, record

from coopgraph.cli import main
from coopgraph.errors import InputError
from coopgraph.evaluate.clusters import load_clusters, score_clusters
from coopgraph.evaluate.gold import load_gold
from coopgraph.store.db import connect

A = "The World Health Organization and Tedros Adhanom Ghebreyesus opened the office."
B = "世界卫生组织总干事谭德塞出席。"
C = "The Kenya Medical Research Institute signed an agreement."
D = "Kenya Medical Research Institute staff met in Kisumu."


def _records() -> list[dict]:
    return [
        record("pages/a.txt", A, [("ORG", "World Health Organization", None), ("PERSON", "Tedros Adhanom Ghebreyesus", None)]),
        record("pages/b.txt", B, [("ORG", "世界卫生组织", None, ("World Health Organization",)), ("PERSON", "谭德塞", None)],
               language="zh"),
        record("pages/c.txt", C, [("ORG", "Kenya Medical Research Institute", "KE")]),
        record("pages/d.txt", D, [("ORG", "Kenya Medical Research Institute", "KE")]),
    ]


def _gold_file(folder: Path, name: str, text: str, entities: list[tuple[str, str]]) -> None:
    gold = {"source": f"train/pages/{name}", "segments": [
        {"anchor": text[:20], "relevant": True, "entities": [{"type": t, "name": n} for t, n in entities],
         "roles": [], "events": []}]}
    (folder / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


@pytest.fixture()
def tiny(tmp_path):
    """A gold of four pages: WHO and Tedros named in English and Chinese (one cluster each),
    two Kenyan institutes of one name that are two bodies (an apart pair), and a cluster
    member and an apart pair on a page of another split (not among the golds given)."""
    gold = tmp_path / "gold"
    gold.mkdir()
    _gold_file(gold, "a.txt", A, [("ORG", "World Health Organization"), ("PERSON", "Tedros Adhanom Ghebreyesus")])
    _gold_file(gold, "b.txt", B, [("ORG", "世界卫生组织"), ("PERSON", "谭德塞")])
    _gold_file(gold, "c.txt", C, [("ORG", "Kenya Medical Research Institute")])
    _gold_file(gold, "d.txt", D, [("ORG", "Kenya Medical Research Institute")])

    def member(page, name, split="train"):
        return {"source": f"{split}/pages/{page}", "segment": 0, "name": name}

    clusters = tmp_path / "clusters.json"
    clusters.write_text(json.dumps({"about": "tiny", "clusters": [
        {"label": "WHO", "type": "ORG", "split": "mixed",
         "members": [member("a.txt", "World Health Organization"), member("b.txt", "世界卫生组织"),
                     member("z.txt", "WHO", "test")]},
        {"label": "Tedros", "type": "PERSON", "split": "train",
         "members": [member("a.txt", "Tedros Adhanom Ghebreyesus"), member("b.txt", "谭德塞")]},
    ], "apart": [
        {"a": member("c.txt", "Kenya Medical Research Institute"), "b": member("d.txt", "Kenya Medical Research Institute"),
         "why": "two institutes of one name", "inside_one_article": False},
        {"a": member("c.txt", "Kenya Medical Research Institute"), "b": member("z.txt", "KEMRI", "test"),
         "why": "another split", "inside_one_article": False},
    ]}, ensure_ascii=False), encoding="utf-8")
    db = load(tmp_path / "g.db", _records())
    pred = tmp_path / "records.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records()), encoding="utf-8")
    return gold, clusters, db, pred


def test_pairs_by_type_and_language_and_apart_pairs(tiny):
    gold, clusters, db, _ = tiny
    result = score_clusters(load_gold(gold), load_clusters(clusters), connect(db, readonly=True))
    # WHO joined across languages (tp); the two KEMRIs joined though the gold says two bodies
    # (a false merge between singletons); Tedros and 谭德塞 not joined (a missed merge)
    assert result["pairs"] | {} == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert result["by_type"]["ORG"]["tp"] == 1 and result["by_type"]["ORG"]["fp"] == 1
    assert result["by_type"]["PERSON"]["fn"] == 1
    assert result["pairs_without_countries"] == result["pairs"]     # no country in this gold
    assert result["by_language"]["cross-language"] | {} == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5,
                                                          "f1": 0.6667}
    assert result["by_language"]["same language"]["fp"] == 1
    apart = result["apart"]
    assert (apart["total"], apart["aligned"], apart["joined"]) == (1, 1, 1)   # the other split's pair is not counted
    assert apart["joined_pairs"] == ["Kenya Medical Research Institute (c.txt #0) ~ Kenya Medical Research Institute "
                                     "(d.txt #0): two institutes of one name"]
    assert result["false_merges"] == ["Kenya Medical Research Institute (c.txt #0) ~ Kenya Medical Research Institute (d.txt #0)"]
    assert result["missed_merges"] == ["Tedros Adhanom Ghebreyesus (a.txt #0) ~ 谭德塞 (b.txt #0)"]
    assert (result["clustered_gold_entities"], result["clustered_mapped"]) == (4, 4)


def test_the_cli_prints_every_breakdown_and_the_detail(tiny):
    gold, clusters, db, pred = tiny
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--clusters", str(clusters),
                                    "--db", str(db), "--detail"])
    assert out.exit_code == 0, out.output
    text = out.output[out.output.index("entity resolution"):]
    assert "P 0.500  R 0.500" in text and "4 of 4 clustered gold entities" in text
    assert "  cross-language  P 1.000  R 0.500" in text and "  not countries   P 0.500  R 0.500" in text and "  PERSON          P 1.000  R 0.000" in text
    assert "apart pairs joined: 1 of 1 aligned (1 in these files); inside one article 0 of 0" in text
    assert "  false merge: Kenya Medical Research Institute (c.txt #0) ~ Kenya Medical Research Institute (d.txt #0)" in text
    assert "  missed merge: Tedros Adhanom Ghebreyesus (a.txt #0) ~ 谭德塞 (b.txt #0)" in text
    assert "  apart joined: Kenya Medical Research Institute (c.txt #0) ~" in text


def test_a_broken_cluster_file_is_named(tmp_path, tiny):
    gold, _, db, pred = tiny
    bad = tmp_path / "bad.json"
    bad.write_text('{"clusters": [{"members": [{"segment": 0}]}]}', encoding="utf-8")
    with pytest.raises(InputError, match="bad.json: not an entity cluster file"):
        load_clusters(bad)
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--clusters", str(bad),
                                    "--db", str(db)])
    assert out.exit_code == 2 and "bad.json: not an entity cluster file (KeyError" in out.output
