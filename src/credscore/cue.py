"""The `Cue` record: one piece of evidence, pinned to the characters that triggered it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

Field = Literal["title", "text", "url"]
FIELDS: tuple[str, ...] = ("title", "text", "url")


@dataclass(frozen=True, slots=True)
class Cue:
    """One finding about an article, with the exact span that triggered it.

    Invariant: ``evidence == <field value>[start:end]``; build cues with
    :meth:`Article.cue` so the evidence is always sliced, never typed in.
    """

    kind: str
    """One of :data:`credscore.CUE_KINDS`."""
    field: str
    """Which input the span points into: ``"title"``, ``"text"`` or ``"url"``."""
    start: int
    """Offset of the first character of the evidence in that field."""
    end: int
    """Offset one past the last character of the evidence."""
    evidence: str
    """The characters themselves (``field_value[start:end]``)."""
    message: str
    """One sentence a reader understands."""
    weight: float | None = None
    """Signed contribution to the score's log-odds; ``None`` from :func:`extract`."""

    def with_weight(self, weight: float) -> Cue:
        """A copy carrying the model's signed log-odds contribution."""
        return replace(self, weight=float(weight))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of every field."""
        return asdict(self)
