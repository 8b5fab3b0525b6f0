"""What the scoring thread does: validate and score articles, and encode the answer to send.

Each job takes the server's :class:`~credscore.Scorer` and a block of calls (argument
tuples, from one request or several) and returns one result per call: what the route sends,
JSON bytes for the API, so the event loop only relays it, or the error in the call's place.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from credscore.api import Assessment, Scorer
from credscore.sites import SiteProfiler, summarise_article

logger = logging.getLogger(__name__)

#: One article of a batch as (text, title, url), the fields of the request.
ArticleFields = tuple[str, str | None, str | None]
#: One saved page as (html, url, content_type): a str from JSON, or an uploaded file's bytes
#: with the Content-Type it was sent with (its charset, if any, decodes it).
PageFields = tuple[str | bytes, str | None, str | None]

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


def _refused(results: Iterable[Assessment | Exception]) -> list[Assessment | Exception]:
    return [_refusal(result) if isinstance(result, Exception) else result for result in results]


def assessments(scorer: Scorer, calls: list[ArticleFields]) -> list[Assessment | Exception]:
    """The assessment of each article (for the review page), or InvalidArticle saying why
    it was refused. The articles are scored as one block, as ``Scorer.score_many`` does."""
    return _refused(scorer.score_many(calls))


def page_assessments(scorer: Scorer, calls: list[PageFields]) -> list[Assessment | Exception]:
    """The assessment of each saved page (``Scorer.score_many_html``), or the error in its
    place. A page with no article is an assessment (label "unknown"), not an error."""
    return _refused(scorer.score_many_html(calls))


def _encoded_all(results: list[Assessment | Exception]) -> list[bytes | Exception]:
    return [result if isinstance(result, Exception) else _encoded(result) for result in results]


def assessments_json(scorer: Scorer, calls: list[ArticleFields]) -> list[bytes | Exception]:
    """``Assessment.to_dict()`` of each article as JSON, or the error in its place."""
    return _encoded_all(assessments(scorer, calls))


def page_assessments_json(scorer: Scorer, calls: list[PageFields]) -> list[bytes | Exception]:
    """``Assessment.to_dict()`` of each saved page as JSON, or the error in its place."""
    return _encoded_all(page_assessments(scorer, calls))


def _encoded(assessment: Assessment) -> bytes | Exception:
    try:
        return encode(_checked(assessment).to_dict())
    except Exception as error:  # a bug: this article's request fails, not its block's
        logger.exception("encoding an assessment failed")
        return RuntimeError(f"analysis failed: {type(error).__name__}: {error}")


def _checked(assessment: Assessment) -> Assessment:
    """The assessment, if its numbers can be written as JSON; else a bug, and an error.

    A NaN or infinite feature or weight anywhere reaches the log-odds, the sum of them all.
    The one NaN that is meant is a page with no article's: label "unknown", nothing scored.
    """
    log_odds = assessment.log_odds
    no_article = math.isnan(log_odds) and assessment.label == "unknown"
    if not math.isfinite(log_odds) and not no_article:
        raise ArithmeticError(f"log-odds {log_odds} is not finite")
    return assessment


def _batch_items(results: list[bytes | Exception]) -> list[tuple[bool, bytes]]:
    items = []
    for result in results:
        if isinstance(result, Exception):  # refused, or its analysis failed (logged there)
            record = {"assessment": None, "error": str(result)}
            items.append((False, encode(record)))
        else:
            items.append((True, b'{"assessment":%s,"error":null}' % result))
    return items


def batch_items_json(scorer: Scorer, calls: list[ArticleFields]) -> list[tuple[bool, bytes]]:
    """``(scored, JSON of {"assessment", "error"})`` per article of a batch request.

    A bad item never stops the others, as in ``score_frame``: its ``error`` is the sentence
    ``score_frame`` would give, and its assessment is null.
    """
    return _batch_items(assessments_json(scorer, calls))


def batch_pages_json(scorer: Scorer, calls: list[PageFields]) -> list[tuple[bool, bytes]]:
    """:func:`batch_items_json` for the saved pages of a batch request."""
    return _batch_items(page_assessments_json(scorer, calls))


class SiteItem(NamedTuple):
    """One article or page of a site profile request."""

    is_page: bool
    """A saved page (``fields`` are :data:`PageFields`), else an article (:data:`ArticleFields`)."""
    fields: tuple[Any, ...]
    url: str | None
    """The URL sent with it."""
    source: str | None
    """The site it was filed under by the client, if named."""


#: One site profile request: its items in the order sent, and ``min_articles``.
SitesCall = tuple[list[SiteItem], int]


def site_profiles_json(scorer: Scorer, calls: list[SitesCall]) -> list[bytes | Exception]:
    """Each request's site profiles as JSON (``{"model_version", "sites", "n_articles",
    "n_failed"}``): its articles and pages scored as two blocks, then filed under their
    sites in the order sent, as ``credscore.profile_sources`` files a table's rows."""
    results: list[bytes | Exception] = []
    for items, min_articles in calls:
        try:
            results.append(_site_profiles(scorer, items, min_articles))
        except Exception as error:  # a bug: this request fails, not the others in its block
            logger.exception("profiling sites failed")
            results.append(RuntimeError(f"analysis failed: {type(error).__name__}: {error}"))
    return results


def _site_profiles(scorer: Scorer, items: list[SiteItem], min_articles: int) -> bytes:
    articles = scorer.score_many([item.fields for item in items if not item.is_page])
    pages = scorer.score_many_html([item.fields for item in items if item.is_page])
    results = [next(pages if item.is_page else articles) for item in items]
    # A page sent without a URL is filed under its canonical link's site, if it has one.
    urls = [
        result.url if isinstance(result, Assessment) and result.url else item.url
        for item, result in zip(items, results, strict=True)
    ]
    sources = [item.source for item in items]
    profiler = SiteProfiler(scorer, min_articles=min_articles)
    profiler.add_summaries(
        [summarise_article(result) for result in results],
        urls,
        sources if any(source is not None for source in sources) else None,
    )
    sites = profiler.rows()
    for site in sites:
        site["top_cues"] = orjson.loads(site["top_cues"])  # a JSON list in the table's cell
    n_failed = sum(isinstance(result, Exception) for result in results)
    return encode(
        {
            "model_version": scorer.model_version,
            "sites": sites,
            "n_articles": len(results) - n_failed,
            "n_failed": n_failed,
        }
    )


def warm_up(scorer: Scorer, calls: list[tuple[()]]) -> list[str]:
    """Score a small built-in article once; the model version, once per call."""
    scorer.score(_WARM_UP_TEXT, title=_WARM_UP_TITLE, url=_WARM_UP_URL)
    return [scorer.model_version] * len(calls)
