"""End-to-end tests in a real browser: Debian's Chromium, headless, driven by Playwright.

The explorer runs on a loopback port over a copy of the hand-written store of
`stores.explorer_store`. Every request
the browser makes is recorded, and none may leave the machine. Set COOPGRAPH_SCREENSHOTS
to a folder to keep the screenshots (`make screenshots` writes the README's)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from stores import CAS, CHINA_CDC, HOSTILE_NAME, HOSTILE_TITLE, KEMRI, SAJOREC, WHO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
TOKEN = "browser-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(explorer_db, tmp_path_factory):
    import uvicorn

    from coopgraph.api.app import create_app

    db = tmp_path_factory.mktemp("browser") / "store.db"
    shutil.copy(explorer_db, db)
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


def _shot(pg, name: str) -> None:
    folder = os.environ.get("COOPGRAPH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


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
    _shot(page, "search")


def test_profile_then_a_fact_to_its_span(page, server):
    page.goto(server + "/?q=world+health")
    page.click(f"#entity-hits a >> text={WHO}")
    page.wait_for_selector(f"h1:has-text('{WHO}')")
    assert page.locator(".names li").all_inner_texts() == ["WHO", WHO, "世界卫生组织"]
    assert page.locator("ol.timeline li").count() == 4   # the agreement reported twice is one event
    assert page.locator("ol.partners li").first.inner_text().startswith(KEMRI)
    assert page.locator("svg.ego circle").count() == 9  # WHO and the eight organisations and countries it met
    _shot(page, "profile")
    evidence = page.locator("ol.timeline li blockquote").last.inner_text()
    assert evidence == "The World Health Organization and the Kenya Medical Research Institute signed a memorandum"
    page.locator("ol.timeline li a.src").last.click()
    page.wait_for_selector(".mk.target")
    highlighted = "".join(page.locator(".mk.target").all_inner_texts())
    assert highlighted.strip() == evidence.strip()
    assert page.locator(".mk.target").first.is_visible()
    _shot(page, "article")


def test_network_timeline_and_map_render(page, server):
    page.goto(server + "/network")
    page.wait_for_selector("#network[data-ready=true]")
    assert re.fullmatch(r"\d+ organisations and countries, \d+ links, from 10 events.*", page.inner_text("#network-status"))
    _shot(page, "network")
    page.goto(server + "/timeline?event_type=AGREEMENT")
    assert page.locator("ol.timeline li").count() == 2   # one of them reported twice
    assert {t.lower() for t in page.locator("ol.timeline .evtype").all_inner_texts()} == {"agreement"}
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-ready=true]")
    codes = page.locator("#map path[data-code]").evaluate_all("(paths) => paths.map((p) => p.dataset.code)")
    assert sorted(codes) == ["BR", "CH", "CN", "ET", "KE", "ZA"]
    assert page.locator("#map path.link").count() == 7  # the pairs of countries that meet in one event
    _shot(page, "map")


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
    _shot(page, "curation")
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
