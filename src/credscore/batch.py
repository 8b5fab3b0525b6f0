"""`score_frame`: score a whole DataFrame of articles, one row per article, nothing dropped.

Each article is analysed once (:func:`credscore.cues.analyse`); the log-odds of the whole
batch come from :meth:`CredibilityModel.log_odds`; only the top cues are turned into dicts.
A bad row (missing, empty or non-text) gets a message in ``error`` and the others are scored.
A row whose text was truncated for analysis or does not look like English is scored and says
so in ``notes`` (the same sentences as ``Assessment.notes``).

With ``n_jobs > 1`` the frame is split into chunks scored by joblib worker processes; each
worker unpickles the model once and keeps it for every later chunk (see :class:`_ScorerHandle`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import pickle
import sys
import threading
import warnings
import weakref
from collections import Counter
from dataclasses import dataclass, field, fields
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
    log_odds = model.log_odds(articles, np.asarray(value_rows, dtype=np.float64))
    for position, row in enumerate(good_rows):
        article = articles[position]
        weighted = _weighted_text_cues(model.cue_weights, cue_lists[position])
        if article.url:
            evidence = _assess_source(article, scorer.ratings)
            if evidence is not None:
                weighted.extend((cue, cue.weight or 0.0) for cue in evidence.cues)
                log_odds[position] += evidence.log_odds
        # The same clipped logistic as Scorer.assess, so both give identical numbers.
        probability = 1.0 / (1.0 + math.exp(-max(min(float(log_odds[position]), 700.0), -700.0)))
        credibility[row] = probability
        labels[row] = model.label(probability)
        top[row] = _top_cues_json(weighted, top_cues)
        caveats = article_notes(article)
        if caveats:
            notes[row] = json.dumps(list(caveats), ensure_ascii=False)


def _weighted_text_cues(kind_weights: dict[str, float], cues: list[Cue]) -> list[tuple[Cue, float]]:
    """(cue, weight) pairs: a kind's ``w * log2(1 + n)`` shared by its ``n`` cues.

    The same rule as :meth:`CredibilityModel.explain`, without its per-term breakdown.
    """
    counts = Counter(cue.kind for cue in cues)
    per_cue = {kind: kind_weights.get(kind, 0.0) * cue_dose(n) / n for kind, n in counts.items()}
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


# --------------------------------------------------------------------------- streaming files

#: Table formats :func:`stream_score` reads and writes.
FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
#: Output columns added in front of the kept input columns and the scores.
ROW_COLUMN = "row"
# Hidden column carrying a JSONL line's read error into the output's ``error``.
_READ_ERROR = "__credscore_read_error__"
#: How many first failures a :class:`StreamReport` remembers for its summary.
_REMEMBERED_FAILURES = 5


class InputError(Exception):
    """The input cannot be read as asked: missing file or column, malformed file."""


@dataclass(frozen=True)
class Columns:
    """Which input columns hold the article, and which to copy into the output."""

    text: str = "text"
    title: str | None = "title"
    url: str | None = "url"
    keep: tuple[str, ...] | None = None
    """Input columns copied to the output; None = every column except the text."""


@dataclass
class StreamReport:
    """What :func:`stream_score` did: rows written, rows that failed, lines skipped."""

    rows: int = 0
    failed: int = 0
    first_failures: list[tuple[int, str]] = field(default_factory=list)
    skipped_lines: list[str] = field(default_factory=list)

    def add(self, rows: range, errors: Any) -> None:
        self.rows += len(rows)
        for row, error in zip(rows, errors, strict=True):
            if error is not None:
                self.failed += 1
                if len(self.first_failures) < _REMEMBERED_FAILURES:
                    self.first_failures.append((row, error))

    @property
    def any_failed(self) -> bool:
        return bool(self.failed or self.skipped_lines)

    def summary(self) -> str:
        """One or two sentences for the terminal."""
        parts = []
        if self.failed:
            examples = "; ".join(f"row {row}: {error}" for row, error in self.first_failures)
            parts.append(
                f"{self.failed} of {self.rows} rows could not be scored (their 'error' "
                f"column says why; first: {examples})"
            )
        if self.skipped_lines:
            shown = "; ".join(self.skipped_lines[:_REMEMBERED_FAILURES])
            parts.append(
                f"{len(self.skipped_lines)} malformed CSV lines were skipped and are not in "
                f"the output ({shown})"
            )
        return ". ".join(parts) if parts else f"{self.rows} rows scored"


def stream_score(
    source: str,
    in_format: str,
    destination: str,
    out_format: str,
    *,
    columns: Columns = Columns(),
    scorer: Scorer | None = None,
    chunk_size: int = 500,
    n_jobs: int = 1,
    top_cues: int = DEFAULT_TOP_CUES,
    progress: bool = False,
) -> StreamReport:
    """Score a CSV/JSONL/Parquet file (``"-"`` = stdin) chunk by chunk into another file.

    Memory stays flat: only ``chunk_size`` articles are held at once. The output has a
    ``row`` column (0-based position in the input), the kept input columns (renamed
    ``input_<name>`` if they clash with an output column) and the score columns.
    Raises :class:`InputError` for a missing file or column or a malformed file.
    """
    from tqdm import tqdm

    if in_format not in FORMATS or out_format not in FORMATS:
        raise InputError(f"formats must be one of {FORMATS}, got {in_format!r}/{out_format!r}")
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, got {chunk_size}")
    scorer = scorer if scorer is not None else default_scorer()
    report = StreamReport()
    reader = _READERS[in_format](source, chunk_size, report)
    total = next(reader)  # readers first yield the row count when they know it
    writer = None
    with tqdm(total=total, unit=" articles", disable=not progress, file=sys.stderr) as bar:
        plan = None
        try:
            for chunk in reader:
                if plan is None:
                    plan = _plan_columns(chunk, columns, source)
                    writer = _WRITERS[out_format](destination)
                frame = _score_chunk_for_output(chunk, plan, report, scorer, n_jobs, top_cues)
                writer.write(frame)
                bar.update(len(frame))
        finally:
            if writer is not None:
                writer.close()
    if plan is None:
        raise InputError(f"{_name(source)} holds no rows")
    return report


@dataclass(frozen=True)
class _Plan:
    """Resolved column names for a stream, fixed by its first chunk."""

    text: str
    title: str | None
    url: str | None
    keep: tuple[str, ...]
    renamed: dict[str, str]


def _plan_columns(chunk: pd.DataFrame, columns: Columns, source: str) -> _Plan:
    visible = [c for c in chunk.columns if c != _READ_ERROR]
    try:
        text, title, url = _resolve_names(
            visible, text=columns.text, title=columns.title, url=columns.url
        )
    except ValueError:
        wanted = [
            (option, name, default)
            for option, name, default in (
                ("--text-column", columns.text, None),
                ("--title-column", columns.title, "title"),
                ("--url-column", columns.url, "url"),
            )
            if name is not None and name != default and name not in visible
        ]
        option, name, _ = wanted[0]
        raise InputError(
            f"{_name(source)} has no column {name!r} (columns: {', '.join(map(str, visible))}); "
            f"name the right one with {option}"
        ) from None
    if columns.keep is None:
        keep = tuple(c for c in visible if c != text)
    else:
        missing = [c for c in columns.keep if c not in visible]
        if missing:
            raise InputError(
                f"{_name(source)} has no column {missing[0]!r} to keep "
                f"(columns: {', '.join(map(str, visible))})"
            )
        keep = tuple(columns.keep)
    taken = {ROW_COLUMN, *OUTPUT_COLUMNS}
    renamed = {c: (f"input_{c}" if c in taken else c) for c in keep}
    return _Plan(text, title, url, keep, renamed)


def _score_chunk_for_output(
    chunk: pd.DataFrame,
    plan: _Plan,
    report: StreamReport,
    scorer: Scorer,
    n_jobs: int,
    top_cues: int,
) -> pd.DataFrame:
    import pandas as pd

    chunk = chunk.reset_index(drop=True)
    for name in (plan.text, plan.title, plan.url, *plan.keep):
        if name is not None and name not in chunk.columns:  # a JSONL chunk without the key
            chunk[name] = None
    scored = score_frame(
        chunk,
        text=plan.text,
        title=plan.title,
        url=plan.url,
        n_jobs=n_jobs,
        scorer=scorer,
        top_cues=top_cues,
    )
    if _READ_ERROR in chunk.columns:
        unreadable = chunk[_READ_ERROR].notna()
        scored.loc[unreadable, "error"] = chunk.loc[unreadable, _READ_ERROR]
    rows = range(report.rows, report.rows + len(chunk))
    report.add(rows, scored["error"].tolist())
    out = pd.DataFrame({ROW_COLUMN: pd.Series(rows, dtype="int64")})
    for name in plan.keep:
        out[plan.renamed[name]] = chunk[name]
    for name in OUTPUT_COLUMNS:
        out[name] = scored[name]
    # Kept input columns may hold lone surrogates (JSONL "\ud800"): no writer could encode them.
    for name in out.columns:
        if out[name].dtype == object:
            out[name] = out[name].map(_encodable)
    return out


def _encodable(value: Any) -> Any:
    return json_safe_text(value) if isinstance(value, str) else value


def _name(source: str) -> str:
    return "standard input" if source == "-" else source


# Readers yield the total row count (or None) first, then DataFrame chunks.


def _read_csv(source: str, chunk_size: int, report: StreamReport):
    import pandas as pd

    yield None
    handle = sys.stdin if source == "-" else source
    try:
        # Everything as text: CSV has no types, and per-chunk type guessing would differ
        # from chunk to chunk. Only an empty cell is missing ("NA" may be a real title).
        reader = pd.read_csv(
            handle,
            chunksize=chunk_size,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            on_bad_lines="warn",
        )
    except pd.errors.EmptyDataError:
        raise InputError(f"{_name(source)} is empty") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise InputError(f"cannot read {_name(source)} as CSV: {error}") from None
    with reader:
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                try:
                    chunk = next(reader)
                except StopIteration:
                    break
                except (UnicodeDecodeError, pd.errors.ParserError) as error:
                    raise InputError(f"cannot read {_name(source)} as CSV: {error}") from None
            for warning in caught:
                if issubclass(warning.category, pd.errors.ParserWarning):
                    report.skipped_lines.extend(
                        line.strip() for line in str(warning.message).splitlines() if line
                    )
            yield chunk


def _read_jsonl(source: str, chunk_size: int, report: StreamReport):
    """One JSON object per line; a line that is not one becomes a row with an error."""
    import pandas as pd

    yield None
    try:
        handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as error:
        raise InputError(f"cannot read {_name(source)}: {error.strerror}") from None
    try:
        records: list[dict[str, Any]] = []
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            records.append(_jsonl_record(raw, number))
            if len(records) == chunk_size:
                yield pd.DataFrame.from_records(records)
                records = []
        if records:
            yield pd.DataFrame.from_records(records)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _jsonl_record(raw: bytes, number: int) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        return {_READ_ERROR: f"line {number} is not UTF-8 text"}
    except json.JSONDecodeError as error:
        return {_READ_ERROR: f"line {number} is not valid JSON: {error.msg}"}
    if not isinstance(value, dict):
        return {_READ_ERROR: f"line {number} is a JSON {type(value).__name__}, not an object"}
    return value


def _read_parquet(source: str, chunk_size: int, report: StreamReport):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            "reading Parquet needs pyarrow: pip install 'credscore[parquet]'"
        ) from None
    if source == "-":
        raise InputError("Parquet cannot be read from standard input; pass a file name")
    try:
        parquet = pq.ParquetFile(source)
    except (OSError, ValueError) as error:  # pyarrow.ArrowInvalid is a ValueError
        raise InputError(f"cannot read {source} as Parquet: {error}") from None
    yield parquet.metadata.num_rows
    for batch in parquet.iter_batches(batch_size=chunk_size):
        yield batch.to_pandas()


_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}


class _CsvWriter:
    def __init__(self, destination: str) -> None:
        self._own = destination != "-"
        self._handle = (
            open(destination, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if self._own
            else sys.stdout
        )
        self._header = True

    def write(self, frame: pd.DataFrame) -> None:
        frame.to_csv(self._handle, header=self._header, index=False)
        self._header = False

    def close(self) -> None:
        if self._own:
            self._handle.close()
        else:
            self._handle.flush()


class _JsonlWriter(_CsvWriter):
    """One JSON object per row; ``top_cues`` becomes a real list, NaN becomes null."""

    def write(self, frame: pd.DataFrame) -> None:
        lines = []
        for record in frame.to_dict("records"):
            for key, value in record.items():
                record[key] = _json_value(value)
            for name in ("top_cues", "notes"):
                if record[name] is not None:
                    record[name] = json.loads(record[name])
            lines.append(json.dumps(record, ensure_ascii=False, default=_json_default))
        if lines:
            self._handle.write("\n".join(lines) + "\n")


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return None if _is_missing(value) else value


def _json_default(value: Any) -> Any:
    """numpy scalars and arrays, timestamps: whatever a Parquet column may hold."""
    if hasattr(value, "item") and callable(value.item):
        try:
            return value.item()
        except ValueError:
            pass
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class _ParquetWriter:
    """Parquet with a schema fixed by the first chunk (score columns typed explicitly)."""

    def __init__(self, destination: str) -> None:
        self._destination = destination
        self._writer = None
        self._schema = None

    def write(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            inferred = pa.Table.from_pandas(frame, preserve_index=False).schema
            fixed = {
                ROW_COLUMN: pa.int64(),
                "credibility": pa.float64(),
                "label": pa.string(),
                "top_cues": pa.string(),
                "error": pa.string(),
                "notes": pa.string(),
            }
            fields_ = [
                pa.field(
                    f.name, fixed.get(f.name, pa.string() if pa.types.is_null(f.type) else f.type)
                )
                for f in inferred
            ]
            self._schema = pa.schema(fields_)
            self._writer = pq.ParquetWriter(self._destination, self._schema)
        try:
            table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise InputError(
                f"a kept column changes type between chunks ({error}); "
                "choose the columns to copy with --keep"
            ) from None
        self._writer.write_table(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


_WRITERS = {"csv": _CsvWriter, "jsonl": _JsonlWriter, "parquet": _ParquetWriter}
