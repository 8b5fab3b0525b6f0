"""A sensational headline: listicle teasers, shouting, "!" runs, "what they aren't telling you".

Scored by a small logistic regression trained on 32k labelled clickbait headlines (Chakraborty
et al. 2016) and on headlines labelled by their publisher's reliability, with the
hyperpartisan register's surface signals as hand features (see :mod:`credscore.cues.headline`),
shipped as JSON coefficients. The cue spans the whole title and its message names what tipped
the model: a reader can judge the phrasing.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues import headline
from credscore.cues.headline import (
    PHRASE_PATTERNS,
    WEIGHTS_FILE,
    alarm_words,
    exclamation_marks,
    normalize,
    shouted_words,
)
from credscore.logodds import logistic

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
    | {"he", "she", "her", "his", "him", "they", "them", "their", "we", "our", "i", "my", "me"}
)


@cache
def _weights() -> dict[str, Any]:
    """The shipped headline-model weights, read once on first use."""
    source = resources.files("credscore.cues").joinpath("_data").joinpath(WEIGHTS_FILE)
    parsed = json.loads(source.read_text(encoding="utf-8"))
    return headline.prepare_weights(parsed, WEIGHTS_FILE)


@lru_cache(maxsize=512)
def _read(title: str) -> tuple[float, int]:
    """(clickbait probability, sensational strength) of a stripped title, from one pass of
    the featurizer; cached so find and measure read it once."""
    weights = _weights()
    features = headline.title_features(title, weights)
    chance = logistic(headline.features_logit(features, weights))
    return chance, headline.features_strength(features, weights)


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
    return _read(title.strip())[0]


def _quote_phrase(title: str, name: str, label: str) -> str:
    """``label 'the matched words'`` for a phrase feature, or the bare label if unmatched."""
    pattern, _gate = PHRASE_PATTERNS[name]
    lowered = normalize(title)
    match = pattern.search(lowered)
    if match and len(lowered) == len(title):  # offsets agree: quote the title's own words
        return f"{label} '{title[match.start() : match.end()]}'"
    return label


def _quoted_words(label: str, words: list[str]) -> str:
    distinct = list(dict.fromkeys(words))
    shown = ", ".join(f"'{word}'" for word in distinct)
    return f"{label}{'s' if len(distinct) > 1 else ''} {shown}"


# Reader-facing names of the phrase features (the pattern lists in credscore.cues.headline).
_PHRASE_LABELS = {
    "#teaser_phrase": ("teaser_phrase", "teaser phrasing"),
    "#hidden_truth": ("hidden_truth", "hidden-truth phrasing"),
    "#urgency": ("urgency", "urgency phrasing"),
    "#insinuation": ("insinuation", "insinuating phrasing"),
}
# Too weak or too ordinary to name: neither fires the cue on its own.
_UNNAMED_FEATURES = frozenset({"#question_headline", "#explainer_phrase"})


def _ordinary(ngram: str) -> bool:
    """Whether an n-gram is made of ordinary words, not names: "Trump" or "Jennifer" carry
    weight from the clickbait sites' favourite subjects, but naming them would mislead."""
    common = _weights()["common_words"]
    return all(len(token) < 4 or token in common for token in ngram.split())


def _describe(title: str) -> list[str]:
    """Reader-facing names of what pushed the title up, strongest first."""
    found = headline.contributions(title, _weights())
    triggers: list[str] = []
    words: list[str] = []
    for name, value in sorted(found.items(), key=lambda item: -item[1]):
        # A marker present is named even where the fit gave it little weight: the n-grams
        # that make up "You Won't Believe" may carry what the phrase feature did not.
        marker = name.startswith("#") and name[1:] in headline.SENSATIONAL_MARKERS
        if (value <= 0 and not marker) or name in _UNNAMED_FEATURES:
            continue
        if name == "#exclamation_marks":
            count = exclamation_marks(title)  # all of them, though the model caps the count
            triggers.append(f"{count} exclamation mark{'s' if count > 1 else ''}")
        elif name in _PHRASE_LABELS:
            triggers.append(_quote_phrase(title, *_PHRASE_LABELS[name]))
        elif name == "#starts_with_number":
            triggers.append("opens with a number")
        elif name == "#second_person":
            triggers.append("addresses the reader as 'you'")
        elif name == "#shouted_words":
            # A shouted alarm word ("CHAOS") is named once, as an alarm word.
            named = set(alarm_words(title))
            shouted = [
                w for w in shouted_words(title, _weights()["common_words"]) if w not in named
            ]
            if shouted:
                triggers.append(_quoted_words("shouted word", shouted))
        elif name == "#alarm_words":
            alarms = alarm_words(title)
            triggers.append(_quoted_words("alarm word", alarms) if alarms else "alarm words")
        elif (
            not name.startswith("#")
            and value >= _NAMEABLE_NGRAM_LOGIT
            and name not in _UNNAMED_WORDS
            and len(words) < _MAX_NAMED_NGRAMS
            and _ordinary(name)
        ):
            words.append(f"'{name}'")
    if words:
        triggers.append("wording " + ", ".join(words))
    return triggers


def find(article: Article) -> list[Cue]:
    """One cue spanning the title when it is sensational: the headline model fires and the
    title shows a sensational marker, or the markers alone are strong."""
    span = _title_span(article.title)
    if span is None:
        return []
    title = article.title[span[0] : span[1]]
    # The model alone also reads mainstream explainers ("Here's what you need to know") and
    # numbered news as clickbait; a sensational marker keeps the cue to what lowers credibility.
    chance, strength = _read(title)
    modelled = chance > _weights()["threshold"] and strength > 0
    if not (modelled or strength >= headline.STRONGLY_SENSATIONAL):
        return []
    triggers = _describe(title)
    because = f" ({'; '.join(triggers)})" if triggers else ""
    shown = min(chance, 0.99)  # "100%" would overstate what a headline model can know
    message = f"Headline reads as clickbait{because} — {shown:.0%} on the headline model."
    return [article.cue(KIND, "title", span[0], span[1], message)]


def measure(article: Article) -> list[float]:
    """The headline model's clickbait probability (0.0 when there is no title)."""
    return [probability(article.title)]
