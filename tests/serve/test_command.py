"""`credscore serve` on the command line: help, refusals with their exit codes, and a server
that starts, answers and stops."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import credscore
from credscore.cli import EXIT_INPUT, EXIT_MODEL, build_parser

from .articles import SEED_STYLE
from .conftest import running_server

# The folder holding the credscore these tests import (the installed one, or an
# editable checkout), so a subprocess runs the same code with its package data.
PACKAGE_ROOT = Path(credscore.__file__).resolve().parents[1]


def credscore(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m credscore ARGS`` in a fresh process, run from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "credscore", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_help_lists_the_endpoints_and_options() -> None:
    result = credscore("serve", "--help")
    assert result.returncode == 0
    for word in ("/v1/score", "/readyz", "--workers", "--ratings", "--model", "--log-text"):
        assert word in result.stdout


def test_parser_defaults() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, os.cpu_count() or 1)
    assert not args.log_text


def test_each_server_process_gets_the_options_of_the_command_line() -> None:
    """What ``--workers N`` hands its server processes, and what uvicorn is told."""
    from credscore.serve import process_settings, server_options

    argv = ["serve", "--port", "8123", "--timeout", "7", "--max-batch", "3",
            "--max-connections", "9", "--log-text", "--log-level", "DEBUG"]  # fmt: skip
    args = build_parser().parse_args(argv)
    settings = json.loads(process_settings(args))
    assert settings["limits"]["timeout_seconds"] == 7
    assert settings["limits"]["max_batch_items"] == 3
    assert (settings["log_text"], settings["log_level"]) == (True, "DEBUG")
    options = server_options(args)
    assert (options["port"], options["limit_concurrency"]) == (8123, 9)
    assert options["access_log"] is False  # RequestLogMiddleware logs each request once


def test_the_command_line_does_not_import_the_service() -> None:
    code = (
        "import sys, credscore.cli as cli; cli.build_parser(); "
        "sys.exit(int(any(m in sys.modules for m in ('fastapi', 'uvicorn', 'starlette'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)},
        check=False,
    )
    assert result.returncode == 0, "credscore's parser imported the web stack"


def test_missing_model_exits_3(tmp_path) -> None:
    result = credscore("serve", "--model", str(tmp_path / "nowhere"), "--port", "0")
    assert result.returncode == EXIT_MODEL
    assert "cannot load the model" in result.stderr


@pytest.mark.parametrize(
    "option", [("--workers", "-1"), ("--timeout", "0"), ("--max-batch", "0"), ("--port", "x")]
)
def test_impossible_options_exit_2(option) -> None:
    result = credscore("serve", *option)
    assert result.returncode == EXIT_INPUT
    assert option[0] in result.stderr


def test_server_starts_answers_logs_json_and_stops(sample_model_dir, tmp_path) -> None:
    import httpx

    log_path = tmp_path / "serve.log"
    with running_server(sample_model_dir, log_path, "--workers", "1") as (process, base):
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
        scored = httpx.post(f"{base}/v1/score", json=SEED_STYLE)
        assert scored.status_code == 200 and scored.json()["cues"]
        assert "server" not in scored.headers  # no software banner
    assert process.returncode == 0
    lines = [json.loads(line) for line in log_path.read_text().splitlines()]
    events = [line.get("event") for line in lines]
    assert "ready" in events and "request" in events
    assert "Marcetti" not in log_path.read_text()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_several_processes_share_the_port_and_a_killed_one_is_replaced(
    sample_model_dir, tmp_path
) -> None:
    import httpx

    log_path = tmp_path / "serve.log"
    with running_server(sample_model_dir, log_path, "--workers", "2") as (process, base):
        first = _server_processes(process.pid)
        assert len(first) == 2
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            now = _server_processes(process.pid)
            if len(now) == 2 and first[0] not in now:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"no replacement for a killed process: {log_path.read_text()}")
        for _ in range(4):  # whichever process answers, it scores
            answer = httpx.post(f"{base}/v1/score", json=SEED_STYLE, timeout=60)
            assert answer.status_code == 200


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_a_burst_of_connections_is_spread_over_the_processes(sample_model_dir, tmp_path) -> None:
    """A client opening its keep-alive pool at once must not find it all on one process
    (on uvicorn's shared socket, bench_serve's rounds split 32 connections 8/24 and 7/25)."""
    import socket

    def accepted(pid: int, client_ports: set[int]) -> int:
        """How many of the clients' connections the process holds (accepted, still open)."""
        remote_port = {}  # socket inode -> the port at the other end
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            remote_port[fields[9]] = int(fields[2].rsplit(":", 1)[1], 16)
        folder, held = Path(f"/proc/{pid}/fd"), 0
        for fd in os.listdir(folder):
            try:
                link = os.readlink(folder / fd)
            except OSError:  # closed meanwhile
                continue
            if link.startswith("socket:["):
                held += remote_port.get(link[len("socket:[") : -1]) in client_ports
        return held

    log_path = tmp_path / "serve.log"
    with running_server(sample_model_dir, log_path, "--workers", "2") as (process, base):
        serving = _server_processes(process.pid)
        port = int(base.rsplit(":", 1)[1])
        for _ in range(3):  # three bursts of 32
            pool = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
            try:
                ports = {connection.getsockname()[1] for connection in pool}
                deadline = time.monotonic() + 30
                while sum(held := [accepted(pid, ports) for pid in serving]) < 32:
                    assert time.monotonic() < deadline, f"not all accepted: {held}"
                    time.sleep(0.05)
                assert min(held) >= 4, held
            finally:
                for connection in pool:
                    connection.close()


@pytest.mark.slow
def test_a_port_in_use_is_refused_not_shared(sample_model_dir, tmp_path) -> None:
    """Several processes listen with SO_REUSEPORT; a second server on the same port must
    still be refused, not quietly given half of the first one's connections."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = credscore("serve", "--model", str(sample_model_dir), "--workers", "2",
                           "--port", port)  # fmt: skip
    assert result.returncode == EXIT_INPUT
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr

    log_path = tmp_path / "serve.log"
    with running_server(sample_model_dir, log_path, "--workers", "2") as (_, base):
        port = base.rsplit(":", 1)[1]
        second = credscore("serve", "--model", str(sample_model_dir), "--workers", "2",
                           "--port", port)  # fmt: skip
        assert second.returncode == EXIT_INPUT
        assert f"cannot listen on 127.0.0.1:{port}" in second.stderr


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_server_processes_stop_when_the_command_is_killed(sample_model_dir, tmp_path) -> None:
    log_path = tmp_path / "serve.log"
    with running_server(sample_model_dir, log_path, "--workers", "2") as (process, _):
        serving = _server_processes(process.pid)
        assert len(serving) == 2
        process.kill()  # SIGKILL: the command cannot stop them itself
        process.wait()
        deadline = time.monotonic() + 60
        while any(_cmdline(str(pid)) for pid in serving):
            assert time.monotonic() < deadline, "server processes outlived the command"
            time.sleep(0.2)


def _server_processes(supervisor: int) -> list[int]:
    """The server processes ``credscore serve --workers N`` started (multiprocessing's)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    return [int(pid) for pid in children if b"spawn_main" in _cmdline(pid)]


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # exited meanwhile
        return b""


@pytest.mark.parametrize("missing", ["uvicorn", "fastapi"])
def test_without_the_serve_extra_it_says_how_to_install_it(missing) -> None:
    code = (
        f"import sys; sys.modules[{missing!r}] = None; "
        "from credscore.cli import main; sys.exit(main(['serve']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == EXIT_INPUT
    assert missing in result.stderr and 'pip install "credscore[serve]"' in result.stderr
