"""Word-frequency knowledge shared by the spelling cues (misspelling, name_variant).

Both cues ask the same two questions of a word: how common is it in English (wordfreq's
Zipf scale, 0 = unknown, 3 = once per million words, 6 = 'the'), and is there a much more
common word one keystroke slip away? Tables are built lazily on first use, never at import.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import NamedTuple

VOWELS = frozenset("aeiouy")

# Neighbours rarer than this are never suggested: both cues only care about a slip away from
# a word readers see daily (zipf 3.5 = about 3 uses per million words).
NEIGHBOUR_MIN_ZIPF = 3.5


class Neighbour(NamedTuple):
    """The most frequent word one edit away, and how the odd word departs from it."""

    word: str
    zipf: float
    edit: str
    """'transpose', 'double' (a doubled letter added or dropped), 'drop' (a letter missing),
    'extra' (a letter added), 'vowel' (vowel for vowel) or 'swap' (other substitution)."""
    position: int
    """Index of the edit in the neighbour word."""


@cache
def zipf_table() -> dict[str, float]:
    """Lower-case English word -> Zipf frequency (wordfreq 'large' list, ~321k words)."""
    import wordfreq  # deferred: loading the table is the expensive part

    return {
        word: math.log10(freq) + 9.0
        for word, freq in wordfreq.get_frequency_dict("en", "large").items()
    }


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word, 0.0 if wordfreq has never seen it."""
    return zipf_table().get(word, 0.0)


@cache
def common_words(min_zipf: float) -> frozenset[str]:
    """Every word at least this frequent: a set to subtract an article's words from in C."""
    return frozenset(word for word, value in zipf_table().items() if value >= min_zipf)


@cache
def _deletion_index() -> dict[str, list[tuple[str, int]]]:
    """(word minus one letter) -> [(frequent word, index of the removed letter)]."""
    index: dict[str, list[tuple[str, int]]] = {}
    for word, value in zipf_table().items():
        if value < NEIGHBOUR_MIN_ZIPF or not word.isalpha():
            continue
        for i in range(len(word)):
            index.setdefault(word[:i] + word[i + 1 :], []).append((word, i))
    return index


def _kind_of_length_change(longer: str, i: int) -> str:
    """'double' when the letter at i repeats a neighbour letter, else a plain insertion."""
    letter = longer[i]
    if (i > 0 and longer[i - 1] == letter) or (i + 1 < len(longer) and longer[i + 1] == letter):
        return "double"
    return ""


@lru_cache(maxsize=200_000)
def best_neighbour(word: str) -> Neighbour | None:
    """The most frequent word one Damerau edit from ``word``, first letter kept.

    Only slips inside the word count: edits to the first letter, and suffix changes at the
    end (plural 's', past 'd', 'Sweden'/'Swedes'), turn one real word into another far more
    often than they produce a misspelling.
    """
    table = zipf_table()
    index = _deletion_index()
    n = len(word)
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
    # A typing slip ('wich' -> 'which') is likelier than a changed letter ('with').
    return max(found, key=lambda c: (c.edit not in ("swap", "extra"), c.zipf)) if found else None


# Regular British/Commonwealth spellings and their US forms: both are correct English.
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
)


def is_regional_variant(word: str, other: str) -> bool:
    """True when the two are the British and American spellings of one word."""
    for british, american in _REGIONAL_PAIRS:
        for a, b in ((british, american), (american, british)):
            start = word.find(a)
            while start != -1:
                if word[:start] + b + word[start + len(a) :] == other:
                    return True
                start = word.find(a, start + 1)
    return False
