"""Chapter 8 in the built book, with no kernel: the λ explorer re-fits in the page.

The page runs the same FISTA as ``lossbook.regpath.fit`` in JavaScript, each re-fit warm-started
from the page's previous fit.  Driven like a reader over random (penalty, λ) states in a random
order (dropdown, keys on the slider, typed values), so the warm starts take random paths:

- replayed in Python along the very same path (every intermediate fit the page made), the
  readout agrees to rtol 1e-9, the number of steps included: the two faces are one algorithm;
- against a fresh Python explorer set to the same controls (another path), it agrees within
  ``LambdaExplorer.tolerances`` (the fits stop at tol 1e-5, each from its own start), with the
  counts (weights exactly zero, accuracies) equal: the states are drawn away from the few λ where
  a weight sits at its sparsity threshold or a point on a decision boundary (``fragile``);
- the drawing follows (region polygons, arrows, bars), a re-fit takes well under a frame, and the
  explorer fits a 390-px phone with its readout on whole lines.
"""
from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

import lossbook_browser as ui

PAGE = "chapters/08_regularization"
LAMBDA = "λ (reg strength)"
PENALTY = "penalty"
LABELS = {"l2": "L2", "l1": "L1", "elastic_net": "elastic net"}
VALUES = {v: k for k, v in LABELS.items()}
N_STEPS = 100                   # the λ slider: log10 λ = -4 + 0.05 k, k = 0 .. 100


def exponent(k: int) -> float:
    return round(-4 + 0.05 * k, 2)


def open_page(new_page, built_book, width=1280):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(built_book.url(PAGE), wait_until="load")
    page.wait_for_selector(".lb-explorer .lossbook-value", timeout=90_000)
    return page, ui.explorer(page, LAMBDA)


# ---- Python's side ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ch08():
    from lossbook.widgets import ch08_regularization
    return ch08_regularization


@pytest.fixture(scope="module")
def fragile(ch08):
    """``fragile(penalty, lam)``: True where a count shown (weights exactly zero, train or test
    accuracy) could depend on where the fit started.  The exact minimum (tol 1e-12) is compared
    with fits of the explorer's tolerance from seven starts; the state is fragile unless every
    top-two score gap and every non-zero weight exceeds ten times their largest deviation and
    all starts give the same zeros."""
    from lossbook import regpath
    d = ch08.make_data()
    X = np.vstack([d.X_train, d.X_test])
    starts = [(None, None)] + [(r.W, r.b) for r in (
        ch08.compute(p, lam, d) for p, lam in [("l2", 0.01), ("l2", 1e-4), ("l2", 10.0),
                                                ("l1", 1e-4), ("l1", 10 ** -0.5),
                                                ("elastic_net", 0.1)])]
    cache = {}

    def check(penalty, lam):
        key = (penalty, lam)
        if key not in cache:
            exact = regpath.fit(d.X_train, d.y_train, reg=penalty, reg_strength=lam, n_classes=3,
                                tol=1e-12, max_iter=200_000)
            s = X @ exact.W.T + exact.b
            fits = [ch08.compute(penalty, lam, d, W, b) for W, b in starts]
            ds = max(np.abs((X @ f.W.T + f.b) - s).max() for f in fits)
            dW = max(np.abs(f.W - exact.W).max() for f in fits)
            top2 = np.sort(s - s.max(axis=1, keepdims=True), axis=1)[:, -2]
            # with W = 0 every point gets the class of the largest bias: a third of each set
            # is right whichever it is (the classes are of equal size), so no gap matters
            gap = -top2.max() if np.any(exact.W) else np.inf
            nonzero = np.abs(exact.W[exact.W != 0])
            cache[key] = bool(gap <= 10 * ds + 1e-9
                              or (nonzero.size and nonzero.min() <= 10 * dW + 1e-9)
                              or any(f.n_zero != int(np.sum(exact.W == 0)) for f in fits))
        return cache[key]

    return check


# ---- the page --------------------------------------------------------------------------------

RECORD_JS = """root => {
  window.__ch08 = [];
  const value = key => root.querySelector(`.lossbook-value[data-key="${key}"]`).dataset.value;
  new MutationObserver(records => {
    for (const r of records) window.__ch08.push([value('penalty'), value('lambda'),
                                                 Number(root.dataset.updates)]);
  }).observe(root, {attributes: true, attributeFilter: ['data-updates']});
  return Number(root.dataset.updates);
}"""

SHAPES_JS = """root => [...root.querySelectorAll('svg.lb-panel path, svg.lb-panel rect, '
  + 'svg.lb-panel line')].map(e => e.getAttribute('d') || e.getAttribute('y')
  || e.getAttribute('x2') || '').join('|')"""


def shown_state(scope) -> tuple[str, float]:
    v = ui.values(scope)
    return VALUES[v["penalty"]], float(v["lambda"])


def move_to(scope, penalty: str, k: int, k_now: int, how: str):
    """Bring the explorer to (penalty, 10 ** exponent(k)) as a reader would: the dropdown, then
    ``how``: arrow keys on the slider, Home/End, or a value typed into its box."""
    if VALUES[ui.readout(scope, "penalty")] != penalty:
        ui.choose(scope, PENALTY, LABELS[penalty])
    if k == k_now:
        return
    if how == "keys":
        ui.press_on_slider(scope, LAMBDA, "ArrowRight" if k > k_now else "ArrowLeft",
                           abs(k - k_now))
    elif how == "ends":
        ui.press_on_slider(scope, LAMBDA, "Home" if k == 0 else "End")
    else:  # typed, a little off the grid: the box puts it on the nearest step of the slider
        ui.type_into_slider(scope, LAMBDA, f"{10 ** (exponent(k) + 0.01):.5g}")


def test_random_states_agree_with_python(new_page, built_book, ch08, fragile):
    page, scope = open_page(new_page, built_book)
    Explorer = ch08.LambdaExplorer
    replay = Explorer()                     # the page's first fit: L2, λ = 0.01, from zeros
    start = ui.values(scope)
    assert not ui.agree(start, replay.readout()), ui.agree(start, replay.readout())
    updates = scope.evaluate(RECORD_JS)
    rng = np.random.default_rng(20_808)
    k_now, done, replayed, skipped, hows = 40, 0, 0, 0, []
    shapes = scope.evaluate(SHAPES_JS)
    while done < 12:
        penalty = ["l2", "l1", "elastic_net"][rng.integers(3)]
        how = ["keys", "keys", "typed", "typed", "ends"][rng.integers(5)]
        if how == "keys":
            k = int(np.clip(k_now + rng.choice([-1, 1]) * rng.integers(1, 13), 0, N_STEPS))
        elif how == "ends":
            k = int(rng.choice([0, N_STEPS]))
        else:
            k = int(rng.integers(0, N_STEPS + 1))
        lam = 10 ** exponent(k)
        if penalty == VALUES[ui.readout(scope, "penalty")] and k == k_now:
            continue
        if fragile(penalty, lam):
            skipped += 1
            continue
        hows.append(f"{penalty} 1e{exponent(k):+.2f} by {how if k != k_now else 'dropdown'}")
        move_to(scope, penalty, k, k_now, how)
        shown = ui.wait_readouts(scope, {"penalty": LABELS[penalty],
                                         "lambda": ui.fmt(lam, ".2e")})
        k_now, done = k, done + 1
        page_values = ui.values(scope)
        # 1. the same path in Python: every fit the page made, in its order
        path = page.evaluate("() => window.__ch08.splice(0)")
        assert [n for *_, n in path] == list(range(updates + 1, updates + len(path) + 1)), path
        updates += len(path)
        for label, lam_text, _ in path:
            replay.set(penalty=VALUES[label], reg_strength=float(lam_text))
        replayed += len(path)
        bad = ui.agree(page_values, replay.readout())
        assert not bad, f"{penalty}, λ = {lam:.3g} ({how}), replayed: {bad}"
        # 2. a fresh explorer brought to the same controls (another path)
        params = dict(penalty=VALUES[page_values["penalty"]], reg_strength=page_values["lambda"])
        fresh = Explorer().set(**params)
        bad = ui.agree(page_values, fresh.readout(), tolerances=Explorer.tolerances)
        assert not bad, f"{params} ({how}): {bad}"
        assert shown["n_zero"] == str(fresh.result.n_zero)
        # 3. the drawing followed: shares of the square per class, from the page's exact
        # polygons, against the Python grid of the same fit (1 % of the square per grid line)
        shares = [float(s) for s in scope.get_attribute("data-region-shares").split(",")]
        grid = np.bincount(replay.result.regions.ravel(), minlength=3) / replay.result.regions.size
        assert shares == pytest.approx(grid.tolist(), abs=0.03), (params, shares, grid)
        now = scope.evaluate(SHAPES_JS)
        assert now != shapes
        shapes = now
        title = scope.locator("svg.lb-panel text.lb-title").nth(1).text_content()
        assert title == f"the 6 weights: {fresh.result.n_zero} exactly zero"
    print(f"{done} states ({'; '.join(hows)}), {replayed} fits replayed, {skipped} fragile "
          "draws skipped")
    assert replayed >= done
    ui.assert_clean(page)


def test_a_refit_at_every_step_of_a_drag(new_page, built_book):
    """Forty moves of the slider by script: each input event re-fits, redraws and rewrites the
    readout before it returns (the explorer's one update path is synchronous)."""
    page, scope = open_page(new_page, built_book)
    ui.choose(scope, PENALTY, "L1")
    times = scope.evaluate("""root => {
      const range = root.querySelector('input[type=range][data-param=reg_strength]');
      const times = [];
      for (let i = 0; i < 40; i++) {
        const before = Number(root.dataset.updates);
        const t = performance.now();
        range.value = String(-4 + 0.05 * ((i * 37) % 101));
        range.dispatchEvent(new Event('input', {bubbles: true}));
        times.push(performance.now() - t);
        if (Number(root.dataset.updates) !== before + 1) return null;
      }
      return times;
    }""")
    assert times is not None, "an input event did not update the explorer synchronously"
    median = statistics.median(times)
    print(f"re-fit + redraw: median {median:.2f} ms, max {max(times):.2f} ms")
    ui.assert_clean(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_fits_the_screen_with_readable_readout(width, new_page, built_book):
    """No horizontal overflow, and every readout label on one line (the old readout of this
    chapter was squeezed to a letter per line)."""
    page, scope = open_page(new_page, built_book, width)
    ui.choose(scope, PENALTY, "elastic net")
    ui.wait_readouts(scope, {"penalty": "elastic net"})
    sw, cw = scope.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sw <= cw + 1, f"{sw} px of content in {cw} px"
    rows = scope.evaluate("""root => [...root.querySelectorAll('.lb-readout tr')].map(tr => {
      const [label, value] = tr.querySelectorAll('td');
      const line = parseFloat(getComputedStyle(label).lineHeight) || 20;
      return [label.textContent, label.getBoundingClientRect().height / line,
              value.getBoundingClientRect().right <= root.getBoundingClientRect().right + 1];
    })""")
    assert len(rows) == 11
    for label, lines, inside in rows:
        assert lines < 1.5 and inside, (label, lines, inside)
    panels = scope.evaluate("""root => [...root.querySelectorAll('svg.lb-panel')].map(s =>
      [s.getBoundingClientRect().width, s.querySelector('title').textContent])""")
    assert len(panels) == 2 and all(w >= 250 for w, _ in panels), panels
    assert all(name for _, name in panels)
    ui.assert_clean(page)


def test_every_control_and_the_extremes(new_page, built_book, ch08):
    """Each control moves the explorer: the dropdown, arrow keys, Home/End, a typed value."""
    page, scope = open_page(new_page, built_book)
    shapes = scope.evaluate(SHAPES_JS)
    ui.press_on_slider(scope, LAMBDA, "End")
    shown = ui.wait_readouts(scope, {"lambda": "1.00e+01"})
    assert float(shown["weight_norm"]) < 0.1
    ui.choose(scope, PENALTY, "L1")
    shown = ui.wait_readouts(scope, {"penalty": "L1", "n_zero": "6", "weight_norm": "0.0000"})
    assert float(shown["data_loss"]) == pytest.approx(math.log(3), abs=1e-4)
    desc = scope.locator("svg.lb-panel desc").nth(1).text_content()
    assert "W₀,₁ = 0" in desc and "6 exactly zero" in scope.locator(
        "svg.lb-panel title").nth(1).text_content()
    ui.press_on_slider(scope, LAMBDA, "Home")
    shown = ui.wait_readouts(scope, {"lambda": "1.00e-04"})
    assert int(shown["n_zero"]) >= 2            # L1: one zero per column at least
    ui.press_on_slider(scope, LAMBDA, "ArrowRight", 3)
    ui.wait_readouts(scope, {"lambda": "1.41e-04"})
    ui.type_into_slider(scope, LAMBDA, "0.1")
    ui.wait_readouts(scope, {"lambda": "1.00e-01"})
    assert ui.slider_value(scope, LAMBDA) == "0.1"
    ui.choose(scope, PENALTY, "elastic net")
    ui.wait_readouts(scope, {"penalty": "elastic net"})
    ui.choose(scope, PENALTY, "L2")
    shown = ui.wait_readouts(scope, {"penalty": "L2", "n_zero": "0"})
    fresh = ch08.LambdaExplorer().set(penalty="l2", reg_strength=0.1)
    bad = ui.agree(ui.values(scope), fresh.readout(), tolerances=ch08.LambdaExplorer.tolerances)
    assert not bad, bad
    assert scope.evaluate(SHAPES_JS) != shapes
    ui.assert_clean(page)
