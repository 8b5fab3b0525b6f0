"""The estimator's rules: bounded weights, directions, clipping, balancing weights."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from credscore.cues import feature_directions
from credscore.training.datasets import load_sample
from credscore.training.estimator import (
    CredibilityClassifier,
    class_balanced,
    fit_bounded_logistic,
    publisher_weights,
    stratum_weights,
)


def _toy(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(300, 4))
    # Feature 0 raises, feature 1 lowers, 2 and 3 are noise.
    y = (X[:, 0] - X[:, 1] + rng.normal(scale=0.5, size=300) > 0).astype(int)
    return X, y


def test_unbounded_fit_matches_scikit_learn() -> None:
    X, y = _toy()
    coef, intercept = fit_bounded_logistic(
        sp.csr_matrix(X), y, np.ones(len(y)), 2.0, np.full(4, -np.inf), np.full(4, np.inf)
    )
    reference = LogisticRegression(C=2.0, class_weight="balanced", tol=1e-8).fit(X, y)
    np.testing.assert_allclose(coef[:2], reference.coef_[0][:2], rtol=0.01)
    np.testing.assert_allclose(X @ coef + intercept, reference.decision_function(X), atol=0.05)


def test_bounds_hold_even_against_the_data() -> None:
    X, y = _toy()
    # Ask for the opposite signs of what the data says: the weights stop at 0.
    lower = np.array([-np.inf, 0.0, -np.inf, -np.inf])
    upper = np.array([0.0, np.inf, np.inf, np.inf])
    coef, _ = fit_bounded_logistic(sp.csr_matrix(X), y, np.ones(len(y)), 2.0, lower, upper)
    assert coef[0] == 0.0 and coef[1] == 0.0
    capped, _ = fit_bounded_logistic(
        sp.csr_matrix(X), y, np.ones(len(y)), 2.0, np.full(4, -np.inf), np.array([0.3, 9, 9, 9])
    )
    assert capped[0] == pytest.approx(0.3)


@pytest.fixture(scope="module")
def sample_classifier() -> CredibilityClassifier:
    frame = load_sample()
    return CredibilityClassifier(C=50.0, min_publishers=2, raising_cue_cap=0.8).fit(
        frame[["text", "title"]], frame["label"], groups=frame["publisher"]
    )


def test_every_signal_keeps_its_direction(sample_classifier: CredibilityClassifier) -> None:
    model = sample_classifier.model_
    directions = feature_directions()
    weights = dict(zip(model.style_names, model.style_weights, strict=True))
    weights.update({f"cue_{kind}": w for kind, w in model.cue_weights.items()})
    checked = 0
    for name, direction in directions.items():
        assert weights[name] * direction >= 0, (name, weights[name])
        checked += 1
    assert checked >= 15  # the cues, the headline probability and the style directions
    for kind in ("dateline", "attributed_quote", "primary_link"):
        assert 0.0 <= model.cue_weights[kind] <= 0.8


def test_training_range_is_stored_and_covers_the_training_values(
    sample_classifier: CredibilityClassifier,
) -> None:
    model = sample_classifier.model_
    assert model.style_low is not None and model.style_high is not None
    assert (model.style_low <= model.style_high).all()
    assert len(model.style_low) == len(model.style_names)


def test_no_clipping_when_asked() -> None:
    frame = load_sample()
    model = (
        CredibilityClassifier(min_publishers=2, clip_quantile=None)
        .fit(frame[["text", "title"]], frame["label"], groups=frame["publisher"])
        .model_
    )
    assert model.style_low is None and model.style_high is None


def test_common_word_vocabulary_leaves_out_names_and_jargon() -> None:
    frame = load_sample()
    plain = CredibilityClassifier(min_publishers=1).fit(
        frame[["text", "title"]], frame["label"], groups=frame["publisher"]
    )
    common = CredibilityClassifier(min_publishers=1, min_word_zipf=4.0).fit(
        frame[["text", "title"]], frame["label"], groups=frame["publisher"]
    )
    assert set(common.model_.terms) < set(plain.model_.terms)
    assert {"the", "said"} <= set(common.model_.terms)
    assert not {"whitcombe", "okafor", "hydrologist"} & set(common.model_.terms)


def test_stratum_weights_give_every_cell_the_same_total() -> None:
    y = np.array([1, 1, 1, 1, 0, 1, 0, 0])
    strata = np.array(["bbc"] * 4 + ["a"] * 4)
    weights = stratum_weights(np.ones(8), y, strata)
    totals = {
        (s, label): weights[(strata == s) & (y == label)].sum()
        for s, label in set(zip(strata, y, strict=True))
    }
    assert len(set(np.round(list(totals.values()), 9))) == 1
    assert weights.mean() == pytest.approx(1.0)
    half = stratum_weights(np.ones(8), y, strata, power=0.5)
    assert half[0] < half[4]  # the big cell is down-weighted, less than all the way


def test_strata_change_the_fit_and_are_passed_through_fit() -> None:
    frame = load_sample()
    strata = np.where(frame["publisher"].str.len() % 2 == 0, "a", "b")
    X, y, groups = frame[["text", "title"]], frame["label"], frame["publisher"]
    plain = CredibilityClassifier(min_publishers=2).fit(X, y, groups=groups).model_
    balanced = (
        CredibilityClassifier(min_publishers=2).fit(X, y, groups=groups, strata=strata).model_
    )
    assert not np.allclose(plain.style_weights, balanced.style_weights)


def _one_label_stratum_frame():
    """One stratum all reliable and about the league (an outlet's sport pages); in the other
    the labels differ by wording alone, on one topic."""
    import pandas as pd

    rows = []
    for i in range(40):
        text = "The league match ended level and the coach praised the squad. " * 3
        rows.append((text + f"Report {i}.", 1, "sport", f"sport-{i % 8}"))
    for i in range(80):
        label = i % 2
        claim = "the clerk noted" if label else "insiders claim"
        text = f"The council approved the plan for the new road on Tuesday, {claim}. "
        rows.append((text * 3 + f"Item {i}.", label, "council", f"council-{i % 10}"))
    frame = pd.DataFrame(rows, columns=["text", "label", "stratum", "publisher"])
    return frame.assign(title="")


def test_stratum_effects_keep_a_one_label_stratum_out_of_the_word_weights() -> None:
    frame = _one_label_stratum_frame()
    X, y, groups = frame[["text", "title"]], frame["label"], frame["publisher"]
    strata = frame["stratum"].to_numpy()

    def weight_of(model, term: str) -> float:
        return float(model.term_weights[model.terms.index(term)])

    settings = {"C": 20.0, "min_publishers": 2, "stratum_power": 0.0, "calibrate": False}
    plain = CredibilityClassifier(**settings).fit(X, y, groups=groups, strata=strata).model_
    effects = (
        CredibilityClassifier(**settings, stratum_effects=True, stratum_penalty=0.01)
        .fit(X, y, groups=groups, strata=strata)
        .model_
    )
    # Without effects the league's words learn "reliable"; with a lightly penalised column
    # per stratum that column takes it up, and the wording contrast within the other
    # stratum remains.
    assert weight_of(plain, "league") > 0.25
    assert abs(weight_of(effects, "league")) < 0.25 * weight_of(plain, "league")
    assert weight_of(effects, "clerk") > 0.3 and weight_of(effects, "insiders") < -0.3
    # The strata's own columns are left out of the model: it scores without a stratum.
    assert len(effects.term_weights) == len(effects.terms)


def test_leaving_the_strata_columns_out_does_not_shift_the_base() -> None:
    frame = _one_label_stratum_frame()
    X, y, groups = frame[["text", "title"]], frame["label"].to_numpy(), frame["publisher"]
    strata = frame["stratum"].to_numpy()
    settings = {"C": 20.0, "min_publishers": 2, "stratum_power": 0.0, "calibrate": False}
    plain = CredibilityClassifier(**settings).fit(X, y, groups=groups, strata=strata)
    effects = CredibilityClassifier(**settings, stratum_effects=True).fit(
        X, y, groups=groups, strata=strata
    )
    # Over the training articles, weighted as in the fit, the model whose strata columns
    # were dropped scores on the same level as the one fitted without them (the dropped
    # columns' mean is kept in the base): its probabilities stay calibrated.
    weights = class_balanced(publisher_weights(groups.to_numpy(), 0.5), y)
    level = [np.average(m.decision_function(X), weights=weights) for m in (plain, effects)]
    assert abs(level[0] - level[1]) < 0.1


def test_analysed_documents_give_the_same_model_as_raw_documents() -> None:
    frame = load_sample()
    classifier = CredibilityClassifier(min_publishers=2, ngram_max=2, title_terms=True)
    documents = classifier.analyse(frame[["text", "title"]])
    a = classifier.fit(frame[["text", "title"]], frame["label"], groups=frame["publisher"]).model_
    b = (
        CredibilityClassifier(min_publishers=2, ngram_max=2, title_terms=True)
        .fit_analysed(documents, frame["label"], groups=frame["publisher"])
        .model_
    )
    assert a.terms == b.terms
    np.testing.assert_allclose(a.term_weights, b.term_weights)
    part = documents.take([0, 5, 7])
    assert [article.text for article in part.articles] == frame["text"].iloc[[0, 5, 7]].tolist()


def test_familiar_share_is_the_same_in_training_and_scoring() -> None:
    frame = load_sample()
    classifier = CredibilityClassifier(min_publishers=2, known_share_quantile=10.0)
    model = classifier.fit(frame[["text", "title"]], frame["label"], groups=frame["publisher"])
    documents = classifier.analyse(frame[["text", "title"]])
    scoring = [model.model_._term_tfidf(article)[2] for article in documents.articles]
    assert model.model_.min_known_share == pytest.approx(np.percentile(scoring, 10.0), abs=1e-4)
    # Repeating one unknown word does not make a text unfamiliar: shares are over distinct words.
    padded = classifier.analyse([{"text": frame["text"][0] + " zzzq" * 300}]).articles[0]
    assert model.model_._term_tfidf(padded)[2] == pytest.approx(scoring[0], abs=0.02)
