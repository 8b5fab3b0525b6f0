"""How often the clickbait_title cue fires on each shared collection's titles, by label and lean.

The headline-only companion of ``cue_rates.py``: it runs ``clickbait_title.find`` on the
titles alone (the cue reads nothing else), so it takes seconds, and it adds what the false-flag
rule needs beyond a rate per label: AllSides' reliable outlets split by their AllSides lean
(left / center / right), because a headline model trained on source labels could learn that
conservative vocabulary means unreliable::

    python benchmarks/headline_rates.py                 # rates per collection, label and lean
    python benchmarks/headline_rates.py --show 30       # firings on reliable titles, to read
    python benchmarks/headline_rates.py --show 30 --label 0

Files are read raw from ``../shared/data`` (no cleaning), as ``cue_rates.py`` reads them, and a
collection that is absent is skipped.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# name -> (files, title column, label column); label values map through _LABELS.
COLLECTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "recovery": (("recovery/recovery_news_by_site.csv",), "title", "reliability"),
    "fakenewsnet": (("fakenewsnet_v1/fakenewsnet_v1_content.csv",), "title", "label"),
    "allsides": (
        (
            "allsides_baly2020/allsides_rated_part1.csv",
            "allsides_baly2020/allsides_rated_part2.csv",
        ),
        "title",
        "label",
    ),
    "bbc": (("bbc_news_greene2006/bbc_news.csv",), "title", "label"),
    "fakenewscorpus": (("fakenewscorpus_sample/news_sample.csv",), "title", "type"),
    "perezrosas": (("perezrosas2018_fakenews/perezrosas2018.csv",), "title", "label"),
}
_LABELS = {
    "1": 1, "real": 1, "legit": 1, "reliable": 1, "political": 1,
    "0": 0, "fake": 0, "conspiracy": 0, "junksci": 0, "hate": 0, "unreliable": 0,
    "bias": 0, "satire": 0, "clickbait": 0, "rumor": 0, "state": 0,
}  # fmt: skip


def _label(value: object) -> int | None:
    text = str(value).strip().lower()
    return _LABELS.get(text.removesuffix(".0"))


def load(name: str) -> pd.DataFrame | None:
    """Columns ``title``, ``label`` (1 reliable, 0 not) and ``group`` (label, or label/lean)."""
    files, title_column, label_column = COLLECTIONS[name]
    paths = [SHARED / file for file in files]
    if not all(path.is_file() for path in paths):
        return None
    frame = pd.concat([pd.read_csv(path) for path in paths], ignore_index=True)
    out = pd.DataFrame(
        {
            "title": frame[title_column].where(frame[title_column].notna(), ""),
            "label": frame[label_column].map(_label),
        }
    )
    out = out[out["label"].notna() & (out["title"].astype(str).str.strip() != "")]
    out["label"] = out["label"].astype(int)
    out["group"] = out["label"].astype(str)
    if "allsides_bias" in frame:
        out["group"] = out["group"] + "/" + frame.loc[out.index, "allsides_bias"].astype(str)
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
