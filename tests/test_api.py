"""The explorer's server without a browser: the JSON API, its validation, the guard on
writes (token, session, CSRF, origin), escaping of untrusted text, and the briefs."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from coopgraph.api.app import create_app

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


def test_search_finds_entities_and_articles_in_english_and_chinese(reader):
    found = reader.get("/api/search", params={"q": "world health"}).json()
    assert found["entities"][0]["name"] == "World Health Organization"
    assert any("WHO" in (a["title"] or "") for a in found["articles"])
    assert found["facets"]["type"].get("ORG", 0) >= 1
    zh = reader.get("/api/search", params={"q": "中国"}).json()
    assert zh["entities"] and zh["articles"]
    assert all(a["language"] == "zh" for a in zh["articles"])


def test_search_facets_filter(reader):
    agreements = reader.get("/api/search", params={"event_type": "AGREEMENT"}).json()
    assert agreements["facets"]["event_type"]["AGREEMENT"] == len(agreements["articles"]) > 0  # each matched article has one
    countries = reader.get("/api/search", params={"type": "COUNTRY"}).json()
    assert {e["type"] for e in countries["entities"]} == {"COUNTRY"}


def test_profile_lists_names_events_partners_and_a_network(reader):
    who = _entity(reader, "World Health Organization")
    profile = reader.get(f"/api/entities/{who['id']}").json()
    assert "WHO" in profile["names"]
    assert profile["events"] and all(v["article_id"] for v in profile["events"])
    dated = [v["date"] for v in profile["events"] if v["date"]]
    assert dated == sorted(dated)
    assert profile["partners"] and profile["network"]["nodes"][0]["centre"]


def test_article_facts_point_at_their_text(reader):
    who = _entity(reader, "World Health Organization")
    event = reader.get(f"/api/entities/{who['id']}").json()["events"][0]
    art = reader.get(f"/api/articles/{event['article_id']}").json()
    fact = next(v for v in art["events"] if v["id"] == event["id"])
    start, end = fact["span"]
    assert art["text"][start:end] == event["evidence"]
    page = reader.get(f"/article/{event['article_id']}").text
    assert f'id="e{event["id"]}"' in page


def test_network_timeline_and_map(reader):
    net = reader.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert all("x" in n and "y" in n for n in net["nodes"])
    timeline = reader.get("/api/timeline").json()
    dates = [v["date"] for v in timeline if v["date"]]
    assert dates == sorted(dates)
    only = reader.get("/api/timeline", params={"event_type": "MEETING"}).json()
    assert only and {v["type"] for v in only} == {"MEETING"}
    world = reader.get("/api/map").json()
    assert {"CN", "CH"} <= {c["code"] for c in world["countries"]}
    assert all(c["numeric"] for c in world["countries"])


@pytest.mark.parametrize("url", [
    "/api/entities/0", "/api/entities/-1", "/api/entities/abc", "/api/entities/99999999999999999999999",
    "/api/search?limit=0", "/api/search?limit=1000000", "/api/search?q=" + "x" * 201, "/api/search?country=China",
    "/api/search?type=BANANA", "/api/search?year=99999", "/api/network?max_nodes=-5", "/api/timeline?offset=-1",
    "/api/articles/0", "/api/articles/123456789", "/entity/123456789", "/report/country/XX", "/report/country/ABC",
    "/article/1e3",
])
def test_bad_requests_get_a_4xx_with_a_message(reader, url):
    response = reader.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response.json()["detail"]


@pytest.mark.parametrize("query", ["\x00\ufffd\ufffe", "%%_\\", "' OR 1=1 --", "\u202e\u0000", "*" * 200])
def test_odd_queries_are_answered_not_crashed_on(reader, query):
    response = reader.get("/api/search", params={"q": query})
    assert response.status_code == 200
    assert response.json()["entities"] == []


def test_untrusted_text_is_rendered_as_text(reader):
    found = reader.get("/api/search", params={"q": "Kenya and WHO"}).json()["articles"]
    assert found and "<script>" in found[0]["title"]  # stored as written...
    page = reader.get(f"/article/{found[0]['id']}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    person = reader.get("/api/search", params={"q": "张伟"}).json()["entities"][0]
    html = reader.get(f"/entity/{person['id']}").text
    assert "<b onmouseover" not in html and "&lt;b onmouseover=alert(2)&gt;张伟&lt;/b&gt;" in html
    listing = reader.get("/", params={"q": "张伟"}).text
    assert "<b onmouseover" not in listing


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
    body = {"kind": "rename", "payload": {"entity": "World Health Organization", "name": "WHO (renamed)"}}
    assert editor.post("/api/judgements", json=body).status_code == 403
    assert editor.post("/api/judgements", json=body, headers={"authorization": "Bearer wrong"}).status_code == 403
    ok = editor.post("/api/judgements", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200, ok.text
    assert _entity(editor, "WHO (renamed)")
    undone = editor.post("/api/undo", headers={"authorization": f"Bearer {TOKEN}"}).json()
    assert undone["undone"]["kind"] == "rename"
    assert _entity(editor, "World Health Organization")


def test_a_session_write_needs_csrf_token_and_same_origin(editor):
    assert editor.post("/login", data={"token": "not it"}, headers={"origin": BASE}).status_code == 403
    signed = editor.post("/login", data={"token": TOKEN}, headers={"origin": BASE}, follow_redirects=False)
    assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
    assert "samesite=strict" in signed.headers["set-cookie"].lower()
    page = editor.get("/").text
    csrf = re.search(r'data-csrf="([0-9a-f]{64})"', page).group(1)
    body = {"kind": "retype", "payload": {"entity": "World Health Organization", "type": "PLACE"}}
    assert editor.post("/api/judgements", json=body, headers={"origin": BASE}).status_code == 403  # no CSRF token
    forged = editor.post("/api/judgements", json=body, headers={"origin": "http://evil.example", "x-csrf-token": csrf})
    assert forged.status_code == 403 and "cross-site" in forged.json()["detail"]
    ok = editor.post("/api/judgements", json=body, headers={"origin": BASE, "x-csrf-token": csrf})
    assert ok.status_code == 200
    assert _entity(editor, "World Health Organization")["type"] == "PLACE"


def test_malformed_judgements_are_400_not_500(editor):
    auth = {"authorization": f"Bearer {TOKEN}"}
    for body in ({"kind": "merge", "payload": {"a": "WHO"}}, {"kind": "explode", "payload": {}},
                 {"kind": "retype", "payload": {"entity": "WHO", "type": "ALIEN"}}, {"kind": "wrong", "payload": {"fact": "x", "path": "p", "segment": 0}},
                 {"kind": "merge", "payload": {"a": "x" * 5000, "b": "y"}}, [], "not json"):
        response = editor.post("/api/judgements", json=body, headers=auth)
        assert 400 <= response.status_code < 500, (body, response.status_code, response.text)


def test_briefs_in_html_and_pdf(reader):
    who = _entity(reader, "World Health Organization")
    html = reader.get(f"/report/entity/{who['id']}").text
    assert "Key partners" in html and "<svg" in html
    pdf = reader.get(f"/report/entity/{who['id']}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    kept = reader.get(f"/report/entity/{who['id']}.html")
    assert "attachment" in kept.headers["content-disposition"] and "<style>" in kept.text and "<script" not in kept.text
    assert "/static/" not in kept.text
    country = reader.get("/report/country/cn")
    assert country.status_code == 200 and "China" in country.text


def test_openapi_schema_documents_the_api(reader):
    spec = reader.get("/openapi.json").json()
    assert {"/api/search", "/api/entities/{entity_id}", "/api/judgements", "/api/network"} <= set(spec["paths"])
    assert "/api/search" in reader.get("/api-docs").text


def test_a_network_of_hundreds_of_nodes_is_laid_out():
    """Above 500 nodes networkx switches to its sparse (SciPy) layout: it must be there."""
    from coopgraph.store.explore import _layout

    ids = list(range(1, 701))
    edges = [(i, i + 1, 1) for i in range(1, 700)] + [(i, (i * 7) % 700 + 1, 2) for i in range(1, 700, 3)]
    positions = _layout(ids, edges)
    assert set(positions) == set(ids)
    assert all(0 <= x <= 1000 and 0 <= y <= 1000 for x, y in positions.values())
    assert len(set(positions.values())) == len(ids)
