"""Snapshot every shared article's score and cues, or compare two snapshots.

A refactoring that should not change what credscore says is checked with it: save a
snapshot before, another after, and compare (log-odds within 1e-12, identical cues)::

    python benchmarks/compare_scores.py save before.jsonl      # on the old tree
    python benchmarks/compare_scores.py save after.jsonl       # on the new tree
    python benchmarks/compare_scores.py compare before.jsonl after.jsonl

The articles are every row of ReCOVery and FakeNewsNet v1 in ``../shared/data`` (read raw,
with title and URL, so the source judgement is exercised too), scored by the shipped model
without ratings. The snapshot holds numbers and cue spans, never article text.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
COLLECTIONS = (
    ("recovery", "recovery/recovery_news_by_site.csv", "body_text"),
    ("fakenewsnet", "fakenewsnet_v1/fakenewsnet_v1_content.csv", "text"),
)
TOLERANCE = 1e-12


def _rows():
    import pandas as pd

    for name, relative, text_column in COLLECTIONS:
        frame = pd.read_csv(SHARED / relative)
        for position, row in enumerate(frame.itertuples(index=False)):
            text = getattr(row, text_column)
            if not isinstance(text, str) or not text.strip():
                continue
            title = row.title if isinstance(row.title, str) else None
            url = row.url if isinstance(row.url, str) else None
            yield f"{name}:{position}", text, title, url


def save(path: Path) -> int:
    """Score every article and write one JSON line per article."""
    import credscore

    scorer = credscore.Scorer(ratings=None)
    with path.open("w", encoding="utf-8") as out:
        for key, text, title, url in _rows():
            assessment = scorer.score(text, title=title, url=url)
            record = {
                "id": key,
                "log_odds": assessment.log_odds,
                "label": assessment.label,
                "cues": [
                    [cue.kind, cue.field, cue.start, cue.end, cue.weight] for cue in assessment.cues
                ],
            }
            out.write(json.dumps(record) + "\n")
    return 0


def _load(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {record["id"]: record for record in map(json.loads, handle)}


def compare(before_path: Path, after_path: Path) -> int:
    """Print the largest log-odds difference and every article whose cues changed."""
    before, after = _load(before_path), _load(after_path)
    if before.keys() != after.keys():
        print(f"different articles: {len(before)} vs {len(after)}")
        return 1
    worst, changed = 0.0, []
    for key, old in before.items():
        new = after[key]
        worst = max(worst, abs(old["log_odds"] - new["log_odds"]))
        old_cues = [cue[:4] for cue in old["cues"]]
        new_cues = [cue[:4] for cue in new["cues"]]
        weights_differ = any(
            not math.isclose(a[4] or 0.0, b[4] or 0.0, abs_tol=TOLERANCE)
            for a, b in zip(old["cues"], new["cues"], strict=False)
        )
        if sorted(old_cues) != sorted(new_cues) or weights_differ:
            changed.append(key)
    print(f"{len(before)} articles; largest log-odds difference {worst:.3g}")
    print(f"articles whose cues or cue weights changed: {len(changed)} {changed[:10]}")
    return 0 if worst <= TOLERANCE and not changed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("save").add_argument("out", type=Path)
    compare_parser = commands.add_parser("compare")
    compare_parser.add_argument("before", type=Path)
    compare_parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "save":
        return save(args.out)
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
