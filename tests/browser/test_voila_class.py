"""Voilà for a class: every chapter as an app from one server (``_voila/voila.py``), in Chromium.

The README's command, ``voila chapters/ --Voila.config_file_paths=_voila``, runs here on a free
loopback port (and ``--no-browser``), and must give a class:

- preheated kernels: a chapter's page comes from a kernel that ran the chapter before anyone
  asked (Voilà logs ``Using pre-heated kernel: ID for NOTEBOOK``, ID being the page's kernel).
  The time to the first visible control is printed beside the 3 s goal, never asserted: the
  machines are shared and noisy;
- links between chapters that answer 200 and open the other chapter (one-notebook mode: 403);
- the exercise solutions folded;
- a ceiling on kernels (a small one, set on the command line): the page beyond it gets a page
  that says why, the server and the open pages carry on, and a closed tab makes room again;
- a token when it listens beyond loopback (bound to 0.0.0.0; only 127.0.0.1 is contacted).

Each server is stopped, with its kernels, when its tests are done; every wait has a bound.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import lossbook_browser as ui
from browser_support import ROOT, VoilaApp, free_port

COMMAND = ["voila", "chapters/", "--Voila.config_file_paths=_voila"]   # the README's, as is
NOTEBOOKS = sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb"))
FIRST_CONTROL = ".lb-explorer .lb-control"
GOAL_S = 3.0
WARM_TIMEOUT_S = 420   # ten chapters run at once on two cores
# The classic file list links Font Awesome 4 from a CDN that the tests' router does not serve
# (Voilà's own page; it only draws the file icons).
TREE_ALLOW = (r"font-awesome@4",)
# A chapter's page asks Voilà to shut its kernel down as it goes; the browser reports that
# request as aborted, yet the server gets it (test_kernel_limit waits for the shutdown).
LEAVING_ALLOW = (r"/voila/api/shutdown/\S+: net::ERR_ABORTED",)


class ClassVoila(VoilaApp):
    """``COMMAND`` + a free loopback port + ``--no-browser`` + ``extra``, from the repository
    root, stopped with its kernels like any :class:`VoilaApp`."""

    def __init__(self, *extra: str, startup_timeout: float = 60.0):
        voila = shutil.which(COMMAND[0])
        if voila is None:
            raise RuntimeError("voila is not installed (pip install -r requirements.txt)")
        self.notebook = Path(COMMAND[1])
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        fd, log_path = tempfile.mkstemp(prefix="voila-class-", suffix=".log")
        os.close(fd)
        self.log_path = Path(log_path)
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env.pop("MPLBACKEND", None)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [voila, *COMMAND[1:], f"--port={self.port}", "--no-browser", *extra], cwd=ROOT,
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            start_new_session=True)
        try:
            self._wait_ready(startup_timeout)
        except BaseException:
            self.stop()
            raise

    def full_log(self) -> str:
        return self.log_path.read_text(encoding="utf8", errors="replace")

    def kernels(self) -> int:
        """The kernel processes running under this server."""
        return sum(b"ipykernel" in cmd for cmd in self._descendants().values())

    def kernel_model(self, kernel_id: str) -> dict | None:
        try:
            with urllib.request.urlopen(f"{self.url}api/kernels/{kernel_id}", timeout=5) as r:
                return json.load(r)
        except urllib.error.HTTPError:   # shut down meanwhile
            return None

    def preheated(self, notebook: str, kernel_id: str) -> bool:
        """Whether Voilà served ``notebook`` from the preheated kernel ``kernel_id``."""
        return f"Using pre-heated kernel: {kernel_id} for {notebook}" in self.full_log()

    def wait_warm(self, timeout: float = WARM_TIMEOUT_S):
        """Wait until every chapter has its preheated kernel and every kernel has run its chapter
        (idle, and no message for a second).  No kernel at all after 20 s means nothing is
        preheated: return, and let the tests say so."""
        start = time.monotonic()
        previous = None
        while time.monotonic() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with {self.proc.returncode}:\n{self.log()}")
            log = self.full_log()
            ids = re.findall(r"Kernel started: ([0-9a-f-]{36})", log)
            if not ids and time.monotonic() - start > 20:
                return
            if set(re.findall(r"Kernel pool of (\S+) is filled", log)) >= set(NOTEBOOKS):
                models = [m for m in map(self.kernel_model, ids) if m is not None]
                if models == previous and all(m["execution_state"] == "idle" for m in models):
                    return
                previous = models
            time.sleep(1)
        raise AssertionError(f"the chapters' preheated kernels were not ready in {timeout:.0f} s"
                             f"\n{self.log()}")


def page_kernel(page) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def seconds_to_first_control(page, t0: float) -> float:
    page.locator(FIRST_CONTROL).first.wait_for(state="visible", timeout=ui.READY_TIMEOUT_MS)
    return time.monotonic() - t0


def report(capsys, text: str):
    """Print past pytest's capture: the timings are this test's product."""
    with capsys.disabled():
        print(f"\n{text}")


def chapter_title(notebook: str) -> str:
    cells = json.loads((ROOT / "chapters" / notebook).read_text(encoding="utf8"))["cells"]
    return "".join(cells[0]["source"]).splitlines()[0].lstrip("# ").strip()


# ---- the README's command --------------------------------------------------------------------

@pytest.fixture(scope="class")
def class_app(browser):
    app = ClassVoila()
    try:
        app.wait_warm()
        yield app
    except Exception:
        print(app.log())
        raise
    finally:
        app.stop()


@pytest.fixture(scope="class")
def svm_page(class_app, browser, cdn_router):
    """Chapter 3 opened from the file list, as a student would (the list opens a chapter in a
    new tab: here a new page, so that it goes through the CDN router too);
    ``page.first_control_s`` is the time from opening it to its first visible control."""
    tree = browser.new_page(router=cdn_router)
    page = browser.new_page(router=cdn_router)
    try:
        tree.goto(class_app.url)
        link = tree.locator("a[href*='/voila/render/03_svm_loss.ipynb']")
        href = link.evaluate("a => a.href")
        t0 = time.monotonic()
        assert page.goto(href).status == 200
        page.first_control_s = seconds_to_first_control(page, t0)
        yield page
    finally:
        tree.close()
        page.close()


class TestClassServer:
    def test_file_list_links_every_chapter(self, class_app, new_page):
        page = new_page()
        assert page.goto(class_app.url).status == 200
        links = page.locator("a[href*='/voila/render/']")
        assert sorted(links.all_inner_texts()) == NOTEBOOKS
        ui.assert_clean(page, allow=TREE_ALLOW)

    def test_chapter_comes_from_a_preheated_kernel(self, class_app, svm_page, capsys):
        report(capsys, f"03_svm_loss.ipynb from the file list: first control after "
                       f"{svm_page.first_control_s:.2f} s (goal: {GOAL_S:.0f} s)")
        kernel = page_kernel(svm_page)
        assert class_app.preheated("03_svm_loss.ipynb", kernel), (
            f"the page's kernel {kernel} is not a preheated one:\n{class_app.log()}")
        assert svm_page.locator(FIRST_CONTROL).count() > 1

    def test_solutions_are_folded(self, svm_page):
        solutions = svm_page.locator("details.lossbook-solution")
        if solutions.count() == 0:
            pytest.skip("no <details class='lossbook-solution'> in chapter 3 yet")
        for details in solutions.all():
            body = details.locator(":scope > :not(summary)")
            assert details.evaluate("d => d.open") is False
            assert body.count() and not any(b.is_visible() for b in body.all())
            details.locator(":scope > summary").click()
            assert details.evaluate("d => d.open") is True
            assert body.first.is_visible()

    def test_link_to_the_next_chapter(self, class_app, svm_page, capsys):
        """The first paragraph links "linear classifier" to 02_linear_classifier.ipynb: that
        opens chapter 2's app, served at once from its preheated kernel."""
        link = svm_page.locator("#rendered_cells a[href='02_linear_classifier.ipynb']").first
        t0 = time.monotonic()
        with svm_page.expect_navigation() as nav:
            link.click()
        response = nav.value
        assert response.status == 200
        assert response.url == class_app.url + "voila/render/02_linear_classifier.ipynb"
        elapsed = seconds_to_first_control(svm_page, t0)
        report(capsys, f"02_linear_classifier.ipynb by a link from chapter 3: first control "
                       f"after {elapsed:.2f} s (goal: {GOAL_S:.0f} s)")
        assert svm_page.locator("h1").first.inner_text().strip() == chapter_title(
            "02_linear_classifier.ipynb")
        assert class_app.preheated("02_linear_classifier.ipynb", page_kernel(svm_page))
        # chapter 2 links the book's notation page: shown as text, not refused
        notation = svm_page.locator("#rendered_cells a[href='notation.md']").first
        answer = svm_page.request.get(notation.evaluate("a => a.href"))
        assert answer.status == 200 and "Notation" in answer.text()

    def test_pages_had_no_errors(self, svm_page):
        ui.assert_clean(svm_page, allow=LEAVING_ALLOW)


# ---- the ceiling on kernels ------------------------------------------------------------------

def test_kernel_limit(browser, cdn_router, capsys):
    """With a ceiling of one kernel beyond the preheated ones, chapter 3 serves two pages: the
    first takes its preheated kernel, whose replacement takes the last place; the second takes
    that replacement, whose own replacement is refused.  The third finds neither kernel nor
    place, and says so."""
    limit = len(NOTEBOOKS) + 1
    app = ClassVoila(f"--ClassKernelManager.max_kernels={limit}")
    pages = []
    try:
        app.wait_warm()
        chapter = app.url + "voila/render/03_svm_loss.ipynb"
        statuses = []
        for _ in range(limit + 1):   # more pages than the ceiling, at most
            pages.append(browser.new_page(router=cdn_router))
            statuses.append(pages[-1].goto(chapter, timeout=ui.READY_TIMEOUT_MS).status)
            if statuses[-1] != 200:
                break
            seconds_to_first_control(pages[-1], time.monotonic())
            assert app.kernels() <= limit
        assert statuses == [200, 200, 503]
        full = pages[-1].locator("h1").inner_text()
        assert f"all {limit} kernels are in use" in full and "Close a tab" in full, full
        report(capsys, f"page beyond the ceiling of {limit} kernels: {full!r}")

        # the server carries on: the file list answers, the open pages still compute
        with urllib.request.urlopen(app.url, timeout=10) as r:
            assert r.status == 200
        svm = ui.explorer(pages[0], "margin Δ")
        ui.press_on_slider(svm, "margin Δ", "ArrowRight", 10)
        ui.wait_readouts(svm, {"margin": "2.00", "total": "6.27"})
        ui.wait_kernel(svm)

        # a closed tab gives its kernel back (the page asks Voilà to as it goes): room again
        gone = page_kernel(pages[0])
        pages[0].close(run_before_unload=True)
        deadline = time.monotonic() + 30
        while app.kernel_model(gone) is not None:   # gone from the API: the shutdown is over
            assert time.monotonic() < deadline, f"kernel {gone} still runs:\n{app.log()}"
            time.sleep(0.2)
        again = browser.new_page(router=cdn_router)
        pages.append(again)
        assert again.goto(chapter, timeout=ui.READY_TIMEOUT_MS).status == 200
        seconds_to_first_control(again, time.monotonic())
        assert app.preheated("03_svm_loss.ipynb", page_kernel(again))
        assert app.kernels() <= limit
    except Exception:
        print(app.log())
        raise
    finally:
        for page in pages:
            page.close()
        app.stop()


# ---- a token beyond loopback -----------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_token_required_beyond_loopback():
    """Bound to every interface without a token, the server makes one and prints it in its URL;
    a request without it is sent to the login page, one with it is served, and the cookie it
    sets serves the next pages."""
    app = ClassVoila("--Voila.ip=0.0.0.0")
    try:
        log = app.full_log()
        assert "a token is required" in log, log
        token = re.search(r"http://\S+:\d+/\?token=([\w-]+)", log).group(1)
        opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

        def get(path):
            try:
                with opener.open(app.url + path, timeout=30) as r:
                    return r.status, r.read().decode("utf8")
            except urllib.error.HTTPError as exc:
                return exc.code, exc.headers.get("Location", "")

        for path in ("", "voila/render/03_svm_loss.ipynb", "voila/tree/"):
            status, location = get(path)
            assert status == 302 and "/login?next=" in location, (path, status, location)
        status, body = get(f"?token={token}")
        assert status == 200 and all(nb in body for nb in NOTEBOOKS)
        status, body = get("voila/tree/")   # the cookie alone
        assert status == 200 and "03_svm_loss.ipynb" in body
    except Exception:
        print(app.log())
        raise
    finally:
        app.stop()
