"""page_boilerplate: whole lines of widget text, never sentences that mention sharing."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import page_boilerplate

BODY = "Officials met on Tuesday to discuss the budget.\n\n"

POSITIVES = [
    ("Leave a Reply", "Leave a Reply"),
    ("Leave a Reply Cancel reply", "Leave a Reply Cancel reply"),
    (
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *",
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *",
    ),
    (
        "Share this:\nClick to share on Twitter (Opens in new window)",
        "Share this:\nClick to share on Twitter (Opens in new window)",
    ),
    ("Related Posts", "Related Posts"),
    ("Comments (0)", "Comments (0)"),
    ("  You may also like:  ", "You may also like:"),
    ("Like this:\nLike Loading...", "Like this:\nLike Loading..."),
]

NEAR_MISSES = [
    "She said she would leave a reply to the committee by Friday.",
    "Readers share this concern, according to a survey published on Monday.",
    "Comments made by the minister on Monday drew criticism.",
    "Related posts on social media were removed by the platform.",
    "Your email address will not be published in the report, the agency said.",
    "The website was down for two hours.",
    "Comment",  # a lone weak widget word is not enough
]


@pytest.mark.parametrize(("residue", "evidence"), POSITIVES)
def test_widget_lines_are_found_with_exact_span(residue: str, evidence: str) -> None:
    article = Article(BODY + residue)
    cues = page_boilerplate.find(article)
    assert [cue.evidence for cue in cues] == [evidence]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == evidence
    assert cue.kind == "page_boilerplate" and cue.field == "text"


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_sentences_mentioning_widgets_are_not_residue(sentence: str) -> None:
    assert page_boilerplate.find(Article(BODY + sentence)) == []
