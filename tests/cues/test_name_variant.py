"""name_variant: one name spelled two ways, never two real words or two different people."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import name_variant

BODY = "Officials met on Tuesday to discuss the budget.\n\n"

POSITIVES = [
    (
        "Governor Lena Okonkwo spoke on Monday. Okonkwo said the plan was ready. "
        "Later, Okonwko added details.",
        "Okonwko",
        "Okonkwo",
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
