"""Sites per second and peak memory of `credscore sources` (default 100,000 articles, 1,000 sites).

Input: ~600-word articles from the shared collections (``_articles.articles``: every distinct
body there is, repeated in order to make up the count; the team sample without ``../shared``),
each published under one of ``--sites`` domains (ten real ones from the bundled ratings,
the rest invented), the same number of articles per site in shuffled order; every site is
looked up in the ratings. The CSV is written under a temporary folder (~0.4 GB) and removed
afterwards.

Figures:

* end to end: the command's wall time, articles and sites per second, and its peak resident
  set size (psutil samples, confirmed by ru_maxrss through a small launcher process, as in
  bench_stream_memory.py, so this process's own memory is not counted);
* the site step alone: :meth:`SiteProfiler.rows` over the same number of sites and articles
  from stored article summaries (no scoring), best of 5: what combining costs next to scoring.

Run: python benchmarks/bench_profile.py [--n 100000] [--sites 1000] [--jobs 1] [--model DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from _articles import articles
from _peak_memory import Measured, run_measured

from credscore.api import Scorer
from credscore.sites import ArticleSummary, SiteProfiler

# Real domains of the bundled ratings, high and low: the first sites of the input.
RATED = ("reuters.com", "apnews.com", "nytimes.com", "npr.org", "theguardian.com",
         "infowars.com", "breitbart.com", "rt.com", "naturalnews.com", "zerohedge.com")  # fmt: skip


def site_names(sites: int) -> list[str]:
    """Ten rated domains, then invented ones (every site is looked up in the ratings)."""
    invented = [f"site{index:05d}-benchexample.com" for index in range(sites)]
    return [*RATED, *invented][:sites]


def write_input(path: Path, n: int, sites: int) -> str:
    """The article table; returns where its texts came from."""
    frame = articles(n)
    names = site_names(sites)
    owners = [index % sites for index in range(n)]
    random.Random(0).shuffle(owners)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "title", "url"])
        for index, row in enumerate(frame.itertuples(index=False)):
            url = f"https://www.{names[owners[index]]}/story/{index}"
            writer.writerow([f"a{index}", row.text, row.title, url])
    return str(frame.attrs["origin"])


def run_command(source: Path, target: Path, args: argparse.Namespace) -> Measured:
    command = [sys.executable, "-m", "credscore", "sources", str(source), "-o", str(target),
               "--quiet", "--jobs", str(args.jobs)]  # fmt: skip
    if args.model:
        command += ["--model", args.model]
    measured = run_measured(command, interval=0.2)
    if measured.returncode not in (0, 1):
        raise SystemExit(f"credscore sources exited {measured.returncode}")
    return measured


def site_step(n: int, sites: int, model: str | None) -> float:
    """Best-of-5 seconds of SiteProfiler.rows() over stored summaries (no scoring)."""
    profiler = SiteProfiler(Scorer(model))
    names = site_names(sites)
    rng = random.Random(0)
    kinds = ("attributed_quote", "dateline", "promo_link")
    summaries = [
        ArticleSummary(rng.gauss(1.0, 2.5), kinds[: rng.randrange(4)], None) for _ in range(n)
    ]
    best = float("inf")
    for _ in range(5):
        profiler = SiteProfiler(profiler.scorer)
        for index, summary in enumerate(summaries):
            # what SiteProfiler.add files for each scored article
            profiler.file(names[index % sites], f"www.{names[index % sites]}", summary)
        started = time.perf_counter()
        profiler.rows()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=1_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="credscore-bench-") as name:
        folder = Path(name)
        source, target = folder / "articles.csv", folder / "sites.csv"
        origin = write_input(source, args.n, args.sites)
        size_mb = source.stat().st_size / 1e6
        measured = run_command(source, target, args)
        seconds = measured.seconds
        peak, maxrss = measured.sampled_bytes, measured.maxrss_bytes
        with target.open(encoding="utf-8") as handle:
            rows = sum(1 for _ in handle) - 1
    alone = site_step(args.n, args.sites, args.model)
    print(f"input: {args.n:,} articles ({size_mb:.0f} MB CSV) over {args.sites:,} sites; {origin}")
    print(
        f"credscore sources --jobs {args.jobs}: {seconds:.1f} s, {args.n / seconds:,.0f} "
        f"articles/s, {args.sites / seconds:,.1f} sites/s; {rows:,} site rows written"
    )
    print(f"peak RSS {peak / 1e6:.0f} MB (psutil samples), {maxrss / 1e6:.0f} MB (ru_maxrss)")
    print(
        f"site step alone (SiteProfiler.rows, {args.sites:,} sites from {args.n:,} stored "
        f"article summaries): {alone * 1e3:.0f} ms = {args.sites / alone:,.0f} sites/s"
    )


if __name__ == "__main__":
    main()
