"""score() with a URL: the source's evidence moves the score, is shown apart, and stays offline."""

from __future__ import annotations

import math
import socket

import pytest

from credscore import Scorer

from .conftest import require_shared

NEUTRAL = (
    "The city council approved a budget of 4.2 million dollars on Tuesday after a two-hour "
    "debate. The plan funds road repairs and two new bus routes, the council said in a "
    "statement. Work on the first route is due to start in the spring."
)


@pytest.fixture(scope="module")
def lin_scorer(sample_model_dir):
    lin = require_shared("data/domain_quality_lin2023/domain_pc1.csv")
    return Scorer(sample_model_dir, ratings=lin)


def test_low_rated_site_lowers_the_seed_and_says_why(lin_scorer, seed) -> None:
    plain = lin_scorer.score(seed["text"], title=seed["title"])
    sourced = lin_scorer.score(
        seed["text"], title=seed["title"], url="https://thetruedefender.com/zelensky-talks/"
    )
    assert sourced.credibility < plain.credibility
    assert sourced.source_log_odds < 0
    assert sourced.text_log_odds == pytest.approx(plain.text_log_odds)
    low = [c for c in sourced.cues if c.kind == "low_rated_source"]
    assert low and low[0].field == "url" and "thetruedefender.com" in low[0].evidence
    assert sourced.contributions["source"] == pytest.approx(sourced.source_log_odds)


def test_reuters_url_raises_a_neutral_article(lin_scorer) -> None:
    plain = lin_scorer.score(NEUTRAL)
    sourced = lin_scorer.score(NEUTRAL, url="https://www.reuters.com/world/budget-2024")
    assert sourced.credibility > plain.credibility
    assert any(c.kind == "high_rated_source" for c in sourced.cues)


def test_combined_log_odds_is_text_plus_source(lin_scorer, seed) -> None:
    a = lin_scorer.score(seed["text"], title=seed["title"], url="https://thetruedefender.com/x")
    assert a.log_odds == pytest.approx(a.text_log_odds + a.source_log_odds)
    assert a.log_odds == pytest.approx(a.base_log_odds + sum(a.contributions.values()))
    assert a.credibility == pytest.approx(1 / (1 + math.exp(-a.log_odds)))


def test_lookalike_domain_is_flagged_and_real_subdomain_is_not(sample_model_dir) -> None:
    scorer = Scorer(sample_model_dir)
    fake = scorer.score(NEUTRAL, url="http://abcnews.com.co/story")
    real = scorer.score(NEUTRAL, url="https://edition.cnn.com/2024/01/01/story")
    assert any(c.kind == "lookalike_domain" for c in fake.cues)
    assert not any(c.kind == "lookalike_domain" for c in real.cues)
    assert fake.credibility < real.credibility


def test_without_ratings_the_source_is_unrated_and_neutral(sample_model_dir, monkeypatch) -> None:
    monkeypatch.delenv("CREDSCORE_RATINGS", raising=False)
    a = Scorer(sample_model_dir).score(NEUTRAL, url="https://www.example-daily.com/a")
    assert a.source_log_odds == 0
    assert any(c.kind == "unrated_source" for c in a.cues)


def test_scoring_with_urls_never_touches_the_network(lin_scorer, seed, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("credscore tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for url in (
        "https://thetruedefender.com/a",
        "abcnews.com.co",
        "http://[::1]:8080/x",
        "https://xn--bc-5ea.com/",
        "not a url at all",
        "",
    ):
        assert 0.0 <= lin_scorer.score(seed["text"], url=url).credibility <= 1.0
