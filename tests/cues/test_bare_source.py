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
    # "Via" and "h/t" credit whoever a story was lifted from: any proper names may follow.
    ("Via Il Giornale / Voice of Europe", "Via Il Giornale / Voice of Europe"),
    ("— via Voice of Europe", "— via Voice of Europe"),
    ("via: Dave Hodges / The Common Sense Show", "via: Dave Hodges / The Common Sense Show"),
    ("Via Corriere della Sera & Il Giornale", "Via Corriere della Sera & Il Giornale"),
    ("Via Kurier.at", "Via Kurier.at"),
    ("h/t ZeroHedge", "h/t ZeroHedge"),
    ("H/T: Zero Hedge and Natural News", "H/T: Zero Hedge and Natural News"),
    ("Hat tip to The Gateway Pundit", "Hat tip to The Gateway Pundit"),
    ("Hat-tip: Remix News | Breitbart London", "Hat-tip: Remix News | Breitbart London"),
    ("(h/t @RealPatriotJoe)", "(h/t @RealPatriotJoe)"),
    ("h.t. Summit News", "h.t. Summit News"),
    # "Source(s):" with news outlets or bare domains, any case and separator.
    ("Sources: Anadolu, Sputnik", "Sources: Anadolu, Sputnik"),
    ("Sources: RT; TASS; Press TV", "Sources: RT; TASS; Press TV"),
    ("SOURCE: ZEROHEDGE.COM", "SOURCE: ZEROHEDGE.COM"),
    ("SOURCES: INFOWARS, NATURAL NEWS", "SOURCES: INFOWARS, NATURAL NEWS"),
    ("Sources: Global Times • Xinhua", "Sources: Global Times • Xinhua"),
    (
        "References: GlobalResearch.ca, Activist Post",
        "References: GlobalResearch.ca, Activist Post",
    ),
    ("Reuters | Sputnik | RT", "Reuters | Sputnik | RT"),
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
    # Wire credits and datelines.
    "Reporting by Maria Lindqvist in Stockholm; Editing by Tom Abernathy",
    "Additional reporting by The Associated Press",
    "LONDON (Reuters) - Britain's economy grew faster than expected in the third quarter.",
    "— Staff and wire reports",
    "Copyright 2020 The Associated Press. All rights reserved.",
    # Photo, stock and social-media credits.
    "Photo: Getty Images / AFP",
    "Via Getty Images",
    "Image via Wikimedia Commons",
    "h/t Twitter",
    "AP Photo/Evan Marsh",
    "REUTERS/Lena Fischer",
    # A chart's data credit names an agency or a company, not a news outlet; a linked
    # source can be checked, whoever it names.
    "Source: Bureau of Labor Statistics",
    "Source: Office for National Statistics",
    "Source: Bureau of Labor Statistics https://www.bls.gov/news.release/empsit.nr0.htm",
    "Source: ZeroHedge https://www.zerohedge.com/markets/some-story",
    # Outlets inside a sentence, "Via" and "Sources" opening one.
    "The story was picked up by Reuters, the BBC and Al Jazeera within hours.",
    "Via Wikiquote, here are some of the best lines from the debate.",
    "Via ferry, the crossing takes ninety minutes.",
    "Sources said the talks had stalled over fishing rights.",
    "Sources close to the minister declined to comment.",
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


def test_a_source_line_at_the_top_is_found() -> None:
    article = Article("Via Il Giornale / Voice of Europe\n\n" + BODY)
    assert [cue.evidence for cue in bare_source.find(article)] == [
        "Via Il Giornale / Voice of Europe"
    ]


def test_seed_article_bare_source_line_but_not_the_attributed_tass(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    assert [cue.evidence for cue in bare_source.find(article)] == ["The Epoch Times Tass"]
