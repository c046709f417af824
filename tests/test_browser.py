"""Headless Chromium for the PDF and the accessibility check (``helpers.browser``): the engine
check, the offline page loader and the shared Playwright driver. Launch tests are skipped
cleanly when Debian's chromium is not installed (``make browser``)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from helpers import browser
from helpers.browser import BrowserMissing, Chromium, check_engine

needs_chromium = pytest.mark.skipif(
    not browser.CHROMIUM.is_file(), reason="Debian's chromium is not installed (make browser)"
)

# A one-pixel PNG as a data: URL (allowed), the same pixel as a file beside the page
# (allowed), and a stylesheet and an image from the network (refused).
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PAGE = f"""<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Sivu</title>
<link rel="stylesheet" href="https://example.invalid/tyyli.css"></head><body>
<p id="luku">50,58 %</p><img alt="a" src="{PIXEL}"><img alt="b" src="kuva.svg">
<img alt="c" src="http://example.invalid/logo.png"></body></html>"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"></svg>'


# --- the engine check ---------------------------------------------------------------------


def test_a_missing_engine_names_its_path_and_how_to_install_it(tmp_path):
    missing = tmp_path / "chromium"
    with pytest.raises(BrowserMissing) as caught:
        check_engine(missing)
    assert str(caught.value) == (
        f"the browser engine {missing} is not installed; install Debian's Chromium with "
        "`make browser` (as root) or `sudo apt-get install chromium`"
    )


def test_a_file_that_cannot_be_executed_is_not_an_engine(tmp_path):
    plain_file = tmp_path / "chromium"
    plain_file.write_text("not a program")
    plain_file.chmod(0o644)
    with pytest.raises(BrowserMissing, match="is not installed"):
        check_engine(plain_file)
    plain_file.chmod(0o755)
    assert check_engine(plain_file) == plain_file
    assert check_engine(str(plain_file)) == plain_file  # a str path is accepted too


def test_the_default_engine_is_debians_chromium(monkeypatch, tmp_path):
    assert str(browser.CHROMIUM) == "/usr/bin/chromium"
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "none")
    with pytest.raises(BrowserMissing, match=str(tmp_path / "none")):
        check_engine()


def test_launch_arguments_keep_the_browser_headless_and_quiet():
    assert {"--headless", "--no-sandbox", "--disable-background-networking"} <= set(
        browser.LAUNCH_ARGS
    )


def test_a_missing_engine_fails_before_any_driver_starts(tmp_path):
    users = getattr(browser._driver, "users", 0)
    with pytest.raises(BrowserMissing), Chromium(tmp_path / "chromium"):
        pass
    assert getattr(browser._driver, "users", 0) == users


def test_open_outside_the_with_block_is_an_error(tmp_path):
    chromium = Chromium()
    with pytest.raises(RuntimeError, match=r"outside its `with` block"):
        chromium.open(tmp_path / "index.html")
    chromium.close()  # closing a browser that never started is harmless
    chromium.close()


def test_the_driver_is_started_once_and_stopped_by_its_last_user():
    # In a thread of its own: the driver is per thread, so a browser the module's other
    # tests hold open does not count here.
    seen = {}

    def use_twice():
        first = browser._start_driver()
        second = browser._start_driver()
        seen["same"] = first is second
        browser._stop_driver()
        seen["after_one"] = (browser._driver.users, browser._driver.playwright is not None)
        browser._stop_driver()
        seen["after_both"] = (browser._driver.users, browser._driver.playwright)

    worker = threading.Thread(target=use_twice)
    worker.start()
    worker.join(timeout=120)
    assert seen == {"same": True, "after_one": (1, True), "after_both": (0, None)}


# --- launched (one browser for the module; a launch costs seconds on a busy machine) -------


@pytest.fixture(scope="module")
def chromium():
    if not browser.CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed (make browser)")
    with Chromium() as running:
        yield running


@pytest.fixture
def page_dir(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "kuva.svg").write_text(SVG, encoding="utf-8")
    return tmp_path


def test_only_local_resources_load_and_network_requests_are_listed(chromium, page_dir):
    chromium.blocked_requests.clear()
    page = chromium.open(page_dir / "index.html")
    try:
        assert page.inner_text("#luku") == "50,58 %"
        # The file beside the page and the data: URL loaded (natural width > 0).
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        assert widths == [1, 3, 0]  # the network image was refused
    finally:
        page.context.close()
    assert sorted(chromium.blocked_requests) == [
        "http://example.invalid/logo.png",
        "https://example.invalid/tyyli.css",
    ]


def test_a_prepared_page_is_the_next_open_page_and_loads_only_local_resources(chromium, page_dir):
    chromium.blocked_requests.clear()
    chromium.prepare()
    prepared = chromium._prepared
    assert prepared.title() == "Tulostuksen valmistelu"  # the local warm-up page, laid out
    chromium.prepare()  # a second call keeps the page already open
    assert chromium._prepared is prepared
    with pytest.raises(FileNotFoundError):
        chromium.open(page_dir / "puuttuu.html")  # a missing file leaves the page prepared
    page = chromium.open(page_dir / "index.html")
    try:
        assert page is prepared and chromium._prepared is None
        assert page.inner_text("#luku") == "50,58 %"
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        assert widths == [1, 3, 0]  # the network image refused, as on a page opened later
    finally:
        page.context.close()
    assert sorted(chromium.blocked_requests) == [
        "http://example.invalid/logo.png",
        "https://example.invalid/tyyli.css",
    ]
    second = chromium.open(page_dir / "index.html")  # none prepared: a page of its own
    assert second is not prepared
    second.context.close()


def test_a_missing_html_file_is_named(chromium, tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no HTML file at .*puuttuu\.html"):
        chromium.open(tmp_path / "puuttuu.html")


def test_a_second_browser_shares_the_driver_and_closing_it_keeps_the_first(chromium, page_dir):
    users = browser._driver.users
    with Chromium() as second:
        assert browser._driver.users == users + 1
        assert second.open(page_dir / "index.html").title() == "Sivu"
    # The second closed (its pages with it); the first still works on the same driver.
    assert browser._driver.users == users
    assert browser._driver.playwright is not None
    page = chromium.open(page_dir / "index.html")
    assert page.title() == "Sivu"
    page.context.close()


@needs_chromium
def test_an_engine_that_does_not_start_says_so_and_releases_the_driver(tmp_path):
    users = getattr(browser._driver, "users", 0)
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'rikki' >&2\nexit 1\n")
    broken.chmod(0o755)
    with pytest.raises(BrowserMissing, match=rf"{broken} did not start \(.*make browser"):
        Chromium(broken).__enter__()
    assert getattr(browser._driver, "users", 0) == users
