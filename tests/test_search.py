"""Search as people expect (issue 10, point 2), through the API on a purpose-made store:
whole words and the beginnings of words, typos, pinyin, ranking, snippets, paging, the
language facet, and the same view as JSON and CSV."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from stores import ANTIBODIES, MA_YANHE, TIB, genomics_institute, load, record, search_store, small_store

from coopgraph.api.app import create_app
from coopgraph.cli import main
from coopgraph.store import cache, queries, textindex
from coopgraph.store.db import connect
from coopgraph.store.search import SearchTables
from coopgraph.store.textindex import Query

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return search_store(tmp_path_factory.mktemp("search") / "search.db")


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), base_url=BASE)


def _search(client, **params) -> dict:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _names(found: dict) -> list[str]:
    return [e["name"] for e in found["entities"]]


def test_an_acronym_is_a_word_not_a_piece_of_one(client):
    found = _search(client, q="TIB")
    assert [(e["name"], e["match"]) for e in found["entities"]] == [(TIB, "alias"), ("Tibet", "prefix")]
    assert ANTIBODIES not in _names(found)
    assert {a["path"] for a in found["articles"]} == {"en/tib-comsats.txt", "en/tibet.txt"}   # not the antibodies
    assert _names(_search(client, q="antibod")) == [ANTIBODIES]                # a word's beginning is found


def test_names_rank_exact_then_alias_then_prefix_then_typo(client):
    found = _search(client, q="Tianjin")
    assert [(e["name"], e["match"]) for e in found["entities"]] == [("Tianjin", "name"), (TIB, "prefix")]
    typo = _search(client, q="Tianjn")
    assert [(e["name"], e["match"]) for e in typo["entities"]] == [(TIB, "fuzzy"), ("Tianjin", "fuzzy")]  # TIB has an event
    assert typo["corrected"] == {"tianjn": "tianjin"}
    assert {a["path"] for a in typo["articles"]} == {"en/tib-comsats.txt"}
    assert _names(_search(client, q="tianjin institute of industral"))[0] == TIB   # words in any order, one typo
    assert _names(_search(client, q="Tia")) == [TIB, "Tianjin"]                     # as typed; in an event first
    assert _search(client, q="zzzz")["total_entities"] == 0


def test_a_chinese_name_is_found_by_its_pinyin(client):
    for query in ("ma yanhe", "Ma Yanhe", "Yanhe Ma", "mayanhe", "马延和", "延和"):
        found = _search(client, q=query)
        assert _names(found) == [MA_YANHE], query
    assert _search(client, q="ma yanhe")["entities"][0]["match"] == "alias"
    assert {a["path"] for a in _search(client, q="马延和")["articles"]} == {"zh/ma-yanhe.txt"}


def test_snippets_mark_the_hit_in_escaped_text(client):
    article = _search(client, q="signed")["articles"][0]
    assert "<mark>signed</mark>" in article["snippet"]
    assert "&lt;b&gt;Bold&lt;/b&gt;" in article["snippet"] and "<b>" not in article["snippet"]
    chinese = _search(client, q="延和")["articles"][0]["snippet"]
    assert "所长马<mark>延和</mark>会见" in chinese


def test_more_connected_entities_come_first_among_equals(client):
    found = _search(client, q="genomics institute")
    assert found["entities"][0]["name"] == genomics_institute(7)
    assert found["entities"][0]["events"] == 3 and {e["events"] for e in found["entities"][1:]} == {1}


def test_every_page_of_a_long_list_and_its_totals(client):
    seen, page, pages = [], 1, 0
    while page:
        found = _search(client, q="genomics", limit=20, page=page)
        assert found["total_entities"] == 55 and found["page"] == page
        seen += _names(found)
        pages += 1
        page = found["next"]
        if page:
            assert found["next_url"] == f"/api/search?q=genomics&limit=20&page={page}"
    assert pages == 3 and len(seen) == len(set(seen)) == 55
    last = _search(client, q="genomics", limit=20, page=3)
    assert len(last["entities"]) == 15 and last["next"] is None and last["previous"] == 2
    assert _search(client, q="genomics", limit=20, page=9)["entities"] == []   # past the end: empty, not an error
    assert client.get("/api/search", params={"page": 0}).status_code == 422


def test_the_language_facet_narrows_entities_and_articles(client):
    everything = _search(client, q="genomics", limit=200)
    assert everything["facets"]["language"] == {"en": 44, "zh": 11}
    chinese = _search(client, q="genomics", language="zh", limit=200)
    assert chinese["total_articles"] == 11 and {a["language"] for a in chinese["articles"]} == {"zh"}
    assert sorted(_names(chinese)) == sorted(genomics_institute(n) for n in range(5, 56, 5))
    assert chinese["facets"]["language"] == {"en": 44, "zh": 11}   # the other language stays a click away
    assert _search(client, language="zh")["total_entities"] == 12       # with 马延和


def test_the_page_json_and_csv_are_the_same_view(client):
    params = {"q": "genomics", "language": "zh", "limit": 5, "page": 2}
    api = _search(client, **params)
    as_json = client.get("/search.json", params=params).json()
    assert {k: v for k, v in as_json.items() if not k.endswith("_url")} == {k: v for k, v in api.items() if not k.endswith("_url")}
    assert as_json["next_url"] == "/search.json?q=genomics&language=zh&limit=5&page=3"
    response = client.get("/search.csv", params=params)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["name"] for r in rows if r["kind"] == "entity"] == _names(api)
    assert [r["title"] for r in rows if r["kind"] == "article"] == [a["title"] for a in api["articles"]]
    assert all("<mark>" not in r["snippet"] for r in rows)
    page = client.get("/", params=params).text
    for link in ('href="/search.json?q=genomics&amp;language=zh&amp;limit=5&amp;page=2"',
                 'href="/search.csv?q=genomics&amp;language=zh&amp;limit=5&amp;page=2"',
                 'href="/?q=genomics&amp;language=zh&amp;limit=5&amp;page=3"',     # next
                 'href="/?q=genomics&amp;language=zh&amp;limit=5"',                # previous, and the chip's other side
                 'data-remove="language" href="/?q=genomics&amp;limit=5"'):         # the chip drops its filter
        assert link in page, link
    assert "6–10 of 11" in page


def test_article_text_is_matched_by_words_from_their_start(tmp_path):
    """Words in any case and with or without their accents; a word's beginning, never its
    middle ("i_l", "technique"); punctuation matches nothing; titles too; Chinese anywhere,
    Traditional as Simplified; quotes ask for the words in that order."""
    texts = ["The ÉCOLE Polytechnique signed with 50% of KEMRI_labs.", "école normale and the Académie; 天津大学签署协议。",
             "Nothing here but a title.", "Normale school of the polytechnique."]
    db = load(tmp_path / "words.db", [record(f"{i}.txt", t, [("ORG", "KEMRI", "KE")] if "KEMRI" in t else [],
                                             title="Sino-Kenya Forum" if i == 2 else None) for i, t in enumerate(texts)])
    conn = connect(db, readonly=True)
    expected = {"école": {0, 1}, "ECOLE": {0, 1}, "polytech": {0, 3}, "technique": set(), "50%": {0}, "% of": {0, 3},
                "kemri_": {0}, "labs": {0}, "i_l": set(), "_": set(), "天津": {1}, "天津大學": {1}, "大学": {1},
                "sino-kenya": {2}, "kenya forum": {2}, "academie": {1}, "": {0, 1, 2, 3}, "zzz": set(),
                "normale école": {1}, '"école normale"': {1}, '"normale école"': set(), "of": {0, 3}}
    for q, paths in expected.items():
        assert {a["path"] for a in queries.search(conn, q)["articles"]} == {f"{i}.txt" for i in paths}, q
    assert "<mark>ÉCOLE</mark> <mark>Polytechnique</mark>" in queries.search(conn, "ecole poly")["articles"][0]["snippet"]
    conn.close()


def test_the_cli_pages_and_says_what_is_left(db):
    runner = CliRunner()
    last = runner.invoke(main, ["search", "genomics", "--db", str(db), "--limit", "20", "--page", "3", "--json"])
    assert last.exit_code == 0, last.output
    found = json.loads(last.output)
    assert (found["total_entities"], len(found["entities"]), found["next"], found["previous"]) == (55, 15, None, 2)
    first = runner.invoke(main, ["search", "genomics", "--db", str(db), "--limit", "20", "--language", "zh"])
    assert first.output.splitlines()[0] == "entities 1–11 of 11, articles 1–11 of 11"
    typo = runner.invoke(main, ["search", "Tianjn", "--db", str(db), "--limit", "20"])
    assert typo.output.splitlines()[:4] == [
        "entities 1–2 of 2, articles 1–1 of 1", "no article has 'tianjn': articles with 'tianjin' instead",
        f"entity   {TIB}  [ORG, CN]  (fuzzy)", "entity   Tianjin  [PLACE, CN]  (fuzzy)"]
    assert "signed an agreement in Tianjin" in typo.output
    paged = runner.invoke(main, ["search", "genomics", "--db", str(db), "--limit", "20", "--page", "2"])
    assert paged.output.splitlines()[0] == "entities 21–40 of 55, articles 21–40 of 55; next: --page 3"


def test_the_word_index_is_built_again_only_when_a_text_changes(tmp_path):
    """A judgement makes a new store generation, and so new search tables, but changes no
    article: the word index is kept. A changed title is indexed at the next search."""
    db = small_store(tmp_path / "g.db")
    conn = connect(db)
    first = cache.derived(conn, "search", SearchTables)
    with conn:
        conn.execute("UPDATE entities SET name = 'Nairobi City' WHERE name = 'Nairobi'")
    second = cache.derived(conn, "search", SearchTables)
    assert second is not first and second.index is first.index
    assert queries.search(conn, "nairobi city")["entities"][0]["name"] == "Nairobi City"
    with conn:
        conn.execute("UPDATE articles SET title = 'Zanzibar accord' WHERE id = (SELECT MIN(id) FROM articles)")
    assert cache.derived(conn, "search", SearchTables).index is not first.index
    assert queries.search(conn, "zanzibar")["total_articles"] == 1
    conn.close()


def test_the_word_index_brought_up_to_date_answers_as_one_built_anew():
    """After articles are added, changed and removed, the index copied from the last one
    and given only those answers every query exactly as an index of all the texts built
    anew (same articles, same BM25 ranks, same words for typos, same accented articles),
    and the last one, which requests in flight may still read, is left as it was."""
    before = [(1, "Kenya signs", "The Kenya Medical Research Institute signed an agreement in Nairobi."),
              (2, "École", "L'École polytechnique fédérale and the Tianjin University met in Lausanne."),
              (3, "天津大學", "天津大學與肯尼亞醫學研究所簽署合作協議。"),
              (4, "", "Genomics institutes from Kenya, Tibet and Tianjin met in Tianjin."),
              (5, "Removed", "A report on vaccines that will be removed.")]
    after = [(1, "Kenya signs", "The Kenya Medical Research Institute signed an agreement in Nairobi."),
             (2, "École", "L'École polytechnique and the Tianjin Genomics Institute met in Geneva."),   # text changed
             (3, "天津大学合作", "天津大學與肯尼亞醫學研究所簽署合作協議。"),                            # title changed
             (4, "", "Genomics institutes from Kenya, Tibet and Tianjin met in Tianjin."),
             (6, "Vaccines", "Kenya and Brazil agreed on vaccines and genomics in Brasília.")]     # added; 5 removed
    queries_ = ["kenya", "tianjin", "institute", "ecole", "lausanne", "geneva", "removed", "vaccines", "天津",
                "合作", "医学研究", "brasilia", "genomics institute", '"kenya medical"', "in"]
    base = textindex.article_index(("test", "incremental"), before)
    was = {q: base._rows(Query.parse(q).fts()) for q in queries_}
    updated = textindex.article_index(("test", "incremental"), after)
    anew = textindex.ArticleIndex(after)
    assert updated is not base
    for q in queries_:
        got, expected = updated._rows(Query.parse(q).fts()), anew._rows(Query.parse(q).fts())
        assert sorted(zip(*got)) == sorted(zip(*expected)), q
        assert sorted(zip(*base._rows(Query.parse(q).fts()))) == sorted(zip(*was[q])), q
    assert len(updated._rows(Query.parse("lausanne").fts())[0]) == 0 and len(updated._rows(Query.parse("removed").fts())[0]) == 0
    assert len(base._rows(Query.parse("lausanne").fts())[0]) == 1
    assert updated.terms == anew.terms and updated.accented == anew.accented == {2, 6}
    assert textindex.article_index(("test", "incremental"), list(after)) is updated   # the same texts: kept


def test_a_word_of_one_or_two_letters_is_marked_only_where_it_stands_alone():
    """(Looked for by a regex since str.find stopped at every "a" inside a word.) Whole
    words only, at the text's start and end, beside punctuation, digits and Han characters,
    and within the window asked for; a word beginning with a longer query word is marked to
    its end."""
    marker = textindex.Marker(("a", "in", "decade"))
    text = "a banana, a天 1a a_ in-house inn decades a"
    assert marker.hits(text) == [(0, 1, 0), (10, 11, 0), (16, 17, 0), (19, 21, 1), (32, 39, 2), (40, 41, 0)]
    assert marker.hits(text, first=True) == [(0, 1, 0), (19, 21, 1), (32, 39, 2)]
    assert marker.hits(text, 1, 13) == [(10, 11, 0)]


SAME_AS_BEFORE = ["genomics", "genomics institute", "institute genomics", "the genomics workshop", '"genomics workshop"',
                  "基因组", "北京 研讨会", "tianjin", "tianjn", "ma yanhe", "TIB", "a", "in nairobi", "workshop 7", ""]
SAME_FILTERS = [{}, {"type": "ORG"}, {"event_type": "MEETING"}, {"year": 2022}, {"language": "zh"}, {"country": "none"}]


def test_an_index_ranks_a_query_as_the_sum_of_its_phrases_ranks_to_the_last_bit(db):
    """What FTS5 gives the whole query ("A AND B …": BM25 over every phrase) is what the
    index now adds up from each phrase's own ranks, kept between queries; a phrase asked
    again is not asked of FTS5 again."""
    conn = connect(db)
    conn.execute("BEGIN")
    index = cache.derived(conn, "search", SearchTables).index
    conn.close()
    for text in SAME_AS_BEFORE[:-1] + ["genomics genomics", "workshop genomics institute 基因"]:
        query = Query.parse(text)
        whole = index._rows(query.fts())
        summed = index._all_of(query.phrases())
        assert whole[0].tolist() == summed[0].tolist() and whole[1].tobytes() == summed[1].tobytes(), text
    asked: list[str] = []
    rows = index._rows
    index._rows = lambda fts: asked.append(fts) or rows(fts)
    try:
        index._all_of(Query.parse("genomics nairobi").phrases())
    finally:
        del index._rows
    assert asked == []   # both phrases were kept from the queries above


def test_search_answers_as_before_on_every_page_and_filter(db, monkeypatch):
    """The same answers, page by page and filter by filter, as when FTS5 ranked each whole
    query; and the same again when the server gives them from its kept answers."""
    now = TestClient(create_app(db), base_url=BASE)
    asked = []
    for text in SAME_AS_BEFORE:
        for filters in SAME_FILTERS:
            for page, limit in ((1, 50), (1, 4), (2, 4), (3, 4)):
                params = {"q": text, **filters, "page": page, "limit": limit}
                asked.append((params, now.get("/api/search", params=params).text))
    assert [now.get("/api/search", params=p).text for p, _ in asked] == [answer for _, answer in asked]
    monkeypatch.setattr(textindex.ArticleIndex, "_all_of", lambda self, phrases: self._rows(" AND ".join(phrases)))
    before = TestClient(create_app(db, answer_cache=False), base_url=BASE)
    for params, answer in asked:
        assert before.get("/api/search", params=params).text == answer, params
