"""Fixtures of the service tests: one app over the sample-trained scorer, and its client."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service needs the serve extra: credscore[serve]")
pytest.importorskip("multipart", reason="the review page's form needs python-multipart")

from fastapi.testclient import TestClient

import credscore
from credscore.serve.app import create_app
from credscore.serve.limits import ServiceLimits

#: The team's saved web pages, each with a JSON file of what it holds (data/examples/pages).
PAGES = Path(__file__).resolve().parents[2] / "data" / "examples" / "pages"
needs_html = pytest.mark.skipif(
    importlib.util.find_spec("trafilatura") is None,
    reason="reading web pages needs the html extra: credscore[html]",
)
JSON = {"content-type": "application/json"}
#: Small caps, so the caps are cheap to reach.
SMALL = ServiceLimits(max_body_bytes=4_000, max_batch_body_bytes=8_000, max_batch_items=3)


def saved_page(name: str) -> tuple[str, dict]:
    """A team page's HTML as text (as a JSON client sends it) and its expectations."""
    path = PAGES / f"{name}.html"
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return path.read_bytes().decode("utf-8", "replace"), expected


def check_error(response, status: int, field: str | None) -> None:
    """A JSON error with a sentence in ``detail`` and, for a field at fault, its name."""
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    if field is not None:
        assert field in [error["field"] for error in body["errors"]], body


def wait_until_ready(client: TestClient, seconds: float = 120.0) -> None:
    """Poll /readyz until the scoring workers have loaded the model."""
    deadline = time.monotonic() + seconds
    while client.get("/readyz").status_code != 200:
        if time.monotonic() > deadline:
            raise AssertionError(f"/readyz not 200 after {seconds:g} s")
        time.sleep(0.05)


@pytest.fixture(scope="session")
def serve_app(scorer):
    """The service over the sample model, scoring in one thread (workers=0)."""
    return create_app(scorer)


@pytest.fixture(scope="session")
def client(serve_app):
    with TestClient(serve_app) as client:
        wait_until_ready(client)
        yield client


@pytest.fixture(scope="module")
def small_client(scorer):
    """The service with the :data:`SMALL` caps."""
    with TestClient(create_app(scorer, limits=SMALL)) as client:
        yield client


# The folder holding the credscore these tests import (the installed one, or an
# editable checkout), so a subprocess runs the same code with its package data.
PACKAGE_ROOT = Path(credscore.__file__).resolve().parents[1]


def free_port() -> int:
    """A port nothing listens on now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(model_dir: Path, log_path: Path, *options: str):
    """``credscore serve`` in a subprocess on 127.0.0.1, ready; yields (process, base URL).

    Logs go to ``log_path`` (a pipe nobody reads could fill up and stall the server).
    Stopped with Ctrl-C's signal on the way out.
    """
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}
    command = [sys.executable, "-m", "credscore", "serve", "--model", str(model_dir)]
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [*command, "--port", str(port), *options], stdout=log, stderr=log, env=env
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base, process, log_path)
            yield process, base
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_for(base: str, process: subprocess.Popen, log_path: Path, seconds: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited {process.returncode}: {log_path.read_text()}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"server not ready after {seconds:g} s: {log_path.read_text()}")
