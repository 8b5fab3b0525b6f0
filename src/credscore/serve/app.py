"""`create_app`: the scoring service and the review page as one FastAPI application.

Endpoints: ``POST /v1/score`` (one article, or one saved page as ``{html, url?}``),
``POST /v1/score/batch`` (up to ``limits.max_batch_items`` articles or pages; each item gets an
assessment or an error, as in ``score_frame``), ``POST /v1/sources`` (site profiles from
articles, as ``profile_sources``), ``GET /v1/model`` (the model card), ``GET /healthz``,
``GET /readyz``, the OpenAPI schema at ``/openapi.json``, and the review page at ``/`` (pasted
text or a saved page's file).

Bad input never reaches the scorer as an exception it cannot name: a body over the cap is a
413, a body that is not JSON a 415, a field that is missing, of the wrong type, empty or
unknown a 422 naming it, and a request not scored in time a 503.
"""

# No `from __future__ import annotations` here: FastAPI reads the route signatures at run
# time, and the batch body model is built inside create_app for its size cap.
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Body, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from credscore import __version__
from credscore.api import Scorer, json_safe_text
from credscore.serve import jobs
from credscore.serve.gate import RequestGate
from credscore.serve.limits import ServiceLimits
from credscore.serve.logs import RequestLogMiddleware, configure_logging, log_fields
from credscore.serve.page import PAGE_HEADERS, FormValues, render_page
from credscore.serve.pool import ScoringPool, ScoringTimeout
from credscore.serve.schemas import (
    BODY_TAGS,
    EXAMPLE_ARTICLE,
    EXAMPLE_PAGE,
    EXAMPLE_PROMO_ARTICLE,
    AssessmentOut,
    BatchOut,
    BatchPageIn,
    ErrorOut,
    HealthOut,
    ModelCard,
    ReadyOut,
    ScoreRequest,
    SourcesOut,
    batch_request,
    sources_request,
)
from credscore.source import BUNDLED

logger = logging.getLogger(__name__)

#: The interpreter's thread switch interval in a `credscore serve` process (Python's default
#: is 0.005 s). Its two threads, the event loop and the scoring thread, then trade the
#: interpreter lock a tenth as often when both have work, so each keeps its data in the CPU
#: cache for longer: with benchmarks/bench_serve.py (least of three rounds) the event loop's
#: CPU per request fell from 0.91 to 0.71 ms and the scoring thread's from 3.67 to 3.30 ms.
#: The event loop waits at most this long for its turn, far within a request's time bound.
SERVE_SWITCH_INTERVAL = 0.05

#: How `credscore serve --workers N` hands its settings (JSON) to each server process that
#: uvicorn starts: they are spawned afresh, so they share nothing else with the command.
SETTINGS_VARIABLE = "CREDSCORE_SERVE_SETTINGS"

_FIELDS = ("text", "title", "url")
# A client that hits the time bound is told to come back after this many seconds.
_RETRY_AFTER_SECONDS = "5"
_DESCRIPTION = """\
Scores how far a news article, and the site that published it, can be trusted, and shows
why: a calibrated credibility in [0, 1], a label, and the cues behind it, each pointing at
the exact characters (`field[start:end]`) that triggered it. Nothing is fetched: a URL is
only read, never visited. The review page for people is at `/`.
"""


@dataclass
class _Service:
    """What the routes share: the scorer, where scoring runs, and the limits."""

    scorer: Scorer
    pool: ScoringPool
    limits: ServiceLimits
    log_text: bool
    ready: asyncio.Event = field(default_factory=asyncio.Event)


def create_app(
    scorer: Scorer | None = None,
    *,
    limits: ServiceLimits | None = None,
    log_text: bool = False,
) -> FastAPI:
    """The service for ``scorer`` (default: ``credscore.Scorer()``, the shipped model).

    ``limits`` default to ``ServiceLimits()``; ``log_text`` adds each article's title, text
    and URL to its request log line. The app scores in one thread beside its event loop,
    the articles of requests waiting together as one block; run several processes of it
    (``credscore serve --workers N``) to use several cores.
    """
    limits = limits if limits is not None else ServiceLimits()
    if not isinstance(limits, ServiceLimits):
        raise TypeError(f"limits must be a ServiceLimits, got {type(limits).__name__}")
    scorer = scorer if scorer is not None else Scorer()
    service = _Service(scorer, ScoringPool(scorer), limits, log_text)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        warming = asyncio.create_task(_warm_up(service))
        try:
            yield
        finally:
            warming.cancel()
            service.pool.close()

    app = FastAPI(
        title="credscore",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        # The interactive docs pages load their scripts from a CDN: the service fetches
        # nothing from outside, so only the schema itself is served.
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    app.add_middleware(RequestGate, limit_for=_body_limit(limits), json_paths=_JSON_PATHS)
    app.add_middleware(RequestLogMiddleware)  # added last: outermost, so it sees every answer
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
    _add_api_routes(app, service)
    _add_page_routes(app, service)
    return app


def create_app_from_environment() -> FastAPI:
    """The app as ``credscore serve`` configured it, built in each of its server processes.

    Reads :data:`SETTINGS_VARIABLE`: ``{"model", "ratings", "limits", "log_text",
    "log_level"}``, where ``limits`` holds :class:`ServiceLimits`' fields. Sets the process's
    thread switch interval to :data:`SERVE_SWITCH_INTERVAL`, as ``credscore serve`` does.
    """
    settings = json.loads(os.environ[SETTINGS_VARIABLE])
    configure_logging(settings["log_level"])
    sys.setswitchinterval(SERVE_SWITCH_INTERVAL)
    return create_app(
        Scorer(settings["model"], ratings=settings["ratings"] or BUNDLED),
        limits=ServiceLimits(**settings["limits"]),
        log_text=settings["log_text"],
    )


async def _warm_up(service: _Service) -> None:
    try:
        await service.pool.warm_up()
    except Exception:
        logger.exception("scoring the warm-up article failed")
        return
    service.ready.set()
    logger.info("ready", extra={"fields": {"event": "ready"}})


# --------------------------------------------------------------------------- errors


def _error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": json_safe_text(detail), "errors": errors or []}


def _without_tags(loc: tuple[Any, ...] | list[Any]) -> list[Any]:
    """The path without the tag pydantic puts after a body or an item (``article`` or
    ``page``, which kind of input it was read as): the client never sent that key."""
    path: list[Any] = []
    for index, part in enumerate(loc):
        before = loc[index - 1] if index else None
        is_tag = part in BODY_TAGS and (before == "body" or isinstance(before, int))
        if not is_tag:
            path.append(part)
    return path


def _field_error(loc: tuple[Any, ...] | list[Any], msg: str, kind: str) -> dict[str, Any]:
    # Strings of the path can come from the client (an unknown key): make them encodable.
    loc = _without_tags(loc)
    path = [part if isinstance(part, int) else json_safe_text(str(part)) for part in loc]
    inner = path[1:] if path and path[0] == "body" else path
    name = ".".join(str(part) for part in inner) or "body"
    return {"field": name, "loc": path, "msg": json_safe_text(msg), "type": kind}


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    """422 naming each field at fault; the offending input is never echoed back."""
    assert isinstance(error, RequestValidationError)  # registered for this class only
    errors = []
    for problem in error.errors():
        loc, message = problem.get("loc", ("body",)), problem.get("msg", "invalid value")
        if problem.get("type") == "json_invalid":  # loc is ("body", offset of the error)
            reason = problem.get("ctx", {}).get("error", message)
            loc, message = ("body",), f"not valid JSON: {reason} (character {loc[-1]})"
        errors.append(_field_error(loc, message, problem.get("type", "")))
    detail = "; ".join(f"{e['field']}: {e['msg']}" for e in errors) or "invalid request"
    return JSONResponse(_error_body(detail, errors), status_code=422)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)  # registered for this class only
    return JSONResponse(
        _error_body(str(error.detail)), status_code=error.status_code, headers=error.headers
    )


async def _internal_error(request: Request, error: Exception) -> JSONResponse:
    logger.error("unhandled error", exc_info=error)
    return JSONResponse(_error_body("internal error: the server log has the details"), 500)


def _invalid_article(error: jobs.InvalidArticle) -> RequestValidationError:
    """The scorer's refusal of a field, as the same 422 a schema violation gets."""
    message = str(error)
    name = message.split(" ", 1)[0]
    loc = ("body", name) if name in _FIELDS else ("body",)
    return RequestValidationError([{"loc": loc, "msg": message, "type": "value_error"}])


async def _scored(service: _Service, job: Callable[..., Any], calls: list[tuple]) -> list[Any]:
    """Run ``job`` over ``calls`` in the scoring thread; a time-out becomes a 503."""
    try:
        return await service.pool.map(job, calls, timeout=service.limits.timeout_seconds)
    except ScoringTimeout as error:
        retry = {"Retry-After": _RETRY_AFTER_SECONDS}
        raise HTTPException(503, str(error), headers=retry) from None


# --------------------------------------------------------------------------- API

_BATCH_PATH = "/v1/score/batch"
_SOURCES_PATH = "/v1/sources"
#: Paths that take many articles in one body (the batch cap applies to them).
_MANY_PATHS = frozenset({_BATCH_PATH, _SOURCES_PATH})
#: Paths whose POST body must be JSON (else 415, before the body is read).
_JSON_PATHS = frozenset({"/v1/score", *_MANY_PATHS})


def _body_limit(limits: ServiceLimits) -> Callable[[str], int]:
    """The body cap of each path: the batch cap for many articles, one article's for others."""

    def limit_for(path: str) -> int:
        return limits.max_batch_body_bytes if path in _MANY_PATHS else limits.max_body_bytes

    return limit_for


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Body could not be read (e.g. not UTF-8)."},
    413: {"model": ErrorOut, "description": "Body larger than the service accepts."},
    415: {"model": ErrorOut, "description": "Body not declared as JSON."},
    422: {"model": ErrorOut, "description": "A field is missing, of the wrong type or unknown."},
    503: {"model": ErrorOut, "description": "Not scored in time; retry after Retry-After s."},
}


def _log_article(service: _Service, fields: dict[str, Any], article: Any) -> None:
    if isinstance(article, BatchPageIn):
        fields["html_chars"] = len(article.html)
        if service.log_text:
            fields.update(url=article.url, html=article.html)
        return
    fields["chars"] = len(article.text)
    if service.log_text:
        fields.update(title=article.title, url=article.url, text=article.text)


def _scoring_call(item: Any, *, in_batch: bool = False) -> tuple[Callable[..., Any], tuple]:
    """The job that scores a request's article or page (its batch form with ``in_batch``:
    an error in an item's place), and the item's call."""
    job: Callable[..., Any]
    if isinstance(item, BatchPageIn):
        job = jobs.batch_pages_json if in_batch else jobs.page_assessments_json
        return job, (item.html, item.url, None)
    job = jobs.batch_items_json if in_batch else jobs.assessments_json
    return job, (item.text, item.title, item.url)


async def _scored_in_order(service: _Service, items: list[Any]) -> list[tuple[bool, bytes]]:
    """The batch results of a request's items in order, its articles and its pages each
    scored as a block."""
    groups: dict[Callable[..., Any], list[tuple[int, tuple]]] = {}
    for index, item in enumerate(items):
        job, call = _scoring_call(item, in_batch=True)
        groups.setdefault(job, []).append((index, call))
    outcomes = await asyncio.gather(
        *(_scored(service, job, [call for _, call in group]) for job, group in groups.items())
    )
    results: list[Any] = [None] * len(items)
    for group, outcome in zip(groups.values(), outcomes, strict=True):
        for (index, _), result in zip(group, outcome, strict=True):
            results[index] = result
    return results


def _add_api_routes(app: FastAPI, service: _Service) -> None:
    limits = service.limits
    batch_model = batch_request(limits.max_batch_items)
    sources_model = sources_request(limits.max_batch_items)

    @app.post(
        "/v1/score",
        response_model=AssessmentOut,
        responses=_ERRORS,
        tags=["scoring"],
        summary="Score one article",
        max_body_size=limits.max_body_bytes,
    )
    async def score(
        request: Request,
        article: Annotated[
            ScoreRequest,
            Body(
                openapi_examples={
                    "wire report": {"summary": "A wire-style report", "value": EXAMPLE_ARTICLE},
                    "promo post": {"summary": "A promo post", "value": EXAMPLE_PROMO_ARTICLE},
                    "saved page": {"summary": "A saved web page", "value": EXAMPLE_PAGE},
                }
            ),
        ],
    ) -> Response:
        """The credibility, label and cues of an article ``{text, title?, url?}`` or of a
        saved web page ``{html, url?}``: ``credscore.Assessment.to_dict()``."""
        _log_article(service, log_fields(request.scope), article)
        job, call = _scoring_call(article)
        try:
            (body,) = await _scored(service, job, [call])
        except jobs.InvalidArticle as error:
            raise _invalid_article(error) from None
        return Response(body, media_type="application/json")

    @app.post(
        _BATCH_PATH,
        response_model=BatchOut,
        responses=_ERRORS,
        tags=["scoring"],
        summary="Score several articles or pages",
        max_body_size=limits.max_batch_body_bytes,
    )
    async def score_batch(
        request: Request,
        batch: Annotated[batch_model, Body()],  # type: ignore[valid-type]  # built for the cap
    ) -> Response:
        """One result per article or page, in order: its assessment, or the ``error`` that
        says why it could not be scored (the others are scored all the same)."""
        items = batch.items  # type: ignore[attr-defined]
        fields = log_fields(request.scope)
        fields.update(
            items=len(items),
            chars=sum(len(getattr(item, "text", "")) for item in items),
            html_chars=sum(len(getattr(item, "html", "")) for item in items),
        )
        results = await _scored_in_order(service, items)
        n_failed = sum(1 for ok, _ in results if not ok)
        fields["failed"] = n_failed
        # The items are JSON already (encoded where they were scored): join, do not re-encode.
        body = b"".join(
            (
                b'{"model_version":',
                jobs.encode(service.scorer.model_version),
                b',"items":[',
                b",".join(encoded for _, encoded in results),
                b'],"n_scored":%d,"n_failed":%d}' % (len(results) - n_failed, n_failed),
            )
        )
        return Response(body, media_type="application/json")

    @app.post(
        _SOURCES_PATH,
        response_model=SourcesOut,
        responses=_ERRORS,
        tags=["sites"],
        summary="Judge whole sites from their articles",
        max_body_size=limits.max_batch_body_bytes,
    )
    async def sources(
        request: Request,
        body: Annotated[sources_model, Body()],  # type: ignore[valid-type]  # built for the cap
    ) -> Response:
        """One profile per site (``credscore.profile_sources``): how reliable its articles,
        taken together, and its rating say it is, with a 90% interval that narrows as
        articles accumulate. Articles that cannot be scored are counted, not fatal."""
        articles = body.articles  # type: ignore[attr-defined]
        items = [
            jobs.SiteItem(isinstance(a, BatchPageIn), _scoring_call(a)[1], a.url, a.source)
            for a in articles
        ]
        fields = log_fields(request.scope)
        fields.update(items=len(items))
        call = (items, body.min_articles)  # type: ignore[attr-defined]
        (result,) = await _scored(service, jobs.site_profiles_json, [call])
        return Response(result, media_type="application/json")

    @app.get("/v1/model", response_model=ModelCard, tags=["model"], summary="The model card")
    async def model_card() -> JSONResponse:
        """The model's card: version, training data, metrics, label thresholds, features."""
        return JSONResponse(service.scorer.card)

    @app.get("/healthz", response_model=HealthOut, tags=["health"], summary="Liveness")
    async def healthz() -> dict[str, str]:
        """200 while the server process answers."""
        return {"status": "ok"}

    @app.get(
        "/readyz",
        response_model=ReadyOut,
        responses={503: {"model": ReadyOut, "description": "Still loading the model."}},
        tags=["health"],
        summary="Readiness",
    )
    async def readyz() -> JSONResponse:
        """200 once this server process has loaded the model and scored an article."""
        body = {"ready": service.ready.is_set(), "model_version": service.scorer.model_version}
        return JSONResponse(body, status_code=200 if body["ready"] else 503)


# --------------------------------------------------------------------------- review page


def _add_page_routes(app: FastAPI, service: _Service) -> None:
    limits = service.limits

    def page_view(status: int = 200, **context: Any) -> HTMLResponse:
        markup = render_page(
            model_version=service.scorer.model_version,
            thresholds=service.scorer.card.get("thresholds", {}),
            **context,
        )
        return HTMLResponse(markup, status_code=status, headers=PAGE_HEADERS)

    @app.get("/", include_in_schema=False)
    async def review_form() -> HTMLResponse:
        return page_view()

    @app.post("/", include_in_schema=False, max_body_size=limits.max_body_bytes)
    async def review(request: Request) -> HTMLResponse:
        async with request.form(
            max_files=1, max_fields=8, max_part_size=limits.max_body_bytes
        ) as form:
            values = [form.get(name) for name in ("title", "text", "url")]
            upload = form.get("html")
            page, page_type, page_name = b"", None, ""
            if isinstance(upload, UploadFile):
                page, page_type = await upload.read(), upload.content_type
                page_name = json_safe_text(upload.filename or "") or "the file"
        title, text, url = (_form_text(value) for value in values)
        form_values = FormValues(title, text, url, page_name if page else "")
        if not page and not text.strip():
            message = "Paste the article's text, or choose a saved page, to score it."
            return page_view(422, form=form_values, error=message)
        fields = log_fields(request.scope)
        job: Callable[..., Any]
        call: tuple[Any, ...]
        if page:  # a saved page is scored instead of the text, as the form says
            fields["html_bytes"] = len(page)
            job, call = jobs.page_assessments, (page, url or None, page_type)
        else:
            fields["chars"] = len(text)
            job, call = jobs.assessments, (text, title or None, url or None)
        if service.log_text:
            fields.update(title=title, url=url, text=text)
        try:
            (assessment,) = await _scored(service, job, [call])
        except jobs.InvalidArticle as error:
            return page_view(422, form=form_values, error=str(error))
        except HTTPException as error:  # not scored in time: say so on the page
            return page_view(error.status_code, form=form_values, error=f"{error.detail}.")
        return page_view(form=form_values, assessment=assessment)


def _form_text(value: object) -> str:
    """A form field as the reader typed it.

    Browsers send every line break of a form field as CRLF (the HTML standard's form
    encoding); the reader pasted the text with plain line breaks, and that is what is
    scored and shown. Lone surrogates (from odd encodings) could not be written back into
    the page, so they become U+FFFD.
    """
    if not isinstance(value, str):
        return ""
    return json_safe_text(value.replace("\r\n", "\n").replace("\r", "\n"))
