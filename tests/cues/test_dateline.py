"""dateline: a wire-style dateline opening the story, never a shout or a heading."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import dateline

POSITIVES = [
    (
        "WASHINGTON (Reuters) - The Senate voted on Monday to extend the program.",
        "WASHINGTON (Reuters) -",
    ),
    (
        "LONDON, March 3 (AP) — Britain said on Tuesday it would raise rates.",
        "LONDON, March 3 (AP) —",
    ),
    ("NEW YORK — Stocks fell sharply on Wednesday as oil prices rose.", "NEW YORK —"),
    (
        "BEIJING, Jan. 5 (Xinhua) -- China reported fewer new cases on Sunday.",
        "BEIJING, Jan. 5 (Xinhua) --",
    ),
    ("(Reuters) - Delta Air Lines will keep middle seats empty through July.", "(Reuters) -"),
    (
        "SAN FRANCISCO, Calif. (AP) — A federal judge ruled on Friday that the law stands.",
        "SAN FRANCISCO, Calif. (AP) —",
    ),
    (
        "SYDNEY/TOKYO (Reuters) - Asian shares slipped on Thursday after weak data.",
        "SYDNEY/TOKYO (Reuters) -",
    ),
    ("Photo caption here\nLAS VEGAS – Casinos reopened on Thursday with new rules.", "LAS VEGAS –"),
]

NEAR_MISSES = [
    "BREAKING: The president has resigned, sources claim tonight.",
    "WAKE UP — They are lying to you about everything that matters.",
    "BREAKING NEWS — The vote was rigged, and here is the proof.",
    "WATCH — The video they do not want you to see today.",
    "LOCAL NEWS — Chicago",
    "FILE PHOTO - A man walks past a closed store in Madrid.",
    "Washington — The Senate voted on Monday to extend the program.",
    "The Senate voted.\nMore text.\nStill more.\nWASHINGTON — A late dateline is no opening.",
]


@pytest.mark.parametrize(("text", "evidence"), POSITIVES)
def test_datelines_are_found_with_exact_span(text: str, evidence: str) -> None:
    article = Article(text)
    cues = dateline.find(article)
    assert [cue.evidence for cue in cues] == [evidence]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == evidence
    assert cue.kind == "dateline" and cue.field == "text"


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_shouts_and_headings_are_not_datelines(text: str) -> None:
    assert dateline.find(Article(text)) == []


def test_seed_article_has_no_dateline(seed: dict[str, str]) -> None:
    assert dateline.find(Article(seed["text"], seed["title"])) == []
