"""`stream_score`: score a CSV / JSONL / Parquet file chunk by chunk (``credscore score``).

Chunks are plain lists scored by the same core as :func:`credscore.batch.score_frame`, so
memory stays flat however long the file. CSV and JSONL are read and written with the
standard library and never import pandas or pyarrow; Parquet needs pyarrow, not pandas.
:func:`stream_pages` writes the same outputs for web pages (a folder of ``.html`` files, the
HTML records of a WARC file), one row per page.

No output loses or misattributes a row: a file is written under a temporary name beside its
target and renamed into place only when the whole input has been scored, ``row`` is each
record's position in the input (skipped malformed lines keep theirs), and a CSV quote that
is never closed is reported with its line instead of silently swallowing the lines after it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
import shutil
import sys
import threading
from collections import deque
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
#: Longest CSV line or record (the lines of one quoted cell) read: 32 MiB, 160 times the text
#: credscore analyses (MAX_TEXT_CHARS), so a 10 MB article is read while a quote that is
#: never closed cannot pull a whole file into memory (a line is counted in bytes, a record
#: in characters). A JSONL line may be four times as long (JSON escapes non-ASCII text as
#: six bytes). A longer one is skipped and reported.
MAX_RECORD_CHARS = 32 * 1024 * 1024
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

    def add(self, rows: list[int], errors: Any) -> None:
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
                f"the output; the rows after them keep their positions ({shown})"
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
    csv_guard: bool = True,
) -> StreamReport:
    """Score a CSV/JSONL/Parquet file (``"-"`` = stdin) chunk by chunk into another file.

    Memory stays flat: only ``chunk_size`` articles are held at once. The output has a
    ``row`` column (0-based position of the record in the input, blank lines not counted,
    skipped malformed lines counted), the kept input columns (renamed ``input_<name>`` if
    they clash with an output column) and the score columns. A file ``destination`` is
    written under a temporary name in its folder and renamed into place only on success,
    so a failure leaves the previous file, or none, never half of one.

    ``csv_guard`` (CSV output only) puts a ``'`` in front of cells a spreadsheet would run
    as a formula (OWASP's advice; plain numbers are left alone). Raises :class:`InputError`
    for a missing file or column, a malformed or undecodable file, or an output that cannot
    be written.
    """
    from tqdm import tqdm

    if in_format not in FORMATS or out_format not in FORMATS:
        raise InputError(f"formats must be one of {FORMATS}, got {in_format!r}/{out_format!r}")
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, got {chunk_size}")
    check_options(n_jobs=n_jobs, top_cues=top_cues)
    check_destination(source, destination)
    scorer = scorer if scorer is not None else default_scorer()
    report = StreamReport()
    reader = _READERS[in_format](source, chunk_size, report)
    total = next(reader)  # readers first yield the row count when they know it

    def scored_chunks() -> Iterator[_Chunk]:
        plan = None
        for chunk in reader:
            if plan is None:
                plan = _plan_columns(list(chunk.columns), columns, source)
            yield _score_chunk_for_output(chunk, plan, report, scorer, n_jobs, top_cues)

    try:
        with tqdm(total=total, unit=" articles", disable=not progress, file=sys.stderr) as bar:
            wrote = _write_all(scored_chunks(), destination, out_format, csv_guard, bar.update)
    finally:
        reader.close()  # closes the input file now, even when a chunk failed
    if not wrote:
        skipped = f" ({len(report.skipped_lines)} malformed lines skipped)"
        raise InputError(f"{_name(source)} holds no rows{skipped if report.skipped_lines else ''}")
    return report


def check_destination(source: str, destination: str) -> None:
    """Refuse, with an :class:`InputError`, an output that is the input or cannot be written.

    The output replaces ``destination`` only once every row is scored, but it replaces it:
    writing over the input (the same path, a symlink or a hard link to it) would lose it.
    """
    if destination == "-":
        return
    if source != "-":
        try:
            same = os.path.samefile(source, destination)
        except OSError:  # the output does not exist yet
            same = False
        if same:
            raise InputError(
                f"the output {destination} is the input file; refusing to overwrite it"
            )
    target = os.path.realpath(destination)
    if os.path.isdir(target):
        raise InputError(f"cannot write {destination}: it is a folder")
    if not os.path.isdir(os.path.dirname(target)):
        raise InputError(f"cannot write {destination}: its folder does not exist")
    if os.path.isfile(target) and not os.access(target, os.W_OK):
        raise InputError(f"cannot write {destination}: the file is read-only")


@dataclass
class _Chunk:
    """Consecutive rows as columns: ``columns`` maps each name to ``length`` values.

    A missing value is None (an empty CSV cell, a JSONL key absent from a line). Columns
    keep their input order; a JSONL chunk's columns are the ordered union of its keys.
    """

    columns: dict[str, list[Any]]
    length: int
    rows: list[int]
    """Each row's 0-based position in the input (what the output's ``row`` column says)."""
    types: dict[str, Any] = field(default_factory=dict)
    """Arrow types of columns read from Parquet, so a Parquet output keeps them."""
    from_text: frozenset[str] = frozenset()
    """Columns whose values are CSV text: a Parquet output types them by their content."""

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


def _write_all(
    chunks: Iterable[_Chunk],
    destination: str,
    out_format: str,
    csv_guard: bool,
    advance: Callable[[int], object],
) -> bool:
    """Write scored chunks to ``destination`` as they come, all or nothing.

    The output is opened with the first chunk, written under a temporary name and renamed
    into place after the last; any failure on the way (Ctrl-C included) discards it, so the
    previous file stays. ``advance(rows)`` is called after each chunk. Returns whether there
    was any chunk (no chunk: nothing is written).
    """
    output: _OutputFile | None = None
    writer: _Writer | None = None
    try:
        for scored in chunks:
            if output is None or writer is None:
                output = _OutputFile(destination)
                writer = _make_writer(out_format, output, csv_guard)
            with _output_errors(destination):
                writer.write(scored)
            advance(scored.length)
        if writer is not None and output is not None:
            with _output_errors(destination):
                writer.close()
                output.commit()
    except BaseException:
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
        if output is not None:
            output.discard()
        raise
    return writer is not None


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
    report.add(chunk.rows, errors)
    out: dict[str, list[Any]] = {ROW_COLUMN: chunk.rows}
    # Kept input columns may hold lone surrogates (JSONL "\ud800"): no writer could encode them.
    for name in plan.keep:
        out[plan.renamed[name]] = [_encodable(value) for value in chunk.column(name)]
    for name, values in zip(OUTPUT_COLUMNS, results, strict=True):
        out[name] = values if name == "credibility" else [_encodable(v) for v in values]
    types = {plan.renamed[name]: chunk.types[name] for name in plan.keep if name in chunk.types}
    from_text = frozenset(plan.renamed[name] for name in plan.keep if name in chunk.from_text)
    return _Chunk(out, chunk.length, chunk.rows, types, from_text)


def _encodable(value: Any) -> Any:
    return json_safe_text(value) if isinstance(value, str) else value


def _name(source: str) -> str:
    return "standard input" if source == "-" else source


# --------------------------------------------------------------------------- CSV input
# Readers yield the total row count (or None) first, then _Chunks.

# A line of only these characters is blank and skipped, as pandas' reader skipped it.
_CSV_BLANK = " \t\r\n"
# A record this long may hold a field over the csv module's default limit (131,072): the
# limit is raised while such a record is parsed (see _FieldLimit), never for good.
_LONG_RECORD = 65_536
# Spaces between a closing quote and the comma or line end: tolerated by the check below.
_SPACE_AFTER_QUOTE = re.compile(r'"[ \t]+(?=,|\r|\n|$)')


class _FieldLimit:
    """``csv.field_size_limit`` raised while at least one reader parses a long record.

    The limit is the csv module's one process-wide setting (131,072 characters by default),
    far below a 10 MB article. Raising it for good would change every other csv reader in
    the process (the ratings loader relies on the default to refuse a broken file), so it
    is raised only around the parsing of a record longer than ``_LONG_RECORD`` and
    restored right after; concurrent readers share one raise and the last one restores.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._holders = 0
        self._saved = 0

    def acquire(self) -> None:
        with self._lock:
            if self._holders == 0:
                self._saved = csv.field_size_limit()
                csv.field_size_limit(max(self._saved, self._limit))
            self._holders += 1

    def release(self) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                csv.field_size_limit(self._saved)


_FIELD_LIMIT = _FieldLimit(MAX_RECORD_CHARS + 1)


class _LineTooLong(Exception):
    """A physical line longer than MAX_RECORD_CHARS (already read past, not kept)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class _RecordTooLong(Exception):
    """The lines of one record add up to more than MAX_RECORD_CHARS."""


class _CsvLines:
    """The lines of a CSV file for the csv reader: decoded one by one, numbered, with pushback.

    The file is split into lines as bytes (a text stream in latin-1, which maps each byte to
    one character, with ``newline=""``: lines end after "\n", "\r\n" or a lone "\r", and
    no UTF-8 sequence holds either byte), then each line is decoded as UTF-8, so an
    undecodable byte is reported with its line (a UTF-8 text stream decodes 8 kB at a time
    and knows only where in that block it failed).

    The csv reader hides what this keeps: the lines of the record being parsed
    (``record``, the first one numbered ``first``), whether the file ended inside a record
    (an unclosed quote), and how long the record has grown. A record found malformed gives
    its lines back (:meth:`push_back`) to be read again. A line or a record longer than
    :data:`MAX_RECORD_CHARS` is not handed to the csv reader (:class:`_LineTooLong`,
    :class:`_RecordTooLong`). Each ``iter()`` gives a new generator over the same state, so
    after one of those exceptions (which end a generator) the caller builds a new reader.
    """

    def __init__(self, handle: Any, name: str, *, latin1: bool = True) -> None:
        self._handle = handle
        self._name = name
        self._limit = MAX_RECORD_CHARS
        self._bytes = latin1  # False: the stream is already text (a StringIO stdin in tests)
        self._started = False  # whether the first line (and its byte-order mark) was read
        self._pending: deque[str | None] = deque()  # None: a line too long to keep
        self.record: list[str] = []
        self.first = 1
        self._next_first: int | None = None
        self.ended = False
        self._holding_limit = False

    def start_record(self) -> None:
        if self._next_first is not None:
            self.first, self._next_first = self._next_first, None
        else:
            self.first += len(self.record)
        self.record.clear()
        self.ended = False

    def finish_record(self) -> None:
        """Give the raised csv field limit back, if this record needed it."""
        if self._holding_limit:
            _FIELD_LIMIT.release()
            self._holding_limit = False

    def push_back(self, lines: list[str | None]) -> None:
        """Hand out again, before reading on, the lines that followed the record's first."""
        self._next_first = self.first + 1
        self._pending.extendleft(reversed(lines))

    def passed(self, number: int) -> None:
        """Line ``number`` was dropped: the next record starts after it."""
        self._next_first = number + 1

    def __iter__(self) -> Iterator[str]:
        # Locals and one generator frame: this runs for every line of the file.
        read = self._handle.readline
        size = self._limit + 1
        decode = self._bytes
        started = self._started
        pending = self._pending
        record = self.record
        append = record.append
        watch = min(_LONG_RECORD, self._limit)
        chars = sum(map(len, record))
        while True:
            if pending:
                line = pending.popleft()
                if line is None:
                    raise _LineTooLong(self.first + len(record))
            else:
                line = read(size)
                if not line:
                    self.ended = True
                    return
                if len(line) == size:
                    self._read_past(line)
                    raise _LineTooLong(self.first + len(record))
                if not started:
                    line, started = self._decode(line), True
                elif decode:
                    try:
                        line = line.encode("latin-1").decode("utf-8")
                    except UnicodeDecodeError:
                        self._decode(line)  # raises, naming the line
            if not record:
                chars = 0
            chars += len(line)
            append(line)
            if chars > watch:
                self._long_record(chars)
            yield line

    def _decode(self, line: str) -> str:
        """The line as UTF-8 (a byte-order mark dropped from the first), from latin-1 bytes."""
        first_line = not self._started
        self._started = True
        if not self._bytes:  # already text (stdin replaced by a StringIO in a test)
            return line.removeprefix("\ufeff") if first_line else line
        raw = line.encode("latin-1")
        encoding = "utf-8-sig" if first_line else "utf-8"
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as error:
            good = raw[: error.start].decode(encoding)
            raise InputError(
                f"cannot read {self._name} as CSV: line {self.first + len(self.record)} is "
                f"not UTF-8 text (byte 0x{raw[error.start]:02x} at character "
                f"{len(good) + 1}); save it as UTF-8"
            ) from None

    def _read_past(self, line: str) -> None:
        """Read to the end of a line too long to keep."""
        while line and not line.endswith(("\n", "\r")):
            line = self._handle.readline(self._limit)

    def _long_record(self, chars: int) -> None:
        if chars > self._limit:
            raise _RecordTooLong
        if chars > _LONG_RECORD and not self._holding_limit:
            _FIELD_LIMIT.acquire()
            self._holding_limit = True


def _read_csv(source: str, chunk_size: int, report: StreamReport):
    """CSV with the stdlib reader, as pandas read it before: everything is text.

    Only an empty cell is missing ("NA" may be a real title). A line with more fields than
    the header is skipped and reported; a line with fewer is padded with missing values.
    Blank lines are skipped; header names are made unique as pandas does ("a", "a.1").
    """
    yield None
    name = _name(source)
    try:
        handle = _open_csv(source)
    except OSError as error:
        raise InputError(f"cannot read {name} as CSV: {error.strerror or error}") from None
    try:
        yield from _csv_chunks(handle, name, chunk_size, report)
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from None
    finally:
        if source == "-" and hasattr(handle, "detach") and handle is not sys.stdin:
            handle.detach()  # leave the process's stdin open
        elif source != "-":
            handle.close()


def _open_csv(source: str) -> Any:
    """The file's bytes as latin-1 text split into lines as ``newline=""`` does (_CsvLines
    decodes each line as UTF-8)."""
    if source != "-":
        return open(source, encoding="latin-1", newline="")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # stdin replaced by a text stream (io.StringIO in a test)
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="latin-1", newline="")


def _csv_chunks(handle: Any, name: str, chunk_size: int, report: StreamReport):
    lines = _CsvLines(handle, name, latin1=handle is not sys.stdin)
    # Strict parsing finds a closing quote followed by text in the same pass; such a record
    # is then read again leniently (one line) or judged a runaway quote (several lines).
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    values: list[list[str | None]] = []
    rows: list[int] = []
    position = 0  # the next data record's 0-based position in the input

    def skip(line: int, reason: str) -> None:
        nonlocal position
        if header is None:
            raise InputError(f"cannot read {name} as CSV: line {line}, the header: {reason}")
        report.skipped_lines.append(f"Skipping line {line}: {reason}")
        position += 1

    def skip_runaway(why: str, then: tuple[None, ...] = ()) -> None:
        """Skip the first line of a record that a quote never closed; read the rest again."""
        nonlocal reader
        reader = csv.reader(lines, strict=True)  # the line generator may have ended
        first, last = lines.first, lines.first + len(lines.record) - 1
        again = f"; lines {first + 1}-{last} were read again" if last > first + 1 else ""
        again = f"; line {last} was read again" if last == first + 1 else again
        skip(first, f"a quoted field opened there is never closed ({why}){again}")
        lines.push_back([*lines.record[1:], *then])

    while True:
        lines.start_record()
        runaway: str | None = None
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            record, runaway = _reread(lines)
        except (_LineTooLong, _RecordTooLong) as error:
            reader = csv.reader(lines, strict=True)  # the exception ended the line generator
            if isinstance(error, _RecordTooLong):
                skip_runaway(f"it runs past {MAX_RECORD_CHARS:,} characters")
            elif lines.record:  # a quoted field ran on into the long line
                skip_runaway(f"it runs into line {error.number}", then=(None,))
            else:
                skip(error.number, f"longer than {MAX_RECORD_CHARS:,} characters")
                lines.passed(error.number)
            continue
        finally:
            lines.finish_record()
        swallowed = runaway is None and header is not None and len(lines.record) > 1
        if swallowed and header is not None and len(record) > len(header):
            runaway = f"the lines it swallowed hold {len(record)} fields, expected {len(header)}"
        if runaway is not None:
            skip_runaway(runaway)
            continue
        if not record or (
            len(record) == 1 and len(lines.record) == 1 and not lines.record[0].strip(_CSV_BLANK)
        ):
            continue  # a blank line, or one of only spaces: pandas skipped them too
        if header is None:
            header = _header_names(record)
            values = [[] for _ in header]
            continue
        width = len(header)
        if len(record) > width:
            skip(lines.first, f"expected {width} fields, saw {len(record)}")
            continue
        for column, cell in zip(values, record, strict=False):  # to the record's end...
            column.append(cell or None)
        for column in values[len(record) :]:  # ...and a short record is padded
            column.append(None)
        rows.append(position)
        position += 1
        if len(rows) == chunk_size:
            yield _csv_chunk(header, values, rows)
            values = [[] for _ in header]
            rows = []
    if header is None:
        raise InputError(f"{name} is empty")
    if rows:
        yield _csv_chunk(header, values, rows)


def _csv_chunk(header: list[str], values: list[list[str | None]], rows: list[int]) -> _Chunk:
    return _Chunk(
        dict(zip(header, values, strict=True)), len(rows), rows, from_text=frozenset(header)
    )


def _reread(lines: _CsvLines) -> tuple[list[str], str | None]:
    """A record the strict reader refused: its fields read leniently, or why it is a runaway.

    A quoted cell may hold line breaks, so a record over several lines is normal. It is a
    quote left open (that swallowed the lines after it) when the file ends inside it, or
    when its closing quote is followed by text instead of a comma or the line end (spaces
    aside), which is what a runaway quote meets at the opening quote of a later cell. The
    caller adds a third sign: merged lines holding more fields than the header. A runaway
    that happens to close cleanly into no more fields than the header cannot be told from
    a cell with line breaks. One line with text after a closing quote (``"a"b``) is read as
    pandas and the lenient csv reader read it (``ab``).
    """
    if lines.ended:  # the reader asked for a line past the end: it was inside a quote
        return [], "the file ends inside it"
    record = lines.record
    if len(record) > 1:
        spaced = [_SPACE_AFTER_QUOTE.sub('"', line) for line in record]
        try:  # spaces after a closing quote are a common slip, not a runaway
            for _ in csv.reader(spaced, strict=True):
                pass
        except csv.Error:
            return [], "a closing quote is followed by text"
    asked_for_more = []

    def once() -> Iterator[str]:
        yield from record
        asked_for_more.append(True)

    try:
        fields = next(csv.reader(once()), [])
    except csv.Error as error:  # a field over the csv module's limit
        return [], str(error)
    if asked_for_more:  # read leniently, a quote opened on this line is never closed
        return [], "the quotes on the line do not pair up"
    return fields, None


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


# --------------------------------------------------------------------------- JSONL, Parquet


def _read_jsonl(source: str, chunk_size: int, report: StreamReport):
    """One JSON object per line; a line that is not one becomes a row with an error."""
    yield None
    try:
        handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as error:
        raise InputError(f"cannot read {_name(source)}: {error.strerror}") from None
    try:
        records: list[dict[str, Any]] = []
        position = 0
        for number, raw in enumerate(_bounded_lines(handle, 4 * MAX_RECORD_CHARS), start=1):
            if raw is not None and not raw.strip():
                continue
            records.append(_jsonl_record(raw, number))
            if len(records) == chunk_size:
                yield _records_chunk(records, position)
                position += len(records)
                records = []
        if records:
            yield _records_chunk(records, position)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _bounded_lines(handle: Any, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; None in place of a line longer than ``limit`` bytes."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit:
            while line and not line.endswith(b"\n"):
                line = handle.readline(limit)
            yield None
        else:
            yield line


def _records_chunk(records: list[dict[str, Any]], first_row: int) -> _Chunk:
    """Columns in order of first appearance; a key a line lacks is None on that row."""
    names = dict.fromkeys(key for record in records for key in record)
    columns = {key: [record.get(key) for record in records] for key in names}
    return _Chunk(columns, len(records), list(range(first_row, first_row + len(records))))


def _jsonl_record(raw: bytes | None, number: int) -> dict[str, Any]:
    if raw is None:
        return {_READ_ERROR: f"line {number} is longer than {4 * MAX_RECORD_CHARS:,} bytes"}
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
    position = 0
    for batch in parquet.iter_batches(batch_size=chunk_size):
        columns = {
            name: column.to_pylist() for name, column in zip(names, batch.columns, strict=True)
        }
        rows = list(range(position, position + batch.num_rows))
        position += batch.num_rows
        yield _Chunk(columns, batch.num_rows, rows, types)


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


# --------------------------------------------------------------------------- output


class _OutputFile:
    """Where a stream's output goes until it is complete.

    A file target is written under a temporary name in its own folder (so the final rename
    cannot cross file systems) and renamed over the target by :meth:`commit`; until then the
    previous file is untouched, and :meth:`discard` removes the temporary file. A symlink
    target is followed, so the file it points to is replaced and the link kept. Standard
    output, and special files that cannot be replaced (``/dev/null``, a FIFO), are written
    in place.
    """

    def __init__(self, destination: str) -> None:
        self.path = destination
        self._target: str | None = None
        if destination == "-":
            return
        target = os.path.realpath(destination)
        if os.path.exists(target) and not os.path.isfile(target):
            return  # a device or a FIFO: write straight into it
        self._target = target
        self.path = self.replacement()

    def replacement(self) -> str:
        """A new empty temporary file beside the target, created with the usual permissions."""
        if self._target is None:
            raise ValueError("only a regular file target has temporary files")
        folder, base = os.path.split(self._target)
        while True:
            path = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.credscore-tmp")
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileExistsError:
                continue
            except OSError as error:
                raise InputError(
                    f"cannot write {self._target}: {error.strerror or error} (the output is "
                    "written to a temporary file in the same folder, then renamed)"
                ) from None
            if os.path.exists(self._target):  # keep the permissions of the file replaced
                with contextlib.suppress(OSError):
                    shutil.copymode(self._target, path)
            return path

    def switch_to(self, path: str) -> None:
        """Make ``path`` (from :meth:`replacement`) the output, removing the previous one."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        self.path = path

    def commit(self) -> None:
        if self._target is not None:
            os.replace(self.path, self._target)

    def discard(self) -> None:
        if self._target is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


@contextlib.contextmanager
def _output_errors(destination: str) -> Iterator[None]:
    """An OSError while writing (disk full, permissions) as an InputError naming the output.

    A closed pipe (``credscore score ... | head``) is left as it is: the command ends quietly.
    """
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        shown = "standard output" if destination == "-" else destination
        raise InputError(f"cannot write {shown}: {error.strerror or error}") from None


class _Writer(Protocol):
    """What :func:`stream_score` needs of an output: write chunks, then close."""

    def write(self, chunk: _Chunk) -> None: ...

    def close(self) -> None: ...


def _make_writer(out_format: str, output: _OutputFile, csv_guard: bool) -> _Writer:
    if out_format == "csv":
        return _CsvWriter(output.path, guard=csv_guard)
    if out_format == "jsonl":
        return _JsonlWriter(output.path)
    return _ParquetWriter(output)


# Cells a spreadsheet reads as a formula (OWASP, "CSV Injection"): "=", "+", "-", "@", and a
# tab or carriage return in front of one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number, which a spreadsheet reads as a number, never as a formula: left alone so
# "-3" stays a number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _neutralise_formula(value: str) -> str:
    """``value`` with a ``'`` in front when a spreadsheet would run it as a formula.

    OWASP's advice for CSV injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a leading apostrophe, which spreadsheets show as text. Plain
    numbers (``-3``, ``+1.5e3``) are left as they are.
    """
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class _CsvWriter:
    def __init__(self, path: str, *, guard: bool = True) -> None:
        self._own = path != "-"
        self._handle = (
            open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if self._own
            else sys.stdout
        )
        # What pandas' to_csv wrote: minimal quoting, "\n" line ends, floats as repr.
        self._csv = csv.writer(self._handle, lineterminator="\n")
        # Minimal quoting quotes a cell holding the line terminator but not a lone "\r",
        # which a reader takes for a line end: rows holding one quote every cell.
        self._quote_all = csv.writer(self._handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self._header = True
        self._guard = guard

    def write(self, chunk: _Chunk) -> None:
        if self._header:
            self._write_rows([[self._cell(name) for name in chunk.columns]])
            self._header = False
        cells = [[self._cell(value) for value in values] for values in chunk.columns.values()]
        self._write_rows(list(zip(*cells, strict=True)))

    def _write_rows(self, rows: list[Any]) -> None:
        if not any("\r" in cell for row in rows for cell in row if isinstance(cell, str)):
            self._csv.writerows(rows)
            return
        for row in rows:
            has_cr = any("\r" in cell for cell in row if isinstance(cell, str))
            (self._quote_all if has_cr else self._csv).writerow(row)

    def _cell(self, value: Any) -> Any:
        value = _none_if_missing(value)
        if self._guard and isinstance(value, str) and value.startswith(_FORMULA_START):
            return _neutralise_formula(value)
        return value

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


# Text a kept CSV column holds when it clearly is a number or a boolean. Integers are
# written as a program writes them (no "+", no leading zero: "007" is an identifier), so
# a column turned back into text gives every integer back as it was written.
_INTEGER_TEXT = re.compile(r"-?(?:0|[1-9]\d*)")
_DECIMAL_TEXT = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_BOOLEAN_TEXT = {"true": True, "false": False}
_INT64_RANGE = range(-(2**63), 2**63)


def _type_of_text(values: list[Any]) -> str:
    """ "int64", "float64", "bool" or "string": what every non-empty value of a CSV column is."""
    present = [value for value in values if value is not None]
    if not present:
        return "string"
    if all(_INTEGER_TEXT.fullmatch(v) and int(v) in _INT64_RANGE for v in present):
        return "int64"
    if all(_DECIMAL_TEXT.fullmatch(v) for v in present):
        return "float64"
    if all(v.lower() in _BOOLEAN_TEXT for v in present):
        return "bool"
    return "string"


def _parse_text(values: list[Any], kind: str) -> list[Any] | None:
    """The CSV texts as values of ``kind``, or None when one does not fit it."""
    if kind == "string":
        return values
    parsed: list[Any] = []
    for value in values:
        if value is None:
            parsed.append(None)
        elif kind == "int64" and _INTEGER_TEXT.fullmatch(value) and int(value) in _INT64_RANGE:
            parsed.append(int(value))
        elif kind == "float64" and _DECIMAL_TEXT.fullmatch(value):
            parsed.append(float(value))
        elif kind == "bool" and value.lower() in _BOOLEAN_TEXT:
            parsed.append(_BOOLEAN_TEXT[value.lower()])
        else:
            return None
    return parsed


class _ParquetWriter:
    """Parquet with a schema fixed by the first chunk (score columns typed explicitly).

    Columns kept from a Parquet input keep their type; columns read as CSV text become
    integers, decimals or booleans when every non-empty cell of the first chunk clearly is
    one (:func:`_type_of_text`), else text; others get the type of their values in the
    first chunk (text when all are missing). When a later chunk of a CSV column does not
    fit its type, the column becomes text for the whole file: the rows already written are
    copied into a new temporary file with that column as text. NaN is written as null.
    """

    def __init__(self, output: _OutputFile) -> None:
        self._output = output
        self._writer: Any = None  # a pyarrow ParquetWriter once the first chunk fixed the schema
        self._schema: Any = None
        self._text_kinds: dict[str, str] = {}  # CSV columns -> the kind their text is read as

    def write(self, chunk: _Chunk) -> None:
        import pyarrow as pa

        if self._writer is None:
            self._start(chunk)
        columns = {
            name: [_none_if_missing(v) for v in values] for name, values in chunk.columns.items()
        }
        misfits = []
        for name, kind in self._text_kinds.items():
            parsed = _parse_text(columns[name], kind)
            if parsed is None:
                misfits.append(name)
            else:
                columns[name] = parsed
        if misfits:
            self._as_text(misfits)
        try:
            table = pa.Table.from_pydict(columns, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise InputError(
                f"a kept column changes type between chunks ({error}); "
                "choose the columns to copy with --keep"
            ) from None
        self._writer.write_table(table)

    def _start(self, chunk: _Chunk) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        fixed = {
            ROW_COLUMN: pa.int64(),
            "credibility": pa.float64(),
            "label": pa.string(),
            "top_cues": pa.string(),
            "error": pa.string(),
            "notes": pa.string(),
        }
        types = {}
        for name, values in chunk.columns.items():
            if name in fixed or name in chunk.types:
                types[name] = fixed.get(name) or chunk.types[name]
            elif name in chunk.from_text:
                kind = _type_of_text([_none_if_missing(v) for v in values])
                types[name] = pa.type_for_alias(kind)
                if kind != "string":
                    self._text_kinds[name] = kind
            else:
                try:
                    types[name] = pa.array(values).type
                except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
                    raise InputError(
                        f"a kept column cannot be stored in Parquet ({error}); "
                        "choose the columns to copy with --keep"
                    ) from None
        self._schema = pa.schema(
            [
                pa.field(name, pa.string() if pa.types.is_null(type_) else type_)
                for name, type_ in types.items()
            ]
        )
        self._writer = pq.ParquetWriter(self._output.path, self._schema)

    def _as_text(self, names: list[str]) -> None:
        """Turn CSV columns into text columns, rewriting the rows written so far."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name in names:
            del self._text_kinds[name]
        schema = pa.schema(
            [pa.field(f.name, pa.string()) if f.name in names else f for f in self._schema]
        )
        self._writer.close()
        path = self._output.replacement()
        writer = pq.ParquetWriter(path, schema)
        try:
            written = pq.ParquetFile(self._output.path)
            for group in range(written.num_row_groups):
                writer.write_table(written.read_row_group(group).cast(schema))
            written.close()
        except BaseException:
            writer.close()
            os.unlink(path)
            raise
        self._output.switch_to(path)
        self._writer, self._schema = writer, schema

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


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
    csv_guard: bool = True,
) -> StreamReport:
    """Score web pages chunk by chunk into a CSV / JSONL / Parquet file (``"-"``: stdout).

    The output has a ``row`` column (0-based position), each page's ``columns`` and the
    score columns, as :func:`stream_score` writes them; a page that could not be read or
    scored gets its reason in ``error``, and a page with no article the label "unknown".
    A chunk holds at most ``chunk_size`` pages and :data:`PAGE_CHUNK_BYTES` bytes of HTML.
    The output is written and replaced as :func:`stream_score` does it (never half a file;
    ``csv_guard`` as there). Raises :class:`InputError` when there is no page at all
    (``source`` names the input) or the output cannot be written.
    """
    from tqdm import tqdm

    if out_format not in FORMATS:
        raise InputError(f"format must be one of {FORMATS}, got {out_format!r}")
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, got {chunk_size}")
    check_options(n_jobs=n_jobs, top_cues=top_cues)
    check_destination("-", destination)
    scorer = scorer if scorer is not None else default_scorer()
    report = StreamReport()
    scored = (
        _score_pages_for_output(chunk, report, scorer, n_jobs, top_cues)
        for chunk in _page_chunks(pages, chunk_size)
    )
    with tqdm(unit=" pages", disable=not progress, file=sys.stderr) as bar:
        wrote = _write_all(scored, destination, out_format, csv_guard, bar.update)
    if not wrote:
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
    rows = list(range(report.rows, report.rows + len(chunk)))
    report.add(rows, errors)
    out: dict[str, list[Any]] = {ROW_COLUMN: rows}
    names = dict.fromkeys(name for page in chunk for name in page.columns)
    for name in names:
        column = f"input_{name}" if name in (ROW_COLUMN, *OUTPUT_COLUMNS) else name
        out[column] = [_encodable(page.columns.get(name)) for page in chunk]
    for name, values in zip(OUTPUT_COLUMNS, results, strict=True):
        out[name] = values if name == "credibility" else [_encodable(v) for v in values]
    return _Chunk(out, len(chunk), rows)
