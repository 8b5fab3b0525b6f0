"""Scraped page residue (comment forms, share bars, "Related Posts") left in the article body.

Careful outlets publish through a CMS that keeps widgets out of the story text; copy-paste
sites and scrapes of blog templates carry them along. A match must be a whole line of
widget text: a sentence that merely *mentions* replying or sharing is not residue.
"""

from __future__ import annotations

import re

from credscore.article import Article
from credscore.cue import Cue

KIND = "page_boilerplate"
DIRECTION = -1

# Whole-line widget texts of common blog and news templates (WordPress, Disqus, Jetpack).
_WIDGET_LINE = re.compile(
    r"""
    (?:leave\ a\ (?:reply|comment)(?:\ cancel\ reply)?
    | post\ a\ comment | add\ (?:a\ )?comment | comments?\ \(\d+\) | \d+\ comments?
    | your\ email\ address\ will\ not\ be\ published\.?(?:\ required\ fields\ are\ marked\ \*)?
    | required\ fields\ are\ marked\ \*
    | save\ my\ name,\ email,\ and\ website\ in\ this\ browser.*
    | notify\ me\ of\ (?:follow-up\ comments|new\ posts)\ by\ email\.?
    | (?:share|like)\ this(?:\ (?:article|post|story))?:?
    | click\ to\ (?:share|email|print)\ (?:on\ \w+|this|a\ link).*
    | (?:share|tweet|pin)\ on\ (?:facebook|twitter|pinterest|linkedin|whatsapp|reddit)
    | like\ loading\.{3}
    | related(?:\ posts|\ articles|\ stories)?:? | you\ (?:may|might)\ also\ like:?
    | (?:previous|next)\ (?:post|article):?.{0,120}
    | print\ friendly,?\ pdf\ (?:&|and)\ email
    | comment(?:\ \*|:)? | name\ \* | email\ \* | website
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Single-word lines such as "Website" or "Comment" only count next to an unmistakable widget.
_WEAK = re.compile(r"(?:comment(?: \*|:)?|name \*|email \*|website|related:?)", re.IGNORECASE)


def _widget_lines(article: Article) -> list[tuple[int, int, bool]]:
    text = article.text
    found = []
    for start, end in article.lines:
        if end - start > 160:
            continue
        line = text[start:end]
        if _WIDGET_LINE.fullmatch(line):
            found.append((start, end, bool(_WEAK.fullmatch(line))))
    return found


def find(article: Article) -> list[Cue]:
    """One cue per block of adjacent widget lines (a comment form is one finding, not five)."""
    lines = _widget_lines(article)
    text = article.text
    blocks: list[list[tuple[int, int, bool]]] = []
    for line in lines:
        if blocks and not text[blocks[-1][-1][1] : line[0]].strip():
            blocks[-1].append(line)
        else:
            blocks.append([line])
    cues = []
    for block in blocks:
        if all(weak for _, _, weak in block):
            continue
        start, end = block[0][0], block[-1][1]
        first = text[block[0][0] : block[0][1]]
        more = f" and {len(block) - 1} more widget line(s)" if len(block) > 1 else ""
        cues.append(
            article.cue(
                KIND,
                "text",
                start,
                end,
                f"Page residue '{first}'{more} was scraped along with the story.",
            )
        )
    return cues
