"""PLACEHOLDER: dateline cue (being written)."""

from __future__ import annotations

from credscore.article import Article
from credscore.cue import Cue

KIND = "dateline"
DIRECTION = 1


def find(article: Article) -> list[Cue]:
    return []
