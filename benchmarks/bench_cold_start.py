"""Cold start: a fresh interpreter that imports credscore, loads the model and scores one article,
against a fresh interpreter that only runs ``import pandas, sklearn.linear_model``.

Runs alternate so both see the same machine load; the figure is the ratio of medians
(target <= 1.5). Also checks that the scoring path never imported pandas or scikit-learn.

Run: python benchmarks/bench_cold_start.py [--runs 7] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _articles import articles

BASELINE = "import pandas, sklearn.linear_model"
CREDSCORE = """
import json, sys
import credscore
article = json.load(open(sys.argv[1], encoding="utf-8"))
scorer = credscore.Scorer(sys.argv[2] or None)
assessment = scorer.score(article["text"], title=article["title"], url=article["url"])
heavy = sorted(m for m in ("pandas", "sklearn", "scipy") if m in sys.modules)
print(json.dumps({"credibility": assessment.credibility, "heavy": heavy}))
"""


def wall_time(argv: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--model", default="", help="model folder (default: the shipped model)")
    args = parser.parse_args()

    row = articles(1).iloc[0]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.json"
        path.write_text(json.dumps({k: row[k] for k in ("text", "title", "url")}), "utf-8")
        ours, base, heavy = [], [], set()
        wall_time([sys.executable, "-c", BASELINE])  # warm the file cache for both
        wall_time([sys.executable, "-c", CREDSCORE, str(path), args.model])
        for _ in range(args.runs):
            base.append(wall_time([sys.executable, "-c", BASELINE])[0])
            seconds, out = wall_time([sys.executable, "-c", CREDSCORE, str(path), args.model])
            ours.append(seconds)
            heavy.update(json.loads(out)["heavy"])
    ratio = statistics.median(ours) / statistics.median(base)
    print(f"cold start, median of {args.runs} alternating runs:")
    print(f"  python -c '{BASELINE}'   {statistics.median(base):.2f} s")
    print(f"  import credscore + load model + first score  {statistics.median(ours):.2f} s")
    print(
        f"  ratio {ratio:.2f} (target <= 1.5); heavy modules imported while scoring: "
        f"{', '.join(sorted(heavy)) or 'none'}"
    )


if __name__ == "__main__":
    main()
