"""The `credscore` command: argument parsing only; the work is done by the package's functions.

One parser with a subcommand per job (``score``, ``train``, ``evaluate``,
``train-headlines``), each with its own ``--help``. :func:`parse_args` builds the namespace
apart from :func:`main`, so tests and other programs can check arguments without running
anything. Training commands import the training side only when they run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from credscore.api import Assessment, Scorer

#: Exit codes shared by every credscore command.
EXIT_OK, EXIT_ROWS, EXIT_INPUT, EXIT_MODEL, EXIT_RATINGS = 0, 1, 2, 3, 4
#: An error credscore did not expect (a bug): never confused with "some rows not scored".
EXIT_INTERNAL = 70
TABLE_FORMATS = ("csv", "jsonl", "parquet")
_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}

SCORE_HELP = """\
Score one article (a text file whose first line is the title) or a table of articles.

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
        print(f"note        {json_safe_text(note)}")
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
    from credscore.source import SourceRatings

    try:
        ratings = SourceRatings.from_csv(args.ratings) if args.ratings else SourceRatings.from_env()
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

    out_fmt = args.to or (_format_of(args.output) if args.output else None)
    if out_fmt is None:
        out_fmt = "jsonl" if args.json else "csv"
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
    if args.file != "-" and not Path(args.file).is_file():
        print(f"credscore: {args.file}: no such file", file=sys.stderr)
        return EXIT_INPUT
    try:
        stream.check_destination(args.file, args.output or "-")  # before loading the model
    except stream.InputError as error:
        print(f"credscore: {error}", file=sys.stderr)
        return EXIT_INPUT
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


def _format_of(path: str) -> str:
    """Input/output format from a file name: csv, jsonl, parquet, else text."""
    return _SUFFIX_FORMATS.get(Path(path).suffix.lower(), "text")


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
    weights, report = build(
        args.data, seed=args.seed, C=args.C, title_case=args.title_case,
        target_precision=args.target_precision,
    )  # fmt: skip
    path = write_weights(weights, args.out)
    print(
        f"wrote {path} ({len(weights['ngram_weights'])} n-grams); held-out accuracy "
        f"{report['accuracy']:.4f}, ROC-AUC {report['roc_auc']:.4f}; at threshold "
        f"{weights['threshold']}: precision {report['precision_at_threshold']:.4f}, "
        f"recall {report['recall_at_threshold']:.4f} (n={report['n']})"
    )
    return EXIT_OK


def _check_data_paths(args: argparse.Namespace) -> int | None:
    """Exit code 2 with a sentence when a --data path does not exist, else None."""
    names = {"recovery", "fakenewsnet", "coaid", "fakenewscorpus", "perezrosas"}
    for path in args.data:
        if str(path) not in names and not Path(path).exists():
            print(f"credscore: --data {path}: no such file or folder", file=sys.stderr)
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
    score.add_argument("file", help="text file (first line = title), table file, or - for stdin")
    score.add_argument(
        "--format",
        choices=("text", *TABLE_FORMATS),
        help="input format (default: from the file extension; text for other names and -)",
    )
    score.add_argument("--title", help="headline of a text file (default: its first line)")
    score.add_argument("--url", help="where the text file's article was published")
    score.add_argument("--model", help="model folder or file (default: the shipped model)")
    score.add_argument(
        "--model-sha256",
        metavar="HEX",
        help="the SHA-256 the --model file must have (vouches for a model that is not shipped)",
    )
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
        description="Fit the headline model on the Chakraborty et al. clickbait headlines, "
        "report held-out accuracy and ROC-AUC, and write clickbait_headline.json.",
    )
    headlines.add_argument(
        "--data", type=Path, required=True, help="the clickbait_chakraborty folder"
    )
    headlines.add_argument(
        "--out", type=Path, required=True, help="folder for clickbait_headline.json"
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
