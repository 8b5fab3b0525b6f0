"""Reasons in plain words: the strongest inputs, grouped as a reader thinks, summing exactly."""

from __future__ import annotations

import math

import pytest

from credscore import Scorer
from credscore.reasons import STYLE_PHRASES, top_reasons

FRINGE_TITLE = "SHOCKING!! What They Are HIDING About The Dam"
FRINGE_TEXT = (
    "You will not believe this. The dam is failing and nobody will tell you the truth!\n\n"
    "Join our Telegram channel for the real story: https://t.me/damtruth\n\nLeave a Reply"
)


def test_every_style_feature_has_a_phrase(scorer: Scorer) -> None:
    assert set(scorer.model.style_names) <= set(STYLE_PHRASES)


def test_reasons_name_the_headline_exclamations_with_the_right_count(scorer: Scorer) -> None:
    assessment = scorer.score(FRINGE_TEXT, title=FRINGE_TITLE)
    texts = [reason.text for reason in assessment.reasons(n=50)]
    assert "the headline's 2 exclamation marks" in texts
    assert any(text.startswith("promotional calls to action ('Join our") for text in texts)


def test_reasons_partition_the_contributions(scorer: Scorer) -> None:
    """All reasons together hold every input once, and sum to the log-odds minus the base."""
    assessment = scorer.score(FRINGE_TEXT, title=FRINGE_TITLE)
    everything = assessment.reasons(n=10_000)
    keys = [key for reason in everything for key in reason.inputs]
    nonzero = {key for key, value in assessment.contributions.items() if value}
    assert len(keys) == len(set(keys)) and set(keys) == nonzero
    total = math.fsum(reason.log_odds for reason in everything)
    assert total == pytest.approx(assessment.log_odds - assessment.base_log_odds, abs=1e-9)


def test_reasons_are_strongest_first_and_words_are_grouped_by_direction() -> None:
    contributions = {
        "term:said": 0.4,
        "term:tuesday": 0.3,
        "term:hoax": -0.9,
        "term:title:shocking": -0.2,
        "style_title_exclamations": -3.0,
        "cue:promo_link": -1.5,
        "source": 0.5,
    }
    features = {"style_title_exclamations": 3.0}
    reasons = top_reasons(contributions, features, source="the site example.org", n=10)
    assert [reason.log_odds for reason in reasons] == sorted(
        (reason.log_odds for reason in reasons), key=lambda value: -abs(value)
    )
    texts = {reason.text: reason.log_odds for reason in reasons}
    assert texts["the headline's 3 exclamation marks"] == -3.0
    assert texts["wording typical of the training's reliable sources ('said', 'tuesday')"] == (
        pytest.approx(0.7)
    )
    assert texts["wording typical of the training's unreliable sources ('hoax')"] == -0.9
    assert texts["the headline's wording ('shocking')"] == -0.2
    assert texts["the site example.org"] == 0.5
    assert len(top_reasons(contributions, features, n=2)) == 2


@pytest.mark.parametrize("odd_name", ["term:one\ntwo", "term:subtitle:words"])
def test_headline_terms_are_told_apart_whatever_the_other_names_hold(odd_name: str) -> None:
    """Headline terms are told by their prefix; a name holding a line break (a user's own
    mapping) or "title:" inside it must not shift or fake a match."""
    contributions = {
        "term:title:shocking": -0.2,
        odd_name: 0.1,
        "term:title:secret": -0.1,
        "term:said": 0.4,
    }
    texts = {reason.text: reason.log_odds for reason in top_reasons(contributions, {}, n=10)}
    assert texts["the headline's wording ('shocking', 'secret')"] == pytest.approx(-0.3)
    word = odd_name.removeprefix("term:")
    assert texts[f"wording typical of the training's reliable sources ('said', '{word}')"] == (
        pytest.approx(0.5)
    )


def test_an_assessments_contributions_and_the_same_entries_as_a_dict_give_one_answer(
    scorer: Scorer,
) -> None:
    """Contributions group their terms on arrays (naming them from the dict once it is
    built, else from the vocabulary); a plain dict of the same entries (a user's own
    decomposition) must read the same, reason for reason."""
    fresh = scorer.score(FRINGE_TEXT * 3, title=FRINGE_TITLE)
    before_the_dict = top_reasons(fresh.contributions, fresh.features, n=100)
    assessment = scorer.score(FRINGE_TEXT * 3, title=FRINGE_TITLE)
    as_dict = dict(assessment.contributions.items())
    assert sum(name.startswith("term:") for name in as_dict) > 20
    from_arrays = top_reasons(assessment.contributions, assessment.features, n=100)
    from_dict = top_reasons(as_dict, assessment.features, n=100)
    assert from_arrays == from_dict == before_the_dict
    assert any(reason.text.startswith("the headline's wording") for reason in from_arrays)
    # Each word group lists its words strongest first, so its text names the strongest.
    groups = [reason for reason in from_arrays if len(reason.inputs) > 1]
    assert groups
    for reason in groups:
        strengths = [abs(as_dict[name]) for name in reason.inputs]
        assert strengths == sorted(strengths, reverse=True)


def test_the_command_line_shows_reasons_even_without_cues(capsys, scorer: Scorer) -> None:
    from credscore.cli import _print_assessment

    _print_assessment(scorer.score("The council met on Tuesday and approved the budget."))
    out = capsys.readouterr().out
    assert "what moved the score most" in out
    assert out.index("what moved the score most") < out.index("no cues found")
