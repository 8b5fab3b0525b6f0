"""One person's name spelled two ways in one article ('Zelensky' ... 'Zenesky'): no one checked it.

A careful desk spells a name the same way throughout. The cue pairs capitalised names of the
article that are one slip apart (two in long names), or that differ only in their vowels and
doubled letters (Halvorsen/Halverson), even when each spelling is used once, and spans the
odd spelling's first occurrence (one cue per odd spelling), naming the other spelling in the
message. The odd one is the rarer in the article, then the rarer in English.

Not variants: real words that differ legitimately (Austria/Australia, Iran/Iraq: both
established words; Russia/Russian, Sweden/Swedes: one word's forms), words the article also
writes in lower case, acronyms and short names ('Lee'/'Leo'), two established names
(Thomson/Thompson, Smyth/Smith: both common in English), and two people each introduced
with their own first name ("Anna Jansen" ... "Peter Jensen").
"""

from __future__ import annotations

import heapq
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues._lexicon import LONGEST_WORD, squash_doubles, zipf, zipf_table

logger = logging.getLogger(__name__)

KIND = "name_variant"
DIRECTION = -1

# A capitalised name of 4+ letters, possessive 's allowed after it. Names of 3 letters or
# fewer ('Tom'/'Tim', 'Lee'/'Leo') differ by one letter far too often. Candidates come from
# the article's letter-run counts (the distinct words, not a scan of the text); the text is
# scanned once, only when a pair is found, to place the uses and read their context.
_NAME_SCAN = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{3,}(?![A-Za-z])")
_SHORTEST_NAME = 4
_NAME_AFTER = re.compile(r"[\w\-]|['’](?![sS]\b)\w")
_NOT_BEFORE_NAME = frozenset("'’-@#/._") | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# The capitalised word just before a name, or just after it, if only a space separates them.
# A period after the word before is an abbreviated title ('Sen. Lindqvist', 'Dr. Fauci') or
# the end of a sentence ('... from Washington. Bidden never came'), never a first name.
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)(\.?)[ \t]+$")
# A title two words before a name, across its first name ('Sheriff Roy Halvorsen').
_TITLE_BEFORE_GIVEN = re.compile(r"([A-Z][a-z]+)\.?[ \t]+[A-Z][a-z]+[ \t]+$")
_FAMILY_NAME = re.compile(r"[ \t]+([A-Z][a-z]+)")

# The odd spelling must not be an established word or name: 'Puttin' 2.73, 'Jansen' 2.98,
# 'Macrone' 0 are candidates; 'Thomson' 3.78, 'Smyth' 3.04, 'Iraq' 4.43 are names and words
# of their own.
ODD_MAX_ZIPF = 3.0
# Between two spellings used equally often, one this much rarer in English is the odd one;
# closer ones (Halvorsen 1.97/Halverson 2.10) are told apart by which the article used first.
CLEARLY_RARER = 1.0
# A very common word as the 'right' spelling ('During' for a band called 'Dousing') is the
# misspelling cue's business, not a name's.
OTHER_MAX_ZIPF = 5.0
# Names this long can carry two slips (Zelensky -> Zenesky, 8 letters); shorter ones one.
# Two slips also match unrelated names ('Boylston'/'Boston', 'Stepney'/'Stephen' in ReCOVery
# and FakeNewsNet), so then the other spelling must be the article's own rare name (zipf < 3.5,
# Zelensky 1.8) and recur (3+ uses), unless the two differ only in vowels and doubled letters
# (Halvorsen/Halverson, Obrador/Obredor).
TWO_EDIT_MIN_LENGTH = 7
TWO_EDIT_MAX_OTHER_ZIPF = 3.5
TWO_EDIT_MIN_USES = 3
# Pairing names costs odd names x all names, in one call computed in C. ReCOVery's longest
# article (92k characters) has 617 rare names and 545 names used twice or more; beyond these
# caps a text is a list or junk, not one story, and only the most used names are compared,
# so a page of 100,000 distinct names costs at most 500 x 1,000 distances (~45 ms).
MAX_ODD_NAMES = 500
MAX_PARTNER_NAMES = 1000
# Up to this many same-initial comparisons, one distance call each (an article: a few
# dozen); beyond it, one odd x partner matrix in C.
PAIRWISE_LIMIT = 2_000
# A spelling that does not sound like the other (a keyboard slip: 'Netahyahu', 'Macrom')
# counts when the article uses the other one at least twice and wordfreq has barely seen the
# slip (zipf < 1): 'Harald' 2.9/'Harold', 'Thao'/'Theo', 'Tham'/'Thai' are names of their own.
SETTLED_USES = 2
SLIP_MAX_ZIPF = 1.0
# Two spellings used once each, with no first name or title to join them, count when they
# sound alike and the odd one is unknown to wordfreq ('Obredor', 'Erdogen') or refers back
# to the other; sound-alike names of their own ('Meagan' 2.6/'Megan', 'Steffen'/'Stefan')
# are other people.
ALIKE_MAX_ZIPF = 1.0
# The context of a name (first names, titles before it) is read from its first uses only.
MAX_USES_READ = 50
# Endings that make another form of one word or name: Russia/Russian, Sweden/Swedes,
# Somalia/Somalis, Islamophobia/Islamophobic, Cuban/Cubana, Brexiters/Brexiteers,
# Guardsman/Guardsmen. '' against 'e' (Macron/Macrone) and 'i' against 'y' (Zelenski/
# Zelensky, the -ski/-sky of transliteration) are spellings, not forms.
_ENDINGS = (
    *("", "s", "es", "n", "an", "ian", "ns", "ans", "ians", "i", "is", "ese", "ish", "ic"),
    *("a", "ia", "ya", "iya", "ah", "o", "x", "e", "y", "ie", "ey", "ism", "ist", "ists"),
    *("ite", "ites", "ers", "eers", "man", "men", "ics", "al", "ans", "ns"),
)
_SPELLING_ENDINGS = ({"", "e"}, {"i", "y"})
# A rare capitalised word one slip from a common English word or place ('Asif'/'Asia',
# 'Ilan'/'Iran', 'Sundar'/'Sunday', 'Massie'/'Massive', all in the reliable collections) is
# another name; it is a misspelling only when wordfreq has barely seen it ('Beijng' 0,
# 'Ottowa' 1.4).
COMMON_PARTNER_ZIPF = 4.2
COMMON_PARTNER_ODD_MAX_ZIPF = 1.5

# Titles and roles before a name: the same one before both spellings points at one person
# ('President Zelensky' ... 'President Zenesky'); they never count as first names.
_ROLE_WORDS = frozenset(
    """Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady President Vice Prime Minister
    Senator Sen Rep Representative Governor Gov Mayor General Gen Colonel Col Captain Capt
    Chancellor Secretary Judge Justice King Queen Prince Princess Pope Saint St Father
    Brother Sister Coach Officer Sergeant Sgt Chairman Chairwoman Chief Director Ambassador
    Speaker Leader Premier Emir Sheikh Rabbi Reverend Rev Bishop Cardinal Archbishop
    Lieutenant Commander Admiral Major Deputy Sheriff Detective Inspector Constable
    Councillor Councilman Councilwoman Commissioner Superintendent Trustee Manager
    Clerk Treasurer Auditor Assessor Registrar Warden Marshal Attorney Prosecutor Chair
    Alderman Alderwoman Assemblyman Assemblywoman Congressman Congresswoman Delegate
    Lawmaker Spokesman Spokeswoman Spokesperson Agent Trooper Provost Dean Principal
    Pastor Imam Cantor Elder Ayatollah Mufti Chancellor Registrar Coroner Magistrate
    Foreign Defence Defense Health Interior Finance Energy Former""".split()
)


# Letters and pairs that sound alike in names, merged before the vowels are read.
# Transliterations write one sound several ways: ş as sh or s (Dervişoğlu), th as t, sz and
# cz in Polish names.
_SOUNDS_ALIKE = (
    *(("wh", "w"), ("ph", "f"), ("ck", "k"), ("sch", "sh"), ("ch", "c"), ("kh", "k")),
    *(("zh", "z"), ("sz", "s"), ("cz", "c"), ("sh", "s"), ("th", "t"), ("gh", "g")),
)
_HARD_C = str.maketrans({"c": "k", "q": "k"})
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_SILENT_END = re.compile(r"(?<=[^aeiouy])e$")
_LE_END = re.compile(r"(?<=[^aeiouy])le$")


@lru_cache(maxsize=100_000)
def _skeleton(name: str) -> str:
    """The name as it sounds, roughly: letters that sound alike merged (ch/c, ck/k, wh/w),
    doubled letters single, a final silent 'e' dropped ('-le' read as '-el') and each run of
    vowels one mark. Spellings that share it differ the way people mishear or misremember a
    name (Halvorsen/Halverson, Fauci/Fauchi, Sunak/Sunack, Merkel/Merkle, Trudeau/Trudeu),
    not by a slip of the keyboard ('Beijng', 'Schenider', 'Obamcare')."""
    sound = _LE_END.sub("el", name.lower())
    sound = _SILENT_END.sub("", sound)
    for spelled, said in _SOUNDS_ALIKE:
        sound = sound.replace(spelled, said)
    sound = squash_doubles(sound.translate(_HARD_C))
    return sound[0] + _VOWEL_RUN.sub("a", sound[1:])


def _forms_of_one_word(a: str, b: str) -> bool:
    """Russia/Russian, Sweden/Swedes, Somalia/Somalis: one stem with two endings."""
    for end_a in _ENDINGS:
        if not a.endswith(end_a) or len(a) - len(end_a) < 3:
            continue
        stem = a[: len(a) - len(end_a)]
        end_b = b[len(stem) :]
        two_endings = b.startswith(stem) and end_b != end_a and end_b in _ENDINGS
        if two_endings and {end_a, end_b} not in _SPELLING_ENDINGS:
            return True
    return False


@dataclass
class _Uses:
    """Where a name stands in the article, and what stands before and after it."""

    places: list[tuple[str, int, int]] = field(default_factory=list)
    given: set[str] = field(default_factory=set)
    """First names written just before it ('Anna' in 'Anna Jansen')."""
    roles: set[str] = field(default_factory=set)
    """Titles and roles just before it ('President', 'Mayor')."""
    positions: set[str] = field(default_factory=set)
    """'family' when it follows a first name, 'given' when a capitalised word follows it."""
    family: set[str] = field(default_factory=set)
    """Surnames written just after it, when it stands as a first name ('Sanders')."""


def _read_uses(article: Article, names: set[str]) -> dict[str, _Uses]:
    """One scan of title and text: the first uses of each name and their context."""
    uses = {name: _Uses() for name in names}
    for field_name in ("title", "text"):
        value = article.field(field_name)
        for match in _NAME_SCAN.finditer(value):
            found = uses.get(match.group())
            if found is None or len(found.places) >= MAX_USES_READ:
                continue
            start, end = match.span()
            if start and value[start - 1] in _NOT_BEFORE_NAME:
                continue  # inside a handle, a URL or a word
            if _NAME_AFTER.match(value, end):
                continue
            found.places.append((field_name, start, end))
            if field_name != "text":
                continue
            before = _WORD_BEFORE.search(value, max(0, start - 30), start)
            if before and before.group(1) in _ROLE_WORDS:
                found.roles.add(before.group(1))
            elif before and not before.group(2) and zipf(before.group(1).lower()) < 5.5:
                found.given.add(before.group(1))
                found.positions.add("family")
                title = _TITLE_BEFORE_GIVEN.search(value, max(0, start - 50), start)
                if title and title.group(1) in _ROLE_WORDS:
                    found.roles.add(title.group(1))
            elif after := _FAMILY_NAME.match(value, end):
                found.positions.add("given")
                found.family.add(after.group(1))
    return uses


def _name_counts(article: Article) -> Counter[str]:
    """Capitalised names of 4+ letters (whole letter runs) in title and text, with counts."""
    runs = article.run_counts
    # The article's distinct letter runs, filtered in C: a run is a name when it is one
    # capital and lower-case letters only (what _NAME_SCAN matches); the text itself is never
    # scanned for candidates. Runs longer than any word are no names.
    counts = Counter(
        {
            name: runs[name]
            for name in filter(str.istitle, runs)
            if _SHORTEST_NAME <= len(name) <= LONGEST_WORD
        }
    )
    for name in _NAME_SCAN.findall(article.title):
        if len(name) <= LONGEST_WORD:
            counts[name] += 1
    return counts


def _most_used(names: list[str], counts: Counter[str], cap: int) -> list[str]:
    """``names`` in alphabetical order, cut to the ``cap`` most used if there are more."""
    if len(names) > cap:
        logger.debug("%d distinct names, comparing the %d most used", len(names), cap)
        # A heap keeps the cut linear in the number of names; a full sort is not.
        names = [name for _, name in heapq.nsmallest(cap, [(-counts[n], n) for n in names])]
    return sorted(names)


def _within_reach(odds: list[str], partners: list[str]) -> dict[int, list[tuple[int, int]]]:
    """Row of each odd name -> (column, distance) of the partners at most two edits away
    that share its first letter (the letter of a name people get right).

    An article's few odd names are compared only with partners of their own initial, one
    distance call each; past :data:`PAIRWISE_LIMIT` such comparisons (a page of names) one
    matrix computed in C is cheaper.
    """
    by_initial: dict[str, list[int]] = {}
    for column, partner in enumerate(partners):
        by_initial.setdefault(partner[0], []).append(column)
    comparisons = sum(len(by_initial.get(odd[0], ())) for odd in odds)
    within: dict[int, list[tuple[int, int]]] = {}
    if comparisons <= PAIRWISE_LIMIT:
        distance_of = OSA.distance
        for row, odd in enumerate(odds):
            for column in by_initial.get(odd[0], ()):
                distance = distance_of(odd, partners[column], score_cutoff=2)
                if distance <= 2:
                    within.setdefault(row, []).append((column, distance))
        return within
    distances = process.cdist(odds, partners, scorer=OSA.distance, score_cutoff=2, dtype=np.int8)
    rows, columns = np.nonzero(distances <= 2)
    for row, column, distance in zip(
        rows.tolist(), columns.tolist(), distances[rows, columns].tolist(), strict=True
    ):
        if odds[row][0] == partners[column][0]:
            within.setdefault(row, []).append((column, distance))
    return within


def _closest_partners(
    odds: list[str], partners: list[str], counts: Counter[str]
) -> list[tuple[str, str, bool]]:
    """(odd, partner, sounds alike) for each odd name's most used partner within reach.

    Within reach: one slip, or two in a name of 7+ letters when the partner is the article's
    own recurring rare name or the two sound alike (Halvorsen/Halverson).
    """
    found = []
    for row, reachable in _within_reach(odds, partners).items():
        odd = odds[row]
        options = []
        for column, distance in reachable:
            partner = partners[column]
            if partner == odd:
                continue
            alike = _skeleton(odd) == _skeleton(partner)
            if distance == 2:
                recurring_rare = (
                    counts[partner] >= TWO_EDIT_MIN_USES
                    and zipf(partner.lower()) < TWO_EDIT_MAX_OTHER_ZIPF
                )
                if len(odd) < TWO_EDIT_MIN_LENGTH or not (alike or recurring_rare):
                    continue
            # The most used partner; among equals one that sounds alike, then the closer one.
            options.append((counts[partner], alike, -distance, partner))
        if options:
            _, alike, _, partner = max(options)
            found.append((odd, partner, alike))
    return found


def _is_odd_one(odd: str, other: str, counts: Counter[str], first_use: dict[str, int]) -> bool:
    """Whether ``odd`` is the deviant spelling of the pair: the rarer in the article; between
    equals the far rarer in English ('Macrone' 0 against 'Macron' 2.95), else the later one."""
    if counts[odd] != counts[other]:
        return counts[odd] < counts[other]
    odd_zipf, other_zipf = zipf(odd.lower()), zipf(other.lower())
    if abs(odd_zipf - other_zipf) >= CLEARLY_RARER:
        return odd_zipf < other_zipf
    return first_use.get(odd, 0) > first_use.get(other, 0)


def _people(odd: _Uses, other: _Uses) -> str:
    """What the context says: 'two' people, 'one' person, or '' (nothing either way)."""
    if odd.given and other.given and not odd.given & other.given:
        return "two"  # each introduced by their own first name
    if odd.family and other.family and not odd.family & other.family:
        return "two"  # two first names, each with its own surname ('Bernie S.', 'Bernice K.')
    if odd.roles and other.roles and not odd.roles & other.roles and not odd.given & other.given:
        return "two"  # 'Senator Lindqvist' and 'Coach Lindquist'
    if len(odd.positions) == len(other.positions) == 1 and odd.positions != other.positions:
        return "two"  # a surname and someone else's first name ('Ella Mastin', 'Martin Lee')
    if odd.given & other.given or odd.roles & other.roles:
        return "one"  # 'Lena Fairweather' ... 'Lena Fairwether', 'Mayor X' ... 'Mayor Y'
    return ""


def _refers_back(odd: _Uses, other: _Uses) -> bool:
    """One spelling introduced with a first name or title, the other only ever bare and
    later: the bare one refers back to it ('Sheriff Halvorsen ...' 'Halverson declined')."""
    for introduced, bare in ((other, odd), (odd, other)):
        was_introduced = bool(introduced.given or introduced.roles)
        only_bare = bool(bare.places) and not (bare.given or bare.roles)
        if was_introduced and only_bare and bare.places[0] > introduced.places[0]:
            return True
    return False


def find(article: Article) -> list[Cue]:
    """One cue per odd spelling of a name that the article also spells another way."""
    counts = _name_counts(article)
    lower_words = article.run_counts
    names = list(counts)
    # Lower-cased and looked up in C (one join, one map) rather than name by name.
    lowered = "\n".join(names).lower().split("\n") if names else []
    values = map(zipf_table().get, lowered, repeat(0.0))
    candidates = {
        name: value
        for name, lower, value in zip(names, lowered, values, strict=True)
        if value < OTHER_MAX_ZIPF and lower not in lower_words
    }
    odds = [name for name, value in candidates.items() if value < ODD_MAX_ZIPF]
    if not odds:
        return []
    partners = _most_used(list(candidates), counts, MAX_PARTNER_NAMES)
    pairs = _closest_partners(_most_used(odds, counts, MAX_ODD_NAMES), partners, counts)
    pairs = [pair for pair in pairs if not _forms_of_one_word(pair[0], pair[1])]
    if not pairs:
        return []
    uses = _read_uses(article, {name for odd, other, _ in pairs for name in (odd, other)})
    first_use = {
        name: (place[0][1] if place[0][0] == "text" else -1)
        for name, found in uses.items()
        if (place := found.places)
    }
    cues: list[Cue] = []
    for odd, other, sounds_alike in pairs:
        odd_uses, other_uses = uses[odd], uses[other]
        if not odd_uses.places or not other_uses.places:
            continue
        if not _is_odd_one(odd, other, counts, first_use):
            continue
        common_partner = candidates[other] >= COMMON_PARTNER_ZIPF
        if common_partner and candidates[odd] >= COMMON_PARTNER_ODD_MAX_ZIPF:
            continue
        people = _people(odd_uses, other_uses)
        # Evidence of one name spelled two ways: the context shows one person; the article
        # settled on the other spelling (2+ uses) and this is a slip; or the two sound alike
        # and the odd one is unknown, or the other is settled, or the odd refers back to it.
        settled = counts[other] >= SETTLED_USES and candidates[odd] < SLIP_MAX_ZIPF
        alike = sounds_alike and (
            candidates[odd] < ALIKE_MAX_ZIPF
            or counts[other] >= SETTLED_USES
            or _refers_back(odd_uses, other_uses)
        )
        if people == "two" or not (people == "one" or settled or alike):
            continue
        field_name, start, end = odd_uses.places[0]
        message = f"'{odd}' looks like a misspelling of '{other}' (used {counts[other]}x)."
        cues.append(article.cue(KIND, field_name, start, end, message))
    cues.sort(key=lambda cue: (cue.field != "title", cue.start))
    return cues
