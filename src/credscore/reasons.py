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

from credscore.cue import Cue, json_safe_text

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
            "inputs": [json_safe_text(name) for name in self.inputs],
        }


def _cue_reason(kind: str, value: float, cues: Sequence[Cue]) -> Reason:
    of_kind = [cue for cue in cues if cue.kind == kind]
    phrase = CUE_PHRASES.get(kind, kind.replace("_", " "))
    if of_kind:
        shown = " ".join(of_kind[0].evidence.split())
        shown = shown if len(shown) <= 50 else shown[:47] + "..."
        more = f" and {len(of_kind) - 1} more" if len(of_kind) > 1 else ""
        phrase = f"{phrase} ('{shown}'{more})"
    return Reason(phrase, value, (f"cue:{kind}",))


def _word_reason(entries: list[tuple[str, float]], text: str) -> Reason:
    entries.sort(key=lambda item: -abs(item[1]))
    words = ", ".join(
        f"'{name.removeprefix(_TITLE_TERM).removeprefix(_TERM)}'"
        for name, _ in entries[:_NAMED_WORDS]
    )
    return Reason(
        f"{text} ({words})", math.fsum(v for _, v in entries), tuple(n for n, _ in entries)
    )


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
    found: list[Reason] = []
    words: dict[str, list[tuple[str, float]]] = {"raising": [], "lowering": [], "title": []}
    for name, value in contributions.items():
        if name.startswith(_TITLE_TERM):
            words["title"].append((name, value))
        elif name.startswith(_TERM):
            words["raising" if value > 0 else "lowering"].append((name, value))
        elif name.startswith("cue:"):
            found.append(_cue_reason(name[4:], value, cues))
        elif name == "source":
            found.append(Reason(source or "the site", value, (name,)))
        elif name in STYLE_PHRASES and name in features:
            found.append(Reason(STYLE_PHRASES[name](features[name]), value, (name,)))
        else:
            found.append(Reason(name.replace("_", " "), value, (name,)))
    groups = {
        "raising": "wording typical of the training's reliable sources",
        "lowering": "wording typical of the training's unreliable sources",
        "title": "the headline's wording",
    }
    for key, text in groups.items():
        if words[key]:
            found.append(_word_reason(words[key], text))
    found = [reason for reason in found if reason.log_odds]
    found.sort(key=lambda reason: -abs(reason.log_odds))
    return found[:n]
