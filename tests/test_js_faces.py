"""The explorers' JavaScript faces at the numbers' extremes, run in Node (no browser needed).

The regularization term λ R(W) of the pages (``_explorer.js``'s ``regTerm``, used by chapters 2
and 8) must equal the library's :func:`lossbook.regularization.reg_loss` — exactly 0 at λ = 0
whatever W (no 0·∞ = NaN), finite for a huge W with a tiny λ — and chapter 2's page loss must
equal the Python face's there.  Node comes from the PATH or from the Playwright package (which
ships one); without either the test is skipped.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from lossbook import regularization
from lossbook.widgets import ch02_linear_classifier

WIDGETS = Path(ch02_linear_classifier.__file__).resolve().parent


def _node() -> str | None:
    found = shutil.which("node")
    if found:
        return found
    try:
        import playwright
    except ImportError:
        return None
    bundled = Path(playwright.__file__).parent / "driver" / "node"
    return str(bundled) if bundled.is_file() else None


NODE = _node()
pytestmark = pytest.mark.skipif(NODE is None, reason="no Node.js to run the JavaScript faces")


def run_js(module: str, body: str) -> object:
    """Import ``widgets/<module>.js`` in Node, run ``body`` (which assigns ``out``) and return
    ``out`` through JSON (non-finite numbers as the strings "Infinity", "NaN")."""
    script = (f'import * as m from "{(WIDGETS / module).as_uri()}";\n'
              f"let out;\n{body}\n"
              "console.log(JSON.stringify(out, (k, v) => "
              "typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));")
    done = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


LAMBDAS = (0.0, 1e-300, 1e-200, 1e-4, 0.1, 10.0)
SCALES = (1e-200, 1e-160, 1e-3, 1.0, 1e154, 1e200)
BASE = np.array([[0.5, -1.25], [0.0, 2.0], [-3.0, 0.75]])


@pytest.mark.parametrize("reg", regularization.REGULARIZERS)
def test_reg_term_equals_the_library(reg):
    cases = [(lam, (scale * BASE).tolist()) for lam in LAMBDAS for scale in SCALES]
    got = run_js("_explorer.js", f"out = {json.dumps(cases)}.map(([lam, W]) => "
                                 f"m.regTerm(lam, W.flat(), {json.dumps(reg)}, 0.5));")
    for (lam, W), js in zip(cases, got):
        expected = regularization.reg_loss(np.array(W), lam, reg=reg, beta=0.5)
        if np.isfinite(expected):
            assert isinstance(js, float | int), (lam, W[0][0], js)
            assert js == pytest.approx(expected, rel=1e-12, abs=0.0), (lam, W[0][0])
        else:  # beyond float range the page shows the overflow, never NaN
            assert js == "Infinity", (lam, W[0][0], js)
        if lam == 0.0:
            assert js == 0


@pytest.mark.parametrize("scale", (1.0, 1e154, 1e200))
@pytest.mark.parametrize("loss", ("svm", "softmax"))
def test_chapter2_page_loss_at_lambda_zero_with_huge_weights(loss, scale):
    X = [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]]
    y = [0, 1, 2]
    W = (scale * BASE).tolist()
    b = [0.0, 0.5, -0.5]
    js = run_js("ch02_linear_classifier.js",
                f"const r = m.compute({json.dumps(W)}, {json.dumps(b)}, {json.dumps(X)}, "
                f"{json.dumps(y)}, {json.dumps(loss)}, 0);\n"
                "out = {reg: r.regLoss, data: r.dataLoss, total: r.totalLoss, dW: r.dW};")
    python = ch02_linear_classifier.compute(W, b, X, y, loss, 0.0)
    assert js["reg"] == 0 and python.reg_loss == 0.0
    assert js["total"] == pytest.approx(python.total_loss, rel=1e-12)
    assert np.allclose(np.array(js["dW"], dtype=float), python.dW, rtol=1e-12, atol=1e-15)
