"""The site model's fitting and figures: honest on data that follow it, written into the card."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from credscore import Scorer
from credscore.cli import EXIT_OK, main
from credscore.sites import SiteModel
from credscore.training.sites import (
    evaluate_site_model,
    fit_site_model,
    rater_labels,
    site_keys,
    site_labels,
)
from tests.conftest import REPO


def _synthetic_sites(seed: int = 0, sites: int = 80, articles: int = 50):
    """Sites whose long-run means are N(±1.5, 1) and whose articles are N(mean, 2²)."""
    rng = np.random.default_rng(seed)
    by_site, labels = {}, {}
    for index in range(sites):
        label = index % 3 != 0
        mean = rng.normal(1.5 if label else -1.5, 1.0)
        by_site[f"site{index}"] = rng.normal(mean, 2.0, size=articles)
        labels[f"site{index}"] = int(label)
    return by_site, labels


def test_site_keys_name_one_outlet_once_across_collections() -> None:
    frame = pd.DataFrame(
        {
            "publisher": ["NPR", "NPR", "npr.org", "Blog", "Blog"],
            "domain": ["npr.org", "npr.org", "npr.org", "", ""],
        }
    )
    assert site_keys(frame).tolist() == ["npr.org", "npr.org", "npr.org", "Blog", "Blog"]


def test_site_labels_are_the_majority_and_ties_are_left_out() -> None:
    labels = np.array([1, 1, 0, 0, 1, 0, 0])
    sites = np.array(["a", "a", "a", "b", "b", "c", "c"])
    assert site_labels(labels, sites) == {"a": 1, "c": 0}


def test_fit_recovers_the_population_and_orders_sites() -> None:
    by_site, labels = _synthetic_sites()
    model = fit_site_model(by_site, labels, draws=5)
    assert model.within_site_sd == pytest.approx(2.0, abs=0.15)
    assert model.between_sites_sd == pytest.approx(np.std([v.mean() for v in by_site.values()]),
                                                    abs=0.3)  # fmt: skip
    assert model.scale > 0
    reliable = model.estimate([2.0] * 10).credibility()
    unreliable = model.estimate([-2.0] * 10).credibility()
    assert unreliable < 0.2 < 0.8 < reliable


def test_figures_improve_with_articles_and_intervals_cover_as_stated() -> None:
    by_site, labels = _synthetic_sites(seed=1)
    fold_of = {site: index % 4 for index, site in enumerate(by_site)}
    figures = evaluate_site_model(by_site, labels, fold_of, {}, draws=10)
    rows = {row["articles"]: row for row in figures["by_articles"]}
    aucs = [rows[n]["text_only"]["roc_auc"] for n in (1, 3, 10, 30)]
    assert aucs == sorted(aucs) and aucs[-1] > 0.95
    widths = [rows[n]["width"] for n in (1, 3, 10, 30)]
    assert widths == sorted(widths, reverse=True)
    for n in (1, 3, 10, 30):  # the data follow the model: coverage near the stated 90%
        assert 0.84 <= rows[n]["coverage"] <= 0.96, (n, rows[n]["coverage"])
    # no ratings given: with-prior equals text-only
    assert rows[3]["with_prior"] == rows[3]["text_only"]


def test_sites_labelled_by_raters_are_ranked_against_the_raters_label() -> None:
    """Where raters and the articles' labels disagree (a claim-labelled collection), the
    rater-labelled figure follows the raters: here they call a third of the sites the
    opposite of their articles, and the text ranking is judged against that."""
    by_site, labels = _synthetic_sites(seed=2)
    fold_of = {site: index % 4 for index, site in enumerate(by_site)}
    flipped = {site: (1 - label if index % 3 == 1 else label)
               for index, (site, label) in enumerate(labels.items())}  # fmt: skip
    plain = evaluate_site_model(by_site, labels, fold_of, {}, draws=5)
    rated = evaluate_site_model(by_site, labels, fold_of, {}, labels_by_raters=flipped, draws=5)
    row = {row["articles"]: row for row in rated["by_articles"]}[10]
    assert "rater_labelled" not in plain["by_articles"][0]
    assert row["rater_labelled"]["sites"] == len(by_site)
    assert row["rater_labelled"]["reliable"] == sum(flipped.values())
    assert row["text_only"]["roc_auc"] > 0.95  # against the articles' labels
    assert row["rater_labelled"]["roc_auc"] < 0.85  # against the raters' ones


@pytest.mark.parametrize(
    ("site", "expected"),
    [("nytimes.com", 1), ("infowars.com", 0), ("no-such-site.example", None)],
)
def test_rater_labels_come_from_the_bundled_ratings(site: str, expected: int | None) -> None:
    assert rater_labels([site]).get(site) == expected


@pytest.mark.slow
def test_calibrate_sites_writes_the_card_and_the_scorer_reads_it(
    sample_model_dir, tmp_path, capsys
) -> None:
    model_dir = tmp_path / "model"
    shutil.copytree(sample_model_dir, model_dir)
    before = (model_dir / "credscore-model.joblib").read_bytes()
    argv = ["calibrate-sites", "--data", str(REPO / "data" / "sample"), "--model",
            str(model_dir), "--folds", "2", "--draws", "2", "--json", "--quiet"]  # fmt: skip
    assert main(argv) == EXIT_OK
    section = json.loads(capsys.readouterr().out)
    card = json.loads((model_dir / "model_card.json").read_text())
    assert card["site_model"] == section
    assert section["figures"]["by_articles"][0]["articles"] == 1
    assert "calibrate-sites --data" in section["command"]
    assert (model_dir / "credscore-model.joblib").read_bytes() == before
    assert "## Judging a site" in (model_dir / "MODEL_CARD.md").read_text()
    scorer = Scorer(model_dir)  # the hash still matches: only the card changed
    assert SiteModel.from_card(scorer.card).to_dict() == section["parameters"]
