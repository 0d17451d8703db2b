"""Shared pytest set-up: a non-interactive matplotlib backend, and the repository's root."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def rng():
    """A fresh, seeded generator for each test that draws random data."""
    import numpy as np
    return np.random.default_rng(12345)


def pytest_report_header(config):
    return f"lossbook repository: {ROOT}; CI={os.environ.get('CI', '')!r}"
