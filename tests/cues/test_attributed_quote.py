"""attributed_quote: quotes with a named speaker; the span is the quote and its attribution."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import attributed_quote

LEAD = "Officials met on Tuesday. "

POSITIVES = [
    (
        '"We are ready," Health Minister Jane Doe said.',
        '"We are ready," Health Minister Jane Doe said',
    ),
    (
        "“It is a hard moment for the city,” said Mayor Tom Brown.",
        "“It is a hard moment for the city,” said Mayor Tom Brown",
    ),
    (
        "The plan passed, said Dr. Ann Lee, an epidemiologist at the state university, "
        '"and it should hold."',
        'said Dr. Ann Lee, an epidemiologist at the state university, "and it should hold."',
    ),
    (
        'Agency spokesperson Maria Ruiz told reporters: "We have no evidence of that yet."',
        'Maria Ruiz told reporters: "We have no evidence of that yet."',
    ),
    (
        '"The risk is low," Jane Doe, a virologist at the institute, said on Monday.',
        '"The risk is low," Jane Doe, a virologist at the institute, said',
    ),
    (
        "“We will not back down,” according to Senator Mary Hill.",
        "“We will not back down,” according to Senator Mary Hill",
    ),
    (
        "“Prices will rise next year,” the company’s chief executive, John Smith, said.",
        "“Prices will rise next year,” the company’s chief executive, John Smith, said",
    ),
    (
        "“Is anyone listening?” Sen. Paul Grant asked.",
        "“Is anyone listening?” Sen. Paul Grant asked",
    ),
]

NEAR_MISSES = [
    'Critics called them so-called "experts" with no training at all.',
    '"This is a cover-up of historic size," they said.',
    '"The vaccine is far more dangerous than admitted," sources said.',
    '"Nobody knows what will happen next," someone wrote online.',
    'She starred in "The Wizard of Oz" as a child.',
    '"We are being lied to about everything."',
    '"They are hiding the truth from all of us," a source close to Smith said.',
    'In his book "The Art of the Deal," Trump describes his methods.',
    "“It will be fine in the end,” he said.",  # attributed, but to no named speaker
]


@pytest.mark.parametrize(("sentence", "evidence"), POSITIVES)
def test_named_quotes_are_found_with_exact_span(sentence: str, evidence: str) -> None:
    article = Article(LEAD + sentence)
    cues = attributed_quote.find(article)
    assert [cue.evidence for cue in cues] == [evidence]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == evidence
    assert cue.kind == "attributed_quote" and cue.field == "text"


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_scare_quotes_titles_and_anonymous_quotes_are_not_attributed(sentence: str) -> None:
    assert attributed_quote.find(Article(LEAD + sentence)) == []


def test_share_counts_named_and_pronoun_attribution_among_speech_quotes() -> None:
    text = (
        '"We are ready for this," Jane Doe said. "It will take time to fix it," she said. '
        '"Nobody told us anything at all." Critics call them "experts".'
    )
    article = Article(text)
    assert attributed_quote.measure(article) == [pytest.approx(2 / 3)]
    assert len(attributed_quote.find(article)) == 1
    assert attributed_quote.measure(Article("No quotes in this text.")) == [0.0]
    assert len(attributed_quote.FEATURES) == len(attributed_quote.measure(article))


def test_seed_article_named_quotes(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    speakers = [cue.evidence.rsplit(" ", 2)[-2] for cue in attributed_quote.find(article)]
    assert speakers == ["Zelensky", "Putin", "Zelensky", "Peskov"]
