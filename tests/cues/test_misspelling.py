"""misspelling: rare slips of common words, never regional spellings, names or marked quotes."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import misspelling

BODY = "Officials met on Tuesday to discuss the budget.\n\n"

POSITIVES = [
    ("The goverment announced new rules on Monday.", "goverment"),  # dropped letter
    ("Residents will recieve a letter next week.", "recieve"),  # swapped letters
    ("The two programs are run seperate from each other, officials said.", "seperate"),
    ("The incident occured late on Friday night.", "occured"),  # undoubled consonant
    ("Shops stay closed untill further notice.", "untill"),  # doubled consonant
    ("Voters said they would definately return.", "definately"),  # schwa vowel
    ("Several recieved letters (sent by mistake) arrived.", "recieved"),  # inflected slip
    ("Follow Our Telegram Chanel Here For Updates", "Chanel"),  # stylistic Title Case
    ("The hall cannot accomodate the crowd expected on Sunday.", "accomodate"),
    ("Ministers never said so publically, the memo shows.", "publically"),
    ("Results are due tommorow, a spokesperson confirmed.", "tommorow"),
    ("His arguement was that the vote came too soon.", "arguement"),
    ("We were truely shocked by what happened next!", "truely"),
    ("Nobody can deny teh facts any longer.", "teh"),  # a top word, two letters swapped
    ("The report, wich nobody read, was buried.", "wich"),  # the silent h of 'wh'
    ("People have been asking alot of questions lately.", "alot"),  # a phrase run together
    ("Critics doubt the existance of any such plan.", "existance"),
    ("An independant review was promised and never delivered.", "independant"),
    ("Everyone knows what thier leaders are hiding.", "thier"),
    ("It was a wierd week in the capital, to say the least.", "wierd"),
    ("They still beleive the official story, sadly.", "beleive"),
    ("INFACT: the study was retracted.\n\nIt was infact never peer reviewed.", "infact"),
]

NEAR_MISSES = [
    "They travelled abroad to organise the programme and the colour guard.",
    "She bought Chanel handbags at the airport.",
    "Coco Chanel opened her first shop in Paris.",
    'The sign read "goverment [sic] property" in large letters.',
    'Protesters misspelled the word "goverment" on their banner.',
    "Read more at www.example.com/goverment-news today.",
    "The tag #recieve trended for an hour.",
    "THE GOVERMENT LIED, the banner said.",
    "A sliver of land near the tolling bridge was sowed with wheat.",  # rare real words
    "The council is siting the new plant near the river.",  # 'site' + 'ing', not 'sitting'
    'Online groups called it a "plandemic" for weeks.',  # a coinage held up in quotes
    # A brand in a headline that the article also names in prose.
    "Watch The Chanel Fashion Show Live From Paris\n\nCritics said Chanel had surprised them.",
    "Ask her about the current living sitch and she laughs.",  # slang
    "The ship ran aground near the harbour, and the crew were rescued.",  # real, not 'around'
    "Ministers moved to annul the sale of the steelworks.",  # real, not 'annual'
    "The family asked the home to cremate the body quietly.",  # real, not 'create'
    "Judges are meting out longer sentences this year.",  # real, not 'meeting'
    "The chip computes the figures twice as fast.",  # another form of 'compute'
    "Fans queued to hear the tinny speakers at the fair.",  # 'tin' + 'y', not 'tiny'
    "Such scenes will appal anyone who watched them.",  # British 'appal'
    "Schools were told to categorise pupils by age.",  # British '-ise'
    "She won the discus at the county games.",  # real, not 'discuss'
    "Oh pleeease, said the comedian, and the room laughed.",  # drawn out on purpose
    "The pilot swung the plane to and fro over the bay.",  # short real word, not 'for'
    "Rocks jut out from the cliff above the path.",  # short real word, not 'just'
    "The old facilty was closed in March.",  # a lone slip nobody else makes
]


@pytest.mark.parametrize(("sentence", "evidence"), POSITIVES)
def test_misspelled_words_are_found_with_exact_span(sentence: str, evidence: str) -> None:
    article = Article(BODY + sentence)
    cues = misspelling.find(article)
    assert [cue.evidence for cue in cues] == [evidence]
    cue = cues[0]
    assert article.text[cue.start : cue.end] == evidence
    assert cue.kind == "misspelling" and cue.field == "text"
    assert "looks like a misspelling of" in cue.message


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_real_words_names_and_marked_quotes_are_not_misspellings(sentence: str) -> None:
    assert misspelling.find(Article(BODY + sentence)) == []


def test_the_message_names_the_common_spelling() -> None:
    (cue,) = misspelling.find(Article(BODY + "The goverment said so."))
    assert "'government'" in cue.message


def test_one_cue_per_word_with_the_count() -> None:
    article = Article(BODY + "The goverment spoke. Later the goverment spoke again.")
    (cue,) = misspelling.find(article)
    assert cue.start == article.text.index("goverment") and "2x" in cue.message


def test_a_misspelled_title_word_points_into_the_title() -> None:
    article = Article(BODY, title="Why the goverment waited")
    (cue,) = misspelling.find(article)
    assert (cue.field, cue.evidence) == ("title", "goverment")


def test_a_lone_slip_counts_in_company() -> None:
    """A slip wordfreq has barely seen ('facilty') fires only beside another misspelling."""
    article = Article(BODY + "The old facilty was closed, the goverment said.")
    assert [cue.evidence for cue in misspelling.find(article)] == ["facilty", "goverment"]


def test_text_that_is_not_english_is_left_alone() -> None:
    spanish = "Estamos muy contentos por la decisión, es fruto del trabajo de clubes y agentes."
    assert misspelling.find(Article(spanish * 2)) == []
