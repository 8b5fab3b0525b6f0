"""`DeclaredSizeLimit`: a 413 in JSON, before reading a byte, for a body declared too large.

FastAPI's per-route ``max_body_size`` counts the bytes as they arrive and answers a
streamed body that grows too large with our JSON error; but when ``Content-Length`` already
says too much, Starlette's limiter replaces whatever the app answers with a plain-text 413.
This middleware answers that case first, with the same JSON as every other error.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class DeclaredSizeLimit:
    """Refuse a request whose ``Content-Length`` exceeds ``limit_for(path)`` bytes."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = Headers(scope=scope).get("content-length", "")
            limit = self.limit_for(scope["path"])
            if declared.isdigit() and int(declared) > limit:
                detail = f"body of {int(declared):,} bytes: this endpoint accepts {limit:,} at most"
                response = JSONResponse({"detail": detail, "errors": []}, status_code=413)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
