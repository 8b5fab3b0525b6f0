"""Numeric style features that belong to no single cue.

Rates are per word or per sentence so long and short articles compare. Every feature is
computed from one token count (:attr:`Article.token_counts`) and ``str.count`` calls: whole-text
regular expressions cost 60-350 µs each on a 600-word article here, a token lookup far less.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import compress
from operator import mul

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

# Words of this many letters or more count as long (style_long_word_rate).
_LONG_WORD_MIN = 7

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


def _count_all_caps(counts: Counter[str]) -> int:
    # Three letters or more: "US" and "UK" are ordinary, "WAKE UP NOW" is shouting.
    # isupper() runs over all words in C; the few shouted ones are then checked for length.
    shouted = compress(counts.items(), map(str.isupper, counts))
    return sum(n for token, n in shouted if len(token) >= 3)


def measure(article: Article) -> list[float]:
    """Values of :data:`FEATURES`, in that order."""
    text = article.text
    n_tokens = article.n_tokens
    n_words = max(n_tokens, 1)
    lower = article.lower_counts
    counts = {
        name: sum(map(lower.__getitem__, words & lower.keys())) for name, words in _LEXICONS.items()
    }
    # Lower-casing keeps a token's length, so letters and long words are counted on the
    # tokens as written, in C (map/compress) rather than in a Python loop.
    tokens = article.token_counts
    lengths = list(map(len, tokens))
    letters = sum(map(mul, lengths, tokens.values()))
    long_words = sum(compress(tokens.values(), map(_LONG_WORD_MIN.__le__, lengths)))
    exclamations, questions = text.count("!"), text.count("?")
    # Sentence ends by character count: cheap, and "U.S." overcounting is the same for all.
    n_sentences = max(text.count(". ") + text.count(".\n") + exclamations + questions, 1)
    quote_marks = text.count('"') + text.count("“") + text.count("”")
    digits = sum(map(text.count, "0123456789"))
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
        digits / max(len(text), 1),
        len(article.links) / n_words * 100,
        letters / n_words,
        long_words / n_words,
        float(title.count("!")),
        float(_count_all_caps(Counter(title.split()))),
    ]
