"""Peak memory of `credscore score` streaming a large CSV (default 100,000 ~600-word articles).

The input is generated under a temporary folder (about 0.4 GB for 100,000 articles) and
removed afterwards. The figure is the command's peak resident set size (target <= 300 MB),
sampled from the command's process with psutil and confirmed by getrusage's ru_maxrss.

The command is started by a launcher process (``_peak_memory``): this process holds pandas
and the generated articles (~270 MB), which would otherwise count as the command's peak.

Run: python benchmarks/bench_stream_memory.py [--n 100000] [--chunk-size 500] [--model DIR]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

from _articles import articles
from _peak_memory import run_measured


def write_input(path: Path, n: int) -> None:
    """``n`` rows written block by block, so the generator itself stays small."""
    block = articles(min(n, 2000))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "title", "url"])
        written = 0
        while written < n:
            for row in block.itertuples(index=False):
                if written == n:
                    break
                writer.writerow([f"a{written}", row.text, row.title, row.url])
                written += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="credscore-bench-") as folder:
        source, target = Path(folder) / "articles.csv", Path(folder) / "scores.csv"
        write_input(source, args.n)
        size_mb = source.stat().st_size / 1e6
        command = [
            sys.executable,
            "-m",
            "credscore",
            "score",
            str(source),
            "-o",
            str(target),
            "--quiet",
            "--chunk-size",
            str(args.chunk_size),
        ]
        if args.model:
            command += ["--model", args.model]
        measured = run_measured(command)
        with target.open(encoding="utf-8") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
    print(
        f"credscore score on {args.n:,} articles ({size_mb:,.0f} MB CSV, chunks of "
        f"{args.chunk_size}): exit {measured.returncode}, {rows:,} rows out, "
        f"{measured.seconds:,.0f} s ({args.n / measured.seconds:,.0f} articles/s)"
    )
    print(
        f"  peak RSS {measured.peak_bytes / 1e6:,.0f} MB (sampled "
        f"{measured.sampled_bytes / 1e6:,.0f} MB, ru_maxrss {measured.maxrss_bytes / 1e6:,.0f} MB; "
        "target <= 300 MB)"
    )


if __name__ == "__main__":
    main()
