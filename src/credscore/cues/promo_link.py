"""Promotional calls to action: join our Telegram, follow us on Gab, donate, share it fast.

Fringe sites fund and grow themselves inside the story text: a "Join ... Telegram Channel
Here: https://t.me/..." line, a Patreon or PayPal appeal, a bit.ly link on a line of its
own. A match must be a call to action (an imperative, or "us"/"our" addressing the
reader); news that merely *mentions* Telegram or a donation is not promotion.

Mainstream newsletter and subscription lines ("Sign up for our newsletter", "Subscribe to
... on YouTube", "Follow us on Twitter") are deliberately NOT matched: the data README
found a crude promo regex fires more often on reliable ReCOVery sites (0.045) than on
unreliable ones (0.029) because of exactly those lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues._outlets import trie_pattern

KIND = "promo_link"
DIRECTION = -1

# Platforms where fringe outlets send readers once mainstream ones ban them, and donation
# or shortener services; mainstream platforms (Twitter, Facebook, YouTube) are left out.
_ALT_PLATFORM = (
    r"(?:telegram|t\.me|gab(?:\.com|\.ai)?|rumble|bitchute|parler|gettr|brighteon|odysee"
    r"|truth\s+social|mewe|minds\.com|spreely|mumblit|allsocial|lbry)"
)
_DONATION_SERVICE = r"(?:paypal|givesendgo|subscribestar|patreon|buymeacoffee|ko-fi|donorbox)"
# Profile, channel and payment addresses, written with or without a scheme.
_PROMO_ADDRESS = (
    r"(?:https?://)?(?:www\.)?(?:t\.me|gab\.(?:com|ai)|rumble\.com|bitchute\.com|parler\.com"
    r"|gettr\.com|brighteon\.com|odysee\.com|truthsocial\.com|mewe\.com|subscribestar\.com"
    r"|patreon\.com|paypal\.(?:me|com)|givesendgo\.com|buymeacoffee\.com|ko-fi\.com"
    r"|donorbox\.org)/[^\s<>\"'“”()\[\]]+"
)
_SHORTENER = (
    r"(?:https?://)?(?:bit\.ly|tinyurl\.com|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly)/\S+"
)

# Every rule starts at a keyword, so ``re`` rejects most positions on their first letter;
# the rules run on the lower-cased line (same offsets) without IGNORECASE, which is slow.
# "Join The X Telegram Channel Here", "Subscribe ... Find us on BitChute": the verb must
# open its clause (checked in Python, see _opens_clause).
_IMPERATIVE_TO_PLATFORM = re.compile(
    rf"(?:join|follow|subscribe|find|watch|connect|check\s+out|visit)\b[^.!?\n]{{0,80}}?"
    rf"\b{_ALT_PLATFORM}\b"
)
_OTHER_CALLS = re.compile(
    rf"""
      (?:follow|find|join|watch|see)\s+(?:us|me)\s+(?:on|at)\s+{_ALT_PLATFORM}\b
    # "support The Duran on Patreon", "PayPal donation page", "donate ... via PayPal"
    | (?:support|help|join|become\s+a\s+patron\s+of)\b[^.!?\n]{{0,60}}?\bon\s+{_DONATION_SERVICE}\b
    | {_DONATION_SERVICE}\b[^.!?\n]{{0,40}}?\bdonat(?:e|ion|ing)\b
    | donat(?:e|ion|ing)\b[^.!?\n]{{0,40}}?\b{_DONATION_SERVICE}\b
    | support\s+(?:our|my)\s+(?:independent\s+)?(?:work|mission|efforts|site|channel)\b
    # "Share this before it's deleted", "share everywhere before they censor it"
    | share\b[^.!?\n]{{0,50}}?\bbefore\s+(?:it\s+(?:is|gets)|it[’']s|they|this\s+(?:is|gets))
        \s+[^.!?\n]{{0,20}}?\b(?:delet|censor|remov|bann|tak(?:e|en)\s+down|scrub)
    """,
    re.VERBOSE,
)
# An appeal to donate. Reliable local news runs charity appeals too ("You can donate here.",
# "Consider donating to food banks": 19 ReCOVery reliable lines), so the appeal only counts
# when it asks for money for the site itself: "us", "our", "my" or a site's domain nearby.
_DONATE = re.compile(r"donat(?:e|ing)\b(?!\s+(?:blood|organs?|plasma)\b)")
_DONATE_ELSEWHERE = re.compile(
    r"(?:please|consider)\s+(?:make\s+a\s+)?donat(?:e|ing|ion)\b|donate\s+(?:here|now|today)\b"
)
_FOR_THE_SITE = re.compile(r"\b(?:us|our|we|me|my)\b|\bdonat\w*\s+to\s+[\w\-]+\.(?:com|org|net)\b")
# What may stand between a clause start and its imperative verb: bullets, emoji, "please".
_LEAD_IN = re.compile(
    r"[^\w\s]{0,3}\s*(?:(?:please|also|and|be\s+sure\s+to|don[’']?t\s+forget\s+to"
    r"|make\s+sure\s+to|click\s+here\s+to|you\s+can(?:\s+also)?|consider)\s+)?"
)
_CLAUSE_MARK = ".!?:|–—-"
# A profile/payment address or a shortened link as the whole line, with at most a short label.
_ADDRESS_LINE = re.compile(rf"(?:[^\n]{{0,40}}?[:\-–—]\s*)?(?:{_PROMO_ADDRESS}|{_SHORTENER})")
# Long paragraphs can hold an appeal mid-text; the span is the sentence that carries it.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s|$)")
# A link this close after the call-to-action sentence belongs to it ("... PayPal. Thanks <link>").
_LINK_REACH = 40

# Every rule above needs one of these words in the line; the text is searched for them
# and only those lines are checked. Scanning every position with a case-insensitive
# pattern cost ~130 us per ReCOVery article; capitalised names in one case-sensitive
# trie (capitals are rare, so most positions fail at once) plus a few plain substring
# searches cost ~35 us. Lower-case platform names only matter in addresses, which are
# links (see _PROMO_HOSTS) or one of the substrings below.
_CAPITALISED_ANCHORS = (
    "Telegram", "TELEGRAM", "Gab", "GAB", "Rumble", "RUMBLE", "BitChute", "Bitchute", "BITCHUTE",
    "Parler", "PARLER", "Gettr", "GETTR", "Brighteon", "BRIGHTEON", "Odysee", "Truth Social",
    "MeWe", "Minds", "Spreely", "SPREELY", "Mumblit", "MUMBLIT", "AllSocial", "LBRY", "PayPal",
    "Paypal", "PAYPAL", "GiveSendGo", "SubscribeStar", "Patreon", "PATREON", "Donat", "DONAT",
    "Support our", "Support my", "SUPPORT", "SHARE", "Share this",
)  # fmt: skip
_LOWER_CASE_ANCHORS = (
    "donat", "support our", "support my", "before it", "before they", "before this",
    "telegram", "t.me/", "bit.ly/", "tinyurl.com/",
)  # fmt: skip
_PROMO_HOSTS = re.compile(_PROMO_ADDRESS + "|" + _SHORTENER)


_CAPITALISED_ANCHOR = re.compile(trie_pattern(_CAPITALISED_ANCHORS, keep_case=True))


def _opens_clause(line: str, position: int) -> bool:
    """True if only bullets or polite words stand between a clause start and ``position``."""
    clause_start = 0
    for index in range(position - 1, -1, -1):
        if line[index] in _CLAUSE_MARK and (index + 1 == len(line) or line[index + 1].isspace()):
            clause_start = index + 1
            break
    while clause_start < position and line[clause_start].isspace():
        clause_start += 1
    return _LEAD_IN.fullmatch(line, clause_start, position) is not None


def _sentence_bounds(line: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around [start, end) inside one line."""
    left = 0
    for boundary in _SENTENCE_END.finditer(line, 0, start):
        left = boundary.end()
    while left < len(line) and line[left].isspace():
        left += 1
    right_match = _SENTENCE_END.search(line, end)
    right = right_match.end() if right_match else len(line)
    return left, right


def _call_to_action(line: str) -> tuple[int, int] | None:
    """(start, end) inside the lower-cased line of the first call to action, if any."""
    for match in _IMPERATIVE_TO_PLATFORM.finditer(line):
        if _opens_clause(line, match.start()):
            return match.span()
    other_call = _OTHER_CALLS.search(line)
    if other_call is not None:
        return other_call.span()
    for match in _DONATE.finditer(line):
        if _opens_clause(line, match.start()):
            return match.span()
    appeal = _DONATE_ELSEWHERE.search(line)
    return appeal.span() if appeal is not None else None


def _through_link(article: Article, end: int, line_end: int) -> int:
    """Move ``end`` past a link that follows the call to action on the same line."""
    for link_start, link_end in article.links:
        if end <= link_start <= end + _LINK_REACH and link_end <= line_end:
            return link_end
        if link_start > end + _LINK_REACH:
            break
    return end


def _anchor_positions(article: Article) -> list[int]:
    """Offsets in the text where a rule could match."""
    text = article.text
    positions = [match.start() for match in _CAPITALISED_ANCHOR.finditer(text)]
    for word in _LOWER_CASE_ANCHORS:
        found = text.find(word)
        while found != -1:
            positions.append(found)
            found = text.find(word, found + 1)
    for start, end in article.links:
        if _PROMO_HOSTS.match(text[start:end].lower()):
            positions.append(start)
    positions.sort()
    return positions


def _candidate_lines(article: Article) -> list[tuple[int, int]]:
    """The lines that contain an anchor, in order."""
    lines = article.lines
    line_starts = [start for start, _ in lines]
    chosen: list[tuple[int, int]] = []
    last = -1
    for position in _anchor_positions(article):
        index = bisect_right(line_starts, position) - 1
        if index > last and index >= 0 and position < lines[index][1]:
            chosen.append(lines[index])
            last = index
    return chosen


def find_promo_lines(article: Article) -> list[tuple[int, int]]:
    """(start, end) of each call to action: the sentence in its line, through its link."""
    text = article.text
    found = []
    for start, end in _candidate_lines(article):
        line = text[start:end].lower()
        if len(line) != end - start:  # a few letters change length when lower-cased
            line = "".join(char.lower()[0] for char in text[start:end])
        if _ADDRESS_LINE.fullmatch(line):
            found.append((start, end))
            continue
        call = _call_to_action(line)
        if call is None:
            continue
        left, right = _sentence_bounds(line, *call)
        sentence_is_an_appeal = _DONATE.search(line, call[0], call[1]) is not None
        for_someone_else = (
            sentence_is_an_appeal
            and not _OTHER_CALLS.search(line, left, right)
            and _FOR_THE_SITE.search(line, left, right) is None
        )
        if for_someone_else:
            continue  # a charity appeal, not money for the site
        found.append((start + left, _through_link(article, start + right, end)))
    return found


def find_promo_anchor_lines(article: Article) -> list[tuple[int, int]]:
    """(start, end) of each line that a web page's link makes a call to action.

    On a page the address can hide behind anchor text ("Join our channel <a
    href='https://t.me/...'>here</a>"). Read with each profile, payment or shortener
    address in place of its anchor text, the line must meet the rules a line that writes
    the address meets; then the whole line is the evidence.
    """
    text = article.text
    lines = article.lines
    line_starts = [start for start, _ in lines]
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for anchor in article.anchor_links:
        href = anchor.href.strip().lower()
        if not _PROMO_HOSTS.match(href):
            continue
        index = bisect_right(line_starts, anchor.start) - 1
        if index >= 0 and anchor.end <= lines[index][1]:
            by_line.setdefault(index, []).append((anchor.start, anchor.end, href))
    found = []
    for index, anchors in sorted(by_line.items()):
        start, end = lines[index]
        pieces, position = [], start
        for anchor_start, anchor_end, href in sorted(anchors):
            pieces += [text[position:anchor_start], f" {href} "]
            position = anchor_end
        read = " ".join(("".join(pieces) + text[position:end]).lower().split())
        if _ADDRESS_LINE.fullmatch(read) or _call_to_action(read) is not None:
            found.append((start, end))
    return found


def find(article: Article) -> list[Cue]:
    """One cue per block of adjacent promotional lines (a sign-off footer is one finding)."""
    text = article.text
    blocks: list[list[int]] = []
    spans = find_promo_lines(article)
    if article.anchor_links:
        spans = sorted({*spans, *find_promo_anchor_lines(article)})
    for start, end in spans:
        if blocks and not text[blocks[-1][1] : start].strip():
            blocks[-1][1] = max(blocks[-1][1], end)
        else:
            blocks.append([start, end])
    return [
        article.cue(
            KIND,
            "text",
            start,
            end,
            "A promotional call to action (join a channel, donate, follow on an alternative "
            "platform) is embedded in the story.",
        )
        for start, end in blocks
    ]
