"""Numeric style features that belong to no single cue.

Rates are per word (or per sentence) so long and short articles compare; each feature is
cheap enough to compute on thousands of articles a second.
"""

from __future__ import annotations

import math
import re

from credscore.article import Article

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_ALL_CAPS = re.compile(r"\b[A-Z]{3,}\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|we|us|our)\b")
_QUOTE_MARK = re.compile(r"[\"“”]")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|according to|stated|explained|added|wrote|reported|announced)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|appears?|suggests?|likely|possibly|perhaps|reportedly|allegedly"
    r"|estimated?|approximately|about)\b",
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    r"\b(?:always|never|all|every|everyone|nobody|nothing|totally|completely|absolutely"
    r"|undeniabl[ey]|proof|proves?|definitely|certainly)\b",
    re.IGNORECASE,
)
_SENSATIONAL = re.compile(
    r"\b(?:shocking|bombshell|explosive|outrage\w*|horrif\w*|terrif\w*|destroy\w*|slam\w*"
    r"|exposed?|cover-?up|hoax|plandemic|sheeple|globalists?|tyrann\w*|depopulation"
    r"|big pharma|mainstream media|msm|wake up|they don'?t want you|censor\w*|banned"
    r"|miracle|cure[sd]?|toxic|poison\w*|deadly|evil|traitor\w*|treason)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SYLLABLE = re.compile(r"[aeiouy]+", re.IGNORECASE)

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
    "style_number_rate",
    "style_link_rate",
    "style_mean_word_length",
    "style_syllables_per_word",
    "style_title_exclamations",
    "style_title_all_caps_words",
)


def measure(article: Article) -> list[float]:
    """Values of :data:`FEATURES`, in that order."""
    text = article.text
    words = article.words
    n_words = max(len(words), 1)
    n_sentences = max(len(_SENTENCE_END.findall(text)), 1)
    letters = sum(match.end() - match.start() for match in words)
    # Syllables on a sample keeps the cost flat on huge pages; the mean is what matters.
    sample = " ".join(match.group() for match in words[:400])
    syllables = len(_SYLLABLE.findall(sample)) / max(min(len(words), 400), 1)
    title = article.title
    return [
        math.log1p(len(words)),
        len(words) / n_sentences,
        text.count("!") / n_sentences,
        text.count("?") / n_sentences,
        len(_ALL_CAPS.findall(text)) / n_words,
        len(_SECOND_PERSON.findall(text)) / n_words,
        len(_FIRST_PERSON.findall(text)) / n_words,
        len(_QUOTE_MARK.findall(text)) / n_sentences,
        len(_ATTRIBUTION.findall(text)) / n_sentences,
        len(_HEDGE.findall(text)) / n_words,
        len(_ABSOLUTE.findall(text)) / n_words,
        len(_SENSATIONAL.findall(text)) / n_words,
        len(_NUMBER.findall(text)) / n_words,
        len(article.links) / n_words * 100,
        letters / n_words,
        syllables,
        float(title.count("!")),
        float(len(_ALL_CAPS.findall(title))),
    ]
