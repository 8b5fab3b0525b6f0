"""The `Cue` record: one piece of evidence, pinned to the characters that triggered it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

#: The inputs a cue's span can point into, in the order they are shown. ``residue`` is the
#: text of a web page outside its article (see :func:`credscore.page.read_page`).
FIELDS: tuple[str, ...] = ("title", "text", "residue", "url")

# A str may hold lone surrogates (e.g. from "\ud800" in JSON input, or undecodable bytes in
# a command line); UTF-8 cannot encode them, so every output carries U+FFFD instead.
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def json_safe_text(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD, so it encodes as UTF-8.

    One character for one, so offsets into the original text stay valid.
    """
    return value if value.isascii() else _LONE_SURROGATE_RE.sub("\ufffd", value)


@dataclass(frozen=True, slots=True)
class Cue:
    """One finding about an article, with the exact span that triggered it.

    Invariant: ``evidence == <field value>[start:end]``; build cues with
    :meth:`Article.cue` so the evidence is always sliced, never typed in.
    """

    kind: str
    """One of :data:`credscore.CUE_KINDS`."""
    field: str
    """Which input the span points into: ``"title"``, ``"text"``, ``"residue"`` or ``"url"``."""
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
        """JSON-ready dict of every field.

        Lone surrogates in ``evidence`` and ``message`` (which UTF-8 cannot encode) become
        U+FFFD, one for one, so ``start``/``end`` still index the text you passed.
        """
        return {
            "kind": self.kind,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "evidence": json_safe_text(self.evidence),
            "message": json_safe_text(self.message),
            "weight": self.weight,
        }
