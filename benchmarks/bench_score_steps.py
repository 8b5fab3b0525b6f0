"""Where score_frame's time goes: each step of scoring one block, per ~600-word article.

Wraps the steps `credscore.batch` calls (building the Article, the cues, the model's
batched log-odds with its vocabulary part, the source, the language notes, the top-cues
JSON) with timers, runs score_frame a few times and prints the fastest run's split.

Run: python benchmarks/bench_score_steps.py [--n 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from _articles import articles

from credscore import batch
from credscore.api import Scorer

STEPS = (
    "_make_article",
    "analyse",
    "_weighted_text_cues",
    "_assess_source",
    "article_notes",
    "_top_cues_json",
)


def timed(function: Callable[..., Any], totals: dict[str, float], name: str) -> Callable:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    frame = articles(args.n)
    scorer = Scorer()
    batch.score_frame(frame, scorer=scorer)  # lexicons, lazy tables and caches warm
    names = (*STEPS, "model.log_odds")
    best: dict[str, float] | None = None
    for _ in range(args.repeat):
        totals = dict.fromkeys(names, 0.0)
        originals = {name: getattr(batch, name) for name in STEPS}
        for name, function in originals.items():
            setattr(batch, name, timed(function, totals, name))
        scorer.model.log_odds = timed(
            type(scorer.model).log_odds.__get__(scorer.model), totals, "model.log_odds"
        )
        try:
            started = time.perf_counter()
            batch.score_frame(frame, scorer=scorer)
            totals["total"] = time.perf_counter() - started
        finally:
            for name, function in originals.items():
                setattr(batch, name, function)
            del scorer.model.log_odds
        if best is None or totals["total"] < best["total"]:
            best = totals
    assert best is not None
    per = {name: seconds / args.n * 1e6 for name, seconds in best.items()}
    print(
        f"score_frame on {args.n} articles from {frame.attrs['origin']}, fastest of "
        f"{args.repeat}: {per['total']:,.0f} µs/article"
    )
    for name in names:
        share = per[name] / per["total"]
        print(f"  {name:<22} {per[name]:7.1f} µs  {share:5.1%}")
    other = per["total"] - sum(per[name] for name in names)
    print(f"  {'(the rest)':<22} {other:7.1f} µs  {other / per['total']:5.1%}")


if __name__ == "__main__":
    main()
