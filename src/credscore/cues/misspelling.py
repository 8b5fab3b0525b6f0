"""Misspelled ordinary words ('goverment', 'recieve', 'Telegram Chanel'): text nobody proofread.

wordfreq knows common misspellings (it counts what people type), so "is it in the lexicon" is
not the test. A word is flagged when it is rare, a far more frequent word lies one slip away
(a swapped, doubled, dropped or schwa-confused letter), and no reading makes it a real word
(an inflection like 'siting' of 'site', a British spelling, a prefix plus a word). Capitalised
words are only judged inside stylistic Title-Case runs ("Join Our Telegram Chanel Here"),
never in running prose, where they are names ('Coco Chanel'). One cue per misspelled word,
on its first occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues._lexicon import (
    LONGEST_WORD,
    VOWELS,
    Neighbour,
    best_neighbour,
    common_words,
    is_regional_variant,
    regional_counterparts,
    zipf,
)

KIND = "misspelling"
DIRECTION = -1

# Lower-case words of 5+ letters in running text, and a few slips of 3-4 letters (see
# _short_word_suggestion): other short words have too many real neighbours ('tusk'/'task').
# Words glued to '#', '@', '/', '.', a hyphen or an apostrophe are tags, handles, URL or file
# parts, compounds or contractions.
# Candidate words come from the article's letter-run counts (a look at a few hundred distinct
# words, not a scan of the text); the title, not counted there, is scanned. The precise
# pattern below then only runs where a suspect word occurs.
_LOWER_SCAN = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")
# Shortest word judged by the general rule (shorter ones: _short_word_suggestion).
_SHORTEST = 5
_LOWER_WORD = re.compile(r"(?<![\w#@./'’\-\u00ad])[a-z]{3,}(?![\w'’@/\-\u00ad]|\.\w)")
# Beyond this many distinct suspect words their first uses are found in one scan of the text
# rather than one search each, which would cost words x length on a page of slips.
MAX_SEARCHED_SUSPECTS = 16
# Distinct title-case words checked for use as a name elsewhere (each check scans the text).
MAX_TITLE_CASE_WORDS = 50
# Runs of 4+ capitalised words: where Title Case is a style ("Join The ... Chanel Here").
# The pattern opens with the capital so the engine skips to capitals; the two-character
# lookbehind after it checks the character before the capital, as a leading lookbehind
# would, without trying every position (about 10x faster per line).
_TITLE_RUN = re.compile(
    r"[A-Z](?<![\w'’\-][A-Z])[a-z'’]*[ \t]+(?:[A-Z][a-z'’]*[ \t]+){2,}[A-Z][a-z'’]*(?![\w\-])"
)
_CAPITALISED = re.compile(r"[A-Z][a-z]{4,}(?![a-z])")
# A capitalised function word inside a run proves the capitals are stylistic, not names.
_STYLE_WORDS = frozenset(
    {"The", "A", "An", "Of", "In", "On", "For", "To", "And", "Or", "Here", "Now", "This"}
    | {"Our", "Your", "Us", "With", "At", "By", "From", "Is"}
)
# Title-Case lines are headlines and calls to action, not paragraphs: only lines up to this
# long are searched for runs, which keeps the scan off the long prose lines.
TITLE_CASE_LINE_MAX = 160
_SIC = re.compile(r"\s*[\"'”’]?\s*[\[(]\s*sic\s*[\])]", re.IGNORECASE)
_OPEN_QUOTE = re.compile(r"[\"'“‘]")
_QUOTED_ALONE = re.compile(r"[,.:;!?]?[\"'”’]")
_SPELLING_TALK = re.compile(r"spell|typo|\bsic\b", re.IGNORECASE)

# Zipf bands, read off the rare words of ReCOVery's reliable articles (2,031 articles):
# real words in news sit at zipf >= 2 ('tolling', 'liens', 'sliver'), typos at 0-2, and the
# misspellings wordfreq has learned at 2.6-3.0 ('goverment' 2.66, 'thier' 2.99).
RARE_ZIPF = 3.0
TYPO_ZIPF = 2.0
# The common spelling must be a word readers meet daily; 'occurred' (4.57) is the lowest of
# the seed misspellings' targets, legit pairs like 'dinning'/'dining' (4.14) fall below.
COMMON_NEIGHBOUR_ZIPF = 4.3
# In the 2.0-3.0 band a real word with a frequent neighbour is still common ('reefer' 2.7 vs
# 'refer' 4.5, gap 1.8), so a gap of 2 is required; 1.5 for a competing inflection of one stem
# ('occured' 2.8 vs 'occurred' 4.57, the same 'occur').
KNOWN_MISSPELLING_GAP = 2.0
# Misspellings by rule rather than by slip (a doubled consonant, the wrong form of the right
# stem, '-ically') are what a writer who does not know the spelling produces: a gap of 1.5
# ('occured' 2.8 vs 'occurred' 4.57, 'accomodate' 2.45 vs 'accommodate' 4.02) is enough,
# and the right word need only be fairly common.
PATTERN_GAP = 1.5
PATTERN_NEIGHBOUR_ZIPF = 4.0
# A vowel too many in a known word is often another word ('sentience', 'funereal', gaps
# 2.0-2.5); the misspellings sit further away ('similiar' 2.9, 'developement' 3.2).
EXTRA_GAP = 2.8
# Short known words one letter short of a common one are often words ('singe'/'single' 2.98,
# 'deign'/'design' 2.91, 'prion', 'statin', 'sitch' slang): they need a common neighbour and
# a gap of 3 ('futher' 3.2, 'tought' 3.3, 'somone' 3.4).
SHORT_DROP_NEIGHBOUR_ZIPF = 5.0
SHORT_DROP_GAP = 3.0
# A spelling whose other-region form is at least this common is that region's spelling
# ('appal': 'appall' 1.51).
REGIONAL_COUNTERPART_ZIPF = 1.5
# Three of one letter is a drawn-out word ('pleeease', 'ahhhh', 'sooo'), written on purpose.
_EXPRESSIVE = re.compile(r"(.)\1\1")
# French and Italian words with a doubled consonant before a final 'e' ('comme', 'fille').
_FOREIGN_DOUBLE = re.compile(r"([b-df-hj-np-tv-z])\1es?$")
# A misspelling wordfreq has seen less than once per hundred million words (the typo band,
# below TYPO_ZIPF) is a slip few others make, and every newsroom lets one through now and
# then: the reliable collections hold 'reseach', 'offically', 'intial', 'postion' (zipf
# 1.0-2.0) in about 1% of articles. Such a slip counts only in company, when the article has
# another misspelled word. Misspellings people keep making ('goverment' 2.66, 'recieve'
# 2.75, 'accomodate' 2.45) count alone.
LONE_SLIP_ZIPF = TYPO_ZIPF

# Words of 3-4 letters (see _short_word_suggestion): only as rare as a misspelling can be
# ('alot' 3.93, 'teh' 3.04), one slip from a top-100 word ('the' 7.73, 'which' 6.3).
SHORTEST_SHORT = 3
SHORT_MAX_ZIPF = 4.0
SHORT_NEIGHBOUR_ZIPF = 6.0
# Swapped letters: 'teh' is 4.7 below 'the', 'jsut' 4.1 below 'just'; the real words sit
# closer ('fro'/'for' 3.7, 'bene'/'been' 3.4).
SHORT_TRANSPOSE_GAP = 4.0
# 'wich' is 3.5 below 'which'; 'wat' (2.9) and 'wen' (2.9) are slang and real words.
SHORT_SILENT_H_GAP = 3.5
# Phrases written as one word: wordfreq counts single tokens, so it cannot tell 'alot' from
# real words built the same way ('afoot', 'anew', 'atop'); these are the common ones.
RUN_TOGETHER = {
    "alot": "a lot",
    "abit": "a bit",
    "alittle": "a little",
    "atleast": "at least",
    "aswell": "as well",
    "infact": "in fact",
    "incase": "in case",
    "inspite": "in spite",
    "infront": "in front",
    "eachother": "each other",
    "noone": "no one",
    "thankyou": "thank you",
}
# Title-Case words: 'Chanel' is a brand (3.49) yet 'channel' (4.85) is 1.36 more frequent.
TITLE_CASE_MAX_ZIPF = 3.6
TITLE_CASE_GAP = 1.2
# More than this share of rare (< zipf 2) distinct words means the text is not English prose.
FOREIGN_SHARE = 0.15

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_PREFIXES = ("re", "un", "de", "pre", "non", "dis", "mis", "over", "under", "co", "out", "up")


# How common a stem must be to make its inflection a real word. Inflections of rare words
# are real ('winnows' of 'winnow', zipf 1.9); derivations and prefixes need a common base,
# or 'goverment' would pass as 'gover' + 'ment'. Three-letter stems only count when common
# ('sowed' of 'sow', 'payer' of 'pay', 'juts' of 'jut'), not chance ones ('thier' as 'thi' +
# 'er').
INFLECTED_STEM_ZIPF = 1.5
DERIVED_STEM_ZIPF = 3.0
SHORT_STEM_ZIPF = {"ed": 3.0, "ing": 3.0, "er": 4.5, "ers": 4.5, "est": 4.5, "s": 2.5, "y": 3.0}
# A prefix glued to a short word makes a real word only when the word is very common:
# 'preset' is 'pre' + 'set' (5.6), but 'untill' is no 'un' + 'till' (4.4).
PREFIXED_SHORT_ZIPF = 5.0
# Suffixes that inflect a word without making a new one: two different ones on one stem are
# two real forms ('computes', 'computers'), where two derivations may be one word misspelled
# ('realy' as 'real' + 'y' against 'really').
_INFLECTIONS = frozenset({"s", "es", "ed", "ing", "er", "ers", "est", "ies", "ied"})


def _stems(word: str) -> dict[tuple[str, str], float]:
    """(stem, suffix) pairs ``word`` could be a regular inflection or derivation of, with
    the Zipf frequency each stem must reach to count as a real word."""
    stems: dict[tuple[str, str], float] = {}

    def add(stem: str, suffix: str, needed: float) -> None:
        if len(stem) >= 3 and stem != word:
            key = (stem, suffix)
            stems[key] = min(needed, stems.get(key, needed))

    for suffix in ("ing", "ed", "er", "est", "ers"):
        if not word.endswith(suffix) or len(word) - len(suffix) < 2:
            continue
        base = word[: -len(suffix)] if suffix != "ers" else word[:-3]
        short = SHORT_STEM_ZIPF[suffix]
        if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
            candidates = [base[:-1]]  # stopped -> stop
        else:
            candidates = [base + "e"]  # sited -> site
            monosyllable_cvc = (
                len(base) >= 3
                and len(_VOWEL_GROUP.findall(base)) == 1
                and base[-1] not in "aeiouwxy"
                and base[-2] in "aeiou"
                and base[-3] not in "aeiou"
            )
            # 'riding' is never 'rid' + 'ing', 'career' never 'care' + 'er'.
            if not monosyllable_cvc and not base.endswith("e"):
                candidates.append(base)
            if base.endswith("i"):
                candidates.append(base[:-1] + "y")  # pried -> pry
        for stem in candidates:
            add(stem, suffix, short if len(stem) == 3 else INFLECTED_STEM_ZIPF)
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            add(word[: -len(suffix)] + replacement, suffix, INFLECTED_STEM_ZIPF)
    if word.endswith("s") and len(word) == 4:
        add(word[:-1], "s", SHORT_STEM_ZIPF["s"])  # juts, lats
    for suffix, replacement in (("ily", "y"), ("ly", ""), ("y", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            add(word[: -len(suffix)] + replacement, suffix, DERIVED_STEM_ZIPF)
    if word.endswith("y") and len(word) >= 5 and word[-2] == word[-3] not in "aeiouls":
        add(word[:-2], "y", SHORT_STEM_ZIPF["y"])  # tinny -> tin, as sunny -> sun
    for suffix in ("ness", "ment", "ful", "less", "ism", "ist", "ly"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and not base.endswith("e"):
            # 'argument' and 'truly' drop the 'e' of 'argue' and 'true'.
            add(base + "e", suffix, DERIVED_STEM_ZIPF)
        if word.endswith(suffix) and len(base) >= 4:
            add(base, suffix, DERIVED_STEM_ZIPF)
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 5:
            add(rest, prefix + "-", DERIVED_STEM_ZIPF)
        elif word.startswith(prefix) and len(rest) >= 3:
            add(rest, prefix + "-", PREFIXED_SHORT_ZIPF)
    return stems


def _real_stems(word: str) -> set[tuple[str, str]]:
    """The (stem, suffix) readings of ``word`` whose stem is a real word: common enough, and
    not a slip itself.

    A stem far rarer than the word itself is a chance string ('thie' of 'thier'), not its base.
    """
    floor = zipf(word) - 1.0
    return {
        (stem, suffix)
        for (stem, suffix), needed in _stems(word).items()
        if zipf(stem) >= max(needed, floor)
        and (zipf(stem) >= RARE_ZIPF or _suggestion(stem) is None)
    }


def _relation(word: str, other: str) -> str:
    """How ``word`` relates to the frequent ``other`` through their stems.

    'another word': an inflection of a real word that ``other`` does not come from ('siting'
    of 'site' against 'sitting'); 'other form': another regular inflection of the same stem
    ('computes' against 'computers'); 'same form': one form of one stem spelled two ways
    ('occured'/'occurred', 'arguement'/'argument', 'realy'/'really'); '' when unrelated.
    """
    readings = _real_stems(word)
    if not readings:
        return ""
    other_readings = set(_stems(other)) | {(other, "")}
    other_stems = {stem for stem, _ in other_readings}
    stems = {stem for stem, _ in readings}
    if stems - other_stems:
        return "another word"
    if readings & other_readings:
        return "same form"
    affixes = {suffix for _, suffix in readings}
    affixes |= {suffix for stem, suffix in other_readings if stem in stems}
    if all(affix in _INFLECTIONS or affix.endswith("-") for affix in affixes):
        return "other form"  # 'computes'/'computers', 'ungraded'/'upgraded'
    return "same form"


def _regional_spelling(word: str, other: str) -> bool:
    """The British or American spelling of a word ('categorise', 'appal', 'programing')."""
    return is_regional_variant(word, other) or any(
        zipf(counterpart) >= REGIONAL_COUNTERPART_ZIPF
        for counterpart in regional_counterparts(word)
    )


def _looks_like_a_real_word(word: str, value: float, neighbour: Neighbour) -> bool:
    """The edit turns one real word into another rather than misspelling one.

    Judged on the known band (wordfreq has seen the word often): real words there outnumber
    misspellings for some edits ('annul'/'annual', 'aground'/'around', 'comme'/'come').
    """
    edit = neighbour.edit
    gap = neighbour.zipf - value
    if edit == "vowel" and value > 0:
        # Schwa confusions (seperate, definately, independant) are a/e/i; 'dross'/'dress',
        # 'muddle'/'middle' are real words; short ones too ('missive'/'massive').
        vowels = word[neighbour.position] in "aei" and neighbour.word[neighbour.position] in "aei"
        return not vowels or (value >= TYPO_ZIPF and len(word) < 8)
    if edit == "swap":
        return value > 0  # 'blared'/'blamed', 'rehiring'/'retiring': only unseen words slip
    if edit == "double" and value > 0:
        # Doubled vowels are real words ('reefer', 'commandeer', 'carer', 'meting'); so are
        # French and Italian words with a doubled consonant before a final 'e' ('comme').
        foreign = value >= TYPO_ZIPF and bool(_FOREIGN_DOUBLE.search(word))
        return _doubled_letter(word, neighbour) in "aeiou" or foreign
    if edit == "extra" and value > 0:
        # 'wrest'/'west', 'staid'/'said', 'aground'/'around', 'cremate'/'create': a letter
        # too many in a known word is mostly another word, above all a consonant; long, far
        # rarer ones with a vowel too many slip ('similiar', 'developement').
        consonant = word[neighbour.position] not in VOWELS
        return value < TYPO_ZIPF or len(word) < 7 or consonant or gap < EXTRA_GAP
    if edit == "drop" and value >= TYPO_ZIPF and len(word) < 7:
        # 'singe'/'single', 'prion'/'prison': short known words one letter short of another
        # are often words; only a far more common neighbour makes them slips ('futher').
        return neighbour.zipf < SHORT_DROP_NEIGHBOUR_ZIPF or gap < SHORT_DROP_GAP
    return False


def _doubled_letter(word: str, neighbour: Neighbour) -> str:
    """The letter one of the two spellings doubles (position counts in the longer one)."""
    longer = word if len(word) > len(neighbour.word) else neighbour.word
    return longer[neighbour.position] if neighbour.position < len(longer) else ""


def _consonant_doubling(word: str, neighbour: Neighbour) -> bool:
    """A consonant doubled or not inside the word ('accomodate', 'occured', 'tommorow').

    At the end a doubled letter often makes another word ('discus'/'discuss').
    """
    if neighbour.edit != "double":
        return False
    longer = word if len(word) > len(neighbour.word) else neighbour.word
    inside = neighbour.position < len(longer) - 2
    return inside and _doubled_letter(word, neighbour) not in "aeiou"


@lru_cache(maxsize=100_000)
def _suggestion(word: str) -> Neighbour | None:
    """The word this lower-case word is probably a misspelling of, or None."""
    if len(word) > LONGEST_WORD or _EXPRESSIVE.search(word):
        return None
    value = zipf(word)
    if value >= RARE_ZIPF:
        return None
    neighbour = best_neighbour(word)
    if neighbour is None or _regional_spelling(word, neighbour.word):
        return None
    relation = _relation(word, neighbour.word)
    if relation in ("another word", "other form"):
        return None  # an inflection of a real word ('siting' of 'site', 'computes')
    # Patterns people misspell by rule rather than by slip: a form of the right stem
    # ('occured', 'arguement'), a consonant doubled or not ('accomodate'), '-ically'.
    pattern = (
        relation == "same form"
        or neighbour.edit == "ically"
        or _consonant_doubling(word, neighbour)
    )
    if relation != "same form" and _looks_like_a_real_word(word, value, neighbour):
        return None
    if value >= TYPO_ZIPF:
        gap = neighbour.zipf - value
        needed, floor = (
            (PATTERN_GAP, PATTERN_NEIGHBOUR_ZIPF)
            if pattern
            else (KNOWN_MISSPELLING_GAP, COMMON_NEIGHBOUR_ZIPF)
        )
        if neighbour.zipf < floor or gap < needed:
            return None
    elif value > 0 and neighbour.zipf < 3.8:
        return None
    return neighbour


@lru_cache(maxsize=100_000)
def _short_word_suggestion(word: str) -> Neighbour | None:
    """A 3-4 letter word that is a slip of one of the commonest words ('teh', 'wich', 'alot').

    Short real words lie one edit from common ones all the time ('jut'/'just', 'wold'/'would',
    'fro'/'for'), so only two slips count, each with a very wide gap to a top-100 word: two
    letters swapped ('teh', 'adn', 'taht'), and the silent 'h' of 'wh' left out ('wich');
    and a phrase written as one word ('alot'), which wordfreq cannot tell from 'afoot'.
    """
    if word in RUN_TOGETHER:
        phrase = RUN_TOGETHER[word]
        return Neighbour(phrase, min(zipf(part) for part in phrase.split()), "space", 0)
    value = zipf(word)
    if value >= SHORT_MAX_ZIPF:
        return None
    neighbour = best_neighbour(word)
    if neighbour is None or neighbour.zipf < SHORT_NEIGHBOUR_ZIPF:
        return None
    gap = neighbour.zipf - value
    if any(zipf(stem) >= needed for (stem, _), needed in _stems(word).items()):
        return None  # 'juts' of 'jut'
    if neighbour.edit == "transpose" and gap >= SHORT_TRANSPOSE_GAP:
        return neighbour
    silent_h = neighbour.word.startswith("wh") and neighbour.position == 1
    if neighbour.edit == "drop" and silent_h and gap >= SHORT_SILENT_H_GAP:
        return neighbour
    return None


def _link_reach(links: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Link starts, and the furthest end of any link starting at or before each one."""
    starts = [start for start, _ in links]
    reach = list(accumulate((end for _, end in links), max))
    return starts, reach


def _inside_link(position: int, links: tuple[list[int], list[int]]) -> bool:
    """True if some link covers ``position`` (a bisect, not a loop over every link)."""
    starts, reach = links
    index = bisect_right(starts, position) - 1
    return index >= 0 and reach[index] > position


def _is_excused(text: str, start: int, end: int, links: tuple[list[int], list[int]]) -> bool:
    """Inside a link, or a quoted misspelling the writer marked ('[sic]', 'misspelled')."""
    if _inside_link(start, links):
        return True
    if _SIC.match(text, end) or (
        _QUOTED_ALONE.match(text, end) and _OPEN_QUOTE.match(text[start - 1 : start])
    ):
        return True  # marked, or a coinage held up in quotes ("plandemic", "officle")
    return bool(_SPELLING_TALK.search(text, max(0, start - 60), min(len(text), end + 40)))


def _first_unexcused(
    text: str, words: set[str], links: tuple[list[int], list[int]]
) -> dict[str, tuple[int, int]]:
    """word -> (start, end) of its first standalone use that no excuse covers."""
    found: dict[str, tuple[int, int]] = {}
    if len(words) > MAX_SEARCHED_SUSPECTS:
        for hit in _LOWER_WORD.finditer(text):
            word = hit.group()
            if word in words and word not in found and not _is_excused(text, *hit.span(), links):
                found[word] = hit.span()
        return found
    for word in words:
        position = text.find(word)
        while position != -1:
            match = _LOWER_WORD.match(text, position)
            end = position + len(word)
            whole_word = match is not None and match.end() == end
            if whole_word and not _is_excused(text, position, end, links):
                found[word] = (position, end)
                break
            position = text.find(word, position + 1)
    return found


def _lower_case_suspects(article: Article, field: str, text: str) -> tuple[Counter[str], dict]:
    """The field's word counts, and each lower-case word that looks misspelled -> neighbour."""
    counts = article.run_counts if field == "text" else Counter(_LOWER_SCAN.findall(text))
    # Filtered in C, and cut to the words rarer than any suspect before any Python-level
    # look at a word: an article has ~300 distinct words, of which a few dozen are rare.
    lower = set(filter(str.islower, counts))
    run_together = lower & RUN_TOGETHER.keys()
    unusual = lower - common_words(SHORT_MAX_ZIPF)
    short = {word for word in unusual if SHORTEST_SHORT <= len(word) < _SHORTEST}
    rare = {
        word
        for word in unusual - common_words(RARE_ZIPF)
        if len(word) >= _SHORTEST and word not in run_together
    }
    unseen = len(rare - common_words(TYPO_ZIPF))
    if unseen > 3:
        # Out of the words judged by the general rule (lower-case, 5+ letters, not run
        # together), counted only when there are unseen words at all.
        judged = sum(map(_SHORTEST.__le__, map(len, lower))) - len(
            [word for word in run_together if len(word) >= _SHORTEST]
        )
        if unseen > FOREIGN_SHARE * judged:
            return counts, {}  # not English prose: every word would look like a slip
    suspects = {word: hit for word in rare if (hit := _suggestion(word)) is not None}
    for word in short | run_together:
        hit = _short_word_suggestion(word)
        if hit is not None:
            suspects[word] = hit
    return counts, suspects


def _lower_case_findings(
    article: Article, field: str, text: str, links: tuple[list[int], list[int]]
) -> list[tuple[Cue, str]]:
    """(cue, misspelled word) for each lower-case misspelling, at its first unexcused use."""
    counts, suspects = _lower_case_suspects(article, field, text)
    if not suspects:
        return []
    spans = _first_unexcused(text, set(suspects), links)
    found = sorted((span, word) for word, span in spans.items())
    findings = []
    for (start, end), word in found:  # document order, one cue per misspelled word
        times = counts[word]
        also = f" (written so {times}x)" if times > 1 else ""
        message = f"'{word}' looks like a misspelling of '{suspects[word].word}'{also}."
        findings.append((article.cue(KIND, field, start, end, message), word))
    return findings


def _used_as_name(word: str, article: Article) -> bool:
    """The capitalised word also stands mid-sentence in prose, so it is a name there."""
    pattern = re.compile(rf"[a-z,][ \t]+{re.escape(word)}(?![a-z])")
    for text in (article.title, article.text):
        for match in pattern.finditer(text):
            run = _TITLE_RUN.search(text, max(0, match.start() - 200), match.end() + 200)
            if not (run and run.start() <= match.start() + 1 and match.end() <= run.end()):
                return True
    return False


def _title_case_findings(article: Article, field: str, text: str) -> list[tuple[Cue, str]]:
    """(cue, misspelled word) for each slip in a stylistic Title-Case run, at its first use."""
    if field == "title":
        lines = [(0, len(text))]
    else:
        lines = [(start, end) for start, end in article.lines if end - start <= TITLE_CASE_LINE_MAX]
    runs = [run for start, end in lines for run in _TITLE_RUN.finditer(text, start, end)]
    # _used_as_name scans the whole article: once per distinct word, not once per use, and
    # for a bounded number of words, or a page of title-case lines would cost lines x length.
    judged: dict[str, Neighbour | None] = {}
    findings: list[tuple[Cue, str]] = []
    for run in runs:
        tokens = run.group().split()
        if not any(token in _STYLE_WORDS for token in tokens[1:]):
            continue
        for match in _CAPITALISED.finditer(text, run.start(), run.end()):
            name = match.group()
            if name in judged or len(judged) >= MAX_TITLE_CASE_WORDS:
                continue
            # The lower-case reading must fit: the words around it are ordinary words, not a
            # first name ('Coco Chanel'), and the word is not a name elsewhere in the article.
            index = tokens.index(name) if name in tokens else -1
            around = [tokens[i] for i in (index - 1, index + 1) if 0 <= i < len(tokens)]
            if any(zipf(token.strip("'’").lower()) < 3.5 for token in around):
                continue
            neighbour = _title_case_suggestion(name.lower())
            judged[name] = neighbour
            if neighbour is None or _used_as_name(name, article):
                continue
            message = (
                f"'{name}' looks like a misspelling of "
                f"'{neighbour.word.capitalize()}' in this title-case line."
            )
            cue = article.cue(KIND, field, match.start(), match.end(), message)
            findings.append((cue, name.lower()))
    return findings


def _title_case_suggestion(word: str) -> Neighbour | None:
    """The word a capitalised title-case word misspells, or None ('Chanel' -> 'channel').

    Brand names are commoner than typos ('Chanel' 3.49), so the band is wider than in prose;
    an inflection or a regional spelling of a real word is still a word ('Drags', 'Payer').
    """
    if len(word) > LONGEST_WORD:
        return None
    value = zipf(word)
    if value >= TITLE_CASE_MAX_ZIPF:
        return None
    neighbour = best_neighbour(word)
    if (
        neighbour is None
        or neighbour.edit not in ("transpose", "double", "drop", "vowel")
        or neighbour.zipf < COMMON_NEIGHBOUR_ZIPF
        or neighbour.zipf - value < TITLE_CASE_GAP
    ):
        return None
    if _regional_spelling(word, neighbour.word):
        return None
    if _relation(word, neighbour.word) in ("another word", "other form"):
        return None
    return neighbour


def find(article: Article) -> list[Cue]:
    """Misspelled ordinary words in the title and text, one cue per word and field.

    A lone slip that wordfreq has barely seen needs company (see LONE_SLIP_ZIPF).
    """
    findings: list[tuple[Cue, str]] = []
    for field in ("title", "text"):
        text = article.field(field)
        if not text:
            continue
        links = _link_reach(article.links if field == "text" else [])
        findings.extend(_lower_case_findings(article, field, text, links))
        findings.extend(_title_case_findings(article, field, text))
    words = {word for _, word in findings}
    if len(words) == 1 and word_is_lone_slip(next(iter(words))):
        return []
    return [cue for cue, _ in findings]


def word_is_lone_slip(word: str) -> bool:
    """A misspelling nobody else makes: wordfreq has (almost) never seen it."""
    return word not in RUN_TOGETHER and zipf(word) < LONE_SLIP_ZIPF
