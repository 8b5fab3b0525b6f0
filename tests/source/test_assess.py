"""assess_source: cues, log-odds and features; no exception and no network on any input."""

from __future__ import annotations

import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore.article import Article
from credscore.kinds import SOURCE_CUE_KINDS
from credscore.source import (
    BETA,
    LOOKALIKE_LOG_ODDS,
    SOURCE_FEATURES,
    SourceRatings,
    assess_source,
)
from credscore.source import assess as assess_module

RATINGS = SourceRatings(
    {
        "reliabledailyexample.com": (0.9, "hand"),
        "junknewsexample.com": (0.1, "hand"),
        "middlingexample.com": (0.45, "hand"),
    }
)


def test_public_kinds_match() -> None:
    assert SOURCE_CUE_KINDS == assess_module.SOURCE_CUE_KINDS


def test_unrated_source_is_informational() -> None:
    article = Article("A plain report.", url="https://www.unknownsiteexample.com/a")
    for ratings in (None, SourceRatings(), RATINGS):
        evidence = assess_source(article, ratings)
        assert [(c.kind, c.evidence, c.weight) for c in evidence.cues] == [
            ("unrated_source", "www.unknownsiteexample.com", 0.0)
        ]
        assert evidence.log_odds == 0.0
        assert evidence.rating is None
        assert evidence.domain == "unknownsiteexample.com"


@pytest.mark.parametrize(
    ("url", "kind", "sign"),
    [
        ("https://reliabledailyexample.com/x", "high_rated_source", 1),
        ("https://news.junknewsexample.com/x", "low_rated_source", -1),
        ("https://middlingexample.com/x", "low_rated_source", -1),
    ],
)
def test_rated_source(url: str, kind: str, sign: int) -> None:
    evidence = assess_source(Article("Text.", url=url), RATINGS)
    (cue,) = evidence.cues
    assert cue.kind == kind and cue.field == "url"
    assert cue.evidence == url.split("/")[2]
    assert sign * cue.weight > 0
    assert evidence.log_odds == pytest.approx(cue.weight)
    assert evidence.rating_source == "hand"
    assert abs(evidence.log_odds) <= BETA * 3.9  # clipped at 0.02 / 0.98


def test_lookalike_penalty_only_when_unrated() -> None:
    article = Article("Text.", url="http://abcnews.com.co/x")
    unrated = assess_source(article, None)
    assert unrated.log_odds == pytest.approx(LOOKALIKE_LOG_ODDS) and LOOKALIKE_LOG_ODDS < 0
    rated = assess_source(article, SourceRatings({"abcnews.com.co": (0.3, "hand")}))
    kinds = {c.kind: c.weight for c in rated.cues}
    assert kinds["lookalike_domain"] == 0.0 and kinds["low_rated_source"] < 0
    real = assess_source(article, SourceRatings({"abcnews.com.co": (0.8, "hand")}))
    assert "lookalike_domain" not in {c.kind for c in real.cues}


def test_shorteners_and_social_posts_are_unrated() -> None:
    ratings = SourceRatings({"politi.co": (0.7, "hand"), "facebook.com": (0.4, "hand")})
    for url in ("https://politi.co/2abc", "https://www.facebook.com/somepage/posts/1"):
        evidence = assess_source(Article("Text.", url=url), ratings)
        assert evidence.rating is None and evidence.log_odds == 0.0
        assert evidence.features["source_shortener_or_social"] == 1.0


def test_link_profile_and_low_rated_links() -> None:
    text = (
        "See https://junknewsexample.com/a, https://bit.ly/x1 and https://t.me/channel. "
        "The agency said so at https://www.cdc.gov/page and reliabledailyexample.com is "
        "not a link but https://reliabledailyexample.com/b is."
    )
    evidence = assess_source(Article(text), RATINGS)
    features = evidence.features
    assert set(features) == set(SOURCE_FEATURES)
    assert features["links_n"] == 5
    assert features["links_shortener_share"] == pytest.approx(0.2)
    assert features["links_social_share"] == pytest.approx(0.2)
    assert features["links_primary_share"] == pytest.approx(0.2)
    assert features["links_low_rated_share"] == pytest.approx(0.2)
    assert features["links_high_rated_share"] == pytest.approx(0.2)
    (cue,) = [c for c in evidence.cues if c.kind == "low_rated_links"]
    assert (cue.field, cue.evidence) == ("text", "https://junknewsexample.com/a")
    assert evidence.domain is None


@pytest.mark.parametrize("url", ["http://10.0.0.1/story", "::::", "http://[::1]:80/"])
def test_url_without_site_name(url: str) -> None:
    evidence = assess_source(Article("Text.", url=url), RATINGS)
    assert [c.kind for c in evidence.cues] == ["unrated_source"]
    assert evidence.log_odds == 0.0 and evidence.domain is None


def _check(article: Article, ratings: SourceRatings | None) -> None:
    evidence = assess_source(article, ratings)
    for cue in evidence.cues:
        assert cue.kind in SOURCE_CUE_KINDS
        value = article.field(cue.field)
        assert 0 <= cue.start <= cue.end <= len(value)
        assert cue.evidence == value[cue.start : cue.end]
    assert evidence.log_odds == pytest.approx(sum(c.weight for c in evidence.cues))


url_like = st.one_of(
    st.text(max_size=300),
    st.builds(
        lambda scheme, host, rest: scheme + host + rest,
        st.sampled_from(["", "http://", "https://", "//", "ftp://u:p@"]),
        st.from_regex(r"[a-z0-9\-\.\u0430-\u044f:@\[\]]{0,60}", fullmatch=True),
        st.text(max_size=40),
    ),
)


@settings(max_examples=300, deadline=None)
@given(url=url_like, words=st.lists(url_like, max_size=6))
def test_arbitrary_urls_and_links_never_raise(url: str, words: list[str]) -> None:
    text = "Body " + " ".join(f"https://{w} www.{w}" for w in words)
    _check(Article(text, url=url), RATINGS)
    _check(Article(text, url=url), None)


def test_no_network_while_parsing_and_assessing(monkeypatch) -> None:
    class _Blocked(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("network access attempted")

    def _refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    from credscore import urls

    urls._extractor.cache_clear()
    urls._split_host.cache_clear()
    monkeypatch.setattr(socket, "socket", _Blocked)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    try:
        text = "Sources: https://www.who.int/x, https://cnn-news24.info/y and bit.ly/z."
        for url in ("https://edition.cnn.com/a", "http://abcnews.com.co/b", "xn--bb-pmc.com"):
            _check(Article(text, url=url), RATINGS)
    finally:
        urls._extractor.cache_clear()
        urls._split_host.cache_clear()
