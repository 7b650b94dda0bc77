"""The explorer's server without a browser: the JSON API, its validation, the guard on
writes (token, session, CSRF, origin), escaping of untrusted text, and the briefs."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from coopgraph.api.app import create_app
from stores import CAAS, CAS, CHINA_CDC, HOSTILE_NAME, HOSTILE_TITLE, KEMRI, SAJOREC, WHO

TOKEN = "correct horse battery staple"
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def reader(explorer_db):
    return TestClient(create_app(explorer_db), base_url=BASE)


@pytest.fixture
def editor(explorer_db, tmp_path):
    """A writable server over a copy of the store (writes must not leak into other tests)."""
    import shutil

    db = tmp_path / "edit.db"
    shutil.copy(explorer_db, db)
    return TestClient(create_app(db, edit_token=TOKEN), base_url=BASE)


def _entity(client, name: str) -> dict:
    hits = client.get("/api/search", params={"q": name}).json()["entities"]
    return next(e for e in hits if e["name"] == name)


def _paths(articles: list[dict]) -> set[str]:
    return {a["path"] for a in articles}


def test_search_finds_entities_and_articles_in_english_and_chinese(reader):
    found = reader.get("/api/search", params={"q": "world health"}).json()
    assert [e["name"] for e in found["entities"]] == [WHO]
    assert _paths(found["articles"]) == {"en/who-kemri-agreement.txt", "en/kenya-who-mou.html",
                                         "en/geneva-lab-safety.txt", "en/cape-town-hub.txt"}
    assert found["facets"]["type"] == {"ORG": 1}
    for other_name in ("WHO", "世界卫生组织"):  # an alias, and the name in the other language
        assert reader.get("/api/search", params={"q": other_name}).json()["entities"][0]["name"] == WHO
    zh = reader.get("/api/search", params={"q": "中国"}).json()
    assert zh["entities"][0]["name"] == "China"  # the exact name first
    assert {e["name"] for e in zh["entities"]} == {"China", CAS, CAAS, CHINA_CDC}
    assert _paths(zh["articles"]) == {"zh/cas-kemri-agreement.txt", "zh/vaccine-seminar.txt",
                                      "zh/caas-joins-cgiar.txt", "zh/who-china-cdc-talks.txt"}
    assert zh["facets"]["language"] == {"zh": 4}


def test_a_page_not_about_cooperation_is_found_but_makes_no_entity(reader):
    found = reader.get("/api/search", params={"q": "China National Rice"}).json()
    assert found["entities"] == []
    assert [(a["path"], a["relevant"]) for a in found["articles"]] == [("en/rice-gene.txt", False)]


def test_search_facets_filter(reader):
    everything = reader.get("/api/search").json()
    assert everything["facets"]["language"] == {"en": 8, "zh": 4}
    assert everything["facets"]["event_type"] == {"AGREEMENT": 3, "ESTABLISHMENT": 2, "MEETING": 4, "MEMBERSHIP": 2}
    agreements = reader.get("/api/search", params={"event_type": "AGREEMENT"}).json()
    assert _paths(agreements["articles"]) == {"en/who-kemri-agreement.txt", "en/kenya-who-mou.html",
                                              "zh/cas-kemri-agreement.txt"}
    assert {e["name"] for e in agreements["entities"]} == {WHO, KEMRI, CAS}
    countries = reader.get("/api/search", params={"type": "COUNTRY"}).json()
    assert {e["name"] for e in countries["entities"]} == {"Brazil", "China", "Ethiopia", "Kenya", "South Africa",
                                                          "Switzerland"}
    in_2021 = reader.get("/api/search", params={"year": 2021}).json()
    assert _paths(in_2021["articles"]) == {"en/cape-town-hub.txt", "zh/caas-joins-cgiar.txt"}


def test_profile_lists_names_events_partners_and_a_network(reader):
    who = _entity(reader, WHO)
    profile = reader.get(f"/api/entities/{who['id']}").json()
    assert profile["names"] == ["WHO", WHO, "世界卫生组织"]
    assert [(v["date"], v["type"], v["role"]) for v in profile["events"]] == [
        ("2021-06-21", "ESTABLISHMENT", "founder"), ("2022-11-01", "MEETING", "party"), ("2023-06-12", "MEETING", "host"),
        ("2024-03-04", "AGREEMENT", "party")]  # the agreement, reported twice, is one event with two sources
    assert [len(v["sources"]) for v in profile["events"]] == [1, 1, 1, 2]
    assert (profile["partners"][0]["name"], profile["partners"][0]["shared"]) == (KEMRI, 1)
    centre = profile["network"]["nodes"][0]
    assert centre["centre"] and centre["id"] == who["id"]
    assert KEMRI in {n["name"] for n in profile["network"]["nodes"][1:]}
    kemri = reader.get(f"/api/entities/{_entity(reader, KEMRI)['id']}").json()
    assert [v["date"] for v in kemri["events"]] == ["2023-09-08", "2024-03-04", "2024-05-02", None]
    sajorec = reader.get(f"/api/entities/{_entity(reader, SAJOREC)['id']}").json()
    assert [(v["type"], v["role"]) for v in sajorec["events"]] == [("ESTABLISHMENT", "created")]


def test_a_person_has_roles_in_both_scripts(reader):
    li = reader.get(f"/api/entities/{_entity(reader, 'Li Ming')['id']}").json()
    assert li["names"] == ["Li Ming", "李明"]
    assert sorted((r["title"], r["org"]) for r in li["roles"]) == [("President", CAAS), ("院长", CAAS)]


def test_why_says_how_each_mention_joined(reader):
    cas = reader.get(f"/api/entities/{_entity(reader, CAS)['id']}/why").json()
    assert [(w["name"], w["path"]) for w in cas] == [(CAS, "en/sajorec-founded.txt"), ("中国科学院", "zh/cas-kemri-agreement.txt")]
    assert cas[0]["rule"] == "first mention of this entity" and cas[1]["rule"].startswith("shared name '中国科学院'")
    li = reader.get(f"/api/entities/{_entity(reader, 'Li Ming')['id']}/why").json()
    assert li[1]["name"] == "李明" and li[1]["rule"].startswith("pinyin 'liming'")
    assert reader.get("/api/entities/99999/why").status_code == 404


def test_article_facts_point_at_their_text(reader):
    who = _entity(reader, WHO)
    events = reader.get(f"/api/entities/{who['id']}").json()["events"]
    for event in events:
        art = reader.get(f"/api/articles/{event['article_id']}").json()
        fact = next(v for v in art["events"] if v["id"] == event["event_id"])   # the entity's own report
        start, end = fact["span"]
        assert art["text"][start:end] == event["evidence"]
        assert f'id="e{event["event_id"]}"' in reader.get(f"/article/{event['article_id']}").text


def test_network_timeline_and_map(reader):
    net = reader.get("/api/network").json()
    ids = {n["id"]: n["name"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert all("x" in n and "y" in n for n in net["nodes"])
    assert {n["type"] for n in net["nodes"]} == {"ORG", "COUNTRY"}  # people and places are no nodes
    pair = next(e for e in net["edges"] if {ids[e["source"]], ids[e["target"]]} == {WHO, KEMRI})
    assert (pair["weight"], pair["types"]) == (1, {"AGREEMENT": 1})   # one agreement, reported twice
    timeline = reader.get("/api/timeline").json()
    dates = [v["date"] for v in timeline]
    assert len(dates) == 10 and dates[-2:] == [None, None]  # undated last; the agreement reported twice is one
    assert dates[:-2] == sorted(dates[:-2])
    only = reader.get("/api/timeline", params={"event_type": "MEETING"}).json()
    assert [(v["type"], v["date"]) for v in only] == [("MEETING", "2022-11-01"), ("MEETING", "2023-06-12"),
                                                      ("MEETING", "2024-05-02"), ("MEETING", None)]
    world = reader.get("/api/map").json()
    assert {c["code"] for c in world["countries"]} == {"BR", "CH", "CN", "ET", "KE", "ZA"}
    assert all(c["numeric"] for c in world["countries"])
    assert {("CN", "ET"), ("CH", "KE"), ("CN", "KE")} <= {(link["a"], link["b"]) for link in world["links"]}


@pytest.mark.parametrize("url", [
    "/api/entities/0", "/api/entities/-1", "/api/entities/abc", "/api/entities/99999999999999999999999",
    "/api/search?limit=0", "/api/search?limit=1000000", "/api/search?q=" + "x" * 201, "/api/search?country=China",
    "/api/search?type=BANANA", "/api/search?year=99999", "/api/network?max_nodes=-5", "/api/timeline?offset=-1",
    "/api/articles/0", "/api/articles/123456789", "/entity/123456789", "/report/country/XX", "/report/country/ABC",
    "/article/1e3",
])
def test_bad_requests_get_a_4xx_with_a_message(reader, url):
    """JSON with a `detail` under /api; elsewhere an error page that says what was wrong."""
    response = reader.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    if url.startswith("/api/"):
        assert response.json()["detail"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert re.search(r'<p class="error" role="alert">[^<]+</p>', response.text), response.text[:300]


@pytest.mark.parametrize("query", ["\x00\ufffd\ufffe", "%%_\\", "' OR 1=1 --", "\u202e\u0000", "*" * 200])
def test_odd_queries_are_answered_not_crashed_on(reader, query):
    response = reader.get("/api/search", params={"q": query})
    assert response.status_code == 200
    assert response.json()["entities"] == []


def test_untrusted_text_is_rendered_as_text(reader):
    found = reader.get("/api/search", params={"q": '"Kenya and WHO"'}).json()["articles"]
    assert [a["title"] for a in found] == [HOSTILE_TITLE]  # stored as written...
    page = reader.get(f"/article/{found[0]['id']}").text  # ...and printed as text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    person = reader.get("/api/search", params={"q": "张伟"}).json()
    assert person["entities"][0]["name"] == HOSTILE_NAME
    html = reader.get(f"/entity/{person['entities'][0]['id']}").text
    assert "<b onmouseover" not in html and "&lt;b onmouseover=alert(2)&gt;张伟&lt;/b&gt;" in html
    for listing in (reader.get("/", params={"q": "张伟"}).text, reader.get(f"/article/{person['articles'][0]['id']}").text):
        assert "<b onmouseover" not in listing and "&lt;b onmouseover" in listing


def test_pages_carry_a_strict_content_security_policy(reader):
    response = reader.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"<script>(?!</script>)|\sstyle=|https?://(?!127\.0\.0\.1|www\.w3\.org)", response.text)


def test_a_foreign_host_header_is_refused(reader):
    assert reader.get("/", headers={"host": "evil.example"}).status_code == 400


def test_a_read_only_server_refuses_writes(reader):
    response = reader.post("/api/judgements", json={"kind": "rename", "payload": {"entity": "WHO", "name": "x"}},
                           headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_writes_need_the_token(editor):
    body = {"kind": "rename", "payload": {"entity": WHO, "name": "WHO (renamed)"}}
    assert editor.post("/api/judgements", json=body).status_code == 403
    assert editor.post("/api/judgements", json=body, headers={"authorization": "Bearer wrong"}).status_code == 403
    ok = editor.post("/api/judgements", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200, ok.text
    assert _entity(editor, "WHO (renamed)")
    undone = editor.post("/api/undo", headers={"authorization": f"Bearer {TOKEN}"}).json()
    assert undone["undone"]["kind"] == "rename"
    assert _entity(editor, WHO)


def test_a_session_write_needs_csrf_token_and_same_origin(editor):
    assert editor.post("/login", data={"token": "not it"}, headers={"origin": BASE}).status_code == 403
    signed = editor.post("/login", data={"token": TOKEN}, headers={"origin": BASE}, follow_redirects=False)
    assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
    assert "samesite=strict" in signed.headers["set-cookie"].lower()
    page = editor.get("/").text
    csrf = re.search(r'data-csrf="([0-9a-f]{64})"', page).group(1)
    body = {"kind": "retype", "payload": {"entity": WHO, "type": "PLACE"}}
    assert editor.post("/api/judgements", json=body, headers={"origin": BASE}).status_code == 403  # no CSRF token
    forged = editor.post("/api/judgements", json=body, headers={"origin": "http://evil.example", "x-csrf-token": csrf})
    assert forged.status_code == 403 and "cross-site" in forged.json()["detail"]
    ok = editor.post("/api/judgements", json=body, headers={"origin": BASE, "x-csrf-token": csrf})
    assert ok.status_code == 200
    assert _entity(editor, WHO)["type"] == "PLACE"


def test_malformed_judgements_are_400_not_500(editor):
    auth = {"authorization": f"Bearer {TOKEN}"}
    for body in ({"kind": "merge", "payload": {"a": "WHO"}}, {"kind": "explode", "payload": {}},
                 {"kind": "retype", "payload": {"entity": "WHO", "type": "ALIEN"}}, {"kind": "wrong", "payload": {"fact": "x", "path": "p", "segment": 0}},
                 {"kind": "merge", "payload": {"a": "x" * 5000, "b": "y"}}, [], "not json"):
        response = editor.post("/api/judgements", json=body, headers=auth)
        assert 400 <= response.status_code < 500, (body, response.status_code, response.text)


def test_briefs_in_html_and_pdf(reader):
    who = _entity(reader, WHO)
    html = reader.get(f"/report/entity/{who['id']}").text
    assert "Key partners" in html and "<svg" in html
    assert f"{KEMRI} (KE) — 1 shared" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html  # the hostile headline, as a source
    pdf = reader.get(f"/report/entity/{who['id']}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    kept = reader.get(f"/report/entity/{who['id']}.html")
    assert "attachment" in kept.headers["content-disposition"] and "<style>" in kept.text and "<script" not in kept.text
    assert "/static/" not in kept.text
    country = reader.get("/report/country/cn")
    assert country.status_code == 200 and "China" in country.text and f"{KEMRI} (KE)" in country.text


def test_openapi_schema_documents_the_api(reader):
    spec = reader.get("/openapi.json").json()
    assert {"/api/search", "/api/entities/{entity_id}", "/api/judgements", "/api/network"} <= set(spec["paths"])
    assert "/api/search" in reader.get("/api-docs").text


def test_a_network_of_hundreds_of_nodes_is_laid_out():
    """Above 500 nodes networkx switches to its sparse layout, which `lay_out` leaves for its
    own dense one up to `layout.DENSE` nodes; either way every node gets a place of its own."""
    from coopgraph.web.layout import lay_out

    ids = list(range(1, 701))
    edges = [(i, i + 1, 1) for i in range(1, 700)] + [(i, (i * 7) % 700 + 1, 2) for i in range(1, 700, 3)]
    graph = lay_out({"nodes": [{"id": i} for i in ids], "edges": [{"source": a, "target": b, "weight": w} for a, b, w in edges]})
    positions = {n["id"]: (n["x"], n["y"]) for n in graph["nodes"]}
    assert set(positions) == set(ids)
    assert all(0 <= x <= 1000 and 0 <= y <= 1000 for x, y in positions.values())
    assert len(set(positions.values())) == len(ids)


def test_errors_on_pages_are_pages_with_a_way_back_and_json_under_the_api(explorer_db):
    client = TestClient(create_app(explorer_db), base_url=BASE)
    for path, status in (("/entity/999999", 404), ("/no-such-page", 404), ("/entity/not-a-number", 422)):
        page = client.get(path, headers={"referer": BASE + "/timeline"})
        assert page.status_code == status
        assert page.headers["content-type"].startswith("text/html")
        assert '<a href="/timeline">Back to the page you came from</a>' in page.text
        assert '<a href="/">Search the graph</a>' in page.text
    assert "no entity 999999" in client.get("/entity/999999").text
    for path, status in (("/api/entities/999999", 404), ("/api/entities/not-a-number", 422)):
        answer = client.get(path)
        assert answer.status_code == status and answer.headers["content-type"].startswith("application/json")
        assert answer.json()["detail"]
    # a referer from another site is no way back
    assert "Back to the page" not in client.get("/entity/999999", headers={"referer": "https://elsewhere.example/x"}).text


def test_an_internal_error_is_a_page_without_a_traceback(explorer_db, monkeypatch):
    from coopgraph.store import queries

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(queries, "timeline", broken)
    client = TestClient(create_app(explorer_db), base_url=BASE, raise_server_exceptions=False)
    page = client.get("/timeline")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "internal error (RuntimeError)" in page.text and "secret detail" not in page.text
    assert "Traceback" not in page.text
    api = client.get("/api/timeline")
    assert api.status_code == 500 and api.json()["detail"].startswith("internal error (RuntimeError)")


def test_search_filters_articles_by_language_and_entities_with_no_country(reader):
    everything = reader.get("/api/search").json()
    assert set(everything["facets"]["language"]) == {"en", "zh"}
    zh = reader.get("/api/search", params={"language": "zh"}).json()
    assert zh["articles"] and {a["language"] for a in zh["articles"]} == {"zh"}
    assert len(zh["articles"]) == everything["facets"]["language"]["zh"]
    stateless = everything["facets"]["country"].get("none", 0)
    none = reader.get("/api/search", params={"country": "none"}).json()
    assert none["total_entities"] == stateless > 0
    assert all(e["country"] is None for e in none["entities"])
    page = reader.get("/", params={"country": "none", "language": "zh"})
    assert page.status_code == 200 and 'name="language" value="zh"' in page.text
    assert reader.get("/api/search", params={"language": "Chinese"}).status_code == 422


def test_the_timeline_lists_undated_events_apart(reader):
    undated = reader.get("/api/timeline", params={"undated": "true"}).json()
    assert sorted((v["type"], v["date"]) for v in undated) == [("ESTABLISHMENT", None), ("MEETING", None)]
    assert [v["date"] for v in reader.get("/api/timeline").json()][-2:] == [None, None]   # the dated nine, then these two
