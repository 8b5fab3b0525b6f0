"""Bounded cost of the spelling and name paths (issue 11 §1), timed where caches cannot hide it.

A per-word cache makes the second look-up of a long token free, so every timing here is a
first call: in a fresh process, or with the per-word caches cleared. The word tables
themselves (built once per process, whatever the text) are loaded before the clock starts.
"""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credscore.article import Article
from credscore.cues import _lexicon, misspelling, name_variant

SECONDS = 1.0


# The reproductions: one 200,000-letter token, a 10-letter run repeated to the cap,
# and about 100 kB of near-duplicate spellings of one surname.
HOSTILE = {
    "one long letter run": "'a' * 200_000",
    "a repeated letter cycle": "'abcdefghij' * 20_000",
    "near-duplicate surnames": "near_duplicates(11_000)",
}

_FRESH_PROCESS = """
import json, random, string, sys, time
from credscore import extract

def near_duplicates(n, seed=0, base="Zelensky"):
    rng = random.Random(seed)
    words = []
    for _ in range(n):
        letters = list(base)
        for _ in range(rng.randint(1, 2)):
            letters[rng.randrange(1, len(letters))] = rng.choice(string.ascii_lowercase)
        words.append("".join(letters))
    return " ".join(words)

text = eval(sys.argv[1])
extract("The goverment said Zelensky met Zelenksy on Tuesday.", title="Warm up")
started = time.process_time()
cues = extract(text, title=text[:300])
print(json.dumps({"seconds": time.process_time() - started, "cues": len(cues)}))
"""


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_spelling_input_is_fast_on_a_first_call_in_a_fresh_process(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS, HOSTILE[name]],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    seconds = json.loads(result.stdout)["seconds"]
    assert seconds < SECONDS, f"{name}: {seconds:.2f} s of CPU on a first call"


def _clear_word_caches() -> None:
    """Forget every per-word result of the spelling and name paths (tables stay loaded)."""
    _lexicon.best_neighbour.cache_clear()
    misspelling._suggestion.cache_clear()
    name_variant._skeleton.cache_clear()


@pytest.mark.parametrize("length", [40, 1_000, 50_000, 200_000])
@pytest.mark.parametrize("letters", ["a", "abcdefghij", "qwertyuiopasdfghjklzxcvbnm"])
def test_a_long_token_costs_no_more_than_a_look_at_it(length: int, letters: str) -> None:
    _lexicon.zipf_table()  # the one-off table load is not what is timed
    token = (letters * (length // len(letters) + 1))[:length]
    _clear_word_caches()
    started = time.process_time()
    for find in (misspelling.find, name_variant.find):
        find(Article(f"Officials said {token} and {token.capitalize()} on Monday."))
    assert time.process_time() - started < 0.2


_WORD = st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=12)


@st.composite
def _near_duplicate_names(draw: st.DrawFn) -> str:
    base = draw(_WORD).capitalize()
    n = draw(st.integers(min_value=1, max_value=3_000))
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**16)))
    words = []
    for _ in range(n):
        letters = list(base)
        if len(letters) > 1:
            letters[rng.randrange(1, len(letters))] = rng.choice(string.ascii_lowercase)
        words.append("".join(letters))
    return draw(st.sampled_from([" ", ". ", ", ", "\n"])).join(words)


_LONG_TOKEN = st.text(alphabet=string.ascii_letters, min_size=35, max_size=20_000)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(_near_duplicate_names(), _LONG_TOKEN))
def test_generated_long_tokens_and_name_runs_stay_valid_and_bounded(text: str) -> None:
    article = Article(text, title=text[:200])
    _clear_word_caches()
    started = time.process_time()
    cues = misspelling.find(article) + name_variant.find(article)
    assert time.process_time() - started < SECONDS
    for cue in cues:
        value = article.field(cue.field)
        assert 0 <= cue.start < cue.end <= len(value)
        assert value[cue.start : cue.end] == cue.evidence


def test_the_word_table_is_built_once_when_threads_start_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import wordfreq

    real = wordfreq.get_frequency_list
    builds = []

    def counted(*args: object, **kwargs: object) -> object:
        builds.append(threading.get_ident())
        time.sleep(0.2)  # widen the window in which a second thread could start a build
        return real(*args, **kwargs)

    monkeypatch.setattr(wordfreq, "get_frequency_list", counted)
    _lexicon.clear_caches()
    misspelling._suggestion.cache_clear()
    try:
        barrier = threading.Barrier(8)
        errors: list[BaseException] = []

        def score() -> None:
            try:
                barrier.wait()
                article = Article("The goverment said Zelensky met Zelenksy. Zelensky left.")
                misspelling.find(article)
                name_variant.find(article)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=score) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert len(builds) == 1
    finally:
        monkeypatch.undo()
        _lexicon.clear_caches()
        misspelling._suggestion.cache_clear()
