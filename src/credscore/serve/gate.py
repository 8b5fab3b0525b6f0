"""`RequestGate`: refuses, before reading a byte of the body, what the headers already show
to be wrong: a body declared larger than the path accepts (413), or a JSON endpoint's body
declared as something else (415). Both answers are JSON like every other error.

Why here and not in the routes: FastAPI's per-route ``max_body_size`` counts bytes as they
arrive (and catches a streamed body that grows too large), but when ``Content-Length``
already says too much, Starlette's limiter replaces whatever the app answers with a
plain-text 413. And a media-type check as a route dependency costs each request a turn
through FastAPI's dependency solver; here it is one header look-up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class RequestGate:
    """413 when ``Content-Length`` exceeds ``limit_for(path)``; 415 when a POST to one of
    ``json_paths`` is not declared as JSON (so a form post is not half-parsed)."""

    def __init__(
        self, app: ASGIApp, limit_for: Callable[[str], int], json_paths: Collection[str]
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        self.json_paths = json_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            declared = headers.get("content-length", "")
            limit = self.limit_for(scope["path"])
            refusal = None
            if declared.isdigit() and int(declared) > limit:
                detail = f"body of {int(declared):,} bytes: this endpoint accepts {limit:,} at most"
                refusal = (413, detail)
            elif (
                scope["method"] == "POST"
                and scope["path"] in self.json_paths
                and not _is_json(headers.get("content-type", ""))
            ):
                refusal = (415, "send the body as JSON, with Content-Type: application/json")
            if refusal is not None:
                status, detail = refusal
                response = JSONResponse({"detail": detail, "errors": []}, status_code=status)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
