"""How fast the book's explorers answer a reader.  A benchmark, not a test: it prints figures.

For each explorer:

* in-kernel: the time from a control's change (``control.value = v``, which runs the observers at
  once, as the kernel does when the browser's message arrives) to its updated output: the numbers
  recomputed, the figure redrawn and encoded, the readout rewritten; p50 and p95 over 50 changes;
* in the browser: the chapter runs under Voilà in headless Chromium; the time from a key press on
  the slider (the ``keydown`` event) to the updated loss text in the page (a MutationObserver on
  the readout), p50 over ``--moves`` moves.

Goals (printed beside each figure): in-kernel p50 ≤ 16 ms (one frame at 60 Hz) for the score,
margin and softmax explorers, ≤ 50 ms for the explorers that re-fit a model; browser p50 ≤ 150 ms.

Run from the repository root::

    python benchmarks/widgets.py                 # both parts
    python benchmarks/widgets.py --no-browser    # in-kernel only
    python benchmarks/widgets.py --only svm softmax
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

FRAME_MS = 16.0
REFIT_MS = 50.0
BROWSER_MS = 150.0


@dataclass
class Case:
    name: str                  # short name for --only
    title: str                 # what is measured
    notebook: str
    label: str                 # the slider's description (browser part)
    key: str                   # the readout key that must change (browser part)
    make: Callable             # () -> (explorer, control)
    goal_ms: float


def drag(control, n: int) -> list[float]:
    """``n`` values a reader's drag gives: one slider step at a time from the current value,
    turning back at either end of the slider (a log slider steps its exponent)."""
    import ipywidgets as widgets
    log = isinstance(control, widgets.FloatLogSlider)
    base = getattr(control, "base", 10.0)
    pos = float(np.log(control.value) / np.log(base)) if log else float(control.value)
    lo, hi, step = float(control.min), float(control.max), float(control.step)
    path, direction = [], 1.0
    for _ in range(n):
        if not lo - 1e-12 <= pos + direction * step <= hi + 1e-12:
            direction = -direction
        pos += direction * step
        path.append(float(base ** pos) if log else round(pos, 10))
    return path


def _challenge():
    from lossbook import challenges
    from lossbook.widgets.challenge_explorer import ChallengeExplorer
    ex = ChallengeExplorer(challenges.load_photo("chelsea"), challenge="viewpoint", strength=0.25)
    return ex, ex.strength


def _linear():
    from lossbook.widgets.linear_explorer import LinearExplorer
    ex = LinearExplorer(dataset="demo", loss="svm", reg_strength=0.1, learning_rate=0.1)
    return ex, ex.w_sliders[0][0]


def _svm():
    from lossbook.widgets.svm_explorer import SvmExplorer
    ex = SvmExplorer()
    return ex, ex.margin_slider


def _softmax():
    from lossbook.widgets.softmax_explorer import SoftmaxExplorer
    ex = SoftmaxExplorer(scores=(3.2, 5.1, -1.7), y=0, class_names=("cat", "car", "frog"))
    return ex, ex.temperature_slider


def _svm_vs_softmax():
    from lossbook.widgets.svm_vs_softmax_explorer import SvmVsSoftmaxExplorer
    ex = SvmVsSoftmaxExplorer(example="[10, 9, 9]", correct_score=10.0, margin=1.0)
    return ex, ex.score_slider


def _densities():
    from lossbook.widgets.regression_explorers import DensitiesExplorer
    ex = DensitiesExplorer(sigma=0.8, b=0.8, residual=0.5)
    return ex, ex.residual


def _outliers():
    from lossbook.widgets.regression_explorers import OutlierExplorer
    ex = OutlierExplorer(n_outliers=4, outlier_size=8.0)
    return ex, ex.outlier_size


def _mixture():
    from lossbook.widgets.regression_explorers import MixtureExplorer
    ex = MixtureExplorer(weight1=0.3, loc1=-1.0, loc2=2.0, scale1=0.5, scale2=1.5)
    return ex, ex.loc1


def _logistic():
    from lossbook.widgets.classification_explorers import LogisticExplorer
    ex = LogisticExplorer(w1=1.0, w2=0.0, b=0.0)
    return ex, ex.w1


def _temperature():
    from lossbook.widgets.classification_explorers import TemperatureExplorer
    ex = TemperatureExplorer(scores=(3.2, 5.1, -1.7), class_names=("cat", "car", "frog"))
    return ex, ex.temperature


def _lambda():
    from lossbook.widgets.lambda_explorer import LambdaExplorer
    ex = LambdaExplorer(penalty="l2", reg_strength=0.01)
    return ex, ex.lambda_control


CASES = [
    Case("challenge", "challenges on a photo (ch. 1): strength", "chapters/01_semantic_gap.ipynb",
         "Strength", "l1", _challenge, FRAME_MS),
    Case("linear", "linear classifier (ch. 2): a weight", "chapters/02_linear_classifier.ipynb",
         "W[0,0]  class 0 · x1", "total_loss", _linear, FRAME_MS),
    Case("svm", "multiclass SVM (ch. 3): margin", "chapters/03_svm_loss.ipynb",
         "margin Δ", "total", _svm, FRAME_MS),
    Case("softmax", "softmax (ch. 4): temperature", "chapters/04_softmax.ipynb",
         "temperature T", "loss", _softmax, FRAME_MS),
    Case("svm_vs_softmax", "SVM vs softmax (ch. 5): correct score",
         "chapters/05_svm_vs_softmax.ipynb", "correct class score s₀", "softmax_loss",
         _svm_vs_softmax, FRAME_MS),
    Case("densities", "Gaussian vs Laplace (ch. 6): residual",
         "chapters/06_regression_losses.ipynb", "residual r = y − f", "gaussian_nll",
         _densities, FRAME_MS),
    Case("outliers", "L2 vs L1 line fits (ch. 6, re-fit): outlier size",
         "chapters/06_regression_losses.ipynb", "outlier size", "l2_slope", _outliers, REFIT_MS),
    Case("mixture", "Laplace mixture (ch. 6): location f₁", "chapters/06_regression_losses.ipynb",
         "location f₁", "data_nll", _mixture, FRAME_MS),
    Case("logistic", "logistic regression (ch. 7): w₁",
         "chapters/07_classification_losses.ipynb", "weight w₁", "loss", _logistic, FRAME_MS),
    Case("temperature", "soft argmax (ch. 7): temperature",
         "chapters/07_classification_losses.ipynb", "temperature T", "max_prob", _temperature,
         FRAME_MS),
    Case("lambda", "λ explorer (ch. 8, re-fit): λ", "chapters/08_regularization.ipynb",
         "λ (reg strength)", "total_loss", _lambda, REFIT_MS),
]


def percentile(xs, q):
    return float(np.percentile(np.asarray(xs), q))


# ---- in-kernel --------------------------------------------------------------------------------

def in_kernel(case: Case, changes: int) -> tuple[float, float]:
    """p50, p95 in ms of ``control.value = v`` over ``changes`` changes of one slider step each
    (a drag), after 3 warm-up changes."""
    ex, control = case.make()
    image = getattr(getattr(ex, "view", None), "image", None)
    values = drag(control, changes + 3)
    times = []
    for i, v in enumerate(values):
        before = image.value if image is not None else None
        t = time.perf_counter()
        control.value = v
        dt = (time.perf_counter() - t) * 1000
        if image is not None and image.value is before:
            raise RuntimeError(f"{case.name}: the figure was not redrawn")
        if i >= 3:
            times.append(dt)
    return percentile(times, 50), percentile(times, 95)


# ---- browser ----------------------------------------------------------------------------------

_ARM_JS = """
([label, key]) => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const lab = [...document.querySelectorAll('.widget-label')]
      .find(e => norm(e.textContent) === norm(label));
  let box = lab;
  while (box && !box.querySelector('.lossbook-readout')) box = box.parentElement;
  const slider = lab.parentElement;
  const span = box.querySelector(`.lossbook-value[data-key="${key}"]`);
  const handle = slider.querySelector('.noUi-handle');
  window.__bench = {t0: 0, t1: 0, last: span.textContent};
  handle.addEventListener('keydown', () => { window.__bench.t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const s = box.querySelector(`.lossbook-value[data-key="${key}"]`);
    if (s && s.textContent !== window.__bench.last) {
      window.__bench.last = s.textContent;
      window.__bench.t1 = performance.now();
    }
  }).observe(box.querySelector('.lossbook-readout'), {subtree: true, childList: true,
                                                      characterData: true});
  return true;
}
"""


def in_browser(cases: list[Case], moves: int) -> dict[str, float]:
    """p50 in ms from a key press on each case's slider to its changed readout, under Voilà."""
    import browser_support as bs
    import lossbook_browser as ui

    results: dict[str, float] = {}
    assets = bs.CdnAssets()
    router = bs.make_cdn_router(assets)
    by_notebook: dict[str, list[Case]] = {}
    for c in cases:
        by_notebook.setdefault(c.notebook, []).append(c)
    with bs.Browser() as browser:
        for notebook, group in by_notebook.items():
            if not (ROOT / notebook).is_file():
                print(f"  ({notebook} does not exist: skipped)")
                continue
            with bs.VoilaApp(notebook) as app:
                page = browser.new_page(router=router)
                t = time.perf_counter()
                ui.open_app(page, app)
                print(f"  {notebook}: ready in {time.perf_counter() - t:.1f} s under Voilà")
                for case in group:
                    page.evaluate(_ARM_JS, [case.label, case.key])
                    scope = ui.explorer(page, case.label)
                    handle = ui.control(scope, case.label, "widget-slider").locator(".noUi-handle")
                    handle.first.focus()
                    times = []
                    for i in range(moves):
                        key = "ArrowRight" if (i // 3) % 2 == 0 else "ArrowLeft"
                        page.evaluate("() => { window.__bench.t1 = 0; }")
                        handle.first.press(key)
                        try:
                            page.wait_for_function("() => window.__bench.t1 > 0", timeout=10_000)
                        except Exception:  # noqa: BLE001 - a move that changed nothing
                            continue
                        times.append(page.evaluate(
                            "() => window.__bench.t1 - window.__bench.t0"))
                    results[case.name] = statistics.median(times) if times else float("nan")
                page.close()
    return results


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--changes", type=int, default=50, help="control changes per explorer (50)")
    p.add_argument("--moves", type=int, default=20, help="slider moves in the browser (20)")
    p.add_argument("--no-browser", action="store_true", help="skip the Voilà/Chromium part")
    p.add_argument("--only", nargs="*", help=f"some of: {' '.join(c.name for c in CASES)}")
    args = p.parse_args(argv)
    cases = [c for c in CASES if not args.only or c.name in args.only]

    print(f"in-kernel: control change -> numbers, figure and readout updated "
          f"({args.changes} changes each)")
    kernel = {}
    for c in cases:
        try:
            kernel[c.name] = in_kernel(c, args.changes)
        except Exception as exc:  # noqa: BLE001 - an explorer not written yet
            print(f"  {c.name}: not measured ({type(exc).__name__}: {exc})")
    browser = {}
    if not args.no_browser:
        print(f"browser: key press on the slider -> loss text updated, under Voilà "
              f"({args.moves} moves each)")
        try:
            browser = in_browser([c for c in cases if c.name in kernel], args.moves)
        except Exception as exc:  # noqa: BLE001 - no Chromium, no npm...
            print(f"  browser part not measured: {type(exc).__name__}: {exc}")

    print()
    head = (f"{'explorer':<52}{'kernel p50':>11}{'p95':>8}{'goal':>8}  "
            f"{'browser p50':>11}{'goal':>8}")
    print(head)
    print("-" * len(head))
    for c in cases:
        if c.name not in kernel:
            continue
        p50, p95 = kernel[c.name]
        ok = "ok" if p50 <= c.goal_ms else "OVER"
        line = f"{c.title:<52}{p50:>8.1f} ms{p95:>6.1f} ms ≤{c.goal_ms:>3.0f} ms {ok:<4}"
        if c.name in browser:
            b = browser[c.name]
            bok = "ok" if b <= BROWSER_MS else "OVER"
            line += f"{b:>8.0f} ms  ≤{BROWSER_MS:.0f} ms {bok}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
