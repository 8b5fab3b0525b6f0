"""The JSON endpoints: what a client gets for good input, and a clear 4xx for every bad one."""

from __future__ import annotations

import json
import time
from dataclasses import fields

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from credscore import Cue, score_frame
from credscore.serve.app import create_app
from credscore.serve.limits import ServiceLimits
from credscore.serve.schemas import AssessmentOut, CueOut

from .articles import HOSTILE, SEED_STYLE, WIRE_STYLE
from .conftest import JSON, PAGES, check_error, needs_html, saved_page, wait_until_ready


def expected(scorer, article: dict) -> dict:
    """What the service must answer: the scorer's own assessment, through JSON."""
    assessment = scorer.score(article["text"], title=article.get("title"), url=article.get("url"))
    return json.loads(json.dumps(assessment.to_dict()))


@pytest.mark.parametrize("article", [SEED_STYLE, WIRE_STYLE, HOSTILE, {"text": "Short note."}])
def test_score_answers_the_scorers_assessment(client, scorer, article) -> None:
    response = client.post("/v1/score", json=article)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == expected(scorer, article)


def test_seed_style_article_shows_its_cues(client) -> None:
    cues = client.post("/v1/score", json=SEED_STYLE).json()["cues"]
    found = {(cue["kind"], cue["evidence"]) for cue in cues}
    assert ("name_variant", "Marcetti") in found
    assert any(kind == "promo_link" and "t.me/" in evidence for kind, evidence in found)
    for cue in cues:  # every span points at exactly its evidence
        assert SEED_STYLE[cue["field"]][cue["start"] : cue["end"]] == cue["evidence"]


def test_response_model_mirrors_assessment_to_dict(scorer) -> None:
    produced = scorer.score(SEED_STYLE["text"], title=SEED_STYLE["title"]).to_dict()
    assert set(AssessmentOut.model_fields) == set(produced)
    assert set(CueOut.model_fields) == {f.name for f in fields(Cue)}
    AssessmentOut.model_validate(produced)  # extra="forbid": a new field would fail here


@needs_html
@pytest.mark.parametrize("name", sorted(path.stem for path in PAGES.glob("*.html")))
def test_score_reads_a_saved_page_as_score_html_does(client, scorer, name) -> None:
    html, expected_page = saved_page(name)
    url = expected_page.get("url")
    response = client.post("/v1/score", json={"html": html, "url": url})
    assert response.status_code == 200
    answer = scorer.score_html(html, url).to_dict()
    assert response.json() == json.loads(json.dumps(answer))


@needs_html
def test_a_pages_residue_cues_come_back_with_their_evidence(client) -> None:
    html, expected_page = saved_page("blogger_smart_meters")
    cues = client.post("/v1/score", json={"html": html}).json()["cues"]
    residue = {(cue["kind"], cue["evidence"]) for cue in cues if cue["field"] == "residue"}
    for cue in expected_page["cues"]:  # each hand-made cue, found in the page around the article
        assert any(k == cue["kind"] and cue["evidence"] in e for k, e in residue), (cue, residue)


@needs_html
def test_a_page_with_no_article_is_unknown_not_an_error(client) -> None:
    html, _ = saved_page("error_not_found")
    response = client.post("/v1/score", json={"html": html})
    assert response.status_code == 200
    body = response.json()
    assert (body["label"], body["credibility"], body["log_odds"]) == ("unknown", None, None)
    assert any("no article" in note for note in body["notes"])
    AssessmentOut.model_validate(body)


@needs_html
def test_batch_mixes_articles_and_pages_in_order(client, scorer) -> None:
    html, expected_page = saved_page("blogger_smart_meters")
    items = [SEED_STYLE, {"html": html, "url": expected_page["url"]}, {"text": ""}, {"html": "x"}]
    body = client.post("/v1/score/batch", json={"items": items}).json()
    results = body["items"]
    assert results[0]["assessment"] == expected(scorer, SEED_STYLE)
    page_answer = scorer.score_html(html, expected_page["url"]).to_dict()
    assert results[1]["assessment"] == json.loads(json.dumps(page_answer))
    assert results[2]["assessment"] is None and "non-whitespace" in results[2]["error"]
    assert results[3]["assessment"]["label"] == "unknown"  # a page, even one without an article
    assert (body["n_scored"], body["n_failed"]) == (3, 1)


def test_batch_answers_in_order_with_score_frames_errors(client, scorer) -> None:
    items = [SEED_STYLE, {"text": ""}, WIRE_STYLE, {"text": " \n\t "}, {"text": "Short note."}]
    response = client.post("/v1/score/batch", json={"items": items})
    assert response.status_code == 200
    body = response.json()
    frame = score_frame(pd.DataFrame(items), scorer=scorer)
    assert [item["error"] for item in body["items"]] == [
        None if pd.isna(error) else error for error in frame["error"]
    ]
    for item, article in zip(body["items"], items, strict=True):
        if item["error"] is None:
            assert item["assessment"] == expected(scorer, article)
        else:
            assert item["assessment"] is None
    assert (body["n_scored"], body["n_failed"]) == (3, 2)
    assert body["model_version"] == scorer.model_version


def test_model_card_is_the_scorers_card(client, scorer) -> None:
    response = client.get("/v1/model")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(scorer.card))


def test_health_and_readiness(client, scorer) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "model_version": scorer.model_version}


def test_not_ready_until_the_workers_have_warmed_up(scorer) -> None:
    # Without entering the client, the app's startup (which warms the scorer up) never runs.
    response = TestClient(create_app(scorer)).get("/readyz")
    assert response.status_code == 503
    assert response.json()["ready"] is False


def test_openapi_schema_has_examples(client) -> None:
    schema = client.get("/openapi.json").json()
    score = schema["paths"]["/v1/score"]["post"]
    examples = score["requestBody"]["content"]["application/json"]["examples"]
    assert {"wire report", "promo post", "saved page"} <= set(examples)
    assert "/v1/sources" in schema["paths"]
    assert schema["components"]["schemas"]["BatchIn"]["properties"]["items"]["maxItems"] == 100
    assert {"400", "413", "415", "422", "503"} <= set(score["responses"])
    assert "/docs" not in json.dumps(schema)  # no page that loads its scripts from a CDN
    assert client.get("/docs").status_code == 404


def test_request_id_is_echoed_or_made(client) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "queue-7.item_42"})
    assert given.headers["x-request-id"] == "queue-7.item_42"
    made = client.get("/healthz", headers={"X-Request-ID": "<not an id>"})
    assert made.headers["x-request-id"] not in ("", "<not an id>")


def _chunks(total: int):
    """A body sent in chunks with no Content-Length, so only counting it can stop it."""
    for _ in range(total // 1000):
        yield b" " * 1000


# (what is wrong, request, expected status, field named in the errors or None)
BAD_INPUT = [
    ("missing text", {"json": {"title": "Only a headline"}}, 422, "text"),
    ("text not a string", {"json": {"text": 42}}, 422, "text"),
    ("text a list", {"json": {"text": ["one", "two"]}}, 422, "text"),
    ("text null", {"json": {"text": None}}, 422, "text"),
    ("empty text", {"json": {"text": ""}}, 422, "text"),
    ("blank text", {"json": {"text": " \n\t\u3000"}}, 422, "text"),
    ("file separator only", {"json": {"text": "\x1c"}}, 422, "text"),
    ("title not a string", {"json": {"text": "Body.", "title": 3.5}}, 422, "title"),
    ("url an object", {"json": {"text": "Body.", "url": {"href": "x"}}}, 422, "url"),
    ("unknown field", {"json": {"text": "Body.", "titel": "Typo"}}, 422, "titel"),
    ("unknown field named page", {"json": {"text": "Body.", "page": 1}}, 422, "page"),
    ("unknown field named article", {"json": {"article": "Body."}}, 422, "article"),
    ("empty html", {"json": {"html": ""}}, 422, "html"),
    ("html not a string", {"json": {"html": ["<p>Body</p>"]}}, 422, "html"),
    ("html and text", {"json": {"html": "<p>Body</p>", "text": "Body."}}, 422, "text"),
    ("html with a title", {"json": {"html": "<p>Body</p>", "title": "T"}}, 422, "title"),
    ("url without text or html", {"json": {"url": "https://example.com/a"}}, 422, "text"),
    ("lone surrogate", {"content": b'{"text": "a \\ud800 b"}', "headers": JSON}, 422, "text"),
    ("surrogate key", {"content": b'{"text": "a", "\\udc80": 1}', "headers": JSON}, 422, None),
    ("body a list", {"json": [{"text": "Body."}]}, 422, "body"),
    ("body a string", {"json": "Body."}, 422, "body"),
    ("invalid JSON", {"content": b'{"text": "Body.",}', "headers": JSON}, 422, "body"),
    ("not UTF-8", {"content": b'{"text": "caf\xe9"}', "headers": JSON}, 400, None),
    ("empty body", {"content": b"", "headers": JSON}, 422, "body"),
    ("text/plain", {"content": b"Body.", "headers": {"content-type": "text/plain"}}, 415, None),
    ("form post", {"data": {"text": "Body."}}, 415, None),
    ("no content type", {"content": b'{"text": "Body."}'}, 415, None),
    ("huge body", {"content": b" " * 5_000, "headers": JSON}, 413, None),
    ("huge body streamed", {"content": _chunks(6_000), "headers": JSON}, 413, None),
]
BAD_BATCHES = [
    ("too many items", {"json": {"items": [{"text": "a"}] * 4}}, 422, "items"),
    ("no items", {"json": {"items": []}}, 422, "items"),
    ("items not a list", {"json": {"items": {"text": "a"}}}, 422, "items"),
    ("item text a number", {"json": {"items": [{"text": "a"}, {"text": 1}]}}, 422, "items.1.text"),
    ("item without text", {"json": {"items": [{"title": "t"}]}}, 422, "items.0.text"),
    ("unknown item field", {"json": {"items": [{"text": "a", "body": "b"}]}}, 422, "items.0.body"),
    ("item html a number", {"json": {"items": [{"html": 5}]}}, 422, "items.0.html"),
    (
        "item html and text",
        {"json": {"items": [{"html": "<p>", "text": "a"}]}},
        422,
        "items.0.text",
    ),
    ("bare list", {"json": [{"text": "a"}]}, 422, "body"),
    ("huge batch", {"content": b" " * 9_000, "headers": JSON}, 413, None),
    ("form post", {"data": {"items": "a"}}, 415, None),
]


@pytest.mark.parametrize(("problem", "request_kwargs", "status", "field"), BAD_INPUT)
def test_bad_input_gets_a_clear_4xx(small_client, problem, request_kwargs, status, field) -> None:
    check_error(small_client.post("/v1/score", **request_kwargs), status, field)


@pytest.mark.parametrize(("problem", "request_kwargs", "status", "field"), BAD_BATCHES)
def test_bad_batch_gets_a_clear_4xx(small_client, problem, request_kwargs, status, field) -> None:
    check_error(small_client.post("/v1/score/batch", **request_kwargs), status, field)


def test_bad_input_is_never_echoed_back(small_client) -> None:
    secret = "Unpublished draft about the mayor's accounts"
    response = small_client.post("/v1/score", json={"text": secret, "title": ["not a string"]})
    assert response.status_code == 422
    assert "mayor" not in response.text


def test_wrong_method_and_path_are_json_errors(client) -> None:
    assert client.get("/v1/score").status_code == 405
    missing = client.get("/v2/score")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not Found"


class _SlowScorer:
    """The sample scorer, but each assessment takes ``delay`` seconds."""

    def __init__(self, scorer, delay: float) -> None:
        self._scorer, self._delay = scorer, delay

    def __getattr__(self, name: str):
        return getattr(self._scorer, name)

    def assess(self, article):
        time.sleep(self._delay)
        return self._scorer.assess(article)

    def score_many(self, rows):
        time.sleep(self._delay)
        return self._scorer.score_many(rows)


def test_scoring_past_the_time_bound_is_a_503_with_retry_after(scorer) -> None:
    limits = ServiceLimits(timeout_seconds=0.05)
    with TestClient(create_app(_SlowScorer(scorer, delay=0.5), limits=limits)) as client:
        wait_until_ready(client)
        response = client.post("/v1/score", json=WIRE_STYLE)
        assert response.status_code == 503
        assert response.headers["retry-after"].isdigit()
        assert "longer than 0.05 s" in response.json()["detail"]
        page = client.post("/", data={"text": WIRE_STYLE["text"]})
        assert page.status_code == 503
        assert "longer than 0.05 s" in page.text


@pytest.mark.parametrize(
    "limits",
    [
        {"max_body_bytes": 0},
        {"max_batch_items": -1},
        {"max_batch_body_bytes": 1.5},
        {"timeout_seconds": 0},
        {"timeout_seconds": float("nan")},
        {"timeout_seconds": True},
    ],
)
def test_impossible_limits_are_refused_naming_them(limits) -> None:
    with pytest.raises(ValueError, match=next(iter(limits))):
        ServiceLimits(**limits)
