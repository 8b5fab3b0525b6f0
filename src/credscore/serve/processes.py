"""`serve_processes`: ``credscore serve --workers N`` on Linux, each process on its own socket.

uvicorn's own ``--workers`` shares one listening socket among its processes, and the kernel
hands each new connection to whichever process accepts first. A client that opens its pool
of keep-alive connections at once (32 for bench_serve) finds most of them, often all, held
by one process for as long as they live, and that process alone answers them while the
other idles: bench_serve's rounds on that socket split 32 connections 8/24 and 7/25, at 334
and 366 requests per second against 414 for a 16/16 round.

Here every server process binds its own socket to the port with ``SO_REUSEPORT``, and the
kernel spreads new connections over the processes' sockets by a hash of each connection's
addresses, whatever the processes are busy with. The command's own process holds a socket
bound to the port and never listening: it keeps the port (and picks it, for ``--port 0``)
but is given no connection. It starts the processes, starts another when one dies, and on
SIGINT or SIGTERM stops them (uvicorn's graceful shutdown) and waits.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

logger = logging.getLogger(__name__)

#: Exit code of a server process that failed before serving (uvicorn's own, too): starting
#: another would fail the same way, so the command stops instead.
STARTUP_FAILURE = 3
#: How often a server process checks that the command's process is still there.
PARENT_CHECK_SECONDS = 1.0
#: Seconds a stopping server process is given for its graceful shutdown before it is killed.
STOP_SECONDS = 30.0


def shares_port_fairly() -> bool:
    """Whether the kernel spreads connections over ``SO_REUSEPORT`` sockets (Linux does;
    other systems give them all to one socket or lack the option)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def port_socket(host: str, port: int, *, shared: bool = True) -> socket.socket:
    """A TCP socket bound to ``(host, port)``, not yet listening; with ``SO_REUSEPORT``
    unless ``shared`` is false."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _serve_one(host: str, port: int, options: dict[str, Any]) -> None:
    """One server process: its own socket, the app ``credscore serve`` configured."""
    import uvicorn

    from credscore.serve.app import create_app_from_environment

    _stop_with(os.getppid())
    try:
        sock = port_socket(host, port)
        app = create_app_from_environment()
    except Exception:  # would fail the same way in a replacement: the command stops
        logger.exception("a server process could not start")
        sys.exit(STARTUP_FAILURE)
    uvicorn.Server(uvicorn.Config(app, **options)).run(sockets=[sock])


def _stop_with(parent: int) -> None:
    """Shut this server process down (SIGTERM, uvicorn's graceful way) once ``parent``, the
    command's process, is gone: killed outright, it cannot stop its processes, and they
    would go on holding the port."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="credscore-parent-watch", daemon=True).start()


def serve_processes(workers: int, options: dict[str, Any]) -> int:
    """Run ``workers`` server processes on ``options["host"]``/``["port"]`` until SIGINT or
    SIGTERM; the exit code. ``options`` are uvicorn's (see ``server_options``); each process
    builds its app from the environment (``SETTINGS_VARIABLE``), which it inherits.

    Raises OSError when the port cannot be bound (in use, or the host is not a local address).
    """
    options = dict(options)
    host, port = options.pop("host"), options.pop("port")
    if port:
        # Another server's SO_REUSEPORT socket on the port would let this one share it
        # silently: a plain socket cannot bind beside it, so the port must be free first.
        port_socket(host, port, shared=False).close()
    held = port_socket(host, port)
    port = held.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def start() -> multiprocessing.process.BaseProcess:
        process = context.Process(target=_serve_one, args=(host, port, options))
        process.start()
        return process

    def on_signal(number: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    logger.info(
        "serving",
        extra={"fields": {"event": "serving", "host": host, "port": port, "processes": workers}},
    )
    processes = [start() for _ in range(workers)]
    code = 0
    try:
        while not stop.wait(0.5):
            for index, process in enumerate(processes):
                if process.is_alive():
                    continue
                if process.exitcode == STARTUP_FAILURE:
                    logger.error("a server process failed to start; stopping")
                    code = STARTUP_FAILURE
                    stop.set()
                    break
                logger.warning(
                    "a server process died; starting another",
                    extra={"fields": {"event": "restart", "exit_code": process.exitcode}},
                )
                processes[index] = start()
    finally:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process in processes:
            process.join(STOP_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()
        held.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code
