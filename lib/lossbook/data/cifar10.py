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
to disk: its members are read from the ``.tar.gz`` directly, and no batch may declare more than a
real one holds (10,000 images of 3,072 bytes) before anything is allocated for it.

Downloads are safe to run from several kernels at once: each writes its own temporary file
(created exclusively, never through a symbolic link), the folder is locked while one download
runs, an archive is moved into place atomically only once it is verified complete, and temporary
files left by a killed download are deleted at the next call.  A damaged archive raises
:class:`CorruptArchiveError` saying where it is and how to replace it.

Everything can be redirected (``url``, ``data_dir``, the checksums, or the environment variables
``LOSSBOOK_CIFAR10_URL`` and ``LOSSBOOK_DATA_DIR``), so tests serve a small archive in the same
format from a loopback HTTP server.
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import math
import os
import pickle
import pickletools
import secrets
import stat
import sys
import tarfile
import time
import urllib.request
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO

try:  # POSIX: advisory locks on the folder and on each temporary file
    import fcntl
except ImportError:  # pragma: no cover - Windows: stale files are recognised by their age
    fcntl = None

import numpy as np

__all__ = ["URL", "FILENAME", "MD5", "SHA256", "CLASS_NAMES", "UnsafePickleError",
           "ChecksumError", "CorruptArchiveError", "default_data_dir", "download_cifar10",
           "verify_checksum", "safe_load_batch", "load_cifar10"]

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
_N_MAX = 10_000                      # images in one official batch: no batch may declare more
_D = 3072                            # 32 * 32 * 3 bytes per image
# An official batch pickle is about 31.0 MB: its 30.72 MB of pixels, 10,000 labels and 10,000
# file names.  Re-pickled by Python 3 at protocol 2, the pixels are written as latin-1 text in
# UTF-8, up to twice as long.  Nothing larger is read; no array larger than the pixels is made.
_MAX_BATCH_BYTES = 64 * 2**20
_MAX_ARRAY_BYTES = _N_MAX * _D
_PART_PREFIX, _PART_SUFFIX = f".{FILENAME}.", ".part"   # temporary files of running downloads
_STALE_AFTER = 15 * 60               # seconds; where files cannot be locked, older means stale


class UnsafePickleError(pickle.UnpicklingError):
    """A batch file asked for a Python object that a CIFAR-10 batch never contains."""


class ChecksumError(ValueError):
    """A downloaded or cached archive does not have the expected checksum."""


class CorruptArchiveError(ValueError):
    """An archive or a batch in it is damaged: truncated, not a gzip/tar stream, or a pickle
    that does not parse."""


def _damaged(where: object, cause: object) -> CorruptArchiveError:
    return CorruptArchiveError(
        f"the CIFAR-10 archive at {where} is damaged ({cause}); delete it and download it again "
        "(download_cifar10(force=True))")


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
_DTYPES = frozenset({"b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"})


def _latin1_encode(text, encoding="latin1"):
    """``_codecs.encode`` as protocol-2 pickles of bytes use it, for latin-1 only."""
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise UnsafePickleError(f"refusing _codecs.encode with encoding {encoding!r}")
    return text.encode("latin1")


def _empty_bytes(*args):
    """``bytes()``, as protocol-2 pickles write an empty byte string (an empty array's data, an
    empty file name); ``bytes(n)`` would allocate n bytes, so any argument is refused."""
    if args:
        raise UnsafePickleError(f"refusing bytes{args!r}: a pickle of bytes calls bytes() only "
                                "for the empty byte string")
    return b""


def _dtype(obj, align=False, copy=False):
    """``numpy.dtype`` for the plain integer and boolean types a batch may use, nothing else."""
    if not isinstance(obj, str) or obj.lstrip("<>|=") not in _DTYPES:
        raise UnsafePickleError(f"refusing numpy.dtype({obj!r}): a CIFAR-10 batch holds only "
                                "integer arrays")
    return np.dtype(obj, bool(align), bool(copy))


def _reconstruct(subtype, shape, dtype):
    """numpy's ``_reconstruct`` (which allocates ``shape``), for an ndarray of at most
    10,000 × 3,072 bytes: a larger declared shape is refused before anything is allocated."""
    if subtype is not np.ndarray or not isinstance(shape, tuple) \
            or not all(type(n) is int and n >= 0 for n in shape):
        raise UnsafePickleError(f"refusing numpy _reconstruct({subtype!r}, {shape!r})")
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise UnsafePickleError(f"refusing numpy _reconstruct with dtype {dtype!r}") from None
    if dtype.kind not in "biu" or math.prod(shape) * dtype.itemsize > _MAX_ARRAY_BYTES:
        raise UnsafePickleError(
            f"refusing an array of shape {shape} and dtype {dtype}: a CIFAR-10 batch holds at "
            f"most {_N_MAX} x {_D} bytes")
    return _RECONSTRUCT(subtype, shape, dtype)


_ALLOWED = {
    ("_codecs", "encode"): _latin1_encode,                      # bytes in protocol-2 pickles
    ("__builtin__", "bytes"): _empty_bytes,                     # b"" in protocol-2 pickles
    ("builtins", "bytes"): _empty_bytes,
    ("numpy.core.multiarray", "_reconstruct"): _reconstruct,    # written by numpy 1.x / Python 2
    ("numpy._core.multiarray", "_reconstruct"): _reconstruct,   # written by numpy 2.x
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): _dtype,
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


def _read_bounded(fileobj: BinaryIO | bytes | bytearray, name: str) -> bytes:
    """At most ``_MAX_BATCH_BYTES`` of the batch, read into memory; more is refused unread."""
    if isinstance(fileobj, (bytes, bytearray)):
        raw = bytes(fileobj)
    else:
        raw = fileobj.read(_MAX_BATCH_BYTES + 1)
    if len(raw) > _MAX_BATCH_BYTES:
        raise ValueError(f"{name}: a CIFAR-10 batch is at most {_MAX_BATCH_BYTES:,} bytes "
                         f"(10,000 images); this one is larger")
    return raw


def _check_declared_lengths(raw: bytes, name: str) -> None:
    """Walk the pickle's opcodes without building anything: every length it declares (of bytes,
    strings) must fit in the data it holds.  Python's unpickler allocates a declared length
    before reading it, so an unchecked 4-byte header could ask for gigabytes."""
    try:
        for _ in pickletools.genops(io.BytesIO(raw)):
            pass
    except ValueError as exc:  # "expected N bytes in a bytes8, but only m remain", bad opcodes
        raise CorruptArchiveError(f"{name} is damaged: not a readable pickle ({exc})") from None


def _key(d, name):
    for k in (name, name.encode()):
        if k in d:
            return d[k]
    raise ValueError(f"a CIFAR-10 batch must have a {name!r} entry; found keys {list(d)[:10]}")


def _as_batch_labels(labels: object, n: int, name: str) -> np.ndarray:
    """``labels`` as ``n`` integers in 0..9, without converting anything longer than ``n``."""
    message = f"{name}: 'labels' must be {n} integers in 0..9"
    if not isinstance(labels, (list, tuple, np.ndarray)) or len(labels) != n:
        raise ValueError(f"{message}; got {type(labels).__name__} of length "
                         f"{len(labels) if hasattr(labels, '__len__') else '?'}")
    if n == 0:  # np.asarray([]) is float64: an empty batch has no labels to check
        return np.zeros(0, np.int64)
    try:
        y = np.asarray(labels)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(message) from None
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer) \
            or (y.size and (y.min() < 0 or y.max() > 9)):
        raise ValueError(message)
    return y.astype(np.int64)


def safe_load_batch(fileobj: BinaryIO | bytes | bytearray,
                    name: str = "batch") -> tuple[np.ndarray, np.ndarray]:
    """Read one pickled CIFAR-10 batch without executing code: ``(X uint8 (n, 32, 32, 3),
    y int64 (n,))``, ``n <= 10000``.  ``fileobj`` is a binary file object or bytes.

    Raises :class:`UnsafePickleError` for a global a batch never uses or an array larger than a
    batch, :class:`CorruptArchiveError` for a pickle that does not parse, and ``ValueError`` for
    a batch of the wrong layout or larger than 64 MiB (checked before it is read further)."""
    raw = _read_bounded(fileobj, name)
    _check_declared_lengths(raw, name)
    try:
        d = _RestrictedUnpickler(io.BytesIO(raw), encoding="latin1").load()
    except UnsafePickleError:
        raise
    except Exception as exc:  # damage shows as any of a dozen errors (EOF, Unicode, Key, ...)
        raise CorruptArchiveError(f"{name} is damaged: not a readable pickle "
                                  f"({type(exc).__name__}: {exc})") from None
    if not isinstance(d, dict):
        raise ValueError(f"{name}: a CIFAR-10 batch is a dict; got {type(d).__name__}")
    data, labels = _key(d, "data"), _key(d, "labels")
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.ndim != 2 \
            or data.shape[1] != _D or data.shape[0] > _N_MAX:
        raise ValueError(f"{name}: 'data' must be a uint8 array of shape (n, 3072) with "
                         f"n <= {_N_MAX}; got {getattr(data, 'dtype', type(data).__name__)} "
                         f"{getattr(data, 'shape', '')}")
    y = _as_batch_labels(labels, data.shape[0], name)
    # rows are 1024 red, 1024 green, 1024 blue values, each image row-major: to (n, 32, 32, 3)
    X = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
    return X, y


# ---------------------------------------------------------------------------------------------
# Download and checksums
# ---------------------------------------------------------------------------------------------
def _digests(f: BinaryIO) -> dict:
    """MD5 and SHA-256 of an open binary file, from its start; leaves it at its start again."""
    md5, sha = hashlib.md5(), hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(1 << 20), b""):
        md5.update(chunk)
        sha.update(chunk)
    f.seek(0)
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
    with open(path, "rb") as f:
        _check(_digests(f), md5, sha256, str(path))


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


# ---------------------------------------------------------------------------------------------
# One pass over an archive: complete, every batch present, each read or counted
# ---------------------------------------------------------------------------------------------
def _scan_archive(f: BinaryIO, where: object, parse: bool) -> dict:
    """Read the ``.tar.gz`` in ``f`` once, to the end of its gzip stream (whose CRC-32 and length
    check that nothing is missing), and return ``{batch name: (X, y)}`` (``parse``) or
    ``{batch name: bytes read}``.  Raises :class:`CorruptArchiveError` with the cause alone for
    a truncated or damaged stream or batch, ``ValueError`` for a batch missing, twice, not a
    regular file, or declaring more than a batch holds (before it is read)."""
    wanted = {f"{_FOLDER}/{name}": name for name in _TRAIN + (_TEST,)}
    found = {}
    try:
        with gzip.GzipFile(fileobj=f, mode="rb") as gz:
            with tarfile.open(fileobj=gz, mode="r|") as tar:
                for member in tar:
                    name = wanted.get(member.name)
                    if name is None:
                        continue
                    if name in found:
                        raise ValueError(f"{member.name} appears twice in {where}: not a "
                                         "CIFAR-10 python archive")
                    if not member.isfile():
                        raise ValueError(f"{member.name} in {where} is not a regular file")
                    if member.size > _MAX_BATCH_BYTES:
                        raise ValueError(f"{member.name} in {where} declares {member.size:,} "
                                         f"bytes; a CIFAR-10 batch is at most "
                                         f"{_MAX_BATCH_BYTES:,} bytes (10,000 images)")
                    data = tar.extractfile(member)
                    if parse:
                        found[name] = safe_load_batch(data, name)
                    else:
                        found[name] = sum(map(len, iter(lambda: data.read(1 << 20), b"")))
            while gz.read(1 << 20):  # past the tar's end, to the gzip trailer
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise CorruptArchiveError(f"{type(exc).__name__}: {exc}") from None
    for member_name, name in wanted.items():
        if name not in found:
            raise ValueError(f"{where} has no {member_name}: not a CIFAR-10 python archive")
    return found


# ---------------------------------------------------------------------------------------------
# Several kernels, one folder: a lock on the folder, one exclusive temporary file per download
# ---------------------------------------------------------------------------------------------
def _open_folder(data_dir: Path) -> int | None:
    """A descriptor of the folder itself, to lock, or None where folders cannot be locked."""
    if fcntl is None:
        return None
    try:
        return os.open(data_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


@contextlib.contextmanager
def _folder_lock(data_dir: Path, stream: TextIO | None) -> Iterator[bool]:
    """Hold an exclusive lock on ``data_dir`` (on the folder, so no lock file is left behind)
    while one download runs; another kernel waits here, then finds the finished archive.
    Yields whether the lock is held (not on Windows or file systems without ``flock``)."""
    fd = _open_folder(data_dir)
    held = False
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
            except BlockingIOError:
                if stream is not None:
                    stream.write(f"waiting for another download into {data_dir} to finish\n")
                    stream.flush()
                fcntl.flock(fd, fcntl.LOCK_EX)
                held = True
            except OSError:
                pass
        yield held
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


def _is_part_name(name: str) -> bool:
    """A temporary file of a download (``FILENAME.part`` is the name older versions used)."""
    return name == FILENAME + ".part" or (name.startswith(_PART_PREFIX)
                                          and name.endswith(_PART_SUFFIX))


def _in_use(path: Path) -> bool:
    """Whether a running download holds ``path`` (it keeps its temporary file locked)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _remove_stale_parts(data_dir: Path, folder_locked: bool) -> None:
    """Delete temporary files that no running download holds: left by a killed kernel
    (SIGKILL runs no clean-up), or links and other things planted under such a name.  Without
    the folder lock, a regular file must also be older than ``_STALE_AFTER`` seconds."""
    try:
        names = [p for p in data_dir.iterdir() if _is_part_name(p.name)]
    except OSError:
        return
    for path in names:
        try:
            st = path.lstat()
            if stat.S_ISREG(st.st_mode):
                if _in_use(path):
                    continue
                if not folder_locked and time.time() - st.st_mtime < _STALE_AFTER:
                    continue
            path.unlink()  # a link is removed itself, never followed
        except OSError:
            continue


def _part_name(data_dir: Path) -> Path:
    return data_dir / f"{_PART_PREFIX}{secrets.token_hex(8)}{_PART_SUFFIX}"


def _create_part(data_dir: Path) -> tuple[Path, int]:
    """A new temporary file, created exclusively (``O_EXCL``: never an existing file, never
    through a symbolic link, planted or not), locked while its download runs."""
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_BINARY", 0))
    for _ in range(100):
        path = _part_name(data_dir)
        try:
            fd = os.open(path, flags, 0o644)
        except FileExistsError:
            continue
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pass
        return path, fd
    raise FileExistsError(f"could not create a temporary file in {data_dir}")


def _check_existing(target: Path, md5: str | None, sha256: str | None) -> None:
    """An archive already in place: its checksums, or (both disabled) that it is complete."""
    if md5 is None and sha256 is None:
        with open(target, "rb") as f:
            try:
                _scan_archive(f, target, parse=False)
            except CorruptArchiveError as exc:
                raise _damaged(target, exc) from None
        return
    try:
        verify_checksum(target, md5, sha256)
    except ChecksumError as exc:
        raise ChecksumError(f"{exc}; download it again with force=True") from None


def download_cifar10(data_dir: str | os.PathLike | None = None, *, url: str | None = None,
                     md5: str | None = MD5, sha256: str | None = SHA256, progress: bool = True,
                     timeout: float = 60.0, force: bool = False) -> Path:
    """Download the archive into ``data_dir`` (default :func:`default_data_dir`) and return its path.

    The bytes go to a temporary file of this download alone while their checksums are computed;
    only when both match (or, with both checksums ``None``, when the archive reads completely to
    the end of its gzip stream with every batch present) is it renamed, atomically, to
    ``cifar-10-python.tar.gz``.  On any failure (network, checksum, Ctrl-C) the temporary file
    is deleted, so no damaged archive is ever left behind; one left by a killed kernel is
    deleted at the next call.  Kernels downloading into the same folder take turns: the second
    waits, then checks and reuses the archive of the first.  An archive already present is
    checked and reused unless ``force``.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    url = url or os.environ.get("LOSSBOOK_CIFAR10_URL") or URL
    target = data_dir / FILENAME
    stream = sys.stderr if progress else None
    data_dir.mkdir(parents=True, exist_ok=True)
    with _folder_lock(data_dir, stream) as locked:
        _remove_stale_parts(data_dir, locked)
        if target.exists() and not force:
            _check_existing(target, md5, sha256)
            return target
        part, fd = _create_part(data_dir)
        try:
            _fetch(url, fd, md5, sha256, timeout, stream)
            if md5 is None and sha256 is None:
                with open(part, "rb") as f:
                    try:
                        _scan_archive(f, f"the download from {url}", parse=False)
                    except CorruptArchiveError as exc:
                        raise CorruptArchiveError(
                            f"the download from {url} is not a complete CIFAR-10 archive "
                            f"({exc}); nothing was kept: download it again") from None
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return target


def _fetch(url: str, fd: int, md5: str | None, sha256: str | None, timeout: float,
           stream: TextIO | None) -> None:
    """Write the bytes at ``url`` to the open file ``fd`` (closed at the end), checking their
    length against ``Content-Length`` and their checksums."""
    md5_h, sha_h = hashlib.md5(), hashlib.sha256()
    with os.fdopen(fd, "wb") as out:
        request = urllib.request.Request(url, headers={"User-Agent": "lossbook"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            bar = _Progress(int(length) if length else None, stream)
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
    The archive's checksums are verified before it is read; a damaged archive raises
    :class:`CorruptArchiveError` naming it.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    path = data_dir / FILENAME
    if download:  # downloads if missing, else verifies (and cleans up after killed downloads)
        download_cifar10(data_dir, url=url, md5=md5, sha256=sha256, progress=progress)
    elif not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: call load_cifar10(download=True) to download the "
            f"official archive ({SIZE / 1e6:.0f} MB) from {url or URL}")
    with open(path, "rb") as f:  # one open file: what is verified is what is read
        if not download:
            _check(_digests(f), md5, sha256, str(path))
        try:
            parts = _scan_archive(f, path, parse=True)
        except CorruptArchiveError as exc:
            raise _damaged(path, exc) from None
    X_train = np.concatenate([parts[n][0] for n in _TRAIN])
    y_train = np.concatenate([parts[n][1] for n in _TRAIN])
    return X_train, y_train, parts[_TEST][0], parts[_TEST][1]
