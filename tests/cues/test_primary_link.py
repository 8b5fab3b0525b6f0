"""primary_link: links to government, court, intergovernmental and DOI sites, judged by host."""

from __future__ import annotations

import socket

import pytest

from credscore import urls
from credscore.article import Article
from credscore.cues import primary_link

LEAD = "The report is online. "

POSITIVES = [
    (
        "See https://www.cdc.gov/coronavirus/index.html for details.",
        "https://www.cdc.gov/coronavirus/index.html",
    ),
    (
        "Guidance: https://www.gov.uk/guidance/travel-rules.",
        "https://www.gov.uk/guidance/travel-rules",
    ),
    ("The paper (https://doi.org/10.1000/xyz123) was published.", "https://doi.org/10.1000/xyz123"),
    ("Read it at http://dx.doi.org/10.1000/182", "http://dx.doi.org/10.1000/182"),
    (
        "Ruling: https://www.courtlistener.com/opinion/123/example-v-state/",
        "https://www.courtlistener.com/opinion/123/example-v-state/",
    ),
    (
        "Abstract: https://pubmed.ncbi.nlm.nih.gov/12345678/",
        "https://pubmed.ncbi.nlm.nih.gov/12345678/",
    ),
    ("Statement: www.who.int/news/item/covid", "www.who.int/news/item/covid"),
    ("Preprint: https://arxiv.org/abs/2001.00001v2", "https://arxiv.org/abs/2001.00001v2"),
    ("Rules: https://ec.europa.eu/info/law", "https://ec.europa.eu/info/law"),
    ("Border notice: https://www.cbsa-asfc.gc.ca/notice", "https://www.cbsa-asfc.gc.ca/notice"),
    ("Order: https://www.health.gov.au/news/order", "https://www.health.gov.au/news/order"),
    (
        "Trial: https://clinicaltrials.gov/ct2/show/NCT0000001",
        "https://clinicaltrials.gov/ct2/show/NCT0000001",
    ),
]

NEAR_MISSES = [
    "https://govtrack-news.com/story",
    "https://evil.example.com/gov.uk/page",
    "https://who.int.example.com/statement",
    "https://cdc.gov.example.net/fake",
    "doi: 10.1056/NEJMoa2001017",  # a DOI in text is not a link
    "https://www.nytimes.com/gov/article",
    "The cdc.gov website was down for hours.",  # a domain in text is not a link
    "https://www.government-news.org/item",
]


@pytest.mark.parametrize(("sentence", "evidence"), POSITIVES)
def test_primary_links_are_found_with_exact_span(sentence: str, evidence: str) -> None:
    article = Article(LEAD + sentence)
    cues = primary_link.find(article)
    assert [cue.evidence for cue in cues] == [evidence]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == evidence
    assert cue.kind == "primary_link" and cue.field == "text"


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_lookalikes_and_unlinked_mentions_are_not_primary(sentence: str) -> None:
    assert primary_link.find(Article(LEAD + sentence)) == []


def test_host_lookup_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("primary_link tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    urls._extractor.cache_clear()
    urls._split_host.cache_clear()
    urls._suffix_labels.cache_clear()
    host = urls.parse_host("https://www.fda.gov/food")
    assert host is not None and urls.primary_source(host) is not None


def test_seed_article_has_no_primary_link(seed: dict[str, str]) -> None:
    assert primary_link.find(Article(seed["text"], seed["title"])) == []
