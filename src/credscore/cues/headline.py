"""The headline model behind the ``clickbait_title`` cue, scoring side: featurize and score.

A logistic regression over lower-cased word uni/bi-grams and a few hand features, shipped as
plain JSON coefficients (``_data/clickbait_headline.json``), so scoring a title is a few dict
look-ups in pure Python. :mod:`credscore.training.headline` fits it (``credscore
train-headlines``) with the same :func:`featurize`, so training and scoring see the same thing.

Two quirks of the training data decide the design (see the JSON's numbers):

* Labels are per *source* (BuzzFeed, Upworthy… vs NYT, Guardian, Hindu, WikiNews), and house
  capitalisation gives the source away: 83% of clickbait titles capitalise every word, 6% of
  news titles do. N-grams are therefore lower-cased, and the Title-Case share is left out of
  the shipped model.
* Clickbait titles were scraped without their final punctuation (none of 15,999 ends in "?",
  "!" or "."), so the data would teach that a final "?" means *news*. Punctuation never
  reaches the learned part; the exclamation-mark and question weights are set by hand
  (:data:`PRIOR_WEIGHTS`) and stored apart from the learned ones.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

from credscore.logodds import logistic

WEIGHTS_FILE = "clickbait_headline.json"
FORMAT_VERSION = 1

# Lower-cased words with inner apostrophes; digits become placeholders so "17 Things" and
# "23 Things" share one feature ("<num> things") while years stay apart.
_TOKEN_RE = re.compile(r"<year>|<num>|[a-z]+(?:'[a-z]+)*")
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_NUMBER_RE = re.compile(r"\d+")
_DIGIT_RE = re.compile(r"\d")
_SECOND_PERSON = frozenset(
    {"you", "your", "you're", "yours", "yourself", "yourselves", "you'll", "you've", "ya"}
)
_STARTS_WITH_NUMBER_RE = re.compile(r"\s*\d+(?:\.\d+)?\s+[^\W\d_]")
# Teaser phrasing: the title withholds what it is about so the reader has to click.
# The list is ours; every pattern was checked to be rarer in the news half of the training data.
TEASER_RE = re.compile(
    r"""
    \byou\ (?:won't|will\ not|wont|will\ never|won't\ ever)\ believe
    | \bwhat\ [\w' ]{1,40}\ (?:doesn't|don't|does\ not|do\ not)\ want\ you\ to\ (?:know|see)
    | \b(?:this|that)\ is\ (?:why|what|how|the\ reason)\b
    | \bhere(?:'s|\ is|\ are)\ (?:why|what|how|the)\b
    | \bwill\ (?:make|leave|blow|change|restore|melt)\ (?:you|your)\b
    | \bwhat\ happen(?:s|ed)\ next\b
    | \byou\ (?:need|have|ought)\ to\ (?:know|see|try|watch|read)\b
    | \byou\ (?:didn't|never)\ know\b
    | \b(?:things|reasons|signs|ways|times|people|photos|pictures)
      \ (?:that\ )?(?:you|only|will|who\ totally|why)\b
    | \bwhich\ [\w' ]{1,40}\ are\ you\b
    | \bcan\ you\ (?:guess|name|spot|tell|identify|pass)\b
    | \bbefore\ you\ die\b | \bjust\ might\b
    """,
    re.VERBOSE,
)
# Every teaser pattern contains one of these words: titles without any skip the regex.
_TEASER_GATE = frozenset(
    {"you", "your", "this", "that", "here", "here's", "which", "just"}
    | {"things", "reasons", "signs", "ways", "times", "people", "photos", "pictures"}
)
# An exclamation mark inside a quotation is the speaker's, not the headline writer's.
_QUOTED_RE = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’(?![a-z])|'[^']*'(?![a-z])")
_CAPS_RUN_RE = re.compile(r"[A-Z]{4}")
_ALL_CAPS_RE = re.compile(r"\b[A-Z][A-Z']{3,}\b")
_WORD_RE = re.compile(r"[^\W\d_]+")

#: Hand features the model learns a weight for, in vector order.
LEARNED_HAND_FEATURES: tuple[str, ...] = (
    "starts_with_number",
    "second_person",
    "teaser_phrase",
    "shouted_words",
)
#: The Title-Case share: trained in only for the with/without comparison (a source leak).
TITLE_CASE_FEATURE = "title_case_share"

#: Hand-set log-odds for cues the training data cannot teach (final punctuation was stripped
#: from its clickbait half), in vector order. Each unquoted "!" adds 3.0, two (the cap) 6.0.
#: Estimates of the log-odds of a "!" in a title: 1.3 inside Chakraborty titles (0.19% vs
#: 0.05%, few and often brand names like "Yahoo!"), 1.4 in FakeNewsNet v1 (fake 15.6% vs real
#: 3.8%), 3.4 in ReCOVery (unreliable 2.3% vs reliable 0.07%). 3.0 is a judgement: one "!"
#: does not tip an ordinary news title over the threshold, two do. A final "?" adds 0.4, the
#: log-odds between unreliable (5.3%) and reliable (3.7%) ReCOVery titles: a question alone
#: never tips a title over.
PRIOR_WEIGHTS: dict[str, float] = {"exclamation_marks": 3.0, "question_headline": 0.4}
_MAX_EXCLAMATIONS = 2


def normalize(title: str) -> str:
    """Lower-case a title with typographic apostrophes folded to ASCII ones."""
    return title.lower().replace("’", "'").replace("‘", "'")


def headline_tokens(lowered: str) -> list[str]:
    """Word tokens of a normalized title, numbers replaced by ``<year>`` or ``<num>``."""
    if _DIGIT_RE.search(lowered):  # the substitutions below only ever touch \d characters
        lowered = _NUMBER_RE.sub(" <num> ", _YEAR_RE.sub(" <year> ", lowered))
    return _TOKEN_RE.findall(lowered)


def headline_terms(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of the tokens: the model's vocabulary items."""
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def count_exclamations(title: str) -> int:
    """Exclamation marks outside quotations, capped (a third adds nothing new)."""
    if "!" not in title:
        return 0
    return min(_QUOTED_RE.sub("", title).count("!"), _MAX_EXCLAMATIONS)


def shouted_words(title: str, common_words: Any) -> list[str]:
    """ALL-CAPS words that are ordinary words ("SHOCKING"), not acronyms ("NATO", "COVID")."""
    if not _CAPS_RUN_RE.search(title):
        return []
    return [w for w in _ALL_CAPS_RE.findall(title) if w.lower().replace("'", "") in common_words]


def title_case_share(title: str) -> float:
    """Share of words after the first that start with a capital (house style, not content)."""
    words = _WORD_RE.findall(title)[1:]
    if not words:
        return 0.0
    return sum(word[0].isupper() for word in words) / len(words)


def featurize(
    title: str, common_words: Any, *, title_case: bool = False
) -> tuple[list[str], list[float], list[float]]:
    """(n-gram terms, learned hand-feature values, prior-feature values) of one title.

    The single featurizer behind training and scoring, so both always see the same thing.
    """
    lowered = normalize(title)
    tokens = headline_tokens(lowered)
    token_set = set(tokens)
    hand = [
        1.0 if _STARTS_WITH_NUMBER_RE.match(title) else 0.0,
        0.0 if token_set.isdisjoint(_SECOND_PERSON) else 1.0,
        1.0 if not token_set.isdisjoint(_TEASER_GATE) and TEASER_RE.search(lowered) else 0.0,
        float(min(len(shouted_words(title, common_words)), 2)),
    ]
    if title_case:
        hand.append(title_case_share(title))
    prior = [float(count_exclamations(title)), 1.0 if title.rstrip().endswith("?") else 0.0]
    return headline_terms(tokens), hand, prior


def logit(title: str, weights: dict[str, Any]) -> float:
    """Log-odds that ``title`` is clickbait under ``weights`` (see :func:`prepare_weights`)."""
    terms, hand, prior = featurize(title, weights["common_words"], title_case=weights["_tc"])
    get = weights["ngram_weights"].get
    total = weights["intercept"]
    if terms:
        # Each n-gram counts 1/sqrt(number of n-grams), as in training, so a long
        # two-sentence title does not pile up small function-word weights.
        total += sum([get(term, 0.0) for term in terms]) / math.sqrt(len(terms))
    for value, weight in zip(hand, weights["_hand"], strict=True):
        total += value * weight
    for value, weight in zip(prior, weights["_prior"], strict=True):
        total += value * weight
    return total


def contributions(title: str, weights: dict[str, Any]) -> dict[str, float]:
    """Each non-zero feature's share of the log-odds; hand features are keyed ``#name``."""
    terms, hand, prior = featurize(title, weights["common_words"], title_case=weights["_tc"])
    ngram_weights = weights["ngram_weights"]
    found: dict[str, float] = {}
    scale = 1.0 / math.sqrt(len(terms)) if terms else 0.0
    for term in terms:
        weight = ngram_weights.get(term)
        if weight is not None:
            found[term] = found.get(term, 0.0) + weight * scale
    names = list(weights["hand_weights"]) + list(weights["prior_weights"])
    vectors = zip(names, hand + prior, weights["_hand"] + weights["_prior"], strict=True)
    for name, value, weight in vectors:
        if value:
            found[f"#{name}"] = value * weight
    return found


def probability(title: str, weights: dict[str, Any]) -> float:
    """Probability that the headline model reads ``title`` as clickbait."""
    return logistic(logit(title, weights))


def read_weights(path: Path) -> dict[str, Any]:
    """Load a weights JSON, with the word list as a set; says what is wrong if it is not ours."""
    weights = json.loads(Path(path).read_text(encoding="utf-8"))
    return prepare_weights(weights, str(path))


def prepare_weights(weights: dict[str, Any], where: str = "weights") -> dict[str, Any]:
    """Check a parsed weights dict and turn its word list into a set for fast look-ups."""
    if weights.get("format") != FORMAT_VERSION:
        raise ValueError(
            f"{where}: expected headline-model format {FORMAT_VERSION}, "
            f"got {weights.get('format')!r}"
        )
    missing = [
        key
        for key in (
            "intercept",
            "ngram_weights",
            "hand_weights",
            "prior_weights",
            "common_words",
            "threshold",
        )
        if key not in weights
    ]
    if missing:
        raise ValueError(f"{where}: missing keys {missing}")
    expected_hand = [*LEARNED_HAND_FEATURES, TITLE_CASE_FEATURE]
    if list(weights["hand_weights"]) not in (expected_hand[:-1], expected_hand):
        raise ValueError(f"{where}: hand features {list(weights['hand_weights'])} are not ours")
    if list(weights["prior_weights"]) != list(PRIOR_WEIGHTS):
        raise ValueError(f"{where}: prior features {list(weights['prior_weights'])} are not ours")
    weights = dict(weights)
    weights["common_words"] = frozenset(weights["common_words"])
    # Weight vectors in featurize() order, for the scoring loop.
    weights["_hand"] = [float(value) for value in weights["hand_weights"].values()]
    weights["_prior"] = [float(value) for value in weights["prior_weights"].values()]
    weights["_tc"] = TITLE_CASE_FEATURE in weights["hand_weights"]
    return weights
