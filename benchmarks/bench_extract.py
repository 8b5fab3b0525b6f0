"""Extraction throughput: CueFeaturizer.transform on a batch of ~600-word articles, one process.

Per-word memos are cleared before each round, as in bench_throughput.py.

Run: python benchmarks/bench_extract.py [--n 4000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from _articles import articles, clear_word_caches

from credscore import CueFeaturizer
from credscore.article import Article
from credscore.cues import REGISTRY, STYLE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-cue", action="store_true", help="also time each extractor")
    args = parser.parse_args()

    frame = articles(args.n)
    featurizer = CueFeaturizer().fit(frame)
    featurizer.transform(frame.iloc[:50])  # warm lazily loaded lexicons and models
    best = float("inf")
    for _ in range(args.repeat):
        clear_word_caches()  # no round reads the previous round's answers about these words
        started = time.perf_counter()
        featurizer.transform(frame)
        best = min(best, time.perf_counter() - started)
    words = frame["text"].str.split().str.len().mean()
    print(
        f"CueFeaturizer.transform: {args.n / best:,.0f} articles/s "
        f"({args.n} articles of ~{words:.0f} words from {frame.attrs['origin']}, best of "
        f"{args.repeat})"
    )
    if args.per_cue:
        sample = [
            Article(t, ti if isinstance(ti, str) else None)
            for t, ti in zip(frame["text"][:1000], frame["title"][:1000], strict=True)
        ]
        steps = [(spec.kind, spec.find) for spec in REGISTRY] + [("style", STYLE.measure)]
        for name, function in steps:
            fresh = [Article(a.text, a.title) for a in sample]
            for article in fresh:  # shared views are computed once per article, not per cue
                article.token_counts, article.lower_counts, article.lines, article.links  # noqa: B018
            started = time.perf_counter()
            for article in fresh:
                function(article)
            per = (time.perf_counter() - started) / len(fresh) * 1e6
            print(f"  {name:<18} {per:7.1f} µs/article")


if __name__ == "__main__":
    main()
