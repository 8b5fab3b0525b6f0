"""name_variant: one name spelled two ways, never two real words or two different people."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import name_variant

BODY = "Officials met on Tuesday to discuss the budget.\n\n"

POSITIVES = [
    (  # a title before the first name counts for the bare later spelling
        "Sheriff Dana Lindgren opened the inquiry on Monday. Residents packed the hall. "
        "Sheriff Lindgrin would not say who called.",
        "Lindgrin",
        "Lindgren",
    ),
    (  # a clerk is a title, not a first name
        "County Clerk Rosa Wierzbicki certified the count. Clerk Wierzbiki left on Friday.",
        "Wierzbiki",
        "Wierzbicki",
    ),
    (  # one sound, two transliterations (sh and s), each used once
        "Trade Minister Ayse Karakashoglu signed the deal. Karakasoglu's aides declined to talk.",
        "Karakasoglu",
        "Karakashoglu",
    ),
    (
        "Governor Lena Okonkwo spoke on Monday. Okonkwo said the plan was ready. "
        "Later, Okonwko added details.",
        "Okonwko",
        "Okonkwo",
    ),
    (  # a sentence's last word before the odd spelling is no first name ('Dover. Branigan')
        "Mayor Ruth Brannigan closed the port. Brannigan's office cited storms. The ferries "
        "stayed in Dover. Branigan never came down to the docks.",
        "Branigan",
        "Brannigan",
    ),
    (  # the same with a place: 'Washington.' is no first name of 'Bidden'
        "Joe Biden's aides met in Ohio. Biden's plan costs more than it did in Washington. "
        "Bidden never came to the plant.",
        "Bidden",
        "Biden",
    ),
    (  # possessives count as uses of the name
        "Pemberton’s proposal passed. Pemberton thanked voters. Critics said Pembeton had rushed.",
        "Pembeton",
        "Pemberton",
    ),
    (
        "Kowalczyk won the race. Kowalczyk and his team celebrated, and Kowalcyzk thanked fans.",
        "Kowalcyzk",
        "Kowalczyk",
    ),
    (  # two slips in a long name that the article uses three times
        "Dr. Abernathy examined the data. Abernathy said the trend was clear, and Abernathy "
        "repeated it. Abenarthy was cautious.",
        "Abenarthy",
        "Abernathy",
    ),
    (  # the same first name before both spellings: the same person
        "Lena Fairweather chairs the board. Lena Fairwether said the vote was close. "
        "Fairweather will stay on.",
        "Fairwether",
        "Fairweather",
    ),
    (  # sentence-initial odd spelling
        "Castellanos met the press. Castellanos was brief. Castelanos left at noon.",
        "Castelanos",
        "Castellanos",
    ),
    (  # each spelling once: a vowel changed
        "Mexico's president, Obrador, opened the session. Obredor then left early.",
        "Obredor",
        "Obrador",
    ),
    (  # each once: a silent letter added at the end
        "Macron defended the pension reform. A day later Macrone changed course.",
        "Macrone",
        "Macron",
    ),
    (  # each once: 'ch' for 'c'
        "Dr. Fauci briefed the committee; Fauchi urged patience.",
        "Fauchi",
        "Fauci",
    ),
    (  # each once, the odd one bare after a titled first mention: 'wh' for 'w'
        "Mayor Whitcombe cut the ribbon at noon. Residents cheered as Witcombe spoke.",
        "Witcombe",
        "Whitcombe",
    ),
    (  # each once, vowels swapped in the ending
        "Sheriff Halvorsen confirmed the arrest, and Halverson declined to name anyone.",
        "Halverson",
        "Halvorsen",
    ),
    (  # the usual spelling twice, a doubled letter in the slip
        "Putin arrived late. Putin spoke for an hour, and then Puttin took questions.",
        "Puttin",
        "Putin",
    ),
    (
        "Biden signed the order. Aides to Biden cheered while Bidden waved.",
        "Bidden",
        "Biden",
    ),
    (  # '-le' for '-el'
        "Merkel met the envoy. Merkel smiled, and Merkle said little.",
        "Merkle",
        "Merkel",
    ),
    (  # a keyboard slip of a spelling the article settled on
        "Macron hosted the summit. Macron closed it, and Macrom flew home.",
        "Macrom",
        "Macron",
    ),
    (
        "Hobbs chaired the inquiry. Hobbs heard witnesses; Hobs wrote the report.",
        "Hobs",
        "Hobbs",
    ),
    (  # 'oo' for 'u', used once each
        "Netanyahu flew to Washington, where Netanyahoo met senators.",
        "Netanyahoo",
        "Netanyahu",
    ),
    (
        "Trudeau called an early vote. Trudeu said voters would decide.",
        "Trudeu",
        "Trudeau",
    ),
    (  # 'ck' for 'k'
        "Sunak unveiled the budget, and Sunack promised tax cuts.",
        "Sunack",
        "Sunak",
    ),
    (  # the same title before both spellings
        "President Erdogan spoke in Ankara. President Erdogen later denied the report.",
        "Erdogen",
        "Erdogan",
    ),
    (  # a transliteration: -sky against -ski, the usual one used three times
        "Zelensky thanked allies. Zelensky asked for more, Zelensky said. Zelenski left.",
        "Zelenski",
        "Zelensky",
    ),
]

NEAR_MISSES = [
    "Austria and Australia signed the deal. Australia agreed first.",
    "Iran accused Iraq of shelling. Iraq denied it, and Iraq said so again.",
    "Sweden welcomed the Swedes home. Swedes cheered.",
    "Ukraine said Ukrainian troops held. Russia and Russian forces retreated.",
    "Senator Tom Lindqvist spoke. His brother Erik Lindquist disagreed, and Lindquist left.",
    "Tom met Tim. Tim and Tom agreed.",
    "NATO and NAFTA were discussed. NATO agreed.",
    "Fewer people came. Fever spread fast. Fever rose.",
    "Ella Mastin wrote in. Martin Lee said no. Martin Lee left early.",  # a surname, a first name
    "Anna Jansen and Peter Jensen met. Jensen said hello. Jensen left.",
    "Mr Lee met Mr Leo at the port. Lee said no.",  # names too short to judge
    "Sarah Thomson met Tom Thompson at the club. Thompson paid.",  # two established surnames
    "Coach Lindquist praised Senator Lindqvist after the game.",  # two different titles
    "Somalia sent envoys, and Somalis in Minneapolis watched closely.",  # forms of one word
    "Officials in Asia met Asif Khan, who chairs the board.",  # a name near a common word
    "Bernie Sanders and Bernice King spoke at the rally.",  # first names, own surnames
    "Meagan Ruiz and Megan Cole shared the award.",  # two people, each introduced
    "The Cuban delegation praised the Cubana airline deal.",  # forms of one word
    "Sunday's match was delayed, Sundar Pichai's keynote was not.",  # a name near a word
    "Steffen Seibert met Stefan Löfven in Berlin.",  # sound-alike first names, two people
    "Islamophobia rose, and Islamophobic attacks doubled, the report said.",
    "Reporters asked about Chapman. Chapman said Chatman had left the firm.",  # other people
]


@pytest.mark.parametrize(("sentence", "odd", "usual"), POSITIVES)
def test_odd_spelling_is_found_and_names_the_other(sentence: str, odd: str, usual: str) -> None:
    article = Article(BODY + sentence)
    cues = name_variant.find(article)
    assert [cue.evidence for cue in cues] == [odd]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == odd
    assert cue.start == article.text.index(odd)
    assert cue.kind == "name_variant" and cue.field == "text"
    assert f"'{usual}'" in cue.message


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_different_words_and_different_people_are_not_variants(sentence: str) -> None:
    assert name_variant.find(Article(BODY + sentence)) == []


def test_an_odd_spelling_in_the_title_points_into_the_title() -> None:
    article = Article(
        "The mayor, Okonkwo, resigned. Okonkwo said it was time.", "Mayor Okonwko quits"
    )
    (cue,) = name_variant.find(article)
    assert (cue.field, cue.evidence) == ("title", "Okonwko")


def test_a_name_inside_a_handle_or_link_is_not_a_use() -> None:
    article = Article(
        BODY + "Okonkwo spoke. Okonkwo left. See @Okonwko and www.example.com/Okonwko."
    )
    assert name_variant.find(article) == []


def test_pairwise_and_matrix_comparisons_find_the_same_partners(monkeypatch) -> None:
    """An article's few names are compared one pair at a time, a page of names in one
    matrix: both ways must find the same partners within reach."""
    odds = ["Zenesky", "Obredor", "Halverson", "Macrone", "Witcombe", "Beijng", "Zelensky"]
    partners = sorted(
        (
            "Zelensky Obrador Halvorsen Macron Whitcombe Beijing Zoran Oberon Hamilton Madrid "
            "Wilson Berlin Zenesky Obredor"
        ).split()
    )
    pairwise = name_variant._within_reach(odds, partners)
    monkeypatch.setattr(name_variant, "PAIRWISE_LIMIT", 0)
    matrix = name_variant._within_reach(odds, partners)
    assert pairwise == matrix
    zenesky = odds.index("Zenesky")
    assert (partners.index("Zelensky"), 2) in pairwise[zenesky]
    # Only partners with the odd name's initial are within reach.
    assert all(
        partners[column][0] == odds[row][0] for row in pairwise for column, _ in pairwise[row]
    )
