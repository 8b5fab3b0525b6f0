"""`CUE_KINDS`: every public cue kind, text cues first, then source cues."""

from __future__ import annotations

from credscore.cues import TEXT_CUE_KINDS
from credscore.source import SOURCE_CUE_KINDS

CUE_KINDS: tuple[str, ...] = TEXT_CUE_KINDS + SOURCE_CUE_KINDS
