"""The review page over HTTP (no browser): the form, the result, escaping, errors as pages."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from credscore.serve.app import create_app
from credscore.serve.limits import ServiceLimits

from .articles import HOSTILE, SEED_STYLE
from .conftest import PAGES, needs_html

# Every tag the page itself writes; anything else would have come from the article.
PAGE_TAGS = set(
    "html head meta title style body header main section footer div span h1 h2 h3 p b q a "
    "form label input textarea button dl dt dd ul li mark table thead tbody tr th td code".split()
)


class _Page(HTMLParser):
    """Tags, form fields, each cue's highlighted text, and every piece of text shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.inputs: dict[str, str] = {}
        self.marks: dict[int, str] = {}
        self.cue_rows: list[int] = []
        self.text: list[str] = []
        self._open_marks: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag in ("input", "textarea") and attributes.get("name"):
            self.inputs[attributes["name"]] = tag
        if tag == "mark":
            self._open_marks.append(int(attributes["data-cue"] or -1))
        if tag == "tr" and attributes.get("data-cue-row"):
            self.cue_rows.append(int(attributes["data-cue-row"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._open_marks.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for index in self._open_marks:
            self.marks[index] = self.marks.get(index, "") + data


def parse(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    page.close()
    return page


def test_form_page_is_whole_and_has_no_script(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # so no script may run
    page = parse(response.text)
    assert page.inputs == {"title": "input", "url": "input", "text": "textarea", "html": "input"}
    assert "script" not in page.tags
    assert not {"link", "img", "iframe"} & set(page.tags)  # nothing fetched from elsewhere
    assert "http://" not in response.text and "https://" not in response.text.replace(
        'placeholder="https://"', ""
    )


def test_result_highlights_every_cue_of_the_assessment(client, scorer) -> None:
    response = client.post("/", data=SEED_STYLE)
    assert response.status_code == 200
    page = parse(response.text)
    assessment = scorer.score(SEED_STYLE["text"], title=SEED_STYLE["title"], url=SEED_STYLE["url"])
    assert page.cue_rows == list(range(len(assessment.cues)))
    for index, cue in enumerate(assessment.cues):
        if cue.end > cue.start:
            assert page.marks[index] == cue.evidence, cue
    shown = "".join(page.text)
    assert f"{100 * assessment.credibility:.1f}" in shown
    assert assessment.label in shown
    assert "Marcetti" in page.marks.values()
    assert SEED_STYLE["title"] in response.text  # echoed into the form for another go


def test_markup_in_the_article_is_shown_as_text(client) -> None:
    response = client.post("/", data=HOSTILE)
    assert response.status_code == 200
    page = parse(response.text)
    assert set(page.tags) <= PAGE_TAGS
    assert page.tags.count("a") == 1  # the footer's link to the schema, none from the article
    shown = "".join(page.text)
    for value in HOSTILE.values():
        for line in value.splitlines():
            assert line in shown


@pytest.mark.parametrize(
    ("form", "status", "says"),
    [
        ({"title": "Headline only"}, 422, "Paste the article"),
        ({"text": "   \n  "}, 422, "Paste the article"),
        ({}, 422, "Paste the article"),
        ({"text": "", "url": "https://example.com/a"}, 422, "or choose a saved page"),
    ],
)
def test_missing_text_is_said_on_the_page(client, form, status, says) -> None:
    response = client.post("/", data=form)
    assert response.status_code == status
    assert says in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_odd_form_posts_get_4xx_not_5xx(scorer) -> None:
    limits = ServiceLimits(max_body_bytes=4_000)
    with TestClient(create_app(scorer, limits=limits)) as client:
        assert client.post("/", files={"text": ("a.txt", b"Body.")}).status_code == 422
        two_files = {"html": ("a.html", b"<p>A</p>"), "text": ("b.txt", b"B")}
        assert client.post("/", files=two_files).status_code == 400
        big_page = {"html": ("a.html", b"<p>" + b"x" * 5_000)}
        assert client.post("/", files=big_page).status_code == 413
        assert client.post("/", data={"text": "x" * 5_000}).status_code == 413
        assert client.post("/", json={"text": "Body."}).status_code == 422
        undecodable = client.post(
            "/",
            content=b"text=caf%E9+%ED%A0%80",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert undecodable.status_code == 200  # decoded with replacement characters
        assert "caf\ufffd" in undecodable.text


def test_browser_line_breaks_score_as_typed(client, scorer) -> None:
    # Browsers submit a textarea's line breaks as CRLF; the reader typed plain ones.
    typed = client.post("/", data=SEED_STYLE)
    as_sent = client.post(
        "/", data={**SEED_STYLE, "text": SEED_STYLE["text"].replace("\n", "\r\n")}
    )
    assert parse(as_sent.text).marks == parse(typed.text).marks
    assessment = scorer.score(SEED_STYLE["text"], title=SEED_STYLE["title"], url=SEED_STYLE["url"])
    assert f"{100 * assessment.credibility:.1f}" in "".join(parse(as_sent.text).text)


@needs_html
def test_a_saved_page_is_scored_with_its_residue_highlighted(client, scorer) -> None:
    html = (PAGES / "blogger_smart_meters.html").read_bytes()
    url = "https://gridtruthreport.blogspot.com/2022/11/your-smart-meter-is-listening.html"
    # Text typed as well: the page is scored instead, as the form says.
    form = {"title": "", "text": "Some other text.", "url": url}
    response = client.post("/", data=form, files={"html": ("page.html", html, "text/html")})
    assert response.status_code == 200
    page = parse(response.text)
    assessment = scorer.score_html(html, url)
    assert page.cue_rows == list(range(len(assessment.cues)))
    residue = [(i, cue) for i, cue in enumerate(assessment.cues) if cue.field == "residue"]
    assert residue  # the page's promotions and comment form, around the article
    for index, cue in residue:
        assert page.marks[index] == cue.evidence
    shown = "".join(page.text)
    assert "The rest of the page (residue)" in shown
    assert "Read from the saved page page.html; the pasted text was not scored." in shown
    assert f"{100 * assessment.credibility:.1f}" in shown and assessment.label in shown


@needs_html
def test_a_page_with_no_article_says_so_without_a_score(client) -> None:
    html = (PAGES / "error_not_found.html").read_bytes()
    response = client.post("/", data={"text": ""}, files={"html": ("e.html", html, "text/html")})
    assert response.status_code == 200
    shown = "".join(parse(response.text).text)
    assert "unknown" in shown and "no article found on the page" in shown
    assert "nan" not in shown.lower()


@needs_html
def test_markup_in_a_pages_residue_is_shown_as_text(client) -> None:
    paragraph = "<p>The harbour board met on Monday and approved the winter timetable. </p>" * 6
    html = (
        "<html><body><article><h1>Ferry timetable approved</h1>" + paragraph + "</article>"
        "<footer>&lt;script&gt;alert(1)&lt;/script&gt; Leave a Reply</footer></body></html>"
    ).encode()
    response = client.post("/", data={"text": ""}, files={"html": ("p.html", html, "text/html")})
    assert response.status_code == 200
    page = parse(response.text)
    assert set(page.tags) <= PAGE_TAGS
    assert "<script>alert(1)</script>" in "".join(page.text)
