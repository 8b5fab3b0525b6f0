"""promo_link: calls to action to join, follow, donate or share, never mere mentions."""

from __future__ import annotations

import time

import pytest

from credscore.article import Article
from credscore.cues import promo_link

BODY = "Officials met on Tuesday to discuss the budget.\n\n"

POSITIVES = [
    (  # the platform named only by its address
        "Join our channel for the daily briefing https://t.me/HarborWatchDaily",
        "Join our channel for the daily briefing https://t.me/HarborWatchDaily",
    ),
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
    ("Podcast link: https://bit.ly/3PatriotHour", "Podcast link: https://bit.ly/3PatriotHour"),
    ("Find us on SPREELY and Mumblit too.", "Find us on SPREELY and Mumblit too."),
    (
        "You can support my work through PayPal. Thank you! https://www.paypal.me/morningpatriot",
        "You can support my work through PayPal. Thank you! https://www.paypal.me/morningpatriot",
    ),
    # A call with no URL, or a handle instead of a link.
    ("Follow our Telegram: @NorthStarNews", "Follow our Telegram: @NorthStarNews"),
    ("Our Telegram: @NorthStarNews", "Our Telegram: @NorthStarNews"),
    (
        "Follow us on Truth Social @HeartlandDispatch",
        "Follow us on Truth Social @HeartlandDispatch",
    ),
    (
        "Watch it on Odysee: https://odysee.com/@HeartlandDispatch",
        "Watch it on Odysee: https://odysee.com/@HeartlandDispatch",
    ),
    (
        "Subscribe to our Substack for the stories they won't print.",
        "Subscribe to our Substack for the stories they won't print.",
    ),
    (
        "👉 JOIN OUR SIGNAL GROUP for updates they can't censor",
        "👉 JOIN OUR SIGNAL GROUP for updates they can't censor",
    ),
    ("We're now on Gettr and MeWe – come find us!", "We're now on Gettr and MeWe – come find us!"),
    (
        "Join our Locals community for members-only videos.",
        "Join our Locals community for members-only videos.",
    ),
    (
        "Catch the full show on BitChute and Brighteon every Friday night.",
        "Catch the full show on BitChute and Brighteon every Friday night.",
    ),
    (
        "Can't see the video? It's mirrored on our Rumble channel: rumble.com/v3abcd",
        "It's mirrored on our Rumble channel: rumble.com/v3abcd",
    ),
    (
        "Telegram: t.me/ledgerchat | Gab: @ledger | Rumble: rumble.com/c/ledger",
        "Telegram: t.me/ledgerchat | Gab: @ledger | Rumble: rumble.com/c/ledger",
    ),
    (
        "Please subscribe to our WhatsApp channel for alerts: https://whatsapp.com/channel/0029Va",
        "Please subscribe to our WhatsApp channel for alerts: https://whatsapp.com/channel/0029Va",
    ),
    # Donation and tipping pages, wallets.
    (
        "Keep us online: https://www.givesendgo.com/truthfund",
        "Keep us online: https://www.givesendgo.com/truthfund",
    ),
    (
        "Back our work on SubscribeStar: subscribestar.com/libertyledger",
        "Back our work on SubscribeStar: subscribestar.com/libertyledger",
    ),
    (
        "Buy us a coffee at buymeacoffee.com/patriotpost ☕",
        "Buy us a coffee at buymeacoffee.com/patriotpost ☕",
    ),
    (
        "Donate with PayPal or Ko-fi to keep this blog ad-free.",
        "Donate with PayPal or Ko-fi to keep this blog ad-free.",
    ),
    (
        "Tips keep us independent. Venmo: @LibertyLedger | Cash App: $LibertyLedger",
        "Venmo: @LibertyLedger | Cash App: $LibertyLedger",
    ),
    (
        "We are reader-funded, so every tip through Cash App keeps us going.",
        "We are reader-funded, so every tip through Cash App keeps us going.",
    ),
    ("Become a patron: patreon.com/thedailyledger", "Become a patron: patreon.com/thedailyledger"),
    ("Click here for the PayPal donation page.", "Click here for the PayPal donation page."),
    (
        "BTC: bc1q9h7garjmjv0x3v7l3dks0pcqp3xqk5y0yz0nuf",
        "BTC: bc1q9h7garjmjv0x3v7l3dks0pcqp3xqk5y0yz0nuf",
    ),
    (
        "ETH donations: 0x51aB0c4E2d9F3a8B7c6D5e4F3a2B1c0D9e8F7a6B",
        "ETH donations: 0x51aB0c4E2d9F3a8B7c6D5e4F3a2B1c0D9e8F7a6B",
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
    # News about the platforms.
    "Telegram's founder was arrested at an airport outside Paris on Saturday, prosecutors said.",
    "Patreon changed its fees for new creators this month, angering some podcasters.",
    "PayPal reported quarterly earnings above analysts' forecasts on Thursday.",
    "PayPal said it would donate $5 million to flood relief.",
    "Donations made through PayPal rose 20% during the appeal, the charity said.",
    "Truth Social, owned by the former president's media company, lost $58 million last quarter.",
    "Venmo and Cash App users reported outages for several hours on Friday.",
    "The campaign raised $2 million on GiveSendGo after crowdfunding sites refused it.",
    "Gab was taken offline after its hosting provider dropped it.",
    "Support for a ban on Telegram grew among lawmakers after the leak.",
    "WATCH: Rumble's chief executive answers questions from lawmakers",
    "Find out why Telegram became the protesters' favourite app.",
    "Telegram: the app at the centre of the protests",
    "The ministry's Telegram channel posted the video on Sunday.",
    "He urged supporters to follow him on Truth Social after his account was suspended.",
    "Users who tip creators on Ko-fi will pay no extra fee, the company said.",
    "Investigators traced the funds to the wallet bc1q9h7garjmjv0x3v7l3dks0pcqp3xqk5y0yz0nuf.",
    # A call quoted from someone else, a reporter's tip line, words that are also names.
    "“Join us on Telegram,” the group wrote to its 40,000 followers hours before the march.",
    "Reach our reporter securely on Signal at +1 202 555 0147.",
    "Locals said the river had not flooded like this since 1974.",
    "Minds change slowly, the researcher said.",
    "Join the locals at the harvest fair on Saturday.",
    # Outlet chrome: reporters' social handles, the Washington Times footer, own short links.
    "Follow USA TODAY reporter Dana Whitlock on Twitter: @DanaWhitlock",
    "Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.",
    "Sign up for Daily Newsletters Manage Newsletters",
    "Follow us on Facebook and Instagram for updates from the festival.",
    "For the latest on the strike: https://bit.ly/3Kq9Zab",
    # A share button names the platform the reader shares to (page_boilerplate reports it);
    # "Buy Me a Coffee" is also a company's name.
    "Click to share on WhatsApp (Opens in new window)",
    "Tipping services such as Buy Me a Coffee take a 5% cut, the report said.",
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


def test_message_names_the_platforms_of_a_footer() -> None:
    footer = "Follow us on Gab: @ledger\nBack our work on SubscribeStar: subscribestar.com/ledger"
    (cue,) = promo_link.find(Article(BODY + footer))
    assert "Gab" in cue.message and "SubscribeStar" in cue.message


def test_every_platform_in_the_table_is_found_in_a_call() -> None:
    for platform in promo_link.PLATFORMS:
        line = f"Join us on {platform.spellings[0]} today."
        assert promo_link.find(Article(BODY + line)), platform.name


@pytest.mark.parametrize(
    "line",
    ["Join Telegram " * 15_000, "Please donate to us " * 10_000, '"Follow us on Gab," ' * 10_000],
)
def test_a_giant_line_of_calls_costs_bounded_time(line: str) -> None:
    article = Article(line)
    article.lines  # noqa: B018 - the shared view, built outside the timing
    started = time.perf_counter()
    promo_link.find(article)
    assert time.perf_counter() - started < 1.0


def test_seed_article_telegram_line(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    evidence = [cue.evidence for cue in promo_link.find(article)]
    assert len(evidence) == 1
    assert evidence[0].startswith("Join ") and evidence[0].endswith("https://t.me/TheTrueDefender")
    assert "\n" not in evidence[0]
