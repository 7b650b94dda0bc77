"""End-to-end tests in a real browser: Debian's Chromium, headless, driven by Playwright.

The explorer runs on a loopback port over a copy of the hand-written store of
`stores.explorer_store`. Every request
the browser makes is recorded, and none may leave the machine. Set COOPGRAPH_SCREENSHOTS
to a folder to keep the screenshots (`make screenshots` writes the README's)."""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from stores import CAAS, CAS, CHINA_CDC, HOSTILE_NAME, HOSTILE_TITLE, HUB, KEMRI, SAJOREC, WHO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
TOKEN = "browser-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def quality_db(tmp_path_factory) -> Path:
    """The explorer's pages with a confidence on every fact, for the fact review (its own
    server: its verdicts must not change what the other tests see)."""
    from stores import quality_store

    return quality_store(tmp_path_factory.mktemp("quality") / "store.db")


@pytest.fixture(scope="module")
def quality_server(quality_db):
    yield from _serve(quality_db)


def _serve(db: Path):
    """The explorer over `db` on a free loopback port, in a thread, until the generator closes."""
    import uvicorn

    from coopgraph.api.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db, edit_token=TOKEN), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the explorer did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(explorer_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "store.db"
    shutil.copy(explorer_db, db)
    yield from _serve(db)


@pytest.fixture(scope="module")
def crowded_server(tmp_path_factory):
    """A hub with 24 agreements over 2010–2024 (a nine-year gap) and an undated founding."""
    from stores import crowded_store

    yield from _serve(crowded_store(tmp_path_factory.mktemp("crowded") / "crowded.db"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def console_errors() -> list[str]:
    """What the page fixture's browser logs as errors; a test that provokes one on purpose
    takes it out with `expect_console_error`."""
    return []


def expect_console_error(console_errors: list[str], piece: str) -> None:
    found = [e for e in console_errors if piece in e]
    assert found, f"no console error with {piece!r} among {console_errors}"
    console_errors.remove(found[0])


@pytest.fixture
def page(browser, server, console_errors):
    """A fresh browser context; after the test, no request may have gone off the machine,
    no script may have raised an error or opened a dialog, and the console may hold no
    error (a Content-Security-Policy violation is one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    pg = context.new_page()
    requests, errors, dialogs = [], [], []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: m.type == "error" and console_errors.append(f"{m.text} ({m.location.get('url')})"))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(15000)
    yield pg
    context.close()
    off_machine = [u for u in requests if urlparse(u).hostname not in ("127.0.0.1",) and not u.startswith("data:")]
    assert not off_machine, off_machine
    assert not errors, errors
    assert not console_errors, console_errors
    assert not dialogs, dialogs


def test_search_is_instant_and_faceted(page, server):
    page.goto(server + "/")
    everything = page.locator("#entity-hits li").count()
    page.fill("#q", "world health")
    page.wait_for_url("**/?q=world+health")
    expect(page.locator("#entity-hits li")).not_to_have_count(everything)
    assert page.locator("#entity-hits a").all_inner_texts() == [WHO]
    page.fill("#q", "")
    page.click("#facets a[data-facet='type'][data-value='COUNTRY']")
    expect(page).to_have_url(re.compile(r"type=COUNTRY"))
    expect(page.locator("#entity-hits li .type").first).to_have_text("country")
    assert set(page.locator("#entity-hits a").all_inner_texts()) == {"Brazil", "China", "Ethiopia", "Kenya",
                                                                     "South Africa", "Switzerland"}
    assert set(page.locator("#entity-hits li .type").all_inner_texts()) == {"country"}
    page.select_option("select[name=type]", "")
    page.fill("#q", "中国")
    page.wait_for_url(re.compile(r"q=%E4%B8%AD%E5%9B%BD"))
    expect(page.locator("#entity-hits a", has_text=CHINA_CDC)).to_have_count(1)
    expect(page.locator("#entity-hits a", has_text=CAS)).to_have_count(1)  # by its Chinese name
    expect(page.locator("#article-hits li")).to_have_count(4)
    assert set(page.locator("#article-hits li .lang").all_inner_texts()) == {"zh"}


def test_a_typo_finds_its_entity(page, server):
    page.goto(server + "/")
    page.fill("#q", "Wrld Helth Organisation")
    page.wait_for_url(re.compile(r"q=Wrld\+Helth\+Organisation"))
    expect(page.locator("#entity-hits a").first).to_have_text(WHO)
    expect(page.locator("#entity-hits li").first.locator(".matched")).to_have_text("≈")   # found by a near spelling
    page.fill("#q", "Kenya Medcal")
    expect(page.locator("#entity-hits a").first).to_have_text(KEMRI)
    expect(page.locator("#article-hits .snippet mark").first).to_have_text(re.compile("^Kenya$", re.I))


def test_the_language_facet_changes_results_and_its_chip_removes_it(page, server):
    page.goto(server + "/")
    every_entity = page.locator("#entity-hits a").all_inner_texts()
    assert "Grace Wanjiru" in every_entity                                   # named in an English page only
    page.click("#facets a[data-facet='language'][data-value='zh']")
    expect(page).to_have_url(re.compile(r"/\?language=zh$"))
    expect(page.locator("#chips a[data-remove='language']")).to_contain_text("language: zh")
    expect(page.locator("#article-hits li")).to_have_count(4)
    assert set(page.locator("#article-hits li .lang").all_inner_texts()) == {"zh"}
    chinese_entities = page.locator("#entity-hits a").all_inner_texts()
    assert "Grace Wanjiru" not in chinese_entities and CHINA_CDC in chinese_entities
    assert len(chinese_entities) < len(every_entity)
    assert page.input_value("input[name=language]") == "zh"                   # the form says what is shown
    page.click("#chips a[data-remove='language']")
    expect(page).to_have_url(re.compile(r"/\?$|/$"))
    expect(page.locator("#chips a")).to_have_count(0)
    expect(page.locator("#article-hits li")).to_have_count(12)
    assert page.input_value("input[name=language]") == ""
    assert page.locator("#entity-hits a").all_inner_texts() == every_entity


def test_paging_through_results(page, server):
    page.goto(server + "/?limit=5")
    first = page.locator("#entity-hits a").all_inner_texts()
    total = int(re.fullmatch(r"1–5 of (\d+)", page.inner_text("#entity-range")).group(1))
    assert len(first) == 5 and total > 10
    assert page.locator("#previous").count() == 0
    page.click("#next")
    expect(page).to_have_url(re.compile(r"limit=5&page=2$"))
    expect(page.locator("#entity-range")).to_have_text(f"6–10 of {total}")
    second = page.locator("#entity-hits a").all_inner_texts()
    assert len(second) == 5 and not set(second) & set(first)
    page.click("#previous")
    expect(page.locator("#entity-range")).to_have_text(f"1–5 of {total}")
    assert page.locator("#entity-hits a").all_inner_texts() == first
    page.go_back()                                                            # the browser's back button too
    expect(page.locator("#entity-range")).to_have_text(f"6–10 of {total}")
    assert page.get_attribute("#as-csv", "href") == "/search.csv?limit=5&page=2"


def test_profile_then_a_fact_to_its_span(page, server):
    page.goto(server + "/?q=world+health")
    page.click(f"#entity-hits a >> text={WHO}")
    page.wait_for_selector(f"h1:has-text('{WHO}')")
    assert page.locator(".names li").all_inner_texts() == ["WHO", WHO, "世界卫生组织"]
    assert page.locator("ol.timeline li").count() == 4   # the agreement reported twice is one event
    assert page.locator("ol.partners li").first.inner_text().startswith(KEMRI)
    assert page.locator("svg.ego circle").count() == 9  # WHO and the eight organisations and countries it met
    signed = page.locator("ol.timeline li", has_text="2 reports, 2 independent")   # the agreement reported twice
    evidence = signed.locator("blockquote").inner_text()
    assert evidence.strip()   # its first report's sentence, which the first source link highlights
    signed.locator("a.src").first.click()
    page.wait_for_selector(".mk.target")
    highlighted = "".join(page.locator(".mk.target").all_inner_texts())
    assert highlighted.strip() == evidence.strip()
    assert page.locator(".mk.target").first.is_visible()


def test_network_timeline_and_map_render(page, server):
    page.goto(server + "/network")
    page.wait_for_selector("#network[data-ready=true]")
    assert re.fullmatch(r"\d+ organisations and countries, \d+ links, from 10 events.*", page.inner_text("#network-status"))
    page.goto(server + "/timeline?event_type=AGREEMENT")
    assert page.locator("ol.timeline li").count() == 2   # one of them reported twice
    assert {t.lower() for t in page.locator("ol.timeline .evtype").all_inner_texts()} == {"agreement"}
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-ready=true]")
    codes = page.locator("#map path[data-code]").evaluate_all("(paths) => paths.map((p) => p.dataset.code)")
    assert sorted(codes) == ["BR", "CH", "CN", "ET", "KE", "ZA"]
    assert page.locator("#map path.link").count() == 7  # the pairs of countries that meet in one event


def test_hostile_text_stays_text(page, server):
    page.goto(server + "/?q=Kenya+and+WHO")
    page.click("#article-hits a")
    assert page.inner_text("h1") == HOSTILE_TITLE
    page.goto(server + "/?q=张伟")
    page.wait_for_selector("#entity-hits a")
    assert page.inner_text("#entity-hits a") == HOSTILE_NAME
    page.hover("#entity-hits a")  # the page fixture fails the test if any script ran


def test_merge_needs_the_token_and_can_be_undone(page, server, console_errors):
    page.goto(server + "/")
    status = page.evaluate("""async () => (await fetch('/api/judgements', {method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({kind: 'merge', payload: {a: 'SAJOREC', b: 'WHO'}})})).status""")
    assert status == 403
    expect_console_error(console_errors, "status of 403")
    page.goto(server + "/login")
    page.fill("input[name=token]", "wrong token")
    page.click("button[type=submit]")
    assert "not the edit token" in page.inner_text(".error")
    expect_console_error(console_errors, "status of 403")
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector(".badge.edit")
    page.goto(server + "/?q=SAJOREC")
    page.click(f"#entity-hits a >> text={SAJOREC}")
    page.wait_for_selector("#curate")
    chinese = "中非联合研究中心"  # SAJOREC's Chinese name, which nothing in the store ties to it
    page.fill(".curate input[name=b]", chinese)
    page.click(".curate form[data-kind=merge] button")
    page.wait_for_selector(f".names li:has-text('{chinese}')")
    assert page.locator(".names li").all_inner_texts() == ["SAJOREC", SAJOREC, chinese]
    page.click("#undo")
    # the page reopens one of the two entities, apart again: it has the names of one of them only
    expect(page.locator("#curate-status")).to_have_text("Undone: merge")
    page.wait_for_function(f"""() => {{
        const names = [...document.querySelectorAll('.names li')].map((li) => li.textContent);
        return names.length > 0 && (names.some((n) => n.includes({chinese!r})) !== names.some((n) => n.includes({SAJOREC!r})));
    }}""")
    assert page.locator("h1").inner_text() in (chinese, SAJOREC)


def test_an_events_headline_opens_its_own_page_with_every_report(page, server):
    page.goto(_entity_url(page, server, KEMRI))
    signed = page.locator("ol.timeline li.agreement").nth(1)
    signed.locator(".ev-name a").click()
    page.wait_for_url("**/event/*")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Agreement between") and WHO in heading and KEMRI in heading
    reports = page.locator("section table.facts tbody tr")
    assert reports.count() == 2 and "KEMRI and WHO agree on a vaccine laboratory" in reports.first.inner_text()
    assert page.locator("main script, main img").count() == 0   # the hostile headline of the second report stays text


def _entity_url(pg, server: str, name: str) -> str:
    found = pg.request.get(server + "/api/search", params={"q": name}).json()["entities"]
    return f"{server}/entity/{next(e['id'] for e in found if e['name'] == name)}"


def test_events_say_what_with_whom_and_where_they_were_read(page, server):
    page.goto(_entity_url(page, server, KEMRI))
    founding = page.locator("ol.timeline li.establishment")
    assert founding.locator(".ev-name").inner_text() == f"{CAS} and {KEMRI} founded {SAJOREC}"
    assert founding.locator(".ev-who .role").first.inner_text() == "as founder"
    assert founding.locator(".counterparts").inner_text() == f"{CAS} (founder)"
    assert founding.locator(".created").inner_text() == f"creates {SAJOREC}"
    assert founding.locator(".where").inner_text() == "in Nairobi"
    assert founding.locator(".ev-head .date").inner_text() == "undated"
    assert founding.locator(".ev-sources a.src").inner_text() == "CAS and KEMRI found a joint research centre"
    assert founding.locator(".ev-sources .date").inner_text() == "2024-02-01"
    signed = page.locator("ol.timeline li.agreement").nth(1)
    # one agreement reported twice, said by its first report (which names WHO first)
    assert signed.locator(".ev-name").inner_text() == f"Agreement between {WHO} and {KEMRI}"
    assert signed.locator(".ev-sources .n").inner_text() == "2 reports, 2 independent:"
    assert signed.locator(".counterparts").inner_text() == f"{WHO} (party)"
    # a source is named by its title, never by a path or an article number
    sources = " ".join(page.locator("ol.timeline .ev-sources").all_inner_texts())
    assert ".txt" not in sources and "(article" not in sources and "KEMRI and WHO agree on a vaccine laboratory" in sources


def test_an_organisation_lists_the_people_who_hold_roles_there(page, server):
    page.goto(_entity_url(page, server, CAAS))
    rows = page.locator("table.people tbody tr")
    assert [r.split("\t")[:3] for r in rows.all_inner_texts()] == [
        ["2024-05-03", "Li Ming", "President"], ["2024-01-15", "Li Ming", "院长"]]   # newest first, both scripts
    rows.first.locator("a.ent").click()
    page.wait_for_selector("h1:has-text('Li Ming')")


def test_timeline_spaces_years_by_time_and_counts_undated_events(page, crowded_server):
    page.goto(crowded_server + "/timeline")
    x = {int(g.get_attribute("data-year")): float(g.get_attribute("data-x")) for g in page.locator("#time-axis g.year").all()}
    assert sorted(x) == list(range(2010, 2025))   # the empty years are on the axis too
    assert x[2020] - x[2010] == pytest.approx(10 * (x[2011] - x[2010]), abs=0.1)
    assert x[2024] - x[2020] == pytest.approx(4 * (x[2011] - x[2010]), abs=0.1)
    counts = {int(g.get_attribute("data-year")): int(g.get_attribute("data-count")) for g in page.locator("#time-axis g.year").all()}
    assert (counts[2010], counts[2015], counts[2020], counts[2024]) == (4, 0, 8, 8)
    assert page.locator("#undated-link").inner_text() == "1 undated event"
    page.click("#undated-link")
    expect(page.locator("ol.timeline li")).to_have_count(1)
    assert page.locator("ol.timeline .ev-name").inner_text() == f"{HUB} founded Hub Training Centre"


def test_map_has_a_legend_and_a_country_filter(page, server):
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-ready=true]")
    legend = page.inner_text("#map-legend")
    assert "none" in legend and "Arcs join countries that meet in the same events" in legend and "1 shared event" in legend
    assert page.locator("#map path.link").count() == 7
    arc = page.locator("#map path.link").first.get_attribute("d")
    assert arc.count("L") >= 8   # a great circle projected point by point, not a straight line
    page.locator("#map path[data-code=ET]").click()
    expect(page).to_have_url(re.compile(r"/map\?country=ET$"))
    page.wait_for_selector("#map[data-ready=true]")
    pairs = page.locator("#map path.link").evaluate_all("(arcs) => arcs.map((a) => a.dataset.a + a.dataset.b)")
    assert pairs == ["CNET"]   # EPHI (ET) joined ANSO (CN): the only event with an Ethiopian participant
    assert page.locator("#map path.country.selected").get_attribute("data-code") == "ET"
    assert "ET: the filter" in page.inner_text("#map-legend")
    page.goto(server + "/map?country=ET&event_type=MEETING")   # a shared address keeps its filters
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator("#map path.link").count() == 0


def _pdf_pages(pg) -> int:
    """Print the page as Chromium does on A4 and count the PDF's pages."""
    data = pg.pdf(format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def test_a_brief_prints_on_one_page_with_a_legible_network(page, server, crowded_server):
    page.goto(_entity_url(page, crowded_server, HUB).replace("/entity/", "/report/entity/"))
    assert _pdf_pages(page) == 1
    assert "…and 17 more." in page.inner_text("section.partners")   # 24 partners and the centre it founded
    assert "…and 19 more" in page.inner_text("section.agreements")
    assert page.locator("svg.ego circle").count() == 8   # the hub and seven partners, each labelled
    assert page.locator("svg.ego text:not(.other-name)").count() == 8
    newest = page.locator("section.agreements li").first
    assert newest.locator(".ev-name").inner_text().startswith(f"Agreement between {HUB} and ")
    assert page.locator("section.agreements .ev-sources").last.inner_text() != ""
    page.goto(_entity_url(page, server, WHO).replace("/entity/", "/report/entity/"))
    assert _pdf_pages(page) == 1
    labels = page.locator("svg.ego text.other-name").all_text_contents()
    assert "世界卫生组织" in labels and "肯尼亚医学研究所" in labels   # both scripts
    sources = page.locator("section.agreements .ev-sources").all_inner_texts()
    assert sources[0].startswith("2 reports, 2 independent: KEMRI and WHO agree on a vaccine laboratory 2024-03-05; ")
    assert not any("(article" in s or ".txt" in s for s in sources)


# --- the network to work in (issue 10, point 3) ------------------------------------------------
# The drawing is a Cytoscape canvas: the tests find where a node or link is drawn from
# Cytoscape (the page keeps it on the frame as `cy`), then use the mouse as a reader would.

def _network(page, server, query: str = "") -> dict[str, int]:
    """Open the network page; the entity id of each drawn node, by name."""
    page.goto(server + "/network" + query)
    page.wait_for_selector("#network[data-ready=true]")
    return page.evaluate("() => Object.fromEntries(document.getElementById('network').cy.nodes()"
                         ".map((n) => [n.data('label'), n.data('entity')]))")


def _node_point(page, entity: int) -> tuple[float, float]:
    return tuple(page.evaluate("""(id) => { const box = document.getElementById('network'), frame = box.getBoundingClientRect();
        const p = box.cy.getElementById('n' + id).renderedPosition(); return [frame.left + p.x, frame.top + p.y]; }""", entity))


def _link_point(page, a: int, b: int) -> tuple[float, float]:
    """A point on the link between a and b that no node covers (labels take no pointer events)."""
    return tuple(page.evaluate("""([a, b]) => { const box = document.getElementById('network'), frame = box.getBoundingClientRect();
        const edge = box.cy.getElementById(a < b ? `e${a}-${b}` : `e${b}-${a}`);
        const s = edge.source().renderedPosition(), t = edge.target().renderedPosition();
        for (const k of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
          const p = { x: s.x + (t.x - s.x) * k, y: s.y + (t.y - s.y) * k };
          const covered = box.cy.nodes().some((n) => { const bb = n.renderedBoundingBox({ includeLabels: false });
            return p.x > bb.x1 - 4 && p.x < bb.x2 + 4 && p.y > bb.y1 - 4 && p.y < bb.y2 + 4; });
          if (!covered) return [frame.left + p.x, frame.top + p.y];
        }
        throw new Error('every point of the link is under a node'); }""", [a, b]))


def _empty_point(page) -> tuple[float, float]:
    """A point of the drawing's background on the screen, away from every node, label and button."""
    return tuple(page.evaluate("""() => { const box = document.getElementById('network'), frame = box.getBoundingClientRect();
        const boxes = box.cy.nodes().map((n) => n.renderedBoundingBox({ includeLabels: true }));
        const bottom = Math.min(frame.height, innerHeight - frame.top);   // on the screen
        for (let y = bottom - 40; y > 40; y -= 20) for (let x = frame.width - 40; x > 80; x -= 20)
          if (!boxes.some((bb) => x > bb.x1 - 40 && x < bb.x2 + 40 && y > bb.y1 - 40 && y < bb.y2 + 40)) return [frame.left + x, frame.top + y];
        throw new Error('no empty background'); }"""))


def _drawn(page, selector: str = "node") -> list[str]:
    return sorted(page.evaluate(f"""() => document.getElementById('network').cy.$({selector!r})
        .filter((e) => !e.hasClass('hidden')).map((e) => e.isNode() ? e.data('label') : e.id())"""))


def test_network_hover_inspects_nodes_and_links_and_a_click_stays_on_the_page(page, server):
    ids = _network(page, server)
    page.mouse.move(*_node_point(page, ids[WHO]))
    # WHO's links: KEMRI, the hub and South Africa, China CDC, and four countries at its Geneva meeting
    expect(page.locator("#network-tip")).to_contain_text(f"{WHO}organisation8 links · 4 events shown")
    page.mouse.move(*_link_point(page, ids[WHO], ids[KEMRI]))
    tip = page.locator("#network-tip")
    # one agreement, reported twice: one event, said by its first report
    expect(tip).to_contain_text("1 event shown; partners in 1")
    expect(tip.locator("blockquote.evidence")).to_have_text(["signed an agreement in Nairobi on 4 March 2024"])
    expect(tip.locator(".src a")).to_have_text(["KEMRI and WHO agree on a vaccine laboratory"])
    url = page.url
    page.mouse.move(*_link_point(page, ids["Brazil"], ids[WHO]))   # a forum's host and an attendee: no partners
    expect(tip).to_contain_text("1 event shown; partners in 0")
    expect(tip.locator(".roles")).to_have_text(f"{WHO}: host, Brazil: attendee (not partners)")
    page.mouse.click(*_link_point(page, ids[WHO], ids[KEMRI]))
    expect(page.locator("#network-panel .link-events li")).to_have_count(1)
    page.locator("#network-panel .src a").first.click()      # the link's evidence in its article
    page.wait_for_selector(".mk.target")
    assert "".join(page.locator(".mk.target").all_inner_texts()) == "signed an agreement in Nairobi on 4 March 2024"
    page.go_back()
    page.wait_for_selector("#network[data-ready=true]")
    page.mouse.click(*_node_point(page, ids[KEMRI]))
    expect(page.locator("#network-panel h2")).to_have_text(KEMRI)
    assert page.url == url                                      # a click selects; it does not leave the page
    page.mouse.dblclick(*_node_point(page, ids[KEMRI]))
    page.wait_for_url(f"**/entity/{ids[KEMRI]}")


def test_network_expands_a_neighbourhood_in_place(page, server):
    ids = _network(page, server, "?country=CN")   # events with a Chinese participant: not WHO's hub in South Africa
    before = _drawn(page)
    assert "South Africa" not in before and "mRNA Technology Transfer Hub" not in before
    url = page.url
    page.evaluate("window.stillHere = true")
    page.mouse.click(*_node_point(page, ids[WHO]))
    page.click("#expand")
    page.wait_for_selector("#network[data-expanded='1']")
    assert _drawn(page) == sorted([*before, "South Africa", "mRNA Technology Transfer Hub"])
    assert {e for e in _drawn(page, "edge")} >= {f"e{min(a, b)}-{max(a, b)}" for a, b in [(ids[WHO], ids[KEMRI])]}
    expect(page.locator("#network-status")).to_contain_text(
        f"Added 2 organisations and countries and 4 links around {WHO}")   # WHO-hub, WHO-ZA, hub-ZA, WHO-KEMRI
    assert page.url == url and page.evaluate("window.stillHere") is True   # no navigation, no reload
    expect(page.locator("#network-panel")).to_contain_text("8 links · 4 events shown")   # all of WHO's now (its agreement reported twice is one)


def test_network_shortest_path_is_highlighted(page, server):
    ids = _network(page, server)
    page.mouse.click(*_node_point(page, ids["Brazil"]))
    page.click("#path-from-here")                                   # pick two nodes ...
    page.fill("#path-to", SAJOREC)                                  # ... or type a name
    page.click("#path-form button[type=submit]")
    expect(page.locator("#path-steps > li > a")).to_have_text(["Brazil", WHO, KEMRI, SAJOREC])
    assert _drawn(page, "node.on-path") == sorted(["Brazil", WHO, KEMRI, SAJOREC])
    on_path = set(_drawn(page, "edge.on-path"))
    assert on_path == {f"e{min(a, b)}-{max(a, b)}" for a, b in [(ids["Brazil"], ids[WHO]), (ids[WHO], ids[KEMRI]),
                                                                 (ids[KEMRI], ids[SAJOREC])]}
    page.check("#path-partners")                                    # Brazil only attended WHO's meeting
    page.click("#path-form button[type=submit]")
    expect(page.locator("#network-panel h2")).to_have_text("No path")
    assert _drawn(page, "node.on-path") == []


def test_network_years_and_filters_redraw_the_links(page, server):
    _network(page, server)
    status = page.locator("#network-status")
    expect(status).to_have_text("15 organisations and countries, 22 links, from 10 events.")
    assert len(_drawn(page, "edge.attendee")) == 12    # fellow attendees, and attendees with their host: dashed
    page.fill("#since", "2024")
    # 2024: WHO-KEMRI (one agreement, reported twice), KEMRI-CAAS (a visit); undated: SAJOREC's founding, the vaccine seminar
    expect(status).to_have_text("6 organisations and countries, 6 links, from 4 events.")
    page.uncheck("#undated")
    expect(status).to_have_text("3 organisations and countries, 2 links, from 2 events.")
    assert page.get_attribute("#network", "data-edges") == "2"
    assert page.url.endswith("/network?since=2024&until=2024&undated=false")
    page.fill("#since", "2021")
    page.check("#undated")
    page.uncheck("#attendees")
    expect(status).to_have_text("11 organisations and countries, 10 links, from 10 events.")
    page.select_option("#event-type", "AGREEMENT")
    expect(status).to_have_text("3 organisations and countries, 2 links, from 2 events.")
    page.select_option("#event-type", "")
    page.select_option("#entity-type", "COUNTRY")
    page.check("#attendees")
    expect(status).to_have_text("5 organisations and countries, 6 links, from 10 events.")
    page.reload()                                                   # the address keeps the view
    page.wait_for_selector("#network[data-ready=true]")
    expect(status).to_have_text("5 organisations and countries, 6 links, from 10 events.")


def test_network_zooms_and_pans(page, server):
    _network(page, server)
    box = page.locator("#network")
    transform = lambda: (float(box.get_attribute("data-zoom")), box.get_attribute("data-pan"))  # noqa: E731
    fitted = transform()
    page.click("#zoom-in")
    assert transform()[0] == pytest.approx(fitted[0] * 1.5, rel=1e-3)
    page.mouse.move(*_empty_point(page))
    page.mouse.wheel(0, -100)                                       # a notch of the wheel: 15% closer
    page.wait_for_function(f"() => +document.getElementById('network').dataset.zoom > {fitted[0] * 1.5 * 1.1}")
    zoomed = transform()
    x, y = _empty_point(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 60, y - 40, steps=6)
    page.mouse.up()
    assert transform()[0] == zoomed[0] and transform()[1] != zoomed[1]   # dragging the background pans
    page.click("#zoom-out")
    assert transform()[0] == pytest.approx(zoomed[0] / 1.5, rel=1e-3)
    page.click("#zoom-fit")
    assert transform() == fitted


def _sign_in(pg, server: str) -> None:
    pg.goto(server + "/login")
    pg.fill("input[name=token]", TOKEN)
    pg.click("button[type=submit]")
    pg.wait_for_selector(".badge.edit")


def test_fact_review_accept_reject_and_undo(page, quality_server):
    """Lowest confidence first: an accepted fact leaves the queue and its undo brings it back;
    a rejected event leaves the timeline, and its undo brings it back."""
    _sign_in(page, quality_server)
    page.goto(quality_server + "/review/facts")
    page.fill("#reviewer", "Ana Analyst")
    page.locator("#reviewer").dispatch_event("change")
    first = page.locator("li.fact").first
    kind, fact_id = first.get_attribute("data-kind"), first.get_attribute("data-id")
    badges = [float(t) for t in page.locator("li.fact .conf").all_inner_texts()]
    assert badges == sorted(badges) and len(badges) == 20          # lowest confidence first
    queued = f"li.fact[data-kind='{kind}'][data-id='{fact_id}']"
    first.locator("button[data-verdict=accept]").click()
    expect(page.locator(queued)).to_have_count(0)
    expect(page.locator(".fact-reviews li").first).to_contain_text("Ana Analyst · accepted")
    page.locator(".fact-reviews li").first.locator("button.undo-review").click()
    expect(page.locator(queued)).to_have_count(1)
    expect(page.locator(".fact-reviews li").first).to_contain_text("undone")

    page.goto(quality_server + "/review/facts?kind=event")
    event = page.locator("li.fact").first
    event_id = event.get_attribute("data-id")
    on_timeline = f"ol.timeline a.src[href$='#e{event_id}']"
    page.goto(quality_server + "/timeline")
    expect(page.locator(on_timeline)).to_have_count(1)
    page.goto(quality_server + "/review/facts?kind=event")
    page.locator(f"li.fact[data-id='{event_id}'] button[data-verdict=reject]").click()
    expect(page.locator(f"li.fact[data-id='{event_id}']")).to_have_count(0)
    page.goto(quality_server + "/timeline")
    expect(page.locator(on_timeline)).to_have_count(0)             # hidden from the graph
    page.goto(quality_server + "/review/facts?kind=event")
    page.locator(".fact-reviews li").first.locator("button.undo-review").click()
    expect(page.locator(f"li.fact[data-id='{event_id}']")).to_have_count(1)
    page.goto(quality_server + "/timeline")
    expect(page.locator(on_timeline)).to_have_count(1)


def test_quality_page_figures_match_the_stored_sample(page, quality_server, quality_db):
    """Verdicts given in the random sample (and some lowest first, which must not count);
    the page's figures are recomputed here from the store's rows with Wilson's formula."""
    import math
    import sqlite3

    _sign_in(page, quality_server)
    page.goto(quality_server + "/review/facts?order=sample&seed=3")
    for i in range(9):
        _decide_first(page, "reject" if i % 4 == 3 else "accept")
    page.goto(quality_server + "/review/facts")
    _decide_first(page, "reject")
    page.goto(quality_server + "/quality")
    conn = sqlite3.connect(quality_db)
    rows = conn.execute("SELECT f.kind, f.verdict FROM fact_reviews f LEFT JOIN judgements j ON j.id = f.judgement "
                        "WHERE f.sampled = 1 AND f.undone = 0 AND (j.id IS NULL OR j.undone = 0)").fetchall()
    conn.close()
    assert len(rows) == 9
    z = 1.959963984540054
    for kind, label in (("mention", "entities"), ("role", "roles"), ("event", "events")):
        n = sum(k == kind for k, _ in rows)
        line = page.locator(f"#quality-{kind}").inner_text()
        if not n:
            assert "no estimate yet" in line
            continue
        p = sum(k == kind and v == "accept" for k, v in rows) / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        assert line == f"{label}: {centre:.2f} ± {half:.2f} from {n} reviewed"
        cells = page.locator(f"tr[data-kind={kind}] td.estimate").inner_text()
        assert f"[{centre - half:.2f}, {centre + half:.2f}]" in cells


def _decide_first(pg, verdict: str) -> None:
    """Give the first fact of the queue shown this verdict, and wait until it has left the queue."""
    first = pg.locator("li.fact").first
    shown = f"li.fact[data-kind='{first.get_attribute('data-kind')}'][data-id='{first.get_attribute('data-id')}']"
    first.locator(f"button[data-verdict={verdict}]").click()
    expect(pg.locator(shown)).to_have_count(0)
