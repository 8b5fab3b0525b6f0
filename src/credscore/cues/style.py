"""Numeric style features that belong to no single cue.

Rates are per word or per sentence so long and short articles compare. Every feature is
computed from one token count (:attr:`Article.token_counts`) and ``str.count`` calls: whole-text
regular expressions cost 60-350 µs each on a 600-word article here, a token lookup far less.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import compress

from credscore.article import Article

# Word lists are the team's: the usual markers of each register in style research
# (second-person address and absolutes in hyperpartisan text, attribution and hedging in
# wire copy). Multi-word phrases are matched by their distinctive first word only.
_LEXICONS: dict[str, frozenset[str]] = {
    "second_person": frozenset(
        ["you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'll"]
    ),
    "first_person": frozenset(
        ["i", "me", "my", "mine", "we", "us", "our", "ours", "i'm", "we're", "i've", "we've"]
    ),
    "attribution": frozenset(
        [
            "said",
            "says",
            "told",
            "according",
            "stated",
            "explained",
            "added",
            "wrote",
            "reported",
            "announced",
            "confirmed",
            "noted",
            "spokesperson",
            "spokesman",
            "spokeswoman",
        ]
    ),
    "hedge": frozenset(
        [
            "may",
            "might",
            "could",
            "appear",
            "appears",
            "appeared",
            "suggest",
            "suggests",
            "suggested",
            "likely",
            "possibly",
            "perhaps",
            "reportedly",
            "allegedly",
            "estimated",
            "approximately",
            "roughly",
            "unclear",
        ]
    ),
    "absolute": frozenset(
        [
            "always",
            "never",
            "everyone",
            "everybody",
            "nobody",
            "nothing",
            "totally",
            "completely",
            "absolutely",
            "undeniable",
            "undeniably",
            "proof",
            "proves",
            "proven",
            "definitely",
            "certainly",
            "truth",
        ]
    ),
    "sensational": frozenset(
        [
            "shocking",
            "bombshell",
            "explosive",
            "outrage",
            "outrageous",
            "horrific",
            "horrifying",
            "terrifying",
            "destroy",
            "destroys",
            "destroyed",
            "slams",
            "slammed",
            "exposed",
            "cover-up",
            "coverup",
            "hoax",
            "plandemic",
            "sheeple",
            "globalist",
            "globalists",
            "tyranny",
            "tyrannical",
            "depopulation",
            "pharma",
            "msm",
            "censored",
            "censorship",
            "banned",
            "miracle",
            "toxic",
            "poison",
            "poisonous",
            "deadly",
            "evil",
            "traitor",
            "traitors",
            "treason",
            "agenda",
            "elites",
            "mainstream",
            "propaganda",
        ]
    ),
}

# word -> the lexicons it belongs to.
_LEXICON_OF: dict[str, tuple[str, ...]] = {
    word: tuple(name for name, words in _LEXICONS.items() if word in words)
    for word in frozenset().union(*_LEXICONS.values())
}
_OPENING_QUOTE = "“".encode()
_CLOSING_QUOTE = "”".encode()
# Words of this many letters or more count as long (style_long_word_rate).
_LONG_WORD_MIN = 7
# Tokens longer than this are not words (a pasted hash, a letter run, padding): the longest
# words in ordinary English news run to ~20 letters, so the word-length features skip them.
# One 8,000-letter token otherwise moved the mean word length of a 300-word post by +27.
MAX_WORD_LETTERS = 30
# Floors for the denominators of rates: a 20-word note with one link is not "5 links per
# 100 words" evidence. Training articles have 50+ words (data.MIN_TEXT_CHARS) and 3+
# sentences, so their rates are unchanged; only tiny texts are shrunk toward zero.
MIN_RATE_WORDS = 50
MIN_RATE_SENTENCES = 3

#: Features whose direction the field knows: shouting, exclamations, sensational and absolute
#: wording mark hyperpartisan and fringe writing, so they may only lower a score (issue 13);
#: training bounds their weights to <= 0. The others are learned either way.
FEATURE_DIRECTIONS: dict[str, int] = {
    "style_exclamation_rate": -1,
    "style_all_caps_rate": -1,
    "style_absolute_rate": -1,
    "style_sensational_rate": -1,
    "style_title_exclamations": -1,
    "style_title_all_caps_words": -1,
    # Attribution ("said", "according to") is the mark of reporting: it may only raise, and
    # like the raising cues it is capped and needs the rest of the text to agree (model.py).
    "style_attribution_rate": +1,
}

FEATURES: tuple[str, ...] = (
    "style_log_words",
    "style_mean_sentence_words",
    "style_exclamation_rate",
    "style_question_rate",
    "style_all_caps_rate",
    "style_second_person_rate",
    "style_first_person_rate",
    "style_quote_mark_rate",
    "style_attribution_rate",
    "style_hedge_rate",
    "style_absolute_rate",
    "style_sensational_rate",
    "style_digit_rate",
    "style_link_rate",
    "style_mean_word_length",
    "style_long_word_rate",
    "style_title_exclamations",
    "style_title_all_caps_words",
)


# Three letters or more: "US" and "UK" are ordinary, "WAKE UP NOW" is shouting.
_SHOUTED_MIN_LETTERS = 3


def _count_all_caps(counts: Counter[str]) -> int:
    # isupper() runs over all words in C; the few shouted ones are then checked for length.
    shouted = compress(counts.items(), map(str.isupper, counts))
    return sum(n for token, n in shouted if len(token) >= _SHOUTED_MIN_LETTERS)


def _count_all_caps_words(title: str) -> int:
    """Shouted words in a title: the text's rule, on a few words without counting them."""
    return sum(1 for word in title.split() if len(word) >= _SHOUTED_MIN_LETTERS and word.isupper())


def measure(article: Article) -> list[float]:
    """Values of :data:`FEATURES`, in that order."""
    text = article.text
    n_tokens = article.n_tokens
    n_words = max(n_tokens, MIN_RATE_WORDS)
    lower = article.lower_counts
    # One set intersection with all lexicons at once, then a loop over the few hits.
    counts = dict.fromkeys(_LEXICONS, 0)
    for word in _LEXICON_OF.keys() & lower.keys():
        for name in _LEXICON_OF[word]:
            counts[name] += lower[word]
    tokens = article.token_counts
    letters, n_real_words, overlong_letters = article.n_token_chars, n_tokens, 0
    lengths = list(map(len, tokens))  # one pass over the distinct words, in C
    long_words = sum(compress(tokens.values(), map(_LONG_WORD_MIN.__le__, lengths)))
    if max(lengths, default=0) > MAX_WORD_LETTERS:  # rare: checked in C first
        for token, n in tokens.items():
            if len(token) > MAX_WORD_LETTERS:
                overlong_letters += len(token) * n
                letters -= len(token) * n
                n_real_words -= n
                long_words -= n
    # Character counts on the UTF-8 bytes: bytes.count is a memchr-speed scan and a UTF-8
    # sequence only matches at a character boundary, so the counts equal str.count's (which
    # walks texts holding curly quotes two bytes a character, at several times the cost).
    raw = text.encode("utf-8", "surrogatepass")
    exclamations, questions = raw.count(b"!"), raw.count(b"?")
    # Sentence ends by character count: cheap, and "U.S." overcounting is the same for all.
    n_sentences = max(
        # ".\r" too: a browser form or a Windows file ends its lines with "\r\n".
        raw.count(b". ") + raw.count(b".\n") + raw.count(b".\r") + exclamations + questions,
        MIN_RATE_SENTENCES,
    )
    quote_marks = raw.count(b'"') + raw.count(_OPENING_QUOTE) + raw.count(_CLOSING_QUOTE)
    digits = len(raw) - len(raw.translate(None, b"0123456789"))
    title = article.title
    return [
        math.log1p(n_tokens),
        n_tokens / n_sentences,
        exclamations / n_sentences,
        questions / n_sentences,
        _count_all_caps(article.token_counts) / n_words,
        counts["second_person"] / n_words,
        counts["first_person"] / n_words,
        quote_marks / n_sentences,
        counts["attribution"] / n_sentences,
        counts["hedge"] / n_words,
        counts["absolute"] / n_words,
        counts["sensational"] / n_words,
        digits / max(len(text) - overlong_letters, 1),
        len(article.links) / n_words * 100,
        letters / max(n_real_words, 1),
        long_words / max(n_real_words, MIN_RATE_WORDS),
        float(title.count("!")),
        float(_count_all_caps_words(title)),
    ]
