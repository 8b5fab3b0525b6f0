"""The headline model: retraining writes a loadable file; the shipped file meets its own report."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from credscore.cli import EXIT_INPUT, main, parse_args
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
# Team-written headlines in the style of outlets of each kind, with made-up outlet names.
TOY_SOURCE = pd.DataFrame(
    {
        "title": [
            "Globalist Bankers PANIC As Gold Soars",
            "They Are STILL Lying About The Harbour Fire",
            "Mayor Is Just Finally DONE With Voters",
            "Council adopts harbour plan after consultation",
            "Bank reports steady quarterly lending figures",
            "Ferry service resumes after winter repairs",
        ],
        "label": [1, 1, 1, 0, 0, 0],
        "group": [
            "a:freedomwire",
            "a:freedomwire",
            "a:truthpatriot",
            "a:herald",
            "a:herald",
            "a:post",
        ],
        "collection": ["a"] * 6,
    }
)


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


def test_training_is_deterministic() -> None:
    first = headline_training.fit(TOY_CLICKBAIT + TOY_NEWS, [1] * 6 + [0] * 6, TOY_SOURCE, min_df=1)
    second = headline_training.fit(
        TOY_CLICKBAIT + TOY_NEWS, [1] * 6 + [0] * 6, TOY_SOURCE, min_df=1
    )
    assert first == second


def test_training_refuses_a_single_class() -> None:
    with pytest.raises(ValueError, match="both classes"):
        headline_training.train_weights(TOY_NEWS, [0] * len(TOY_NEWS))


def test_source_headlines_teach_function_words_not_topics() -> None:
    weights = headline_training.fit(
        TOY_CLICKBAIT + TOY_NEWS, [1] * 6 + [0] * 6, TOY_SOURCE, min_df=1, min_abs_weight=0.0
    )
    learned = weights["ngram_weights"]
    # "globalist", "harbour" and "gold" appear only in the source rows: outlets' topics.
    assert not {"globalist", "harbour", "gold", "bankers"} & set(learned)
    assert {"still", "just", "finally", "are"} <= set(learned)  # function words do
    assert "style_only_offset" in weights


def test_a_sensational_hand_feature_never_gets_a_negative_weight() -> None:
    # Shouting only on the *news* side: a free fit would give it a negative weight.
    news = [
        "Council votes AFTER long session",
        "Markets close AFTER quiet day",
        "Union talks resume after strike",  # "after" in lower case: an ordinary word
    ]
    weights = headline_training.train_weights(
        TOY_CLICKBAIT + TOY_NEWS + news, [1] * 6 + [0] * 9, min_df=1
    )
    assert weights["hand_weights"]["shouted_words"] == 0.0


def test_every_publisher_weighs_the_same_within_its_label() -> None:
    labels = [1, 1, 1, 0, 0, 0]
    groups = ["big", "big", "small", "a", "b", "b"]
    weights = headline_training.publisher_weights(labels, groups, total=12.0)
    assert weights[0] + weights[1] == pytest.approx(weights[2]) == pytest.approx(3.0)
    assert weights[3] == pytest.approx(weights[4] + weights[5]) == pytest.approx(3.0)
    assert sum(weights) == pytest.approx(12.0)


def test_site_names_are_stripped_from_titles() -> None:
    titles = [
        "Senator Flees Debate – Eagle Wire",
        "Mayor Admits Everything ⋆ Patriot Daily",
        "Storm Warning Issued | Coast Times",
        "Storm Passes | Coast Times",
        "Ferry Returns | Coast Times",
        "Trade talks resume - but doubts remain",
    ]
    outlets = ["eaglewire.com", "patriotdaily.net", "", "", "", "herald.com"]
    assert headline_training.strip_site_names(titles, outlets) == [
        "Senator Flees Debate",
        "Mayor Admits Everything",
        "Storm Warning Issued",
        "Storm Passes",
        "Ferry Returns",
        "Trade talks resume - but doubts remain",
    ]


def test_foreign_weights_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="format"):
        headline.read_weights(path)


def test_exclamation_inside_a_quotation_is_not_counted() -> None:
    assert headline.count_exclamations('Crowd chants "Out!" at rally') == 0
    assert headline.count_exclamations("Iran's envoy: 'Never!' and talks end") == 0
    assert headline.count_exclamations("Out! Out! Out!") == 2  # capped
    assert headline.exclamation_marks("Out! Out! Out!") == 3  # what a message says


def test_newsroom_capitals_are_not_shouting() -> None:
    common = frozenset({"live", "updates", "video", "today", "caves", "never", "threaten"})
    assert headline.shouted_words("LIVE UPDATES: storm hits [VIDEO]", common) == []
    assert headline.shouted_words("USA TODAY poll on tariffs", common) == []
    assert headline.shouted_words("Envoy: 'NEVER THREATEN us'", common) == []
    assert headline.shouted_words("MACRON CAVES", common) == ["CAVES"]


def test_alarm_words_count_only_when_emphasised() -> None:
    assert headline.alarm_words("MACRON CAVES on pensions") == ["CAVES"]
    assert headline.alarm_words("Exposed! The secret deal") == ["Exposed"]
    assert headline.alarm_words("Breaking: storm hits coast") == ["Breaking"]
    assert headline.alarm_words("Macron caves on pensions") == []
    assert headline.alarm_words("Breaking the cycle of debt") == []
    assert headline.alarm_words("Revealed: plan for the high street") == []  # a scoop label


def test_train_headlines_takes_source_collections_by_name() -> None:
    base = ["train-headlines", "--data", "d", "--out", "o"]
    assert parse_args(base).sources is None  # the default collections
    assert parse_args([*base, "--sources"]).sources == []  # Chakraborty only
    assert parse_args([*base, "--sources", "recovery", "allsides"]).sources == [
        "recovery",
        "allsides",
    ]
    with pytest.raises(SystemExit):
        parse_args([*base, "--sources", "reddit"])


def test_train_headlines_says_which_data_is_missing(tmp_path: Path, capsys) -> None:
    code = main(["train-headlines", "--data", str(tmp_path), "--out", str(tmp_path), "-q"])
    assert code == EXIT_INPUT
    assert "clickbait_headlines.csv not found" in capsys.readouterr().err
    assert not (tmp_path / headline.WEIGHTS_FILE).exists()


@pytest.mark.shared_data
def test_shipped_weights_reach_their_reported_held_out_accuracy() -> None:
    data = require_shared("data/clickbait_chakraborty")
    shipped = clickbait_title._weights()
    reported = shipped["held_out"]["chakraborty"]
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


def test_shipped_weights_report_the_publisher_grouped_figures() -> None:
    grouped = clickbait_title._weights()["held_out"]["source_labelled"]
    assert grouped["split"].startswith("GroupKFold on publisher")
    assert grouped["publishers"] > 100
    assert 0.5 < grouped["roc_auc"] < 1.0
    assert set(grouped["collections_used"]) == set(headline_training.DEFAULT_SOURCES)
