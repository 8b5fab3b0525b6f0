"""clickbait_title: sensational headlines of both registers fire; sober news styles do not."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import clickbait_title, headline

BODY = "Officials met on Tuesday to discuss the budget."

# (title as given, a trigger the message must name). Listicle clickbait first, then the
# hyperpartisan register, in varied surface forms: capitals, "!" runs, labels, phrases only.
POSITIVES = [
    # Markers strong enough without the n-gram model, which reads these nouns as news.
    ("Glaciologists BAFFLED By What They Found Beneath The Greenland Sheet", "BAFFLED"),
    ("Heat Pumps Are OVERHEATING And The Council Is Covering It Up", "hidden-truth phrasing"),
    ("ORBAN'S Ultimatum To Brussels That Nobody Is Reporting", "hidden-truth phrasing"),
    ("Pension Fund Collapse Imminent: Retirees Are Pulling Out NOW", "alarm word 'Imminent'"),
    ("Toll Roads Are Tracking YOU And The Operators Were Never Told", "hidden-truth phrasing"),
    ("You Won't Believe What This Dog Did Next", "teaser phrasing 'You Won't Believe'"),
    ("This Is Why Doctors Hate Cold Showers", "teaser phrasing 'This Is Why'"),
    ("17 Things Only Night Owls Understand", "teaser phrasing 'Things Only'"),
    ("She tried to eat only bread for a week. Here's what happened", "teaser phrasing"),
    ("which kitchen gadget are you based on your zodiac sign", "addresses the reader as 'you'"),
    ("  Can You Spot The Hidden Cat In This Living Room  ", "teaser phrasing"),
    ("Mayor Quits Live On Air!! Residents Stunned!", "3 exclamation marks"),
    ("MACRON CAVES! Pension Plan Scrapped After Week Of Riots", "alarm word 'CAVES'"),
    ("Migrant Caravan SPOTTED Near Texas Border — Media Blackout!", "'Media Blackout'"),
    ("SHOCKING Leaked Video: Senator Mocks Voters On Hot Mic", "alarm word 'SHOCKING'"),
    ("The Treaty They Are Hiding From You: What Brussels Signed", "hidden-truth phrasing"),
    (
        "Smart Meters Are Listening: What Your Utility Company Won't Tell You",
        "hidden-truth phrasing 'What Your Utility Company Won't Tell You'",
    ),
    ("What They Aren't Telling You About The New Variant", "hidden-truth phrasing"),
    ("What Big Pharma Doesn't Want You To Know About Vitamin C", "hidden-truth phrasing"),
    ("Watch Before It's Deleted: Nurse Blows Whistle On Ward 9", "urgency phrasing"),
    ("share this before it gets banned: the vaccine insider speaks", "urgency phrasing"),
    ("BREAKING: Governor Caught Lying About Ballot Count", "alarm word 'BREAKING'"),
    ("EXPOSED!!! The Charity Funnelling Millions To Party Donors", "3 exclamation marks"),
    ("Doctors Stunned!!! Grandmother Reverses Diabetes With Kitchen Spice", "exclamation"),
    ("CHAOS In Parliament As Ministers PANIC Over Secret Vote", "alarm words 'CHAOS', 'PANIC'"),
    ("Bombshell! Pentagon Files Prove It Was Planned All Along", "alarm word 'Bombshell'"),
    ("The Truth About Fluoride They Don't Want You To Know", "hidden-truth phrasing"),
    ("Nobody Is Talking About What Happened At The Border Last Night", "hidden-truth phrasing"),
    ("omg! the senator's secret holiday finally revealed!", "2 exclamation marks"),
    ("The Real Reason Petrol Prices Are Soaring — And It's Not What You Think!", "insinuating"),
    ("Banks In PANIC As Gold Soars — Get Your Savings Out NOW!", "1 exclamation mark"),
]

NEAR_MISSES = [
    'Minister says "Enough!" as strike talks collapse',  # the "!" is the speaker's
    'Coach: "We will win!"',  # a sports quote with one "!"
    "Striker after hat-trick: 'What a night!'",
    "Keeper on penalty save: “I just knew it!”",
    "NATO, EU and UN agree on aid for Gaza",  # acronyms are not shouting
    "Fed Raises Interest Rates By Quarter Point",  # Title Case wire style
    "Will the Fed raise rates again in June?",  # a real news question
    "Is the new vaccine safe for children? Regulators weigh trial data",
    "Why are egg prices so high?",
    "Governor signs budget after months of delay",
    "10 killed as storm sweeps across coastal villages",  # opens with a number, not a list
    "3 things to watch in tonight's debate",
    "Apple Unveils New iPhone At California Event",
    "Court hears appeal over Yahoo! data retention",  # brand-name "!"
    "Here's what you need to know about the new tax rules",  # mainstream explainer
    "Everything you need to know about Sunday's eclipse",
    "Mortgage rates hit a record low. Here's why",
    "Macron caves on pension reform after weeks of protests",  # "caves" in plain news
    "Panic buying empties shelves as storm approaches",
    "Breaking the cycle: how one town cut youth crime",
    "LIVE UPDATES: Storm makes landfall in Florida",  # newsroom rubric in capitals
    "OPINION: The budget deal is a mistake",
    "Police release footage of the suspect [VIDEO]",
    "USA TODAY poll: Voters split on tariffs",
    "Revealed: the plan to rescue the high street",  # a broadsheet's scoop label
    "Trump to Iran: 'NEVER, EVER THREATEN' the US again",  # quoted capitals are the speaker's
    "What the new climate report tells us",
]


@pytest.mark.parametrize(("title", "trigger"), POSITIVES)
def test_sensational_titles_fire_on_the_whole_title(title: str, trigger: str) -> None:
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


@pytest.mark.parametrize(
    ("marks", "counted"), [("!", "(1 exclamation mark;"), ("!!!", "(3 exclamation marks;")]
)
def test_the_message_counts_every_exclamation_mark(marks: str, counted: str) -> None:
    cues = clickbait_title.find(Article(BODY, f"SHOCKING Video Of The Senator{marks}"))
    assert counted in cues[0].message


SOBER = [
    "Council approves new cycle lanes for city centre",
    "Central bank holds rates steady amid slowing growth",
    "Storm cuts power to thousands along the coast",
    "Minister visits flood-hit towns",
]
SENSATIONAL_EDITS = [
    lambda t: t + "!",
    lambda t: t + "!!",
    lambda t: t.replace(t.split()[1], t.split()[1].upper(), 1),
    lambda t: "BREAKING: " + t,
    lambda t: t + " — What They Aren't Telling You",
    lambda t: t + ": watch before it's deleted",
    lambda t: "The Truth About " + t,
]


@pytest.mark.parametrize("title", SOBER)
def test_every_sensational_signal_raises_the_probability(title: str) -> None:
    before = clickbait_title.probability(title)
    for edit in SENSATIONAL_EDITS:
        assert clickbait_title.probability(edit(title)) > before, edit(title)


def test_sensational_hand_weights_cannot_lower_the_probability() -> None:
    weights = clickbait_title._weights()
    for name in headline.SENSATIONAL_LEARNED:
        assert weights["hand_weights"][name] >= 0, name
    assert all(value > 0 for value in weights["prior_weights"].values())


@pytest.mark.parametrize(
    "word", ["vaccine", "lockdown", "democrat", "conservative", "immigration", "climate"]
)
def test_ordinary_news_words_barely_move_the_probability(word: str) -> None:
    """The n-grams are learned from style, not from the outlets' topics or lean."""
    plain = clickbait_title.probability("Senate votes on the bill")
    assert abs(clickbait_title.probability(f"Senate votes on {word} bill") - plain) < 0.05


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
