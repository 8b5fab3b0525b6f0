"""Bare source lines: outlet names listed with no link, quote or attribution ("Sources: RT, TASS").

Copy-paste sites open or end a lifted story with the names of the outlets it came from, so a
reader cannot check what was taken from where. Careful outlets credit a source inside a
sentence ("according to Reuters"), with reporters' names ("Reporting by ...") or with a link.
A match must be a whole line made only of outlet names and separators (``/ | , ;`` ...), after
at most a "Source:" / "Via:" / "H/T" label; one outlet name alone on a line (a caption, a
section heading) only counts with such a label or inside a list of them.

"Via" and "h/t" (hat tip) credit whoever a story was lifted from, so after them any list of
proper names counts ("Via Il Giornale / Voice of Europe"). "Source:" is also how reliable
outlets credit a chart's data ("Source: Bureau of Labor Statistics", "Source: Exxon Mobil"
under AllSides' reliable articles), so after it only news outlets and bare domains count. A
line with a link is never bare: the reader can check it.
"""

from __future__ import annotations

import re
from functools import cache

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues._outlets import all_names, trie_pattern

KIND = "bare_source"
DIRECTION = -1

# Source lines seen in ReCOVery and FakeNewsNet are under 60 characters; 150 leaves room
# for a list of five or six names without scanning ordinary paragraphs.
_MAX_LINE = 150

# A label that says "these are my sources"; "From X:" and "Courtesy of" are left out because
# they introduce an excerpt or a photo credit, and "Contributing:" is a wire credit.
_LABEL = r"(?:sources?|via|h\s*/\s*t|h\.t\.?|hat[ -]tip|references?)\s*[:\-–—]?\s*"
# A list header on its own line, e.g. "Sources for this article include:".
_HEADER = re.compile(
    r"sources?(?:\s+for\s+this\s+(?:article|story|report|post))?(?:\s+include)?\s*:?",
    re.IGNORECASE,
)
# Labels that credit whoever a story was taken from: any proper name may follow them.
_CREDIT_LABEL = re.compile(
    r"[(\[\-–—\s]*(?:via|h\s*/\s*t|h\.t\.?|hat[ -]tip)(?:\s+to)?\s*[:\-–—]?\s+", re.IGNORECASE
)
# Words (keys of Article.lower_counts) one of which every credit label contains.
_CREDIT_WORDS = ("via", "h", "hat")
# A proper name: capitalised words, lower-case joining words inside ("Voice of Europe").
_PROPER_NAME = re.compile(
    r"(?:@\w+|(?:The\s+)?[A-Z][\w'’.\-]*(?:\s+(?:(?:of|the|de|del|della|di|du|des|la|le|el|il"
    r"|and|for|on)\s+)?[A-Z0-9][\w'’.\-]*){0,5})"
)
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;/|&+•·]|\s[–—-]\s|\band\b)\s*")
# Photo, stock and social-media credits ("Via Getty Images", "h/t Twitter"): not news sources.
_MEDIA_CREDIT = re.compile(
    r"getty|shutterstock|istock|alamy|pixabay|unsplash|wikimedia|wikipedia|flickr|twitter|facebook"
    r"|youtube|instagram|tiktok|reddit|screenshot|screen\s+capture|photo|image|video|file",
    re.IGNORECASE,
)
# A site named by its bare domain (no scheme, so not a link): "NaturalNews.com".
_DOMAIN = (
    r"(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*"
    r"\.(?:com|org|net|co\.uk|uk|info|news|tv|ru|ca|au|us|io|de|fr|gov|edu|int)(?![\w.])"
)
_BARE_DOMAIN = re.compile(_DOMAIN, re.IGNORECASE)
_SEPARATOR = r"(?:\s*(?:[,;/|&+•·]|–|—|-|\band\b)\s*|\s+)"
# Words that may start with a lower-case letter inside a list of outlet names.
_LOWER_OK = frozenset({"and", "of", "the", "de", "del", "della", "du", "des", "la", "le", "el"})
_LOWER_WORD = re.compile(r"(?<![\w.\-'’])[a-z][\w'’\-]*(?![\w.])")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(whole-line pattern, single-outlet pattern), built once on first use."""
    names = trie_pattern(all_names())
    # Names must end at a word boundary so "APnews" or "CNNs" does not count as "AP"/"CNN".
    outlet = rf"(?:{_DOMAIN}|(?:{names})(?![\w'’]))"
    line = re.compile(
        rf"[(\[]?\s*(?P<label>{_LABEL})?(?P<body>{outlet}(?:{_SEPARATOR}{outlet})*)\s*[.)\]]*",
        re.IGNORECASE,
    )
    return line, re.compile(outlet, re.IGNORECASE)


def _outlet_only_line(line: str) -> tuple[int, bool] | None:
    """(number of outlet names, has a source label) if the line is only outlet names."""
    whole_line, single = _patterns()
    match = whole_line.fullmatch(line)
    if match is None:
        return None
    body = match["body"]
    names = single.findall(body)
    # Outlet names are proper nouns: a lower-case word means a sentence, not a list
    # ("fox news and friends"), unless it is a bare domain or a joining word.
    for word in _LOWER_WORD.findall(body):
        if word not in _LOWER_OK:
            return None
    return len(names), match["label"] is not None


def _credited_names(line: str) -> int | None:
    """Number of names after a "Via" / "h/t" label if the rest of the line is only names."""
    label = _CREDIT_LABEL.match(line)
    if label is None:
        return None
    body = line[label.end() :].rstrip(" .:)]")
    if not body or _MEDIA_CREDIT.search(body):
        return None
    _, single = _patterns()
    items = _LIST_SEPARATOR.split(body)
    for item in items:
        if not (
            _PROPER_NAME.fullmatch(item) or single.fullmatch(item) or _BARE_DOMAIN.fullmatch(item)
        ):
            return None
    return len(items)


def find_bare_source_blocks(article: Article) -> list[tuple[int, int, int]]:
    """(start, end, outlet count) of each block of adjacent outlet-only lines that counts."""
    text = article.text
    # The credit-label path runs only if the article has one of the labels' words at all.
    credits_possible = any(word in article.lower_counts for word in _CREDIT_WORDS)
    blocks: list[tuple[int, int, int]] = []
    current: list[int] | None = None  # [start, end, outlets, labelled]
    for start, end in article.lines:
        line = text[start:end]
        found = None
        if end - start <= _MAX_LINE:
            found = _outlet_only_line(line)
            if found is None and credits_possible:
                credited = _credited_names(line)
                found = None if credited is None else (credited, True)
        if found is not None:
            outlets, labelled = found
            if current is None:
                current = [start, end, outlets, labelled]
            else:
                current[1], current[2] = end, current[2] + outlets
                current[3] = current[3] or labelled
            continue
        if current is not None and (current[3] or current[2] >= 2):
            blocks.append((current[0], current[1], current[2]))
        # A "Sources include:" header labels the list that follows it.
        current = [start, end, 0, True] if _HEADER.fullmatch(line) else None
    if current is not None and current[2] and (current[3] or current[2] >= 2):
        blocks.append((current[0], current[1], current[2]))
    return [block for block in blocks if block[2] > 0]


def find(article: Article) -> list[Cue]:
    """One cue per bare list of outlet names (a header and its list are one finding)."""
    cues = []
    for start, end, outlets in find_bare_source_blocks(article):
        names = "outlet name" if outlets == 1 else f"{outlets} outlet names"
        cues.append(
            article.cue(
                KIND,
                "text",
                start,
                end,
                f"The article credits its sources only by {names}, with no link or "
                "attribution a reader could check.",
            )
        )
    return cues
