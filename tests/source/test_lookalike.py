"""Look-alike domains: imitations of real outlets fire, real outlets and their neighbours don't."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.source import assess_source
from credscore.source.lookalike import find_lookalike, skeleton
from credscore.urls import parse_host

# (url, expected evidence = the host as written, outlet imitated, how)
IMITATIONS = [
    ("http://abcnews.com.co/story/1", "abcnews.com.co", "abcnews.go.com", "suffix"),
    ("https://cnn.com.de/world", "cnn.com.de", "cnn.com", "embedded"),
    ("https://washingtonpost.co/politics", "washingtonpost.co", "washingtonpost.com", "suffix"),
    ("usatoday.com.co/a", "usatoday.com.co", "usatoday.com", "suffix"),
    ("https://nytimes.info/2020", "nytimes.info", "nytimes.com", "suffix"),
    ("http://cnn-news24.info/x", "cnn-news24.info", "cnn.com", "decorated"),
    ("https://bbc-breaking.net/", "bbc-breaking.net", "bbc.co.uk", "decorated"),
    ("https://www.Fox-News24.com/", "www.Fox-News24.com", "foxnews.com", "decorated"),
    ("cnnews3.com/story", "cnnews3.com", "cnn.com", "decorated"),
    ("https://washington-post.net/x", "washington-post.net", "washingtonpost.com", "decorated"),
    ("https://reuter.com/markets", "reuter.com", "reuters.com", "typo"),
    ("https://nytimess.com/a", "nytimess.com", "nytimes.com", "typo"),
    ("https://politicot.com/story", "politicot.com", "politico.com", "typo"),
    ("https://bloomburg.com/", "bloomburg.com", "bloomberg.com", "typo"),
    ("https://nytimes.com.breaking-news.xyz/a", "nytimes.com.breaking-news.xyz", "nytimes.com",
     "embedded"),
    ("http://live.bbc.co.uk.alerts.top/", "live.bbc.co.uk.alerts.top", "bbc.co.uk", "embedded"),
    ("https://rnsnbc.com/", "rnsnbc.com", "msnbc.com", "homoglyph"),
    ("https://f0xnews.com/", "f0xnews.com", "foxnews.com", "homoglyph"),
    ("https://a1jazeera.com/news", "a1jazeera.com", "aljazeera.com", "homoglyph"),
    ("https://xn--nytmes-rvf.com/", "xn--nytmes-rvf.com", "nytimes.com", "homoglyph"),
    ("https://bb\u0441.com/news", "bb\u0441.com", "bbc.co.uk", "homoglyph"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "evidence", "outlet", "how"), IMITATIONS)
def test_imitations_fire(url: str, evidence: str, outlet: str, how: str) -> None:
    host = parse_host(url)
    assert host is not None
    found = find_lookalike(host)
    assert found is not None
    assert (found.outlet.domain, found.how) == (outlet, how)
    cues = [
        c for c in assess_source(Article("Body.", url=url)).cues if c.kind == "lookalike_domain"
    ]
    assert [(c.field, c.evidence) for c in cues] == [("url", evidence)]
    assert cues[0].weight < 0


LEGITIMATE = [
    "https://edition.cnn.com/2020/05/01/x",
    "https://money.cnn.com/",
    "https://www.bbc.co.uk/news",
    "https://www.bbc.com/news",
    "https://abcnews.go.com/Health",
    "https://www.nytimes.com/",
    "https://cooking.nytimes.com/recipes",
    "https://www.npr.org/sections/health",
    "https://apnews.com/article/x",
    "https://www.ap.org/about",
    "https://www.cbc.ca/news",
    "https://www.cbs.com/shows",
    "https://www.abc.net.au/news",
    "https://www.abc.es/espana",
    "https://nor.org/",
    "https://www.latimes.com/",
    "https://asiatimes.com/2020/",
    "https://www.politics.co.uk/news",
    "https://www.independent.co.uk/news",
    "https://www.thestar.com.my/news",
    "https://www.businessinsider.com.au/x",
    "https://abc7news.com/local",
    "https://www.nbcnewyork.com/news",
    "https://www.time.com/",
    "https://www.tim.com/",
    "https://routers.com/",
    "https://cnn.it/3abc",
    "https://politi.co/2xyz",
    "https://www.naturalnews.com/",
    "https://www.example.org/cnn-coverage",
]


@pytest.mark.parametrize("url", LEGITIMATE)
def test_real_outlets_and_neighbours_stay_clean(url: str) -> None:
    host = parse_host(url)
    assert host is not None
    assert find_lookalike(host) is None


def test_skeleton_folds_confusables() -> None:
    assert skeleton("rnsnbc") == "msnbc"
    assert skeleton("xn--bb-pmc") == "bbc"
    assert skeleton("xn--!!") == "xn--!!"  # undecodable punycode is left alone


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://bb\u0441.com/news", "'bb\u0441.com' (punycode: 'xn--bb-pmc.com')"),
        ("https://xn--nytmes-rvf.com/", "'xn--nytmes-rvf.com' (Unicode: 'nyt\u0456mes.com')"),
        ("https://www.\u0430pnews.com/x", "'www.\u0430pnews.com' (punycode: 'www.xn--pnews-"),
        ("https://rnsnbc.com/", "'rnsnbc.com' imitates"),  # plain ASCII: one form only
    ],
)
def test_a_homoglyph_message_shows_punycode_next_to_unicode(url: str, shown: str) -> None:
    (cue,) = [
        c for c in assess_source(Article("Body.", url=url)).cues if c.kind == "lookalike_domain"
    ]
    assert f"The address {shown}" in cue.message


def test_other_spelling() -> None:
    from credscore.source.lookalike import other_spelling

    assert other_spelling("bb\u0441.com") == "xn--bb-pmc.com"
    assert other_spelling("xn--bb-pmc.com") == "bb\u0441.com"
    assert other_spelling("reuters.com") is None
    assert other_spelling("xn--!!.com") is None  # not decodable: nothing to show
