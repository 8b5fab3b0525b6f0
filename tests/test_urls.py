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


# --------------------------------------------------------------------------- issue 11 §5


@pytest.mark.parametrize(
    ("url", "host"),
    [
        # user information runs to the last "@" of the authority, as browsers read it
        ("https://a@reuters.com@evil-site.com/x", "evil-site.com"),
        ("https://www.cdc.gov@evil-site.com/", "evil-site.com"),
        ("https://reuters.com:443@evil-site.com/", "evil-site.com"),
        ("https://user:p%40ss@www.reuters.com/world", "reuters.com"),
        # an "@" after the path, query or fragment starts is not user information
        ("https://reuters.com/@evil-site.com", "reuters.com"),
        ("https://reuters.com?next=@evil-site.com", "reuters.com"),
        ("https://reuters.com#@evil-site.com", "reuters.com"),
        ("https://reuters.com\\@evil-site.com", "reuters.com"),  # "\" is "/" to a browser
        # ports
        ("https://reuters.com:8443/x", "reuters.com"),
        ("http://user@evil-site.com:80/", "evil-site.com"),
        ("reuters.com:8080", "reuters.com"),
        # IPv6 and IPv4 literals name no site
        ("http://[2001:db8::1]:8080/news", None),
        ("http://[::ffff:192.0.2.1]/", None),
        ("http://reuters.com@[2001:db8::1]/", None),
        ("http://reuters.com@192.0.2.1/", None),
        # internationalised names, in Unicode and in punycode
        ("https://bücher.de/x", "bücher.de"),
        ("https://BÜCHER.de/x", "bücher.de"),
        ("https://xn--bcher-kva.de/x", "xn--bcher-kva.de"),
        ("https://www.müller.example.co.uk/", "müller.example.co.uk"),
        ("https://bb\u0441.com/", "bb\u0441.com"),  # Cyrillic "с"
    ],
)
def test_the_host_is_the_one_a_browser_would_visit(url: str, host: str | None) -> None:
    parsed = parse_host(url)
    assert (parsed.name if parsed else None) == host
    if parsed is not None:
        assert url[parsed.start : parsed.end].lower().removeprefix("www.") == host


def test_the_source_judgement_follows_the_browser_not_the_user_information() -> None:
    from credscore.article import Article
    from credscore.source import SourceRatings, assess_source

    ratings = SourceRatings({"reuters.com": (0.97, "hand"), "evil-site.com": (0.05, "hand")})
    url = "https://a@reuters.com@evil-site.com/x"
    evidence = assess_source(Article("A short report.", url=url), ratings)
    assert evidence.domain == "evil-site.com"
    assert evidence.rating == 0.05
    assert [c.evidence for c in evidence.cues if c.kind == "low_rated_source"] == ["evil-site.com"]


def test_a_government_name_in_the_user_information_is_not_a_primary_link() -> None:
    from credscore.article import Article
    from credscore.cues import primary_link

    text = "The rules are at https://www.cdc.gov@evil-site.com/guidance today."
    assert primary_link.find(Article(text)) == []
    real = "The rules are at https://evil-site.com@www.cdc.gov/guidance today."
    found = [c.evidence for c in primary_link.find(Article(real))]
    assert "https://evil-site.com@www.cdc.gov/guidance" in found
