"""The dashboard in a real browser: `conflictcoder serve` over a database of the bundled
samples, opened in headless Chromium (Debian's chromium and chromium-driver, which
`.ci/run` installs). Markers, the timeline and an event's evidence must appear, and
the page must fetch nothing from outside the server.

This test fails (never skips) when Chromium is missing: CI always installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conflictcoder.interfaces.web_assets import missing_vendor_files

CHROMIUM = os.environ.get("CONFLICTCODER_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CONFLICTCODER_CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL_HINT = "apt-get install -y chromium chromium-driver (.ci/run does this before make test)"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1440,1000")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from conflictcoder.demo import samples_dir
    from conflictcoder.runner import run_inputs

    missing = missing_vendor_files()
    assert not missing, (f"dashboard libraries not installed ({missing}): "
                         "run `python -m conflictcoder.interfaces.web_assets`")
    db = tmp_path_factory.mktemp("browser") / "samples.db"
    run_inputs([str(samples_dir())], str(db), progress=False)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "conflictcoder", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={k: v for k, v in os.environ.items() if k != "CONFLICTCODER_TOKEN"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                    assert json.load(response)["status"] == "ok"
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"the server did not start: {output}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).is_file(), f"no Chromium: {INSTALL_HINT}"
    assert shutil.which(CHROMEDRIVER) or Path(CHROMEDRIVER).is_file(), (
        f"no chromedriver: {INSTALL_HINT}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: webdriver.Chrome, script: str, timeout: float = 20) -> object:
    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def test_dashboard_shows_markers_timeline_and_an_events_evidence(
        server: str, browser: webdriver.Chrome, tmp_path: Path) -> None:
    browser.get(server + "/")
    wait_for(browser, "return document.body.dataset.ready === 'true'")
    try:
        # The map: Leaflet drew the country outlines and the event markers (some clustered).
        markers = browser.find_elements(By.CSS_SELECTOR, "#map .ev-marker, #map .ev-cluster")
        assert markers, "no event markers on the map"
        outlines = browser.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive, "
                                                          "#map svg path")
        assert len(outlines) > 50, "the country outlines were not drawn"
        # The timeline: bars with heights, and the table lists every event.
        bars = browser.find_elements(By.CSS_SELECTOR, "#timeline-svg rect.bar")
        assert bars and any(float(b.get_attribute("height") or 0) > 0 for b in bars)
        total = int(browser.find_element(By.ID, "stat-events").text.replace(",", ""))
        rows = browser.find_elements(By.CSS_SELECTOR, "#events-table tbody tr[data-id]")
        assert total >= 4 and len(rows) == min(total, 100)

        # An event's detail: sources with links and the sentences behind its values, marked.
        rows[0].click()
        wait_for(browser, "return document.querySelector('#detail.open .evidence mark') !== null")
        # The panel slides in (a CSS transition); its text is visible once it is fully on screen.
        wait_for(browser, "return getComputedStyle(document.querySelector('#detail'))"
                 ".transform === 'none'")
        title = browser.find_element(By.CSS_SELECTOR, "#detail h3").text
        assert " in " in title
        marks = browser.find_elements(By.CSS_SELECTOR, "#detail .evidence mark")
        assert {m.get_attribute("class") for m in marks} & {"f-date", "f-place"}
        assert all(m.text.strip() for m in marks)
        links = browser.find_elements(By.CSS_SELECTOR, "#detail .source a[href^='http']")
        assert links, "no source link"
        assert "#event=" in browser.current_url
        browser.find_element(By.ID, "detail-close").click()
        wait_for(browser, "return !document.querySelector('#detail').classList.contains('open')")

        # Dragging across the timeline selects dates, which filter the map and the table.
        timeline = browser.find_element(By.ID, "timeline-svg")
        width = timeline.size["width"]
        ActionChains(browser).move_to_element_with_offset(timeline, width // 4, 0) \
            .click_and_hold().move_by_offset(width // 5, 0).release().perform()
        wait_for(browser, "return document.querySelector('#f-since').value !== ''")
        since = browser.find_element(By.ID, "f-since").get_attribute("value")
        until = browser.find_element(By.ID, "f-until").get_attribute("value")
        assert since <= until
        wait_for(browser, "return Number(document.querySelector('#stat-events').textContent"
                 f".replace(/,/g, '')) < {total}")
        shown = browser.find_elements(By.CSS_SELECTOR, "#events-table tbody tr[data-id]")
        dates = browser.execute_script(
            "return Array.from(document.querySelectorAll('#timeline-svg rect.bar.in'))"
            ".map(r => r.dataset.from)")
        assert dates and len(shown) < total
        browser.find_element(By.ID, "timeline-clear").click()
        wait_for(browser, "return Number(document.querySelector('#stat-events').textContent"
                 f".replace(/,/g, '')) === {total}")

        # A filter narrows the map and the table (the timeline's selection would too).
        one_country = browser.execute_script(
            "return document.querySelector('#f-country').options[1].value")
        browser.execute_script(
            "const s = document.querySelector('#f-country'); s.value = arguments[0];"
            "s.dispatchEvent(new Event('input', {bubbles: true}));", one_country)
        wait_for(browser, "return Number(document.querySelector('#stat-events').textContent"
                 f".replace(/,/g, '')) < {total}")

        # Offline: every resource the page loaded came from this server.
        urls = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        outside = [u for u in urls if not u.startswith(server)]
        assert not outside, f"the page fetched from outside the server: {outside}"
        errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
        assert not errors, errors
    finally:
        browser.save_screenshot(str(tmp_path / "dashboard.png"))  # kept for a failing run


def test_api_docs_render_offline(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/api/docs")
    wait_for(browser, "return document.querySelectorAll('.opblock').length > 3")
    text = browser.find_element(By.ID, "swagger").text
    assert "/api/events" in text and "/api/articles" in text
