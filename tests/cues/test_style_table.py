"""The style features on small texts whose values can be counted by hand, and their invariants."""

from __future__ import annotations

import math

import pytest

from credscore.article import Article
from credscore.cues import style

# A text long enough that no rate uses its floored denominator (50 words, 3 sentences):
# 55 words (14 + 14 + 14 + 13) in four sentences; "said" twice and "told" once.
LONG = (
    "The council met on Tuesday and voted on the budget for the new library. "
    "Members said the plan would cost less than expected and would open next spring. "
    "The mayor told reporters that the building would have longer hours and more books. "
    "Residents asked about parking, and officials said a survey would follow in May. "
)


def features(text: str, title: str | None = None) -> dict[str, float]:
    return dict(zip(style.FEATURES, style.measure(Article(text, title)), strict=True))


@pytest.mark.parametrize(
    ("text", "title", "name", "expected"),
    [
        (LONG, None, "style_exclamation_rate", 0.0),
        (LONG + "Wow! Really! ", None, "style_exclamation_rate", 2 / 6),
        (LONG + "Why? ", None, "style_question_rate", 1 / 5),
        (LONG, "Library Plan Passes!!", "style_title_exclamations", 2.0),
        (LONG, "WAKE UP The TRUTH About Libraries", "style_title_all_caps_words", 2.0),
        (
            LONG + "You should see it, and your family too. ",
            None,
            "style_second_person_rate",
            2 / 63,
        ),
        (LONG, None, "style_attribution_rate", 3 / 4),
        (LONG, None, "style_log_words", math.log1p(55)),
        # The link adds its letter runs as words: https, example, org, plan.
        (LONG + "See https://example.org/plan for details. ", None, "style_link_rate", 100 / 62),
    ],
)
def test_feature_values_on_texts_counted_by_hand(
    text: str, title: str | None, name: str, expected: float
) -> None:
    assert features(text, title)[name] == pytest.approx(expected, rel=1e-6)


def test_windows_line_ends_change_no_feature() -> None:
    """A browser form or a Windows file sends "\\r\\n": the features must not move."""
    lines = LONG.replace(". ", ".\n")
    assert features(lines.replace("\n", "\r\n")) == pytest.approx(features(lines))


def test_a_giant_token_is_not_a_word() -> None:
    """Word-length features ignore tokens longer than any real word (issue 11 padding)."""
    padded = features(LONG + "x" * 8000)
    plain = features(LONG)
    assert padded["style_mean_word_length"] == pytest.approx(plain["style_mean_word_length"])
    assert padded["style_long_word_rate"] == pytest.approx(plain["style_long_word_rate"])


def test_a_tiny_text_uses_floored_denominators() -> None:
    """One shouted word in a three-word note is not 33% shouting."""
    assert features("WOW big news")["style_all_caps_rate"] <= 1 / 50
