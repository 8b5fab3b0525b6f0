"""The `credscore` command: argument parsing only; the work is done by the package's functions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from credscore.serve import add_parser as add_serve_parser

#: Exit codes shared by every credscore command.
EXIT_OK, EXIT_ROWS, EXIT_INPUT, EXIT_MODEL = 0, 1, 2, 3
TABLE_FORMATS = ("csv", "jsonl", "parquet")

SCORE_HELP = """\
Score one article (a text file whose first line is the title) or a table of articles.

Tables are read and written in chunks, so memory stays flat however long the file; the
output has a `row` column (position in the input), the kept input columns, and
credibility, label, top_cues (JSON), error (why a row could not be scored) and notes
(JSON list of caveats: text truncated for analysis, text not in English).

exit codes: 0 all scored; 1 some rows not scored (see their error column) or malformed
CSV lines skipped; 2 missing or unreadable input, missing column, bad option; 3 the
model could not be loaded.
"""


def _column_list(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _read_article(path: str) -> tuple[str, str]:
    """(title, text) of a text file or stdin ('-'): first line is the title."""
    raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    title, _, text = raw.partition("\n")
    return title.strip(), text if text.strip() else title


def _print_assessment(assessment, *, width: int = 100) -> None:
    from credscore.api import json_safe_text  # lone surrogates (from argv) cannot be printed

    print(
        f"credibility {assessment.credibility:.3f}  ({assessment.label}; "
        f"model {assessment.model_version})"
    )
    if assessment.domain:
        rating = (
            "unrated" if assessment.source_rating is None else f"{assessment.source_rating:.2f}"
        )
        print(
            f"source      {json_safe_text(assessment.domain)}  rating {rating}  "
            f"log-odds {assessment.source_log_odds:+.2f}"
        )
    for note in assessment.notes:
        print(f"note        {note}")
    print()
    if not assessment.cues:
        print("no cues found")
    for cue in assessment.cues:
        evidence = " ".join(cue.evidence.split())
        if len(evidence) > 60:
            evidence = evidence[:57] + "..."
        weight = "" if cue.weight is None else f"{cue.weight:+.2f}"
        print(f"{weight:>6}  {cue.kind:<18} {cue.field}[{cue.start}:{cue.end}]  {evidence!r}")
        print(f"{'':8}{json_safe_text(cue.message)}"[:width])


def cmd_score(args: argparse.Namespace) -> int:
    fmt = args.format or _format_of(args.file)
    if fmt == "text":
        return _score_text(args)
    return _score_table(args, fmt)


def _load_scorer(args: argparse.Namespace):
    """The scorer, or None after printing why the model could not be loaded."""
    from credscore.api import Scorer

    try:
        return Scorer(args.model, ratings=args.ratings)
    except (OSError, ValueError) as error:  # missing file, ModelIntegrityError, bad ratings
        print(f"credscore: cannot load the model: {error}", file=sys.stderr)
        return None


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
    if scorer is None:
        return EXIT_MODEL
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

    out_fmt = args.to or (_format_of(args.output) if args.output else None)
    if out_fmt is None:
        out_fmt = "jsonl" if args.json else "csv"
    if out_fmt not in stream.FORMATS:
        print(
            f"credscore: cannot write {out_fmt!r}; use --to csv, jsonl or parquet", file=sys.stderr
        )
        return EXIT_INPUT
    if out_fmt == "parquet" and not args.output:
        print("credscore: Parquet output needs a file: add -o OUT.parquet", file=sys.stderr)
        return EXIT_INPUT
    if args.file != "-" and not Path(args.file).is_file():
        print(f"credscore: {args.file}: no such file", file=sys.stderr)
        return EXIT_INPUT
    scorer = _load_scorer(args)
    if scorer is None:
        return EXIT_MODEL
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
        )
    except stream.InputError as error:
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # e.g. `credscore score big.csv | head`
        _silence_stdout()
        return EXIT_OK
    if report.any_failed and not args.quiet:
        print(f"credscore: {report.summary()}", file=sys.stderr)
    return EXIT_ROWS if report.any_failed else EXIT_OK


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _format_of(path: str) -> str:
    """Input/output format from a file name: csv, jsonl, parquet, else text."""
    return {
        ".csv": "csv",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".parquet": "parquet",
        ".pq": "parquet",
    }.get(Path(path).suffix.lower(), "text")


def cmd_train(args: argparse.Namespace) -> int:
    from credscore.train import main as train_main

    return train_main(args.rest)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from credscore.evaluation import main as evaluate_main

    return evaluate_main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="credscore", description="Credibility of news articles.")
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser(
        "score",
        help="score one article (text file) or a table of them (CSV, JSONL, Parquet)",
        description=SCORE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("file", help="text file (first line = title), table file, or - for stdin")
    score.add_argument(
        "--format",
        choices=("text", *TABLE_FORMATS),
        help="input format (default: from the file extension; text for other names and -)",
    )
    score.add_argument("--title", help="headline of a text file (default: its first line)")
    score.add_argument("--url", help="where the text file's article was published")
    score.add_argument("--model", help="model folder or file (default: the shipped model)")
    score.add_argument("--ratings", help="source ratings CSV (default: $CREDSCORE_RATINGS)")
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
    score.set_defaults(run=cmd_score)
    for name, run, text in (
        ("train", cmd_train, "train a model: credscore train --data PATH --out models/"),
        ("evaluate", cmd_evaluate, "print publisher-grouped metrics for the recipe"),
    ):
        sub = commands.add_parser(name, help=text, add_help=False)
        sub.add_argument("rest", nargs=argparse.REMAINDER)
        sub.set_defaults(run=run)
    add_serve_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns its exit code (see ``credscore score --help``)."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
