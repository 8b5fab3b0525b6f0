"""bare_source: lines made only of outlet names, never attributions, credits or sentences."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import bare_source

BODY = "Officials met on Tuesday to discuss the budget.\n\n"

POSITIVES = [
    ("Sources: ZeroHedge, RT", "Sources: ZeroHedge, RT"),
    ("Via: Gateway Pundit", "Via: Gateway Pundit"),
    ("Source: Daily Mail / Breitbart", "Source: Daily Mail / Breitbart"),
    ("(Source: Reuters)", "(Source: Reuters)"),
    ("h/t Activist Post", "h/t Activist Post"),
    ("Newsmax Sputnik", "Newsmax Sputnik"),
    ("Reuters, AP and AFP.", "Reuters, AP and AFP."),
    ("Sources: ExampleDaily.com; Brighteon.com", "Sources: ExampleDaily.com; Brighteon.com"),
    (
        "Sources for this article include:\n\nExampleDaily.com\nNYPost.com",
        "Sources for this article include:\n\nExampleDaily.com\nNYPost.com",
    ),
]

NEAR_MISSES = [
    "(Reporting by Jane Doe; Editing by John Roe)",
    "The minister resigned on Friday, according to Reuters.",
    "Photo: Jane Doe/AP",
    "By Jane Doe, Associated Press",
    "WASHINGTON (Reuters) - The Senate passed the bill on Monday.",
    "CNN and Fox News carried the speech live.",
    "ABC News",  # one outlet name alone is a caption or a heading
    "Contributing: The Associated Press",
    "Source: Company data",
    "Source: http://www.example-news.com/story",
    "fox news and friends",
    "Sources include:",  # a header with no list after it
]


@pytest.mark.parametrize(("line", "evidence"), POSITIVES)
def test_outlet_only_lines_are_found_with_exact_span(line: str, evidence: str) -> None:
    article = Article(BODY + line)
    cues = bare_source.find(article)
    assert [cue.evidence for cue in cues] == [evidence]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == evidence
    assert cue.kind == "bare_source" and cue.field == "text"


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_attributions_credits_and_sentences_are_not_bare_sources(line: str) -> None:
    assert bare_source.find(Article(BODY + line)) == []


def test_seed_article_bare_source_line_but_not_the_attributed_tass(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    assert [cue.evidence for cue in bare_source.find(article)] == ["The Epoch Times Tass"]
