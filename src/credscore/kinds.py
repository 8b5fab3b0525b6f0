"""`CUE_KINDS`: every public cue kind, text cues first, then source cues."""

from __future__ import annotations

from credscore.cues import TEXT_CUE_KINDS

#: Cue kinds about the site rather than the text (added by :mod:`credscore.source`).
SOURCE_CUE_KINDS: tuple[str, ...] = (
    "lookalike_domain",
    "low_rated_source",
    "high_rated_source",
    "unrated_source",
    "low_rated_links",
)

CUE_KINDS: tuple[str, ...] = TEXT_CUE_KINDS + SOURCE_CUE_KINDS
