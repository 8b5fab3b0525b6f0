"""The `credscore` command: argument parsing only; the work is done by the package's functions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def _read_article(path: str) -> tuple[str, str]:
    """(title, text) of a text file or stdin ('-'): first line is the title."""
    raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    title, _, text = raw.partition("\n")
    return title.strip(), text if text.strip() else title


def _print_assessment(assessment, *, width: int = 100) -> None:
    print(
        f"credibility {assessment.credibility:.3f}  ({assessment.label}; "
        f"model {assessment.model_version})"
    )
    if assessment.domain:
        rating = (
            "unrated" if assessment.source_rating is None else f"{assessment.source_rating:.2f}"
        )
        print(
            f"source      {assessment.domain}  rating {rating}  "
            f"log-odds {assessment.source_log_odds:+.2f}"
        )
    print()
    if not assessment.cues:
        print("no cues found")
    for cue in assessment.cues:
        evidence = " ".join(cue.evidence.split())
        if len(evidence) > 60:
            evidence = evidence[:57] + "..."
        weight = "" if cue.weight is None else f"{cue.weight:+.2f}"
        print(f"{weight:>6}  {cue.kind:<18} {cue.field}[{cue.start}:{cue.end}]  {evidence!r}")
        print(f"{'':8}{cue.message}"[:width])


def cmd_score(args: argparse.Namespace) -> int:
    from credscore.api import Scorer

    try:
        title, text = _read_article(args.file)
    except OSError as error:
        print(f"credscore: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    scorer = Scorer(args.model, ratings=args.ratings)
    assessment = scorer.score(text, title=args.title or title or None, url=args.url)
    if args.json:
        print(json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_assessment(assessment)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from credscore.train import main as train_main

    return train_main(args.rest)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from credscore.evaluation import main as evaluate_main

    return evaluate_main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="credscore", description="Credibility of news articles.")
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score", help="score an article (text file, first line = title)")
    score.add_argument("file", help="path to a text file, or - for standard input")
    score.add_argument("--title", help="headline (default: the file's first line)")
    score.add_argument("--url", help="where the article was published")
    score.add_argument("--model", help="model folder or file (default: the shipped model)")
    score.add_argument("--ratings", help="source ratings CSV (default: $CREDSCORE_RATINGS)")
    score.add_argument("--json", action="store_true", help="print the assessment as JSON")
    score.set_defaults(run=cmd_score)
    for name, run, text in (
        ("train", cmd_train, "train a model: credscore train --data PATH --out models/"),
        ("evaluate", cmd_evaluate, "print publisher-grouped metrics for the recipe"),
    ):
        sub = commands.add_parser(name, help=text, add_help=False)
        sub.add_argument("rest", nargs=argparse.REMAINDER)
        sub.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
