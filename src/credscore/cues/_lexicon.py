"""Word-frequency knowledge shared by the spelling cues (misspelling, name_variant).

Both cues ask the same two questions of a word: how common is it in English (wordfreq's
Zipf scale, 0 = unknown, 3 = once per million words, 6 = 'the'), and is there a much more
common word one keystroke slip away? Tables are built lazily on first use, never at import,
and once per process even when several threads ask for them at the same moment.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import NamedTuple, TypeVar

_T = TypeVar("_T")

VOWELS = frozenset("aeiouy")

# Neighbours rarer than this are never suggested: both cues only care about a slip away from
# a word readers see daily (zipf 3.5 = about 3 uses per million words).
NEIGHBOUR_MIN_ZIPF = 3.5
#: Letters in the longest word wordfreq knows at all (34, 'supercalifragilisticexpialidocious').
#: A longer letter run is no word: the spelling and name paths skip it without a look-up, which
#: keeps their cost per token bounded whatever the text ('a' * 200,000 is one token).
LONGEST_WORD = 34

# Every table below is built under this lock: eight threads scoring their first article at
# once otherwise each build the 321,000-word table (7 s and 460 MB in all, issue 11). It is
# re-entrant because one table is built from another.
_BUILD_LOCK = threading.RLock()


def _built_once(build: Callable[[], _T]) -> Callable[[], _T]:
    """``build()``, run on the first call only, by one thread while the others wait."""
    built: list[_T] = []

    @wraps(build)
    def get() -> _T:
        if not built:
            with _BUILD_LOCK:
                if not built:
                    built.append(build())
        return built[0]

    get.cache_clear = built.clear  # type: ignore[attr-defined]
    return get


class Neighbour(NamedTuple):
    """The most frequent word one edit away, and how the odd word departs from it."""

    word: str
    zipf: float
    edit: str
    """'transpose', 'double' (a doubled letter added or dropped), 'drop' (a letter missing),
    'extra' (a letter added), 'vowel' (vowel for vowel), 'swap' (other substitution) or
    'ically' ('publically' for 'publicly'); the misspelling cue adds 'space' ('alot')."""
    position: int
    """Index of the edit in the neighbour word."""


@_built_once
def zipf_table() -> dict[str, float]:
    """Lower-case English word -> Zipf frequency (wordfreq 'large' list, ~321k words)."""
    import wordfreq  # deferred: loading the table is the expensive part

    # The list holds words in buckets of one centibel each (bucket i: frequency 10^(-i/100),
    # Zipf 9 - i/100): filling the dict bucket by bucket costs a fifth of a log per word.
    table: dict[str, float] = {}
    for index, bucket in enumerate(wordfreq.get_frequency_list("en", "large")):
        table.update(dict.fromkeys(bucket, round(9.0 - index / 100, 2)))
    return table


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word, 0.0 if wordfreq has never seen it."""
    return zipf_table().get(word, 0.0)


_common_words: dict[float, frozenset[str]] = {}


def common_words(min_zipf: float) -> frozenset[str]:
    """Every word at least this frequent: a set to subtract an article's words from in C."""
    found = _common_words.get(min_zipf)
    if found is None:
        with _BUILD_LOCK:
            found = _common_words.get(min_zipf)
            if found is None:
                table = zipf_table()
                found = frozenset(word for word, value in table.items() if value >= min_zipf)
                _common_words[min_zipf] = found
    return found


common_words.cache_clear = _common_words.clear  # type: ignore[attr-defined]


@_built_once
def _deletion_index() -> dict[str, list[tuple[str, int]]]:
    """(word minus one letter) -> [(frequent word, index of the removed letter)]."""
    index: dict[str, list[tuple[str, int]]] = {}
    for word, value in zipf_table().items():
        if value < NEIGHBOUR_MIN_ZIPF or not word.isalpha():
            continue
        for i in range(len(word)):
            index.setdefault(word[:i] + word[i + 1 :], []).append((word, i))
    return index


_REPEATS = re.compile(r"(.)\1+")


def squash_doubles(word: str) -> str:
    """``word`` with every run of one repeated letter cut to one ('tommorow' -> 'tomorow')."""
    return _REPEATS.sub(r"\1", word)


@_built_once
def _squashed_index() -> dict[str, tuple[str, float]]:
    """squash_doubles(frequent word) -> the most frequent word with that shape."""
    index: dict[str, tuple[str, float]] = {}
    for word, value in zipf_table().items():
        if value < NEIGHBOUR_MIN_ZIPF or not word.isalpha():
            continue
        key = squash_doubles(word)
        if key not in index or index[key][1] < value:
            index[key] = (word, value)
    return index


@_built_once
def _longest_neighbour() -> int:
    """Length of the longest frequent word: a longer word has no neighbour one edit away."""
    return max((len(word) for word, _ in _squashed_index().values()), default=0)


def clear_caches() -> None:
    """Forget every table and memoised look-up (tests time first calls with this)."""
    for cached in (zipf_table, _deletion_index, _squashed_index, _longest_neighbour):
        cached.cache_clear()  # type: ignore[union-attr]
    common_words.cache_clear()  # type: ignore[attr-defined]
    best_neighbour.cache_clear()


def _kind_of_length_change(longer: str, i: int) -> str:
    """'double' when the letter at i repeats a neighbour letter, else a plain insertion."""
    letter = longer[i]
    if (i > 0 and longer[i - 1] == letter) or (i + 1 < len(longer) and longer[i + 1] == letter):
        return "double"
    return ""


def _doubling_neighbour(word: str) -> Neighbour | None:
    """A frequent word that differs from ``word`` only in which letters are doubled.

    Catches slips two doublings apart ('tommorow'/'tomorrow', 'milenium'/'millennium') that
    one edit cannot reach.
    """
    if len(word) < 5:
        return None  # 'zzzz' is no 'z'
    hit = _squashed_index().get(squash_doubles(word))
    if hit is None or hit[0] == word or hit[0][0] != word[0]:
        return None
    other, value = hit
    first_difference = next(
        (i for i, (a, b) in enumerate(zip(word, other, strict=False)) if a != b),
        min(len(word), len(other)),
    )
    # The letter before the first difference is the one doubled in one spelling only.
    return Neighbour(other, value, "double", first_difference - 1)


def _ally_neighbour(word: str) -> Neighbour | None:
    """'publically' -> 'publicly': an -ally adverb where English has -ly after -ic."""
    if not word.endswith("ically"):
        return None
    other = word[:-4] + "ly"
    value = zipf_table().get(other, 0.0)
    if value < NEIGHBOUR_MIN_ZIPF or zipf_table().get(word[:-2], 0.0) > 0:
        return None  # 'logically' is 'logical' + 'ly', a real word
    return Neighbour(other, value, "ically", len(other) - 2)


@lru_cache(maxsize=200_000)
def best_neighbour(word: str) -> Neighbour | None:
    """The most frequent word one Damerau edit from ``word``, first letter kept.

    Only slips inside the word count: edits to the first letter, and suffix changes at the
    end (plural 's', past 'd', 'Sweden'/'Swedes'), turn one real word into another far more
    often than they produce a misspelling. Words longer than any frequent word plus one
    letter have no neighbour and cost one comparison, not one string per letter.
    """
    n = len(word)
    if n < 2 or n > _longest_neighbour() + 1:
        return None
    table = zipf_table()
    index = _deletion_index()
    found: list[Neighbour] = []

    # A letter missing from word: word equals a frequent word minus one letter.
    for other, i in index.get(word, ()):
        if 0 < i < len(other) - 1 or (i == len(other) - 1 and _kind_of_length_change(other, i)):
            found.append(
                Neighbour(other, table[other], _kind_of_length_change(other, i) or "drop", i)
            )
    for i in range(1, n):
        shorter = word[:i] + word[i + 1 :]
        # A letter too many in word.
        value = table.get(shorter, 0.0)
        if value >= NEIGHBOUR_MIN_ZIPF and (i < n - 1 or _kind_of_length_change(word, i)):
            found.append(Neighbour(shorter, value, _kind_of_length_change(word, i) or "extra", i))
        # One letter replaced (never the last: Iran/Iraq, Sweden/Swedes).
        if i < n - 1:
            for other, j in index.get(shorter, ()):
                if j == i and len(other) == n:
                    vowels = word[i] in VOWELS and other[i] in VOWELS
                    found.append(Neighbour(other, table[other], "vowel" if vowels else "swap", i))
        # Two adjacent letters swapped.
        if i < n - 1 and word[i] != word[i + 1]:
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            value = table.get(swapped, 0.0)
            if value >= NEIGHBOUR_MIN_ZIPF:
                found.append(Neighbour(swapped, value, "transpose", i))
    found = [candidate for candidate in found if candidate.word != word]
    if not found:
        further = _doubling_neighbour(word) or _ally_neighbour(word)
        return further
    # A typing slip ('wich' -> 'which') is likelier than a changed letter ('with').
    return max(found, key=lambda c: (c.edit not in ("swap", "extra"), c.zipf))


# Regular British/Commonwealth spellings and their US forms: both are correct English.
# A '$' marks a pair that only holds at the end of the word ('appal'/'appall').
_REGIONAL_PAIRS = (
    ("our", "or"),
    ("ise", "ize"),
    ("isi", "izi"),
    ("isa", "iza"),
    ("yse", "yze"),
    ("ysi", "yzi"),
    ("tre", "ter"),
    ("bre", "ber"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("ssed", "sed"),
    ("ssing", "sing"),
    ("ae", "e"),
    ("oe", "e"),
    ("ogue", "og"),
    ("amme", "am"),
    ("ice", "ise"),
    ("lment", "llment"),
    ("eable", "able"),
    ("dgement", "dgment"),
    ("gramming", "graming"),
    ("grammed", "gramed"),
)
# Each pair both ways: (spelling in the word, spelling in its counterpart).
_REGIONAL_SWAPS = tuple(
    (a, b)
    for british, american in _REGIONAL_PAIRS
    for a, b in ((british, american), (american, british))
)
# British verbs that end in one 'l' where American doubles it (appal/appall, enrol/enroll).
# One way only: read backwards, the rule would excuse 'untill' as a form of 'until'.
_BRITISH_FINAL_L = re.compile(r"(?<=[aeiou])l(?=s?$)")


def _swaps(word: str, a: str, b: str) -> list[str]:
    """``word`` with one occurrence of ``a`` replaced by ``b``, for each occurrence."""
    found = []
    start = word.find(a)
    while start != -1:
        found.append(word[:start] + b + word[start + len(a) :])
        start = word.find(a, start + 1)
    return found


def regional_counterparts(word: str) -> set[str]:
    """The other region's spellings of ``word`` under the regular patterns (may not exist)."""
    if len(word) > LONGEST_WORD:
        return set()
    found = {other for a, b in _REGIONAL_SWAPS if a in word for other in _swaps(word, a, b)}
    if len(word) > 4:
        found.add(_BRITISH_FINAL_L.sub("ll", word, count=1))
    found.discard(word)
    return found


def is_regional_variant(word: str, other: str) -> bool:
    """True when the two are the British and American spellings of one word."""
    return other in regional_counterparts(word)
