"""Cue recall and false flags on labelled articles: does each lowering cue catch what a reader sees?

Reads a JSON-lines file of articles (default ``data/cue_cases.jsonl``; see data/README.md for
the format), runs :func:`credscore.extract` on each, and prints for every lowering cue kind,
for fringe-style and wire-style articles separately and overall:

* expected - cues of the kind listed in the file,
* found    - those that some extracted cue of the kind overlaps (same field, overlapping span);
  a name_variant cue also finds the pair it names: when each spelling is used once, which
  one is the slip is a guess (the cue takes the later one), and its message names both,
* recall   - found / expected,
* false    - share of articles where the kind fires with a span that overlaps no expected
  cue of that kind (on wire-style articles, any firing).

Run::

    python benchmarks/bench_cue_recall.py                  # the team's cases
    python benchmarks/bench_cue_recall.py --cases other.jsonl --show
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import credscore
from credscore.cues import REGISTRY

CASES = Path(__file__).resolve().parents[1] / "data" / "cue_cases.jsonl"
#: The kinds a reader sees lowering an article's credibility, in registry order.
LOWERING_KINDS = tuple(spec.kind for spec in REGISTRY if spec.direction < 0)
STYLES = ("fringe", "wire")


@dataclass
class Tally:
    """Counts for one (style, kind) cell."""

    expected: int = 0
    found: int = 0
    articles: int = 0
    falsely_flagged: int = 0

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.found += other.found
        self.articles += other.articles
        self.falsely_flagged += other.falsely_flagged


def load_cases(path: Path) -> list[dict]:
    """The articles of a JSON-lines file, one object per non-blank line."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _overlaps(cue: credscore.Cue, field: str, start: int, end: int) -> bool:
    return cue.field == field and cue.start < end and start < cue.end


def _names_pair(cue: credscore.Cue, evidence: str) -> bool:
    """A name_variant cue on the other spelling of the expected pair, naming the expected one."""
    return cue.kind == "name_variant" and f"misspelling of '{evidence}'" in cue.message


def _finds(cue: credscore.Cue, kind: str, field: str, start: int, evidence: str) -> bool:
    """Whether ``cue`` finds the expected cue of ``kind`` at ``start`` in ``field``."""
    if cue.kind != kind:
        return False
    return _overlaps(cue, field, start, start + len(evidence)) or _names_pair(cue, evidence)


def score_case(case: dict, report: list[str]) -> dict[str, Tally]:
    """Tallies per lowering kind for one article; misses and false flags go to ``report``."""
    fields = {"title": case.get("title") or "", "text": case["text"], "url": case.get("url") or ""}
    cues = credscore.extract(case["text"], title=case.get("title"), url=case.get("url"))
    tallies = {kind: Tally(articles=1) for kind in LOWERING_KINDS}
    spans: dict[str, list[tuple[str, int, int]]] = {kind: [] for kind in LOWERING_KINDS}
    expected_evidence: dict[str, list[str]] = {kind: [] for kind in LOWERING_KINDS}
    for expected in case.get("expected", []):
        kind, field, evidence = expected["kind"], expected["field"], expected["evidence"]
        start = fields[field].find(evidence)
        spans.setdefault(kind, []).append((field, start, start + len(evidence)))
        expected_evidence.setdefault(kind, []).append(evidence)
        if kind not in tallies:
            continue
        tallies[kind].expected += 1
        if any(_finds(cue, kind, field, start, evidence) for cue in cues):
            tallies[kind].found += 1
        else:
            report.append(f"  miss   {case['id']:<34} {kind:<17} {evidence!r}")
    for kind in LOWERING_KINDS:
        stray = [
            cue
            for cue in cues
            if cue.kind == kind
            and not any(_overlaps(cue, *span) for span in spans[kind])
            and not any(_names_pair(cue, evidence) for evidence in expected_evidence[kind])
        ]
        if stray:
            tallies[kind].falsely_flagged = 1
            for cue in stray:
                evidence = " ".join(cue.evidence.split())[:70]
                report.append(f"  false  {case['id']:<34} {kind:<17} {evidence!r}: {cue.message}")
    return tallies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="JSON-lines file of articles")
    parser.add_argument("--show", action="store_true", help="list misses and false flags")
    args = parser.parse_args(argv)

    cases = load_cases(args.cases)
    table: dict[tuple[str, str], Tally] = {}
    report: list[str] = []
    styles: Counter[str] = Counter()
    for case in cases:
        styles[case["style"]] += 1
        for kind, tally in score_case(case, report).items():
            table.setdefault((case["style"], kind), Tally()).add(tally)

    counts = ", ".join(f"{n} {style}" for style, n in styles.items())
    print(f"{args.cases}: {len(cases)} articles ({counts})")
    header = f"{'kind':<18}{'style':<8}{'expected':>9}{'found':>7}{'recall':>8}{'false':>8}"
    print(f"{header}  (flagged)")
    for kind in LOWERING_KINDS:
        overall = Tally()
        for style in [*STYLES, *sorted(set(styles) - set(STYLES))]:
            tally = table.get((style, kind))
            if tally is None:
                continue
            overall.add(tally)
            print(_row(kind, style, tally))
        print(_row(kind, "all", overall))
    if args.show and report:
        print("\nMisses and false flags:")
        print("\n".join(report))
    return 0


def _row(kind: str, style: str, tally: Tally) -> str:
    recall = f"{tally.found / tally.expected:.2f}" if tally.expected else "-"
    false = tally.falsely_flagged / tally.articles if tally.articles else 0.0
    return (
        f"{kind:<18}{style:<8}{tally.expected:>9}{tally.found:>7}{recall:>8}{false:>8.3f}"
        f"  ({tally.falsely_flagged}/{tally.articles})"
    )


if __name__ == "__main__":
    sys.exit(main())
