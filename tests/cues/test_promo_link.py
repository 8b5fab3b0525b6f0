"""promo_link: calls to action to join, follow, donate or share, never mere mentions."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import promo_link

BODY = "Officials met on Tuesday to discuss the budget.\n\n"

POSITIVES = [
    (
        "Join The Morning Patriot Telegram Channel Here: https://t.me/MorningPatriot",
        "Join The Morning Patriot Telegram Channel Here: https://t.me/MorningPatriot",
    ),
    (
        "Follow us on Gab and Rumble for daily updates!",
        "Follow us on Gab and Rumble for daily updates!",
    ),
    (
        "Subscribe to our podcast on Spotify – Find us on BitChute.",
        "Subscribe to our podcast on Spotify – Find us on BitChute.",
    ),
    (
        "Enjoyed this? Take a moment to support Freedom Wire on Patreon!",
        "Take a moment to support Freedom Wire on Patreon!",
    ),
    (
        "Big Tech wants us gone. Please donate to keep our servers running. https://www.givesendgo.com/keepusgoing",
        "Please donate to keep our servers running. https://www.givesendgo.com/keepusgoing",
    ),
    ("SHARE THIS VIDEO BEFORE THEY DELETE IT!", "SHARE THIS VIDEO BEFORE THEY DELETE IT!"),
    (
        "Watch the full interview: http://bit.ly/3xYzAbc",
        "Watch the full interview: http://bit.ly/3xYzAbc",
    ),
    ("GAB.com/morningpatriot", "GAB.com/morningpatriot"),
    (
        "You can support my work through PayPal. Thank you! https://www.paypal.me/morningpatriot",
        "You can support my work through PayPal. Thank you! https://www.paypal.me/morningpatriot",
    ),
]

NEAR_MISSES = [
    "Telegram said on Monday it removed 20 channels that spread false claims.",
    "The group used Telegram to urge followers to join protests in the capital.",
    "Sign up for our newsletter to get the day's top stories in your inbox.",
    "Subscribe to our channel on YouTube and follow us on Twitter.",
    "You can donate here.",
    "Consider donating money to food banks to help families this winter.",
    "The billionaire has donated $10 million to hospitals, his foundation said.",
    "Healthy people are urged to donate blood before the holidays.",
    "The study is described in a report (bit.ly/3abcDEF) released on Monday.",
    "Share prices fell before the central bank's announcement.",
    "Slate is making its coverage free for all readers. Subscribe to support our journalism.",
]


@pytest.mark.parametrize(("line", "evidence"), POSITIVES)
def test_calls_to_action_are_found_with_exact_span(line: str, evidence: str) -> None:
    article = Article(BODY + line)
    cues = promo_link.find(article)
    assert [cue.evidence for cue in cues] == [evidence]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == evidence
    assert cue.kind == "promo_link" and cue.field == "text"


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_mentions_and_newsletter_lines_are_not_promotion(sentence: str) -> None:
    assert promo_link.find(Article(BODY + sentence)) == []


def test_adjacent_promo_lines_are_one_finding() -> None:
    footer = "Join us on Telegram: https://t.me/example\nFollow us on Rumble too!"
    cues = promo_link.find(Article(BODY + footer))
    assert [cue.evidence for cue in cues] == [footer]


def test_seed_article_telegram_line(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    evidence = [cue.evidence for cue in promo_link.find(article)]
    assert len(evidence) == 1
    assert evidence[0].startswith("Join ") and evidence[0].endswith("https://t.me/TheTrueDefender")
    assert "\n" not in evidence[0]
