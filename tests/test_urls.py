"""URL parsing: registered domains and host spans from odd URLs, offline."""

from __future__ import annotations

import pytest

from credscore.urls import parse_host, registered_domain, site_domain


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://edition.cnn.com/2020/05/01/health/story.html", "cnn.com"),
        ("http://www.bbc.co.uk/news/world", "bbc.co.uk"),
        ("abcnews.go.com/Politics/x", "go.com"),
        ("www.nytimes.com", "nytimes.com"),
        ("HTTPS://WWW.REUTERS.COM/", "reuters.com"),
        ("  https://apnews.com/article/x  ", "apnews.com"),
        ("http://user:secret@www.npr.org:8080/sections?id=1#top", "npr.org"),
        ("//cdn.theguardian.com/img.png", "theguardian.com"),
        ("https://abcnews.com.co/fake", "abcnews.com.co"),
        ("https://xn--bb-pmc.com/", "xn--bb-pmc.com"),
        ("https://müller.de/artikel", "müller.de"),
        ("https://nytimes.com./trailing-dot", "nytimes.com"),
        ("https://www.nhs.uk/conditions/", "nhs.uk"),
        ("http://cnn.com@evil.example.xyz/", "example.xyz"),
        ("http://192.168.10.4:8000/news", None),
        ("http://[2001:db8::1]/", None),
        ("", None),
        ("   ", None),
        ("not a url at all", None),
        ("javascript:alert(1)", None),
        ("localhost:8000", None),
        ("http://a..b.com/", None),
        ("http://" + "a" * 300 + ".com/", None),
        ("x" * 20000, None),
    ],
)
def test_registered_domain(url: str, expected: str | None) -> None:
    assert registered_domain(url) == expected


@pytest.mark.parametrize("value", [None, 3, b"cnn.com", ["cnn.com"]])
def test_non_strings_give_none(value: object) -> None:
    assert registered_domain(value) is None


@pytest.mark.parametrize(
    ("url", "evidence"),
    [
        ("https://WWW.Reuters.com/world", "WWW.Reuters.com"),
        ("http://u:p@money.cnn.com:443/x", "money.cnn.com"),
        ("bbc.co.uk.", "bbc.co.uk"),
    ],
)
def test_host_span_points_into_the_url(url: str, evidence: str) -> None:
    host = parse_host(url)
    assert host is not None
    assert url[host.start : host.end] == evidence


def test_user_content_platform_sites_stay_whole() -> None:
    assert site_domain("https://someone.wordpress.com/2020/post") == "someone.wordpress.com"
    assert registered_domain("https://someone.wordpress.com/2020/post") == "wordpress.com"
    assert site_domain("https://www.reuters.com/x") == "reuters.com"


def test_extractor_is_offline_and_writes_no_cache(tmp_path, monkeypatch) -> None:
    from credscore import urls

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path / "tld"))
    urls._extractor.cache_clear()
    urls._split_host.cache_clear()
    try:
        extractor = urls._extractor()
        assert extractor.suffix_list_urls == ()
        assert extractor._cache.enabled is False  # cache_dir=None: nothing written
        assert registered_domain("https://news.example.co.uk/a") == "example.co.uk"
        assert list(tmp_path.iterdir()) == []
    finally:
        urls._extractor.cache_clear()
        urls._split_host.cache_clear()
