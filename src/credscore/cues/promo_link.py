"""Promotional calls to action: join our Telegram, follow us on Gab, donate, share it fast.

Fringe sites fund and grow themselves inside the story text: a "Join ... Telegram Channel
Here: https://t.me/..." line, a Patreon or PayPal appeal, a bitcoin address, a bit.ly link on
a line of its own. A match must be a call to action (an imperative, "us"/"our" addressing
the reader, or a "Platform: @handle" label line); news that merely *mentions* Telegram or a
donation ("Telegram's founder was arrested", "PayPal reported earnings") is not promotion,
and neither is a call quoted from someone else ("“Join us on Telegram,” the group wrote").

Mainstream newsletter and subscription lines ("Sign up for our newsletter", "Subscribe to
... on YouTube", "Follow us on Twitter") are deliberately NOT matched: the data README
found a crude promo regex fires more often on reliable ReCOVery sites (0.045) than on
unreliable ones (0.029) because of exactly those lines. They count only when they push an
alternative platform or a donation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice

from credscore.article import TOKEN_RE, Article
from credscore.cue import Cue

KIND = "promo_link"
DIRECTION = -1


@dataclass(frozen=True)
class Platform:
    """A platform fringe outlets send readers to, and how articles write it."""

    name: str
    """Display name, used in the cue's message."""
    group: str
    """What readers are sent there for (alt-video, alt-social, messaging, newsletter, ...)."""
    spellings: tuple[str, ...]
    """How the name is written in text; matched in any case unless ``common_word``."""
    hosts: tuple[str, ...] = ()
    """Domains of its profile, channel and payment pages."""
    common_word: bool = False
    """The name is also an English word ("Gab", "Minds", "Locals", "Rumble"): it counts only
    capitalised and as a destination ("on Gab", "our Locals community", "Gab channel")."""


#: The maintained table. Mainstream platforms (Twitter, Facebook, YouTube, Instagram) are left
#: out on purpose: reliable outlets ask readers to follow them there too. WhatsApp and Signal
#: count only as channels and groups: reporters' "reach me on Signal" tip lines are not promotion.
PLATFORMS: tuple[Platform, ...] = (
    Platform("Rumble", "alt-video", ("Rumble",), ("rumble.com",), common_word=True),
    Platform("BitChute", "alt-video", ("BitChute",), ("bitchute.com",)),
    Platform("Odysee", "alt-video", ("Odysee",), ("odysee.com",)),
    Platform("Brighteon", "alt-video", ("Brighteon",), ("brighteon.com", "brighteon.social")),
    Platform("LBRY", "alt-video", ("LBRY",), ("lbry.tv",)),
    Platform("Gab", "alt-social", ("Gab",), ("gab.com", "gab.ai"), common_word=True),
    Platform("Gettr", "alt-social", ("Gettr",), ("gettr.com",)),
    Platform("Truth Social", "alt-social", ("Truth Social", "TruthSocial"), ("truthsocial.com",)),
    Platform("Parler", "alt-social", ("Parler",), ("parler.com",)),
    Platform("MeWe", "alt-social", ("MeWe",), ("mewe.com",)),
    Platform("Minds", "alt-social", ("Minds",), ("minds.com",), common_word=True),
    Platform("Spreely", "alt-social", ("Spreely",), ("spreely.com",)),
    Platform("Mumblit", "alt-social", ("Mumblit",), ("mumblit.com",)),
    Platform("AllSocial", "alt-social", ("AllSocial",), ("allsocial.com",)),
    Platform("Telegram", "messaging", ("Telegram",), ("t.me", "telegram.me")),
    Platform("Signal", "messaging", ("Signal group", "Signal chat"), ("signal.group",)),
    Platform(
        "WhatsApp",
        "messaging",
        ("WhatsApp channel", "WhatsApp group", "WhatsApp community"),
        ("chat.whatsapp.com", "whatsapp.com/channel"),
    ),
    Platform("Substack", "newsletter", ("Substack",), ("substack.com",)),
    Platform("Locals", "newsletter", ("Locals",), ("locals.com",), common_word=True),
    Platform("GiveSendGo", "crowdfunding", ("GiveSendGo",), ("givesendgo.com",)),
    Platform("Patreon", "crowdfunding", ("Patreon",), ("patreon.com",)),
    Platform("SubscribeStar", "crowdfunding", ("SubscribeStar",), ("subscribestar.com",)),
    Platform("Donorbox", "crowdfunding", ("Donorbox",), ("donorbox.org",)),
    Platform(
        "Buy Me a Coffee", "tipping", ("Buy Me a Coffee", "BuyMeACoffee"), ("buymeacoffee.com",)
    ),
    Platform("Ko-fi", "tipping", ("Ko-fi", "Kofi"), ("ko-fi.com",)),
    Platform("PayPal", "tipping", ("PayPal",), ("paypal.me", "paypal.com")),
    Platform("Cash App", "tipping", ("Cash App", "CashApp"), ("cash.app",)),
    Platform("Venmo", "tipping", ("Venmo",), ("venmo.com",)),
)

_BY_SPELLING = {" ".join(s.lower().split()): p for p in PLATFORMS for s in p.spellings}
_BY_HOST = {host: p for p in PLATFORMS for host in p.hosts}


def _alternation(words: list[str]) -> str:
    """Escaped words as one regex alternation, longest first, spaces matching any run of them."""
    longest_first = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in longest_first)


# Characters that glue a platform's name into an address or handle ("t.me/x", "@gab").
_GLUED_BEFORE = "_@/.-"
_GLUED_AFTER = "_-"
_HOST = _alternation([host for p in PLATFORMS for host in p.hosts])
_SHORTENER = r"(?:bit\.ly|tinyurl\.com|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly)"
_URL_REST = r"[^\s<>\"'“”()\[\]]"
# A profile, channel or payment page, with or without a scheme: a path or a subdomain
# ("name.substack.com") is required, so a bare "gab.com" in a sentence is a mention, not a link.
_PROMO_ADDRESS = (
    rf"(?:https?://)?(?:www\.)?(?:(?:[\w\-]+\.)+(?={_HOST})(?:{_HOST}){_URL_REST}*"
    rf"|(?:{_HOST})/{_URL_REST}+)"
)
_SHORT_LINK = rf"(?:https?://)?{_SHORTENER}/\S+"
# Bitcoin (bech32 and legacy base58) and Ethereum addresses, matched in the original case.
_WALLET = re.compile(
    r"(?<![\w/])(?:bc1[ac-hj-np-z02-9]{25,87}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[0-9a-fA-F]{40})"
    r"(?!\w)"
)

# Every rule below works on the lower-cased line (same offsets) without IGNORECASE, which
# is slow. Verbs that make a clause a call; they must open the clause (see _opens_clause),
# so "the group urged followers to join Telegram" is reported, not addressed to the reader.
# The lookahead drops nouns that open news sentences: "Support for a Telegram ban grew".
_CALL_VERB = re.compile(
    r"(?:join|follow|subscribe|find|watch|connect|check\s+out|visit|listen|tune\s+in|catch"
    r"|sign\s+up|hop|head|download|stream|donate|support|help|give|tip|chip\s+in"
    r"|contribute|pledge|send|click|tap|buy|become\s+a\s+(?:patron|supporter|member))(?![\w\-])"
    r"(?!\s+(?:for|from|of|among|by|as|is|was|were|has|had|have|grew|came|arrived|groups?"
    r"|lists?|figures|numbers|out\s+(?:why|how|what|whether|if|when|who))\b)"
)
# "follow us on Gab", "find me at Odysee", "we're now on Telegram" (no verb needed: "us").
_US_ON = re.compile(
    r"(?:\b(?:us|me)\s+(?:over\s+)?(?:on|at|via)|\b(?:we[’']?re|we\s+are|i[’']?m|i\s+am)"
    r"\s+(?:now\s+|also\s+)?on)\s+$"
)
# "our Telegram: @SomeNews", "my Gab channel - gab.com/me": a possessive with a handle or link.
_OURS = re.compile(r"\b(?:our|my)\s+(?:[\w\-]+\s+){0,2}$")
_CHANNEL_WORD = r"\s+(?:channel|group|chat|page|account|profile|community|feed|link|address)\b"
_NAMES_A_CHANNEL = re.compile(_CHANNEL_WORD)
# After the platform's name: a handle, cashtag, link or e-mail ("Telegram channel here: t.me/x").
_HANDLE_AFTER = re.compile(
    rf"(?:{_CHANNEL_WORD})?(?:\s*(?:[:\-–—=]|\bat\b|\bhere\b))+\s*"
    rf"(?:@\w|\$\w|https?://|www\.|(?:[\w\-]+\.)*(?:{_HOST})\b|[\w.\-]+@[\w\-]+\.\w)"
)
# Just before a platform's name in a share button: "Share on Telegram", "share to WhatsApp".
_SHARE_BUTTON = re.compile(r"\bshare\s+(?:on|to|via)\s+$")
# Just before a common-word platform: a word that makes it a place ("on Gab", "our Locals").
_DESTINATION_BEFORE = re.compile(r"(?:\bon|\bat|\bour|\bmy|\band|\bor|[,/&])\s+$")
# Money words that turn an "us"/"our" sentence that names a payment service into an appeal.
_MONEY_WORD = re.compile(r"\b(?:donat|support|tip|contribut|chip\s+in|pledge|fund|gift)")
_FOR_THE_SITE = re.compile(r"\b(?:us|our|we|me|my)\b|\bdonat\w*\s+to\s+[\w\-]+\.(?:com|org|net)\b")
# Only bullets or emoji between a clause start and a platform's name: a "Venmo: @x" label.
_LABEL_START = re.compile(r"[^\w\s]{0,4}\s*")

# Appeals with no platform. Reliable local news runs charity appeals too ("You can donate
# here.", "Consider donating to food banks": 19 ReCOVery reliable lines), so an appeal only
# counts when it asks for money for the site itself: "us", "our", "my" or a site's domain.
_DONATE = re.compile(r"donat(?:e|ing)\b(?!\s+(?:blood|organs?|plasma)\b)")
_DONATE_ELSEWHERE = re.compile(
    r"(?:please|consider)\s+(?:make\s+a\s+)?donat(?:e|ing|ion)\b|donate\s+(?:here|now|today)\b"
)
# "Buy Me a Coffee" is also the tipping service's name: with "me" it is a call only as an
# imperative opening its clause ("Enjoyed it? Buy me a coffee!").
_BUY_ME_A_COFFEE = re.compile(r"buy\s+me\s+a\s+coffee\b")
_OTHER_CALLS = re.compile(
    r"""
      support\s+(?:our|my)\s+(?:independent\s+)?(?:work|mission|efforts|site|channel|blog)\b
    | buy\s+us\s+a\s+coffee\b | (?:our|my)\s+tip\s+jar\b
    # "Share this before it's deleted", "share everywhere before they censor it"
    | share\b[^.!?\n]{0,50}?\bbefore\s+(?:it\s+(?:is|gets)|it[’']s|they|this\s+(?:is|gets))
        \s+[^.!?\n]{0,20}?\b(?:delet|censor|remov|bann|tak(?:e|en)\s+down|scrub)
    """,
    re.VERBOSE,
)
# Words each family of rules needs in the (lower-cased) line, checked before running it.
_OTHER_CALL_WORDS = ("support", "coffee", "tip jar", "before")
_WALLET_WORDS = ("bc1", "0x", "btc", "bitcoin", "eth", "wallet", "crypto")
# What may stand between a clause start and its imperative verb: bullets, emoji, "please".
_LEAD_IN = re.compile(
    r"[^\w\s]{0,4}\s*(?:(?:please|pls|also|and|so|now|today|then|be\s+sure\s+to"
    r"|remember\s+to|don[’']?t\s+forget\s+to|make\s+sure\s+(?:to|you)|click\s+here\s+to"
    r"|tap\s+here\s+to|you\s+can(?:\s+also)?|consider|why\s+not|go\s+ahead\s+and"
    r"|take\s+a\s+(?:second|moment|minute)\s+to|help\s+us\s+(?:by|and))[,\s]+){0,2}"
)
# A call verb this far before the platform still belongs to it ("Join The Morning Patriot
# Telegram Channel": the longest such stretch in our examples is under 60 characters).
_VERB_REACH = 80
# What may stand between a call verb and its platform: no clause break, so "WATCH: Telegram
# founder speaks" is a caption, not a call.
_CLAUSE_BREAK = re.compile(r"[:|–—•]|\s-\s")
# A profile/payment address or a shortened link as the whole line, with at most a short
# label; a shortened link needs a call or the site's own channel in its label ("Watch the
# interview: bit.ly/...", "Blog Link: bit.ly/..."), as reliable sites shorten links to their
# coverage too ("For the latest on the strike: bit.ly/...").
_ADDRESS_LINE = re.compile(rf"(?:[^\n]{{0,40}}?[:\-–—]\s*)?{_PROMO_ADDRESS}")
_SHORT_LINK_LINE = re.compile(
    rf"(?:[^\n]{{0,40}}?\b(?:watch|join|follow|donate|support|subscribe|share|download|link"
    rf"|channel|blog|podcast|profile)"
    rf"\b[^\n]{{0,40}}?[:\-–—]\s*)?{_SHORT_LINK}"
)
# A wallet address alone on its line, with at most a short label.
_WALLET_LINE_LABEL = re.compile(r"[^\n]{0,40}?[:\-–—]?\s*")
_LINE_END = re.compile(r"\s*$")
# Long paragraphs can hold an appeal mid-text; the span is the sentence that carries it.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s|$)")
# The last sentence end, or clause mark, in a stretch: one greedy match, not a Python loop.
_LAST_SENTENCE_END = re.compile(r".*[.!?][\"”’)]*(?=\s|$)", re.DOTALL)
_LAST_CLAUSE_MARK = re.compile(r".*[.!?:|–—\-•](?=\s)", re.DOTALL)
# Bounded work on a giant line: sentences and quotations are looked for this far around a
# match (our longest call-to-action sentence is under 300 characters), a clause start this
# far before a verb (the longest lead-in, "don't forget to ..." with "please", is ~40), and
# only the first matches of a line are examined (a real sign-off names a dozen platforms).
_WINDOW = 1_000
_CLAUSE_REACH = 120
_MAX_MATCHES_PER_LINE = 40
# A link this close after the call-to-action sentence belongs to it ("... PayPal. Thanks <link>").
_LINK_REACH = 40


# Every rule above needs one of these anchors (lower-cased) in its line; only lines that hold
# one are checked. Searching the text for each anchor costs a scan per anchor (~4 us of CPU
# on a 600-word article; 73 anchors tripled this cue's time), so an anchor is searched only
# when its gate, a word it contains, is among the article's words (Article.lower_counts,
# which the style features count anyway): a dict look-up rejects most anchors at once.
_GENERIC_ANCHORS = (
    "donat", "support our", "support my", "before it", "before they", "before this",
    "buy us a", "buy me a", "tip jar", "bitcoin", "btc", "eth", "ethereum", "wallet", "bc1",
    "0x", "bit.ly", "tinyurl.com", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly",
)  # fmt: skip
# Gates other than an anchor's first word: a rarer word the line's rule needs as well
# ("share ... before they delete it", "buy us a coffee"), or the forms of "donat...".
_GATE_OVERRIDES = {
    "donat": ("donate", "donating", "donation", "donations"),
    "before it": ("share",), "before they": ("share",), "before this": ("share",),
    "buy us a": ("coffee",), "buy me a": ("coffee",), "tip jar": ("jar",),
    "bit.ly": ("ly",), "ow.ly": ("ly",), "is.gd": ("gd",), "buff.ly": ("ly",),
    "rebrand.ly": ("ly",), "cutt.ly": ("ly",), "chat.whatsapp.com": ("whatsapp",),
}  # fmt: skip


def _anchors_by_gate() -> dict[str, tuple[str, ...]]:
    """Gate word (a key of Article.lower_counts) -> the anchors it lets through."""
    anchors = dict.fromkeys(
        [" ".join(spelling.lower().split()) for p in PLATFORMS for spelling in p.spellings]
        + [host for p in PLATFORMS for host in p.hosts]
        + list(_GENERIC_ANCHORS)
    )
    by_gate: dict[str, list[str]] = {}
    for anchor in anchors:
        gates = _GATE_OVERRIDES.get(anchor) or (TOKEN_RE.findall(anchor)[0].lower(),)
        for gate in gates:
            by_gate.setdefault(gate, []).append(anchor)
    return {gate: tuple(found) for gate, found in by_gate.items()}


_ANCHORS_BY_GATE = _anchors_by_gate()
_GATES = tuple(_ANCHORS_BY_GATE)
_PROMO_HOST = re.compile(f"{_PROMO_ADDRESS}|{_SHORT_LINK}")


def _clause_start(line: str, position: int) -> int:
    """Where the clause holding ``position`` starts (after a clause mark and a space), or -1.

    -1 when no clause start lies within ``_CLAUSE_REACH``: no lead-in is that long.
    """
    lowest = max(0, position - _CLAUSE_REACH)
    mark = _LAST_CLAUSE_MARK.match(line, lowest, position + 1)
    if mark is not None:
        return mark.end()
    return 0 if lowest == 0 else -1


def _opens_clause(line: str, position: int) -> bool:
    """True if only bullets or polite words stand between a clause start and ``position``."""
    start = _clause_start(line, position)
    return start >= 0 and _LEAD_IN.fullmatch(line, start, position) is not None


def _sentence_bounds(line: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around [start, end) inside one line."""
    left = max(0, start - _WINDOW)
    boundary = _LAST_SENTENCE_END.match(line, left, start)
    if boundary is not None:
        left = boundary.end()
    while left < len(line) and line[left].isspace():
        left += 1
    right_match = _SENTENCE_END.search(line, end, end + _WINDOW)
    right = right_match.end() if right_match else min(len(line), end + _WINDOW)
    return left, right


def _quoted(line: str, position: int) -> bool:
    """True if ``position`` sits inside a quotation opened earlier on the line."""
    if '"' not in line and "“" not in line:
        return False
    low = max(0, position - _WINDOW)
    return line.count('"', low, position) % 2 == 1 or line.count("“", low, position) > line.count(
        "”", low, position
    )


def _platform_of(mention: str) -> Platform:
    return _BY_SPELLING.get(mention) or _BY_SPELLING[" ".join(mention.split())]


def _is_destination(line: str, original: str, start: int, end: int, platform: Platform) -> bool:
    """False for news about the platform (its possessive, a common word used as a word) and
    for a share button ("Click to share on Telegram"), which page_boilerplate reports."""
    if line.startswith(("'s", "’s"), end):
        return False
    if "share" in line and _SHARE_BUTTON.search(line, max(0, start - 10), start):
        return False
    if not platform.common_word:
        return True
    if not original[start].isupper():
        return False
    return (
        _DESTINATION_BEFORE.search(line, max(0, start - 6), start) is not None
        or _NAMES_A_CHANNEL.match(line, end) is not None
    )


def _platform_call(
    line: str, start: int, end: int, platform: Platform, left: int, right: int
) -> bool:
    """True if the platform named at [start, end) of the sentence [left, right) sits in a call
    to action addressed to the reader."""
    before = line[left:start]
    for verb in _CALL_VERB.finditer(line, max(left, start - _VERB_REACH), start):
        if _opens_clause(line, verb.start()) and not _CLAUSE_BREAK.search(line, verb.end(), start):
            return True
    if _US_ON.search(before):
        return True
    if _OURS.search(before) and _HANDLE_AFTER.match(line, end):
        return True
    clause_start = _clause_start(line, start)
    if (
        clause_start >= 0
        and _LABEL_START.fullmatch(line, clause_start, start)
        and _HANDLE_AFTER.match(line, end)
    ):
        return True  # "Telegram: @SomeNews", "Venmo - @LibertyLedger" as a label
    # "us"/"my" must address the reader outside the name ("Buy Me a Coffee" holds a "me").
    return (
        platform.group in {"crowdfunding", "tipping"}
        and _MONEY_WORD.search(line, left, right) is not None
        and (
            _FOR_THE_SITE.search(line, left, start) is not None
            or _FOR_THE_SITE.search(line, end, right) is not None
        )
    )


def _may_hold(line: str, words: tuple[str, ...]) -> bool:
    """Cheap guard before a rule: does the line hold one of the words the rule needs?"""
    return any(word in line for word in words)


def _appeal_without_platform(line: str) -> tuple[int, int] | None:
    """(start, end) of a donation or sharing appeal for the site itself, if any."""
    match = _OTHER_CALLS.search(line) if _may_hold(line, _OTHER_CALL_WORDS) else None
    if match is not None and not _quoted(line, match.start()):
        return match.span()
    match = _BUY_ME_A_COFFEE.search(line) if "coffee" in line else None
    if match is not None and _opens_clause(line, match.start()):
        return match.span()
    if "donat" not in line:
        return None
    for match in islice(_DONATE.finditer(line), _MAX_MATCHES_PER_LINE):
        if _opens_clause(line, match.start()) and not _quoted(line, match.start()):
            left, right = _sentence_bounds(line, *match.span())
            if _FOR_THE_SITE.search(line, left, right):
                return match.span()
    match = _DONATE_ELSEWHERE.search(line)
    if match is not None and not _quoted(line, match.start()):
        left, right = _sentence_bounds(line, *match.span())
        if _FOR_THE_SITE.search(line, left, right):
            return match.span()
    return None


def _wallet_call(original: str) -> tuple[int, int] | None:
    """(start, end) of a crypto address given for donations: alone on its line or asked for."""
    if not _may_hold(original.lower(), _WALLET_WORDS):
        return None
    for match in islice(_WALLET.finditer(original), _MAX_MATCHES_PER_LINE):
        if _WALLET_LINE_LABEL.fullmatch(original, 0, match.start()) and _LINE_END.match(
            original, match.end()
        ):
            return match.span()
        left, right = _sentence_bounds(original, *match.span())
        lowered = original[left:right].lower()
        if _MONEY_WORD.search(lowered) and _FOR_THE_SITE.search(lowered):
            return match.span()
    return None


def _host_of(address: str) -> str:
    """The host of a profile or payment address as written ("https://www.t.me/x" -> "t.me")."""
    host = address.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def _mentions(line: str, spellings: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of the platforms named in the lower-cased line, not inside a word, an
    address or a handle; ``spellings`` are those the article holds, so a line costs a few
    ``str.find`` calls rather than a scan with every name."""
    found: list[tuple[int, int]] = []
    for spelling in spellings:
        start = line.find(spelling)
        while start != -1 and len(found) < _MAX_MATCHES_PER_LINE:
            end = start + len(spelling)
            before = line[start - 1] if start else " "
            after = line[end] if end < len(line) else " "
            if not (before.isalnum() or before in _GLUED_BEFORE) and not (
                after.isalnum() or after in _GLUED_AFTER
            ):
                found.append((start, end))
            start = line.find(spelling, start + 1)
    found.sort()
    return found


def _call_to_action(
    line: str, original: str, spellings: tuple[str, ...]
) -> tuple[tuple[int, int], str | None] | None:
    """((start, end) of the sentence, platform name or None) of the line's first call to
    action, if any; ``spellings`` are the platform names the article holds."""
    for start, end in _mentions(line, spellings):
        platform = _platform_of(line[start:end])
        if not _is_destination(line, original, start, end, platform) or _quoted(line, start):
            continue
        left, right = _sentence_bounds(line, start, end)
        if _platform_call(line, start, end, platform, left, right):
            return (left, right), platform.name
    # A platform named only by its address: "Join our channel for updates: https://t.me/x".
    for address in islice(_PROMO_HOST.finditer(line), _MAX_MATCHES_PER_LINE):
        start, end = address.span()
        addressed = _BY_HOST.get(_host_of(address.group()))
        if addressed is None or _quoted(line, start):
            continue
        left, right = _sentence_bounds(line, start, end)
        if _platform_call(line, start, end, addressed, left, right):
            return (left, right), addressed.name
    span = _appeal_without_platform(line)
    if span is not None:
        return _sentence_bounds(line, *span), None
    span = _wallet_call(original)
    if span is not None:
        return _sentence_bounds(line, *span), "a crypto wallet"
    return None


def _through_link(article: Article, end: int, line_end: int) -> int:
    """Move ``end`` past a link that follows the call to action on the same line."""
    links = article.links
    index = bisect_left(links, (end, end))
    if index < len(links):
        link_start, link_end = links[index]
        if link_start <= end + _LINK_REACH and link_end <= line_end:
            return link_end
    return end


def _present_anchors(article: Article) -> set[str]:
    """The anchors whose gate word the article holds."""
    gates = filter(article.lower_counts.__contains__, _GATES)
    return {anchor for gate in gates for anchor in _ANCHORS_BY_GATE[gate]}


def _anchor_positions(article: Article, present: set[str]) -> list[int]:
    """Offsets in the text where a rule could match."""
    text = article.text
    positions = []
    if present:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few letters change length when lower-cased
            lowered = "".join(char.lower()[0] for char in text)
        for anchor in present:
            found = lowered.find(anchor)
            while found != -1:
                positions.append(found)
                found = lowered.find(anchor, found + 1)
    for start, end in article.links:
        if _PROMO_HOST.match(text[start:end].lower()):
            positions.append(start)
    positions.sort()
    return positions


def _candidate_lines(article: Article, present: set[str]) -> list[tuple[int, int]]:
    """The lines that contain an anchor, in order."""
    lines = article.lines
    line_starts = [start for start, _ in lines]
    chosen: list[tuple[int, int]] = []
    last = -1
    for position in _anchor_positions(article, present):
        index = bisect_right(line_starts, position) - 1
        if index > last and index >= 0 and position < lines[index][1]:
            chosen.append(lines[index])
            last = index
    return chosen


def _host_platform(line: str) -> str | None:
    for host, platform in _BY_HOST.items():
        if host in line:
            return platform.name
    return None


def find_promo_lines(article: Article) -> list[tuple[int, int, str | None]]:
    """(start, end, platform) of each call to action: the sentence in its line, through its link."""
    text = article.text
    found: list[tuple[int, int, str | None]] = []
    present = _present_anchors(article)
    spellings = tuple(sorted(anchor for anchor in present if anchor in _BY_SPELLING))
    for start, end in _candidate_lines(article, present):
        original = text[start:end]
        line = original.lower()
        if len(line) != end - start:  # a few letters change length when lower-cased
            line = "".join(char.lower()[0] for char in original)
        if "." in line and (_ADDRESS_LINE.fullmatch(line) or _SHORT_LINK_LINE.fullmatch(line)):
            found.append((start, end, _host_platform(line)))
            continue
        call = _call_to_action(line, original, spellings)
        if call is None:
            continue
        (left, right), platform = call
        found.append((start + left, _through_link(article, start + right, end), platform))
    return found


def _message(platforms: dict[str, None]) -> str:
    if not platforms:
        return (
            "A promotional call to action (join a channel, donate, follow on an alternative "
            "platform) is embedded in the story."
        )
    named = ", ".join(platforms)
    return f"A promotional call to action sends readers to {named} from inside the story."


def find_promo_anchor_lines(article: Article) -> list[tuple[int, int, str | None]]:
    """(start, end, platform) of each line that a web page's link makes a call to action.

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
        if not _PROMO_HOST.match(href):
            continue
        index = bisect_right(line_starts, anchor.start) - 1
        if index >= 0 and anchor.end <= lines[index][1]:
            by_line.setdefault(index, []).append((anchor.start, anchor.end, href))
    found: list[tuple[int, int, str | None]] = []
    for index, anchors in sorted(by_line.items()):
        start, end = lines[index]
        pieces, position = [], start
        for anchor_start, anchor_end, href in sorted(anchors):
            pieces += [text[position:anchor_start], f" {href} "]
            position = anchor_end
        read = " ".join(("".join(pieces) + text[position:end]).lower().split())
        if _ADDRESS_LINE.fullmatch(read) or _SHORT_LINK_LINE.fullmatch(read):
            found.append((start, end, _host_platform(read)))
            continue
        spellings = tuple(sorted(s for s in _BY_SPELLING if s in read))
        call = _call_to_action(read, read, spellings)
        if call is not None:
            found.append((start, end, call[1] or _host_platform(read)))
    return found


def find(article: Article) -> list[Cue]:
    """One cue per block of adjacent promotional lines (a sign-off footer is one finding)."""
    text = article.text
    blocks: list[tuple[int, int, dict[str, None]]] = []  # platforms named, in order
    spans = find_promo_lines(article)
    if article.anchor_links:
        spans = sorted({*spans, *find_promo_anchor_lines(article)}, key=lambda s: s[:2])
    for start, end, platform in spans:
        if blocks and not text[blocks[-1][1] : start].strip():
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], end), blocks[-1][2])
        else:
            blocks.append((start, end, {}))
        if platform:
            blocks[-1][2][platform] = None
    return [article.cue(KIND, "text", start, end, _message(names)) for start, end, names in blocks]
