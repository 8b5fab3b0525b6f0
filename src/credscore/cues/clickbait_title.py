"""A headline written as clickbait (teasers, "you", listicle numbers, exclamation marks).

Scored by a small logistic regression trained on 32k labelled headlines (Chakraborty et al.
2016; see :mod:`credscore.headline_model`) and shipped as JSON coefficients. The cue spans the
whole title and its message names what tipped the model: a reader can judge the phrasing.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from credscore import headline_model
from credscore.article import Article
from credscore.cue import Cue
from credscore.headline_model import TEASER_RE, WEIGHTS_FILE, normalize, shouted_words

KIND = "clickbait_title"
DIRECTION = -1
FEATURES: tuple[str, ...] = ("clickbait_title_probability",)
#: A clickbait headline may only lower a score (issue 13), as a cue and as a feature.
FEATURE_DIRECTIONS: dict[str, int] = {"clickbait_title_probability": -1}

# N-grams worth naming in the message: those adding at least this much log-odds (a strong
# single word such as "this" or "things" adds 1-4 in the shipped model).
_NAMEABLE_NGRAM_LOGIT = 0.5
_MAX_NAMED_NGRAMS = 2
# Function words carry weight in the model (clickbait is wordier than wire headlines) but
# naming them would tell a reader nothing.
_UNNAMED_WORDS = frozenset(
    {"the", "a", "an", "is", "are", "was", "be", "of", "to", "in", "on", "for", "and", "or"}
    | {"at", "by", "with", "about", "it", "its", "as"}
)


@cache
def _weights() -> dict[str, Any]:
    """The shipped headline-model weights, read once on first use."""
    source = resources.files("credscore.cues").joinpath("_data", WEIGHTS_FILE)
    parsed = json.loads(source.read_text(encoding="utf-8"))
    return headline_model.prepare_weights(parsed, WEIGHTS_FILE)


@lru_cache(maxsize=512)
def _score(title: str) -> float:
    """Clickbait probability of a stripped title; cached so find and measure score it once."""
    return headline_model.probability(title, _weights())


def _title_span(title: str) -> tuple[int, int] | None:
    stripped = title.strip()
    if not stripped:
        return None
    start = len(title) - len(title.lstrip())
    return start, start + len(stripped)


def probability(title: str) -> float:
    """Probability that the shipped headline model reads ``title`` as clickbait (0.0 if blank)."""
    if not isinstance(title, str) or not title.strip():
        return 0.0
    return _score(title.strip())


def _describe(title: str) -> list[str]:
    """Reader-facing names of what pushed the title up, strongest first."""
    found = headline_model.contributions(title, _weights())
    triggers: list[str] = []
    words: list[str] = []
    for name, value in sorted(found.items(), key=lambda item: -item[1]):
        if name == "#exclamation_marks":
            count = round(value / _weights()["prior_weights"]["exclamation_marks"])
            triggers.append(f"{count} exclamation mark{'s' if count > 1 else ''}")
        elif name == "#question_headline":
            continue  # too weak to name: it never fires the cue on its own
        elif name == "#starts_with_number":
            triggers.append("opens with a number")
        elif name == "#second_person":
            triggers.append("addresses the reader as 'you'")
        elif name == "#teaser_phrase":
            lowered = normalize(title)
            match = TEASER_RE.search(lowered)
            if match and len(lowered) == len(title):
                triggers.append(f"teaser phrasing '{title[match.start() : match.end()]}'")
            else:
                triggers.append("teaser phrasing")
        elif name == "#shouted_words":
            shouted = shouted_words(title, _weights()["common_words"])
            triggers.append(f"shouted word '{shouted[0]}'" if shouted else "shouted words")
        elif (
            not name.startswith("#")
            and value >= _NAMEABLE_NGRAM_LOGIT
            and name not in _UNNAMED_WORDS
            and len(words) < _MAX_NAMED_NGRAMS
        ):
            words.append(f"'{name}'")
    if words:
        triggers.append("wording " + ", ".join(words))
    return triggers


# Markers of a *sensational* headline. The headline model alone also fires on mainstream
# explainer headlines ("Here's what you need to know"): on ReCOVery it fired on 19% of
# reliable and 10.5% of unreliable titles. Requiring one of these markers as well keeps the
# cue to what lowers credibility (measured in the model card's cue rates).
_SENSATIONAL_MARKERS = frozenset({"#exclamation_marks", "#shouted_words", "#teaser_phrase"})


def find(article: Article) -> list[Cue]:
    """One cue spanning the title when the headline model fires and the title is sensational."""
    span = _title_span(article.title)
    if span is None:
        return []
    title = article.title[span[0] : span[1]]
    chance = _score(title)
    if chance <= _weights()["threshold"]:
        return []
    found = headline_model.contributions(title, _weights())
    if not any(found.get(marker, 0.0) > 0 for marker in _SENSATIONAL_MARKERS):
        return []
    triggers = _describe(title)
    because = f" ({'; '.join(triggers)})" if triggers else ""
    shown = min(chance, 0.99)  # "100%" would overstate what a headline model can know
    message = f"Headline reads as clickbait{because} — {shown:.0%} on the headline model."
    return [article.cue(KIND, "title", span[0], span[1], message)]


def measure(article: Article) -> list[float]:
    """The headline model's clickbait probability (0.0 when there is no title)."""
    return [probability(article.title)]
