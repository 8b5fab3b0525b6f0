"""Peak memory `score_frame` adds on 256 maximum-size articles (200,000 characters each).

An analysed article keeps its word views (several times its text) until its block has been
judged, so ``Scorer.score_many`` closes a block at ``credscore.api.BLOCK_CHARS`` characters
of text as well as at ``BLOCK_ROWS`` rows. This script measures the peak resident set size
added by one ``score_frame`` call over ``--rows`` distinct articles of ``MAX_TEXT_CHARS``
characters, with the shipped block size and with blocks bounded by rows only (what
``score_frame`` did before), each in a fresh process, the two alternating round by round.

The parent process builds the articles (paragraphs of distinct shared-collection bodies, or
of the team sample without ``../shared``) and writes them to a temporary JSONL file; each
child reads them, loads the model, scores one short article (so the spelling tables are
built before the baseline is taken), then samples its own RSS every 5 ms while
``score_frame`` runs. The figure is the peak minus the RSS just before the call.

Run: python benchmarks/bench_frame_memory.py [--rows 256] [--rounds 2] [--model DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROWS_ONLY = 10**12  # a BLOCK_CHARS no block reaches: blocks end at BLOCK_ROWS rows only


def build_articles(path: Path, rows: int) -> str:
    """``rows`` distinct articles of just under MAX_TEXT_CHARS characters, one JSON per line."""
    from _articles import articles

    from credscore.article import MAX_TEXT_CHARS

    pool = articles(2000)
    texts = pool["text"].tolist()
    with path.open("w", encoding="utf-8") as handle:
        for row in range(rows):
            parts, size, index = [], 0, row * 7
            while True:
                text = texts[index % len(texts)]
                if size + len(text) + 2 > MAX_TEXT_CHARS:
                    break
                parts.append(text)
                size += len(text) + 2
                index += 1
            body = "\n\n".join(parts)
            handle.write(json.dumps({"text": body, "title": f"Report {row}", "url": None}))
            handle.write("\n")
    return str(pool.attrs["origin"])


def child(path: Path, block_chars: int, model: str | None) -> None:
    """Score the articles once with BLOCK_CHARS = ``block_chars``; print the figures as JSON."""
    import pandas as pd
    import psutil

    import credscore.api
    from credscore.batch import score_frame

    process = psutil.Process()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    frame = pd.DataFrame(records)
    del records
    scorer = credscore.api.Scorer(model)
    scorer.score("The goverment said the bridge would reopen in May.", title="Bridge")
    credscore.api.BLOCK_CHARS = block_chars
    gc.collect()
    before = process.memory_info().rss
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    scores = score_frame(frame, scorer=scorer)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    assert scores["error"].isna().all(), scores["error"].dropna().head()
    characters = int(frame["text"].str.len().sum())
    print(
        json.dumps({"before": before, "peak": peak, "seconds": seconds, "characters": characters})
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument(
        "--child", nargs=2, metavar=("JSONL", "BLOCK_CHARS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), args.model)
        return

    from credscore.api import BLOCK_CHARS, BLOCK_ROWS

    configurations = {
        f"blocks of {BLOCK_CHARS:,} characters or {BLOCK_ROWS} rows (shipped)": BLOCK_CHARS,
        f"blocks of {BLOCK_ROWS} rows only (before)": ROWS_ONLY,
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in configurations}
    with tempfile.TemporaryDirectory(prefix="credscore-bench-") as folder:
        path = Path(folder) / "articles.jsonl"
        origin = build_articles(path, args.rows)
        for _ in range(args.rounds):
            for name, block_chars in configurations.items():
                command = [sys.executable, __file__, "--child", str(path), str(block_chars)]
                if args.model:
                    command += ["--model", args.model]
                output = subprocess.run(command, capture_output=True, text=True, check=True)
                results[name].append(json.loads(output.stdout.strip().splitlines()[-1]))
    first = next(iter(results.values()))[0]
    print(
        f"score_frame on {args.rows} articles of {first['characters'] / args.rows:,.0f} "
        f"characters each ({origin}), n_jobs=1, {args.rounds} rounds, each in a fresh process"
    )
    for name, runs in results.items():
        added = [(run["peak"] - run["before"]) / 1e6 for run in runs]
        seconds = [run["seconds"] for run in runs]
        print(
            f"  {name:<56} peak RSS added {max(added):5,.0f} MB "
            f"(rounds: {', '.join(f'{a:,.0f}' for a in added)}); "
            f"{min(seconds):.1f} s, baseline {runs[0]['before'] / 1e6:,.0f} MB"
        )


if __name__ == "__main__":
    main()
