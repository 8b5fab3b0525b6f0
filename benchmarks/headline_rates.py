"""How often the clickbait_title cue fires on each shared collection's titles, by label and lean.

The headline-only companion of ``cue_rates.py``: it runs ``clickbait_title.find`` on the
titles alone (the cue reads nothing else), so it takes seconds, and it adds what the false-flag
rule needs beyond a rate per label: AllSides' reliable outlets split by their AllSides lean
(left / center / right), because a headline model trained on source labels could learn that
conservative vocabulary means unreliable::

    python benchmarks/headline_rates.py                 # rates per collection, label and lean
    python benchmarks/headline_rates.py --show 30       # firings on reliable titles, to read
    python benchmarks/headline_rates.py --show 30 --label 0

Collections are read from ``../shared/data`` by the training loaders, rows uncleaned, and a
collection that is absent is skipped.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import pandas as pd

COLLECTIONS = ("recovery", "fakenewsnet", "allsides", "bbc", "fakenewscorpus", "perezrosas")


def load(name: str) -> pd.DataFrame | None:
    """Columns ``title``, ``label`` (1 reliable, 0 not) and ``group`` (label, or label/lean).

    Read by the training loaders (labels mapped as training maps them), rows uncleaned.
    """
    from credscore.training import datasets

    try:
        frame = datasets.load_collections([name], clean_rows=False)
    except FileNotFoundError:
        return None
    out = frame[["title", "label"]].assign(title=frame["title"].fillna("").astype(str))
    out = out[out["title"].str.strip() != ""].copy()
    out["label"] = out["label"].astype(int)
    out["group"] = out["label"].astype(str)
    if "lean" in frame:
        lean = frame.loc[out.index, "lean"].fillna("").astype(str)
        out["group"] = out["group"].where(lean == "", out["group"] + "/" + lean)
    return out


def main(argv: list[str] | None = None) -> int:
    from credscore.article import Article
    from credscore.cues import clickbait_title

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection", action="append", choices=sorted(COLLECTIONS))
    parser.add_argument("--show", type=int, default=0, help="firings printed (to stderr)")
    parser.add_argument("--label", type=int, default=1, help="label whose firings --show prints")
    args = parser.parse_args(argv)
    print(f"{'collection':<15}{'group':>14}{'n':>7}{'fired':>7}{'rate':>8}")
    shown = 0
    for name in args.collection or COLLECTIONS:
        frame = load(name)
        if frame is None:
            print(f"{name}: absent, skipped", file=sys.stderr)
            continue
        totals: Counter[str] = Counter()
        fired: Counter[str] = Counter()
        for title, label, group in zip(frame["title"], frame["label"], frame["group"], strict=True):
            cues = clickbait_title.find(Article(".", str(title)))
            for key in {str(label), group}:
                totals[key] += 1
                fired[key] += bool(cues)
            if cues and label == args.label and shown < args.show:
                shown += 1
                print(f"  [{name}] {cues[0].evidence!r}: {cues[0].message}", file=sys.stderr)
        for key in sorted(totals, key=lambda k: (-int(k[0]), k)):
            rate = fired[key] / totals[key]
            print(f"{name:<15}{key:>14}{totals[key]:>7}{fired[key]:>7}{rate:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
