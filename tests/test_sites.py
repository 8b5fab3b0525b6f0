"""profile_sources: one row per site, the stated site model, bad rows, the prior, the note."""

from __future__ import annotations

import json
import math
import socket

import pandas as pd
import pytest

from credscore import Scorer
from credscore.batch import InputError
from credscore.sites import (
    DEFAULT_SITE_MODEL,
    SITE_COLUMNS,
    SiteModel,
    profile_sources,
    student_quantile,
)
from tests.conftest import REPO

SAMPLE = pd.read_csv(REPO / "data" / "sample" / "articles.csv")
RELIABLE = SAMPLE[SAMPLE["label"] == 1].reset_index(drop=True)
UNRELIABLE = SAMPLE[SAMPLE["label"] == 0].reset_index(drop=True)


def _articles(texts: pd.DataFrame, urls: list[str]) -> pd.DataFrame:
    """The first len(urls) sample articles, published at ``urls``."""
    frame = texts.iloc[: len(urls)][["text", "title"]].reset_index(drop=True)
    return frame.assign(url=urls)


@pytest.fixture(scope="module")
def scorer(sample_model_dir) -> Scorer:
    return Scorer(sample_model_dir)


# --------------------------------------------------------------------------- the site model


def test_student_quantile_matches_tables() -> None:
    # Student's t tables: t(0.95; 4) = 2.132, t(0.95; 10) = 1.812, t(0.975; 5) = 2.571.
    assert student_quantile(0.95, 4) == pytest.approx(2.132, abs=0.003)
    assert student_quantile(0.95, 10) == pytest.approx(1.812, abs=0.002)
    assert student_quantile(0.975, 5) == pytest.approx(2.571, abs=0.01)
    assert student_quantile(0.95, math.inf) == pytest.approx(1.6449, abs=1e-4)
    with pytest.raises(ValueError, match="probability"):
        student_quantile(0.9, 3)


def test_estimate_shrinks_toward_the_population_and_narrows_with_more_articles() -> None:
    model = SiteModel(population_mean=0.5, between_sites_sd=2.0, within_site_sd=2.0)
    empty = model.estimate([])
    assert (empty.n, empty.mean, empty.sd) == (0, 0.5, 2.0)
    estimates = [model.estimate([4.0] * n) for n in (1, 3, 10, 30)]
    means = [e.mean for e in estimates]
    widths = [e.interval()[1] - e.interval()[0] for e in estimates]
    assert 0.5 < means[0] < means[1] < means[2] < means[3] < 4.0
    assert widths == sorted(widths, reverse=True) and widths[-1] < widths[0] / 3
    for estimate in estimates:  # a cautious point estimate, inside its interval
        low, high = estimate.interval()
        assert low < estimate.credibility() < 1 / (1 + math.exp(-estimate.mean)) < high


def test_a_site_whose_articles_disagree_is_trusted_less() -> None:
    steady = DEFAULT_SITE_MODEL.estimate([2.0] * 10)
    erratic = DEFAULT_SITE_MODEL.estimate([-4.0, 8.0] * 5)  # the same mean, 2.0
    assert DEFAULT_SITE_MODEL.population_mean < erratic.mean < steady.mean < 2.0
    assert erratic.sd > 1.5 * steady.sd


def test_one_extreme_article_is_clipped() -> None:
    model = SiteModel(clip=8.0)
    assert model.estimate([1.0, 1.0, -50.0]).mean == pytest.approx(
        model.estimate([1.0, 1.0, -8.0]).mean
    )


def test_the_rating_shifts_the_estimate_by_the_articles_term() -> None:
    estimate = DEFAULT_SITE_MODEL.estimate([1.0, 2.0, 1.5])
    assert estimate.log_odds(-1.4) == pytest.approx(estimate.log_odds() - 1.4)
    low, high = estimate.interval(-1.4)
    assert (low, high) < estimate.interval()


def test_parameters_come_from_the_card_else_the_stated_default() -> None:
    assert SiteModel.from_card({}) == DEFAULT_SITE_MODEL
    assert SiteModel.from_card(None) == DEFAULT_SITE_MODEL
    card = {"site_model": {"parameters": {**DEFAULT_SITE_MODEL.to_dict(), "scale": 0.7}}}
    assert SiteModel.from_card(card).scale == 0.7


# --------------------------------------------------------------------------- profile_sources


def test_one_row_per_site_grouped_by_registered_domain(scorer) -> None:
    frame = _articles(
        RELIABLE,
        ["https://www.ourharbourledgerexample.com/a", "https://news.ourharbourledgerexample.com/b",
         "http://ourharbourledgerexample.com/c", "https://valleycourierexample.net/a"],
    )  # fmt: skip
    sites = profile_sources(frame, scorer=scorer)
    assert list(sites.columns) == list(SITE_COLUMNS)
    assert sites["source"].tolist() == ["ourharbourledgerexample.com", "valleycourierexample.net"]
    assert sites["n_articles"].tolist() == [3, 1]
    assert sites["label"].tolist()[1] == "unknown"
    assert "1 article scored: a label needs at least 3" in sites["note"][1]
    assert sites["label"][0] in ("reliable", "mixed", "unreliable")
    assert sites["rating"].isna().all() and sites["rating_source"].isna().all()
    assert (sites["credibility"] == sites["text_credibility"]).all()  # unrated: no prior
    assert ((sites["low"] <= sites["credibility"]) & (sites["credibility"] <= sites["high"])).all()


def test_intervals_narrow_as_articles_accumulate(scorer) -> None:
    texts = pd.concat([RELIABLE] * 3, ignore_index=True)
    widths = []
    for n in (1, 3, 10):
        sites = profile_sources(
            _articles(texts, ["https://ourwireserviceexample.com/x"] * n), scorer=scorer
        )
        widths.append(float(sites["high"][0] - sites["low"][0]))
    assert widths[0] > widths[1] > widths[2]


def test_bad_rows_are_counted_never_dropped(scorer) -> None:
    frame = _articles(RELIABLE, ["https://ourwireserviceexample.com/x"] * 3)
    bad = pd.DataFrame(
        {
            "text": [None, "", 42, float("nan")],
            "title": ["t", "t", "t", "t"],
            "url": ["https://ourwireserviceexample.com/y", "https://ourwireserviceexample.com/z",
                    "https://onlyfailuresexample.org/a", "https://onlyfailuresexample.org/b"],
        }
    )  # fmt: skip
    sites = profile_sources(pd.concat([frame, bad], ignore_index=True), scorer=scorer)
    assert sites["n_articles"].tolist() == [3, 0]
    assert sites["n_failed"].tolist() == [2, 2]
    assert sites["n_articles"].sum() + sites["n_failed"].sum() == 7
    assert sites["label"][1] == "unknown"
    assert sites["top_cues"][1] == "[]"


def test_the_source_column_groups_and_rows_without_one_come_last(scorer) -> None:
    frame = _articles(RELIABLE, ["https://a-example.com/1"] * 5)
    frame["outlet"] = ["Example News Wire", "Example News Wire", None, " ", "Example News Wire"]
    sites = profile_sources(frame, source="outlet", scorer=scorer)
    assert sites["source"].tolist()[0] == "Example News Wire"
    assert pd.isna(sites["source"][1])
    assert sites["n_articles"].tolist() == [3, 2]
    assert sites["label"][1] == "unknown" and math.isnan(sites["credibility"][1])
    assert "cannot be grouped into a site" in sites["note"][1]


def test_a_rated_site_shows_both_views_and_the_bundled_prior(scorer, sample_model_dir) -> None:
    frame = _articles(UNRELIABLE, ["https://www.infowars.com/a", "https://infowars.com/b",
                                   "https://www.infowars.com/c"])  # fmt: skip
    sites = profile_sources(frame, scorer=scorer)
    row = sites.iloc[0]
    assert row["source"] == "infowars.com" and row["rating"] < 0.1
    assert row["rating_source"] == "lin2023:bundled"
    assert row["credibility"] < row["text_credibility"]  # the low rating lowers it
    without = profile_sources(frame, scorer=Scorer(sample_model_dir, ratings=None))
    assert math.isnan(without["rating"][0])
    assert without["credibility"][0] == pytest.approx(row["text_credibility"])


def test_a_note_when_raters_and_text_disagree_strongly(scorer) -> None:
    # The sample model reads the team's wire copy as reliable and the fringe posts as not:
    # published under a low-rated and a high-rated domain, each contradicts its rating.
    frame = pd.concat(
        [
            _articles(RELIABLE, ["https://www.infowars.com/x"] * 4),
            _articles(UNRELIABLE, ["https://www.reuters.com/x"] * 4),
            _articles(RELIABLE.iloc[4:], ["https://www.apnews.com/x"] * 4),
        ],
        ignore_index=True,
    )
    sites = profile_sources(frame, scorer=scorer).set_index("source")
    assert "infowars.com is rated low (0.05" in sites.loc["infowars.com", "note"]
    assert "read as reliable" in sites.loc["infowars.com", "note"]
    assert "reuters.com is rated high (1.00" in sites.loc["reuters.com", "note"]
    assert "read as unreliable" in sites.loc["reuters.com", "note"]
    assert pd.isna(sites.loc["apnews.com", "note"])  # agreement is not news


def test_shorteners_and_social_platforms_get_no_rating(scorer) -> None:
    frame = _articles(RELIABLE, ["https://t.co/abc", "https://t.co/def", "https://t.co/ghi"])
    sites = profile_sources(frame, scorer=scorer)
    assert math.isnan(sites["rating"][0])
    assert "t.co is a link shortener" in sites["note"][0]


def test_top_cues_are_kinds_by_share_of_articles(scorer) -> None:
    frame = _articles(UNRELIABLE, ["https://ourfringeexample.com/x"] * 8)
    top = json.loads(profile_sources(frame, scorer=scorer)["top_cues"][0])
    shares = [entry["share"] for entry in top]
    assert top and shares == sorted(shares, reverse=True) and all(0 < s <= 1 for s in shares)
    assert {entry["kind"] for entry in top} <= {
        "name_variant", "misspelling", "promo_link", "bare_source", "page_boilerplate",
        "clickbait_title", "dateline", "attributed_quote", "primary_link",
    }  # fmt: skip
    assert "promo_link" in {entry["kind"] for entry in top}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"source": "outlet"}, InputError, "source column 'outlet' not found"),
        ({"url": None}, InputError, "needs a url column or a source column"),
        ({"min_articles": 0}, InputError, "min_articles must be an int >= 1"),
        ({"n_jobs": 0}, InputError, "n_jobs must be"),
        ({"text": "body"}, InputError, "text column 'body' not found"),
    ],
)
def test_bad_arguments_are_refused_with_a_sentence(scorer, kwargs, error, message) -> None:
    frame = _articles(RELIABLE, ["https://ourwireserviceexample.com/x"])
    with pytest.raises(error, match=message):
        profile_sources(frame, scorer=scorer, **kwargs)


def test_a_frame_is_required(scorer) -> None:
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        profile_sources([{"text": "x"}], scorer=scorer)  # type: ignore[arg-type]


def test_profiling_never_touches_the_network(scorer, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("credscore tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    frame = _articles(UNRELIABLE, ["https://www.infowars.com/a", "https://t.co/x",
                                   "http://[::1]:8080/x", "https://xn--bc-5ea.com/"])  # fmt: skip
    assert profile_sources(frame, scorer=scorer)["n_articles"].sum() == 4


@pytest.mark.slow
def test_worker_processes_give_the_same_profiles(scorer) -> None:
    texts = pd.concat([SAMPLE] * 13, ignore_index=True)  # 520 rows: enough for two workers
    urls = [f"https://site{i % 7}example.com/{i}" for i in range(len(texts))]
    frame = texts[["text", "title"]].assign(url=urls)
    one = profile_sources(frame, scorer=scorer)
    two = profile_sources(frame, scorer=scorer, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
