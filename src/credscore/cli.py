"""The `credscore` command: argument parsing only; the work is done by the package's functions.

One parser with a subcommand per job (``score``, ``train``, ``evaluate``,
``train-headlines``), each with its own ``--help``. :func:`parse_args` builds the namespace
apart from :func:`main`, so tests and other programs can check arguments without running
anything. Training commands import the training side only when they run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import math
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from credscore.exit_codes import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_MODEL,
    EXIT_OK,
    EXIT_RATINGS,
    EXIT_ROWS,
)
from credscore.serve import add_parser as add_serve_parser

if TYPE_CHECKING:
    from credscore.api import Assessment, Scorer
    from credscore.batch import ArticleColumns
    from credscore.sites import SiteProfiler
    from credscore.stream import StreamReport

TABLE_FORMATS = ("csv", "jsonl", "parquet")
#: Web page inputs: an HTML file (or a folder of them), a web archive.
PAGE_FORMATS = ("html", "warc")
# Loggers of the page extractor and its helpers: their warnings about odd markup would
# drown the output, and what matters reaches the page's notes.
_PAGE_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")
_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}

SCORE_HELP = """\
Score one article (a text file whose first line is the title), a table of articles, or web
pages: an .html/.htm file (printed like a text file, or a one-row table with -o/--to), a
folder of them or a .warc/.warc.gz web archive (written like a table: one row per page,
with its path or URL).

Tables are read and written in chunks, so memory stays flat however long the file; the
output has a `row` column (0-based position of the record in the input; a skipped
malformed line keeps its number), the kept input columns, and credibility, label,
top_cues (JSON), error (why a row could not be scored) and notes (JSON list of caveats:
text truncated for analysis, text not in English). An output file is written under a
temporary name and renamed into place only when every row has been scored, so a failure
leaves the previous file, or none.
"""

EXIT_HELP = """\
exit codes: 0 all scored; 1 some rows not scored (see their error column) or malformed
CSV lines skipped; 2 missing or unreadable input, unwritable output, missing column, bad
option; 3 the model could not be loaded; 4 the ratings could not be loaded; 70 an
internal error.
"""


# --------------------------------------------------------------------------- score


def _column_list(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _read_article(path: str) -> tuple[str, str]:
    """(title, text) of a text file or stdin ('-'): first line is the title."""
    raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    title, _, text = raw.partition("\n")
    return title.strip(), text if text.strip() else title


def _print_assessment(assessment: Assessment, *, width: int = 100) -> None:
    from credscore.cue import json_safe_text  # lone surrogates (from argv) cannot be printed

    credibility = "n/a" if math.isnan(assessment.credibility) else f"{assessment.credibility:.3f}"
    print(f"credibility {credibility}  ({assessment.label}; model {assessment.model_version})")
    if assessment.domain:
        rating = (
            "unrated" if assessment.source_rating is None else f"{assessment.source_rating:.2f}"
        )
        print(
            f"source      {json_safe_text(assessment.domain)}  rating {rating}  "
            f"log-odds {assessment.source_log_odds:+.2f}"
        )
    for note in assessment.notes:
        print(f"note        {json_safe_text(note)}")
    print()
    if math.isnan(assessment.credibility):  # a web page with no article: nothing was judged
        return
    print("what moved the score most (log-odds):")
    for reason in assessment.reasons():
        text = textwrap.shorten(json_safe_text(reason.text), width=width - 8, placeholder=" ...")
        print(f"{reason.log_odds:+6.2f}  {text}")
    print()
    if not assessment.cues:
        print("no cues found")
    for cue in assessment.cues:
        evidence = " ".join(json_safe_text(cue.evidence).split())
        if len(evidence) > 60:
            evidence = evidence[:57] + "..."
        weight = "" if cue.weight is None else f"{cue.weight:+.2f}"
        print(f"{weight:>6}  {cue.kind:<18} {cue.field}[{cue.start}:{cue.end}]  {evidence!r}")
        message = textwrap.fill(
            json_safe_text(cue.message), width=width, initial_indent=" " * 8,
            subsequent_indent=" " * 8, break_long_words=False, break_on_hyphens=False,
        )  # fmt: skip
        print(message)


def _load_scorer(args: argparse.Namespace) -> Scorer | int:
    """The scorer, or the exit code after saying why the model or the ratings failed to load."""
    from credscore.api import Scorer
    from credscore.source import BUNDLED, load_ratings

    try:
        # --ratings adds a file to the bundled table; --no-ratings (where offered) drops both.
        wanted = None if getattr(args, "no_ratings", False) else args.ratings or BUNDLED
        ratings = load_ratings(wanted)
    except (OSError, ValueError) as error:
        print(f"credscore: cannot load the ratings: {error}", file=sys.stderr)
        return EXIT_RATINGS
    try:
        return Scorer(args.model, ratings=ratings, expected_sha256=args.model_sha256)
    except (OSError, ValueError) as error:  # missing file, ModelIntegrityError
        print(f"credscore: cannot load the model: {error}", file=sys.stderr)
        return EXIT_MODEL


def cmd_score(args: argparse.Namespace) -> int:
    fmt = args.format or _format_of(args.file)
    if fmt == "text":
        return _score_text(args)
    if fmt in PAGE_FORMATS:
        return _score_pages(args, fmt)
    return _score_table(args, fmt)


def _score_text(args: argparse.Namespace) -> int:
    try:
        title, text = _read_article(args.file)
    except OSError as error:
        print(f"credscore: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return EXIT_INPUT
    except UnicodeDecodeError as error:
        print(f"credscore: {args.file} is not UTF-8 text: {error.reason}", file=sys.stderr)
        return EXIT_INPUT
    scorer = _load_scorer(args)
    if isinstance(scorer, int):
        return scorer
    try:
        assessment = scorer.score(text, title=args.title or title or None, url=args.url)
    except (TypeError, ValueError) as error:
        print(f"credscore: cannot score {args.file}: {error}", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        print(json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_assessment(assessment)
    return EXIT_OK


def _score_table(args: argparse.Namespace, fmt: str) -> int:
    """Stream a CSV / JSONL / Parquet file through stream.stream_score, chunk by chunk."""
    from credscore import stream

    out_fmt = _table_output(args)
    if isinstance(out_fmt, int):
        return out_fmt
    scorer = _load_scorer(args)
    if isinstance(scorer, int):
        return scorer
    columns = stream.Columns(
        args.text_column, args.title_column or None, args.url_column or None, args.keep
    )
    try:
        report = stream.stream_score(
            args.file,
            fmt,
            args.output or "-",
            out_fmt,
            columns=columns,
            scorer=scorer,
            chunk_size=args.chunk_size,
            n_jobs=args.jobs,
            top_cues=args.top_cues,
            progress=not args.quiet and sys.stderr.isatty(),
            csv_guard=args.csv_guard,
        )
    except stream.InputError as error:
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    if report.any_failed and not args.quiet:
        print(f"credscore: {report.summary()}", file=sys.stderr)
    return EXIT_ROWS if report.any_failed else EXIT_OK


def _table_output(args: argparse.Namespace) -> str | int:
    """The output format of a table command, or the exit code of a refusal (said on stderr).

    Everything that can be known before the model loads is checked here: the format, that
    Parquet goes to a file and can be written, that the input (a file, or a folder of pages)
    exists and is not the output. Shared by tables, pages and ``sources``.
    """
    from credscore import stream

    out_fmt = args.to or (_format_of(args.output) if args.output else None)
    out_fmt = out_fmt or ("jsonl" if args.json else "csv")
    if out_fmt not in stream.FORMATS:
        suffix = Path(args.output).suffix or "a name without an extension"
        print(
            f"credscore: cannot write {args.output!r}: tables are written as .csv, .jsonl or "
            f".parquet, not {suffix}; name another output or choose the format with --to",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if out_fmt == "parquet" and not args.output:
        print("credscore: Parquet output needs a file: add -o OUT.parquet", file=sys.stderr)
        return EXIT_INPUT
    if out_fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        print(
            "credscore: writing Parquet needs pyarrow: pip install 'credscore[parquet]'",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if args.file != "-" and not Path(args.file).exists():
        print(f"credscore: {args.file}: no such file", file=sys.stderr)
        return EXIT_INPUT
    try:
        stream.check_destination(args.file, args.output or "-")
    except stream.InputError as error:
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    return out_fmt


def _format_of(path: str) -> str:
    """Input/output format from a file name: csv, jsonl, parquet, html (a page or a folder),
    warc, else text."""
    from credscore.page import PAGE_SUFFIXES
    from credscore.warc import WARC_SUFFIXES

    name = Path(path).name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(PAGE_SUFFIXES) or (path != "-" and Path(path).is_dir()):
        return "html"
    return _SUFFIX_FORMATS.get(Path(path).suffix.lower(), "text")


# --------------------------------------------------------------------------- web pages


def _score_pages(args: argparse.Namespace, fmt: str) -> int:
    """A page file like a text file; a folder of pages or a WARC file like a table."""
    for name in _PAGE_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    if args.title:
        print(
            "credscore: --title is for text files: a web page's headline is read from the page",
            file=sys.stderr,
        )
        return EXIT_INPUT
    one_page = fmt == "html" and (args.file == "-" or not Path(args.file).is_dir())
    if one_page and not (args.output or args.to):
        return _score_page_file(args)
    from credscore import stream

    out_fmt = _table_output(args)
    if isinstance(out_fmt, int):
        return out_fmt
    if one_page:  # written as a one-row table
        pages: Iterable[stream.PageInput] = (
            [stream.PageInput({"path": "-"}, sys.stdin.buffer.read(), args.url)]
            if args.file == "-"
            else [stream.read_page_file(args.file)._replace(url=args.url)]
        )
    elif fmt == "html":
        pages = stream.iter_page_files(args.file)
    else:
        pages = stream.iter_warc_inputs(args.file)
    scorer = _load_scorer(args)
    if isinstance(scorer, int):
        return scorer
    try:
        report = stream.stream_pages(
            pages,
            args.output or "-",
            out_fmt,
            scorer=scorer,
            chunk_size=args.chunk_size,
            n_jobs=args.jobs,
            top_cues=args.top_cues,
            progress=not args.quiet and sys.stderr.isatty(),
            source=args.file,
        )
    except stream.InputError as error:
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    except ImportError as error:  # no html extra
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    if report.any_failed and not args.quiet:
        print(f"credscore: {report.summary()}", file=sys.stderr)
    return EXIT_ROWS if report.any_failed else EXIT_OK


def _score_page_file(args: argparse.Namespace) -> int:
    """One web page (a file or stdin), printed as a text file's assessment is."""
    from credscore.stream import read_page_file

    if args.file == "-":
        html: bytes | None = sys.stdin.buffer.read()
    else:
        if not Path(args.file).exists():
            print(f"credscore: {args.file}: no such file", file=sys.stderr)
            return EXIT_INPUT
        page = read_page_file(args.file)
        if page.error is not None:
            print(f"credscore: {args.file}: {page.error}", file=sys.stderr)
            return EXIT_INPUT
        html = page.html
    scorer = _load_scorer(args)
    if isinstance(scorer, int):
        return scorer
    try:
        assessment = scorer.score_html(html or b"", url=args.url)
    except ImportError as error:  # no html extra
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    except (TypeError, ValueError) as error:
        print(f"credscore: cannot score {args.file}: {error}", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        print(json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_assessment(assessment)
    return EXIT_OK


# --------------------------------------------------------------------------- training


def _log_progress(quiet: bool) -> None:
    """Training's progress (its INFO log) on stderr, unless ``--quiet``."""
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )


def cmd_train(args: argparse.Namespace) -> int:
    from credscore.training.recipe import train

    _log_progress(args.quiet)
    card = train(
        args.data, args.out, evaluate=not args.no_evaluate, folds=args.folds,
        bootstrap=args.bootstrap,
    )  # fmt: skip
    print(json.dumps(card.get("metrics", {}), indent=2))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from credscore.training.datasets import load_collections
    from credscore.training.evaluation import evaluate_recipe, format_figures
    from credscore.training.recipe import build_classifier

    _log_progress(args.quiet)
    frame = load_collections(args.data).reset_index(drop=True)
    figures = evaluate_recipe(
        frame, build_classifier, folds=args.folds, bootstrap=args.bootstrap,
        progress=logging.getLogger("credscore.training").info,
    )  # fmt: skip
    figures.pop("_oof", None)
    print(json.dumps(figures, indent=2) if args.json else format_figures(figures))
    return EXIT_OK


def cmd_train_headlines(args: argparse.Namespace) -> int:
    from credscore.training.headline import build, write_weights

    _log_progress(args.quiet)
    try:
        weights, report = build(
            args.data, sources=args.sources, seed=args.seed, C=args.C,
            title_case=args.title_case, target_precision=args.target_precision,
            source_share=args.source_share,
        )  # fmt: skip
    except FileNotFoundError as error:  # --data, or a shared collection, is not there
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    path = write_weights(weights, args.out)
    chakraborty = report["chakraborty"]
    print(
        f"wrote {path} ({len(weights['ngram_weights'])} n-grams); Chakraborty held-out "
        f"accuracy {chakraborty['accuracy']:.4f}, ROC-AUC {chakraborty['roc_auc']:.4f}; at "
        f"threshold {weights['threshold']}: precision "
        f"{chakraborty['precision_at_threshold']:.4f}, recall "
        f"{chakraborty['recall_at_threshold']:.4f} (n={chakraborty['n']})"
    )
    source = report.get("source_labelled")
    if source:
        print(
            f"source-labelled headlines, publishers held out: ROC-AUC {source['roc_auc']:.4f} "
            f"(n={source['n']}, {source['publishers']} publishers); "
            + ", ".join(
                f"{name} {entry['roc_auc']:.4f}"
                for name, entry in source["collections"].items()
                if "roc_auc" in entry
            )
        )
    return EXIT_OK


def _check_data_paths(args: argparse.Namespace) -> int | None:
    """Exit code 2 with a sentence when a --data path does not exist, else None."""
    names = {"recovery", "fakenewsnet", "coaid", "fakenewscorpus", "perezrosas", "bbc", "allsides"}
    for path in args.data:
        if str(path) not in names and not Path(path).exists():
            print(f"credscore: --data {path}: no such file or folder", file=sys.stderr)
            return EXIT_INPUT
    return None


# --------------------------------------------------------------------------- sites

SOURCES_HELP = """\
Judge whole sites: score every article of a table (CSV, JSONL, Parquet) and write one row
per site (the URL's registered domain, or --source-column): n_articles, n_failed,
credibility with its 90%% interval (low, high), label ("unknown" below --min-articles),
text_credibility (articles alone), rating and rating_source (the bundled Lin et al. 2023
ratings unless told otherwise), top_cues (JSON) and note (caveats, and where raters and
text disagree strongly).
"""


def cmd_sources(args: argparse.Namespace) -> int:
    """``credscore sources``: profile every site of a table, one output row per site."""
    from credscore import stream

    fmt = args.format or _format_of(args.file)
    if fmt not in stream.FORMATS:
        print(
            f"credscore: {args.file}: sources reads a table (.csv, .jsonl, .parquet); "
            "name its format with --format",
            file=sys.stderr,
        )
        return EXIT_INPUT
    out_fmt = _table_output(args)
    if isinstance(out_fmt, int):
        return out_fmt
    scorer = _load_scorer(args)
    if isinstance(scorer, int):
        return scorer
    report = stream.StreamReport()
    try:
        profiler, read = _profile_table(args, fmt, scorer, report)
    except stream.InputError as error:
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    if not read:
        print(f"credscore: {args.file} holds no rows", file=sys.stderr)
        return EXIT_INPUT
    rows = profiler.rows()
    _write_site_rows(rows, args.output or "-", out_fmt)
    failed = sum(row["n_failed"] for row in rows)
    if (failed or report.skipped_lines) and not args.quiet:
        problems = [f"{failed} of {read} rows could not be scored"] if failed else []
        if report.skipped_lines:
            problems.append(f"{len(report.skipped_lines)} malformed CSV lines were skipped")
        print(
            f"credscore: {'; '.join(problems)} (each site's n_failed counts its own)",
            file=sys.stderr,
        )
    return EXIT_ROWS if failed or report.skipped_lines else EXIT_OK


def _profile_table(
    args: argparse.Namespace, fmt: str, scorer: Scorer, report: StreamReport
) -> tuple[SiteProfiler, int]:
    """Feed the table to a :class:`SiteProfiler` chunk by chunk; (profiler, rows read)."""
    from credscore import stream
    from credscore.sites import SiteProfiler

    profiler = SiteProfiler(scorer, min_articles=args.min_articles)
    plan = None
    read = 0
    for columns in stream.read_chunks(args.file, fmt, chunk_size=args.chunk_size, report=report):
        if plan is None:
            plan = _site_columns(args, [c for c in columns if c != stream.READ_ERROR_COLUMN])
        n = len(next(iter(columns.values())))
        profiler.add(
            _cells(columns, plan.text, n),
            _cells(columns, plan.title, n),
            _cells(columns, plan.url, n),
            _cells(columns, args.source_column, n) if args.source_column else None,
            n_jobs=args.jobs,
        )
        read += n
    return profiler, read


def _site_columns(args: argparse.Namespace, present: list[str]) -> ArticleColumns:
    """The article columns of a table for ``sources``; InputError names a missing one."""
    from credscore.batch import InputError, resolve_columns

    shown = ", ".join(map(str, present))
    try:
        plan = resolve_columns(
            present,
            text=args.text_column,
            title=args.title_column or None,
            url=args.url_column or None,
        )
    except InputError as error:
        raise InputError(f"{args.file}: {error}") from None
    if args.source_column and args.source_column not in present:
        raise InputError(
            f"{args.file} has no column {args.source_column!r} (columns: {shown}); "
            "name the right one with --source-column"
        )
    if plan.url is None and not args.source_column:
        raise InputError(
            f"{args.file} has no url column to group articles by site (columns: {shown}); "
            "name one with --url-column or --source-column"
        )
    return plan


def _cells(columns: dict[str, list[object]], name: str | None, n: int) -> list[object]:
    """A chunk's values of one column; all missing when the chunk lacks it."""
    values = columns.get(name) if name else None
    return values if values is not None else [None] * n


def _write_site_rows(rows: list[dict[str, object]], destination: str, fmt: str) -> None:
    """Site rows as CSV (empty cell = missing), JSONL (top_cues a real list) or Parquet."""
    import csv

    from credscore.cue import json_safe_text
    from credscore.sites import SITE_COLUMNS

    safe = [
        {k: json_safe_text(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows
    ]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(safe), destination)
        return
    to_stdout = destination == "-"
    handle = sys.stdout if to_stdout else open(destination, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        if fmt == "csv":
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(SITE_COLUMNS)
            for row in safe:
                writer.writerow(["" if row[name] is None else row[name] for name in SITE_COLUMNS])
        else:
            for row in safe:
                record = {**row, "top_cues": json.loads(str(row["top_cues"]))}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if to_stdout:
            handle.flush()
        else:
            handle.close()


def cmd_calibrate_sites(args: argparse.Namespace) -> int:
    """``credscore calibrate-sites``: fit the site model and write it into the model card."""
    from credscore.training.sites import DEFAULT_COLLECTIONS, calibrate_sites, format_site_figures

    _log_progress(args.quiet)
    section = calibrate_sites(
        args.data or list(DEFAULT_COLLECTIONS), args.model, folds=args.folds,
        draws=args.draws, seed=args.seed,
    )  # fmt: skip
    print(json.dumps(section, indent=2) if args.json else format_site_figures(section))
    return EXIT_OK


def _add_sites(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sources = commands.add_parser(
        "sources",
        help="judge whole sites: one row per site from a table of articles",
        description=SOURCES_HELP,
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources.add_argument("file", help="table of articles (CSV, JSONL, Parquet), or - for stdin")
    sources.add_argument(
        "--format", choices=TABLE_FORMATS, help="input format (default: from the extension)"
    )
    sources.add_argument("-o", "--output", help="output file (default: stdout)")
    sources.add_argument(
        "--to", choices=TABLE_FORMATS, help="output format (default: from -o's extension)"
    )
    sources.add_argument("--json", action="store_true", help="JSONL on stdout")
    sources.add_argument("--text-column", default="text", help="column with the body text")
    sources.add_argument(
        "--title-column", default="title", help="column with the headline (optional)"
    )
    sources.add_argument(
        "--url-column", default="url", help="column with the URL, whose site groups articles"
    )
    sources.add_argument(
        "--source-column", help="column naming each article's site (default: the URL's site)"
    )
    sources.add_argument(
        "--min-articles",
        type=int,
        default=3,
        help="articles a site needs for a label; fewer give 'unknown' (default 3)",
    )
    sources.add_argument("--model", help="model folder or file (default: the shipped model)")
    sources.add_argument(
        "--model-sha256", metavar="HEX", help="the SHA-256 the --model file must have"
    )
    ratings = sources.add_mutually_exclusive_group()
    ratings.add_argument(
        "--ratings", help="a ratings CSV added to the bundled Lin et al. 2023 ratings"
    )
    ratings.add_argument(
        "--no-ratings",
        action="store_true",
        help="no ratings at all: the site estimate rests on its articles alone",
    )
    sources.add_argument(
        "--chunk-size", type=int, default=500, help="articles held in memory at once (default 500)"
    )
    sources.add_argument(
        "-j", "--jobs", type=int, default=1, help="worker processes (-1: one per core)"
    )
    sources.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    sources.set_defaults(run=cmd_sources)

    calibrate = commands.add_parser(
        "calibrate-sites",
        help="fit the site model on held-out publishers and write it into the model card",
        description="Score every article of the --data collections with the recipe's model "
        "trained on the other publishers (GroupKFold on the site), fit how articles combine "
        "into a site estimate, measure it on held-out sites (ROC-AUC and Brier as articles "
        "per site grow, text-only and with the bundled ratings; interval coverage and width) "
        "and write the parameters and figures into --model's model_card.json and MODEL_CARD.md. "
        "The model file itself is not changed.",
    )
    calibrate.add_argument(
        "--data",
        action="append",
        metavar="PATH",
        help="a collection folder, table or name; repeat for several (default: recovery, "
        "fakenewsnet, fakenewscorpus, allsides, bbc under the shared data folder)",
    )
    calibrate.add_argument(
        "--model", default="models", help="model folder whose card to update (default: models/)"
    )
    calibrate.add_argument("--folds", type=int, default=5, help="site-grouped folds (5)")
    calibrate.add_argument(
        "--draws", type=int, default=20, help="random article subsets per site and size (20)"
    )
    calibrate.add_argument("--seed", type=int, default=0)
    calibrate.add_argument("--json", action="store_true", help="the card section as JSON")
    calibrate.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    calibrate.set_defaults(run=cmd_calibrate_sites, check=_check_site_data)


def _check_site_data(args: argparse.Namespace) -> int | None:
    """Exit code 2 with a sentence when a --data path does not exist or --model has no card."""
    if args.data:
        code = _check_data_paths(args)
        if code is not None:
            return code
    if not (Path(args.model) / "model_card.json").is_file():
        print(f"credscore: --model {args.model}: no model_card.json there", file=sys.stderr)
        return EXIT_INPUT
    return None


# --------------------------------------------------------------------------- parser


def _add_score(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    score = commands.add_parser(
        "score",
        help="score one article (text file) or a table of them (CSV, JSONL, Parquet)",
        description=SCORE_HELP,
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument(
        "file",
        help="text file (first line = title), table file, .html/.htm page or a folder of "
        "them, .warc/.warc.gz web archive, or - for stdin",
    )
    score.add_argument(
        "--format",
        choices=("text", *TABLE_FORMATS, *PAGE_FORMATS),
        help="input format (default: from the file extension, html for a folder; text for "
        "other names and -)",
    )
    score.add_argument("--title", help="headline of a text file (default: its first line)")
    score.add_argument("--url", help="where the text file's article or the page was published")
    score.add_argument("--model", help="model folder or file (default: the shipped model)")
    score.add_argument(
        "--model-sha256",
        metavar="HEX",
        help="the SHA-256 the --model file must have (vouches for a model that is not shipped)",
    )
    score.add_argument(
        "--ratings",
        help="a ratings CSV added to the bundled Lin et al. 2023 ratings "
        "(default: the bundled ratings and $CREDSCORE_RATINGS)",
    )
    score.add_argument(
        "--json", action="store_true", help="JSON for a text file; JSONL on stdout for a table"
    )
    table = score.add_argument_group("tables (CSV, JSONL, Parquet)")
    table.add_argument("-o", "--output", help="output file (default: stdout)")
    table.add_argument(
        "--to", choices=TABLE_FORMATS, help="output format (default: from -o's extension)"
    )
    table.add_argument("--text-column", default="text", help="column with the body text")
    table.add_argument(
        "--title-column", default="title", help="column with the headline (optional)"
    )
    table.add_argument("--url-column", default="url", help="column with the URL (optional)")
    table.add_argument(
        "--keep",
        type=_column_list,
        help="comma-separated input columns to copy to the output "
        "(default: all but the text; '' for none)",
    )
    table.add_argument(
        "--chunk-size", type=int, default=500, help="articles held in memory at once (default 500)"
    )
    table.add_argument(
        "-j", "--jobs", type=int, default=1, help="worker processes (-1: one per core)"
    )
    table.add_argument(
        "--top-cues", type=int, default=5, help="strongest cues kept per article (default 5)"
    )
    table.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no error summary"
    )
    table.add_argument(
        "--no-csv-guard",
        dest="csv_guard",
        action="store_false",
        help="write CSV cells starting with = + - @ (or a tab or carriage return) as they "
        "are; by default they get a leading ' so a spreadsheet shows them as text instead "
        "of running them as formulas (plain numbers such as -3 are left alone)",
    )
    score.set_defaults(run=cmd_score)


def _add_data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        required=True,
        metavar="PATH",
        help="a shared collection folder (e.g. ../shared/data/recovery), or a CSV/JSONL/"
        "Parquet table with text,label[,title,url,publisher]; repeat for several",
    )


def _add_training(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    train = commands.add_parser(
        "train",
        help="train a model on labelled collections and write it with its card",
        description="Fit the shipped recipe on every --data collection, evaluate it on "
        "publishers held out (unless --no-evaluate), and write credscore-model.joblib, "
        "model_card.json and MODEL_CARD.md into --out. Progress on stderr; the metrics "
        "as JSON on stdout.",
    )
    _add_data_argument(train)
    train.add_argument("--out", default="models", help="output folder (default: models/)")
    train.add_argument(
        "--no-evaluate",
        action="store_true",
        help="skip the publisher-grouped evaluation (faster; the card has no metrics)",
    )
    train.add_argument("--folds", type=int, default=5, help="publisher-grouped folds (5)")
    train.add_argument("--bootstrap", type=int, default=300, help="bootstrap resamples (300)")
    train.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    train.set_defaults(run=cmd_train, check=_check_data_paths)

    evaluate = commands.add_parser(
        "evaluate",
        help="print the recipe's held-out metrics without writing a model",
        description="Evaluate the shipped recipe on publishers it never saw (the model "
        "card's tables), without writing a model.",
    )
    _add_data_argument(evaluate)
    evaluate.add_argument("--folds", type=int, default=5, help="publisher-grouped folds (5)")
    evaluate.add_argument("--bootstrap", type=int, default=300, help="bootstrap resamples")
    evaluate.add_argument("--json", action="store_true", help="JSON instead of tables")
    evaluate.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    evaluate.set_defaults(run=cmd_evaluate, check=_check_data_paths)

    headlines = commands.add_parser(
        "train-headlines",
        help="train the headline model behind the clickbait_title cue",
        description="Fit the headline model on the Chakraborty et al. clickbait headlines and "
        "on headlines labelled by their publisher's reliability, report Chakraborty's held-out "
        "accuracy and the publisher-grouped ROC-AUC, and write clickbait_headline.json.",
    )
    headlines.add_argument(
        "--data", type=Path, required=True, help="the clickbait_chakraborty folder"
    )
    headlines.add_argument(
        "--out", type=Path, required=True, help="folder for clickbait_headline.json"
    )
    headlines.add_argument(
        "--sources",
        nargs="*",
        choices=("recovery", "fakenewsnet", "fakenewscorpus", "allsides", "perezrosas"),
        metavar="NAME",
        help="source-labelled collections to learn the hyperpartisan register from, read "
        "from ../shared/data or $CREDSCORE_SHARED_DATA (default: recovery fakenewsnet "
        "fakenewscorpus; also allsides, perezrosas; none given: Chakraborty only)",
    )
    headlines.add_argument(
        "--source-share",
        type=float,
        default=0.5,
        help="total weight of the source-labelled headlines, as a share of Chakraborty's (0.5)",
    )
    headlines.add_argument("--seed", type=int, default=0)
    headlines.add_argument("--C", type=float, default=10.0, help="inverse L2 regularisation")
    headlines.add_argument(
        "--target-precision", type=float, default=0.99, help="out-of-fold precision to fire at"
    )
    headlines.add_argument(
        "--title-case",
        action="store_true",
        help="also learn the Title-Case share (a source leak; for comparison only)",
    )
    headlines.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    headlines.set_defaults(run=cmd_train_headlines)


def build_parser() -> argparse.ArgumentParser:
    """The ``credscore`` parser with one subcommand per job."""
    from credscore import __version__

    parser = argparse.ArgumentParser(
        prog="credscore",
        description="How far a news article, and the site that published it, can be trusted.",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"credscore {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_score(commands)
    _add_training(commands)
    _add_sites(commands)
    add_serve_parser(commands)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line (``argparse`` exits 2 with a message on a bad one)."""
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns its exit code (see ``credscore --help``)."""
    args = parse_args(argv)
    check: Callable[[argparse.Namespace], int | None] | None = getattr(args, "check", None)
    try:
        code = check(args) if check is not None else None
        if code is None:
            code = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `credscore score big.csv | head`: the reader has gone
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("credscore: interrupted", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print(
            "credscore: internal error (the traceback above); please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return int(code)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    raise SystemExit(main())
