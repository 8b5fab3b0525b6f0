"""The model: exact log-odds decomposition, hash-checked loading, retraining round-trips."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from credscore import ModelIntegrityError, Scorer
from credscore.data import load_sample
from credscore.train import train

from .conftest import REPO, require_shared


@pytest.fixture(scope="module")
def sample_model(sample_model_dir: Path) -> Path:
    return sample_model_dir


def test_retraining_on_the_sample_writes_a_loadable_model_and_card(sample_model: Path) -> None:
    card = json.loads((sample_model / "model_card.json").read_text())
    assert card["sha256"] and card["feature_names"]
    assert {row["collection"] for row in card["training_data"]} == {"sample"}
    assert Scorer(sample_model).model.terms  # a vocabulary was learned


def test_retraining_is_deterministic(sample_model: Path, tmp_path: Path) -> None:
    train([REPO / "data" / "sample"], tmp_path, evaluate=False, quiet=True)
    first = json.loads((sample_model / "model_card.json").read_text())["sha256"]
    second = json.loads((tmp_path / "model_card.json").read_text())["sha256"]
    assert first == second


def test_log_odds_decompose_exactly(scorer: Scorer) -> None:
    frame = load_sample()
    for row in frame.head(8).itertuples():
        a = scorer.score(row.text, title=row.title)
        assert math.isclose(
            a.base_log_odds + sum(a.contributions.values()), a.log_odds, abs_tol=1e-9
        )
        cue_total = sum(c.weight for c in a.cues)
        kinds_total = sum(v for k, v in a.contributions.items() if k.startswith("cue:"))
        assert math.isclose(cue_total, kinds_total, abs_tol=1e-9)
        assert math.isclose(1 / (1 + math.exp(-a.log_odds)), a.credibility, rel_tol=1e-9)


def test_batch_log_odds_equal_single_explanations(scorer: Scorer) -> None:
    from credscore.featurizer import to_articles
    from credscore.training import analyse_many

    frame = load_sample().head(10)
    articles = to_articles(frame[["text", "title"]])
    batch = scorer.model.log_odds(articles, analyse_many(articles))
    single = [scorer.assess(a).text_log_odds for a in articles]
    np.testing.assert_allclose(batch, single, atol=1e-9)


def test_cues_are_weighted_strongest_first_with_signs_by_direction(scorer: Scorer) -> None:
    from credscore.cues import REGISTRY

    direction = {spec.kind: spec.direction for spec in REGISTRY}
    frame = load_sample()
    for row in frame.itertuples():
        cues = scorer.score(row.text, title=row.title).cues
        weights = [abs(c.weight) for c in cues]
        assert weights == sorted(weights, reverse=True)
        for cue in cues:
            if cue.kind in direction:
                assert cue.weight * direction[cue.kind] >= 0, cue


def test_tampered_model_is_refused_before_unpickling(sample_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(sample_model, copy)
    model_file = copy / "credscore-model.joblib"
    model_file.write_bytes(model_file.read_bytes()[:-10])  # truncated
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        Scorer(copy)


def test_feature_list_mismatch_is_refused(sample_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(sample_model, copy)
    card_file = copy / "model_card.json"
    card = json.loads(card_file.read_text())
    card["feature_names"] = [*card["feature_names"][:-1], "style_removed_feature"]
    card_file.write_text(json.dumps(card))
    with pytest.raises(ModelIntegrityError, match="style_removed_feature"):
        Scorer(copy)


def test_missing_card_is_refused(sample_model: Path, tmp_path: Path) -> None:
    shutil.copy(sample_model / "credscore-model.joblib", tmp_path)
    with pytest.raises(FileNotFoundError, match="card"):
        Scorer(tmp_path)


@pytest.mark.slow
def test_publisher_grouped_auc_on_recovery_beats_the_floor() -> None:
    """Retrain on ReCOVery inside publisher-grouped folds: ROC-AUC must stay >= 0.85."""
    require_shared("data/recovery/recovery_news_by_site.csv")
    from credscore.data import load_collections
    from credscore.evaluation import grouped_out_of_fold, metrics
    from credscore.train import build_classifier

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
    from credscore.training import CredibilityClassifier

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
