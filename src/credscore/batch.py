"""`score_frame`, and the core that every many-article entry point shares.

:func:`map_assessments` runs aligned lists of texts, titles and URLs through
:meth:`Scorer.score_many`, in this process or in joblib worker processes, and keeps what a
caller's ``summarise`` function takes from each result. :func:`score_columns` uses it to
build the output columns (``credibility``, ``label``, ``top_cues``, ``error``, ``notes``);
:mod:`credscore.sites` to keep what a site profile needs. ``score_frame``
(pandas), :mod:`credscore.stream` (files, without pandas) and :mod:`credscore.dask` all call
it, and all check their column names with :func:`resolve_columns`, so the three cannot
disagree on a number or a message. A bad row (missing, empty or non-text) gets a message in
``error`` and the others are scored.

With ``n_jobs > 1`` the rows are split into chunks for worker processes; each worker
unpickles the model once and keeps it for every later chunk (see :class:`ScorerHandle`).
:func:`score_page_columns` is the same core for web pages (HTML in, through
:meth:`Scorer.score_many_html`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import pickle
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from credscore.api import Assessment, Scorer, default_scorer

if TYPE_CHECKING:  # pandas is imported where a frame is built, not when this module loads
    import pandas as pd

logger = logging.getLogger(__name__)

#: Output columns of :func:`score_frame`, in order.
OUTPUT_COLUMNS: tuple[str, ...] = ("credibility", "label", "top_cues", "error", "notes")
#: How many cues ``top_cues`` holds by default (strongest first, as in ``Assessment.cues``).
DEFAULT_TOP_CUES = 5
#: Smallest chunk worth sending to a worker: below ~250 articles (~0.1 s of work) process
#: start-up and pickling cost more than the parallelism saves (bench_throughput.py).
MIN_CHUNK = 256
#: The same for web pages: ~50 ms each to read and score (bench_pages.py: ~19 pages/s), so
#: 8 pages are ~0.4 s of work.
MIN_PAGE_CHUNK = 8

T = TypeVar("T")


class InputError(ValueError):
    """The input cannot be scored as asked: a missing column, an impossible option."""


@dataclass(frozen=True)
class ArticleColumns:
    """Which input columns hold the article's text, title and URL (None: not used)."""

    text: str
    title: str | None
    url: str | None


@dataclass
class ScoreColumns:
    """The output columns of a batch, as aligned plain lists (one entry per input row)."""

    credibility: list[float]
    label: list[str | None]
    top_cues: list[str | None]
    error: list[str | None]
    notes: list[str | None]

    @classmethod
    def empty(cls) -> ScoreColumns:
        return cls([], [], [], [], [])

    @classmethod
    def from_rows(cls, rows: list[tuple[Any, ...]]) -> ScoreColumns:
        """Columns from rows of values in :data:`OUTPUT_COLUMNS` order."""
        if not rows:
            return cls.empty()
        columns = [list(column) for column in zip(*rows, strict=True)]
        return cls(*columns)

    def extend(self, other: ScoreColumns) -> None:
        for name in OUTPUT_COLUMNS:
            getattr(self, name).extend(getattr(other, name))

    def as_lists(self) -> tuple[list[Any], ...]:
        """The columns in :data:`OUTPUT_COLUMNS` order."""
        return tuple(getattr(self, name) for name in OUTPUT_COLUMNS)


def resolve_columns(
    present: Sequence[Any], *, text: str, title: str | None, url: str | None
) -> ArticleColumns:
    """Check column names against those ``present``; a missing default title/url is unused.

    ``title``/``url`` name optional columns: when the default name ("title", "url") is
    absent it is ignored, a name you chose must exist. Raises :class:`InputError`.
    """
    present = list(present)
    if text not in present:
        raise InputError(f"text column {text!r} not found; the columns are {present}")
    resolved: list[str | None] = []
    for argument, name, default in (("title", title, "title"), ("url", url, "url")):
        if name is None or name in present:
            resolved.append(name)
        elif name == default:
            resolved.append(None)
        else:
            raise InputError(
                f"{argument} column {name!r} not found; the columns are {present} "
                f"(pass {argument}=None to score without one)"
            )
    return ArticleColumns(text, resolved[0], resolved[1])


def check_options(*, n_jobs: object, top_cues: object) -> None:
    """Refuse impossible batch options with an :class:`InputError` naming the argument."""
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise InputError(f"n_jobs must be a positive int or -1 (all cores), got {n_jobs!r}")
    if not isinstance(top_cues, int) or isinstance(top_cues, bool) or top_cues < 0:
        raise InputError(f"top_cues must be an int >= 0, got {top_cues!r}")


def score_frame(
    df: pd.DataFrame,
    *,
    text: str = "text",
    title: str | None = "title",
    url: str | None = "url",
    html: str | None = None,
    n_jobs: int = 1,
    scorer: Scorer | None = None,
    top_cues: int = DEFAULT_TOP_CUES,
) -> pd.DataFrame:
    """Score every row of ``df``; the result has ``df``'s index and row order.

    ArticleColumns: ``credibility`` (float, NaN when the row failed), ``label`` (str or None),
    ``top_cues`` (JSON list of the ``top_cues`` strongest cues as dicts, or None),
    ``error`` (None, or why the row could not be scored) and ``notes`` (None, or a JSON list
    of caveats: text truncated, not English; see ``Assessment.notes``). ``title``/``url``
    name optional columns (see :func:`resolve_columns`). ``scorer`` defaults to the shipped
    model. Raises :class:`InputError` (a ``ValueError``) for a missing column or a bad option.

    ``html`` names a column of web pages (``str`` or ``bytes``) to score instead of a text
    column (see :meth:`Scorer.score_html`): the page gives the headline, ``url`` where it
    came from. A page with no article gets label "unknown" and credibility NaN.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if html is not None:
        return _score_html_frame(
            df, html=html, text=text, title=title, url=url, n_jobs=n_jobs, scorer=scorer,
            top_cues=top_cues,
        )  # fmt: skip
    columns = resolve_columns(list(df.columns), text=text, title=title, url=url)
    check_options(n_jobs=n_jobs, top_cues=top_cues)
    n = len(df)
    results = score_columns(
        df[columns.text].tolist(),
        df[columns.title].tolist() if columns.title is not None else [None] * n,
        df[columns.url].tolist() if columns.url is not None else [None] * n,
        scorer=scorer if scorer is not None else default_scorer(),
        n_jobs=n_jobs,
        top_cues=top_cues,
    )
    return result_frame(results, df.index)


def _score_html_frame(
    df: pd.DataFrame,
    *,
    html: str,
    text: str,
    title: str | None,
    url: str | None,
    n_jobs: int,
    scorer: Scorer | None,
    top_cues: int,
) -> pd.DataFrame:
    """:func:`score_frame` on a column of web pages."""
    present = list(df.columns)
    if text != "text":
        raise InputError(f"pass html or text, not both (got html={html!r}, text={text!r})")
    if title not in (None, "title"):
        raise InputError(
            f"title={title!r} cannot be used with html: a page's headline is read from the page"
        )
    if html not in present:
        raise InputError(f"html column {html!r} not found; the columns are {present}")
    url_column = resolve_columns(present, text=html, title=None, url=url).url
    check_options(n_jobs=n_jobs, top_cues=top_cues)
    results = score_page_columns(
        df[html].tolist(),
        df[url_column].tolist() if url_column is not None else [None] * len(df),
        scorer=scorer if scorer is not None else default_scorer(),
        n_jobs=n_jobs,
        top_cues=top_cues,
    )
    return result_frame(results, df.index)


def result_frame(results: ScoreColumns, index: Any = None) -> pd.DataFrame:
    """The output frame: ``credibility`` float64, the text columns pandas' string dtype.

    Missing values are ``NaN`` and ``pd.NA``, so the frame writes to Parquet as typed
    columns (float, string). With no ``results`` rows it is the empty frame Dask uses as
    ``meta``.
    """
    import pandas as pd

    index = pd.RangeIndex(len(results.credibility)) if index is None else index
    data: dict[str, pd.Series] = {
        "credibility": pd.Series(results.credibility, index=index, dtype="float64")
    }
    for name in OUTPUT_COLUMNS[1:]:
        data[name] = pd.Series(getattr(results, name), index=index, dtype="string")
    return pd.DataFrame(data, index=index)


# --------------------------------------------------------------------------- the core


def score_columns(
    texts: list[Any],
    titles: list[Any],
    urls: list[Any],
    *,
    scorer: Scorer,
    n_jobs: int = 1,
    top_cues: int = DEFAULT_TOP_CUES,
) -> ScoreColumns:
    """Score aligned lists of cells; in worker processes when ``n_jobs > 1`` and worth it."""
    rows = map_assessments(
        (texts, titles, urls),
        scorer=scorer,
        n_jobs=n_jobs,
        summarise=partial(output_row, top_cues),
    )
    return ScoreColumns.from_rows(rows)


def score_page_columns(
    pages: list[Any],
    urls: list[Any],
    *,
    content_types: list[Any] | None = None,
    scorer: Scorer,
    n_jobs: int = 1,
    top_cues: int = DEFAULT_TOP_CUES,
) -> ScoreColumns:
    """:func:`score_columns` for web pages: aligned lists of HTML, URLs and Content-Types."""
    types = content_types if content_types is not None else [None] * len(pages)
    rows = map_assessments(
        (pages, urls, types),
        scorer=scorer,
        n_jobs=n_jobs,
        summarise=partial(output_row, top_cues),
        pages=True,
    )
    return ScoreColumns.from_rows(rows)


def map_assessments(
    columns: tuple[list[Any], list[Any], list[Any]],
    *,
    scorer: Scorer,
    summarise: Callable[[Assessment | Exception], T],
    n_jobs: int = 1,
    pages: bool = False,
) -> list[T]:
    """``summarise(result)`` for every row's assessment, in row order.

    ``columns`` are aligned lists of (text, title, url) cells, scored by
    :meth:`Scorer.score_many`, or with ``pages`` of (HTML, url, Content-Type), scored by
    :meth:`Scorer.score_many_html`. A row that cannot be scored reaches ``summarise`` as its
    exception. With ``n_jobs > 1`` (and enough rows) the rows are scored in joblib worker
    processes, and only what ``summarise`` keeps comes back, so it must be picklable (a
    module-level function or a ``functools.partial`` of one).
    """
    workers = effective_jobs(n_jobs)
    min_chunk = MIN_PAGE_CHUNK if pages else MIN_CHUNK
    if workers > 1 and len(columns[0]) >= 2 * min_chunk:
        return _map_parallel(columns, scorer, workers, summarise, pages, min_chunk)
    return _map_here(columns, scorer, summarise, pages)


def effective_jobs(n_jobs: int) -> int:
    """Worker processes for ``n_jobs`` (-1: one per core)."""
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


def top_cues_json(assessment: Assessment, k: int) -> str:
    """The ``k`` strongest cues of an assessment as a JSON list of ``Cue.to_dict()``."""
    return json.dumps([cue.to_dict() for cue in assessment.cues[:k]], ensure_ascii=False)


def output_row(top_cues: int, result: Assessment | Exception) -> tuple[Any, ...]:
    """One row of the output columns (:data:`OUTPUT_COLUMNS` order) for one result."""
    if isinstance(result, Exception):
        return (math.nan, None, None, str(result), None)
    notes = json.dumps(list(result.notes), ensure_ascii=False) if result.notes else None
    return (result.credibility, result.label, top_cues_json(result, top_cues), None, notes)


def _map_here(
    columns: tuple[list[Any], list[Any], list[Any]],
    scorer: Scorer,
    summarise: Callable[[Assessment | Exception], T],
    pages: bool,
) -> list[T]:
    rows = zip(*columns, strict=True)
    results = scorer.score_many_html(rows) if pages else scorer.score_many(rows)
    return [summarise(result) for result in results]


def _map_parallel(
    columns: tuple[list[Any], list[Any], list[Any]],
    scorer: Scorer,
    workers: int,
    summarise: Callable[[Assessment | Exception], T],
    pages: bool,
    min_chunk: int,
) -> list[T]:
    """Score chunks in joblib worker processes; results concatenated in input order."""
    from joblib import Parallel, delayed

    n = len(columns[0])
    # Two chunks per worker evens out uneven articles without paying for many round trips.
    size = max(min_chunk, -(-n // (2 * workers)))
    handle = ScorerHandle.of(scorer)
    tasks = (
        delayed(_map_chunk)(
            handle, tuple(column[start : start + size] for column in columns), summarise, pages
        )
        for start in range(0, n, size)
    )
    merged: list[T] = []
    for part in Parallel(n_jobs=workers, backend="loky")(tasks):
        merged.extend(part)
    return merged


def _map_chunk(
    handle: ScorerHandle,
    columns: tuple[list[Any], list[Any], list[Any]],
    summarise: Callable[[Assessment | Exception], T],
    pages: bool,
) -> list[T]:
    return _map_here(columns, handle.scorer, summarise, pages)


_WORKER_SCORERS: dict[str, Scorer] = {}
_WORKER_LOCK = threading.Lock()
_HANDLES: weakref.WeakKeyDictionary[Scorer, ScorerHandle] = weakref.WeakKeyDictionary()


class ScorerHandle:
    """A scorer that crosses process boundaries once per worker, not once per chunk.

    Pickled as (digest, pickled scorer); unpickling looks the digest up in the worker's
    cache first, so the model is rebuilt only the first time a worker sees it. The bytes
    come from this process's own scorer, never from outside.
    """

    def __init__(self, scorer: Scorer, key: str, blob: bytes) -> None:
        self.scorer = scorer
        self.key = key
        self._blob = blob

    @classmethod
    def of(cls, scorer: Scorer) -> ScorerHandle:
        handle = _HANDLES.get(scorer)
        if handle is None:
            blob = pickle.dumps(scorer, protocol=pickle.HIGHEST_PROTOCOL)
            handle = cls(scorer, hashlib.sha256(blob).hexdigest(), blob)
            _HANDLES[scorer] = handle
        return handle

    def __reduce__(self) -> tuple[Any, tuple[str, bytes]]:
        return _restore_handle, (self.key, self._blob)


def _restore_handle(key: str, blob: bytes) -> ScorerHandle:
    with _WORKER_LOCK:
        scorer = _WORKER_SCORERS.get(key)
        if scorer is None:
            scorer = pickle.loads(blob)  # our own scorer, pickled in the parent process
            _WORKER_SCORERS[key] = scorer
            logger.debug("worker %d loaded model %s", os.getpid(), key[:12])
    return ScorerHandle(scorer, key, blob)
