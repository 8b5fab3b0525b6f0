"""Padding cannot flip a score (issue 11 §2): one line, pasted quotes or junk tokens move the
log-odds by less than a stated bound, and a fringe post stays "unreliable" under each.

The bounds are checked with the model trained on the team sample by the shipped recipe
(``scorer``), whose style weights are the largest; the labels with the shipped model
(``shipped_scorer``), which is what a user's verdict comes from.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from credscore import Scorer

from .conftest import REPO

FRINGE = (REPO / "data" / "examples" / "fringe_post.txt").read_text(encoding="utf-8")
FRINGE_TITLE, _, FRINGE_TEXT = FRINGE.partition("\n")

# A subtle post in the team's own words: no shouting, no promo line, no cue a reader would
# flag at once; the kind of article a fake dateline was shown to flip (issue 11).
SUBTLE = (
    "Residents of the valley have noticed something odd this spring. The water tastes "
    "different, and several families say their children have had headaches since the new "
    "treatment plant opened. Officials insist nothing has changed, but they would say that. "
    "Nobody has explained why the plant's contractor also supplies chemicals to three other "
    "towns where people report the same thing. We looked for the test results and could not "
    "find them anywhere. Perhaps that is a coincidence. Perhaps it is not. People deserve "
    "to know what is in their water, and they deserve better than silence from the county."
)

# (name, padding, largest move of the log-odds it may cause). The raising evidence (cues,
# attribution) adds at most the recipe's raising_cap (1.5), half when the text disagrees;
# the rest of a move is what the added words do to the style rates (a longer text, diluted
# first-person and link rates), each clipped to the training range. The bounds are for the
# model trained on the 40-article sample, whose style weights are several times those of a
# model trained on the shared collections (long-word padding moves the sample model's
# fringe post by 6.97 at the recipe's C 100, 6.5 at C 50, under 6 at C 20; the shipped
# model's by 1.3, which test_long_words_barely_move_the_shipped_model holds under 2).
# Before clipping and the raising cap, one 8,000-letter token moved a post by +20.8.
PADDINGS: list[tuple[str, Callable[[str], str], float]] = [
    ("fake dateline", lambda t: "WASHINGTON, Jan 12 (Reuters) - " + t, 1.5),
    (
        "fake credit line",
        lambda t: t + "\n\nReporting by Dana Whitlock; Editing by Marcus Oyelaran",
        1.0,
    ),
    (
        "pasted quotes",
        lambda t: (
            t
            + "\n\n"
            + " ".join(
                f'"The numbers speak for themselves," said {name}, a spokesperson for the agency.'
                for name in ("Ana Ruiz", "Tom Baker", "Li Wei", "Sara Cole", "Omar Haddad")
            )
        ),
        4.0,
    ),
    ("one 8,000-letter token", lambda t: t + " " + "a" * 8000, 0.5),
    ("hundreds of long words", lambda t: t + " " + "internationalization " * 300, 7.5),
]


def _log_odds(scorer: Scorer, text: str, title: str | None = None) -> float:
    return scorer.score(text, title=title).text_log_odds


@pytest.mark.parametrize(("name", "pad", "bound"), PADDINGS, ids=[p[0] for p in PADDINGS])
@pytest.mark.parametrize("article", ["fringe", "subtle"])
def test_padding_moves_the_score_less_than_its_bound(
    scorer: Scorer, article: str, name: str, pad, bound: float
) -> None:
    title, text = (FRINGE_TITLE, FRINGE_TEXT) if article == "fringe" else (None, SUBTLE)
    before = _log_odds(scorer, text, title)
    after = _log_odds(scorer, pad(text), title)
    assert abs(after - before) < bound, (name, before, after)


@pytest.mark.parametrize("article", ["fringe", "subtle"])
def test_long_words_barely_move_the_shipped_model(shipped_scorer: Scorer, article: str) -> None:
    title, text = (FRINGE_TITLE, FRINGE_TEXT) if article == "fringe" else (None, SUBTLE)
    (pad,) = [pad for name, pad, _ in PADDINGS if name == "hundreds of long words"]
    before = _log_odds(shipped_scorer, text, title)
    after = _log_odds(shipped_scorer, pad(text), title)
    assert abs(after - before) < 2.0, (before, after)


@pytest.mark.parametrize(("name", "pad", "bound"), PADDINGS, ids=[p[0] for p in PADDINGS])
def test_the_fringe_post_stays_unreliable(
    shipped_scorer: Scorer, name: str, pad, bound: float
) -> None:
    assert shipped_scorer.score(FRINGE_TEXT, title=FRINGE_TITLE).label == "unreliable"
    padded = shipped_scorer.score(pad(FRINGE_TEXT), title=FRINGE_TITLE)
    assert padded.label == "unreliable", (name, padded.credibility)


@pytest.mark.parametrize(("name", "pad", "bound"), PADDINGS, ids=[p[0] for p in PADDINGS])
def test_the_seed_stays_unreliable(shipped_scorer: Scorer, seed, name: str, pad, bound) -> None:
    assert shipped_scorer.score(seed["text"], title=seed["title"]).label == "unreliable"
    padded = shipped_scorer.score(pad(seed["text"]), title=seed["title"])
    assert padded.label == "unreliable", (name, padded.credibility)


def test_a_link_appended_to_a_short_note_cannot_swing_it(scorer: Scorer) -> None:
    note = (
        "The county says the clinic on Elm Street will open two hours later on Mondays "
        "starting next month because of staffing"
    )
    plain = scorer.score(note)
    linked = scorer.score(note + " https://www.cdc.gov/flu/index.html")
    assert abs(linked.text_log_odds - plain.text_log_odds) < 1.0
    # Twenty words are too few to judge: both are "unknown", with the reason in a note.
    assert plain.label == linked.label == "unknown"
    assert any("too short" in note for note in plain.notes)


def test_a_clickbait_headline_never_raises_a_score(scorer: Scorer) -> None:
    from credscore.training.datasets import load_sample

    frame = load_sample()
    headlines = [
        "What They Aren't Telling You About The New Variant",
        "SHOCKING: You Won't Believe What The Council Did Next!!",
        "17 Things Officials Don't Want You To Know",
    ]
    for row in frame[frame["label"] == 1].itertuples():
        for headline in headlines:
            a = scorer.score(row.text, title=headline)
            for name in (
                "clickbait_title_probability",
                "style_title_exclamations",
                "style_title_all_caps_words",
                "cue:clickbait_title",
            ):
                assert a.contributions.get(name, 0.0) <= 0.0, (name, headline)
