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
from itertools import accumulate, compress

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues._lexicon import (
    Neighbour,
    best_neighbour,
    common_words,
    is_regional_variant,
    zipf,
)

KIND = "misspelling"
DIRECTION = -1

# Lower-case words of 5+ letters in running text. Shorter words have too many real neighbours
# ('tusk'/'task'); words glued to '#', '@', '/', '.', a hyphen or an apostrophe are tags,
# handles, URL or file parts, compounds or contractions.
# Candidate words come from the article's letter-run counts (a look at a few hundred distinct
# words, not a scan of the text); the title, not counted there, is scanned. The precise
# pattern below then only runs where a suspect word occurs.
_LOWER_SCAN = re.compile(r"(?<![A-Za-z])[a-z]{5,}(?![A-Za-z])")
# Shortest word judged (see _LOWER_SCAN).
_SHORTEST = 5
_LOWER_WORD = re.compile(r"(?<![\w#@./'’\-\u00ad])[a-z]{5,}(?![\w'’@/\-\u00ad]|\.\w)")
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
_QUOTED_ALONE = re.compile(r"[,.]?[\"'”’]")
_SPELLING_TALK = re.compile(r"spell|typo|\bsic\b", re.IGNORECASE)

# Zipf bands, read off the rare words of ReCOVery's reliable articles (scratch study, 2,031
# articles): real words in news sit at zipf >= 2 ('tolling', 'liens', 'sliver'), typos at
# 0-2, and the misspellings wordfreq has learned at 2.6-3.0 ('goverment' 2.66, 'thier' 2.99).
RARE_ZIPF = 3.0
TYPO_ZIPF = 2.0
# The common spelling must be a word readers meet daily; 'occurred' (4.57) is the lowest of
# the seed misspellings' targets, legit pairs like 'dinning'/'dining' (4.14) fall below.
COMMON_NEIGHBOUR_ZIPF = 4.3
# In the 2.0-3.0 band a real word with a frequent neighbour is still common ('reefer' 2.7 vs
# 'refer' 4.5, gap 1.8), so a gap of 2 is required; 1.5 for a competing inflection of one stem
# ('occured' 2.8 vs 'occurred' 4.57, the same 'occur').
KNOWN_MISSPELLING_GAP = 2.0
SAME_STEM_GAP = 1.5
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
# ('sowed' of 'sow', 'payer' of 'pay'), not chance ones ('thier' as 'thi' + 'er').
INFLECTED_STEM_ZIPF = 1.5
DERIVED_STEM_ZIPF = 3.0
SHORT_STEM_ZIPF = {"ed": 3.0, "ing": 3.0, "er": 4.5, "ers": 4.5, "est": 4.5}


def _stems(word: str) -> dict[str, float]:
    """Words that ``word`` could be a regular inflection or derivation of, with the Zipf
    frequency each must reach to count as a real word."""
    stems: dict[str, float] = {}

    def add(stem: str, needed: float) -> None:
        if len(stem) >= 3 and stem != word:
            stems[stem] = min(needed, stems.get(stem, needed))

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
            if not monosyllable_cvc:  # 'riding' is never 'rid' + 'ing'
                candidates.append(base)
            if base.endswith("i"):
                candidates.append(base[:-1] + "y")  # pried -> pry
        for stem in candidates:
            add(stem, short if len(stem) == 3 else INFLECTED_STEM_ZIPF)
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            add(word[: -len(suffix)] + replacement, INFLECTED_STEM_ZIPF)
    for suffix, replacement in (("ily", "y"), ("ly", ""), ("y", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            add(word[: -len(suffix)] + replacement, DERIVED_STEM_ZIPF)
    for suffix in ("ness", "ment", "ful", "less", "ism", "ist"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            add(word[: -len(suffix)], DERIVED_STEM_ZIPF)
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 5:
            add(word[len(prefix) :], DERIVED_STEM_ZIPF)
    return stems


def _real_stems(word: str) -> set[str]:
    """The stems of ``word`` that are real words: common enough, and not slips themselves.

    A stem far rarer than the word itself is a chance string ('thie' of 'thier'), not its base.
    """
    floor = zipf(word) - 1.0
    return {
        stem
        for stem, needed in _stems(word).items()
        if zipf(stem) >= max(needed, floor)
        and (zipf(stem) >= RARE_ZIPF or _suggestion(stem) is None)
    }


@lru_cache(maxsize=100_000)
def _suggestion(word: str) -> Neighbour | None:
    """The word this lower-case word is probably a misspelling of, or None."""
    value = zipf(word)
    neighbour = best_neighbour(word)
    if neighbour is None or value >= RARE_ZIPF:
        return None
    if is_regional_variant(word, neighbour.word):
        return None
    edit = neighbour.edit
    if (
        edit == "vowel"
        and value > 0
        and not (word[neighbour.position] in "aei" and neighbour.word[neighbour.position] in "aei")
    ):
        # Schwa confusions (seperate, definately, independant) are a/e/i; 'dross'/'dress',
        # 'muddle'/'middle' are real words.
        return None
    if edit == "vowel" and value >= TYPO_ZIPF and len(word) < 8:
        return None  # 'missive'/'massive', 'recant'/'recent'
    if edit == "double" and value >= TYPO_ZIPF and word[neighbour.position] in "aeiou":
        return None  # doubled vowels are real words: 'reefer', 'commandeer', 'cooing'

    if edit == "swap" and value > 0:
        return None  # 'blared'/'blamed', 'rehiring'/'retiring': only unseen words are slips
    if edit == "extra" and value > 0 and (value < TYPO_ZIPF or len(word) < 7):
        return None  # 'wrest'/'west', 'staid'/'said'; long ones may slip ('excercise')
    word_stems = _real_stems(word)
    neighbour_stems = set(_stems(neighbour.word)) | {neighbour.word}
    if word_stems - neighbour_stems:
        return None  # an inflection of another real word ('siting' of 'site')
    same_stem = bool(word_stems & neighbour_stems)
    if value >= TYPO_ZIPF:
        gap = neighbour.zipf - value
        needed = SAME_STEM_GAP if same_stem else KNOWN_MISSPELLING_GAP
        if neighbour.zipf < COMMON_NEIGHBOUR_ZIPF or gap < needed:
            return None
    elif value > 0 and neighbour.zipf < 3.8:
        return None
    return neighbour


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


def _lower_case_words(article: Article, field: str, text: str) -> Counter[str]:
    """Lower-case words of 5+ letters (whole letter runs) and how often each occurs."""
    if field == "text":
        runs = article.run_counts
        return Counter({word: n for word, n in runs.items() if len(word) >= 5 and word.islower()})
    return Counter(_LOWER_SCAN.findall(text))


def _first_unexcused(
    text: str, word: str, links: tuple[list[int], list[int]]
) -> tuple[int, int] | None:
    """(start, end) of the first standalone use of ``word`` that no excuse covers."""
    position = text.find(word)
    while position != -1:
        match = _LOWER_WORD.match(text, position)
        whole_word = match is not None and match.end() == position + len(word)
        if whole_word and not _is_excused(text, position, position + len(word), links):
            return position, position + len(word)
        position = text.find(word, position + 1)
    return None


def _lower_case_findings(
    article: Article, field: str, text: str, links: tuple[list[int], list[int]]
) -> list[Cue]:
    if field == "text":
        counts: Counter[str] = article.run_counts
        # Filtered in C before the lexicon look-up: each look-up in the 29,000-word set is a
        # cache miss, so checking only the lower-case 5+ letter runs halves that cost.
        long_runs = list(compress(counts, map(_SHORTEST.__le__, map(len, counts))))
        candidates = set(compress(long_runs, map(str.islower, long_runs)))
    else:
        counts = _lower_case_words(article, field, text)
        candidates = set(counts)
    rare = candidates - common_words(RARE_ZIPF)
    if not rare:
        return []
    unseen = len(rare - common_words(TYPO_ZIPF))
    if unseen > 3 and unseen > FOREIGN_SHARE * len(candidates):
        return []  # not English prose: every word would look like a slip
    suspects = {word: hit for word in rare if (hit := _suggestion(word)) is not None}
    if not suspects:
        return []
    found = []
    for word, neighbour in suspects.items():
        span = _first_unexcused(text, word, links)
        if span is not None:
            found.append((span, word, neighbour))
    found.sort()  # document order, one cue per misspelled word at its first unexcused use
    cues: list[Cue] = []
    for (start, end), word, neighbour in found:
        times = counts[word]
        also = f" (written so {times}x)" if times > 1 else ""
        cues.append(
            article.cue(
                KIND,
                field,
                start,
                end,
                f"'{word}' looks like a misspelling of '{neighbour.word}'{also}.",
            )
        )
    return cues


def _used_as_name(word: str, article: Article) -> bool:
    """The capitalised word also stands mid-sentence in prose, so it is a name there."""
    pattern = re.compile(rf"[a-z,][ \t]+{re.escape(word)}(?![a-z])")
    for text in (article.title, article.text):
        for match in pattern.finditer(text):
            run = _TITLE_RUN.search(text, max(0, match.start() - 200), match.end() + 200)
            if not (run and run.start() <= match.start() + 1 and match.end() <= run.end()):
                return True
    return False


def _title_case_findings(article: Article, field: str, text: str) -> list[Cue]:
    cues: list[Cue] = []
    if field == "title":
        lines = [(0, len(text))]
    else:
        lines = [(start, end) for start, end in article.lines if end - start <= TITLE_CASE_LINE_MAX]
    runs = [run for start, end in lines for run in _TITLE_RUN.finditer(text, start, end)]
    # _used_as_name scans the whole article: once per distinct word, not once per use, or
    # a page repeating one title-case line would cost lines x length.
    used_as_name: dict[str, bool] = {}
    for run in runs:
        tokens = run.group().split()
        if not any(token in _STYLE_WORDS for token in tokens[1:]):
            continue
        run_words = list(_CAPITALISED.finditer(text, run.start(), run.end()))
        for match in run_words:
            word = match.group().lower()
            value = zipf(word)
            if value >= TITLE_CASE_MAX_ZIPF:
                continue
            neighbour = best_neighbour(word)
            if (
                neighbour is None
                or neighbour.edit not in ("transpose", "double", "drop", "vowel")
                or neighbour.zipf < COMMON_NEIGHBOUR_ZIPF
                or neighbour.zipf - value < TITLE_CASE_GAP
            ):
                continue
            # The lower-case reading must fit: the words around it are ordinary words, not a
            # first name ('Coco Chanel'), and the word is not a name elsewhere in the article.
            index = tokens.index(match.group()) if match.group() in tokens else -1
            around = [tokens[i] for i in (index - 1, index + 1) if 0 <= i < len(tokens)]
            if any(zipf(token.strip("'’").lower()) < 3.5 for token in around):
                continue
            if match.group() not in used_as_name:
                used_as_name[match.group()] = _used_as_name(match.group(), article)
            if used_as_name[match.group()]:
                continue
            cues.append(
                article.cue(
                    KIND,
                    field,
                    match.start(),
                    match.end(),
                    f"'{match.group()}' looks like a misspelling of "
                    f"'{neighbour.word.capitalize()}' in this title-case line.",
                )
            )
    return cues


def find(article: Article) -> list[Cue]:
    """Misspelled ordinary words in the title and text, one cue per word."""
    cues: list[Cue] = []
    for field in ("title", "text"):
        text = article.field(field)
        if not text:
            continue
        links = _link_reach(article.links if field == "text" else [])
        cues.extend(_lower_case_findings(article, field, text, links))
        cues.extend(_title_case_findings(article, field, text))
    return cues
