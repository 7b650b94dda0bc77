"""The page composer: multi-article pages built from single-article pages and their gold, to measure segmentation."""
from __future__ import annotations

import json
import random

import pytest

from coopgraph.errors import InputError
from coopgraph.evaluate import compose as c
from coopgraph.evaluate.goldcheck import squash

EN = [
    ("Kenya and China sign vaccine memorandum", True,
     ["NAIROBI, March 4 (Xinhua) -- Kenya and China signed a memorandum on vaccine research on Monday.",
      "The two institutes will train technicians and share laboratory data for five years.",
      "Officials from both ministries attended the ceremony in the capital city."]),
    ("Norway and UK fund enzyme research", True,
     ["Norway and the UK agreed on Tuesday to fund joint work on industrial enzymes for three years.",
      "The research councils will open a first call for proposals in the spring.",
      "Each side puts in two million pounds, the councils said in a statement."]),
    ("Oxford spin-out jumps on London debut", False,
     ["Shares of the sequencing company rose more than forty percent in their first morning of trading.",
      "The spin-out priced its offering in the upper half of the range, bankers said.",
      "Existing holders sold about forty million shares in the offering."]),
    ("Bat species named after Guarani people", False,
     ["Researchers in Brazil have described a new species of bat from museum specimens collected decades ago.",
      "The animal weighs about six grams and eats hundreds of insects a night.",
      "The team compared skulls and genes with those of related species."]),
    ("Uganda joins vaccine institute as full member", True,
     ["Uganda became a full member of the international vaccine institute on Friday, the institute said.",
      "Kampala's cabinet ratified the establishment agreement in February.",
      "Uganda is the fourth African member state of the institute."]),
]


def _split(tmp_path, pages=EN, name="train"):
    folder = tmp_path / name
    (folder / "pages").mkdir(parents=True)
    (folder / "gold").mkdir()
    for k, (title, relevant, body) in enumerate(pages):
        page = f"Home | News | Science | About\n\n{title}\n\nBy staff reporter\n\n" + "\n\n".join(body) + "\n\nShare this\n"
        (folder / "pages" / f"p{k}.txt").write_text(page, encoding="utf-8")
        gold = {"source": f"{name}/pages/p{k}.txt", "published": "2024-03-04",
                "segments": [{"anchor": body[0][:40], "last": body[-1][-35:], "title": title, "relevant": relevant,
                              "entities": [], "roles": [], "events": []}]}
        (folder / "gold" / f"p{k}.txt.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def test_parts_are_the_headline_and_the_body_from_anchor_to_last(tmp_path):
    parts = c.load_parts(_split(tmp_path))
    assert len(parts) == len(EN)
    first = parts[0]
    assert first.title == "Kenya and China sign vaccine memorandum" and first.language == "en"
    assert first.paragraphs == EN[0][2]       # no menu, byline or share bar: those are the composer's to add


def test_the_blind_test_split_is_refused(tmp_path):
    with pytest.raises(InputError, match="blind test"):
        c.load_parts(_split(tmp_path, name="test"))
    with pytest.raises(InputError, match="not a corpus split"):
        c.load_parts(tmp_path)


def test_every_family_carries_gold_that_stands_once_in_its_page(tmp_path):
    parts = c.load_parts(_split(tmp_path))
    for family in c.FAMILIES:
        made = 0
        for seed in range(30):
            page = c.compose(parts, family, random.Random(seed), "p")
            if page is None:
                continue
            made += 1
            squashed = squash(page.text)
            anchors = [squashed.find(squash(s.anchor)) for s in page.segments]
            assert all(squashed.count(squash(s.anchor)) == 1 and squashed.count(squash(s.last)) == 1 for s in page.segments)
            assert anchors == sorted(anchors), family      # listed in page order, as the corpus lists them
        assert made, family


def test_a_headline_only_teaser_is_a_segment_only_when_its_event_is_relevant():
    rng = random.Random(0)
    relevant, lookalike = (c.Part(f"p{k}", "en", title, body, body[0][:30], body[-1][-30:], rel, None)
                           for k, (title, rel, body) in enumerate(EN[1:3]))
    b = c._Builder(rng, "en", "\n\n")
    b.teaser(relevant, with_body=False, marker="")
    b.teaser(lookalike, with_body=False, marker="")
    assert [s.title for s in b.segments] == [relevant.title]
    b.teaser(lookalike, with_body=True, marker="")
    assert b.segments[-1].relevant is False and b.segments[-1].anchor.startswith("Shares of the sequencing")


def test_the_lead_teaser_family_lists_the_article_before_its_teasers():
    rng = random.Random(3)
    parts = [c.Part(f"p{k}", "en", title, body, body[0][:30], body[-1][-30:], rel, None)
             for k, (title, rel, body) in enumerate(EN)]
    b = c._Builder(rng, "en", "\n\n")
    c._lead_teaser(b, parts[0], parts[1:3])
    text = b.text()
    assert b.segments[0].title == parts[0].title
    # the lead, then the teasers, then the rest of the body
    assert text.index(EN[0][2][0]) < text.index(parts[1].title) < text.index(EN[0][2][1])


def test_the_same_seed_composes_the_same_pages(tmp_path):
    parts = c.load_parts(_split(tmp_path))
    one, two = c.compose_pages(parts, 8, seed=5), c.compose_pages(parts, 8, seed=5)
    assert [p.text for p in one] == [p.text for p in two]
    assert [p.text for p in one] != [p.text for p in c.compose_pages(parts, 8, seed=6)]


def test_measure_scores_boundaries_by_family(tmp_path):
    """A roundup split by rules: the segmenter finds every boundary."""
    parts = c.load_parts(_split(tmp_path))
    b = c._Builder(random.Random(1), "en", "\n\n")
    for k, part in enumerate(parts[:3]):
        if k:
            b.add("* * *")
        b.article(part, part.title, dated=False)
    page = c.ComposedPage("roundup_page", "roundup", "en", b.text(), b.segments)
    placed = c.write_pages([page], tmp_path / "out")
    scores = c.measure(placed, c.segment_records([p for _, p in placed]), with_relevance=False)
    assert scores["roundup"]["boundaries"]["tp"] == 2 and scores["all"]["boundaries"]["fp"] == 0


def test_the_command_names_a_bad_input_and_exits_2(tmp_path, capsys):
    assert c.main(["--from", str(tmp_path / "nowhere"), "--pages", "5"]) == 2
    assert "not a corpus split" in capsys.readouterr().err
    assert c.main(["--from", str(_split(tmp_path)), "--pages", "0"]) == 2
    assert "--pages" in capsys.readouterr().err
