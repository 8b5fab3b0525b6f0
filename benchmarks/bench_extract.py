"""Extraction throughput: CueFeaturizer.transform on a batch of ~600-word articles, one process.

Per-word memos are cleared before each round, as in bench_throughput.py. With
``--article-by-article`` the same rounds also run with blocks of one article (what
``analyse_block`` replaced), interleaved with the default blocks, and both rates are printed.

Run: python benchmarks/bench_extract.py [--n 4000] [--repeat 3] [--article-by-article]
"""

from __future__ import annotations

import argparse
import time

from _articles import articles, clear_word_caches

from credscore import CueFeaturizer
from credscore import featurizer as featurizer_module
from credscore.article import Article
from credscore.cues import REGISTRY, STYLE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-cue", action="store_true", help="also time each extractor")
    parser.add_argument(
        "--article-by-article", action="store_true", help="also time blocks of one article"
    )
    args = parser.parse_args()

    frame = articles(args.n)
    featurizer = CueFeaturizer().fit(frame)
    featurizer.transform(frame.iloc[:50])  # warm lazily loaded lexicons and models
    default_block = featurizer_module.BLOCK_ARTICLES
    blocks = [default_block, 1] if args.article_by_article else [default_block]
    best = dict.fromkeys(blocks, float("inf"))
    for _ in range(args.repeat):
        for block in blocks:
            featurizer_module.BLOCK_ARTICLES = block
            clear_word_caches()  # no round reads the previous round's answers about these words
            started = time.perf_counter()
            featurizer.transform(frame)
            best[block] = min(best[block], time.perf_counter() - started)
    featurizer_module.BLOCK_ARTICLES = default_block
    words = frame["text"].str.split().str.len().mean()
    for block, seconds in best.items():
        print(
            f"CueFeaturizer.transform, blocks of {block}: {args.n / seconds:,.0f} articles/s "
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
