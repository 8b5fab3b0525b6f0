"""PLACEHOLDER: bare_source cue (being written)."""

from __future__ import annotations

from credscore.article import Article
from credscore.cue import Cue

KIND = "bare_source"
DIRECTION = -1


def find(article: Article) -> list[Cue]:
    return []
