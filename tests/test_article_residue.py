"""An article read from a web page: its residue and its links behind anchor text."""

from __future__ import annotations

import pytest

from credscore.article import MAX_RESIDUE_CHARS, MAX_TEXT_CHARS, Anchor, Article
from credscore.cues import find_all
from credscore.source import SourceRatings, assess_source
from credscore.source.links import link_targets

TEXT = (
    "The ministry published the ruling on Monday. Read the full judgment and the study "
    "behind it before the hearing."
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_residue_is_a_field_and_has_a_view_of_its_own() -> None:
    article = Article(TEXT, residue="Leave a Reply")
    assert article.field("residue") == "Leave a Reply"
    assert article.residue_view is not None and article.residue_view.text == "Leave a Reply"
    assert Article(TEXT).residue == "" and Article(TEXT).residue_view is None
    assert Article(TEXT, residue=" \n ").residue_view is None


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"residue": 3}, TypeError, "residue must be a str or None, got int"),
        ({"residue": b"x"}, TypeError, "residue must be a str or None, got bytes"),
        ({"anchors": "https://x.gov"}, TypeError, "anchors must be an iterable"),
        ({"anchors": [("https://x.gov", 0)]}, TypeError, "anchors must hold (href, start, end)"),
        ({"anchors": [(None, 0, 3)]}, TypeError, "anchors must hold (str, int, int)"),
        ({"anchors": [("https://x.gov", 5, 2)]}, ValueError, "anchors must point into the text"),
        ({"anchors": [("https://x.gov", 0, 10_000)]}, ValueError, "anchors must point into"),
    ],
)
def test_bad_page_arguments_are_named(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        Article(TEXT, **kwargs)


def test_residue_is_cut_like_the_text_and_anchors_past_the_cut_are_dropped() -> None:
    long_text = "word " * (MAX_TEXT_CHARS // 5 + 100)
    late = len(long_text) - 10
    article = Article(
        long_text, residue="chrome " * (MAX_RESIDUE_CHARS // 7 + 100),
        anchors=[("https://a.gov/x", 0, 4), ("https://b.gov/y", late, late + 4)],
    )  # fmt: skip
    assert len(article.residue) <= MAX_RESIDUE_CHARS
    assert set(article.truncated) == {"text", "residue"}
    assert article.anchors == (Anchor("https://a.gov/x", 0, 4),)


def test_links_behind_anchor_text_feed_primary_link_with_the_anchor_as_evidence() -> None:
    anchors = [
        ("https://www.supremecourt.gov/opinions/x.pdf", *span(TEXT, "full judgment")),
        ("https://doi.org/10.5555/abc", *span(TEXT, "the study")),
        ("https://www.example.com/gov.uk", *span(TEXT, "ruling")),  # gov only in the path
    ]
    cues = [cue for cue in find_all(Article(TEXT, anchors=anchors)) if cue.kind == "primary_link"]
    assert [(cue.field, cue.evidence) for cue in cues] == [
        ("text", "full judgment"),
        ("text", "the study"),
    ]
    assert "supremecourt.gov" in cues[0].message


def test_a_link_written_in_the_text_and_linked_counts_once() -> None:
    text = "The order is at https://www.whitehouse.gov/briefing/order for anyone to read."
    start, end = span(text, "https://www.whitehouse.gov/briefing/order")
    article = Article(text, anchors=[("https://www.whitehouse.gov/briefing/order", start, end)])
    assert article.anchor_links == ()
    assert [cue.kind for cue in find_all(article)].count("primary_link") == 1
    assert len(link_targets(article, None)) == 1


def test_the_link_profile_counts_links_behind_anchor_text() -> None:
    anchors = [
        ("https://bit.ly/3xyz", *span(TEXT, "ruling")),
        ("https://www.cdc.gov/x", *span(TEXT, "full judgment")),
    ]
    article = Article(TEXT, url="https://news.example/story", anchors=anchors)
    targets = link_targets(article, None)
    assert [(t.category, TEXT[t.start : t.end]) for t in targets] == [
        ("shortener", "ruling"),
        ("primary", "full judgment"),
    ]
    features = assess_source(article, SourceRatings()).features
    assert features["links_n"] == 2
    assert features["links_shortener_share"] == 0.5


@pytest.mark.parametrize(
    ("text", "anchored", "href", "expected"),
    [
        # A call to action whose platform is only in the link's address.
        ("Join our channel for daily updates here.", "here", "https://t.me/SomeChannel", True),
        ("Donate with a tip", "Donate with a tip", "https://paypal.me/somesite", True),
        ("Follow us here", "here", "https://gab.com/SomeSite", True),
        # The same words with an ordinary link are not promotion, and neither is a link to
        # a platform in a sentence that calls for nothing.
        ("Join our channel for daily updates here.", "here", "https://news.example/live", False),
        ("The minister posted the video on his channel.", "posted", "https://t.me/x", False),
    ],
)
def test_promo_link_reads_the_address_behind_anchor_text(
    text: str, anchored: str, href: str, expected: bool
) -> None:
    story = f"{TEXT}\n\n{text}\n\nThe hearing is on Friday."
    anchor = (href, *span(story, anchored))
    promo = [cue for cue in find_all(Article(story, anchors=[anchor])) if cue.kind == "promo_link"]
    assert [cue.evidence for cue in promo] == ([text] if expected else [])
    assert not [cue for cue in find_all(Article(story)) if cue.kind == "promo_link"]
