"""Where score_frame's time goes: each step of Scorer.score_many, per ~600-word article.

Wraps the steps the one scoring path calls (building the Article, finding the cues, the
model's decomposition with its vocabulary part, the source, the notes, the top-cues JSON)
with timers, runs score_frame a few times and prints the fastest run's split. Per-word memos
are cleared before each run, as in bench_throughput.py.

Run: python benchmarks/bench_score_steps.py [--n 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from _articles import articles, clear_word_caches

from credscore import api, batch
from credscore.article import Article
from credscore.model import CredibilityModel

# (label, object holding the function, attribute name)
STEPS: tuple[tuple[str, Any, str], ...] = (
    ("Article.from_cells", Article, "from_cells"),
    ("cues (analyse_block)", api, "analyse_block"),
    ("model.decompose", CredibilityModel, "decompose"),
    ("source (assess_source)", api, "assess_source"),
    ("notes (language check)", api, "_notes"),
    ("top-cues JSON", batch, "top_cues_json"),
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
    scorer = api.Scorer()
    batch.score_frame(frame.iloc[:50], scorer=scorer)  # word lists and lazy tables built
    best: dict[str, float] | None = None
    for _ in range(args.repeat):
        totals = dict.fromkeys([label for label, _, _ in STEPS], 0.0)
        originals = [(owner, name, owner.__dict__[name]) for _, owner, name in STEPS]
        for (label, owner, name), (_, _, original) in zip(STEPS, originals, strict=True):
            wrapped = timed(getattr(owner, name), totals, label)
            if isinstance(original, classmethod):
                wrapped = classmethod(timed(original.__func__, totals, label))
            setattr(owner, name, wrapped)
        clear_word_caches()
        try:
            started = time.perf_counter()
            batch.score_frame(frame, scorer=scorer)
            totals["total"] = time.perf_counter() - started
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)
        if best is None or totals["total"] < best["total"]:
            best = totals
    assert best is not None
    per = {name: seconds / args.n * 1e6 for name, seconds in best.items()}
    print(
        f"score_frame on {args.n} articles ({frame.attrs['distinct']} distinct) from "
        f"{frame.attrs['origin']}, fastest of {args.repeat}: {per['total']:,.0f} µs/article"
    )
    for label, _, _ in STEPS:
        print(f"  {label:<24} {per[label]:7.1f} µs  {per[label] / per['total']:5.1%}")
    other = per["total"] - sum(per[label] for label, _, _ in STEPS)
    print(f"  {'(the rest)':<24} {other:7.1f} µs  {other / per['total']:5.1%}")
    print(f"  then, per article, what the service answers: {answer_cost(frame, scorer):,.0f} µs")


def answer_cost(frame: Any, scorer: api.Scorer, n: int = 300) -> float:
    """µs per article of ``Assessment.to_dict()`` (reasons included), the service's answer,
    on top of the score: best of 3 rounds over the first ``n`` articles, each round on
    assessments scored afresh (an assessment builds its contributions dict once)."""
    rows = list(zip(frame["text"][:n], frame["title"][:n], strict=True))
    best = float("inf")
    for _ in range(3):
        assessments = [
            scorer.score(text, title=title if isinstance(title, str) else None)
            for text, title in rows
        ]
        started = time.perf_counter()
        for assessment in assessments:
            assessment.to_dict()
        best = min(best, time.perf_counter() - started)
    return best / len(rows) * 1e6


if __name__ == "__main__":
    main()
