"""Segmentation on generic layouts the corpus pages did not all show (found with coopgraph.evaluate.compose):
print furniture, lone separator symbols, any outlet's dateline, end marks, bracketed headlines, an article
that goes on after a teaser block, and hard-wrapped text beside lines that are not wrapped."""
from __future__ import annotations

from test_segment import BODY, LEAD, MORE, ZH_BODY, ZH_LEAD, _segments

from coopgraph.ingest.clean import classify

OTHER = "Norway and the UK agreed on Tuesday to fund joint work on industrial enzymes for three years."
OTHER_BODY = "The research councils will open a first call for proposals in the spring, officials said."
ZH_MORE = "两国卫生部门官员出席了签约仪式，仪式结束了为期一周的卫生研究合作会谈。"
ZH_OTHER = "青岛市与深圳一家基因研究院日前签署合作协议，研究院将在园区启动海洋基因库建设，并发展现代农业产业。"


def _titles(page: str) -> list[str | None]:
    return [s.title for s in _segments(page)]


def test_print_furniture_between_two_stories_separates_them():
    """A newspaper's page mark is a separator; a document's page counter ("Page 3 of 7") stays chrome."""
    assert classify("- 12 -").kind == "rule" and classify("Page 3 of 7") is None
    for mark in ("Page 4", "- 5 -", "PAGE 12 | World"):
        page = f"Kenya and China sign vaccine memorandum\n{LEAD}\n{BODY}\n{mark}\nNorway and UK fund enzyme research\n{OTHER}\n{OTHER_BODY}\n"
        assert _titles(page) == ["Kenya and China sign vaccine memorandum", "Norway and UK fund enzyme research"], mark
    for mark in ("第03版", "第11版：国际", "A07版"):
        page = f"中肯签署疫苗研究合作协议\n{ZH_LEAD}\n{ZH_BODY}\n{mark}\n华大基因落户青岛\n{ZH_OTHER}\n"
        assert _titles(page) == ["中肯签署疫苗研究合作协议", "华大基因落户青岛"], mark


def test_a_page_break_inside_a_sentence_is_no_break_of_the_story():
    """A page mark is kept as a separator, but not where it cuts a sentence: the sentence is joined again."""
    page = ("Kenya and China sign vaccine memorandum\nKenya and China signed a memorandum on vaccine research in\n"
            "Page 2\nthe capital on Monday, the ministry said.\n" + BODY + "\n")
    segments = _segments(page)
    assert len(segments) == 1
    assert segments[0].paragraphs[1] == "Kenya and China signed a memorandum on vaccine research in the capital on Monday, the ministry said."


def test_a_separator_symbol_alone_on_its_line_separates_stories():
    for symbol in ("*", "■", "◆"):
        page = f"Kenya and China sign vaccine memorandum\n{LEAD}\n{BODY}\n{symbol}\nNorway and UK fund enzyme research\n{OTHER}\n{OTHER_BODY}\n"
        assert len(_segments(page)) == 2, symbol


def test_a_dateline_of_any_outlet_opens_the_next_story():
    cases = [
        ("中肯签署疫苗研究合作协议", [ZH_LEAD, ZH_BODY], "华大基因落户青岛", "科技日报青岛6月6日电 （记者 王晓）" + ZH_OTHER),
        ("中肯签署疫苗研究合作协议", [ZH_LEAD, ZH_BODY], "华大基因落户青岛", "【本網訊】" + ZH_OTHER),
        ("中肯签署疫苗研究合作协议", [ZH_LEAD, ZH_BODY], "华大基因落户青岛", "中国青年报客户端讯（记者 王晓）" + ZH_OTHER),
        ("Kenya and China sign vaccine memorandum", [LEAD, BODY], "Novo reports heart data", "BAGSVAERD, Denmark - " + OTHER),
        ("Kenya and China sign vaccine memorandum", [LEAD, BODY], "Novo reports heart data", "GENEVA (Reuters) - " + OTHER),
    ]
    for title, body, second, lead in cases:
        page = "\n".join([title, *body, second, lead, OTHER_BODY]) + "\n"
        assert _titles(page) == [title, second], lead


def test_a_capitalised_word_and_a_dash_is_no_dateline():
    """'CRISPR - the tool …' under a subhead is the article's own text, not another story's dateline."""
    page = "\n".join(["Kenya and China sign vaccine memorandum", LEAD, BODY, "The gene tools",
                      "CRISPR - the tool both institutes use - will be taught in the first course.", OTHER_BODY]) + "\n"
    assert len(_segments(page)) == 1


def test_an_end_mark_closes_a_story_so_the_next_headline_opens_one():
    page = f"中肯签署疫苗研究合作协议\n{ZH_LEAD}\n{ZH_BODY}（完）\n华大基因落户青岛\n{ZH_OTHER}\n"
    assert _titles(page) == ["中肯签署疫苗研究合作协议", "华大基因落户青岛"]
    page = f"Kenya and China sign vaccine memorandum\n{LEAD}\n{BODY} (END)\nNorway and UK fund enzyme research\n{OTHER}\n{OTHER_BODY}\n"
    assert len(_segments(page)) == 2


def test_a_headline_set_in_brackets_on_its_own_line_opens_a_story():
    page = f"中肯签署疫苗研究合作协议\n{ZH_LEAD}\n{ZH_BODY}\n【华大基因落户青岛西海岸新区】\n{ZH_OTHER}\n"
    assert len(_segments(page)) == 2
    # a credit in brackets is no headline
    page = f"中肯签署疫苗研究合作协议\n{ZH_LEAD}\n{ZH_BODY}\n【本报记者 王晓 青岛报道】\n{ZH_OTHER}\n"
    assert len(_segments(page)) == 1


def test_an_article_that_goes_on_after_a_teaser_block_keeps_its_list_of_facts():
    """Lead, a teaser block, then the body with a list of the deal's terms: the terms are the article's."""
    page = "\n".join([
        "Kenya and China sign vaccine memorandum", LEAD,
        "Related", "Norway and UK fund enzyme research", OTHER,
        BODY,
        "- Upfront: $175 million in cash to the institute",
        "- Milestones: up to $9.3 billion in payments",
        "- Royalties: tiered, on net sales of any product",
        "Officials from both ministries attended the ceremony, which closed a week of talks on health research.",
        OTHER_BODY.replace("research councils", "institutes"),
    ]) + "\n"
    segments = _segments(page)
    assert [s.is_teaser for s in segments] == [False, True]
    assert "- Royalties: tiered, on net sales of any product" in segments[0].paragraphs
    assert any(p.startswith("Officials from both ministries") for p in segments[0].paragraphs)


def test_a_line_far_longer_than_the_wrap_width_is_not_a_wrapped_line():
    """A hard-wrapped article with a related list whose lines are not wrapped: each item's headline stays
    apart from its summary."""
    wrapped = ("Kenya and China signed a memorandum on vaccine research in Nairobi on Monday, the ministry "
               "said. The two institutes will train technicians and share laboratory data over the next five years "
               "and open a joint laboratory in the capital, with a first intake of students in the autumn term.")
    lines, line = [], ""
    for word in (wrapped + " " + wrapped).split():
        if len(line) + len(word) > 42:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    page = "\n".join(["Kenya and China sign vaccine memorandum", *lines, "", "More news", "",
                      "- Norway and the UK fund joint research on industrial enzymes for three years",
                      "The research councils will open a first call for proposals in the spring, officials said.",
                      "- Uganda joins the international vaccine institute as a full member state this week",
                      "Kampala's cabinet ratified the establishment agreement in February, the institute said."]) + "\n"
    teasers = [s for s in _segments(page) if s.is_teaser]
    assert [t.title for t in teasers] == ["Norway and the UK fund joint research on industrial enzymes for three years",
                                          "Uganda joins the international vaccine institute as a full member state this week"]


def _wrapped(text: str, width: int = 42) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def test_on_a_hard_wrapped_page_a_marked_headline_is_not_joined_with_the_line_under_it():
    """'■ Headline' as long as the wrap width, then a capitalised line: a headline over its story, not a
    paragraph wrapped there (a wrapped item goes on in lower case)."""
    body = " ".join([LEAD, BODY, MORE, LEAD, BODY])
    other = " ".join([OTHER, OTHER_BODY, OTHER, OTHER_BODY])
    page = "\n".join(["■ Kenya and China sign vaccine pact in Nairobi", *_wrapped(body),
                      "■ Norway and the UK fund research on enzymes", *_wrapped(other)]) + "\n"
    assert _titles(page) == ["Kenya and China sign vaccine pact in Nairobi", "Norway and the UK fund research on enzymes"]


def test_a_long_english_headline_set_in_brackets_opens_a_story():
    page = (f"Kenya and China sign vaccine memorandum\n{LEAD}\n{BODY}\n"
            f"【China and Australia open a twenty million dollar southern oceans centre】\n{OTHER}\n{OTHER_BODY}\n")
    assert len(_segments(page)) == 2
