"""CIFAR-10, the data set of the course: 10 classes, 50,000 training and 10,000 test images of
32 × 32 × 3 pixels (Krizhevsky, 2009).

The loader downloads the official "CIFAR-10 python version" archive **only when asked**
(``download=True``), shows a progress bar, checks the archive's MD5 and SHA-256 checksums, and
keeps it in the user's cache folder (:func:`default_data_dir`; ``$LOSSBOOK_DATA_DIR`` to choose
another)::

    from lossbook.data import cifar10
    X_train, y_train, X_test, y_test = cifar10.load_cifar10(download=True)
    X_train.shape, X_train.dtype        # (50000, 32, 32, 3) uint8
    cifar10.CLASS_NAMES[y_train[0]]     # 'frog'

The batches inside the archive are Python pickles.  ``pickle.load`` would run whatever code a
pickle names, so a tampered archive could run anything; this module reads them with a restricted
unpickler that allows only what a CIFAR-10 batch needs (numpy's array and dtype reconstruction)
and rejects every other global with :class:`UnsafePickleError`.  The archive is never extracted
to disk: its members are read from the ``.tar.gz`` directly.

Everything can be redirected (``url``, ``data_dir``, the checksums, or the environment variables
``LOSSBOOK_CIFAR10_URL`` and ``LOSSBOOK_DATA_DIR``), so tests serve a small archive in the same
format from a loopback HTTP server.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tarfile
import time
import urllib.request
from pathlib import Path
from typing import BinaryIO, TextIO

import numpy as np

__all__ = ["URL", "FILENAME", "MD5", "SHA256", "CLASS_NAMES", "UnsafePickleError",
           "ChecksumError", "default_data_dir", "download_cifar10", "verify_checksum",
           "safe_load_batch", "load_cifar10"]

URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILENAME = "cifar-10-python.tar.gz"
MD5 = "c58f30108f718f92721af3b95e74349a"
SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
SIZE = 170_498_071
CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
               "truck")
_FOLDER = "cifar-10-batches-py"
_TRAIN = tuple(f"data_batch_{i}" for i in range(1, 6))
_TEST = "test_batch"


class UnsafePickleError(pickle.UnpicklingError):
    """A batch file asked for a Python object that a CIFAR-10 batch never contains."""


class ChecksumError(ValueError):
    """A downloaded or cached archive does not have the expected checksum."""


def default_data_dir() -> Path:
    """Where the archive is kept: ``$LOSSBOOK_DATA_DIR`` if set, else the user's cache folder for
    lossbook (``~/.cache/lossbook`` on Linux, ``~/Library/Caches/lossbook`` on macOS,
    ``%LOCALAPPDATA%\\lossbook\\Cache`` on Windows), never a folder inside the installed package."""
    env = os.environ.get("LOSSBOOK_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs  # the per-platform cache folder (XDG on Linux)

    return Path(platformdirs.user_cache_dir("lossbook", appauthor=False))


# ---------------------------------------------------------------------------------------------
# Safe unpickling
# ---------------------------------------------------------------------------------------------
_RECONSTRUCT = np.ndarray.__reduce__(np.zeros(1))[0]   # numpy's _reconstruct, wherever it lives


def _latin1_encode(text, encoding="latin1"):
    """``_codecs.encode`` as protocol-2 pickles of bytes use it, for latin-1 only."""
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise UnsafePickleError(f"refusing _codecs.encode with encoding {encoding!r}")
    return text.encode("latin1")


_ALLOWED = {
    ("_codecs", "encode"): _latin1_encode,                      # bytes in protocol-2 pickles
    ("numpy.core.multiarray", "_reconstruct"): _RECONSTRUCT,    # written by numpy 1.x / Python 2
    ("numpy._core.multiarray", "_reconstruct"): _RECONSTRUCT,   # written by numpy 2.x
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
}


class _RestrictedUnpickler(pickle.Unpickler):
    """Resolves only the globals of ``_ALLOWED``; anything else raises."""

    def find_class(self, module: str, name: str) -> object:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise UnsafePickleError(
                f"refusing to load {module}.{name}: a CIFAR-10 batch holds only numpy arrays, "
                "lists, numbers and strings, so this pickle was not made by the CIFAR-10 authors "
                "(it may be crafted to run code); delete the file and download it again") from None


def _key(d, name):
    for k in (name, name.encode()):
        if k in d:
            return d[k]
    raise ValueError(f"a CIFAR-10 batch must have a {name!r} entry; found keys {list(d)}")


def safe_load_batch(fileobj: BinaryIO | bytes | bytearray,
                    name: str = "batch") -> tuple[np.ndarray, np.ndarray]:
    """Read one pickled CIFAR-10 batch without executing code: ``(X uint8 (n, 32, 32, 3),
    y int64 (n,))``.  ``fileobj`` is a binary file object or bytes."""
    if isinstance(fileobj, (bytes, bytearray)):
        fileobj = io.BytesIO(fileobj)
    d = _RestrictedUnpickler(fileobj, encoding="latin1").load()
    if not isinstance(d, dict):
        raise ValueError(f"{name}: a CIFAR-10 batch is a dict; got {type(d).__name__}")
    data, labels = _key(d, "data"), _key(d, "labels")
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.ndim != 2 \
            or data.shape[1] != 3072:
        raise ValueError(f"{name}: 'data' must be a uint8 array of shape (n, 3072); got "
                         f"{getattr(data, 'dtype', type(data).__name__)} "
                         f"{getattr(data, 'shape', '')}")
    y = np.asarray(labels)
    if y.ndim != 1 or y.shape[0] != data.shape[0] or not np.issubdtype(y.dtype, np.integer) \
            or (y.size and (y.min() < 0 or y.max() > 9)):
        raise ValueError(f"{name}: 'labels' must be {data.shape[0]} integers in 0..9")
    # rows are 1024 red, 1024 green, 1024 blue values, each image row-major: to (n, 32, 32, 3)
    X = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
    return X, y.astype(np.int64)


# ---------------------------------------------------------------------------------------------
# Download and checksums
# ---------------------------------------------------------------------------------------------
def _digests(path: Path) -> dict:
    md5, sha = hashlib.md5(), hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            md5.update(chunk)
            sha.update(chunk)
    return {"md5": md5.hexdigest(), "sha256": sha.hexdigest()}


def _check(digests: dict, md5: str | None, sha256: str | None, what: str) -> None:
    for algo, want in (("md5", md5), ("sha256", sha256)):
        if want is not None and digests[algo] != want.lower():
            raise ChecksumError(f"{what} has {algo} {digests[algo]}, expected {want}: the file "
                                "is damaged or not the official archive")


def verify_checksum(path: str | os.PathLike, md5: str | None = MD5,
                    sha256: str | None = SHA256) -> None:
    """Raise :class:`ChecksumError` unless the file at ``path`` has the given checksums
    (``None`` skips one)."""
    path = Path(path)
    _check(_digests(path), md5, sha256, str(path))


class _Progress:
    """A text progress bar, ``[#####.....]  45%  76.7/170.5 MB``, redrawn in place."""

    def __init__(self, total: int | None, stream: TextIO | None, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.last = -1.0

    def update(self, done: int, final: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.1:
            return
        self.last = now
        mb = done / 1e6
        if self.total:
            frac = min(done / self.total, 1.0)
            bar = "#" * int(round(frac * self.width))
            text = (f"\r[{bar:.<{self.width}}] {100 * frac:5.1f}%  {mb:.1f}/"
                    f"{self.total / 1e6:.1f} MB")
        else:
            text = f"\r{mb:.1f} MB"
        self.stream.write(text + ("\n" if final else ""))
        self.stream.flush()


def download_cifar10(data_dir: str | os.PathLike | None = None, *, url: str | None = None,
                     md5: str | None = MD5, sha256: str | None = SHA256, progress: bool = True,
                     timeout: float = 60.0, force: bool = False) -> Path:
    """Download the archive into ``data_dir`` (default :func:`default_data_dir`) and return its path.

    The bytes go to a ``.part`` file while their checksums are computed; only when both match is
    the file renamed to ``cifar-10-python.tar.gz``.  On any failure (network, checksum, Ctrl-C)
    the partial file is deleted, so no damaged archive is ever left behind.  An archive already
    present is checked and reused unless ``force``.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    url = url or os.environ.get("LOSSBOOK_CIFAR10_URL") or URL
    target = data_dir / FILENAME
    if target.exists() and not force:
        try:
            verify_checksum(target, md5, sha256)
        except ChecksumError as exc:
            raise ChecksumError(f"{exc}; download it again with force=True") from None
        return target
    data_dir.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    md5_h, sha_h = hashlib.md5(), hashlib.sha256()
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "lossbook"})
        with urllib.request.urlopen(request, timeout=timeout) as response, open(part, "wb") as out:
            length = response.headers.get("Content-Length")
            bar = _Progress(int(length) if length else None, sys.stderr if progress else None)
            done = 0
            for chunk in iter(lambda: response.read(1 << 16), b""):
                out.write(chunk)
                md5_h.update(chunk)
                sha_h.update(chunk)
                done += len(chunk)
                bar.update(done)
            bar.update(done, final=True)
        if length and done != int(length):
            raise OSError(f"download of {url} stopped at {done} of {length} bytes")
        _check({"md5": md5_h.hexdigest(), "sha256": sha_h.hexdigest()}, md5, sha256,
               f"the download from {url}")
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------
def load_cifar10(data_dir: str | os.PathLike | None = None, *, download: bool = False,
                 url: str | None = None, md5: str | None = MD5, sha256: str | None = SHA256,
                 progress: bool = True
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return ``X_train, y_train, X_test, y_test``: uint8 ``(50000, 32, 32, 3)``, int
    ``(50000,)``, uint8 ``(10000, 32, 32, 3)``, int ``(10000,)`` (fewer for a test archive).

    Reads ``cifar-10-python.tar.gz`` from ``data_dir``; if it is missing, downloads it when
    ``download=True`` and otherwise raises :class:`FileNotFoundError` saying how to get it.
    The archive's checksums are verified before it is read.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    path = data_dir / FILENAME
    if not path.exists():
        if not download:
            raise FileNotFoundError(
                f"{path} does not exist: call load_cifar10(download=True) to download the "
                f"official archive ({SIZE / 1e6:.0f} MB) from {url or URL}")
        download_cifar10(data_dir, url=url, md5=md5, sha256=sha256, progress=progress)
    else:
        verify_checksum(path, md5, sha256)
    parts = {}
    with tarfile.open(path, "r:gz") as tar:
        for name in _TRAIN + (_TEST,):
            try:
                member = tar.getmember(f"{_FOLDER}/{name}")
            except KeyError:
                raise ValueError(f"{path} has no {_FOLDER}/{name}: not a CIFAR-10 python "
                                 "archive") from None
            if not member.isfile():
                raise ValueError(f"{_FOLDER}/{name} in {path} is not a regular file")
            parts[name] = safe_load_batch(tar.extractfile(member), name)
    X_train = np.concatenate([parts[n][0] for n in _TRAIN])
    y_train = np.concatenate([parts[n][1] for n in _TRAIN])
    return X_train, y_train, parts[_TEST][0], parts[_TEST][1]
