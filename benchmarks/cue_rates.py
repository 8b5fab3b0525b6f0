"""How often each cue fires on the shared collections, by label: the false-flag check.

A lowering cue that fires on reliable outlets' articles accuses them; this prints, for each
collection and label, the share of articles on which each cue kind fires::

    python benchmarks/cue_rates.py                       # every collection present
    python benchmarks/cue_rates.py --collection allsides --kind name_variant --show 20

``--show N`` prints up to N firings of ``--kind`` on reliable (label 1) articles with their
evidence and message, to read what a cue accuses. Collections are read raw from
``../shared/data`` (no cleaning), and skipped when absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# name -> (files, text column, title column, label column, value -> 1/0)
COLLECTIONS = {
    "recovery": (("recovery/recovery_news_by_site.csv",), "body_text", "title", "reliability"),
    "fakenewsnet": (("fakenewsnet_v1/fakenewsnet_v1_content.csv",), "text", "title", "label"),
    "allsides": (
        (
            "allsides_baly2020/allsides_rated_part1.csv",
            "allsides_baly2020/allsides_rated_part2.csv",
        ),
        "text",
        "title",
        "label",
    ),
    "bbc": (("bbc_news_greene2006/bbc_news.csv",), "text", "title", "label"),
    "fakenewscorpus": (("fakenewscorpus_sample/news_sample.csv",), "content", "title", "type"),
    "perezrosas": (("perezrosas2018_fakenews/perezrosas2018.csv",), "text", "title", "label"),
}
_LABELS = {
    "1": 1, "real": 1, "legit": 1, "reliable": 1, "political": 1,
    "0": 0, "fake": 0, "conspiracy": 0, "junksci": 0, "hate": 0, "unreliable": 0,
    "bias": 0, "satire": 0, "clickbait": 0, "rumor": 0, "state": 0,
}  # fmt: skip


def _label(value: object) -> int | None:
    text = str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    return _LABELS.get(text)


def load(name: str, limit: int | None):
    """(text, title, url, label) rows of one collection, or None when it is absent."""
    import pandas as pd

    files, text_column, title_column, label_column = COLLECTIONS[name]
    paths = [SHARED / file for file in files]
    if not all(path.is_file() for path in paths):
        return None
    frame = pd.concat([pd.read_csv(path) for path in paths], ignore_index=True)
    if limit:
        frame = frame.sample(n=min(limit, len(frame)), random_state=0)
    rows = []
    for text, title, label in zip(
        frame[text_column], frame[title_column], frame[label_column], strict=True
    ):
        mapped = _label(label)
        if mapped is None or not isinstance(text, str) or not text.strip():
            continue
        rows.append((text, title if isinstance(title, str) else None, mapped))
    return rows


def main(argv: list[str] | None = None) -> int:
    import credscore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection", action="append", choices=sorted(COLLECTIONS))
    parser.add_argument("--limit", type=int, help="score a random sample of this many rows")
    parser.add_argument("--kind", help="cue kind whose firings --show prints")
    parser.add_argument("--show", type=int, default=0, help="firings on reliable articles shown")
    parser.add_argument("--label", type=int, default=1, help="label whose firings --show prints")
    args = parser.parse_args(argv)
    site_kinds = {"lookalike_domain", "low_rated_source", "high_rated_source", "unrated_source"}
    kinds = [kind for kind in credscore.CUE_KINDS if kind not in site_kinds]
    print(f"{'collection':<15}{'label':>6}{'n':>7}" + "".join(f"{k[:12]:>13}" for k in kinds))
    shown = 0
    for name in args.collection or COLLECTIONS:
        rows = load(name, args.limit)
        if rows is None:
            print(f"{name}: absent, skipped", file=sys.stderr)
            continue
        fired: dict[int, Counter[str]] = {0: Counter(), 1: Counter()}
        totals: Counter[int] = Counter()
        for text, title, label in rows:
            cues = credscore.extract(text, title=title)
            totals[label] += 1
            fired[label].update({cue.kind for cue in cues})
            if args.kind and label == args.label and shown < args.show:
                for cue in cues:
                    if cue.kind == args.kind and shown < args.show:
                        shown += 1
                        evidence = " ".join(cue.evidence.split())[:100]
                        print(f"  [{name}] {evidence!r}: {cue.message}", file=sys.stderr)
        for label in (1, 0):
            if totals[label]:
                rates = "".join(f"{fired[label][k] / totals[label]:>13.3f}" for k in kinds)
                print(f"{name:<15}{label:>6}{totals[label]:>7}{rates}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
