"""`ServiceLimits`: the bounds that keep one client from starving the others."""

from __future__ import annotations

import math
from dataclasses import dataclass

# The scorer analyses the first MAX_TEXT_CHARS (200,000) characters of a text; in JSON a
# character takes at most 6 bytes (a \uXXXX escape), so 2 MiB carries any text the scorer
# would analyse whole, plus its title and URL, with room to spare.
_ONE_ARTICLE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class ServiceLimits:
    """Per-request bounds of the scoring service; every one answers with a clear 4xx/503."""

    max_body_bytes: int = _ONE_ARTICLE_BYTES
    """Largest body of ``POST /v1/score`` and of the review page's form (else 413)."""
    max_batch_body_bytes: int = 16 * 1024 * 1024
    """Largest body of ``POST /v1/score/batch`` and ``POST /v1/sources`` (else 413)."""
    max_batch_items: int = 100
    """Most articles in one batch (else 422 naming ``items``) or site profile request (else
    422 naming ``articles``)."""
    timeout_seconds: float = 30.0
    """Longest a request may wait for its scores, queueing included (else 503)."""

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_batch_body_bytes", "max_batch_items"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        timeout = self.timeout_seconds
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, (int, float))
            or not 0 < timeout < math.inf
        ):
            raise ValueError(f"timeout_seconds must be a positive finite number, got {timeout!r}")
