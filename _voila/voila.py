"""Voilà for a class: every chapter as an app, from one server.  From the repository root:

    voila chapters/ --Voila.config_file_paths=_voila

Voilà reads a file named ``voila.py`` from the folders in ``Voila.config_file_paths``.  This one
lives in ``_voila/``, so a plain ``voila chapters/03_svm_loss.ipynb`` (which looks in the current
folder and the Jupyter folders) never reads it.  Every setting can be overridden on the command
line, e.g. ``--ClassKernelManager.max_kernels=12`` or ``--Voila.ip=0.0.0.0``.

Beware: Voilà only *logs* an error in this file and starts without it; tests/browser/
test_voila_class.py checks that the file list, the preheating, the ceiling on kernels and the
token are in effect (not the culling of idle kernels: it takes half an hour).
"""
import asyncio
import ipaddress
import secrets

from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

c = get_config()  # noqa: F821 - traitlets provides it when it runs this file


# ---- the chapters: a plain list of links, then one app per chapter -----------------------------

# The page at / lists the notebooks as plain links (the JupyterLab-style list is a JavaScript app
# that takes seconds to start).  A chapter opens at /voila/render/NN_name.ipynb, so the chapters'
# relative links ("02_linear_classifier.ipynb", "03_svm_loss.ipynb#anchor") lead to the other apps.
c.VoilaConfiguration.classic_tree = True
# Chapters also link to the book's Markdown pages (notation.md): serve them as text instead of
# refusing them (Voilà only serves images by default; notebooks and .py files stay refused).
c.VoilaConfiguration.file_allowlist = [r".*\.(png|jpg|gif|svg|md)"]


# ---- preheated kernels --------------------------------------------------------------------------

# Every chapter is run top to bottom, at start-up, in a kernel of its own; a reader's page is then
# served at once from that kernel (instead of after the chapter ran: 5-20 s) and Voilà starts a
# replacement for the next reader.
c.VoilaConfiguration.preheat_kernel = True
# One waiting kernel per chapter: ten chapters are already ten Python processes.
c.VoilaConfiguration.default_pool_size = 1
# The replacement starts 3 s after a kernel is handed out, so that the page just served draws its
# controls before a whole chapter run competes with it for the CPU.
c.VoilaKernelManager.fill_delay = 3


# ---- a ceiling on kernels -----------------------------------------------------------------------

class ClassKernelManager(AsyncMappingKernelManager):
    """Never more than ``max_kernels`` kernels at once, the preheated ones included.  The page
    that would need one more gets an HTTP 503 page that says why, instead of a server that slows
    down for everyone (or runs out of memory).

    Voilà builds its preheating kernel manager on top of this class, so the kernels it starts for
    pages and those it starts for its pool all pass through ``start_kernel``.
    """

    max_kernels = Integer(30, config=True, help="The most kernels at once, preheated included.")

    _starting = 0      # kernels being started: not yet counted by len(self)
    _closing = False   # the server is stopping: no refill

    async def start_kernel(self, *args, **kwargs):
        if len(self) + self._starting >= self.max_kernels:
            self._leave_pool(asyncio.current_task())
            raise web.HTTPError(503, "kernel limit reached", reason=(
                f"This class server is full: all {self.max_kernels} kernels are in use. Close a "
                "tab you no longer need (or wait a few minutes), then reload this page."))
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1

    def _leave_pool(self, task):
        """Take a refused pool refill out of Voilà's pool: Voilà's shutdown_kernel reads the
        result of every finished task there, and would fail on its error."""
        for pool in getattr(self, "_pools", {}).values():   # Voilà's pools, by notebook
            if task in pool:
                pool.remove(task)
                task.add_done_callback(lambda t: t.cancelled() or t.exception())  # no warning

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        await super().shutdown_kernel(kernel_id, *args, **kwargs)
        if not self._closing and hasattr(self, "fill_if_needed"):
            # A place is free: refill the pools whose refill was refused at the limit.
            for notebook in list(self._pools):
                self.fill_if_needed(notebook_name=notebook)

    async def shutdown_all(self, *args, **kwargs):
        self._closing = True
        await super().shutdown_all(*args, **kwargs)


c.VoilaConfiguration.multi_kernel_manager_class = ClassKernelManager
# A kernel of this book takes 150-300 MB: 30 kernels need up to ~9 GB.  Ten of them wait for the
# next reader (one per chapter), so 30 leaves about 20 pages open at once.  On the command line:
# --ClassKernelManager.max_kernels=N, with N above the number of chapters.
c.ClassKernelManager.max_kernels = 30

# A closed tab frees its kernel at once (Voilà shuts it down when the page goes); these free the
# kernels of tabs left open and untouched, and of laptops gone to sleep.  Waiting (preheated)
# kernels are never culled.
c.ClassKernelManager.cull_idle_timeout = 30 * 60   # no message for 30 minutes: shut down
c.ClassKernelManager.cull_interval = 60            # looked for every minute
c.ClassKernelManager.cull_connected = True         # even with the tab still open (reload it)


# ---- a token beyond loopback ----------------------------------------------------------------

def is_loopback(ip: str) -> bool:
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:   # "" (every interface) or a host name
        return False


class ClassIdentityProvider(PasswordIdentityProvider):
    """On loopback (the teacher's own laptop) no token, as with a plain ``voila``.  Listening
    beyond it (``--Voila.ip=0.0.0.0``: a projector, a class on the LAN), a token is required: the
    one given with ``--token=WORD``, else a random one, printed in the URL that Voilà logs.  The
    first page opened with ``?token=...`` sets a cookie, so the links between chapters need no
    token."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not self.auth_enabled and not is_loopback(self.parent.ip):
            self.token = secrets.token_urlsafe(16)
            self.token_generated = True   # Voilà prints a generated token in full
            self.log.warning(
                "Listening on %r, beyond this computer: a token is required. Give readers the "
                "URL below, with this computer's address (hostname -I) in place of its name.",
                self.parent.ip)


c.Voila.identity_provider_class = ClassIdentityProvider
