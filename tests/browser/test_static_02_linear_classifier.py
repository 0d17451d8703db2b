"""Chapter 2 in the built book, with NO kernel: the linear-classifier explorer computes, steps and
draws in the page (its JavaScript face).  Every control is driven as a reader drives it (keyboard
on the sliders, typing in the number boxes, the data-set dropdown, the loss switch, every button),
and the page's readout (full precision, ``data-value``) is compared with a fresh Python explorer
brought to the same control values."""
from __future__ import annotations

import random
import time

import numpy as np

import lossbook_browser as ui

PAGE = "chapters/02_linear_classifier"
#: the explorer as the notebook builds it
NOTEBOOK_ARGS = dict(dataset="demo", loss="svm", reg_strength=0.1, learning_rate=0.1)
W00 = "W[0,0]  class 0 · x1"
REG = "λ reg. strength"
ETA = "η step size"
W_LABEL = "W[{k},{d}]  class {k} · x{d1}"
B_LABEL = "b[{k}]  class {k} bias"


def w_label(k, d):
    return W_LABEL.format(k=k, d=d, d1=d + 1)


def b_label(k):
    return B_LABEL.format(k=k)


def python_explorer(**params):
    from lossbook.widgets.ch02_linear_classifier import LinearExplorer
    return LinearExplorer(**NOTEBOOK_ARGS).set(**params)


def tolerances():
    from lossbook.widgets.ch02_linear_classifier import LinearExplorer
    return getattr(LinearExplorer, "tolerances", {})


def wait_agree(scope, params, timeout_s=10.0):
    """Wait until the page's readout equals Python's for ``params``; returns the page's values."""
    expected = python_explorer(**params).readout()
    deadline = time.monotonic() + timeout_s
    bad = ["never read"]
    while time.monotonic() < deadline:
        shown = ui.values(scope)
        bad = ui.agree(shown, expected, tolerances=tolerances())
        if not bad:
            return shown
        time.sleep(0.05)
    raise AssertionError(f"page and Python disagree for {params}:\n  " + "\n  ".join(bad[:12]))


def page_params(scope) -> dict:
    """W and b as the sliders' number boxes show them (on the 0.01 grid, so exact)."""
    W = [[float(ui.slider_value(scope, w_label(k, d))) for d in range(2)] for k in range(3)]
    b = [float(ui.slider_value(scope, b_label(k))) for k in range(3)]
    return {"W": W, "b": b}


def figure_state(scope) -> str:
    """The drawing's geometry: the region polygons, the lines and the arrows."""
    return scope.locator("svg.lb-panel polygon[data-class], svg.lb-panel line[data-class]") \
        .evaluate_all("els => els.map(e => e.getAttribute('points') || "
                      "[e.getAttribute('x1'), e.getAttribute('y1'), e.getAttribute('x2'), "
                      "e.getAttribute('y2')].join(',')).join(' | ')")


def open_page(built_book, new_page, width=1280):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(built_book.url(PAGE))
    scope = ui.explorer(page, W00, timeout_ms=60_000)
    scope.locator(".lossbook-value").first.wait_for()
    return page, scope


def test_starts_as_the_notebook_left_it(built_book, new_page):
    page, scope = open_page(built_book, new_page)
    shown = wait_agree(scope, {})
    assert ui.readouts(scope)["total_loss"] == "6.267" and shown["loss"] == "SVM"
    assert page_params(scope) == {"W": [[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]],
                                  "b": [0.0, 0.5, -0.5]}
    # every control labelled as before (the labels' text keeps the two spaces of the old ones)
    texts = set(scope.locator(".lb-control > label, .lb-control > legend").all_text_contents())
    wanted = {w_label(k, d) for k in range(3) for d in range(2)} | {b_label(k) for k in range(3)}
    assert wanted | {"Data set", "Loss", REG, ETA} <= texts, texts
    for label in ("One gradient step", "10 steps", "Randomize W, b"):
        assert scope.get_by_role("button", name=label, exact=True).count() == 1
    # a text alternative for the drawing
    assert "Decision regions" in scope.locator("svg.lb-panel title").first.text_content()
    assert len(scope.locator('.lossbook-value[data-key^="L_"]').all()) == 9
    ui.assert_clean(page)


def test_random_states_agree_with_python(built_book, new_page):
    """Ten random states, each reached with the reader's means, checked against Python."""
    from lossbook.widgets.ch02_linear_classifier import DATASET_OPTIONS, LOSS_OPTIONS
    page, scope = open_page(built_book, new_page)
    rnd = random.Random(20)
    params = {"dataset": "demo", "loss": "svm", "reg_strength": 0.1, "learning_rate": 0.1,
              "W": [[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]], "b": [0.0, 0.5, -0.5]}
    for trial in range(10):
        before = figure_state(scope)
        label, value = rnd.choice(DATASET_OPTIONS)
        ui.choose(scope, "Data set", label)
        params["dataset"] = value
        label, value = LOSS_OPTIONS[trial % 2]
        ui.choose(scope, "Loss", label)
        params["loss"] = value
        lam = rnd.randint(0, 100) / 100
        ui.type_into_slider(scope, REG, f"{lam:.2f}")
        params["reg_strength"] = lam
        # W[k,d]: two entries by the keyboard (0.01 per press), two typed
        for _ in range(2):
            k, d = rnd.randrange(3), rnd.randrange(2)
            presses = rnd.randint(1, 12)
            key = rnd.choice(["ArrowRight", "ArrowLeft"])
            ui.press_on_slider(scope, w_label(k, d), key, presses)
            delta = 0.01 * presses * (1 if key == "ArrowRight" else -1)
            params["W"][k][d] = round(min(5.0, max(-5.0, params["W"][k][d] + delta)), 2)
        for _ in range(2):
            k, d = rnd.randrange(3), rnd.randrange(2)
            v = rnd.randint(-300, 300) / 100
            ui.type_into_slider(scope, w_label(k, d), f"{v:.2f}")
            params["W"][k][d] = v
        k = rnd.randrange(3)
        v = rnd.randint(-200, 200) / 100
        ui.type_into_slider(scope, b_label(k), f"{v:.2f}")
        params["b"][k] = v
        wait_agree(scope, params)
        assert page_params(scope) == {"W": params["W"], "b": params["b"]}
        assert figure_state(scope) != before, f"trial {trial}: the figure did not change"
        n = len(scope.locator('.lossbook-value[data-key^="L_"]').all())
        assert n == (9 if params["dataset"] == "demo" else 30)
        # misclassified rows are marked, and only those
        wrong = scope.locator("tr.lb-wrong").count()
        accuracy = ui.values(scope)["accuracy"]
        assert wrong == round((1 - accuracy) * n)
    # η: typed and by the keyboard (it only matters to the buttons; the readout stays)
    ui.type_into_slider(scope, ETA, "0.37")
    ui.press_on_slider(scope, ETA, "ArrowRight", 3)
    assert ui.slider_value(scope, ETA) == "0.40"
    params["learning_rate"] = 0.4
    wait_agree(scope, params)
    ui.assert_clean(page)


def test_buttons_step_like_python(built_book, new_page):
    """One gradient step on the page equals Python's gradient_step of the same state snapped to
    the sliders' grid, and the loss falls; ten steps equal Python's step(10); Randomize draws
    on the grid in [−3, 3], seeded (the same draws after a reload)."""
    from lossbook.widgets.ch02_linear_classifier import gradient_step, snap
    page, scope = open_page(built_book, new_page)
    params = {"dataset": "blobs", "loss": "softmax", "reg_strength": 0.05,
              "learning_rate": 0.5, "W": [[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]],
              "b": [0.0, 0.5, -0.5]}
    ui.choose(scope, "Data set", "3 blobs of 10 (separable)")
    ui.choose(scope, "Loss", "Softmax (cross-entropy)")
    ui.type_into_slider(scope, REG, "0.05")
    ui.type_into_slider(scope, ETA, "0.5")
    before = wait_agree(scope, params)
    drawn = figure_state(scope)
    for loss in ("softmax", "svm"):
        if loss == "svm":
            ui.choose(scope, "Loss", "SVM (hinge)")
            params["loss"] = "svm"
            before = wait_agree(scope, params)
            drawn = figure_state(scope)
        py = python_explorer(**params)
        W1, b1 = gradient_step(py.W, py.b, py.X, py.y, loss, params["reg_strength"],
                               params["learning_rate"])
        ui.click(scope, "One gradient step")
        params.update(W=snap(W1).tolist(), b=snap(b1).tolist())
        after = wait_agree(scope, params)
        assert page_params(scope) == {"W": params["W"], "b": params["b"]}
        assert after["total_loss"] < before["total_loss"]
        assert figure_state(scope) != drawn
        # ten steps, one snap at the end: Python's LinearExplorer.step(10)
        expected = python_explorer(**params).step(10)
        ui.click(scope, "10 steps")
        params.update(W=expected.W, b=expected.b)
        tenth = wait_agree(scope, params)
        assert page_params(scope) == {"W": expected.W, "b": expected.b}
        assert tenth["total_loss"] < after["total_loss"]
    # Randomize: on the grid, in [−3, 3], and the readout is Python's for the W, b drawn
    ui.click(scope, "Randomize W, b")
    deadline = time.monotonic() + 5
    while page_params(scope)["W"] == params["W"] and time.monotonic() < deadline:
        time.sleep(0.05)
    drawn_params = page_params(scope)
    W = np.array(drawn_params["W"])
    assert drawn_params["W"] != params["W"]
    assert np.all(np.abs(W) <= 3) and np.all(np.abs(drawn_params["b"]) <= 3)
    np.testing.assert_array_equal(W, np.round(W, 2))
    params.update(drawn_params)
    wait_agree(scope, params)
    ui.assert_clean(page)
    # seeded: a fresh page draws the same first W, b
    page2, scope2 = open_page(built_book, new_page)
    ui.click(scope2, "Randomize W, b")
    deadline = time.monotonic() + 5
    while page_params(scope2)["W"] != drawn_params["W"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert page_params(scope2) == drawn_params
    ui.assert_clean(page2)


def test_updates_synchronously_and_fits_a_phone(built_book, new_page):
    page, scope = open_page(built_book, new_page, width=390)
    overflow = scope.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert overflow[0] <= overflow[1] + 1, f"the explorer overflows a 390-px page: {overflow}"
    box = scope.locator("svg.lb-panel").first.bounding_box()
    assert box and box["width"] > 250
    # each slider input updates compute, drawing, readout and table at once (the speed is
    # measured by benchmarks/widgets.py)
    ui.choose(scope, "Data set", "rings (not separable)")
    ui.choose(scope, "Loss", "Softmax (cross-entropy)")
    timing = scope.evaluate("""root => {
        const range = root.querySelector('input[type=range][data-param="W"][data-index="1,0"]');
        const updates = () => Number(root.dataset.updates);
        const times = [];
        for (let i = 0; i < 40; i++) {
            const n = updates();
            const t0 = performance.now();
            range.value = String((i % 20) / 10 - 1);
            range.dispatchEvent(new Event('input', {bubbles: true}));
            times.push(performance.now() - t0);
            if (updates() !== n + 1) return {error: 'no synchronous update'};
        }
        times.sort((a, b) => a - b);
        return {median: times[20], max: times[39]};
    }""")
    assert "error" not in timing, timing
    overflow = scope.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert overflow[0] <= overflow[1] + 1, f"overflow with 30 points: {overflow}"
    ui.assert_clean(page)
