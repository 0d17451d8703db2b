"""Sphinx fixes for the rendered book's pages, found by the browser tests (tests/browser).

Loaded by ``_config.yml`` (``sphinx.local_extensions``).  Three fixes, each for an error a reader's
browser console showed:

1. Sphinx 7 writes an inline script registered after the builder started twice (its builder keys
   the script by ``None`` once and by ``''`` once: sphinx-doc/sphinx#13402, fixed in Sphinx 8.2,
   which Jupyter Book 1 cannot use).  sphinx-thebe's ``const THEBE_JS_URL = ...`` declared twice is
   a SyntaxError on every page.  Fix: the builder treats ``None`` as ``''``, as Sphinx 8.2 does.
2. ipywidgets' HTML manager typesets widget labels with the MathJax 2 call
   ``MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])``; the book loads MathJax 3, which has no
   ``Hub``: "Cannot read properties of undefined (reading 'Queue')" on every page with both math
   and widgets.  Fix: on those pages a small ``MathJax.Hub.Queue`` that calls MathJax 3's
   ``typesetPromise``.
3. The HTML manager looks for its icon fonts beside the *page* (``<page dir>/@jupyter-widgets/
   html-manager/dist/*.woff2``: 404s): it takes its folder from the require.js module address,
   which without configuration is relative to the page.  Fix: a require.js ``paths`` entry maps
   that module to the folder the manager is loaded from.

And one service: the explorers are anywidgets, and the widget manager asks require.js for the
``anywidget`` module (a CDN by default).  The book serves it itself: the front end that the
``anywidget`` Python package ships (``anywidget/nbextension/index.js``, the npm build of the same
version) is copied into the book through ``html_extra_path`` as ``_lossbook/anywidget.js`` (never
under ``_static``: Jupyter Book adds every ``.js`` there as a ``<script>`` tag, which breaks
require.js), and each page's require.js configuration points ``anywidget`` at it.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from sphinx.builders.html import StandaloneHTMLBuilder

#: where the widget front ends are served, relative to the book's root
ASSET_DIR = "_lossbook"

_MATHJAX2_HUB_SHIM = """
(function () {
  // ipywidgets' HTML manager calls MathJax.Hub.Queue(["Typeset", MathJax.Hub, el]) (MathJax 2);
  // the book loads MathJax 3: run its typesetPromise on el instead.
  var pending = [];
  function typeset(el) {
    var mj = window.MathJax;
    if (mj && mj.typesetPromise && mj.startup && mj.startup.promise) {
      mj.startup.promise.then(function () { return mj.typesetPromise(el ? [el] : undefined); })
        .catch(function (err) { console.warn("MathJax could not typeset a widget:", err); });
    } else {
      pending.push(el);
    }
  }
  var hub = {Queue: function () {
    for (var i = 0; i < arguments.length; i++) {
      var job = arguments[i];
      if (Array.isArray(job) && job[0] === "Typeset") typeset(job[2]);
    }
  }};
  var config = window.MathJax = window.MathJax || {};
  config.Hub = hub;  // until MathJax 3 replaces window.MathJax with itself
  config.startup = config.startup || {};
  var ready = config.startup.ready;
  config.startup.ready = function () {
    if (ready) ready(); else MathJax.startup.defaultReady();
    MathJax.Hub = hub;
    var els = pending.splice(0);
    if (els.length) MathJax.startup.promise.then(function () { return MathJax.typesetPromise(els); });
  };
})();
"""


def _patch_builder_add_js_file() -> None:
    original = StandaloneHTMLBuilder.add_js_file
    if getattr(original, "_lossbook_none_is_empty", False):
        return

    def add_js_file(self, filename, **kwargs):
        return original(self, filename or "", **kwargs)

    add_js_file._lossbook_none_is_empty = True
    StandaloneHTMLBuilder.add_js_file = add_js_file


def _page_scripts(app, pagename, templatename, context, doctree) -> None:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    files = [getattr(js, "filename", js) or "" for js in context.get("script_files", [])]
    managers = [f for f in files if "@jupyter-widgets/html-manager@" in f
                and f.endswith("embed-amd.js")]
    if not managers:
        return
    # require.js reads a global ``require`` object as its configuration when it loads
    dist = managers[0].rsplit("/", 1)[0]
    to_root = "../" * pagename.count("/")
    # waitSeconds 0: never time out on a slow machine (the manager would then try a CDN)
    config = {"paths": {"@jupyter-widgets/html-manager/dist": dist,
                        "anywidget": f"{to_root}{ASSET_DIR}/anywidget"},
              "waitSeconds": 0}
    builder.add_js_file("", priority=499, body=f"var require = {json.dumps(config)};")
    if any("mathjax" in f.lower() for f in files):
        builder.add_js_file("", priority=510, body=_MATHJAX2_HUB_SHIM.strip())


def anywidget_front_end() -> Path:
    """The AMD build of anywidget's front end that the installed Python package ships."""
    import anywidget

    path = Path(anywidget.__file__).parent / "nbextension" / "index.js"
    if not path.is_file():
        raise FileNotFoundError(f"anywidget {anywidget.__version__} ships no {path}")
    return path


def _add_widget_assets(app, config) -> None:
    extra = Path(app.doctreedir).parent / "lossbook_extra"
    (extra / ASSET_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(anywidget_front_end(), extra / ASSET_DIR / "anywidget.js")
    config.html_extra_path = [*config.html_extra_path, str(extra)]


def setup(app):
    _patch_builder_add_js_file()
    app.connect("config-inited", _add_widget_assets)
    # after MathJax (sphinx.ext.mathjax) and MyST-NB have added their scripts to the page
    app.connect("html-page-context", _page_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
