"""Shared fixtures: paths to the sample and corpus PDFs, and one Prefect test server.

Prefect reads its settings when it is first imported, so they are set here, before any
test module imports it. Its home is a temporary folder, so tests never touch
~/.prefect (profiles, result storage) of whoever runs them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_PREFECT_HOME = tempfile.TemporaryDirectory(prefix="thaidoc-tests-prefect-")
os.environ.update(
    {
        "PREFECT_HOME": _PREFECT_HOME.name,
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (the corpus of real PDFs, the spec)."""
    shared = Path(__file__).resolve().parents[2] / "shared"
    if not shared.is_dir():
        pytest.skip(f"{shared} is absent")
    return shared


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The committed sample PDFs; skips while there are none."""
    samples = REPO / "samples"
    if not any(samples.glob("*.pdf")):
        pytest.skip(f"no sample PDFs in {samples}")
    return samples


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One local Prefect server (temporary database) for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
