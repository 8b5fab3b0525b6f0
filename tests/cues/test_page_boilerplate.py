"""page_boilerplate: whole lines of widget text, never sentences that mention sharing."""

from __future__ import annotations

import time

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
    ("Like this:\nLike Loading...", "Like this:\nLike Loading..."),
    # WordPress post footers and navigation.
    (
        "Posted in Politics, Economy | Tagged inflation, federal reserve, gold",
        "Posted in Politics, Economy | Tagged inflation, federal reserve, gold",
    ),
    ("Posted in Uncategorized", "Posted in Uncategorized"),
    ("Tagged: border, migrants, cartel", "Tagged: border, migrants, cartel"),
    (
        "This entry was posted in Health and tagged vaccines. Bookmark the permalink.",
        "This entry was posted in Health and tagged vaccines. Bookmark the permalink.",
    ),
    ("← Previous Post\nNext Post →", "← Previous Post\nNext Post →"),
    ("« Previous Post: Smart Meters Are Listening", "« Previous Post: Smart Meters Are Listening"),
    ("Post navigation", "Post navigation"),
    (
        "Leave a Reply Cancel reply\n\nYour email address will not be published. Required fields"
        " are marked *\n\nComment *\n\nName *\n\nEmail *\n\nWebsite\n\nSave my name, email, and"
        " website in this browser for the next time I comment.",
        "Leave a Reply Cancel reply\n\nYour email address will not be published. Required fields"
        " are marked *\n\nComment *\n\nName *\n\nEmail *\n\nWebsite\n\nSave my name, email, and"
        " website in this browser for the next time I comment.",
    ),
    ("Notify me of follow-up comments by email.", "Notify me of follow-up comments by email."),
    # Blogger.
    ("Post a Comment", "Post a Comment"),
    ("Newer Post Older Post Home", "Newer Post Older Post Home"),
    ("Subscribe to: Post Comments (Atom)", "Subscribe to: Post Comments (Atom)"),
    (
        "Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest",
        "Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest",
    ),
    ("Labels: economy, gold, banks", "Labels: economy, gold, banks"),
    ("Posted by Ron Tillery at 9:14 PM", "Posted by Ron Tillery at 9:14 PM"),
    ("No comments:", "No comments:"),
    # Disqus.
    ("Disqus Comments", "Disqus Comments"),
    ("comments powered by Disqus", "comments powered by Disqus"),
    (
        "Please enable JavaScript to view the comments powered by Disqus.",
        "Please enable JavaScript to view the comments powered by Disqus.",
    ),
    (
        "What do you think?\n\n0 Responses\n\nUpvote\nFunny\nLove\nSurprised\nAngry\nSad",
        "What do you think?\n\n0 Responses\n\nUpvote\nFunny\nLove\nSurprised\nAngry\nSad",
    ),
    # Jetpack share bars, collapsed onto one line or not; print plug-ins.
    (
        "Share this: Twitter Facebook Like this: Like Loading…",
        "Share this: Twitter Facebook Like this: Like Loading…",
    ),
    (
        "Share this:\nTwitter\nFacebook\n\nLike this:\nLike Loading...",
        "Share this:\nTwitter\nFacebook\n\nLike this:\nLike Loading...",
    ),
    ("Print Friendly, PDF & Email", "Print Friendly, PDF & Email"),
    ("12 Comments", "12 Comments"),
    # Lists of other posts, with the headlines that end the text.
    (
        "You May Also Like\n\nThe Vaccine Papers They Buried\n\nWhy Your Water Bill Is Rising",
        "You May Also Like\n\nThe Vaccine Papers They Buried\n\nWhy Your Water Bill Is Rising",
    ),
    (
        "Related Posts:\n\nThe Fed's Quiet Gold Grab\nBanks Are Preparing For Something Big",
        "Related Posts:\n\nThe Fed's Quiet Gold Grab\nBanks Are Preparing For Something Big",
    ),
    (
        "Popular Posts\nMayor Caught On Tape?\nMarch 3, 2024\nThe Smart Meter Scam\nLeave a Reply",
        "Popular Posts\nMayor Caught On Tape?\nMarch 3, 2024\nThe Smart Meter Scam\nLeave a Reply",
    ),
]

NEAR_MISSES = [
    "She said she would leave a reply to the committee by Friday.",
    "Readers share this concern, according to a survey published on Monday.",
    "Comments made by the minister on Monday drew criticism.",
    "Related posts on social media were removed by the platform.",
    "Your email address will not be published in the report, the agency said.",
    "The website was down for two hours.",
    "Comment",  # a lone weak widget word is not enough
    # Chrome reliable outlets have too, alone or together.
    "You may also like:",
    "SHARE THIS ARTICLE Share Tweet Post Email",
    "Share this article",
    "Related coverage",
    "Related coverage\n\nCouncil approves budget\n\nMayor names new police chief",
    "Read more:",
    "Advertisement",
    "Sign up for our newsletter",
    "We use cookies to improve your experience. Accept",
    "More stories",
    "Tags: budget, council",
    "Filed under: Politics",
    "What do you think?",
    # A list under a header that more of the story follows is the outlet's own links.
    "You might also like:\n\n• Why cities flood\n\n• The trouble with levees\n\n"
    "The council said the barrier would be finished by 2026.",
    # Sentences that open with a widget's words.
    "Posted in 2019, the video has been viewed 3 million times.",
    "Tagged as a flight risk, the suspect was held without bail.",
    "Next article in the series will look at the city's water supply.",
    "Labels on the bottles were misleading, regulators said.",
    "Older posts on the forum were deleted, moderators said.",
    "The disqus thread was closed.",
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


def test_a_related_posts_list_mid_article_spans_only_its_header() -> None:
    text = BODY + "Related Posts\n\nThe Fed's Quiet Gold Grab\n\nThe minister did not reply."
    assert [cue.evidence for cue in page_boilerplate.find(Article(text))] == ["Related Posts"]


@pytest.mark.parametrize(
    "text",
    [
        "Share this:\n" * 16_000,
        "Related Posts\n" + "A Headline Here\n" * 12_000,
        "Share Tweet Email " * 11_000,
    ],
)
def test_many_widget_lines_cost_bounded_time(text: str) -> None:
    article = Article(text)
    article.lines  # noqa: B018 - the shared view, built outside the timing
    started = time.perf_counter()
    page_boilerplate.find(article)
    assert time.perf_counter() - started < 1.0
