"""clickbait_title: teaser, listicle and shouting headlines fire; sober news styles do not."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import clickbait_title

BODY = "Officials met on Tuesday to discuss the budget."

# (title as given, expected evidence = the stripped title, a trigger the message must name)
POSITIVES = [
    ("You Won't Believe What This Dog Did Next", "teaser phrasing 'You Won't Believe'"),
    ("What Big Pharma Doesn't Want You To Know About Vitamin C", "teaser phrasing"),
    ("This Is Why Doctors Hate Cold Showers", "teaser phrasing 'This Is Why'"),
    ("17 Things Only Night Owls Understand", "opens with a number"),
    ("Mayor Quits Live On Air!! Residents Stunned!", "2 exclamation marks"),
    ("She tried to eat only bread for a week. Here's what happened", "teaser phrasing"),
    ("which kitchen gadget are you based on your zodiac sign", "addresses the reader as 'you'"),
    ("  Can You Spot The Hidden Cat In This Living Room  ", "teaser phrasing"),
]

NEAR_MISSES = [
    'Minister says "Enough!" as strike talks collapse',  # the "!" is the speaker's
    "NATO, EU and UN agree on aid for Gaza",  # acronyms are not shouting
    "Fed Raises Interest Rates By Quarter Point",  # Title Case wire style
    "Will the Fed raise rates again in June?",  # a real news question
    "Is the new vaccine safe for children? Regulators weigh trial data",
    "Governor signs budget after months of delay",
    "10 killed as storm sweeps across coastal villages",  # opens with a number, not a list
    "Apple Unveils New iPhone At California Event",
    "Court hears appeal over Yahoo! data retention",  # brand-name "!"
]


@pytest.mark.parametrize(("title", "trigger"), POSITIVES)
def test_clickbait_titles_fire_on_the_whole_title(title: str, trigger: str) -> None:
    article = Article(BODY, title)
    cues = clickbait_title.find(article)
    assert [cue.evidence for cue in cues] == [title.strip()]
    cue = cues[0]
    assert article.title[cue.start : cue.end] == cue.evidence
    assert cue.kind == "clickbait_title" and cue.field == "title"
    assert trigger in cue.message
    assert clickbait_title.measure(article)[0] > 0.5


@pytest.mark.parametrize("title", NEAR_MISSES)
def test_sober_headlines_do_not_fire(title: str) -> None:
    assert clickbait_title.find(Article(BODY, title)) == []


def test_seed_headline_fires_naming_its_exclamation_marks(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    cues = clickbait_title.find(article)
    assert [cue.evidence for cue in cues] == [seed["title"]]
    assert "2 exclamation marks" in cues[0].message


@pytest.mark.parametrize("title", [None, "", "   ", "!!!", "12345", "\u200b", "İSTANBUL!!"])
def test_odd_titles_give_no_error(title: str | None) -> None:
    article = Article(BODY, title)
    cues = clickbait_title.find(article)
    values = clickbait_title.measure(article)
    assert len(values) == len(clickbait_title.FEATURES) == 1
    assert 0.0 <= values[0] <= 1.0
    for cue in cues:
        assert article.title[cue.start : cue.end] == cue.evidence


def test_no_title_measures_zero() -> None:
    assert clickbait_title.measure(Article(BODY)) == [0.0]
