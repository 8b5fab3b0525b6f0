"""The highlighted view: every cue's span marked, the article escaped, overlaps well formed."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from credscore.api import Assessment, Scorer
from credscore.article import Article
from credscore.cue import Cue
from credscore.html import highlight_article, highlight_field, render_assessment

# Every tag the renderer itself writes; anything else in the output came from the article.
RENDERER_TAGS = {
    "div",
    "span",
    "mark",
    "b",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "ul",
    "li",
}
LOWERING, RAISING, NEUTRAL = "rgb(220,38,38)", "rgb(22,163,74)", "rgb(120,120,120)"


class _Reader(HTMLParser):
    """Collects the tags, the text inside each cue's marks, and each text block's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[tuple[str, dict[str, str | None]]] = []
        self.cue_text: dict[int, str] = {}
        self.cue_attrs: dict[int, dict[str, str | None]] = {}
        self.block_text: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        self.open.append((tag, attributes))
        if tag == "mark":
            self.cue_attrs.setdefault(int(attributes["data-cue"] or -1), attributes)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for tag, attributes in self.open:
            if tag == "mark":
                index = int(attributes["data-cue"] or -1)
                self.cue_text[index] = self.cue_text.get(index, "") + data
            block = (attributes.get("class") or "").removeprefix("credscore-")
            if tag == "div" and block in ("title", "text", "url"):
                self.block_text[block] = self.block_text.get(block, "") + data


def read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    assert not reader.open, f"unclosed tags: {reader.open}"
    return reader


def make_assessment(article: Article, cues: list[Cue], label: str = "mixed") -> Assessment:
    return Assessment(
        credibility=0.42,
        label=label,
        cues=tuple(cues),
        features={},
        model_version="test",
        base_log_odds=0.0,
        contributions={},
        text_log_odds=-0.32,
        text=article.text,
        title=article.title or None,
        url=article.url or None,
    )


def test_seed_article_has_one_highlight_per_cue_and_nothing_unescaped(
    seed: dict[str, str], scorer: Scorer
) -> None:
    assessment = scorer.score(seed["text"], title=seed["title"])
    assert assessment.cues, "the seed article should show cues"
    markup = assessment._repr_html_()
    reader = read(markup)
    assert set(reader.tags) <= RENDERER_TAGS
    assert reader.block_text["text"] == seed["text"]
    assert reader.block_text["title"] == seed["title"]
    for index, cue in enumerate(assessment.cues):
        assert reader.cue_text.get(index) == cue.evidence, (index, cue.kind)
        tooltip = reader.cue_attrs[index]["title"] or ""
        assert cue.message in tooltip
        assert f"{cue.weight:+.2f}" in tooltip
        assert reader.cue_attrs[index]["data-kind"] == cue.kind


def test_score_and_label_come_before_the_article(seed: dict[str, str], scorer: Scorer) -> None:
    assessment = scorer.score(seed["text"], title=seed["title"])
    markup = assessment._repr_html_()
    header = markup.index(f"<b>{assessment.credibility:.3f}</b>")
    assert markup.index(f">{assessment.label}</span>") < markup.index("credscore-title")
    assert header < markup.index("credscore-text")


CRAFTED_TITLE = 'Mayor says "no" & <b>walks out</b>'
CRAFTED_TEXT = (
    "The council met at 7pm <script>alert(1)</script> and voted 5 & 2.\n"
    'A resident shouted "enough" <img src=x onerror=alert(2)> before leaving.\n'
)
CRAFTED_URL = 'https://news.example/a?x=1&y="2"<script>'


def test_crafted_markup_renders_as_text_everywhere() -> None:
    article = Article(CRAFTED_TEXT, CRAFTED_TITLE, CRAFTED_URL)
    script_start = CRAFTED_TEXT.index("<script>")
    cues = [
        article.cue(
            "promo_link", "text", script_start, script_start + 30, 'A "tricky" <i>note</i>'
        ),
        article.cue("bare_source", "title", 0, 16, "Quote & ampersand."),
        article.cue("unrated_source", "url", 8, len(CRAFTED_URL), "Unrated <site>."),
    ]
    cues = [cues[0].with_weight(-1.0), cues[1].with_weight(0.5), cues[2]]
    markup = make_assessment(article, cues)._repr_html_()
    assert "<script" not in markup and "<img" not in markup and "<i>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&amp;" in markup and "&quot;" in markup
    reader = read(markup)
    assert set(reader.tags) <= RENDERER_TAGS
    assert reader.block_text == {"title": CRAFTED_TITLE, "text": CRAFTED_TEXT, "url": CRAFTED_URL}
    for index, cue in enumerate(cues):
        assert reader.cue_text[index] == cue.evidence
        assert cue.message in (reader.cue_attrs[index]["title"] or "")


@pytest.mark.parametrize(
    ("spans", "nested_marks"),
    [
        pytest.param([(0, 20), (5, 10)], 2, id="nested"),
        pytest.param([(0, 10), (5, 15)], 3, id="crossing: second split in two"),
        pytest.param([(0, 10), (0, 10)], 2, id="identical"),
        pytest.param([(0, 5), (5, 10)], 2, id="adjacent"),
        pytest.param([(2, 12), (4, 8), (6, 14)], 5, id="three-way"),
        pytest.param([(0, 28)], 1, id="whole text"),
    ],
)
def test_overlapping_spans_stay_well_formed(
    spans: list[tuple[int, int]], nested_marks: int
) -> None:
    text = "abcdefghij klmnopqrst uvwxyz"
    article = Article(text)
    cues = [(i, article.cue("misspelling", "text", s, e, "m")) for i, (s, e) in enumerate(spans)]
    markup = highlight_field(text, cues)
    reader = read(markup)
    assert markup.count("<mark") == nested_marks
    assert "".join(part for part in _text_only(markup)) == text
    for index, cue in cues:
        assert reader.cue_text[index] == cue.evidence


def _text_only(markup: str) -> list[str]:
    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(markup)
    return parts


@pytest.mark.parametrize(
    ("weight", "direction", "colour"),
    [
        (-0.8, "lowers", LOWERING),
        (1.2, "raises", RAISING),
        (0.0, "none", NEUTRAL),
        (None, "none", NEUTRAL),
    ],
)
def test_colour_follows_the_direction_of_the_weight(
    weight: float | None, direction: str, colour: str
) -> None:
    article = Article("One short sentence for colour checks.")
    cue = article.cue("dateline", "text", 4, 9, "A message.")
    cue = cue if weight is None else cue.with_weight(weight)
    reader = read(highlight_field(article.text, [(0, cue)]))
    assert reader.cue_attrs[0]["data-direction"] == direction
    assert colour in (reader.cue_attrs[0]["style"] or "")


def test_spans_outside_the_field_are_listed_not_highlighted() -> None:
    article = Article("Short text.")
    stray = Cue("dateline", "text", 5, 500, "x", "Out of range.", -0.5)
    markup = render_assessment(make_assessment(article, [stray]))
    reader = read(markup)
    assert "<mark" not in markup and reader.block_text["text"] == "Short text."
    assert "Out of range." in markup


def test_to_html_writes_a_complete_page(tmp_path: Path) -> None:
    article = Article(CRAFTED_TEXT, CRAFTED_TITLE)
    assessment = make_assessment(article, [article.cue("dateline", "text", 0, 3, "m")])
    path = tmp_path / "assessment.html"
    page = assessment.to_html(path)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert path.read_text(encoding="utf-8") == page
    assert "<title>Mayor says &quot;no&quot; &amp; &lt;b&gt;walks out&lt;/b&gt;</title>" in page


def test_highlight_article_finds_cues_when_not_given() -> None:
    article = Article("Plain words.\n\nLeave a Reply\n\nYour email address will not be published.")
    markup = highlight_article(article)
    read(markup)
    assert markup.count("credscore-text") == 1


def test_lone_surrogates_anywhere_become_replacement_characters(scorer, tmp_path: Path) -> None:
    """Issue 11 §5: writing the page raised UnicodeEncodeError on "\\ud800" in any field."""
    text = "The council met on Tuesday \ud800 and voted \udfff to approve the plan."
    title, url = "Council \ud83d votes", "https://www.example.org/\udc80news"
    assessment = scorer.score(text, title=title, url=url)
    article = Article(text, title, url)
    cue = article.cue("misspelling", "text", 27, 28, "odd \ud800 message")
    pages = [
        assessment.to_html(tmp_path / "page.html"),
        make_assessment(article, [cue]).to_html(tmp_path / "made.html"),
    ]
    for page in pages:
        page.encode("utf-8")  # raises on any lone surrogate
        assert "<title>Council \ufffd votes</title>" in page
    snippets = [assessment._repr_html_(), highlight_article(article, [cue])]
    snippets += [page.split("<body>\n", 1)[1].rsplit("\n</body>", 1)[0] for page in pages]
    for markup in snippets:
        markup.encode("utf-8")
        reader = read(markup)
        assert "\ufffd and voted \ufffd to approve" in reader.block_text["text"]
        assert reader.block_text["title"] == "Council \ufffd votes"
        assert reader.block_text["url"] == "https://www.example.org/\ufffdnews"
    written = (tmp_path / "made.html").read_text(encoding="utf-8")
    assert written == pages[1] and "odd \ufffd message" in written
    assert read(snippets[1]).cue_text[0] == "\ufffd"
