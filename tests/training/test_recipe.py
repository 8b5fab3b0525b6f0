"""The recipe end to end: retraining writes a loadable, reproducible model; held-out figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credscore import Scorer
from credscore.training.datasets import load_sample
from credscore.training.recipe import train

from ..conftest import REPO, require_shared


@pytest.fixture(scope="module")
def sample_model(sample_model_dir: Path) -> Path:
    return sample_model_dir


def test_retraining_on_the_sample_writes_a_loadable_model_and_card(sample_model: Path) -> None:
    card = json.loads((sample_model / "model_card.json").read_text())
    assert card["sha256"] and card["feature_names"]
    assert {row["collection"] for row in card["training_data"]} == {"sample"}
    assert Scorer(sample_model).model.terms  # a vocabulary was learned


def test_retraining_is_deterministic(sample_model: Path, tmp_path: Path) -> None:
    train([REPO / "data" / "sample"], tmp_path, evaluate=False)
    first = json.loads((sample_model / "model_card.json").read_text())["sha256"]
    second = json.loads((tmp_path / "model_card.json").read_text())["sha256"]
    assert first == second


@pytest.mark.slow
def test_publisher_grouped_auc_on_recovery_beats_the_floor() -> None:
    """Retrain on ReCOVery inside publisher-grouped folds: ROC-AUC must stay >= 0.85."""
    require_shared("data/recovery/recovery_news_by_site.csv")
    from credscore.training.datasets import load_collections
    from credscore.training.evaluation import grouped_out_of_fold, metrics
    from credscore.training.recipe import build_classifier

    frame = load_collections([str(REPO.parent / "shared" / "data" / "recovery")])
    frame = frame.reset_index(drop=True)
    y = frame["label"].to_numpy(dtype=int)
    groups = frame["publisher"].to_numpy()
    p = grouped_out_of_fold(
        build_classifier(), frame[["text", "title"]], y, groups, pass_groups=True
    )
    assert metrics(y, p)["roc_auc"] >= 0.85


@pytest.mark.parametrize("ngram_max", [1, 2, 3])
def test_scoring_sees_the_terms_training_counted(ngram_max: int) -> None:
    """The scoring-time vocabulary look-up gives the tf-idf vector training computed."""
    from collections import Counter

    from credscore.featurizer import to_articles
    from credscore.model import iter_terms, sublinear_tfidf
    from credscore.training.estimator import CredibilityClassifier

    frame = load_sample()
    classifier = CredibilityClassifier(min_publishers=1, ngram_max=ngram_max, title_terms=True)
    model = classifier.fit(frame, frame["label"], groups=frame["publisher"]).model_
    assert any(" " in term for term in model.terms) == (ngram_max > 1)
    vocabulary = {term: column for column, term in enumerate(model.terms)}
    # Unseen text too: words and word pairs outside the vocabulary must count for nothing.
    # Every known word next to every other, in both orders, reaches the ends of the tables.
    words = sorted({w for t in model.terms if not t.startswith("title:") for w in t.split()})
    extra = [
        {"text": "Zyxwv qqq the reservoir said it said. " * 3, "title": "Storage said!"},
        {"text": " ".join(words + words[::-1] + words[::2]), "title": " ".join(words[-3:])},
    ]
    for article in to_articles(frame.to_dict("records") + extra):
        terms = Counter(iter_terms(article, ngram_max, title_terms=True))
        want_columns, want_values = sublinear_tfidf(terms, vocabulary, model.idf)
        columns, values, _ = model._term_tfidf(article)
        assert dict(zip(columns.tolist(), values, strict=True)) == pytest.approx(
            dict(zip(want_columns.tolist(), want_values, strict=True)), abs=1e-12
        )
