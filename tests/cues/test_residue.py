"""Cues in page residue: which kinds count there, under which rule, and where they point."""

from __future__ import annotations

import pytest

from credscore.article import Article
from credscore.cues import RESIDUE_KINDS, analyse, feature_names, find_all
from credscore.cues.residue import RESIDUE_RULES

STORY = (
    "The county board voted on Tuesday to repave the main road through the village, a "
    "project that residents have asked for since the floods two winters ago. Work is due "
    "to start in April and last about six weeks, the board said in a statement."
)


def residue_cues(residue: str) -> list[tuple[str, str]]:
    """(kind, evidence) of the residue cues of a plain story carrying ``residue``."""
    article = Article(STORY, "Board votes to repave main road", residue=residue)
    return [(cue.kind, cue.evidence) for cue in find_all(article) if cue.field == "residue"]


@pytest.mark.parametrize(
    ("residue", "expected"),
    [
        # Comment forms count, and only their own lines are the evidence.
        (
            "Leave a Reply\nYour email address will not be published. Required fields are "
            "marked *\nComment *\nName *",
            [("page_boilerplate", "Leave a Reply\nYour email address will not be published. "
              "Required fields are marked *")],
        ),
        ("No comments:\nPost a Comment", [("page_boilerplate", "Post a Comment")]),
        (
            "Previous Post: Mystery Trucks\n\nLeave a Reply\nSave my name, email, and website in "
            "this browser for the next time I comment.",
            [("page_boilerplate", "Leave a Reply\nSave my name, email, and website in this "
              "browser for the next time I comment.")],
        ),
        # Promotion counts in full.
        (
            "Join us on Telegram: https://t.me/SomeChannel",
            [("promo_link", "Join us on Telegram: https://t.me/SomeChannel")],
        ),
        (
            "Support our independent work and donate via PayPal: paypal.me/somesite",
            [("promo_link", "Support our independent work and donate via PayPal: "
              "paypal.me/somesite")],
        ),
        # A labelled source line counts.
        ("Source: RT, TASS", [("bare_source", "Source: RT, TASS")]),
        ("Via Sputnik", [("bare_source", "Via Sputnik")]),
        # Chrome that reliable outlets have too never counts on its own.
        ("Share this article\nFacebook\nTwitter\nEmail", []),
        ("Share this:\nTwitter\nFacebook\n\nLike this:\nLike Loading...\n\nRelated", []),
        ("Related coverage\nFerry strike ends after pay deal\nAirline orders 40 new jets", []),
        ("You May Also Like\nFive Signs Of Spring\nThe Bridge Reopens", []),
        ("4 Comments", []),
        ("214 Comments\n\nPrint this article", []),
        ("Previous article: Library bond passes\nNext article: Rent survey finds steep rise", []),
        ("We use cookies to improve your experience. Accept all\nManage preferences", []),
        ("Get the Courier's daily briefing\nSign up for our free morning newsletter.", []),
        ("Follow us on Twitter and Facebook", []),
        ("Valley Ledger is a nonprofit newsroom. Donate now", []),
        # A media group's brands in a footer are chrome, not a source line.
        ("Reuters Associated Press BBC News", []),
        ("CNN | Fox News | NBC News", []),
    ],
)  # fmt: skip
def test_residue_rules(residue: str, expected: list[tuple[str, str]]) -> None:
    assert residue_cues(residue) == expected


@pytest.mark.parametrize(
    ("chrome", "kind"),
    [
        ("4 Comments", "page_boilerplate"),
        ("Share this:\nTwitter\nFacebook\n\nLike this:\nLike Loading...", "page_boilerplate"),
        ("Previous article: Library bond passes", "page_boilerplate"),
        ("Reuters Associated Press BBC News", "bare_source"),
    ],
)
def test_chrome_that_the_cue_flags_in_text_does_not_count_in_residue(
    chrome: str, kind: str
) -> None:
    # Pasted into the story these lines are scraped residue and the cue fires; on the page
    # around the story they are the site's chrome, and the residue rule leaves them.
    assert kind in {cue.kind for cue in find_all(Article(STORY + "\n\n" + chrome))}
    assert residue_cues(chrome) == []


def test_every_residue_cue_points_into_the_residue() -> None:
    residue = (
        "Share this:\nTwitter\n\nJoin us on Telegram: https://t.me/SomeChannel\n\n"
        "Leave a Reply\nYour email address will not be published.\n\nSources: RT, TASS"
    )
    article = Article(STORY, residue=residue)
    found = [cue for cue in find_all(article) if cue.field == "residue"]
    assert {cue.kind for cue in found} == {"promo_link", "page_boilerplate", "bare_source"}
    for cue in found:
        assert cue.evidence == residue[cue.start : cue.end]
        assert article.field("residue")[cue.start : cue.end] == cue.evidence


def test_residue_cues_add_to_the_kinds_counts_and_nothing_else_reads_the_residue() -> None:
    residue = "Join us on Telegram: https://t.me/SomeChannel\n\nLeave a Reply"
    plain_cues, plain = analyse(Article(STORY, "Board votes"))
    paged_cues, paged = analyse(Article(STORY, "Board votes", residue=residue))
    names = feature_names()
    changed = {name for name, a, b in zip(names, plain, paged, strict=True) if a != b}
    assert changed == {"cue_promo_link", "cue_page_boilerplate"}
    assert paged[names.index("cue_promo_link")] == plain[names.index("cue_promo_link")] + 1
    assert [cue for cue in paged_cues if cue.field != "residue"] == plain_cues


def test_only_the_stated_kinds_run_on_the_residue() -> None:
    # A dateline, a quote and a misspelling in the residue change nothing.
    residue = 'LONDON, March 3 (Reuters) - "We will win," said Jane Smith. Teh goverment.'
    article = Article(STORY, residue=residue)
    assert [cue for cue in find_all(article) if cue.field == "residue"] == []
    assert tuple(rule.kind for rule in RESIDUE_RULES) == RESIDUE_KINDS
    assert set(RESIDUE_KINDS) == {"promo_link", "page_boilerplate", "bare_source"}


def test_residue_cues_come_after_the_text_cues_in_document_order() -> None:
    text = STORY + "\n\nJoin our Telegram channel: https://t.me/OtherChannel"
    article = Article(text, residue="Leave a Reply", url="https://site.example/a")
    fields = [cue.field for cue in find_all(article)]
    assert fields == sorted(fields, key=("title", "text", "residue", "url").index)
    assert "residue" in fields and "text" in fields
