"""POST /v1/sources: whole sites judged from their articles, as ``profile_sources`` does."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from credscore import profile_sources
from credscore.serve.schemas import SourcesOut

from .conftest import JSON, check_error, needs_html, saved_page


def _articles(frame: pd.DataFrame) -> list[dict]:
    return [
        {"text": row.text, "title": row.title, "url": row.url}
        for row in frame.itertuples(index=False)
    ]


def _as_sent(rows: pd.DataFrame) -> list[dict]:
    """``profile_sources``' rows as the service writes them: NaN as null, top_cues a list."""
    sites = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
    for site in sites:
        site["top_cues"] = json.loads(site["top_cues"])
    return json.loads(json.dumps(sites))


def test_sites_are_profiled_as_profile_sources_does(client, scorer, sample) -> None:
    frame = sample[["text", "title", "url"]].copy()
    # The sample's sites end in .example, which has no registered domains: give them one.
    frame["url"] = frame["url"].str.replace(".example/", ".org/", regex=False)
    response = client.post("/v1/sources", json={"articles": _articles(frame), "min_articles": 2})
    assert response.status_code == 200
    body = response.json()
    SourcesOut.model_validate(body)
    expected = _as_sent(profile_sources(frame, scorer=scorer, min_articles=2))
    assert body["sites"] == expected
    assert (body["n_articles"], body["n_failed"]) == (len(frame), 0)
    assert body["model_version"] == scorer.model_version
    assert len(body["sites"]) >= 8 and all(site["n_articles"] >= 2 for site in body["sites"])
    assert {site["label"] for site in body["sites"]} >= {"reliable", "unreliable"}


def test_a_site_below_min_articles_is_unknown_with_its_estimate(client, sample) -> None:
    one_site = sample[sample["url"].str.contains("example-news.org", na=False)].head(2)
    body = client.post(
        "/v1/sources", json={"articles": _articles(one_site), "min_articles": 3}
    ).json()
    (site,) = body["sites"]
    assert site["label"] == "unknown" and site["n_articles"] == 2
    assert 0 <= site["low"] <= site["high"] <= 1 and site["credibility"] is not None
    assert "at least 3" in site["note"]


def test_named_sources_group_articles_and_unnamed_ones_are_ungrouped(client, sample) -> None:
    articles = _articles(sample.head(4))
    articles[0]["source"] = articles[1]["source"] = "Wire desk"
    body = client.post("/v1/sources", json={"articles": articles, "min_articles": 1}).json()
    by_source = {site["source"]: site for site in body["sites"]}
    assert set(by_source) == {"Wire desk", None}
    assert by_source["Wire desk"]["n_articles"] == 2
    assert by_source[None]["n_articles"] == 2 and "source" in by_source[None]["note"]
    assert body["sites"][-1]["source"] is None  # the ungrouped come last


def test_an_article_that_cannot_be_scored_is_counted_not_fatal(client, sample) -> None:
    articles = _articles(sample.head(3))
    articles.append({"text": "   ", "url": articles[0]["url"]})
    body = client.post("/v1/sources", json={"articles": articles, "min_articles": 1}).json()
    assert (body["n_articles"], body["n_failed"]) == (3, 1)
    site = next(site for site in body["sites"] if site["n_failed"])
    assert site["source"] in articles[0]["url"]


def _one_site(client, page_name: str, url: str) -> dict:
    """The only site profiled from a saved page at ``url`` and an article from the same site."""
    html, _ = saved_page(page_name)
    article = {"text": "The council met on Monday. " * 20, "url": url + "-report"}
    body = client.post("/v1/sources", json={"articles": [{"html": html, "url": url}, article]})
    (site,) = body.json()["sites"]
    return site


@needs_html
def test_a_saved_page_is_filed_under_its_sites(client) -> None:
    url = "https://gridtruthreport.blogspot.com/2022/11/your-smart-meter-is-listening"
    site = _one_site(client, "blogger_smart_meters", url)
    assert site["source"] == "gridtruthreport.blogspot.com" and site["n_articles"] == 2
    assert {"kind": "promo_link", "share": 0.5} in site["top_cues"]  # found on the page only


@needs_html
def test_a_page_with_no_article_counts_as_not_scored(client) -> None:
    site = _one_site(client, "error_not_found", "https://www.example-news.org/gone")
    assert (site["n_articles"], site["n_failed"]) == (1, 1)
    assert site["credibility"] is not None and 0 <= site["credibility"] <= 1


BAD_SOURCES = [
    ("no articles", {"json": {"articles": []}}, 422, "articles"),
    ("too many articles", {"json": {"articles": [{"text": "a"}] * 4}}, 422, "articles"),
    (
        "article without text",
        {"json": {"articles": [{"url": "https://a.example/x"}]}},
        422,
        "articles.0.text",
    ),
    (
        "source a number",
        {"json": {"articles": [{"text": "a", "source": 7}]}},
        422,
        "articles.0.source",
    ),
    (
        "min_articles 0",
        {"json": {"articles": [{"text": "a"}], "min_articles": 0}},
        422,
        "min_articles",
    ),
    ("unknown field", {"json": {"articles": [{"text": "a"}], "min": 2}}, 422, "min"),
    ("huge body", {"content": b" " * 9_000, "headers": JSON}, 413, None),
    ("form post", {"data": {"articles": "a"}}, 415, None),
]


@pytest.mark.parametrize(("problem", "request_kwargs", "status", "field"), BAD_SOURCES)
def test_bad_sources_request_gets_a_clear_4xx(
    small_client, problem, request_kwargs, status, field
) -> None:
    check_error(small_client.post("/v1/sources", **request_kwargs), status, field)
