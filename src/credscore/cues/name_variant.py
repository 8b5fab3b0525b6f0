"""One person's name spelled two ways in one article ('Zelensky' ... 'Zenesky'): no one checked it.

A careful desk spells a name the same way throughout. The cue pairs a rare capitalised word
with a more established one in the same article that is one or two slips away, and spans
the odd spelling's first occurrence (one cue per odd spelling), naming the other spelling
in the message. Not variants: real words that differ legitimately (Austria/Australia,
Iran/Iraq, Sweden/Swedes: both are common words, or they differ only in an ending),
acronyms and short names, and two people who are each introduced with their own first name
("Anna Jansen" ... "Peter Jensen").
"""

from __future__ import annotations

import heapq
import logging
import re
from collections import Counter
from functools import cache

from rapidfuzz.distance import OSA

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues._lexicon import common_words, zipf

logger = logging.getLogger(__name__)

KIND = "name_variant"
DIRECTION = -1

# A capitalised name of 4+ letters, possessive 's allowed after it. Names of 3 letters or
# fewer ('Tom'/'Tim', 'Kim') differ by one letter far too often. The scan is the cheap one
# run on every article; the precise pattern (not inside a handle, URL or hyphenated word)
# only runs on the few names that look like variants.
_NAME_SCAN = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{3,}(?![A-Za-z])")
# The same shape among the article's distinct letter runs, one per line: the text itself is
# never scanned for candidates (the leading newline is a literal the engine jumps between).
_NAME_RUN = re.compile(r"\n([A-Z][a-z]{3,})(?=\n)")
_NAME_AFTER = r"(?![\w\-]|['’](?![sS]\b)\w)"
_NOT_BEFORE_NAME = frozenset("'’-@#/._") | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# The capitalised word just before a name, or just after it, if only a space separates them.
_GIVEN_NAME = re.compile(r"([A-Z][a-z]+)[ \t]+$")
_FAMILY_NAME = re.compile(r"[ \t]+[A-Z][a-z]")

# The odd spelling must be rare in English (benett 1.61, zenesky 0): names people actually
# share are more frequent ('Jansen' 2.98, 'Jensen' 3.55), and ordinary words far more so.
ODD_MAX_ZIPF = 2.5
# A well-known spelling this much more frequent can win even when used as often in the text.
ESTABLISHED_GAP = 1.5
# Names this long can carry two slips (Zelensky -> Zenesky, 8 letters); shorter ones one.
# Two slips also match unrelated names ('Boylston'/'Boston', 'Stepney'/'Stephen' in ReCOVery
# and FakeNewsNet), so then the other spelling must be the article's own rare name (zipf < 3.5,
# Zelensky 1.8) and recur (3+ uses).
TWO_EDIT_MIN_LENGTH = 7
TWO_EDIT_MAX_OTHER_ZIPF = 3.5
TWO_EDIT_MIN_USES = 3
# Pairing names is quadratic in the number of distinct names. ReCOVery's longest article
# (92k characters) has 617 rare names and 545 names used twice or more; beyond these caps a
# text is a list or junk, not one story, and only the most used names are compared, so a
# page of 100,000 distinct names costs a bounded 1,000 x 1,000 comparisons at worst.
MAX_ODD_NAMES = 1000
MAX_OTHER_NAMES = 1000
# A very common word as the 'right' spelling ('During' for a band called 'Dousing') is the
# misspelling cue's business, not a name's.
OTHER_MAX_ZIPF = 5.0

# Titles and roles before a name do not tell two people apart ('President Zelensky').
_ROLE_WORDS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Prof",
        "Professor",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "President",
        "Vice",
        "Prime",
        "Minister",
        "Senator",
        "Sen",
        "Rep",
        "Representative",
        "Governor",
        "Gov",
        "Mayor",
        "General",
        "Gen",
        "Colonel",
        "Col",
        "Captain",
        "Capt",
        "Chancellor",
        "Secretary",
        "Judge",
        "Justice",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "Saint",
        "St",
        "Father",
        "Brother",
        "Sister",
        "Coach",
        "Officer",
        "Sergeant",
        "Sgt",
        "Chairman",
        "Chief",
        "Director",
        "Ambassador",
        "Speaker",
        "Leader",
        "Premier",
        "Emir",
        "Sheikh",
        "Rabbi",
        "Reverend",
        "Rev",
        "Bishop",
        "Cardinal",
        "Archbishop",
        "Lieutenant",
        "Commander",
        "Admiral",
        "Major",
        "Deputy",
        "Foreign",
        "Defence",
        "Defense",
        "Health",
        "Interior",
        "Finance",
        "Minister",
        "Ukrainian",
        "Russian",
        "American",
        "Israeli",
        "British",
        "French",
        "German",
        "Chinese",
        "Former",
    ]
)


@cache
def _capitalised_common() -> frozenset[str]:
    """Capitalised forms of every word commoner than a typo: subtracted from names in C."""
    return frozenset(word.capitalize() for word in common_words(ODD_MAX_ZIPF))


def _given_names(text: str, matches: list[re.Match[str]]) -> set[str]:
    """First names written just before the occurrences (roles and titles left out)."""
    found = set()
    for match in matches:
        before = _GIVEN_NAME.search(text, max(0, match.start() - 30), match.start())
        if before and before.group(1) not in _ROLE_WORDS and zipf(before.group(1).lower()) < 5.5:
            found.add(before.group(1))
    return found


def _positions(text: str, matches: list[re.Match[str]]) -> set[str]:
    """Whether the name stands as a first name ('given') or after one ('family')."""
    found = set()
    for match in matches:
        before = _GIVEN_NAME.search(text, max(0, match.start() - 30), match.start())
        if before and before.group(1) not in _ROLE_WORDS:
            found.add("family")
        elif _FAMILY_NAME.match(text, match.end()):
            found.add("given")
    return found


def _differs_only_in_ending(odd: str, other: str) -> bool:
    """Russia/Russian, Sweden/Swedes, Iran/Iraq: endings change words, not spellings."""
    shorter = min(len(odd), len(other))
    prefix = 0
    while prefix < shorter and odd[prefix] == other[prefix]:
        prefix += 1
    return prefix >= shorter - 2


def _occurrences(article: Article, name: str) -> list[tuple[str, re.Match[str]]]:
    """(field, match) of each whole-word use of the name, title first."""
    # The pattern starts with the name itself so the regex engine can jump between literal
    # hits; the character before is checked here (a lookbehind first would scan every byte).
    pattern = re.compile(re.escape(name) + _NAME_AFTER)
    found = []
    for field in ("title", "text"):
        value = article.field(field)
        for match in pattern.finditer(value):
            if match.start() == 0 or value[match.start() - 1] not in _NOT_BEFORE_NAME:
                found.append((field, match))
    return found


def _best_other_spelling(
    odd: str, counts: Counter[str], candidates: list[str], text: str
) -> str | None:
    """The more established spelling that ``odd`` is one or two slips away from, if any.

    ``candidates`` are the names used at least twice: one use against one use is no
    established spelling ('Leane'/'Leone').
    """
    odd_zipf = zipf(odd.lower())
    odd_count = counts[odd]
    limit = 2 if len(odd) >= TWO_EDIT_MIN_LENGTH else 1
    best: str | None = None
    best_count = 0
    for other in candidates:
        if other == odd or abs(len(other) - len(odd)) > limit:
            continue
        distance = OSA.distance(odd, other, score_cutoff=limit)
        if distance > limit:
            continue
        other_zipf = zipf(other.lower())
        other_count = counts[other]
        if other_zipf >= OTHER_MAX_ZIPF or (
            distance == 2
            and (other_zipf >= TWO_EDIT_MAX_OTHER_ZIPF or other_count < TWO_EDIT_MIN_USES)
        ):
            continue
        more_used = other_count > odd_count
        established = other_count == odd_count and other_zipf - odd_zipf >= ESTABLISHED_GAP
        if not (more_used or established) or other_zipf < odd_zipf:
            continue
        if _differs_only_in_ending(odd, other) or other.lower() in text:
            continue  # an ending, or an ordinary word written in lower case too
        if other_count > best_count:
            best, best_count = other, other_count
    return best


def _name_counts(article: Article) -> Counter[str]:
    """Capitalised names of 4+ letters (whole letter runs) in title and text, with counts."""
    runs = article.run_counts
    counts = Counter(
        {name: runs[name] for name in _NAME_RUN.findall("\n" + "\n".join(runs) + "\n")}
    )
    for name in _NAME_SCAN.findall(article.title):
        counts[name] += 1
    return counts


def _most_used(names: set[str] | list[str], counts: Counter[str], cap: int) -> list[str]:
    """``names`` in alphabetical order, cut to the ``cap`` most used if there are more."""
    if len(names) > cap:
        logger.debug("%d distinct names, comparing the %d most used", len(names), cap)
        # A heap keeps the cut linear in the number of names; a full sort is not.
        names = heapq.nsmallest(cap, names, key=lambda name: (-counts[name], name))
    return sorted(names)


def find(article: Article) -> list[Cue]:
    """One cue per odd spelling of a name that the article also spells another way."""
    text = article.text
    counts = _name_counts(article)
    odd_candidates = {
        name for name in counts.keys() - _capitalised_common() if zipf(name.lower()) < ODD_MAX_ZIPF
    }
    if not odd_candidates:
        return []
    by_initial: dict[str, list[str]] = {}
    for name in _most_used([name for name, n in counts.items() if n >= 2], counts, MAX_OTHER_NAMES):
        by_initial.setdefault(name[0], []).append(name)
    cues: list[Cue] = []
    for odd in _most_used(odd_candidates, counts, MAX_ODD_NAMES):
        same_initial = by_initial.get(odd[0])
        if not same_initial:
            continue
        best = _best_other_spelling(odd, counts, same_initial, text)
        if best is None:
            continue
        odd_places = _occurrences(article, odd)
        best_places = _occurrences(article, best)
        if not odd_places:
            continue
        odd_in_text = [match for field, match in odd_places if field == "text"]
        best_in_text = [match for field, match in best_places if field == "text"]
        odd_given = _given_names(text, odd_in_text)
        best_given = _given_names(text, best_in_text)
        if odd_given and best_given and not odd_given & best_given:
            continue  # two people, each introduced by a first name
        odd_positions = _positions(text, odd_in_text)
        best_positions = _positions(text, best_in_text)
        if len(odd_positions) == len(best_positions) == 1 and odd_positions != best_positions:
            continue  # a surname and someone else's first name ('Ella Mastin', 'Martin Lee')
        field, first = odd_places[0]
        cues.append(
            article.cue(
                KIND,
                field,
                first.start(),
                first.end(),
                f"'{odd}' looks like a misspelling of '{best}' (used {counts[best]}x).",
            )
        )
    cues.sort(key=lambda cue: (cue.field != "title", cue.start))
    return cues
