"""`extract()`: every cue of one article, with exact spans."""

from __future__ import annotations

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues import find_all


def extract(text: str, title: str | None = None, url: str | None = None) -> list[Cue]:
    """All cues found in the article, in document order (title, text, url).

    Raises ``TypeError`` if an argument is not a string (``title``/``url`` may be None)
    and ``ValueError`` if ``text`` is empty or whitespace. Like :func:`credscore.score`,
    only the first ``MAX_TEXT_CHARS`` characters of the text (``MAX_TITLE_CHARS`` of the
    title, ``MAX_URL_CHARS`` of the URL; see :mod:`credscore.article`) are analysed, so
    every span indexes the strings you passed.
    """
    return find_all(Article(text, title, url))
