"""An explorer in JupyterLab, as a student runs a chapter: Run → Run All Cells, then move a control.

The JavaScript face draws the explorer from JupyterLab's own widget manager (anywidget's lab
extension), and the kernel's Python face follows the control.  JupyterLab runs on loopback on a
copy of the notebook without its outputs, in a temporary folder (JupyterLab autosaves: the
repository's copy is never opened).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

import lossbook_browser as ui
from browser_support import ROOT, free_port

NOTEBOOK = "chapters/03_svm_loss.ipynb"
TOKEN = "lossbook-test"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    jupyter = shutil.which("jupyter")
    if jupyter is None:
        pytest.fail("jupyter is not installed (pip install -r requirements.txt)")
    root = tmp_path_factory.mktemp("lab")
    (root / "chapters").mkdir()
    # a fresh copy, without stored outputs: what the test sees comes from this run
    nb = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf8"))
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    (root / NOTEBOOK).write_text(json.dumps(nb), encoding="utf8")
    port = free_port()
    log = open(root / "lab.log", "w")
    proc = subprocess.Popen(
        [jupyter, "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", "--allow-root", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class="
         "jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n"
                                + (root / "lab.log").read_text()[-3000:])
                time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


RAN_JS = """() => [...document.querySelectorAll('.jp-InputPrompt')]
    .some(p => /\\[\\s*(\\d+|\\*)\\s*\\]/.test(p.textContent))"""


def run_all_cells(page, attempts: int = 3):
    """Run → Run All Cells, as a reader does; again if no cell started within a minute (a menu
    clicked while JupyterLab is still connecting the kernel does nothing)."""
    dialogs = []
    for attempt in range(attempts):
        page.wait_for_function(
            "() => document.body.textContent.includes('Kernel status: Idle')", timeout=120_000)
        page.keyboard.press("Escape")
        dialogs += close_dialogs(page)
        try:
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=20_000)
            page.get_by_text("Run All Cells", exact=True).first.click(timeout=20_000)
            page.wait_for_function(RAN_JS, timeout=60_000)
            return
        except Exception:  # noqa: BLE001 - retried, then reported below
            print(f"Run All Cells: attempt {attempt + 1} ran no cell")
            page.keyboard.press("Escape")
    raise AssertionError(f"Run All Cells ran no cell in {attempts} attempts; dialogs JupyterLab "
                         f"showed: {dialogs or 'none'}")


def close_dialogs(page) -> list[str]:
    """Close the dialogs JupyterLab shows over the notebook (a reader would close them too), and
    return their text: it is printed, and reported if the notebook never runs (a dialog once
    blocked the Run menu on a loaded machine: JupyterLab, not this book, opened it)."""
    texts = []
    for _ in range(3):
        dialog = page.locator(".jp-Dialog")
        if not dialog.count() or not dialog.first.is_visible():
            break
        text = " ".join(dialog.first.inner_text().split())
        texts.append(text)
        print(f"JupyterLab dialog closed: {text}")
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        if dialog.count() and dialog.first.is_visible():
            dialog.first.locator("button").last.click()
    return texts


def test_explorer_runs_in_jupyterlab_and_the_kernel_follows(lab, new_page):
    page = new_page()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{lab}/lab/tree/{NOTEBOOK}?token={TOKEN}", timeout=120_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    run_all_cells(page)
    # the kernel ran the explorer's cell: its readout reached the page
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lb-explorer')].some(e => "
        "(e.dataset.kernelReadout || '').length > 2)", timeout=180_000)
    # the install cell found lossbook and did nothing; the answers stay folded, as in the book
    install_cell = page.locator(".jp-CodeCell").first
    assert install_cell.locator(".jp-OutputArea-output").count() == 0, \
        install_cell.inner_text()[:2000]
    solutions = page.locator(".jp-MarkdownOutput details.lossbook-solution")
    assert solutions.count() == ui.count_solutions(ROOT / NOTEBOOK)
    for i in range(solutions.count()):
        assert not solutions.nth(i).evaluate("e => e.open")
        assert not solutions.nth(i).locator(":scope > :not(summary)").first.is_visible()
    solutions.first.scroll_into_view_if_needed()
    solutions.first.locator("summary").click()
    assert solutions.first.locator(":scope > :not(summary)").first.is_visible()
    assert "{solution}" not in page.locator(".jp-Notebook").inner_text()
    svm = ui.explorer(page, "margin Δ")
    svm.scroll_into_view_if_needed()
    assert ui.readouts(svm)["total"] == "5.27"
    ui.type_into_slider(svm, "margin Δ", "2")
    ui.wait_readouts(svm, {"margin": "2.00", "loss_0": "3.90", "loss_2": "14.90"})
    kernel = ui.wait_kernel(svm)
    assert kernel["total"] == pytest.approx((3.9 + 0 + 14.9) / 3, abs=1e-12)
    ui.tick(svm, "squared hinge")
    ui.wait_readouts(svm, {"loss_0": "15.21"})
    assert ui.wait_kernel(svm)["loss_0"] == pytest.approx(15.21, abs=1e-12)
