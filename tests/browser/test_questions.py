"""The self-checking questions (lossbook.widgets.Question) in Chromium, with no kernel.

No chapter holds a question yet, so the test builds its own page the way the book embeds widgets:
the saved widget state (``ipywidgets.embed.embed_data``, what a notebook's metadata carries) in
a ``widget-state+json`` script, a ``widget-view+json`` script per question, require.js and the
widget manager at the addresses MyST-NB puts on every book page (served from the npm cache by
``cdn_router``) and the ``anywidget`` front end from the page's own folder, as the book's
``_ext/lossbook_html.py`` serves it.  Then, as a reader:

- every typed input (the answer, each hint's value, a wrong value, text, a comma, an empty box,
  just inside and just outside the tolerance...) gets in the page the verdict and the message of
  the Python face's ``Question.check``;
- keyboard only: Tab to the box, type, Enter; the focus stays in the box; after two tries that
  are not right "Show answer" appears and says ``Question.reveal()``;
- the live region (``role=status``, ``aria-live=polite``) announces each verdict as a new node
  (the same message twice is announced twice);
- no websocket, no request outside the page but the two pinned widget assets; text contrast
  (light and dark) and axe-core's serious/critical rules; it fits a 390-px phone.
"""
from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from browser_support import BookServer, low_contrast_texts, run_axe
from lossbook_browser import agree, assert_clean, values

from lossbook.widgets.question import Question

FROG = Question(
    "What is the frog image's loss with Δ = 2?", answer=14.9, tolerance=0.01,
    hints=[(12.9, "That is the loss with Δ = 1: each term grows by 1 with Δ."),
           (18.8, "That is the three images' losses added: the frog's alone is asked.")],
    explanation="Both terms of the frog's loss grow by 1: 7.3 + 7.6 = 14.9.")
ZEROS = Question(
    "How many of the eight weights are exactly zero at λ = 1 with the L1 penalty?",
    answer=5, integer=True, unit="weights",
    hints=[(0, "L2 never makes a weight exactly zero; L1 does.")])
HINGE = Question(  # a tolerance exact in binary: typed values land on its very edge
    "What is the hinge term max(0, 2.5 − 3 + 1)?", answer=0.5, tolerance=0.125,
    hints=[(6.5, "Subtract the correct class's score: s_j − s_y, not s_j + s_y."),
           (0, "The margin Δ = 1 is added inside the max, before it is taken.")])

#: what a reader may type, each checked against Question.check
TYPED = {
    "frog": ["14.9", "14.905", "14.8905", "14.92", "14.88", " 14.90 ", "1.49e1", "\u221214.9",
             "12.9", "12.905", "18.8", "18.79", "9.9", "1e-3", "", "   ", "abc", "14,9",
             "1,000", "1/3", "1e400", "inf", "14.9 loss", "153600017", "1536000.5"],
    "zeros": ["5", "5.0", "5e0", "5.5", "0", "3", "five", "", "153600017"],
    "hinge": ["0.5", "0.625", "0.375", "0.6251", "0.3749", "6.5", "6.625", "6.6251", "0",
              "-0.125", "-0.1251", ".5", "5.", "0,5"],
}
QUESTIONS = {"frog": FROG, "zeros": ZEROS, "hinge": HINGE}
ASSETS = re.compile(r"^https://(cdn\.jsdelivr\.net/npm/@jupyter-widgets/html-manager@|"
                    r"cdnjs\.cloudflare\.com/ajax/libs/require\.js/)")

THEME = """
html { --pst-color-text-base: #222832; --pst-color-background: #ffffff;
       --pst-color-primary: #0a7d91; --pst-color-success: #00843f; }
html[data-theme=dark] { --pst-color-text-base: #ced6dd; --pst-color-background: #14181e;
       --pst-color-primary: #3fb1c5; --pst-color-success: #5fb488; color-scheme: dark; }
body { background: var(--pst-color-background); color: var(--pst-color-text-base);
       font-family: sans-serif; margin: 0 16px; }
"""


def question_page(mode: str) -> str:
    """A page embedding the questions as the book embeds a notebook's widgets."""
    from ipywidgets.embed import embed_data
    from myst_nb.core.config import NbParserConfig

    data = embed_data(views=list(QUESTIONS.values()), drop_defaults=False)
    scripts = "\n".join(
        f'<script src="{url}" '
        + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + "></script>"
        for url, attrs in NbParserConfig().ipywidgets_js.items())
    manager = next(u for u in NbParserConfig().ipywidgets_js if "html-manager" in u)
    config = {"paths": {"@jupyter-widgets/html-manager/dist": manager.rsplit("/", 1)[0],
                        "anywidget": "_lossbook/anywidget"}, "waitSeconds": 0}

    def script(kind, value):
        text = json.dumps(value).replace("</", "<\\/")
        return f'<script type="application/vnd.jupyter.widget-{kind}+json">{text}</script>'

    views = "\n".join(f'<div class="cell_output" id="{name}">{script("view", spec)}</div>'
                      for name, spec in zip(QUESTIONS, data["view_specs"]))
    return f"""<!doctype html>
<html lang="en" data-theme="{mode}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Questions</title><style>{THEME}</style>
<script>var require = {json.dumps(config)};</script>
{scripts}
{script("state", data["manager_state"])}
</head><body><main><h1>Questions</h1>
{views}
</main></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser, cdn_assets):
    """The two pages (light, dark) and the anywidget front end, served on loopback."""
    import anywidget

    root = tmp_path_factory.mktemp("questions")
    (root / "_lossbook").mkdir()
    shutil.copyfile(anywidget.__path__[0] + "/nbextension/index.js",
                    root / "_lossbook" / "anywidget.js")
    for mode in ("light", "dark"):
        (root / f"{mode}.html").write_text(question_page(mode), encoding="utf8")
    server = BookServer(root, ["light", "dark"])
    try:
        yield server
    finally:
        server.close()


def open_questions(new_page, site, mode="light", width=1280):
    page = new_page()
    page.sockets, page.requests = [], []
    page.on("websocket", lambda ws: page.sockets.append(ws.url))
    page.on("request", lambda req: page.requests.append(req.url))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(mode), wait_until="load")
    try:
        page.wait_for_function(
            "() => document.querySelectorAll('.lb-question input').length === 3", timeout=60_000)
    except Exception as exc:
        raise AssertionError(f"the questions were not drawn ({exc.__class__.__name__}); the page "
                             "reported:\n  " + "\n  ".join(page.log.problems())) from None
    # what a screen reader hears: every node added to a live region, in order
    page.evaluate("""() => {
      window.announced = [];
      for (const region of document.querySelectorAll('[aria-live]')) {
        new MutationObserver(records => {
          for (const r of records) {
            for (const n of r.addedNodes) window.announced.push(n.textContent);
          }
        }).observe(region, {childList: true, subtree: true});
      }
    }""")
    return page


def question(page, name):
    return page.locator(f"#{name} .lb-question")


def verdict(scope) -> tuple[str, str]:
    region = scope.locator('[aria-live="polite"]')
    return region.get_attribute("data-status"), region.inner_text().strip()


@pytest.mark.parametrize("name", list(QUESTIONS))
def test_the_page_gives_the_python_verdict_for_every_typed_input(name, new_page, site):
    page = open_questions(new_page, site)
    scope = question(page, name)
    box = scope.get_by_label("Your answer", exact=True)
    seen = set()
    for typed in TYPED[name]:
        box.fill(typed)
        box.press("Enter")
        expected = QUESTIONS[name].check(typed)
        assert verdict(scope) == (expected.status, expected.message), f"typed {typed!r}"
        assert scope.get_attribute("data-status") == expected.status
        # the explorers' readout protocol: data-key / data-value, as Question.readout() gives
        QUESTIONS[name].response = typed
        assert not agree(values(scope), QUESTIONS[name].readout()), typed
        seen.add(expected.status)
    assert seen == {"right", "hint", "wrong", "invalid"}  # the list covers every verdict
    # the Check button checks as Enter does
    hint = f"{QUESTIONS[name].hints[0][0]:g}"
    box.fill(hint)
    scope.get_by_role("button", name="Check", exact=True).click()
    assert verdict(scope) == ("hint", QUESTIONS[name].check(hint).message)
    assert_clean(page)


def test_keyboard_only_and_the_live_region(new_page, site):
    page = open_questions(new_page, site)
    scope = question(page, "frog")
    box = scope.get_by_label("Your answer", exact=True)
    page.locator("h1").click()  # start from the page, then only the keyboard
    for _ in range(6):
        page.keyboard.press("Tab")
        if box.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the answer box")
    # the box's accessible name and description: the label and the question
    assert box.evaluate("e => e.labels[0].textContent") == "Your answer"
    described = box.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text() == FROG.prompt
    region = scope.locator('[aria-live="polite"]')
    assert region.get_attribute("role") == "status"

    def answer(text):
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        assert box.evaluate("e => e === document.activeElement"), "Enter took the focus away"

    reveal = scope.get_by_role("button", name="Show answer", exact=True)
    answer("12.9")
    assert reveal.count() == 0            # one try: no answer to show yet
    answer("12.9")                        # the same hint again: announced again
    assert scope.get_attribute("data-tries") == "2" and reveal.count() == 1
    answer("14,9")                        # invalid: not a try
    assert scope.get_attribute("data-tries") == "2"
    page.keyboard.press("Tab")            # to Check
    assert page.evaluate("() => document.activeElement.textContent") == "Check"
    page.keyboard.press("Tab")            # to Show answer
    assert page.evaluate("() => document.activeElement.textContent") == "Show answer"
    page.keyboard.press("Enter")
    assert verdict(scope) == ("revealed", FROG.reveal())
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")      # back in the box
    answer("14.9")
    announced = page.evaluate("() => window.announced")
    assert announced == [FROG.check("12.9").message, FROG.check("12.9").message,
                         FROG.check("14,9").message, FROG.reveal(), FROG.check("14.9").message]
    assert verdict(scope) == ("right", FROG.check("14.9").message)
    assert not page.sockets, f"websockets opened: {page.sockets}"
    outside = [u for u in page.requests if not u.startswith(site.base_url)]
    assert outside and all(ASSETS.match(u) for u in outside), outside  # no kernel, no CDN
    assert_clean(page)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_contrast_accessibility_and_a_phone_screen(mode, new_page, site, axe_core):
    page = open_questions(new_page, site, mode=mode, width=390)
    for name in QUESTIONS:  # a verdict and the reveal button showing too
        box = question(page, name).get_by_label("Your answer", exact=True)
        for typed in ("0.5", "2", "x"):
            box.fill(typed)
            box.press("Enter")
    assert question(page, "frog").get_by_role("button", name="Show answer").count() == 1
    assert low_contrast_texts(page, ".lb-question") == []
    serious = [v for v in run_axe(page, axe_core, scope="main")
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    widths = page.locator(".lb-question").evaluate_all(
        "els => els.map(e => [e.scrollWidth, e.clientWidth])")
    assert all(sw <= cw + 1 for sw, cw in widths), widths
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_clean(page)
