"""The headline model: retraining writes a loadable file; the shipped file meets its own report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credscore.cues import clickbait_title, headline
from credscore.training import headline as headline_training
from tests.conftest import require_shared

# Team-written toy headlines: just enough for the training function to run end to end.
TOY_CLICKBAIT = [
    "You Won't Believe These 12 Cats Who Hate Mondays",
    "Here's What Happens When You Eat Honey Every Day",
    "This Is Why Your Phone Battery Dies So Fast",
    "21 Things Every Night Owl Knows To Be True",
    "Which Breakfast Food Are You Based On Your Star Sign",
    "Can You Guess The Movie From One Single Frame",
]
TOY_NEWS = [
    "Parliament passes budget after late-night session",
    "Storm cuts power to thousands along the coast",
    "Central bank holds rates steady amid slowing growth",
    "Court rejects appeal in long-running land dispute",
    "Health ministry reports fall in flu admissions",
    "Rail strike called off after pay deal is agreed",
]


def test_retraining_on_a_tiny_sample_writes_loadable_weights(tmp_path: Path) -> None:
    headlines = TOY_CLICKBAIT + TOY_NEWS
    labels = [1] * len(TOY_CLICKBAIT) + [0] * len(TOY_NEWS)
    weights = headline_training.train_weights(headlines, labels, min_df=1, min_abs_weight=0.0)
    path = headline_training.write_weights(weights, tmp_path)
    loaded = headline.read_weights(path)
    assert set(loaded["hand_weights"]) == set(headline.LEARNED_HAND_FEATURES)
    clickbait = headline.probability("Here's Why Your Cat Hates Mondays", loaded)
    news = headline.probability("Parliament holds budget session", loaded)
    assert clickbait > news


def test_training_is_deterministic(tmp_path: Path) -> None:
    headlines = TOY_CLICKBAIT + TOY_NEWS
    labels = [1] * len(TOY_CLICKBAIT) + [0] * len(TOY_NEWS)
    first = headline_training.train_weights(headlines, labels, min_df=1)
    second = headline_training.train_weights(headlines, labels, min_df=1)
    assert first == second


def test_training_refuses_a_single_class() -> None:
    with pytest.raises(ValueError, match="both classes"):
        headline_training.train_weights(TOY_NEWS, [0] * len(TOY_NEWS))


def test_foreign_weights_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="format"):
        headline.read_weights(path)


def test_exclamation_inside_a_quotation_is_not_counted() -> None:
    assert headline.count_exclamations('Crowd chants "Out!" at rally') == 0
    assert headline.count_exclamations("Out! Out! Out!") == 2  # capped


@pytest.mark.shared_data
def test_shipped_weights_reach_their_reported_held_out_accuracy() -> None:
    data = require_shared("data/clickbait_chakraborty")
    shipped = clickbait_title._weights()
    reported = shipped["held_out"]
    headlines, labels = headline_training.load_headlines(data)
    _, test_idx = headline_training.held_out_split(labels, seed=shipped["seed"])
    test_x = [headlines[i] for i in test_idx]
    test_y = [labels[i] for i in test_idx]
    correct = sum(
        (headline.probability(title, shipped) > 0.5) == bool(label)
        for title, label in zip(test_x, test_y, strict=True)
    )
    assert len(test_idx) == reported["n"]
    assert correct / len(test_idx) == pytest.approx(reported["accuracy"], abs=5e-4)
    assert reported["accuracy"] >= 0.95  # the figure we quote; a broken model drops far below
