"""The machinery behind the browser tests and the widget benchmark, free of pytest.

- Debian's Chromium driven by Playwright (``executable_path``; ``playwright install`` is never run);
- the CDN assets the pages load (MathJax 3, require.js, the widget manager, Voilà's Font Awesome),
  fetched from the npm registry with ``npm pack`` into ``.cache/cdn/`` (git-ignored) and served to
  the browser in place of the CDN addresses; every other off-loopback request is refused;
- the built book served on loopback;
- Voilà apps on a free loopback port, stopped with their kernels.

What is missing raises :class:`BrowserUnavailable`; the test fixtures turn it into a skip, or into
a failure when ``LOSSBOOK_REQUIRE_BROWSER=1``.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CDN_CACHE = ROOT / ".cache" / "cdn"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com")
REQUIREJS_VERSION = "2.3.4"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


class BrowserUnavailable(RuntimeError):
    """Chromium, Playwright, npm or an npm package is missing."""


# ---- small helpers ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def toc_pages(root: Path = ROOT) -> list[str]:
    """The pages listed in ``_toc.yml`` (``root`` first), as paths without a suffix."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts") or []:
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", p) for p in pages]


# ---- the browser -----------------------------------------------------------------------------

def chromium_path() -> str | None:
    """``$LOSSBOOK_CHROMIUM`` if set (and only it), else Debian's ``/usr/bin/chromium``, else
    ``chromium`` on PATH."""
    env = os.environ.get("LOSSBOOK_CHROMIUM")
    cands = [env] if env else ["/usr/bin/chromium", shutil.which("chromium"),
                               shutil.which("chromium-browser")]
    for cand in cands:
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


class Browser:
    """One headless Chromium with a fresh profile: ``with Browser() as b: page = b.new_page()``."""

    def __init__(self, profile_dir: str | Path | None = None):
        exe = chromium_path()
        if exe is None:
            raise BrowserUnavailable(
                "Chromium not found (Debian: apt-get install chromium; or set LOSSBOOK_CHROMIUM)")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise BrowserUnavailable("the playwright Python package is not installed "
                                     "(pip install -r requirements.txt)") from exc
        self._tmp = None
        if profile_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="lossbook-chromium-")
            profile_dir = self._tmp.name
        self._pw = sync_playwright().start()
        try:
            self.context = self._pw.chromium.launch_persistent_context(
                str(profile_dir), executable_path=exe, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900})
        except Exception as exc:  # a browser that does not start is a missing browser
            self._pw.stop()
            raise BrowserUnavailable(f"Chromium at {exe} did not start: {exc}") from exc
        self.context.set_default_timeout(30_000)
        self.executable = exe

    def new_page(self, router=None):
        """A page with a :class:`PageLog` as ``page.log``; with ``router``, every request goes
        through it (see :func:`make_cdn_router`)."""
        page = self.context.new_page()
        page.log = PageLog().attach(page)
        if router is not None:
            page.route("**/*", router)
        return page

    def close(self):
        with contextlib.suppress(Exception):
            self.context.close()
        with contextlib.suppress(Exception):
            self._pw.stop()
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class PageLog:
    """What a page said while it was open: uncaught errors, console errors, failed requests and
    HTTP errors."""

    def __init__(self):
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.bad_responses: list[str] = []

    def attach(self, page):
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("console", self._console)
        page.on("requestfailed", lambda req: self.failed_requests.append(
            f"{req.url}: {req.failure}"))
        page.on("response", lambda resp: self.bad_responses.append(
            f"{resp.status} {resp.url}") if resp.status >= 400 else None)
        return self

    def _console(self, msg):
        if msg.type == "error":
            self.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")

    def problems(self) -> list[str]:
        return ([f"page error: {e}" for e in self.page_errors]
                + [f"console error: {e}" for e in self.console_errors]
                + [f"request failed: {e}" for e in self.failed_requests]
                + [f"HTTP {e}" for e in self.bad_responses])


# ---- CDN assets from the npm registry ----------------------------------------------------------

def npm_pack(spec: str, dest: Path = CDN_CACHE) -> Path:
    """``npm pack SPEC`` into ``dest`` and unpack it; returns the package folder.  Cached: a
    second call with the same spec does not touch the network."""
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / re.sub(r"[^A-Za-z0-9._-]+", "_", spec)
    if (target / "package" / "package.json").is_file():
        return target / "package"
    npm = shutil.which("npm")
    if npm is None:
        raise BrowserUnavailable("npm is not installed: it fetches MathJax, require.js and the "
                                 "widget manager from the npm registry")
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        try:
            proc = subprocess.run([npm, "pack", spec, "--silent", "--pack-destination", tmp],
                                  capture_output=True, text=True, timeout=300,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise BrowserUnavailable(f"`npm pack {spec}` timed out") from exc
        tgz = sorted(Path(tmp).glob("*.tgz"))
        if proc.returncode != 0 or not tgz:
            raise BrowserUnavailable(f"`npm pack {spec}` failed: {proc.stderr.strip()[-500:]}")
        unpack = Path(tmp) / "unpacked"
        with tarfile.open(tgz[0]) as tar:
            tar.extractall(unpack, filter="data")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(unpack), str(target))
    return target / "package"


class CdnAssets:
    """Maps CDN addresses to files of npm packages, packed on first use.

    Served: ``cdn.jsdelivr.net/npm/<package>@<version>/<path>`` for the packages in
    :attr:`NPM_PACKAGES` (MathJax 3, the widget manager, and the Font Awesome that Voilà's page
    links), and ``cdnjs.cloudflare.com/ajax/libs/require.js/<version>/require(.min).js`` from the
    ``requirejs`` package.  Nothing else.
    """

    NPM_PACKAGES = ("mathjax", "@jupyter-widgets/html-manager", "@fortawesome/fontawesome-free")

    def __init__(self, cache: Path = CDN_CACHE):
        self.cache = cache
        self._lock = threading.Lock()
        self.served: list[str] = []
        self.refused: list[str] = []
        # fetched now, so that a missing npm or registry shows before any page opens
        self.mathjax = self.package("mathjax", "3")
        self.requirejs = self.package("requirejs", REQUIREJS_VERSION)

    def package(self, name: str, spec: str) -> Path:
        with self._lock:
            return npm_pack(f"{name}@{spec}", self.cache)

    def local_file(self, url: str) -> Path | None:
        url = urllib.parse.unquote(url.split("?", 1)[0].split("#", 1)[0])
        m = re.match(r"https://cdnjs\.cloudflare\.com/ajax/libs/require\.js/([\d.]+)/"
                     r"require(\.min)?\.js$", url)
        if m:
            return self.package("requirejs", m.group(1)) / "require.js"
        m = re.match(r"https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$", url)
        if m and m.group(1) in self.NPM_PACKAGES:
            return self.package(m.group(1), m.group(2)) / m.group(3)
        return None


CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".woff": "font/woff",
                 ".woff2": "font/woff2", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject",
                 ".svg": "image/svg+xml", ".json": "application/json", ".map": "application/json"}


def make_cdn_router(assets: CdnAssets):
    """A ``page.route`` handler: loopback passes; the CDN addresses are answered from the npm
    cache; every other request is aborted (so it shows in the page's log as a failed request,
    and in ``assets.refused``)."""

    def handle(route):
        url = route.request.url
        m = re.match(r"^[a-z]+://(\[[^\]]+\]|[^/:]+)", url)
        host = m.group(1) if m else ""
        if host in LOOPBACK or not url.startswith("http"):
            return route.continue_()
        path = None
        if host in CDN_HOSTS:
            try:
                path = assets.local_file(url)
            except BrowserUnavailable as exc:
                assets.refused.append(f"{url} ({exc})")
                return route.abort("blockedbyclient")
        if path is not None and path.is_file():
            assets.served.append(url)
            return route.fulfill(status=200, path=str(path), headers={
                "Content-Type": CONTENT_TYPES.get(path.suffix, "application/octet-stream"),
                "Access-Control-Allow-Origin": "*"})
        assets.refused.append(url)
        return route.abort("blockedbyclient")

    return handle


# ---- the built book, served on loopback --------------------------------------------------------

def strip_requirejs_integrity(html: str) -> str:
    """The published pages load require.js from a CDN with the SRI hash of that CDN's minified
    file; the tests serve the npm package's file instead, so that one tag loses its ``integrity``
    attribute.  Nothing else on the page changes."""
    return re.sub(r'<script[^>]*src="https://cdnjs\.cloudflare\.com/ajax/libs/require\.js/'
                  r'[^"]*"[^>]*>',
                  lambda m: re.sub(r'\s+integrity="[^"]*"', "", m.group(0)), html)


class _BookHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = strip_requirejs_integrity(path.read_text(encoding="utf8")).encode("utf8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


def build_book(out: Path, root: Path = ROOT, timeout: float = 900) -> Path:
    """``jupyter-book build ROOT --path-output OUT``; returns the html folder."""
    jb = shutil.which("jupyter-book")
    if jb is None:
        raise RuntimeError("jupyter-book is not installed (pip install -r requirements.txt)")
    proc = subprocess.run([jb, "build", str(root), "--path-output", str(out)],
                          capture_output=True, text=True, timeout=timeout, cwd=root,
                          stdin=subprocess.DEVNULL)
    html_dir = out / "_build" / "html"
    if proc.returncode != 0 or not (html_dir / "index.html").is_file():
        raise RuntimeError(f"jupyter-book build failed (exit {proc.returncode}):\n"
                           f"{(proc.stdout + proc.stderr)[-4000:]}")
    return html_dir


class BookServer:
    """The built HTML served on ``127.0.0.1`` (a free port) from a thread."""

    def __init__(self, html_dir: Path, pages: list[str]):
        self.html_dir = html_dir
        self.pages = pages
        handler = functools.partial(_BookHandler, directory=str(html_dir))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, page: str) -> str:
        return f"{self.base_url}/{page}.html"

    def close(self):
        self._server.shutdown()
        self._server.server_close()


# ---- Voilà -----------------------------------------------------------------------------------

class VoilaApp:
    """``voila NOTEBOOK --no-browser`` on a free loopback port, run from the repository root as
    its own process group, so that :meth:`stop` ends it and its kernels (and nothing else)."""

    def __init__(self, notebook: str | Path, root: Path = ROOT, startup_timeout: float = 60.0):
        voila = shutil.which("voila")
        if voila is None:
            raise RuntimeError("voila is not installed (pip install -r requirements.txt)")
        self.notebook = Path(notebook)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        fd, log_path = tempfile.mkstemp(prefix="voila-", suffix=".log")
        os.close(fd)
        self.log_path = Path(log_path)
        cmd = [voila, str(self.notebook), "--no-browser", f"--port={self.port}",
               "--Voila.ip=127.0.0.1", "--show_tracebacks=True"]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env.pop("MPLBACKEND", None)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=root, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            self._wait_ready(startup_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with {self.proc.returncode}:\n{self.log()}")
            try:  # any HTTP answer means the server listens (this path starts no kernel)
                with urllib.request.urlopen(self.url + "voila/static/ready-probe", timeout=2):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"voila did not answer on {self.url} within {timeout:.0f} s:\n"
                           f"{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf8", errors="replace")[-6000:]
        except OSError:
            return ""

    def _descendants(self) -> dict[int, bytes]:
        """Voilà's child processes (its kernels run in sessions of their own), by pid, with their
        command lines, read from /proc."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
        found, todo = {}, [self.proc.pid]
        while todo:
            for pid in children.get(todo.pop(), []):
                try:
                    found[pid] = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                todo.append(pid)
        return found

    def stop(self):
        """SIGTERM to voila's process group (Voilà shuts its kernels down), SIGKILL if it
        lingers; then any of its kernels still running (recorded by pid before) is killed."""
        kernels = self._descendants() if self.proc.poll() is None else {}
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        for pid, cmdline in kernels.items():
            try:
                if Path(f"/proc/{pid}/cmdline").read_bytes() == cmdline:
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass
        if not self._log.closed:
            self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# ---- reading checks on a built page (tests/browser/test_page_layout.py, /tmp scripts) ---------

#: axe-core (accessibility rules), fetched from the npm registry like the CDN assets
AXE_CORE_VERSION = "4.10.3"

#: the book's content on a page (the pydata theme's article)
CONTENT = "article.bd-article"


def axe_script(assets: CdnAssets) -> Path:
    """``axe.min.js`` of the pinned axe-core (packed on first use)."""
    return assets.package("axe-core", AXE_CORE_VERSION) / "axe.min.js"


def theme_init_script(mode: str) -> str:
    """An init script (``page.add_init_script``) that makes the pydata theme open the page in
    ``mode`` ("light" or "dark"): the theme reads it from ``localStorage`` before it paints."""
    return (f"try {{ localStorage.setItem('mode', {mode!r}); "
            f"localStorage.setItem('theme', {mode!r}); }} catch (e) {{}}\n"
            f"document.documentElement.dataset.mode = {mode!r};\n"
            f"document.documentElement.dataset.theme = {mode!r};")


def settle_page(page, timeout_ms: int = 60_000):
    """Wait until MathJax has typeset the page (if it has math), every image has loaded (lazy
    ones too) and every explorer (``.lb-explorer``) of the page's widget views is drawn."""
    if page.locator(".math").count():
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
            timeout=timeout_ms)
        page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    page.wait_for_function("() => [...document.images].every(i => i.complete)",
                           timeout=timeout_ms)
    n_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if n_views:
        # every view is rendered (an explorer, or a plain ipywidget) and explorers show numbers
        page.wait_for_function(
            """() => [...document.querySelectorAll(
                     'script[type="application/vnd.jupyter.widget-view+json"]')]
                   .every(s => s.parentElement.querySelector('.jupyter-widgets, .lm-Widget'))
                 && [...document.querySelectorAll('.lb-explorer')]
                   .every(e => e.querySelector('.lossbook-value'))""", timeout=timeout_ms)
    page.wait_for_timeout(200)


def open_all_details(page, scope: str = CONTENT) -> int:
    """Open every ``<details>`` in ``scope`` (exercise solutions, folded cells), as a reader who
    opens them all would see the page; returns how many were opened."""
    n = page.evaluate("""(scope) => {
        const folded = [...document.querySelectorAll(scope + ' details:not([open])')];
        folded.forEach(d => { d.open = true; });
        return folded.length;
    }""", scope)
    if n:  # an opened fold fades in (a CSS transition): measure it once it is fully shown
        page.wait_for_timeout(100)
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')",
            timeout=10_000)
    return n


#: blocks that must show all of their width inside the text column
WIDE_BLOCKS = ('pre, div.highlight, div.cell_output, mjx-container[display="true"], div.math, '
               'table')

_CUT_BLOCKS_JS = """([scope, selector]) => {
  const root = document.querySelector(scope) || document.body;
  const tex = (e) => {  // a math block's TeX source (MathJax keeps it on its math item)
    try {
      const items = MathJax.startup.document.getMathItemsWithin(e);
      if (items.length) return items.map(i => i.math).join(' ');
    } catch (err) {}
    return null;
  };
  const longest = (e) => {
    const text = (e.matches('mjx-container, div.math') && tex(e)) || e.innerText || e.textContent;
    return text.split('\\n').map(s => s.trim()).sort((a, b) => b.length - a.length)[0] || '';
  };
  const out = [];
  for (const e of root.querySelectorAll(selector)) {
    if (getComputedStyle(e).display === 'inline') continue;
    if (e.scrollWidth > e.clientWidth + 1) {
      const section = e.closest('section[id]');
      out.push({what: e.tagName.toLowerCase() + [...e.classList].map(c => '.' + c).join(''),
                where: section ? '#' + section.id : '',
                over: e.scrollWidth - e.clientWidth, width: e.clientWidth,
                line: longest(e).slice(0, 160)});
    }
  }
  return out;
}"""


def cut_blocks(page, scope: str = CONTENT, selector: str = WIDE_BLOCKS) -> list[dict]:
    """The blocks in ``scope`` wider than their box (cut off, or scrolling sideways): each as
    ``{what, where, over, width, line}`` with ``line`` its longest line (TeX for math)."""
    return page.evaluate(_CUT_BLOCKS_JS, [scope, selector])


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


_IMAGES_JS = """(scope) => {
  const root = document.querySelector(scope) || document.body;
  return [...root.querySelectorAll('img')].map(i => {
    const r = i.getBoundingClientRect();
    const style = getComputedStyle(i);
    return {src: i.getAttribute('src') || '', alt: i.getAttribute('alt'),
            natural: [i.naturalWidth, i.naturalHeight], shown: [r.width, r.height],
            visible: r.width > 0 && r.height > 0 && style.visibility !== 'hidden',
            pixelated: ['pixelated', 'crisp-edges'].includes(style.imageRendering)};
  });
}"""


def images(page, scope: str = CONTENT) -> list[dict]:
    """Every ``img`` in ``scope``: src, alt, natural and shown size, whether it is drawn
    pixelated on purpose (``image-rendering: pixelated``)."""
    return page.evaluate(_IMAGES_JS, scope)


_FILE_NAME = re.compile(r"[\w-]+\.(png|jpe?g|gif|svg|webp|pdf)\b|^\S*[/\\]\S*$", re.I)


def alt_problem(alt: str | None) -> str | None:
    """Why ``alt`` is not a meaningful text alternative (None when it is): missing, empty,
    fewer than five words, or a path or file name."""
    if alt is None:
        return "no alt attribute"
    text = " ".join(alt.split())
    if not text:
        return "empty alt"
    if _FILE_NAME.search(text):
        return f"alt is a path or file name: {text!r}"
    if len(text.split()) < 5:
        return f"alt has fewer than 5 words: {text!r}"
    return None


def visible_text(page) -> str:
    """The text a reader sees on the page (``innerText``: folded and hidden parts excluded)."""
    return page.evaluate("() => document.body.innerText")


def run_axe(page, script: Path, scope: str = CONTENT, options: dict | None = None) -> list[dict]:
    """axe-core's violations inside ``scope``: ``[{id, impact, help, nodes: [{target, html,
    summary}]}]``."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(script))
    return page.evaluate(
        """async ([scope, options]) => {
             const r = await axe.run(document.querySelector(scope),
                                     Object.assign({resultTypes: ['violations']}, options));
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,
                 html: n.html.slice(0, 200), summary: n.failureSummary}))}));
           }""", [scope, options or {}])


_LOW_CONTRAST_JS = r"""([scope, minimum]) => {
  const rgba = (c) => {
    const m = (c.match(/[\d.]+/g) || ['0', '0', '0', '0']).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
  const background = (e) => {  // the ancestors' backgrounds, composed from the page's up
    const layers = [];
    for (let x = e; x; x = x.parentElement) {
      const c = rgba(getComputedStyle(x).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let color = [255, 255, 255];
    for (const c of layers.reverse()) color = over(c, color);
    return color;
  };
  const out = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const e of root.querySelectorAll('*')) {
      const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || !e.getClientRects().length) continue;
      const style = getComputedStyle(e);
      if (style.visibility === 'hidden') continue;
      const svgText = e instanceof SVGElement && style.fill.startsWith('rgb');
      const paint = svgText ? style.fill : style.color;
      let opacity = 1;
      for (let x = e; x; x = x.parentElement) opacity *= Number(getComputedStyle(x).opacity);
      const fg = rgba(paint);
      const bg = background(e);
      const shown = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
      const [a, b] = [lum(shown), lum(bg)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : minimum)) {
        out.push({text: e.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100,
          what: e.tagName.toLowerCase() + (e.getAttribute('class') || '').split(/\s+/)
            .filter(Boolean).map(c => '.' + c).join(''),
          color: shown.map(Math.round).join(','), background: bg.map(Math.round).join(',')});
      }
    }
  }
  return out;
}"""


def low_contrast_texts(page, scope: str = ".lb-explorer", minimum: float = 4.5) -> list[dict]:
    """Texts in ``scope`` (SVG text included) whose contrast with the background they sit on is
    below ``minimum`` (3 for large text), WCAG's formula: ``[{text, ratio, what, color,
    background}]``.  axe-core leaves SVG text and text it cannot place unchecked ("incomplete");
    the explorers draw on plain backgrounds, so the ancestors' background colours are the ones
    behind the text."""
    return page.evaluate(_LOW_CONTRAST_JS, [scope, minimum])
