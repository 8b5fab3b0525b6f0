"""`score_frame`: score a whole DataFrame of articles, one row per article, nothing dropped.

Each article is analysed once (:func:`credscore.cues.analyse`); the log-odds of the whole
batch come from :meth:`CredibilityModel.log_odds`; only the top cues are turned into dicts.
A bad row (missing, empty or non-text) gets a message in ``error`` and the others are scored.
A row whose text was truncated for analysis or does not look like English is scored and says
so in ``notes`` (the same sentences as ``Assessment.notes``).

With ``n_jobs > 1`` the frame is split into chunks scored by joblib worker processes; each
worker unpickles the model once and keeps it for every later chunk (see :class:`_ScorerHandle`).

Files are streamed through the same core by :func:`credscore.stream.stream_score`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import pickle
import threading
import weakref
from collections import Counter
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from credscore.api import Scorer, _assess_source, article_notes, default_scorer, json_safe_text
from credscore.article import Article
from credscore.cue import Cue
from credscore.cues import analyse
from credscore.model import cue_dose

if TYPE_CHECKING:  # pandas is imported where a frame is built, not when this module loads
    import pandas as pd

logger = logging.getLogger(__name__)

#: Output columns of :func:`score_frame`, in order.
OUTPUT_COLUMNS: tuple[str, ...] = ("credibility", "label", "top_cues", "error", "notes")
#: How many cues ``top_cues`` holds by default (strongest first, as in ``Assessment.cues``).
DEFAULT_TOP_CUES = 5
# Smallest chunk worth sending to a worker: below ~250 articles (~0.1 s of work) process
# start-up and pickling cost more than the parallelism saves (measured with
# benchmarks/bench_throughput.py on this 2-core machine).
MIN_CHUNK = 256

# Rows analysed before each batched log-odds call: large enough that the per-call cost
# vanishes, small enough that analysed articles (their cached word matches) stay < ~20 MB.
BLOCK = 256

_CUE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Cue))


def score_frame(
    df: pd.DataFrame,
    *,
    text: str = "text",
    title: str | None = "title",
    url: str | None = "url",
    n_jobs: int = 1,
    scorer: Scorer | None = None,
    top_cues: int = DEFAULT_TOP_CUES,
) -> pd.DataFrame:
    """Score every row of ``df``; the result has ``df``'s index and row order.

    Columns: ``credibility`` (float, NaN when the row failed), ``label`` (str or None),
    ``top_cues`` (JSON list of the ``top_cues`` strongest cues as dicts, or None) and
    ``error`` (None, or why the row could not be scored) and ``notes`` (None, or a JSON list
    of caveats: text truncated, not English; see ``Assessment.notes``). ``title``/``url``
    name optional columns: when the default name is absent it is ignored, a name you chose
    must exist; pass None to ignore the column. ``scorer`` defaults to the shipped model.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    columns = _resolve_columns(df, text=text, title=title, url=url)
    if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive int or -1 (all cores), got {n_jobs!r}")
    if not isinstance(top_cues, int) or top_cues < 0:
        raise ValueError(f"top_cues must be an int >= 0, got {top_cues!r}")
    scorer = scorer if scorer is not None else default_scorer()
    triples = _columns_as_lists(df, columns)

    workers = _effective_jobs(n_jobs)
    if workers > 1 and len(df) >= 2 * MIN_CHUNK:
        results = _score_parallel(triples, scorer, workers, top_cues)
    else:
        results = _score_lists(*triples, scorer=scorer, top_cues=top_cues)
    return _to_frame(results, df.index)


def empty_result(index: Any = None) -> pd.DataFrame:
    """A zero-row result frame with the output dtypes (used as Dask ``meta``)."""
    import pandas as pd

    index = pd.RangeIndex(0) if index is None else index[:0]
    return _to_frame(([], [], [], [], []), index)


# --------------------------------------------------------------------------- inputs


def _resolve_columns(
    df: pd.DataFrame, *, text: str, title: str | None, url: str | None
) -> tuple[str, str | None, str | None]:
    """Check the column names; a missing default title/url column is simply not used."""
    return _resolve_names(list(df.columns), text=text, title=title, url=url)


def _resolve_names(
    present: list[Any], *, text: str, title: str | None, url: str | None
) -> tuple[str, str | None, str | None]:
    """:func:`_resolve_columns` for a plain list of column names (no pandas needed)."""
    if text not in present:
        raise ValueError(f"text column {text!r} not found; the frame has columns {present}")
    resolved: list[str | None] = [text]
    for argument, name, default in (("title", title, "title"), ("url", url, "url")):
        if name is None or name in present:
            resolved.append(name)
        elif name == default:
            resolved.append(None)
        else:
            raise ValueError(
                f"{argument} column {name!r} not found; the frame has columns {present} "
                f"(pass {argument}=None to score without one)"
            )
    return resolved[0], resolved[1], resolved[2]


def _columns_as_lists(
    df: pd.DataFrame, columns: tuple[str, str | None, str | None]
) -> tuple[list[Any], list[Any], list[Any]]:
    n = len(df)
    text, title, url = columns
    return (
        df[text].tolist(),
        df[title].tolist() if title is not None else [None] * n,
        df[url].tolist() if url is not None else [None] * n,
    )


def _is_missing(value: Any) -> bool:
    """None, NaN, pd.NA or NaT: what pandas uses for an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _make_article(text: Any, title: Any, url: Any) -> Article:
    """An Article from one row; raises TypeError/ValueError with a message for the row."""
    if _is_missing(text):
        raise ValueError("text is missing (empty cell)")
    return Article(
        text,
        None if _is_missing(title) else title,
        None if _is_missing(url) else url,
    )


# --------------------------------------------------------------------------- scoring


Results = tuple[list[float], list[str | None], list[str | None], list[str | None], list[str | None]]


def _score_lists(
    texts: list[Any], titles: list[Any], urls: list[Any], *, scorer: Scorer, top_cues: int
) -> Results:
    """Score aligned lists; the vectorised core shared by every entry point."""
    n = len(texts)
    results: Results = ([math.nan] * n, [None] * n, [None] * n, [None] * n, [None] * n)
    for start in range(0, n, BLOCK):
        _score_block(
            range(start, min(start + BLOCK, n)), texts, titles, urls, scorer, top_cues, results
        )
    return results


def _score_block(
    rows: range,
    texts: list[Any],
    titles: list[Any],
    urls: list[Any],
    scorer: Scorer,
    top_cues: int,
    results: Results,
) -> None:
    """Analyse a block of rows, then score it with one ``model.log_odds`` call.

    Blocks bound memory: an analysed article holds its word matches (~60 kB for 600
    words), so only ``BLOCK`` of them are alive at once, whatever the frame's length.
    """
    credibility, labels, top, errors, notes = results
    good_rows: list[int] = []
    articles: list[Article] = []
    cue_lists: list[list[Cue]] = []
    value_rows: list[list[float]] = []
    for row in rows:
        try:
            article = _make_article(texts[row], titles[row], urls[row])
        except (TypeError, ValueError) as error:
            errors[row] = str(error)
            continue
        try:
            cues, values = analyse(article)
        except Exception as error:  # a cue must never raise; if one does, lose one row only
            logger.exception("analysing row %d failed", row)
            errors[row] = f"analysis failed: {type(error).__name__}: {error}"
            continue
        good_rows.append(row)
        articles.append(article)
        cue_lists.append(cues)
        value_rows.append(values)
    if not articles:
        return

    model = scorer.model
    block = model.score_block(articles, np.asarray(value_rows, dtype=np.float64))
    log_odds = block.log_odds
    for position, row in enumerate(good_rows):
        article = articles[position]
        weighted = _weighted_text_cues(
            model.cue_weights,
            cue_lists[position],
            float(block.raising_factor[position]),
            float(block.shrink[position]),
        )
        if article.url:
            evidence = _assess_source(article, scorer.ratings)
            if evidence is not None:
                weighted.extend((cue, cue.weight or 0.0) for cue in evidence.cues)
                log_odds[position] += evidence.log_odds
        # The same clipped logistic as Scorer.assess, so both give identical numbers.
        probability = 1.0 / (1.0 + math.exp(-max(min(float(log_odds[position]), 700.0), -700.0)))
        credibility[row] = probability
        labels[row] = model.label(probability, block.unfamiliar[position])
        top[row] = _top_cues_json(weighted, top_cues)
        caveats = article_notes(article, block.unfamiliar[position], block.clipped[position])
        if caveats:
            notes[row] = json.dumps(list(caveats), ensure_ascii=False)


def _weighted_text_cues(
    kind_weights: dict[str, float], cues: list[Cue], raising_factor: float, shrink: float
) -> list[tuple[Cue, float]]:
    """(cue, weight) pairs: a kind's ``w * log2(1 + n)`` shared by its ``n`` cues, raising
    kinds times ``raising_factor``, all times ``shrink``.

    The same rule as :meth:`CredibilityModel.explain`, without its per-term breakdown.
    """
    counts = Counter(cue.kind for cue in cues)
    per_cue = {kind: kind_weights.get(kind, 0.0) * cue_dose(n) / n for kind, n in counts.items()}
    per_cue = {k: w * (raising_factor if w > 0 else 1.0) * shrink for k, w in per_cue.items()}
    return [(cue, per_cue[cue.kind]) for cue in cues]


def _top_cues_json(weighted: list[tuple[Cue, float]], k: int) -> str:
    """The ``k`` strongest cues as a JSON list, in ``Assessment.cues`` order (stable sort)."""
    strongest = sorted(weighted, key=lambda pair: -abs(pair[1]))[:k]
    records = []
    for cue, weight in strongest:
        record = {name: getattr(cue, name) for name in _CUE_FIELDS}
        record["evidence"] = json_safe_text(cue.evidence)  # lone surrogates: see to_dict
        record["message"] = json_safe_text(cue.message)
        record["weight"] = float(weight)
        records.append(record)
    return json.dumps(records, ensure_ascii=False)


def _to_frame(results: Results, index: Any) -> pd.DataFrame:
    import pandas as pd

    credibility, labels, top, errors, notes = results
    return pd.DataFrame(
        {
            "credibility": pd.Series(credibility, index=index, dtype="float64"),
            "label": pd.Series(labels, index=index, dtype="object"),
            "top_cues": pd.Series(top, index=index, dtype="object"),
            "error": pd.Series(errors, index=index, dtype="object"),
            "notes": pd.Series(notes, index=index, dtype="object"),
        },
        index=index,
    )


# --------------------------------------------------------------------------- parallel


def _effective_jobs(n_jobs: int) -> int:
    if n_jobs == -1:
        import os

        return os.cpu_count() or 1
    return n_jobs


def _score_parallel(
    triples: tuple[list[Any], list[Any], list[Any]], scorer: Scorer, workers: int, top: int
) -> Results:
    """Score chunks in joblib worker processes; results concatenated in input order."""
    from joblib import Parallel, delayed

    n = len(triples[0])
    # Two chunks per worker evens out uneven articles without paying for many round trips.
    size = max(MIN_CHUNK, -(-n // (2 * workers)))
    handle = _ScorerHandle.of(scorer)
    tasks = (
        delayed(_score_chunk)(handle, *(column[start : start + size] for column in triples), top)
        for start in range(0, n, size)
    )
    parts = Parallel(n_jobs=workers, backend="loky")(tasks)
    merged: Results = ([], [], [], [], [])
    for part in parts:
        for into, values in zip(merged, part, strict=True):
            into.extend(values)
    return merged


def _score_chunk(
    handle: _ScorerHandle, texts: list[Any], titles: list[Any], urls: list[Any], top: int
) -> Results:
    return _score_lists(texts, titles, urls, scorer=handle.scorer, top_cues=top)


_WORKER_SCORERS: dict[str, Scorer] = {}
_WORKER_LOCK = threading.Lock()
_HANDLES: weakref.WeakKeyDictionary[Scorer, _ScorerHandle] = weakref.WeakKeyDictionary()


class _ScorerHandle:
    """A scorer that crosses process boundaries once per worker, not once per chunk.

    Pickled as (digest, pickled scorer); unpickling looks the digest up in the worker's
    cache first, so the model is rebuilt only the first time a worker sees it. The bytes
    come from this process's own scorer, never from outside.
    """

    def __init__(self, scorer: Scorer, key: str, blob: bytes | None) -> None:
        self.scorer = scorer
        self.key = key
        self._blob = blob

    @classmethod
    def of(cls, scorer: Scorer) -> _ScorerHandle:
        handle = _HANDLES.get(scorer)
        if handle is None:
            blob = pickle.dumps(scorer, protocol=pickle.HIGHEST_PROTOCOL)
            handle = cls(scorer, hashlib.sha256(blob).hexdigest(), blob)
            _HANDLES[scorer] = handle
        return handle

    def __reduce__(self) -> tuple[Any, tuple[str, bytes | None]]:
        return _restore_handle, (self.key, self._blob)


def _restore_handle(key: str, blob: bytes | None) -> _ScorerHandle:
    with _WORKER_LOCK:
        scorer = _WORKER_SCORERS.get(key)
        if scorer is None:
            scorer = pickle.loads(blob)  # our own scorer, pickled in the parent process
            _WORKER_SCORERS[key] = scorer
            logger.debug("worker loaded model %s", key[:12])
    return _ScorerHandle(scorer, key, blob)
