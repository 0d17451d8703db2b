"""lossbook.data.cifar10: the CIFAR-10 loader, against a small archive in the official format served
from loopback."""
import hashlib
import http.server
import io
import pickle
import sys
import tarfile
import threading
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from lossbook.data import cifar10

N_TRAIN_PER_BATCH, N_TEST = 4, 3


def _batch_bytes(data, labels, protocol=2, old_numpy_name=False):
    d = {"batch_label": "test batch", "labels": list(map(int, labels)), "data": data,
         "filenames": [f"img_{i}.png" for i in range(len(labels))]}
    raw = pickle.dumps(d, protocol=protocol)
    if old_numpy_name:  # what the official archive, pickled by Python 2 and numpy 1.x, names
        raw = raw.replace(b"numpy._core.multiarray\n_reconstruct",
                          b"numpy.core.multiarray\n_reconstruct")
        assert b"numpy.core.multiarray" in raw
    return raw


class _Evil:
    """Unpickling this would create a file: the loader must refuse it before that happens."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def write_archive(path, rng, evil_path=None, protocol=2):
    """A tiny cifar-10-python.tar.gz; returns the arrays put in, for an independent check."""
    batches = {}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        n = N_TEST if name == "test_batch" else N_TRAIN_PER_BATCH
        data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n)
        raw = _batch_bytes(data, labels, protocol, old_numpy_name=(protocol == 2))
        if evil_path is not None and name == "data_batch_3":
            raw = pickle.dumps({"data": _Evil(evil_path), "labels": []}, protocol=2)
        batches[name] = (data, labels, raw)
    with tarfile.open(path, "w:gz") as tar:
        for name, (_, _, raw) in batches.items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return batches


def digests(path):
    raw = path.read_bytes()
    return hashlib.md5(raw).hexdigest(), hashlib.sha256(raw).hexdigest()


@pytest.fixture
def server(tmp_path):
    """A loopback HTTP server over tmp_path/www; yields (base_url, www, request_log)."""
    www = tmp_path / "www"
    www.mkdir()
    log = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            log.append(self.path)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", www, log
    httpd.shutdown()
    httpd.server_close()


def _expected_image(data_row):
    """Independent decoding of one row: pixel (r, c) of channel ch is data[ch*1024 + r*32 + c]."""
    img = np.empty((32, 32, 3), dtype=np.uint8)
    for ch in range(3):
        for r in range(32):
            for c in range(32):
                img[r, c, ch] = data_row[ch * 1024 + r * 32 + c]
    return img


def test_download_verify_and_load(server, tmp_path, rng, capsys):
    base, www, log = server
    batches = write_archive(www / cifar10.FILENAME, rng)
    md5, sha = digests(www / cifar10.FILENAME)
    dest = tmp_path / "data" / "downloads"
    out = cifar10.load_cifar10(data_dir=dest, download=True, url=f"{base}/{cifar10.FILENAME}",
                               md5=md5, sha256=sha)
    X_train, y_train, X_test, y_test = out
    assert X_train.shape == (5 * N_TRAIN_PER_BATCH, 32, 32, 3) and X_train.dtype == np.uint8
    assert X_test.shape == (N_TEST, 32, 32, 3) and y_train.shape == (5 * N_TRAIN_PER_BATCH,)
    data1, labels1, _ = batches["data_batch_1"]
    np.testing.assert_array_equal(X_train[0], _expected_image(data1[0]))
    np.testing.assert_array_equal(y_train[:N_TRAIN_PER_BATCH], labels1)
    data5, _, _ = batches["data_batch_5"]
    np.testing.assert_array_equal(X_train[-1], _expected_image(data5[-1]))
    np.testing.assert_array_equal(y_test, batches["test_batch"][1])
    assert (dest / cifar10.FILENAME).read_bytes() == (www / cifar10.FILENAME).read_bytes()
    assert sorted(p.name for p in dest.iterdir()) == [cifar10.FILENAME]
    assert "100.0%" in capsys.readouterr().err                 # the progress bar finished
    # a second load reuses the archive: no new request
    n_requests = len(log)
    cifar10.load_cifar10(data_dir=dest, md5=md5, sha256=sha)
    assert len(log) == n_requests == 1


def test_checksum_mismatch_leaves_no_file(server, tmp_path, rng):
    base, www, _ = server
    write_archive(www / cifar10.FILENAME, rng)
    md5, sha = digests(www / cifar10.FILENAME)
    dest = tmp_path / "dl"
    for bad in (dict(md5="0" * 32, sha256=sha), dict(md5=md5, sha256="f" * 64)):
        with pytest.raises(cifar10.ChecksumError, match="expected"):
            cifar10.download_cifar10(dest, url=f"{base}/{cifar10.FILENAME}", progress=False,
                                     **bad)
        assert list(dest.iterdir()) == []                       # no partial, no final file


def test_official_checksums_are_the_default(server, tmp_path, rng):
    """Our small archive is not the official one, so the default checksums must reject it."""
    base, www, _ = server
    write_archive(www / cifar10.FILENAME, rng)
    with pytest.raises(cifar10.ChecksumError, match=cifar10.MD5):
        cifar10.download_cifar10(tmp_path / "dl", url=f"{base}/{cifar10.FILENAME}",
                                 progress=False)
    assert list((tmp_path / "dl").iterdir()) == []
    assert cifar10.MD5 == "c58f30108f718f92721af3b95e74349a"


def test_http_error_leaves_no_file(server, tmp_path):
    base, _, _ = server
    with pytest.raises(OSError):
        cifar10.download_cifar10(tmp_path / "dl", url=f"{base}/missing.tar.gz", progress=False)
    assert list((tmp_path / "dl").iterdir()) == []


def test_missing_archive_without_download(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=True"):
        cifar10.load_cifar10(data_dir=tmp_path)


def test_crafted_pickle_is_rejected_before_it_runs(server, tmp_path, rng):
    base, www, _ = server
    marker = tmp_path / "pwned"
    write_archive(www / cifar10.FILENAME, rng, evil_path=marker)
    md5, sha = digests(www / cifar10.FILENAME)
    with pytest.raises(cifar10.UnsafePickleError, match=r"refusing to load io\.open"):
        cifar10.load_cifar10(data_dir=tmp_path / "dl", download=True,
                             url=f"{base}/{cifar10.FILENAME}", md5=md5, sha256=sha,
                             progress=False)
    assert not marker.exists()


@pytest.mark.parametrize("protocol", [2, 4])
def test_safe_load_batch_reads_both_protocols(rng, protocol):
    data = rng.integers(0, 256, size=(2, 3072), dtype=np.uint8)
    X, y = cifar10.safe_load_batch(_batch_bytes(data, [3, 7], protocol))
    np.testing.assert_array_equal(X[1], _expected_image(data[1]))
    assert y.tolist() == [3, 7]


def test_other_globals_are_refused():
    raw = pickle.dumps({"data": np.zeros((1, 3072), np.uint8), "labels": [0],
                        "x": __import__("collections").OrderedDict()}, protocol=2)
    with pytest.raises(cifar10.UnsafePickleError, match="collections.OrderedDict"):
        cifar10.safe_load_batch(raw)
    os_raw = b"cos\nsystem\n(S'echo hi'\ntR."
    with pytest.raises(cifar10.UnsafePickleError, match="os.system"):
        cifar10.safe_load_batch(os_raw)


def test_malformed_batch_is_refused():
    bad = pickle.dumps({"data": np.zeros((2, 100), np.uint8), "labels": [0, 1]}, protocol=4)
    with pytest.raises(ValueError, match="3072"):
        cifar10.safe_load_batch(bad)
    bad = pickle.dumps({"data": np.zeros((2, 3072), np.uint8), "labels": [0, 12]}, protocol=4)
    with pytest.raises(ValueError, match="0..9"):
        cifar10.safe_load_batch(bad)


def test_class_names():
    assert len(cifar10.CLASS_NAMES) == 10 and cifar10.CLASS_NAMES[3] == "cat"


def test_downloads_default_to_the_user_cache_outside_the_package(monkeypatch, tmp_path):
    """Installed anywhere, the archive goes to the user's cache folder (XDG on Linux), never into
    site-packages or a folder of the repository; ``LOSSBOOK_DATA_DIR`` overrides it."""
    monkeypatch.delenv("LOSSBOOK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if sys.platform.startswith("linux"):
        assert cifar10.default_data_dir() == tmp_path / "cache" / "lossbook"
    package_dir = Path(cifar10.__file__).resolve().parents[1]
    repo_dir = package_dir.parents[1]
    here = cifar10.default_data_dir().resolve()
    assert not here.is_relative_to(package_dir) and not here.is_relative_to(repo_dir)
    monkeypatch.setenv("LOSSBOOK_DATA_DIR", str(tmp_path / "mine"))
    assert cifar10.default_data_dir() == tmp_path / "mine"
