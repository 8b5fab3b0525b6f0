"""What the scoring thread does: validate and score articles, and encode the answer to send.

Each job takes the server's :class:`~credscore.Scorer` first and returns what the route
sends, JSON bytes for the API, so the event loop only relays it.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import orjson

from credscore.api import Assessment, Scorer
from credscore.article import Article

logger = logging.getLogger(__name__)

#: One article of a batch as (text, title, url), the fields of the request.
ArticleFields = tuple[str, str | None, str | None]

# Scored once by each server process before it reports ready, so the first real request does not pay
# for loading the lexicons and tables the cues read lazily.
_WARM_UP_TITLE = "Council approves the new library budget"
_WARM_UP_TEXT = (
    "RIVERTON, May 2 (Staff) - The city council voted 7-2 on Tuesday to approve the library "
    'budget for next year. "We listened to every branch," said council member Ana Whitlow.\n'
    "Follow us on Telegram for more local news!"
)
_WARM_UP_URL = "https://news.example.org/council-library-budget"


class InvalidArticle(ValueError):
    """The article's fields were refused by :class:`credscore.Article`; the message says why."""


def encode(value: Any) -> bytes:
    """Compact UTF-8 JSON. orjson writes an assessment's ~25 kB in two thirds of the time
    of pydantic's encoder (itself a tenth of ``json.dumps``'s), with the same bytes."""
    return orjson.dumps(value)


def _article(text: Any, title: Any, url: Any) -> Article:
    try:
        return Article(text, title, url)
    except (TypeError, ValueError) as error:
        raise InvalidArticle(str(error)) from None


def assess(scorer: Scorer, text: str, title: str | None, url: str | None) -> Assessment:
    """The assessment of one article (for the review page). Raises InvalidArticle."""
    return scorer.assess(_article(text, title, url))


def assessment_json(scorer: Scorer, text: str, title: str | None, url: str | None) -> bytes:
    """``Assessment.to_dict()`` of one article as JSON. Raises InvalidArticle."""
    return encode(_checked(assess(scorer, text, title, url)).to_dict())


def _checked(assessment: Assessment) -> Assessment:
    """The assessment, if its numbers can be written as JSON; else a bug, and an error.

    A NaN or infinite feature or weight anywhere reaches the log-odds, the sum of them all.
    """
    if not math.isfinite(assessment.log_odds):
        raise ArithmeticError(f"log-odds {assessment.log_odds} is not finite")
    return assessment


def batch_json(scorer: Scorer, items: list[ArticleFields]) -> list[tuple[bool, bytes]]:
    """``(scored, JSON of {"assessment", "error"})`` per item, in order.

    A bad item never stops the others, as in ``score_frame``: its ``error`` is the sentence
    ``score_frame`` would give, and its assessment is null.
    """
    results = []
    for text, title, url in items:
        record: dict[str, Any]
        try:
            assessment = _checked(assess(scorer, text, title, url))
            record = {"assessment": assessment.to_dict(), "error": None}
        except InvalidArticle as error:
            record = {"assessment": None, "error": str(error)}
        except Exception as error:  # a cue must never raise; if one does, lose one item only
            logger.exception("scoring a batch item failed")
            record = {
                "assessment": None,
                "error": f"analysis failed: {type(error).__name__}: {error}",
            }
        results.append((record["error"] is None, encode(record)))
    return results


def warm_up(scorer: Scorer) -> str:
    """Score a small built-in article once; returns the model version."""
    scorer.score(_WARM_UP_TEXT, title=_WARM_UP_TITLE, url=_WARM_UP_URL)
    return scorer.model_version
