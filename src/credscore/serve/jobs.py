"""What the scoring thread does: validate and score articles, and encode the answer to send.

Each job takes the server's :class:`~credscore.Scorer` and a block of calls (argument
tuples, from one request or several) and returns one result per call: what the route sends,
JSON bytes for the API, so the event loop only relays it, or the error in the call's place.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import orjson

from credscore.api import Assessment, Scorer

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


def _refusal(error: Exception) -> Exception:
    """A row's error from ``Scorer.score_many``, as the job's callers expect it."""
    if isinstance(error, (TypeError, ValueError)):
        return InvalidArticle(str(error))
    return error  # the analysis failed (a bug in a cue): an internal error, logged there


def assessments(scorer: Scorer, calls: list[ArticleFields]) -> list[Assessment | Exception]:
    """The assessment of each article (for the review page), or InvalidArticle saying why
    it was refused. The articles are scored as one block, as ``Scorer.score_many`` does."""
    return [
        _refusal(result) if isinstance(result, Exception) else result
        for result in scorer.score_many(calls)
    ]


def assessments_json(scorer: Scorer, calls: list[ArticleFields]) -> list[bytes | Exception]:
    """``Assessment.to_dict()`` of each article as JSON, or the error in its place."""
    return [
        result if isinstance(result, Exception) else _encoded(result)
        for result in assessments(scorer, calls)
    ]


def _encoded(assessment: Assessment) -> bytes | Exception:
    try:
        return encode(_checked(assessment).to_dict())
    except Exception as error:  # a bug: this article's request fails, not its block's
        logger.exception("encoding an assessment failed")
        return RuntimeError(f"analysis failed: {type(error).__name__}: {error}")


def _checked(assessment: Assessment) -> Assessment:
    """The assessment, if its numbers can be written as JSON; else a bug, and an error.

    A NaN or infinite feature or weight anywhere reaches the log-odds, the sum of them all.
    """
    if not math.isfinite(assessment.log_odds):
        raise ArithmeticError(f"log-odds {assessment.log_odds} is not finite")
    return assessment


def batch_items_json(scorer: Scorer, calls: list[ArticleFields]) -> list[tuple[bool, bytes]]:
    """``(scored, JSON of {"assessment", "error"})`` per article of a batch request.

    A bad item never stops the others, as in ``score_frame``: its ``error`` is the sentence
    ``score_frame`` would give, and its assessment is null.
    """
    results = []
    for result in assessments_json(scorer, calls):
        if isinstance(result, Exception):  # refused, or its analysis failed (logged there)
            record = {"assessment": None, "error": str(result)}
            results.append((False, encode(record)))
        else:
            results.append((True, b'{"assessment":%s,"error":null}' % result))
    return results


def warm_up(scorer: Scorer, calls: list[tuple[()]]) -> list[str]:
    """Score a small built-in article once; the model version, once per call."""
    scorer.score(_WARM_UP_TEXT, title=_WARM_UP_TITLE, url=_WARM_UP_URL)
    return [scorer.model_version] * len(calls)
