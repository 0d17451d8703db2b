"""How fast the book's explorers answer a reader.  A benchmark, not a test: it prints figures.

The book is built (or ``--html DIR`` is used), served on loopback with no kernel, and every page
with explorers is opened in headless Chromium (Debian's, as in the browser tests).  For each
explorer (its JavaScript face):

* **update**: every slider of the explorer is dragged one step at a time (``--moves`` steps each,
  turning back at the ends, as a reader's drag does; the λ explorer re-fits, warm-started, at
  every step); the time from the slider's ``input`` event to the updated readout and drawing (the
  update is synchronous, so the DOM is current when the event handler returns) — p50 and p95
  over all steps of all its sliders, and the slowest slider's p50.  Goal: p50 ≤ 16 ms, one frame
  at 60 Hz.
* **interactive**: for each page, the time from navigation to its first explorer showing numbers
  (the page, the widget manager, the anywidget front end and the explorer's module loaded and
  run).  Goal: ≤ 3 s from a local server.

With ``--kernel``, also the Python face: the time of one ``explorer.set(...)`` (the recompute a
kernel does when the browser's message arrives), p50 over ``--moves`` changes.

Run from the repository root::

    python benchmarks/widgets.py                     # builds the book into a temporary folder
    python benchmarks/widgets.py --html _build/html  # an existing build
    python benchmarks/widgets.py --only 06 08 --moves 80 --kernel
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

FRAME_MS = 16.0
INTERACTIVE_MS = 3000.0

DRAG_JS = """async ([root, moves]) => {
  const out = [];
  for (const r of root.querySelectorAll('input[type=range]')) {
    const min = Number(r.min), max = Number(r.max);
    const step = r.step === 'any' ? (max - min) / 100 : Number(r.step);
    let v = Number(r.value), dir = 1;
    const times = [];
    for (let k = 0; k < moves; k++) {
      if (v + dir * step > max + 1e-9 || v + dir * step < min - 1e-9) dir = -dir;
      v += dir * step;
      r.value = String(v);
      const t0 = performance.now();
      r.dispatchEvent(new Event('input', {bubbles: true}));
      times.push(performance.now() - t0);
      await new Promise(done => requestAnimationFrame(() => done()));
    }
    out.push({label: r.labels && r.labels.length ? r.labels[0].textContent : '?', times});
  }
  return out;
}"""


def percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def explorer_pages(html_dir: Path, only: list[str]) -> list[str]:
    from browser_support import toc_pages
    pages = [p for p in toc_pages() if (html_dir / f"{p}.html").is_file() and
             '"model_name": "AnyModel"' in (html_dir / f"{p}.html").read_text(encoding="utf8")]
    return [p for p in pages if not only or any(o in p for o in only)]


def measure_browser(html_dir: Path, pages: list[str], moves: int) -> list[dict]:
    from browser_support import BookServer, Browser, CdnAssets, make_cdn_router, toc_pages

    server = BookServer(html_dir, toc_pages())
    assets = CdnAssets()
    rows = []
    try:
        with Browser() as browser:
            for name in pages:
                page = browser.new_page(make_cdn_router(assets))
                t0 = time.perf_counter()
                page.goto(server.url(name), wait_until="commit")
                page.wait_for_selector(".lb-explorer .lossbook-value", timeout=120_000)
                interactive = page.evaluate("performance.now()")
                wall = 1000 * (time.perf_counter() - t0)
                n = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
                page.wait_for_function(
                    "n => document.querySelectorAll('.lb-explorer .lossbook-value').length > 0"
                    " && document.querySelectorAll('.lb-explorer').length >= n", arg=n,
                    timeout=120_000)
                for e in range(page.locator(".lb-explorer").count()):
                    root = page.locator(".lb-explorer").nth(e)
                    title = root.get_attribute("aria-label")
                    per_slider = root.evaluate(
                        f"(root, moves) => ({DRAG_JS})([root, moves])", moves)
                    times = [t for s in per_slider for t in s["times"]]
                    slowest = max(per_slider, key=lambda s: statistics.median(s["times"]),
                                  default=None)
                    rows.append({"page": name, "title": title, "interactive": interactive,
                                 "wall": wall, "p50": percentile(times, 50),
                                 "p95": percentile(times, 95), "n": len(times),
                                 "slowest": (slowest["label"], statistics.median(
                                     slowest["times"])) if slowest else ("-", float("nan"))})
                problems = page.log.problems()
                if problems:
                    print(f"  note: {name} reported {problems[:3]}", file=sys.stderr)
                page.close()
    finally:
        server.close()
    return rows


def measure_kernel(moves: int) -> list[tuple[str, float]]:
    """p50 of one ``set`` of each explorer's first slider (the Python face's recompute)."""
    import importlib
    import pkgutil

    import numpy as np

    import lossbook.widgets
    from lossbook.widgets.base import Explorer

    out = []
    for info in pkgutil.iter_modules(lossbook.widgets.__path__):
        module = importlib.import_module(f"lossbook.widgets.{info.name}")
        for cls in vars(module).values():
            if not (isinstance(cls, type) and issubclass(cls, Explorer) and cls.module
                    and cls.__module__ == module.__name__):
                continue
            explorer = cls()
            spec = next((s for s in explorer._controls if s["kind"] in ("slider", "log_slider")),
                        None)
            if spec is None:
                continue
            lo, hi, step = spec["min"], spec["max"], spec["step"]
            grid = np.arange(lo, hi + step / 2, step)
            values = [float(10 ** v if spec["kind"] == "log_slider" else v)
                      for v in grid[np.arange(moves) % len(grid)]]
            times = []
            for v in values:
                t0 = time.perf_counter()
                explorer.set(**{spec["name"]: v})
                times.append(1000 * (time.perf_counter() - t0))
            out.append((f"{cls.__name__}.{spec['name']}", percentile(times, 50)))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--html", type=Path, help="an existing build (default: build now)")
    parser.add_argument("--moves", type=int, default=40, help="steps per slider (default 40)")
    parser.add_argument("--only", nargs="*", default=[], help="pages whose name contains these")
    parser.add_argument("--kernel", action="store_true", help="also time the Python face")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="lossbook-bench-") as tmp:
        html_dir = args.html
        if html_dir is None:
            from browser_support import build_book
            print("building the book ...", flush=True)
            html_dir = build_book(Path(tmp))
        pages = explorer_pages(html_dir, args.only)
        rows = measure_browser(html_dir, pages, args.moves)

    print(f"\nExplorers in the static book (Chromium, no kernel): from a slider's input event to "
          f"the updated readout and drawing; goal p50 <= {FRAME_MS:.0f} ms")
    print(f"{'page':<34}{'explorer':<46}{'p50 ms':>8}{'p95 ms':>8}{'goal':>6}{'p50/goal':>9}"
          f"  slowest slider (p50)")
    for r in rows:
        label, slow = r["slowest"]
        print(f"{r['page']:<34}{(r['title'] or '')[:45]:<46}{r['p50']:>8.2f}{r['p95']:>8.2f}"
              f"{FRAME_MS:>6.0f}{r['p50'] / FRAME_MS:>9.2f}  {label} ({slow:.2f} ms)")
    print(f"\nTime until a page's first explorer is interactive (navigation to numbers shown); "
          f"goal <= {INTERACTIVE_MS / 1000:.0f} s")
    seen = set()
    for r in rows:
        if r["page"] in seen:
            continue
        seen.add(r["page"])
        print(f"{r['page']:<34}{r['interactive']:>9.0f} ms   goal {INTERACTIVE_MS:.0f} ms   "
              f"ratio {r['interactive'] / INTERACTIVE_MS:.2f}")
    if args.kernel:
        print("\nThe Python face (a kernel's recompute after a control message), p50")
        for name, p50 in measure_kernel(args.moves):
            print(f"{name:<60}{p50:>8.2f} ms")


if __name__ == "__main__":
    main()
