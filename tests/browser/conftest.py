"""Fixtures for the browser tests (the machinery is in ``browser_support.py``).

- ``browser``: one headless Debian Chromium for the session, driven by Playwright;
- ``cdn_assets`` / ``cdn_router``: MathJax 3, require.js and the widget manager fetched from the
  npm registry (``npm pack``) into ``.cache/cdn/`` and served in place of their CDN addresses;
- ``axe_core``: axe-core's ``axe.min.js`` (accessibility rules), from the npm registry too;
- ``built_book``: ``jupyter-book build`` once per session into a temp dir, served on 127.0.0.1;
- ``new_page``: fresh pages with a log of errors, routed through ``cdn_router``;
- ``voila_app``: ``voila chapters/NN.ipynb --no-browser`` on a free loopback port, stopped at the
  end of the session.

Without Chromium, Playwright or npm the tests are SKIPPED with the reason; with
``LOSSBOOK_REQUIRE_BROWSER=1`` (``.ci/run`` sets it) the same lack is a FAILURE.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser_support import (ROOT, BookServer, Browser, BrowserUnavailable, CdnAssets,
                             VoilaApp, build_book, make_cdn_router, toc_pages)

HERE = Path(__file__).resolve().parent


def browser_required() -> bool:
    return os.environ.get("LOSSBOOK_REQUIRE_BROWSER", "").strip().lower() not in (
        "", "0", "false", "no")


def unavailable(reason: str):
    """Skip (a developer's machine) or fail (CI: ``LOSSBOOK_REQUIRE_BROWSER=1``)."""
    if browser_required():
        pytest.fail(f"{reason} -- LOSSBOOK_REQUIRE_BROWSER=1, so a missing browser or asset is "
                    "a failure", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (set LOSSBOOK_REQUIRE_BROWSER=1 to make this "
                "a failure)")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium (tests/browser)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    try:
        b = Browser()
    except BrowserUnavailable as exc:
        unavailable(str(exc))
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def cdn_assets(browser) -> CdnAssets:
    try:
        return CdnAssets()
    except BrowserUnavailable as exc:
        unavailable(str(exc))


@pytest.fixture(scope="session")
def axe_core(cdn_assets) -> Path:
    """``axe.min.js`` of axe-core (``browser_support.AXE_CORE_VERSION``), from the npm registry."""
    from browser_support import axe_script

    try:
        return axe_script(cdn_assets)
    except BrowserUnavailable as exc:
        unavailable(str(exc))


@pytest.fixture(scope="session")
def cdn_router(cdn_assets):
    return make_cdn_router(cdn_assets)


@pytest.fixture(scope="session")
def built_book(browser, tmp_path_factory):
    html_dir = build_book(tmp_path_factory.mktemp("book"))
    server = BookServer(html_dir, toc_pages())
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def book(built_book, cdn_assets):
    """The built book, with the widget manager its pages reference fetched now (so that a
    missing one fails here, with its name)."""
    versions = set()
    for html in built_book.html_dir.rglob("*.html"):
        versions.update(re.findall(r"@jupyter-widgets/html-manager@([\d.]+)/dist/",
                                   html.read_text(encoding="utf8", errors="replace")))
    for v in sorted(versions):
        cdn_assets.package("@jupyter-widgets/html-manager", v)
    return built_book


@pytest.fixture
def new_page(browser, cdn_router):
    """``new_page()`` gives a fresh page (closed after the test) with ``page.log``."""
    pages = []

    def make():
        page = browser.new_page(router=cdn_router)
        pages.append(page)
        return page

    yield make
    for page in pages:
        try:
            page.close()
        except Exception:  # noqa: BLE001 - a page that already went is fine
            pass


@pytest.fixture(scope="session")
def voila_app(browser, cdn_router):
    """``voila_app("chapters/03_svm_loss.ipynb")`` starts Voilà on that notebook (once per
    session) and returns the running :class:`VoilaApp`; all are stopped at the session's end."""
    apps: dict[str, VoilaApp] = {}

    def start(notebook: str) -> VoilaApp:
        if not (ROOT / notebook).is_file():
            pytest.skip(f"{notebook} does not exist yet")
        if notebook not in apps:
            apps[notebook] = VoilaApp(notebook)
        return apps[notebook]

    yield start
    for app in apps.values():
        app.stop()


def chapter_or_skip(notebook: str) -> str:
    """Skip a chapter's app test while the chapter is not in the book (``_toc.yml``)."""
    page = notebook.removesuffix(".ipynb")
    if page not in toc_pages():
        pytest.skip(f"{notebook} is not listed in _toc.yml yet")
    return notebook


@pytest.fixture(scope="module")
def book_page(request, built_book, browser, cdn_router):
    """The built book's page ``PAGE`` (a constant of the test module), with no kernel behind it,
    opened once for the module at 1280 px and returned when every explorer shows its numbers;
    its log must still be clean when the module is done."""
    from lossbook_browser import assert_clean, wait_for_explorers

    page = browser.new_page(router=cdn_router)
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(built_book.url(request.module.PAGE), wait_until="load")
        wait_for_explorers(page)
        yield page
        assert_clean(page)
    finally:
        page.close()


@pytest.fixture(scope="module")
def app_page(request, browser, cdn_router):
    """The chapter ``NOTEBOOK`` (a constant of the test module) running under Voilà, opened in one
    page for the whole module; Voilà (and its kernel) stops when the module is done.

    The page's log is checked by :func:`lossbook_browser.assert_clean` in the module's last test.
    """
    from lossbook_browser import open_app

    notebook = request.module.NOTEBOOK
    if not (ROOT / notebook).is_file():
        pytest.skip(f"{notebook} does not exist yet")
    app = VoilaApp(notebook)
    page = browser.new_page(router=cdn_router)
    page.app = app
    try:
        open_app(page, app)
        yield page
    except Exception:
        print(app.log())
        raise
    finally:
        try:
            page.close()
        finally:
            app.stop()
