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
