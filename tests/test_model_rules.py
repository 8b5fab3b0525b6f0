"""Scoring-time rules of the model: clipping, raising-cue caps and agreement, "unknown"."""

from __future__ import annotations

import math

import numpy as np
import pytest

from credscore.article import Article
from credscore.cues import REGISTRY, analyse, feature_names
from credscore.model import CredibilityModel

STYLE_NAMES = tuple(n for n in feature_names() if not n.startswith("cue_"))
WIRE = (
    "The city council approved the new budget on Tuesday after a long debate about road "
    "repairs, school buses and the cost of running the public library in the evenings. "
    "Members said the plan would be reviewed again in the autumn, when the tax figures for "
    "the year are known, and the mayor said she expected a smaller surplus than last year."
)


def _model(**rules) -> CredibilityModel:
    """A hand-made model: one style weight, three cue weights, a tiny vocabulary."""
    n = len(STYLE_NAMES)
    weights = np.zeros(n)
    weights[STYLE_NAMES.index("style_mean_word_length")] = 1.0
    cue_weights = {spec.kind: 0.0 for spec in REGISTRY}
    cue_weights.update(dateline=1.0, attributed_quote=0.8, promo_link=-2.0)
    settings = {
        "style_low": np.full(n, -10.0),
        "style_high": np.full(n, 10.0),
        "raising_cap": 1.5,
        "raising_disagree_factor": 0.5,
        "min_words": 40,
        "unknown_shrink": 0.5,
    }
    settings["style_high"][STYLE_NAMES.index("style_mean_word_length")] = 6.0
    settings.update(rules)
    return CredibilityModel(
        feature_names=feature_names(),
        cue_weights=cue_weights,
        cue_weight_origin=dict.fromkeys(cue_weights, "test"),
        style_names=STYLE_NAMES,
        style_center=np.zeros(n),
        style_scale=np.ones(n),
        style_weights=weights,
        terms=("budget", "council", "the"),
        idf=np.ones(3),
        term_weights=np.zeros(3),
        base_log_odds=0.0,
        **settings,
    )


def _values(**features: float) -> np.ndarray:
    values = np.zeros(len(feature_names()))
    for name, value in features.items():
        values[feature_names().index(name)] = value
    return values


def _cues(article: Article, kinds: dict[str, int]):
    """Stand-in cues of the given kinds (spans over the first character)."""
    return [article.cue(kind, "text", 0, 1, "test") for kind, n in kinds.items() for _ in range(n)]


def _weights(decomposition) -> tuple[float, ...]:
    return tuple(cue.weight for cue in decomposition.cues)


def _check_block_agrees(model, article, cues, values) -> float:
    """decompose (scoring, with cues) and score_analysed (training) give the same log-odds."""
    explanation = model.decompose(article, cues, values)
    log_odds, unknown = model.score_analysed([article], values.reshape(1, -1))
    assert log_odds[0] == pytest.approx(explanation.log_odds, abs=1e-12)
    assert unknown[0] == bool(explanation.unfamiliar)
    return explanation.log_odds


def test_a_feature_beyond_the_training_range_is_clipped_and_reported() -> None:
    model, article = _model(), Article(WIRE)
    values = _values(style_mean_word_length=27.0)
    explanation = model.decompose(article, [], values)
    assert explanation.contributions["style_mean_word_length"] == pytest.approx(6.0)
    assert explanation.clipped == {"style_mean_word_length": (27.0, 6.0)}
    _check_block_agrees(model, article, [], values)


def test_raising_cues_together_add_at_most_the_cap() -> None:
    model, article = _model(), Article(WIRE)
    kinds = {"dateline": 1, "attributed_quote": 7}  # 1.0 + 0.8 * log2(8) = 3.4 uncapped
    values = _values(cue_dateline=1, cue_attributed_quote=7)
    cues = _cues(article, kinds)
    explanation = model.decompose(article, cues, values)
    assert math.fsum(_weights(explanation)) == pytest.approx(1.5)
    assert _check_block_agrees(model, article, cues, values) == pytest.approx(1.5)


def test_raising_cues_count_half_when_a_lowering_cue_fired() -> None:
    model, article = _model(), Article(WIRE)
    values = _values(cue_dateline=1, cue_promo_link=1)
    cues = _cues(article, {"dateline": 1, "promo_link": 1})
    explanation = model.decompose(article, cues, values)
    weights = dict(zip([c.kind for c in cues], _weights(explanation), strict=True))
    assert weights == {"dateline": pytest.approx(0.5), "promo_link": pytest.approx(-2.0)}
    _check_block_agrees(model, article, cues, values)


def test_raising_cues_count_half_when_the_rest_of_the_text_disagrees() -> None:
    model, article = _model(), Article(WIRE)
    # The style evidence points to unreliable (-3): the dateline alone cannot undo it.
    values = _values(cue_dateline=1, style_mean_word_length=-3.0)
    explanation = model.decompose(article, _cues(article, {"dateline": 1}), values)
    assert _weights(explanation) == (pytest.approx(0.5),)
    agreeing = model.decompose(
        article, _cues(article, {"dateline": 1}), _values(cue_dateline=1, style_mean_word_length=1)
    )
    assert _weights(agreeing) == (pytest.approx(1.0),)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Budget passed.", "too short"),
        ("Городской совет утвердил новый бюджет во вторник после долгих споров. " * 8, "Cyrillic"),
    ],
)
def test_out_of_depth_text_is_unknown_with_its_evidence_shrunk(text: str, reason: str) -> None:
    model, article = _model(), Article(text)
    values = _values(style_mean_word_length=4.0)
    explanation = model.decompose(article, [], values)
    assert explanation.unfamiliar and reason in " ".join(explanation.unfamiliar)
    assert explanation.contributions["style_mean_word_length"] == pytest.approx(2.0)
    assert model.label(0.99, explanation.unfamiliar) == "unknown"
    _check_block_agrees(model, article, [], values)


def test_unfamiliar_wording_and_many_clipped_features_make_it_unknown() -> None:
    article = Article(WIRE)
    strict = _model(min_known_share=0.5)
    explanation = strict.decompose(article, [], _values())
    assert any("unfamiliar wording" in reason for reason in explanation.unfamiliar)
    assert not _model(min_known_share=0.02).decompose(article, [], _values()).unfamiliar
    values = _values(style_mean_word_length=27.0)
    assert _model(max_clipped=0).decompose(article, [], values).unfamiliar
    assert not _model(max_clipped=1).decompose(article, [], values).unfamiliar


def test_labels_in_depth_follow_the_thresholds() -> None:
    model = _model(thresholds=(0.2, 0.7))
    assert [model.label(p) for p in (0.1, 0.5, 0.9)] == ["unreliable", "mixed", "reliable"]


def test_a_model_pickled_before_the_rules_existed_scores_as_before() -> None:
    model = _model()
    state = model.__getstate__()
    for name in ("style_low", "style_high", "raising_cap", "min_words", "unknown_shrink"):
        state.pop(name)
    old = CredibilityModel.__new__(CredibilityModel)
    old.__setstate__(state)
    assert old.style_low is None and old.raising_cap == math.inf and old.min_words == 0
    article = Article("Budget passed.")
    assert not old.decompose(article, [], _values()).unfamiliar


def test_real_analysis_values_flow_through_the_rules() -> None:
    article = Article(WIRE + " " + "x" * 8000)
    cues, values = analyse(article)
    explanation = _model().decompose(article, cues, np.asarray(values))
    # The 8,000-letter token is not a word: mean word length stays ordinary, nothing clipped.
    assert "style_mean_word_length" not in explanation.clipped
