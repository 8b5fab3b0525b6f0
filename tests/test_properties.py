"""Invariants of every extractor and of ``score`` on generated text (hypothesis).

Spans always slice their field and evidence equals the slice; no extractor raises; the
credibility is a probability; the same input gives the same assessment on every call and in
every process, whatever the hash seed (set iteration order must not leak into a score).
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credscore import Scorer
from credscore.article import Article
from credscore.cues import REGISTRY

# Pieces that trigger (or nearly trigger) the cues, so generated text exercises them rather
# than only random characters. The team's own phrases.
PIECES = [
    "the",
    "council",
    "said",
    "on",
    "Tuesday",
    "officials",
    "SHOCKING",
    "BREAKING:",
    "!!!",
    "You Won't Believe",
    '"We will act," said Mayor Jane Okafor.',
    "Okafer",
    "Okafor",
    "goverment",
    "teh",
    "WASHINGTON (Reuters) -",
    "Share this:",
    "Subscribe now",
    "Donate today",
    "https://www.cdc.gov/flu/",
    "http://bit.ly/x1",
    "www.who.int/news",
    "doi:10.1000/xyz",
    "Reuters",
    "AP",
    "CNN",
    "(",
    ")",
    "\u201c",
    "\u201d",
    "'",
    "\n",
    "\n\n",
    "\t",
    ".",
    ",",
    "?",
    "\u200b",
    "\u202e",
    "\x00",
    "\ud800",
    "é",
    "Ж",
    "中",
]
piece_text = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join)
any_text = st.text(max_size=300)
surrogate_text = st.text(
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.sampled_from("ab !.\n"),
    max_size=40,
)
texts = st.one_of(
    piece_text, any_text, surrogate_text, st.tuples(piece_text, any_text).map("".join)
)
titles = st.none() | st.sampled_from(PIECES) | any_text | piece_text
urls = (
    st.none()
    | any_text
    | st.sampled_from(
        [
            "https://www.reuters.com/world/a-story",
            "http://abcnews.com.co/x",
            "https://xn--bc-5ea.com/",
            "http://[::1]:8080/",
            "not a url",
            "https://www.cdc.gov/\ud800",
        ]
    )
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _article(text: str, title: str | None, url: str | None) -> Article | None:
    try:
        return Article(text, title, url)
    except ValueError:  # empty or whitespace text: refused, as tests/test_bad_input.py checks
        return None


def assert_spans_valid(cues, fields: dict[str, str]) -> None:
    for cue in cues:
        value = fields[cue.field]
        assert 0 <= cue.start <= cue.end <= len(value), cue
        assert value[cue.start : cue.end] == cue.evidence, cue


@SETTINGS
@given(text=texts, title=titles, url=urls)
def test_every_extractor_gives_valid_spans_and_finite_features(text, title, url) -> None:
    article = _article(text, title, url)
    if article is None:
        return
    fields = {"text": text, "title": title or "", "url": url or ""}
    for spec in REGISTRY:
        cues = spec.find(article)
        assert all(cue.kind == spec.kind for cue in cues)
        assert_spans_valid(cues, fields)
        if spec.measure is not None:
            assert all(math.isfinite(v) for v in spec.measure(article)), spec.kind


@SETTINGS
@given(text=texts, title=titles, url=urls)
def test_score_is_a_probability_with_valid_spans_and_repeatable(
    scorer: Scorer, text, title, url
) -> None:
    if _article(text, title, url) is None:
        return
    first = scorer.score(text, title=title, url=url)
    assert 0.0 <= first.credibility <= 1.0
    assert first.label in ("reliable", "mixed", "unreliable", "unknown")
    assert_spans_valid(first.cues, {"text": text, "title": title or "", "url": url or ""})
    assert all(math.isfinite(v) for v in first.features.values())
    second = scorer.score(text, title=title, url=url)
    assert json.dumps(second.to_dict()) == json.dumps(first.to_dict())


# ------------------------------------------------------------------ across processes

SCORE_IN_SUBPROCESS = r"""
import json, sys
from credscore import Scorer
scorer = Scorer(sys.argv[1])
inputs = json.loads(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps([scorer.score(t, title=h, url=u).to_dict() for t, h, u in inputs]))
"""


def _fixed_inputs(n: int = 40) -> list[tuple[str, str | None, str | None]]:
    """A seeded mix of the pieces above: the same list in every run."""
    rng = random.Random(20240607)
    inputs = []
    for _ in range(n):
        text = " ".join(rng.choices(PIECES, k=rng.randint(5, 120))) + " the council said."
        title = " ".join(rng.choices(PIECES, k=rng.randint(0, 8))) or None
        url = rng.choice([None, "https://www.reuters.com/a", "http://abcnews.com.co/x", "x y"])
        inputs.append((text, title, url))
    return inputs


def test_same_assessments_in_other_processes_with_other_hash_seeds(
    scorer: Scorer, sample_model_dir: Path, tmp_path: Path
) -> None:
    inputs = _fixed_inputs()
    path = tmp_path / "inputs.json"
    path.write_text(json.dumps(inputs), encoding="utf-8")  # ASCII escapes keep surrogates
    here = json.dumps([scorer.score(t, title=h, url=u).to_dict() for t, h, u in inputs])
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", SCORE_IN_SUBPROCESS, str(sample_model_dir), str(path)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr[-3000:]
        there = result.stdout.strip().splitlines()[-1]
        assert there == here, f"PYTHONHASHSEED={seed} gave other assessments"
