"""Structured logs: one JSON object per line, and one ``request`` line per HTTP request.

Article text, titles and URLs are never logged unless the service was started with
``--log-text``; by default a request line carries sizes, the label and the score only.
"""

from __future__ import annotations

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

    def format(self, record: logging.LogRecord) -> str:
        seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        entry: dict[str, Any] = {
            "time": f"{seconds}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # ASCII escapes: a lone surrogate in a logged field cannot break the log stream.
        return json.dumps(entry, ensure_ascii=True, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send every logger's records (uvicorn's too) to stderr as JSON lines."""
    handler = logging.StreamHandler()
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
