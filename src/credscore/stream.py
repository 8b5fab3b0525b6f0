"""`stream_score`: score a CSV / JSONL / Parquet file chunk by chunk (``credscore score``).

Chunks are plain lists scored by the same core as :func:`credscore.batch.score_frame`, so
memory stays flat however long the file. CSV and JSONL are read and written with the
standard library and never import pandas or pyarrow; Parquet needs pyarrow, not pandas.
:func:`stream_pages` writes the same outputs for web pages (a folder of ``.html`` files, the
HTML records of a WARC file), one row per page.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from credscore.api import Scorer, default_scorer
from credscore.article import is_missing
from credscore.batch import (
    DEFAULT_TOP_CUES,
    OUTPUT_COLUMNS,
    InputError,
    check_options,
    resolve_columns,
    score_columns,
    score_page_columns,
)
from credscore.cue import json_safe_text
from credscore.page import MAX_PAGE_SIZE, PAGE_SUFFIXES
from credscore.warc import iter_warc_pages

#: Table formats :func:`stream_score` reads and writes.
FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
#: Output columns added in front of the kept input columns and the scores.
ROW_COLUMN = "row"
#: Hidden column carrying a JSONL line's read error (a line that is not a JSON object)
#: into the output's ``error``; :func:`read_chunks` yields it like any other column.
READ_ERROR_COLUMN = "__credscore_read_error__"
_READ_ERROR = READ_ERROR_COLUMN
#: How many first failures a :class:`StreamReport` remembers for its summary.
_REMEMBERED_FAILURES = 5


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

    CSV and JSONL are read and written with the standard library (chunks are plain lists),
    so streaming them never imports pandas or pyarrow; Parquet needs pyarrow, not pandas.
    """
    from tqdm import tqdm

    if in_format not in FORMATS or out_format not in FORMATS:
        raise InputError(f"formats must be one of {FORMATS}, got {in_format!r}/{out_format!r}")
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, got {chunk_size}")
    check_options(n_jobs=n_jobs, top_cues=top_cues)
    scorer = scorer if scorer is not None else default_scorer()
    report = StreamReport()
    reader = _READERS[in_format](source, chunk_size, report)
    total = next(reader)  # readers first yield the row count when they know it
    writer: _Writer | None = None
    with tqdm(total=total, unit=" articles", disable=not progress, file=sys.stderr) as bar:
        plan = None
        try:
            for chunk in reader:
                if plan is None or writer is None:
                    plan = _plan_columns(list(chunk.columns), columns, source)
                    writer = _WRITERS[out_format](destination)
                scored = _score_chunk_for_output(chunk, plan, report, scorer, n_jobs, top_cues)
                writer.write(scored)
                bar.update(scored.length)
        finally:
            reader.close()  # closes the input file now, even when a chunk failed
            if writer is not None:
                writer.close()
    if plan is None:
        skipped = f" ({len(report.skipped_lines)} malformed lines skipped)"
        raise InputError(f"{_name(source)} holds no rows{skipped if report.skipped_lines else ''}")
    return report


@dataclass
class _Chunk:
    """Consecutive rows as columns: ``columns`` maps each name to ``length`` values.

    A missing value is None (an empty CSV cell, a JSONL key absent from a line). Columns
    keep their input order; a JSONL chunk's columns are the ordered union of its keys.
    """

    columns: dict[str, list[Any]]
    length: int
    types: dict[str, Any] = field(default_factory=dict)
    """Arrow types of columns read from Parquet, so a Parquet output keeps them."""

    def column(self, name: str | None) -> list[Any]:
        """The values of ``name``; all None when the chunk has no such column (or no name)."""
        values = None if name is None else self.columns.get(name)
        return [None] * self.length if values is None else values


@dataclass(frozen=True)
class _Plan:
    """Resolved column names for a stream, fixed by its first chunk."""

    text: str
    title: str | None
    url: str | None
    keep: tuple[str, ...]
    renamed: dict[str, str]


def _plan_columns(names: list[str], columns: Columns, source: str) -> _Plan:
    visible = [c for c in names if c != _READ_ERROR]
    try:
        resolved = resolve_columns(visible, text=columns.text, title=columns.title, url=columns.url)
    except InputError:
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
    text, title, url = resolved.text, resolved.title, resolved.url
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
    renamed = {c: _encodable(f"input_{c}" if c in taken else c) for c in keep}
    return _Plan(text, title, url, keep, renamed)


def _score_chunk_for_output(
    chunk: _Chunk,
    plan: _Plan,
    report: StreamReport,
    scorer: Scorer,
    n_jobs: int,
    top_cues: int,
) -> _Chunk:
    """The output rows of one input chunk: row, kept columns, scores (plain lists)."""
    results = score_columns(
        chunk.column(plan.text),
        chunk.column(plan.title),
        chunk.column(plan.url),
        scorer=scorer,
        n_jobs=n_jobs,
        top_cues=top_cues,
    ).as_lists()
    errors = results[3]
    for position, read_error in enumerate(chunk.columns.get(_READ_ERROR, ())):
        if read_error is not None:  # a JSONL line that was not an object: say why
            errors[position] = read_error
    rows = range(report.rows, report.rows + chunk.length)
    report.add(rows, errors)
    out: dict[str, list[Any]] = {ROW_COLUMN: list(rows)}
    # Kept input columns may hold lone surrogates (JSONL "\ud800"): no writer could encode them.
    for name in plan.keep:
        out[plan.renamed[name]] = [_encodable(value) for value in chunk.column(name)]
    for name, values in zip(OUTPUT_COLUMNS, results, strict=True):
        out[name] = values if name == "credibility" else [_encodable(v) for v in values]
    types = {plan.renamed[name]: chunk.types[name] for name in plan.keep if name in chunk.types}
    return _Chunk(out, chunk.length, types)


def _encodable(value: Any) -> Any:
    return json_safe_text(value) if isinstance(value, str) else value


def _name(source: str) -> str:
    return "standard input" if source == "-" else source


# Readers yield the total row count (or None) first, then _Chunks.

# csv's default field limit (128 kB) is far below a 10 MB article; 2**31 - 1 fits the C long
# that holds the limit on every platform (sys.maxsize overflows it on Windows).
_CSV_FIELD_LIMIT = 2**31 - 1
# A line of only these characters is blank and skipped, as pandas' reader skipped it.
_CSV_BLANK = " \t\r\n"


def _read_csv(source: str, chunk_size: int, report: StreamReport):
    """CSV with the stdlib reader, as pandas read it before: everything is text.

    Only an empty cell is missing ("NA" may be a real title). A line with more fields than
    the header is skipped and reported; a line with fewer is padded with missing values.
    Blank lines are skipped; header names are made unique as pandas does ("a", "a.1").
    """
    yield None
    name = _name(source)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        handle = _open_csv(source)
    except OSError as error:
        raise InputError(f"cannot read {name} as CSV: {error}") from None
    try:
        yield from _csv_chunks(handle, name, chunk_size, report)
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read {name} as CSV: {error}") from None
    finally:
        if source == "-" and hasattr(handle, "detach") and handle is not sys.stdin:
            handle.detach()  # leave the process's stdin open
        elif source != "-":
            handle.close()


def _open_csv(source: str) -> Any:
    """A text stream for the csv module: UTF-8 (a byte-order mark dropped), newlines kept."""
    if source != "-":
        return open(source, encoding="utf-8-sig", newline="")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # stdin replaced by a text stream (io.StringIO in a test)
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")


class _Lines:
    """The lines of a stream, remembering the last one read and whether the stream ended.

    The csv reader hides both: the raw line tells a blank line of spaces from a quoted cell
    of spaces, and a record completed by the end of the stream has an unclosed quote.
    """

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self.last = ""
        self.ended = False

    def __iter__(self):
        for line in self._handle:
            self.last = line
            yield line
        self.ended = True


def _csv_chunks(handle: Any, name: str, chunk_size: int, report: StreamReport):
    lines = _Lines(handle)
    reader = csv.reader(lines)
    header: list[str] | None = None
    values: list[list[str | None]] = []
    length = 0
    while True:
        start = reader.line_num + 1  # the file line the next record starts on
        try:
            record = next(reader)
        except StopIteration:
            break
        if lines.ended:
            raise InputError(
                f"cannot read {name} as CSV: the quoted field starting on line {start} "
                "is never closed"
            )
        if not record or (
            len(record) == 1 and reader.line_num == start and not lines.last.strip(_CSV_BLANK)
        ):
            continue  # a blank line, or one of only spaces: pandas skipped them too
        if header is None:
            header = _header_names(record)
            values = [[] for _ in header]
            continue
        width = len(header)
        if len(record) > width:
            report.skipped_lines.append(
                f"Skipping line {start}: expected {width} fields, saw {len(record)}"
            )
            continue
        for column, cell in zip(values, record, strict=False):  # to the record's end...
            column.append(cell or None)
        for column in values[len(record) :]:  # ...and a short record is padded
            column.append(None)
        length += 1
        if length == chunk_size:
            yield _Chunk(dict(zip(header, values, strict=True)), length)
            values = [[] for _ in header]
            length = 0
    if header is None:
        raise InputError(f"{name} is empty")
    if length:
        yield _Chunk(dict(zip(header, values, strict=True)), length)


def _header_names(record: list[str]) -> list[str]:
    """Column names as pandas gives them: "Unnamed: i" for an empty one, duplicates numbered.

    The second "a" becomes "a.1" (or "a.2" when the header already has an "a.1"), so every
    column keeps a distinct name and none is silently dropped.
    """
    names = [name or f"Unnamed: {i}" for i, name in enumerate(record)]
    given = set(names)
    counts: dict[str, int] = {}
    for i, original in enumerate(names):
        name, count = original, counts.get(original, 0)
        while count > 0:  # the same loop as pandas' C parser
            counts[original] = count + 1
            name = f"{original}.{count}"
            count = count + 1 if name in given else counts.get(name, 0)
        names[i] = name
        counts[name] = count + 1
    return names


def _read_jsonl(source: str, chunk_size: int, report: StreamReport):
    """One JSON object per line; a line that is not one becomes a row with an error."""
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
                yield _records_chunk(records)
                records = []
        if records:
            yield _records_chunk(records)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _records_chunk(records: list[dict[str, Any]]) -> _Chunk:
    """Columns in order of first appearance; a key a line lacks is None on that row."""
    names = dict.fromkeys(key for record in records for key in record)
    return _Chunk({key: [record.get(key) for record in records] for key in names}, len(records))


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
    names = parquet.schema_arrow.names
    if len(set(names)) < len(names):  # as for CSV: "a", "a.1", so no column is lost
        names = _header_names(names)
    types = dict(zip(names, parquet.schema_arrow.types, strict=True))
    for batch in parquet.iter_batches(batch_size=chunk_size):
        columns = {
            name: column.to_pylist() for name, column in zip(names, batch.columns, strict=True)
        }
        yield _Chunk(columns, batch.num_rows, types)


_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}


def read_chunks(
    source: str, fmt: str, *, chunk_size: int = 500, report: StreamReport | None = None
) -> Iterator[dict[str, list[Any]]]:
    """The rows of a CSV/JSONL/Parquet file (``"-"`` = stdin) as ``{column: values}`` chunks.

    Read exactly as :func:`stream_score` reads them (CSV cells are text and only an empty
    cell is missing; a JSONL line that is not an object is a row whose
    :data:`READ_ERROR_COLUMN` says why), for commands that consume a file their own way.
    Malformed CSV lines are skipped and listed in ``report.skipped_lines``. Raises
    :class:`InputError` for a missing or unreadable file.
    """
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {FORMATS}, got {fmt!r}")
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, got {chunk_size}")
    reader = _READERS[fmt](source, chunk_size, report if report is not None else StreamReport())
    try:
        next(reader)  # the row count, when the format knows it
        for chunk in reader:
            yield chunk.columns
    finally:
        reader.close()


class _Writer(Protocol):
    """What :func:`stream_score` needs of an output: write chunks, then close."""

    def write(self, chunk: _Chunk) -> None: ...

    def close(self) -> None: ...


class _CsvWriter:
    def __init__(self, destination: str) -> None:
        self._own = destination != "-"
        self._handle = (
            open(destination, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if self._own
            else sys.stdout
        )
        # What pandas' to_csv wrote: minimal quoting, "\n" line ends, floats as repr.
        self._csv = csv.writer(self._handle, lineterminator="\n")
        self._header = True

    def write(self, chunk: _Chunk) -> None:
        if self._header:
            self._csv.writerow(chunk.columns)
            self._header = False
        cells = ([_none_if_missing(value) for value in values] for values in chunk.columns.values())
        self._csv.writerows(zip(*cells, strict=True))

    def close(self) -> None:
        if self._own:
            self._handle.close()
        else:
            self._handle.flush()


class _JsonlWriter(_CsvWriter):
    """One JSON object per row; ``top_cues`` becomes a real list, NaN becomes null."""

    def write(self, chunk: _Chunk) -> None:
        names = list(chunk.columns)
        lines = []
        for values in zip(*chunk.columns.values(), strict=True):
            record = {name: _none_if_missing(v) for name, v in zip(names, values, strict=True)}
            for name in ("top_cues", "notes"):
                if record[name] is not None:
                    record[name] = json.loads(record[name])
            lines.append(json.dumps(record, ensure_ascii=False, default=_json_default))
        if lines:
            self._handle.write("\n".join(lines) + "\n")


def _none_if_missing(value: Any) -> Any:
    """None for a missing value (None, NaN, pd.NA): an empty CSV cell, JSON or Parquet null."""
    return None if is_missing(value) else value


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
    """Parquet with a schema fixed by the first chunk (score columns typed explicitly).

    Columns kept from a Parquet input keep their type; others get the type of their values
    in the first chunk (text when all are missing). NaN is written as null, as before.
    """

    def __init__(self, destination: str) -> None:
        self._destination = destination
        self._writer: Any = None  # a pyarrow ParquetWriter once the first chunk fixed the schema
        self._schema: Any = None

    def write(self, chunk: _Chunk) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            fixed = {
                ROW_COLUMN: pa.int64(),
                "credibility": pa.float64(),
                "label": pa.string(),
                "top_cues": pa.string(),
                "error": pa.string(),
                "notes": pa.string(),
            }
            try:
                inferred = {
                    name: fixed.get(name) or chunk.types.get(name) or pa.array(values).type
                    for name, values in chunk.columns.items()
                }
            except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
                raise InputError(
                    f"a kept column cannot be stored in Parquet ({error}); "
                    "choose the columns to copy with --keep"
                ) from None
            self._schema = pa.schema(
                [
                    pa.field(name, pa.string() if pa.types.is_null(type_) else type_)
                    for name, type_ in inferred.items()
                ]
            )
            self._writer = pq.ParquetWriter(self._destination, self._schema)
        columns = {
            name: [_none_if_missing(v) for v in values] for name, values in chunk.columns.items()
        }
        try:
            table = pa.Table.from_pydict(columns, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise InputError(
                f"a kept column changes type between chunks ({error}); "
                "choose the columns to copy with --keep"
            ) from None
        self._writer.write_table(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


_WRITERS: dict[str, Callable[[str], _Writer]] = {
    "csv": _CsvWriter,
    "jsonl": _JsonlWriter,
    "parquet": _ParquetWriter,
}


# --------------------------------------------------------------------------- web pages

#: Most bytes of HTML held at once while streaming pages: a chunk ends at ``chunk_size``
#: pages or at this many bytes, whichever comes first (one page is at most
#: :data:`credscore.page.MAX_PAGE_SIZE` + 1 bytes).
PAGE_CHUNK_BYTES = 50_000_000


class PageInput(NamedTuple):
    """One web page to score, as :func:`stream_pages` takes it."""

    columns: dict[str, Any]
    """Columns copied to its output row, e.g. ``{"path": ...}`` or ``{"url": ...}``."""
    html: bytes | None
    """The page (None when it could not be read: ``error`` says why)."""
    url: str | None = None
    """Where the page came from (links are resolved against it; the source is judged)."""
    content_type: str | None = None
    """The HTTP Content-Type header it was served with, if known (its charset counts)."""
    error: str | None = None
    """Why the page could not be read; its row gets this error."""


def iter_page_files(folder: str | os.PathLike[str]) -> Iterator[PageInput]:
    """The ``.html``/``.htm`` files of a folder (not its subfolders), by name, one input each.

    Each file is read up to one byte past :data:`credscore.page.MAX_PAGE_SIZE`, so a
    longer page is cut (with a note) without being read whole. A file that cannot be read
    gives an input with that error.
    """
    paths = sorted(
        path
        for path in Path(folder).iterdir()
        if path.name.lower().endswith(PAGE_SUFFIXES) and path.is_file()
    )
    for path in paths:
        yield read_page_file(path)


def read_page_file(path: str | os.PathLike[str]) -> PageInput:
    """One page file as a :class:`PageInput` with its ``path`` column (never raises OSError)."""
    try:
        with open(path, "rb") as handle:
            html = handle.read(MAX_PAGE_SIZE + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return PageInput({"path": os.fspath(path)}, None, error=f"cannot read the file: {reason}")
    return PageInput({"path": os.fspath(path)}, html)


def iter_warc_inputs(path: str | os.PathLike[str]) -> Iterator[PageInput]:
    """Each HTML response record of a WARC file, with its target URI as ``url``.

    Raises :class:`InputError` when the file is not a readable WARC.
    """
    try:
        for record in iter_warc_pages(path):
            uri = record.target_uri or None
            yield PageInput({"url": uri}, record.html, uri, record.content_type)
    except ValueError as error:
        raise InputError(str(error)) from None
    except OSError as error:
        raise InputError(f"cannot read {os.fspath(path)}: {error.strerror or error}") from None


def stream_pages(
    pages: Iterable[PageInput],
    destination: str,
    out_format: str,
    *,
    scorer: Scorer | None = None,
    chunk_size: int = 500,
    n_jobs: int = 1,
    top_cues: int = DEFAULT_TOP_CUES,
    progress: bool = False,
    source: str = "the input",
) -> StreamReport:
    """Score web pages chunk by chunk into a CSV / JSONL / Parquet file (``"-"``: stdout).

    The output has a ``row`` column (0-based position), each page's ``columns`` and the
    score columns, as :func:`stream_score` writes them; a page that could not be read or
    scored gets its reason in ``error``, and a page with no article the label "unknown".
    A chunk holds at most ``chunk_size`` pages and :data:`PAGE_CHUNK_BYTES` bytes of HTML.
    Raises :class:`InputError` when there is no page at all (``source`` names the input).
    """
    from tqdm import tqdm

    if out_format not in FORMATS:
        raise InputError(f"format must be one of {FORMATS}, got {out_format!r}")
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, got {chunk_size}")
    check_options(n_jobs=n_jobs, top_cues=top_cues)
    scorer = scorer if scorer is not None else default_scorer()
    report = StreamReport()
    writer: _Writer | None = None
    with tqdm(unit=" pages", disable=not progress, file=sys.stderr) as bar:
        try:
            for chunk in _page_chunks(pages, chunk_size):
                scored = _score_pages_for_output(chunk, report, scorer, n_jobs, top_cues)
                if writer is None:
                    writer = _WRITERS[out_format](destination)
                writer.write(scored)
                bar.update(scored.length)
        finally:
            if writer is not None:
                writer.close()
    if writer is None:
        raise InputError(f"{source} holds no web pages")
    return report


def _page_chunks(pages: Iterable[PageInput], chunk_size: int) -> Iterator[list[PageInput]]:
    chunk: list[PageInput] = []
    size = 0
    for page in pages:
        chunk.append(page)
        size += len(page.html or b"")
        if len(chunk) >= chunk_size or size >= PAGE_CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _score_pages_for_output(
    chunk: list[PageInput], report: StreamReport, scorer: Scorer, n_jobs: int, top_cues: int
) -> _Chunk:
    """The output rows of one chunk of pages: row, the pages' columns, scores."""
    results = score_page_columns(
        [page.html for page in chunk],
        [page.url for page in chunk],
        content_types=[page.content_type for page in chunk],
        scorer=scorer,
        n_jobs=n_jobs,
        top_cues=top_cues,
    ).as_lists()
    errors = results[3]
    for position, page in enumerate(chunk):
        if page.error is not None:
            errors[position] = page.error
    rows = range(report.rows, report.rows + len(chunk))
    report.add(rows, errors)
    out: dict[str, list[Any]] = {ROW_COLUMN: list(rows)}
    names = dict.fromkeys(name for page in chunk for name in page.columns)
    for name in names:
        column = f"input_{name}" if name in (ROW_COLUMN, *OUTPUT_COLUMNS) else name
        out[column] = [_encodable(page.columns.get(name)) for page in chunk]
    for name, values in zip(OUTPUT_COLUMNS, results, strict=True):
        out[name] = values if name == "credibility" else [_encodable(v) for v in values]
    return _Chunk(out, len(chunk))
