"""Throughput of score_frame against two TF-IDF + logistic regression baselines.

The baselines are what a user tries first, ``TfidfVectorizer()`` (unigrams) + LR, and the
field's stronger word-pair variant (1-2 grams, sublinear tf). All run on the same distinct
~600-word articles in the same process, rounds interleaved, so machine load affects them
alike; the figures to read are the ratios. Before each credscore round its per-word memos
are cleared, so no round is scored from the previous round's answers about the same words.

Run: python benchmarks/bench_throughput.py [--n 4000] [--repeat 5] [--model DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from collections.abc import Callable
from functools import partial

from _articles import articles, clear_word_caches
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from credscore.api import Scorer
from credscore.batch import score_frame


def best_rates(runs: dict[str, Callable[[], object]], n: int, repeat: int) -> dict[str, float]:
    """Articles per second of each run's fastest of ``repeat`` rounds.

    Rounds interleave the runs (A, B, C, A, B, C, ...), so a burst of load from elsewhere
    on the machine slows one round of each rather than every round of one.
    """
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            clear_word_caches()
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: n / seconds for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--profile", action="store_true", help="cProfile one score_frame call")
    args = parser.parse_args()

    frame = articles(args.n)
    texts = frame["text"].tolist()
    # Labels only matter for fitting; prediction cost does not depend on them.
    labels = [index % 2 for index in range(len(texts))]
    baselines = {
        "TfidfVectorizer() + LR": make_pipeline(
            TfidfVectorizer(), LogisticRegression(max_iter=1000)
        ).fit(texts, labels),
        "TF-IDF(1-2, sublinear) + LR": make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
            LogisticRegression(max_iter=1000),
        ).fit(texts, labels),
    }
    scorer = Scorer(args.model)
    score_frame(frame.iloc[:50], scorer=scorer)  # load lexicons and lazy tables once

    words = frame["text"].str.split().str.len().mean()
    print(
        f"{args.n} articles ({frame.attrs['distinct']} distinct) of ~{words:.0f} words from "
        f"{frame.attrs['origin']}, "
        f"best of {args.repeat}, model {scorer.model_version}"
    )
    for n_jobs in args.jobs:
        if n_jobs > 1:
            score_frame(frame, scorer=scorer, n_jobs=n_jobs)  # start the workers once
    runs: dict[str, Callable[[], object]] = {
        name: partial(pipeline.predict_proba, texts) for name, pipeline in baselines.items()
    }
    for n_jobs in args.jobs:
        runs[f"jobs={n_jobs}"] = partial(score_frame, frame, scorer=scorer, n_jobs=n_jobs)
    rates = best_rates(runs, args.n, args.repeat)
    for name in baselines:
        print(f"  {name:<30} {rates[name]:8,.0f} articles/s")
    for n_jobs in args.jobs:
        rate = rates[f"jobs={n_jobs}"]
        ratios = ", ".join(f"{rate / rates[name]:.2f} vs {name}" for name in baselines)
        print(f"  score_frame n_jobs={n_jobs:<11} {rate:8,.0f} articles/s   ratio {ratios}")

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        score_frame(frame, scorer=scorer)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
