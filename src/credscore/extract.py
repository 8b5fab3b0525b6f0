"""`extract()`: every cue of one article, with exact spans."""

from __future__ import annotations

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues import find_all


def extract(text: str, title: str | None = None, url: str | None = None) -> list[Cue]:
    """All cues found in the article, in document order (title, text, url).

    Raises ``TypeError`` if an argument is not a string (``title``/``url`` may be None)
    and ``ValueError`` if ``text`` is empty or whitespace.
    """
    return find_all(Article(text, title, url))
