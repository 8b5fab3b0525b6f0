"""What the scoring process holds in memory, step by step (resident set size, psutil).

All steps run in order in one fresh interpreter: imports, loading the shipped model, the first
score (which builds the spelling tables from the wordfreq list), and pandas with pyarrow
for comparison, since the streaming CLI no longer imports them for CSV and JSONL.

Run: python benchmarks/bench_memory_parts.py
"""

from __future__ import annotations

import gc

import psutil


def main() -> None:
    process = psutil.Process()

    def rss() -> float:
        gc.collect()
        return process.memory_info().rss / 1e6

    steps = []
    before = start = rss()
    import credscore.api  # noqa: F401  (the interpreter's own start is in `start`)

    steps.append(("import credscore.api", rss()))
    from credscore.api import Scorer

    scorer = Scorer()
    steps.append(("load the shipped model", rss()))
    scorer.score(
        # "goverment" makes the misspelling cue build its neighbour index, as real text will.
        "The council said on Monday that the bridge would reopen in May, after the "
        "goverment paid for repairs to its supports, which took longer than planned.",
        title="Bridge to reopen in May",
    )
    steps.append(("first score (spelling tables built)", rss()))
    scored = steps[-1][1]
    import pandas  # noqa: F401

    steps.append(("import pandas (and pyarrow, if installed)", rss()))

    print(f"  {'interpreter at start':<42} {start:6.0f} MB")
    for name, value in steps:
        print(f"  {name:<42} {value - before:+6.0f} MB")
        before = value
    print(f"  {'ready to score, in all':<42} {scored:6.0f} MB")


if __name__ == "__main__":
    main()
