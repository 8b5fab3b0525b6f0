"""A wire-style dateline opening the story: "WASHINGTON (Reuters) -", "LONDON, March 3 (AP) —".

A dateline says where (and often when, and through which agency) the story was reported,
a habit of newsrooms with correspondents. Copy-paste sites rarely keep one. A match must
open one of the first lines of the text and be followed by the story's first sentence on
the same line; an all-caps shout ("BREAKING: ...", "WAKE UP — ...") is not a dateline.
"""

from __future__ import annotations

import re

from credscore.article import Article
from credscore.cue import Cue

KIND = "dateline"
DIRECTION = +1

# Scraped bodies often start with a caption or a byline before the story (ReCOVery Reuters
# rows put the dateline on line 2 in 14 of 59 cases), so look at the first three lines.
_OPENING_LINES = 3

_PLACE_WORD = r"[A-Z][A-Z.'’\-]*[A-Z.]"
_PLACE = rf"(?:{_PLACE_WORD}|[A-Z])(?:\s+(?:{_PLACE_WORD}|[A-Z]))*"
# "SYDNEY/BEIJING/HELSINKI": several places joined by slashes.
_PLACES = rf"(?P<place>{_PLACE}(?:\s*/\s*{_PLACE})*)"
# ", Calif.", ", N.C.", ", India", ", South Korea".
_REGION = r"(?:,\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2})"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?P<date>,?\s+{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)"
# "(Reuters)", "(AP)", "(Xinhua)", "(CNN Business)": a short capitalised credit.
_AGENCY = r"(?P<agency>\s*\([A-Z][\w.&'’\- ]{0,30}\))"
_DASH = r"\s*(?:--|-|–|—|―|\xad–)\s+"
# The dateline must lead into a sentence: at least three more words on the same line,
# which keeps headings such as "LOCAL NEWS — Chicago" out.
_STORY = r"(?=[\"“‘']?[A-Z0-9$][^\n]*?\s\S+\s\S+)"

_DATELINE = re.compile(
    rf"(?:{_PLACES}{_REGION}?{_DATE}?{_AGENCY}?|(?P<agency_only>\((?:Reuters|AP|AFP|UPI|Xinhua"
    rf"|Bloomberg|CNN|dpa|Kyodo|Yonhap)\))){_DASH}{_STORY}"
)
# All-caps openings that shout rather than locate: a place name is never one of these words.
# Words from the near-misses of the issue and from ReCOVery captions ("FILE PHOTO -").
_NOT_A_PLACE = frozenset(
    [
        "BREAKING",
        "NEWS",
        "UPDATE",
        "UPDATED",
        "EXCLUSIVE",
        "WATCH",
        "VIDEO",
        "URGENT",
        "ALERT",
        "WARNING",
        "WAKE",
        "UP",
        "JUST",
        "IN",
        "SHOCKING",
        "BOMBSHELL",
        "MUST",
        "SEE",
        "READ",
        "THIS",
        "THAT",
        "IT",
        "YOU",
        "WE",
        "THEY",
        "I",
        "HE",
        "SHE",
        "NOW",
        "LISTEN",
        "LOOK",
        "STOP",
        "OPINION",
        "ANALYSIS",
        "EDITORIAL",
        "COMMENTARY",
        "LIVE",
        "WOW",
        "BOOM",
        "OMG",
        "FILE",
        "PHOTO",
        "PHOTOS",
        "AUDIO",
        "FACT",
        "CHECK",
        "TRUTH",
        "LIES",
        "FAKE",
        "REPORT",
        "REPORTS",
        "NO",
        "NOT",
        "YES",
        "WHY",
        "HOW",
        "WHAT",
        "WHO",
        "WHEN",
        "IS",
        "ARE",
        "THE",
        "A",
        "AN",
        "AND",
        "OF",
        "TO",
        "IN",
        "ON",
        "FOR",
        "MY",
        "OUR",
        "YOUR",
        "THEIR",
        "THIS",
        "HERE",
        "THERE",
        "ALL",
        "EVERYONE",
        "PEOPLE",
        "AMERICA",
        "FIRST",
        "PATRIOT",
    ]
)


def _is_shout(place: str) -> bool:
    """True if any word of the 'place' is a shout word rather than part of a place name."""
    return any(word.strip(".'’-") in _NOT_A_PLACE for word in re.split(r"[\s/]+", place))


def find(article: Article) -> list[Cue]:
    """At most one cue: the dateline that opens the story, if there is one."""
    text = article.text
    for start, end in article.lines[:_OPENING_LINES]:
        match = _DATELINE.match(text, start, end)
        if match is None:
            continue
        place = match["place"]
        # A bare "PLACE —" has nothing but the capitals to go on, so shout words rule it
        # out; with an agency or a date ("NO PLANES (AP) —" never happens) we trust it.
        if place and not (match["agency"] or match["date"]) and _is_shout(place):
            continue
        if place and match["agency"] is None and match["date"] is None and len(place) < 3:
            continue
        dateline_end = match.end()
        while dateline_end > match.start() and text[dateline_end - 1].isspace():
            dateline_end -= 1
        return [
            article.cue(
                KIND,
                "text",
                match.start(),
                dateline_end,
                "The story opens with a wire-style dateline saying where it was reported.",
            )
        ]
    return []
