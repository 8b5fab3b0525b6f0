"""Hostile text: regex blow-ups, giant lines, junk bytes. Each probe must finish fast and linearly.

Issue 7: a scraper will feed the scorer whatever it found. A pattern with nested repetition,
a per-line scan over one giant line or a pairwise comparison of every name turns such input
into minutes of work; these probes fail if any of that comes back.

Bounds: each probe must take under 1 s through ``extract`` and ``CueFeaturizer.transform``
(the best of two runs, after one warm-up article has loaded the lexicons, so a busy machine's
hiccup or the one-off lexicon load does not fail the test), and time must grow linearly:
``time(4n) / time(n) < 6`` on the best of three runs (quadratic growth gives 16).
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable

import pytest

import credscore.article
from credscore import CueFeaturizer, extract

SECONDS = 1.0
LINEAR_RATIO = 6.0


def _random_capitalised_words(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(
        rng.choice(string.ascii_uppercase)
        + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
        for _ in range(n)
    )


def _latin1_junk(n_bytes: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n_bytes)).decode("latin-1")


# Ordinary prose of our own, repeated into a long text.
_PARAGRAPH = (
    "The council said on Tuesday that the new bridge would open in spring, according to a "
    'statement. "We are ready to start," said Dr. Mara Quint, the project engineer. '
    "Residents were not convinced, and some asked for a second survey!\n"
)

# name -> text of about ``size`` characters.
PROBES: dict[str, Callable[[int], str]] = {
    "exclamation marks": lambda size: "!" * size,
    "'A ' repeated": lambda size: "A " * (size // 2),
    "'http://' repeated": lambda size: "http://" * (size // 7),
    "nested quotes and brackets": lambda size: '"(' * (size // 2),
    "opening brackets then quotes": lambda size: "([{“‘" * (size // 5) + '"' * (size // 5),
    "one line, no newline": lambda size: ("word " * (size // 5 + 1))[:size],
    "'Word ' repeated": lambda size: "Word " * (size // 5),
    "random capitalised words": lambda size: _random_capitalised_words(size // 7),
    "normal text": lambda size: _PARAGRAPH * (size // len(_PARAGRAPH) + 1),
    "binary junk as latin-1": _latin1_junk,
    "NUL bytes": lambda size: "a\x00" * (size // 2),
    "lone surrogates": lambda size: "text \ud800 more " * (size // 16),
    "zero-width and RTL marks": lambda size: "abc\u200b\u200f\u202edef " * (size // 10),
    "quotes with attribution": lambda size: '"We are ready," he said. ' * (size // 25),
    "title-case call to action lines": lambda size: (
        "Join Our Telegram Chanel Here\n" * (size // 30)
    ),
    "'www.' repeated": lambda size: "www." * (size // 4),
}
# The sizes the issue names: 100,000 '!', 'A ' x 50,000, 'http://' x 10,000, '"(' x 20,000,
# 100,000 capitalised words, a 1 MB line, 10 MB of normal text; 1 MB for the rest.
SIZES = {
    "exclamation marks": 100_000,
    "'A ' repeated": 100_000,
    "'http://' repeated": 70_000,
    "nested quotes and brackets": 40_000,
    "'Word ' repeated": 500_000,
    "random capitalised words": 700_000,
    "normal text": 10_000_000,
}


@pytest.fixture(scope="module", autouse=True)
def _lexicons_loaded() -> None:
    """Load the word lists once, so the probes time the analysis and not the first load."""
    extract("A short warm-up sentence that mentions Zelensky and a goverment.", title="Warm up")


def _best_time(function: Callable[[], object], runs: int, clock=time.perf_counter) -> float:
    best = float("inf")
    for _ in range(runs):
        started = clock()
        function()
        best = min(best, clock() - started)
    return best


def _extract(text: str) -> None:
    cues = extract(text, title=text[:300])
    for cue in cues:  # whatever the input, spans stay exact
        field = text[:300] if cue.field == "title" else text
        assert field[cue.start : cue.end] == cue.evidence


def _transform(text: str) -> None:
    values = CueFeaturizer().transform([{"text": text, "title": text[:300]}])
    assert values.shape[0] == 1


@pytest.mark.parametrize("name", list(PROBES))
@pytest.mark.parametrize("entry", [_extract, _transform], ids=["extract", "transform"])
def test_probe_finishes_within_a_second(name: str, entry: Callable[[str], None]) -> None:
    text = PROBES[name](SIZES.get(name, 1_000_000))
    seconds = _best_time(lambda: entry(text), runs=2)
    assert seconds < SECONDS, f"{name} ({len(text):,} chars) took {seconds:.2f} s"


# Linearity is measured on the extractors themselves: the text-size limit (if any) is lifted
# so that a truncation does not make any algorithm look flat, and sizes are large enough
# (past the CPU caches, where cost per character settles) for the ratio to rise above
# timer and scheduler noise.
LINEAR_N = 300_000
# 25,000 and 100,000 names (the size): beyond that the name tables outgrow the CPU
# caches and each look-up slows down, which a ratio would read as superlinear growth.
LINEAR_N_FOR = {"random capitalised words": 175_000}


@pytest.mark.parametrize("name", list(PROBES))
def test_probe_time_grows_linearly(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credscore.article, "MAX_TEXT_CHARS", 10**8, raising=False)
    size = LINEAR_N_FOR.get(name, LINEAR_N)
    small, large = PROBES[name](size), PROBES[name](4 * size)
    # CPU time, not wall time: other jobs on the machine then cannot skew the ratio.
    small_time = _best_time(lambda: _extract(small), runs=3, clock=time.process_time)
    large_time = _best_time(lambda: _extract(large), runs=3, clock=time.process_time)
    # A floor of 5 ms keeps timer noise on near-instant probes from faking a ratio.
    ratio = large_time / max(small_time, 0.005)
    assert ratio < LINEAR_RATIO, (
        f"{name}: {small_time * 1e3:.1f} ms for {len(small):,} chars, "
        f"{large_time * 1e3:.1f} ms for {len(large):,} (x{ratio:.1f})"
    )


def test_many_names_used_twice_stay_bounded() -> None:
    """Thousands of distinct names, each used twice, all of one initial: the pairwise
    name comparison must stay capped (name_variant's MAX_ODD_NAMES / MAX_OTHER_NAMES)."""
    rng = random.Random(1)
    names = {"Z" + "".join(rng.choices("aeiourstln", k=rng.randint(5, 8))) for _ in range(6_000)}
    text = " ".join(sorted(names) * 2)
    seconds = _best_time(lambda: _extract(text), runs=2)
    assert seconds < SECONDS, f"{len(names):,} names took {seconds:.2f} s"
