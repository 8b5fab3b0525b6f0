"""Reasons in plain words: the few inputs that moved a score most, grouped as a reader thinks.

The model's exact decomposition (:class:`credscore.model.Contributions`) has one entry per
cue kind, per style feature and per vocabulary term present: hundreds of numbers. A reader
wants the handful that matter, named in words: "the headline's 2 exclamation marks: -3.3",
"wording typical of the training's reliable sources ('said', 'tuesday', 'according'):
+1.2". :func:`top_reasons` groups the entries that way (every vocabulary term into two
groups by sign, headline words apart) and keeps the strongest, so cues, style and wording
are explained on one scale, the log-odds they add.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from credscore.cue import Cue, json_safe_text
from credscore.model import Contributions, TermGroup

#: How each cue kind reads in a reason (kinds not listed use their name).
CUE_PHRASES: dict[str, str] = {
    "name_variant": "a name spelled two ways",
    "misspelling": "misspelled words",
    "promo_link": "promotional calls to action",
    "bare_source": "a bare list of sources",
    "page_boilerplate": "scraped page residue",
    "clickbait_title": "a clickbait headline",
    "dateline": "a wire-style dateline",
    "attributed_quote": "quotes attributed to named speakers",
    "primary_link": "links to primary sources",
}


def _plural(count: float, word: str) -> str:
    n = round(count)
    return f"{n} {word}{'' if n == 1 else 's'}"


# Style feature -> how its value reads. The value is the article's, in the feature's units.
STYLE_PHRASES: dict[str, Callable[[float], str]] = {
    "clickbait_title_probability": lambda v: f"the headline's clickbait score ({v:.0%})",
    "attributed_quote_share": lambda v: f"{v:.0%} of its quotes attributed to a named speaker",
    "style_log_words": lambda v: f"its length ({_plural(math.expm1(v), 'word')})",
    "style_mean_sentence_words": lambda v: f"sentences of {v:.0f} words on average",
    "style_exclamation_rate": lambda v: f"exclamation marks ({v:.2f} per sentence)",
    "style_question_rate": lambda v: f"questions ({v:.2f} per sentence)",
    "style_all_caps_rate": lambda v: f"words in capitals ({v:.1%} of words)",
    "style_second_person_rate": lambda v: f"addressing the reader as 'you' ({v:.1%} of words)",
    "style_first_person_rate": lambda v: f"first-person words ({v:.1%} of words)",
    "style_quote_mark_rate": lambda v: f"quotation marks ({v:.2f} per sentence)",
    "style_attribution_rate": lambda v: f"attribution verbs like 'said' ({v:.2f} per sentence)",
    "style_hedge_rate": lambda v: f"hedges like 'may', 'reportedly' ({v:.1%} of words)",
    "style_absolute_rate": lambda v: f"absolutes like 'always', 'proof' ({v:.1%} of words)",
    "style_sensational_rate": lambda v: f"sensational words like 'hoax' ({v:.1%} of words)",
    "style_digit_rate": lambda v: f"figures ({v:.1%} of characters)",
    "style_link_rate": lambda v: f"links ({v:.1f} per 100 words)",
    "style_mean_word_length": lambda v: f"words of {v:.1f} letters on average",
    "style_long_word_rate": lambda v: f"long words ({v:.0%} of words)",
    "style_title_exclamations": lambda v: f"the headline's {_plural(v, 'exclamation mark')}",
    "style_title_all_caps_words": lambda v: f"the headline's {_plural(v, 'word')} in capitals",
}

_TERM = "term:"
_TITLE_TERM = "term:title:"
# What each of Contributions.term_groups' groups reads as: raising, lowering, headline.
_GROUP_TEXTS = (
    "wording typical of the training's reliable sources",
    "wording typical of the training's unreliable sources",
    "the headline's wording",
)
# How many of a word group's strongest words its reason names.
_NAMED_WORDS = 3


@dataclass(frozen=True)
class Reason:
    """One plain-words reason and the log-odds it added (negative lowers the score)."""

    text: str
    """What the reader can look for ("the headline's 2 exclamation marks")."""
    log_odds: float
    """Its total contribution to the score's log-odds."""
    inputs: tuple[str, ...]
    """The :attr:`Assessment.contributions` keys it groups."""

    def __str__(self) -> str:
        return f"{self.text}: {self.log_odds:+.2f}"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready; lone surrogates quoted from the article become U+FFFD, as in cues."""
        return {
            "text": json_safe_text(self.text),
            "log_odds": self.log_odds,
            # Contribution names: cue kinds, feature names and ASCII vocabulary terms.
            "inputs": list(self.inputs),
        }


def _cue_text(kind: str, cues: Sequence[Cue]) -> str:
    of_kind = [cue for cue in cues if cue.kind == kind]
    phrase = CUE_PHRASES.get(kind, kind.replace("_", " "))
    if of_kind:
        shown = " ".join(of_kind[0].evidence.split())
        shown = shown if len(shown) <= 50 else shown[:47] + "..."
        more = f" and {len(of_kind) - 1} more" if len(of_kind) > 1 else ""
        phrase = f"{phrase} ('{shown}'{more})"
    return phrase


def _words_text(text: str, names: tuple[str, ...]) -> str:
    """A word group's reason text, naming its strongest words (``names`` come first)."""
    words = ", ".join(
        f"'{name.removeprefix(_TITLE_TERM).removeprefix(_TERM)}'" for name in names[:_NAMED_WORDS]
    )
    return f"{text} ({words})"


def _term_groups(contributions: Mapping[str, float]) -> tuple[dict[str, float], list[TermGroup]]:
    """:meth:`Contributions.term_groups`; a plain mapping (a user's own decomposition) is
    read into :class:`Contributions` first, so both go through one grouping rule."""
    if not isinstance(contributions, Contributions):
        fixed = {name: v for name, v in contributions.items() if not name.startswith(_TERM)}
        names = [name for name in contributions if name.startswith(_TERM)]
        values = np.array([contributions[name] for name in names], dtype=float)
        contributions = Contributions(fixed, names, np.arange(len(names)), values)
    return contributions.term_groups()


def top_reasons(
    contributions: Mapping[str, float],
    features: Mapping[str, float],
    cues: Sequence[Cue] = (),
    *,
    source: str | None = None,
    n: int = 5,
) -> list[Reason]:
    """The ``n`` reasons that moved the score most, strongest first.

    ``source`` describes the site for the ``"source"`` entry (its domain and rating).
    """
    fixed, term_groups = _term_groups(contributions)
    # (log-odds, group text or None, inputs): only the n kept are put in words.
    pending: list[tuple[float, str | None, tuple[str, ...]]] = [
        (value, None, (name,)) for name, value in fixed.items()
    ]
    pending.extend(
        (group.total, text, group.names)
        for group, text in zip(term_groups, _GROUP_TEXTS, strict=True)
        if group.names
    )
    pending = [entry for entry in pending if entry[0]]
    pending.sort(key=lambda entry: -abs(entry[0]))

    def words_for(group: str | None, inputs: tuple[str, ...]) -> str:
        if group is not None:
            return _words_text(group, inputs)
        (name,) = inputs
        if name.startswith("cue:"):
            return _cue_text(name[4:], cues)
        if name == "source":
            return source or "the site"
        if name in STYLE_PHRASES and name in features:
            return STYLE_PHRASES[name](features[name])
        return name.replace("_", " ")

    return [Reason(words_for(group, inputs), value, inputs) for value, group, inputs in pending[:n]]
