"""`SourceRatings`: a table of site reputations in [0, 1], each with where it came from.

The package ships one table, :meth:`SourceRatings.bundled`: Lin et al. 2023's aggregate
domain quality (``pc1`` of 11,472 domains; Lin, Lasser, Lewandowsky, Cole, Gully, Rand and
Pennycook, "High level of correspondence across different news domain quality rating
sets", PNAS Nexus 2(9), pgad286, 2023), rounded to 3 decimals; its card is
``data/README.md``. :func:`load_ratings` resolves what a ``Scorer`` uses: by default that
table plus the files named in ``CREDSCORE_RATINGS``; ``None`` for no ratings at all.
Your own files (:meth:`SourceRatings.from_csv`) may use any of these layouts, detected
from the header:

* Lin et al. 2023 (``domain,pc1,...``): ``pc1`` as is (0 = lowest quality, 1 = highest).
* Baly et al. MBFC corpora (``source_url,...,fact,...`` TSV): ``fact`` mapped by
  :data:`BALY_FACT_RATING`.
* OpenSources (first column = domain, ``type``): ``type`` mapped by :data:`OPENSOURCES_RATING`.
* Generic ``domain,rating[,source]``.

Several files merge in order: **a later file wins** for a domain it also rates, so a small
hand-made file listed last can correct a big table.

A file is read as UTF-8 (a byte-order mark is fine) with the ``csv`` module's default field
limit, which a ratings row never comes near and which this module never changes. A file that
cannot be read, holds no usable row, or whose rows are mostly unusable (a misread layout
would otherwise leave most sites silently unrated) raises a ``ValueError`` naming the file
and the line.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from credscore.urls import Host, parse_host

logger = logging.getLogger(__name__)

#: Environment variable holding one or more ratings paths separated by ``os.pathsep``.
ENV_VAR = "CREDSCORE_RATINGS"
#: The ``ratings`` value that means "the bundled table plus ``CREDSCORE_RATINGS``" (default).
BUNDLED = "bundled"
#: Provenance of every bundled rating, shown in the rating cues' messages.
BUNDLED_SOURCE = "lin2023:bundled"
# Package data: ``domain,pc1`` rows whose domains are already normalised as
# ``parse_host(domain).name`` (tested), so loading skips the public-suffix parse (1.3 s
# for 11k domains) and takes a few milliseconds.
_BUNDLED_FILE = "lin2023_pc1.csv"

# MBFC "factual reporting" -> rating on Lin's pc1 scale. Each value is the median Lin pc1
# of the Baly EMNLP-2018 outlets with that label (low 0.26, mixed 0.59, high 0.82; n = 227 /
# 245 / 502 matched domains), rounded; a one-off measurement against the shared Lin et al. file.
BALY_FACT_RATING: dict[str, float] = {"low": 0.25, "mixed": 0.55, "high": 0.80}

# OpenSources site type -> rating on Lin's pc1 scale: the median Lin pc1 of the OpenSources
# domains of each type (fake 0.24, conspiracy 0.22, junksci 0.24, hate 0.30, unreliable 0.29,
# clickbait 0.37, bias 0.40, satire 0.40, rumor 0.47 (n=11), political 0.55, reliable 0.53
# (n=3)), rounded; same script. A site's first ``type`` decides.
OPENSOURCES_RATING: dict[str, float] = {
    "fake": 0.23,
    "fake news": 0.23,
    "conspiracy": 0.22,
    "junksci": 0.23,
    "hate": 0.30,
    "unreliable": 0.30,
    "state": 0.30,
    "clickbait": 0.37,
    "bias": 0.40,
    "satire": 0.40,
    "rumor": 0.40,
    "political": 0.55,
    "reliable": 0.55,
}

# Largest ratings file read: Lin et al.'s full table is 2.8 MB; anything far bigger is not
# a ratings table, and it is read whole (to name the line of a decoding error).
_MAX_RATINGS_BYTES = 256 * 1024 * 1024
# How many unusable rows an error message or warning quotes.
_QUOTED_ROWS = 3

# Social and user-content hosts: an entry naming a page *on* them (a path) rates that page,
# never the platform, so such entries are dropped.
_NEVER_RATE_BY_PATH = frozenset(
    {"facebook.com", "twitter.com", "x.com", "youtube.com", "instagram.com", "medium.com"}
)


class Rating(NamedTuple):
    """One site's reputation and its provenance (a cheap immutable tuple)."""

    value: float
    """Reputation in [0, 1] (Lin et al.'s pc1 scale: 0.5 is the neutral middle)."""
    source: str
    """Which file and rater it came from, e.g. ``"lin2023:domain_pc1.csv"``."""
    domain: str
    """The table key that matched (a host or a registered domain)."""


class SourceRatings:
    """Site reputations keyed by host / registered domain (lower-case, no ``www.``)."""

    __slots__ = ("_memo", "_table")

    def __init__(self, table: Mapping[str, tuple[float, str]] | None = None) -> None:
        """Build from ``{domain: (rating, source)}``; keys are normalised, ratings checked."""
        clean: dict[str, tuple[float, str]] = {}
        for domain, (value, source) in (table or {}).items():
            key = _domain_key(domain)
            rating = _as_rating(value)
            if key is None or rating is None:
                raise ValueError(
                    f"ratings table entry {domain!r}: {value!r} needs a domain and a "
                    "rating in [0, 1]"
                )
            clean[key] = (rating, str(source))
        self._table = clean
        self._memo: dict[tuple[str, str], Rating | None] = {}

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, domain: object) -> bool:
        return isinstance(domain, str) and _domain_key(domain) in self._table

    def __repr__(self) -> str:
        sources = sorted({source for _, source in self._table.values()})
        return f"SourceRatings({len(self)} domains from {', '.join(sources) or 'nothing'})"

    def merged(self, other: SourceRatings) -> SourceRatings:
        """A new table where ``other``'s entries win over this one's."""
        result = SourceRatings()
        result._table = {**self._table, **other._table}
        return result

    def __reduce_ex__(self, protocol: Any) -> Any:
        # The bundled table travels to worker processes by name, not as 11k pickled rows.
        if _bundled_table.cache_info().currsize and self is _bundled_table():
            return (_bundled_table, ())
        return super().__reduce_ex__(protocol)

    @classmethod
    def bundled(cls) -> SourceRatings:
        """Lin et al. 2023's ``pc1`` for 11,472 domains, shipped with credscore.

        Read from the package on first use and shared afterwards (the table never changes).
        """
        return _bundled_table()

    def lookup_host(self, host: Host) -> Rating | None:
        """The rating for a parsed host: the full host first, then each parent down to the site.

        ``foo.wordpress.com`` stops at itself: the platform's rating is not the blog's.
        Answers are memoised per host (the table never changes after loading).
        """
        key = (host.name, host.site)
        memo = self._memo
        if key in memo:
            return memo[key]
        if len(memo) > 65536:  # bound the memo on endless streams of new hosts
            memo.clear()
        found = memo[key] = self._walk(host.name, host.site)
        return found

    def _walk(self, name: str, site: str) -> Rating | None:
        table = self._table
        while True:
            found = table.get(name)
            if found is not None:
                return Rating(found[0], found[1], name)
            if name == site or "." not in name:
                return None
            name = name.split(".", 1)[1]

    def lookup(self, url: object) -> Rating | None:
        """The rating of the site behind a URL or host name, or None when unrated."""
        host = parse_host(url)
        return self.lookup_host(host) if host else None

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> SourceRatings:
        """Load one file, recognising its layout from the header (see the module docstring).

        Raises ``FileNotFoundError`` / ``IsADirectoryError`` for a missing file or a folder,
        and ``ValueError`` naming the file and line when it is not UTF-8, not CSV, of an
        unknown layout, or mostly without a usable domain and rating.
        """
        path = Path(path)
        lines = io.StringIO(_read_text(path), newline="")
        first = lines.readline()
        if not first.strip():
            raise ValueError(f"ratings file {str(path)!r} is empty (no header line)")
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        rows = csv.reader(lines, delimiter=delimiter)
        try:
            names = next(csv.reader([first], delimiter=delimiter), [])
            header = [name.strip().lower() for name in names]
            if "domain" in header and "pc1" in header:
                entries = _lin_rows(rows, header, f"lin2023:{path.name}")
            elif "fact" in header and "source_url" in header:
                entries = _baly_rows(rows, header, f"mbfc-baly:{path.name}")
            elif "type" in header and header[0] in ("", "domain"):
                entries = _opensources_rows(rows, header, f"opensources:{path.name}")
            elif "domain" in header and "rating" in header:
                entries = _generic_rows(rows, header, path.name)
            else:
                raise ValueError(
                    f"ratings file {str(path)!r}: unknown layout; expected columns "
                    "'domain,rating[,source]', Lin et al.'s 'domain,pc1', Baly et al.'s "
                    "'source_url,...,fact', or OpenSources' ',type,...'"
                )
            table = _collect(_numbered(entries, rows), path)
        except csv.Error as error:  # a field over the csv module's limit, a stray NUL...
            raise ValueError(
                f"ratings file {str(path)!r}, line {rows.line_num + 1}: not readable as CSV "
                f"({error})"
            ) from None
        logger.info("loaded %d rated domains from %s", len(table), path)
        result = cls()
        result._table = table
        return result

    @classmethod
    def from_files(cls, paths: Iterable[str | os.PathLike[str]]) -> SourceRatings:
        """Load several files; a later file wins for a domain two files rate."""
        result = cls()
        for path in paths:
            result = result.merged(cls.from_csv(path))
        return result

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SourceRatings:
        """Load the files named in ``CREDSCORE_RATINGS`` (``os.pathsep``-separated).

        Unset or empty gives an empty table: every source is then unrated. A named file
        that is missing is an error, so a typo does not silently switch ratings off.
        """
        value = (os.environ if environ is None else environ).get(ENV_VAR, "")
        paths = [part.strip() for part in value.split(os.pathsep) if part.strip()]
        try:
            return cls.from_files(paths)
        except OSError as error:  # FileNotFoundError, IsADirectoryError, PermissionError...
            raise type(error)(f"{ENV_VAR}: {error}") from None
        except ValueError as error:  # a plain ValueError whatever its subclass was
            raise ValueError(f"{ENV_VAR}: {error}") from None


@cache
def _bundled_table() -> SourceRatings:
    """The bundled table, read once per process."""
    text = resources.files("credscore.source").joinpath(f"_data/{_BUNDLED_FILE}").read_text("utf-8")
    table: dict[str, tuple[float, str]] = {}
    lines = iter(text.splitlines())
    next(lines)  # the header, domain,pc1
    for line in lines:
        domain, _, value = line.partition(",")
        table[domain] = (float(value), BUNDLED_SOURCE)
    result = SourceRatings()
    result._table = table
    logger.debug("loaded %d bundled ratings", len(table))
    return result


def load_ratings(ratings: str | os.PathLike[str] | SourceRatings | None = BUNDLED) -> SourceRatings:
    """The ratings a scorer uses, from what the caller gave.

    * ``"bundled"`` (:data:`BUNDLED`, the default): :meth:`SourceRatings.bundled`, with the
      files named in ``CREDSCORE_RATINGS`` added on top (they win for a domain both rate);
    * a path: the bundled table with that file on top (the environment variable is not read);
    * a ``SourceRatings``: exactly that table (``SourceRatings.from_csv(path)`` for your
      file alone, ``SourceRatings.bundled().merged(yours)`` to combine);
    * ``None``: no ratings, so every site is unrated and the source prior is off.
    """
    if ratings is None:
        return SourceRatings()
    if isinstance(ratings, SourceRatings):
        return ratings
    if isinstance(ratings, str) and ratings == BUNDLED:
        extra = SourceRatings.from_env()
        return SourceRatings.bundled().merged(extra) if len(extra) else SourceRatings.bundled()
    if isinstance(ratings, (str, os.PathLike)):
        return SourceRatings.bundled().merged(SourceRatings.from_csv(ratings))
    raise TypeError(
        f"ratings must be 'bundled', a path, a SourceRatings or None, got {type(ratings).__name__}"
    )


def _as_rating(value: object) -> float | None:
    try:
        rating = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return rating if math.isfinite(rating) and 0.0 <= rating <= 1.0 else None


def _domain_key(text: str) -> str | None:
    host = parse_host(text.strip())
    return host.name if host else None


def _read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 once it is read whole; errors name the file (and line)."""
    shown = repr(str(path))
    if path.is_dir():
        raise IsADirectoryError(f"ratings file {shown} is a folder; name the CSV file inside it")
    if not path.exists():
        raise FileNotFoundError(f"ratings file {shown} does not exist")
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_RATINGS_BYTES + 1)
    except OSError as error:
        raise type(error)(f"ratings file {shown} cannot be read: {error.strerror}") from None
    if len(data) > _MAX_RATINGS_BYTES:
        raise ValueError(f"ratings file {shown} is larger than {_MAX_RATINGS_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ValueError(
            f"ratings file {shown}, line {line}: not UTF-8 text (byte "
            f"0x{data[error.start]:02x} at byte {column} of the line); save it as UTF-8"
        ) from None


def _column(header: list[str], name: str) -> int:
    return header.index(name)


# Each layout yields (domain, rating, source) per data row, domain None for a row too short
# to hold one; blank rows and "#" comments yield nothing.
_Entry = tuple[str | None, object, str]


def _lin_rows(rows: Iterable[list[str]], header: list[str], source: str) -> Iterator[_Entry]:
    domain, pc1 = _column(header, "domain"), _column(header, "pc1")
    for row in rows:
        if not row:
            continue
        if len(row) > max(domain, pc1):
            yield row[domain], row[pc1], source
        else:
            yield None, None, source


def _baly_rows(rows: Iterable[list[str]], header: list[str], source: str) -> Iterator[_Entry]:
    url, fact = _column(header, "source_url"), _column(header, "fact")
    for row in rows:
        if not row:
            continue
        if len(row) > max(url, fact):
            label = row[fact].strip().lower()
            yield row[url], BALY_FACT_RATING.get(label), f"{source}:fact={label}"
        else:
            yield None, None, source


def _opensources_rows(
    rows: Iterable[list[str]], header: list[str], source: str
) -> Iterator[_Entry]:
    kind = _column(header, "type")
    for row in rows:
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        if len(row) > kind:
            label = row[kind].strip().lower()
            yield row[0], OPENSOURCES_RATING.get(label), f"{source}:type={label}"
        else:
            yield None, None, source


def _generic_rows(rows: Iterable[list[str]], header: list[str], name: str) -> Iterator[_Entry]:
    domain, rating = _column(header, "domain"), _column(header, "rating")
    origin = header.index("source") if "source" in header else None
    for row in rows:
        if not row or row[0].startswith("#"):
            continue
        if len(row) <= max(domain, rating):
            yield None, None, name
            continue
        source = row[origin] if origin is not None and len(row) > origin and row[origin] else ""
        yield row[domain], row[rating], f"{name}:{source}" if source else name


def _numbered(entries: Iterator[_Entry], rows: Iterator[list[str]]) -> Iterator[tuple[int, _Entry]]:
    """Each entry with the file line its row ended on (the header is line 1)."""
    for entry in entries:
        yield rows.line_num + 1, entry  # type: ignore[attr-defined]


def _collect(numbered: Iterable[tuple[int, _Entry]], path: Path) -> dict[str, tuple[float, str]]:
    """Table from numbered (domain, rating, source) rows; refuses a file mostly unusable.

    A row naming a page or section (``newyorker.com/humor``) rates its host only when no
    row rates the bare site, and never rates a social platform (``facebook.com/somepage``).
    """
    table: dict[str, tuple[float, str]] = {}
    from_path: set[str] = set()
    skipped: list[int] = []
    rows = 0
    for line, (domain, value, source) in numbered:
        rows += 1
        host = parse_host(domain.strip()) if domain is not None else None
        rating = _as_rating(value)
        if domain is None or host is None or rating is None:
            skipped.append(line)
            continue
        domain = domain.strip()
        if "/" in domain.split("://", 1)[-1].rstrip("/"):  # names a page or section
            if host.registered in _NEVER_RATE_BY_PATH or (
                host.name in table and host.name not in from_path
            ):
                continue
            from_path.add(host.name)
        else:
            from_path.discard(host.name)
        table[host.name] = (rating, source)
    if not skipped:
        if not rows:
            raise ValueError(f"ratings file {str(path)!r} holds no rows after its header")
        return table
    lines = ", ".join(str(line) for line in skipped[:_QUOTED_ROWS])
    unusable = (
        f"{len(skipped):,} of {rows:,} rows have no usable domain or rating in [0, 1] "
        f"(line{'s' if len(skipped) > 1 else ''} {lines}{', ...' if len(skipped) > 3 else ''})"
    )
    if len(skipped) * 2 > rows:  # most rows: the file or its layout was misread
        raise ValueError(
            f"ratings file {str(path)!r}: {unusable}; is it a ratings table in one of the "
            "known layouts?"
        )
    logger.warning("ratings file %s: %s; those rows were skipped", path, unusable)
    return table
