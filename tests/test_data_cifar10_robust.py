"""lossbook.data.cifar10 under stress (issue 14): two kernels downloading into one folder, a
download killed with SIGKILL, a symbolic link planted at the temporary file, a truncated download
with the checksums off and no Content-Length, batches declaring more than a batch holds, empty
byte strings in protocol-2 pickles, and damaged archives.  Everything is served from loopback."""
import hashlib
import http.server
import io
import multiprocessing
import pickle
import signal
import struct
import subprocess
import sys
import tarfile
import textwrap
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossbook.data import cifar10

BATCHES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
N_PER_BATCH = 3


# ---------------------------------------------------------------------------------------------
# A small archive in the official format, and a loopback server with a few ways of serving it
# ---------------------------------------------------------------------------------------------
def batch_pickle(data, labels, protocol=2, filenames=None):
    filenames = filenames if filenames is not None else [f"img_{i}.png" for i in range(len(labels))]
    return pickle.dumps({"batch_label": "a test batch", "labels": [int(v) for v in labels],
                         "data": data, "filenames": filenames}, protocol=protocol)


def archive_bytes(seed=0, members=None, compresslevel=6, extra=b""):
    """A cifar-10-python.tar.gz (bytes) and the arrays put in; ``members`` overrides raw pickles,
    ``extra`` is the content of one more file (a readme) to make the archive larger."""
    rng = np.random.default_rng(seed)
    arrays, raws = {}, {}
    for name in BATCHES:
        data = rng.integers(0, 256, size=(N_PER_BATCH, 3072), dtype=np.uint8)
        labels = rng.integers(0, 10, size=N_PER_BATCH)
        arrays[name] = (data, labels)
        raws[name] = batch_pickle(data, labels)
    raws.update(members or {})
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=compresslevel) as tar:
        for name, raw in list(raws.items()) + [("batches.meta", pickle.dumps({}, protocol=2)),
                                               ("readme.html", extra)]:
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return buf.getvalue(), arrays


def expected_arrays(arrays):
    """X by an independent decoding: pixel (r, c) of channel ch is data[ch*1024 + r*32 + c]."""
    def images(data):
        return np.stack([[[[row[ch * 1024 + r * 32 + c] for ch in range(3)] for c in range(32)]
                          for r in range(32)] for row in data]).astype(np.uint8)
    train = [arrays[n] for n in BATCHES[:5]]
    return (np.concatenate([images(d) for d, _ in train]),
            np.concatenate([y for _, y in train]),
            images(arrays["test_batch"][0]), arrays["test_batch"][1])


def digests(raw):
    return dict(md5=hashlib.md5(raw).hexdigest(), sha256=hashlib.sha256(raw).hexdigest())


class Site:
    """What the server serves: ``routes[path] = (body, how)`` with ``how`` one of
    ``"plain"`` (with Content-Length), ``"no-length"`` (none: the body ends when the connection
    closes), ``"slow"`` (first 128 KiB, then nothing until ``release`` is set), ``"together"``
    (waits until two requests have arrived, at most 3 s, then sends in slow chunks)."""

    def __init__(self):
        self.routes, self.log = {}, []
        self.cond = threading.Condition()
        self.release = threading.Event()


@pytest.fixture
def site():
    s = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            with s.cond:
                s.log.append(self.path)
                s.cond.notify_all()
            if self.path not in s.routes:
                self.send_error(404)
                return
            body, how = s.routes[self.path]
            if how == "together":
                with s.cond:
                    s.cond.wait_for(lambda: s.log.count(self.path) >= 2, timeout=3)
            self.send_response(200)
            self.send_header("Content-Type", "application/gzip")
            if how != "no-length":
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if how == "slow":
                    self.wfile.write(body[:1 << 17])
                    self.wfile.flush()
                    s.release.wait(timeout=60)
                    body = body[1 << 17:]
                elif how == "together":
                    step = len(body) // 8 + 1
                    for i in range(0, len(body), step):
                        self.wfile.write(body[i:i + step])
                        self.wfile.flush()
                        time.sleep(0.05)
                    return
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield s
    s.release.set()
    httpd.shutdown()
    httpd.server_close()


def names_in(folder):
    return sorted(p.name for p in Path(folder).iterdir())


# ---------------------------------------------------------------------------------------------
# 1. Two kernels downloading into the same folder
# ---------------------------------------------------------------------------------------------
def _load_in_another_process(args):
    data_dir, url, md5, sha256 = args
    from lossbook.data import cifar10 as module
    return module.load_cifar10(data_dir, download=True, url=url, md5=md5, sha256=sha256,
                               progress=False)


def test_two_processes_downloading_into_one_folder_both_get_the_archive(site, tmp_path):
    """The server holds the first request until a second arrives (or 3 s), so without a lock
    both download at once; each must still return the right arrays, and one archive is left."""
    raw, arrays = archive_bytes(seed=1)
    site.routes["/c.tar.gz"] = (raw, "together")
    dest = tmp_path / "shared"
    args = (str(dest), f"{site.base}/c.tar.gz", *digests(raw).values())
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_load_in_another_process, [args, args])
    want = expected_arrays(arrays)
    for result in results:
        for got, expected in zip(result, want):
            np.testing.assert_array_equal(got, expected)
    assert names_in(dest) == [cifar10.FILENAME]
    assert (dest / cifar10.FILENAME).read_bytes() == raw
    assert site.log.count("/c.tar.gz") == 1     # the second process waited and reused it


# ---------------------------------------------------------------------------------------------
# 2. A download killed with SIGKILL leaves its temporary file; the next call removes it
# ---------------------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_file_of_a_killed_download_is_removed_at_the_next_call(site, tmp_path):
    raw, _ = archive_bytes(seed=2, extra=np.random.default_rng(2).bytes(1 << 18))
    assert len(raw) > 1 << 18          # the client reads 64 KiB at a time: two, then it waits
    site.routes["/c.tar.gz"] = (raw, "slow")
    dest = tmp_path / "dl"
    script = textwrap.dedent(f"""
        from lossbook.data import cifar10
        cifar10.download_cifar10({str(dest)!r}, url={site.base + '/c.tar.gz'!r},
                                 md5=None, sha256=None, progress=False)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not (dest.exists() and any(p.stat().st_size > 0 for p in dest.iterdir())):
            assert proc.poll() is None and time.monotonic() < deadline, "download never began"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    left = names_in(dest)
    assert len(left) == 1 and left[0] != cifar10.FILENAME     # what SIGKILL leaves behind
    # meanwhile another kernel finished the archive; the next call finds it and cleans up
    (dest / cifar10.FILENAME).write_bytes(raw)
    path = cifar10.download_cifar10(dest, url=f"{site.base}/c.tar.gz", progress=False,
                                    **digests(raw))
    assert path == dest / cifar10.FILENAME
    assert names_in(dest) == [cifar10.FILENAME]


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_stale_temporary_files_go_but_a_running_download_keeps_its_own(site, tmp_path):
    import fcntl

    raw, _ = archive_bytes(seed=3)
    dest = tmp_path / "dl"
    dest.mkdir()
    (dest / cifar10.FILENAME).write_bytes(raw)
    stale = [dest / f"{cifar10.FILENAME}.part", dest / f".{cifar10.FILENAME}.0badc0de.part"]
    for p in stale:
        p.write_bytes(raw[:100])
    live = dest / f".{cifar10.FILENAME}.1ive.part"
    live.write_bytes(raw[:100])
    with open(live, "rb") as held:                 # a running download holds its file locked
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        cifar10.download_cifar10(dest, url=f"{site.base}/none", progress=False, **digests(raw))
        assert names_in(dest) == sorted([cifar10.FILENAME, live.name])
    assert site.log == []                          # the archive in place was used


# ---------------------------------------------------------------------------------------------
# 3. The temporary file is created exclusively, never through a link
# ---------------------------------------------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_links_planted_at_temporary_names_are_not_followed(site, tmp_path, monkeypatch):
    raw, _ = archive_bytes(seed=4)
    site.routes["/c.tar.gz"] = (raw, "plain")
    dest = tmp_path / "dl"
    dest.mkdir()
    victims = [tmp_path / "victim_a", tmp_path / "victim_b"]
    for v in victims:
        v.write_bytes(b"precious")
    # the name older versions wrote to, planted beforehand
    (dest / f"{cifar10.FILENAME}.part").symlink_to(victims[0])
    # and a link planted at the very name the download is about to use (after the clean-up)
    planted = dest / f".{cifar10.FILENAME}.planted.part"
    real_name = getattr(cifar10, "_part_name", None)
    calls = []

    def racing_name(data_dir):
        calls.append(1)
        if len(calls) == 1:
            planted.symlink_to(victims[1])
            return planted
        return real_name(data_dir)

    monkeypatch.setattr(cifar10, "_part_name", racing_name, raising=False)
    path = cifar10.download_cifar10(dest, url=f"{site.base}/c.tar.gz", progress=False,
                                    **digests(raw))
    assert [v.read_bytes() for v in victims] == [b"precious", b"precious"]
    assert path.read_bytes() == raw and not path.is_symlink()
    assert planted.is_symlink()                    # refused (O_EXCL), not written through
    assert len(calls) >= 2


# ---------------------------------------------------------------------------------------------
# 4. Checksums off and no Content-Length: a truncated download is refused
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cut", ["gzip trailer", "middle", "tar header"])
def test_truncated_download_without_checksums_or_length_is_refused(site, tmp_path, cut):
    raw, _ = archive_bytes(seed=5)
    keep = {"gzip trailer": len(raw) - 4, "middle": len(raw) // 2, "tar header": 200}[cut]
    site.routes["/c.tar.gz"] = (raw[:keep], "no-length")
    dest = tmp_path / "dl"
    with pytest.raises(ValueError, match=r"not a complete CIFAR-10 archive .*download it again"):
        cifar10.download_cifar10(dest, url=f"{site.base}/c.tar.gz", md5=None, sha256=None,
                                 progress=False)
    assert names_in(dest) == []
    with pytest.raises(ValueError, match="not a complete CIFAR-10 archive"):
        cifar10.load_cifar10(dest, download=True, url=f"{site.base}/c.tar.gz", md5=None,
                             sha256=None, progress=False)
    assert names_in(dest) == []


def test_complete_download_without_checksums_or_length_is_kept(site, tmp_path):
    raw, arrays = archive_bytes(seed=6)
    site.routes["/c.tar.gz"] = (raw, "no-length")
    dest = tmp_path / "dl"
    out = cifar10.load_cifar10(dest, download=True, url=f"{site.base}/c.tar.gz", md5=None,
                               sha256=None, progress=False)
    for got, expected in zip(out, expected_arrays(arrays)):
        np.testing.assert_array_equal(got, expected)
    assert names_in(dest) == [cifar10.FILENAME]


def test_truncated_archive_in_place_is_refused_when_checksums_are_off(tmp_path):
    raw, _ = archive_bytes(seed=7)
    (tmp_path / cifar10.FILENAME).write_bytes(raw[:-4])
    with pytest.raises(ValueError, match=r"archive at .* is damaged .*download it again"):
        cifar10.download_cifar10(tmp_path, url="http://127.0.0.1:9/unused", md5=None,
                                 sha256=None, progress=False)


# ---------------------------------------------------------------------------------------------
# 5. No batch may declare more than a batch holds, and nothing is allocated for it first
# ---------------------------------------------------------------------------------------------
class _Declares:
    """Pickles as ``numpy _reconstruct(ndarray, shape, 'b')``, i.e. an allocation of ``shape``."""

    def __init__(self, shape):
        self.shape = shape

    def __reduce__(self):
        return (np.ndarray.__reduce__(np.zeros(1))[0], (np.ndarray, self.shape, b"b"))


def _peak_bytes(fn):
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("raw", [
    b"\x80\x04\x8e" + struct.pack("<Q", 1 << 40) + b"abc.",              # BINBYTES8 of 1 TiB
    b"\x80\x03B" + struct.pack("<I", 1 << 30) + b"abc.",                  # BINBYTES of 1 GiB
    b"\x80\x04\x8d" + struct.pack("<Q", 1 << 40) + b"abc.",              # BINUNICODE8 of 1 TiB
], ids=["bytes8", "bytes4", "unicode8"])
def test_declared_lengths_beyond_the_data_are_refused_before_allocation(raw):
    def load():
        with pytest.raises(ValueError, match=r"damaged: not a readable pickle .*expected"):
            cifar10.safe_load_batch(raw)
    assert _peak_bytes(load) < 8 * 2**20


@pytest.mark.parametrize("shape", [(10**6, 10**6), (10_001, 3072), (2**62,)])
def test_arrays_larger_than_a_batch_are_refused_before_allocation(shape):
    raw = pickle.dumps({"data": _Declares(shape), "labels": []}, protocol=2)

    def load():
        with pytest.raises(cifar10.UnsafePickleError, match="refusing an array of shape"):
            cifar10.safe_load_batch(raw)
    assert _peak_bytes(load) < 8 * 2**20


def test_batch_of_more_than_10000_images_is_refused():
    raw = batch_pickle(np.zeros((10_001, 3072), np.uint8), np.zeros(10_001, int), protocol=4)
    with pytest.raises(ValueError, match=r"n <= 10000"):
        cifar10.safe_load_batch(raw)
    X, y = cifar10.safe_load_batch(batch_pickle(np.zeros((10_000, 3072), np.uint8),
                                                np.zeros(10_000, int), protocol=4))
    assert X.shape == (10_000, 32, 32, 3) and y.shape == (10_000,)


MAX_BATCH_BYTES = 64 * 2**20   # 2 x 10,000 x 3,072 (pixels as UTF-8 text), plus names, labels


def test_member_declaring_more_than_a_batch_is_refused_unread(tmp_path):
    big = b"\x00" * (MAX_BATCH_BYTES + 1)
    raw, _ = archive_bytes(seed=8, members={"data_batch_2": big}, compresslevel=1)
    (tmp_path / cifar10.FILENAME).write_bytes(raw)
    with pytest.raises(ValueError, match=rf"data_batch_2 in .* declares {MAX_BATCH_BYTES + 1:,} "):
        cifar10.load_cifar10(tmp_path, md5=None, sha256=None)


def test_batch_file_larger_than_a_batch_is_refused():
    raw = batch_pickle(np.zeros((2, 3072), np.uint8), [0, 1], protocol=4)
    with pytest.raises(ValueError, match=f"at most {MAX_BATCH_BYTES:,} bytes"):
        cifar10.safe_load_batch(io.BytesIO(raw + b"\x00" * MAX_BATCH_BYTES))


@pytest.mark.parametrize("protocol", [2, 4])
def test_full_size_batch_loads_at_both_protocols(protocol):
    """10,000 images of noise: at protocol 2 (Python 3) the pickle is about 46 MB, not 31."""
    rng = np.random.default_rng(10)
    data = rng.integers(0, 256, size=(10_000, 3072), dtype=np.uint8)
    labels = rng.integers(0, 10, size=10_000)
    X, y = cifar10.safe_load_batch(io.BytesIO(batch_pickle(data, labels, protocol)))
    i = 9_876
    assert [X[i, r, c, ch] for r, c, ch in [(0, 0, 0), (31, 31, 2), (5, 7, 1)]] \
        == [data[i, 0], data[i, 2 * 1024 + 31 * 32 + 31], data[i, 1024 + 5 * 32 + 7]]
    np.testing.assert_array_equal(y, labels)


# ---------------------------------------------------------------------------------------------
# 6. Empty byte strings, as protocol-2 pickles write them (bytes()), are legitimate
# ---------------------------------------------------------------------------------------------
def test_empty_byte_strings_in_protocol_2_batches_load():
    empty = batch_pickle(np.zeros((0, 3072), np.uint8), [], protocol=2, filenames=[])
    assert b"__builtin__\nbytes" in empty                # an empty array's data is bytes()
    X, y = cifar10.safe_load_batch(empty)
    assert X.shape == (0, 32, 32, 3) and X.dtype == np.uint8 and y.shape == (0,)
    data = np.arange(2 * 3072).astype(np.uint8).reshape(2, 3072)
    raw = batch_pickle(data, [4, 9], protocol=2, filenames=[b"", b"cat.png"])
    X, y = cifar10.safe_load_batch(raw)
    assert X[1, 0, 1, 2] == data[1, 2 * 1024 + 0 * 32 + 1] and y.tolist() == [4, 9]
    # bytes(n) would allocate n bytes: only bytes() is allowed
    with pytest.raises(cifar10.UnsafePickleError, match=r"bytes\(1000000000,\)"):
        cifar10.safe_load_batch(b"\x80\x02c__builtin__\nbytes\nJ\x00\xca\x9a;\x85R.")


# ---------------------------------------------------------------------------------------------
# 7. Damage surfaces as one clear error naming the archive
# ---------------------------------------------------------------------------------------------
def _bad_utf8_batch():
    raw = batch_pickle(np.zeros((N_PER_BATCH, 3072), np.uint8), [1, 2, 3], protocol=4)
    assert raw.count(b"a test batch") == 1
    return raw.replace(b"a test batch", b"\xff\xfe test batch")   # same length, not UTF-8


def _flip_middle(raw):
    i = len(raw) // 2
    return raw[:i] + bytes([raw[i] ^ 0xFF, raw[i + 1] ^ 0x55]) + raw[i + 2:]


@pytest.mark.parametrize("damage", ["pickle not UTF-8", "gzip flipped", "not gzip", "cut"])
def test_damaged_archive_gives_one_clear_error(tmp_path, damage):
    if damage == "pickle not UTF-8":
        raw, _ = archive_bytes(seed=9, members={"data_batch_4": _bad_utf8_batch()})
    else:
        raw, _ = archive_bytes(seed=9)
        raw = {"gzip flipped": _flip_middle(raw), "not gzip": b"<html>not found</html>" * 40,
               "cut": raw[:len(raw) * 2 // 3]}[damage]
    path = tmp_path / cifar10.FILENAME
    path.write_bytes(raw)
    with pytest.raises(Exception) as info:
        cifar10.load_cifar10(tmp_path, **digests(raw))
    assert type(info.value).__name__ == "CorruptArchiveError"   # not zlib.error, EOFError...
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert message.startswith(f"the CIFAR-10 archive at {path} is damaged (")
    assert message.endswith("delete it and download it again (download_cifar10(force=True))")


@settings(max_examples=150, deadline=None)
@given(protocol=st.sampled_from([2, 4]), where=st.integers(0, 10**6),
       byte=st.integers(0, 255), truncate=st.booleans())
def test_any_damaged_batch_gives_a_batch_error_never_another(protocol, where, byte, truncate):
    """A batch with one byte changed, or cut anywhere, either loads as a valid batch or raises
    CorruptArchiveError, UnsafePickleError or the layout's ValueError: never EOFError,
    UnicodeDecodeError, KeyError, IndexError, MemoryError... from inside the unpickler."""
    raw = batch_pickle(np.zeros((1, 3072), np.uint8), [7], protocol)
    start = raw.index(b"\x00" * 3072)                 # the pixels: a flip there is no damage
    structure = [*range(start), *range(start + 3072, len(raw))]
    if truncate:
        raw = raw[:where % len(raw)]
    else:
        i = structure[where % len(structure)]
        raw = raw[:i] + bytes([byte]) + raw[i + 1:]
    try:
        X, y = cifar10.safe_load_batch(raw, "data_batch_1")
    except Exception as exc:  # noqa: BLE001 - which exception comes is what is tested
        kind = type(exc).__name__
        if kind == "CorruptArchiveError":
            assert isinstance(exc, ValueError) and str(exc).startswith("data_batch_1 is damaged")
        elif kind != "UnsafePickleError":
            assert type(exc) is ValueError, f"{kind}: {exc}"
            assert str(exc).startswith(("data_batch_1:", "a CIFAR-10 batch must have"))
    else:
        assert X.dtype == np.uint8 and X.shape[1:] == (32, 32, 3) and y.shape == X.shape[:1]
        assert ((0 <= y) & (y <= 9)).all()
