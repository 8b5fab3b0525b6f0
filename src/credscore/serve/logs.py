"""Structured logs: one JSON object per line, and one ``request`` line per HTTP request.

Article text, titles and URLs are never logged unless the service was started with
``--log-text``; by default a request line carries sizes, the label and the score only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("credscore.serve.requests")

#: Request header whose value (when it looks like an id) names the request in the logs.
REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: time, level, logger, message and its ``fields``."""

    # ASCII escapes: a lone surrogate in a logged field cannot break the log stream. One
    # encoder for every line (json.dumps with options builds a new one each call).
    _encoder = json.JSONEncoder(ensure_ascii=True, default=str)

    def __init__(self) -> None:
        super().__init__()
        # The time to the second, formatted once per second rather than once per line
        # (one tuple, swapped whole, so two threads never pair one's second with the other's).
        self._second: tuple[int, str] = (-1, "")

    def format(self, record: logging.LogRecord) -> str:
        second, second_text = self._second
        if int(record.created) != second:
            second = int(record.created)
            second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = (second, second_text)
        entry: dict[str, Any] = {
            "time": f"{second_text}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self._encoder.encode(entry)


class TurnBufferedHandler(logging.StreamHandler):
    """A stream handler that writes the lines logged in one turn of an event loop together.

    Writing to a file releases the interpreter lock, and the scoring thread takes it at
    once: a write per request line cost the event loop a wait for the lock on every
    request. Lines logged on a running loop's thread are kept and written, all at once, by
    a callback at the loop's next turn (within a millisecond when it is busy); lines
    logged anywhere else are written at once, after any kept ones, so the order holds.
    ``flush()`` (called by ``logging.shutdown`` at exit) writes whatever is kept.
    """

    def __init__(self, stream: Any = None) -> None:
        super().__init__(stream)
        self._kept: list[str] = []
        self._flush_on: asyncio.AbstractEventLoop | None = None  # loop a flush waits on

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record) + self.terminator
        except Exception:
            self.handleError(record)
            return
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        self._kept.append(line)  # emit runs under the handler's lock, as flush does
        if loop is None:
            self.flush()
        elif loop is not self._flush_on:
            loop.call_soon(self.flush)
            self._flush_on = loop

    def flush(self) -> None:
        self.acquire()
        try:
            lines = "".join(self._kept)
            self._kept.clear()
            self._flush_on = None
            if lines:
                self.stream.write(lines)
            self.stream.flush()
        except (OSError, ValueError):  # the stream was closed or broke: nowhere to write
            pass
        finally:
            self.release()


def configure_logging(level: str = "INFO") -> None:
    """Send every logger's records (uvicorn's too) to stderr as JSON lines."""
    handler = TurnBufferedHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def log_fields(scope: Scope) -> dict[str, Any]:
    """The dict a route fills with what the request's log line should add."""
    return scope.setdefault("state", {}).setdefault("log", {})


class RequestLogMiddleware:
    """Logs each HTTP request once it is answered, and tags it with an ``X-Request-ID``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        fields = log_fields(scope)
        status = 500  # unless the app answers, the server sends a 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info(
                "request",
                extra={
                    "fields": {
                        "event": "request",
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round(1000 * (time.perf_counter() - started), 2),
                        **fields,
                    }
                },
            )


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1")
            if _REQUEST_ID_RE.fullmatch(text):
                return text
    # Names a request in the logs, nothing more: no need for the system's random source,
    # whose system call costs the event loop a turn of the interpreter lock under load.
    return f"{random.getrandbits(64):016x}"
