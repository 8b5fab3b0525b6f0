"""Input validation and the shared, lazily computed views every cue reads.

Cues are pure functions of an :class:`Article`. Tokenising the text once here
(lines, words, links) and sharing the result is what keeps extraction fast.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import accumulate
from typing import NamedTuple, TypeVar

from credscore.cue import Cue

_T = TypeVar("_T")

# Cheap ASCII tokens for counting features (style rates, the vocabulary model): one scan.
TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# Patterns with literal prefixes: the engine then jumps between candidates instead of
# trying an alternation at every character (150 µs -> 5 µs on a 600-word article here).
# A lookbehind in front would undo that (the "www." pattern cost 116 µs with one), so the
# character before "www." is checked in Python instead (see :func:`_www_links`).
_URL_BODY = r"[^\s<>\"'“”‘’()\[\]]+"
LINK_RES = (
    re.compile(r"https?://" + _URL_BODY),
    re.compile(r"HTTPS?://" + _URL_BODY),
)
_WWW_LINK_RE = re.compile(r"www\." + _URL_BODY)
# "www." glued to a word, a slash or a dot is part of another address or word, not a link.
_NOT_BEFORE_WWW = "/._"
_APOSTROPHE_RE = re.compile("['’]")
# Fast path for TOKEN_RE (see _ascii_tokens): every byte but ASCII letters, the straight
# apostrophe and \x01 (standing in for the curly one) becomes a space.
_CURLY_MARK = "\x01"
_LETTERS_AND_APOSTROPHES = bytes(
    byte if chr(byte).isascii() and (chr(byte).isalpha() or chr(byte) in "'\x01") else 32
    for byte in range(256)
)
# A line's text from its first to its last non-space character (``str.strip`` and ``\s``
# agree on what is whitespace); blank lines give no match.
_TRIMMED_LINE_RE = re.compile(r"\S(?:[^\n]*\S)?")
_TRAILING_PUNCT = ".,;:!?)]}'\"’”"


#: Longest body text analysed, in characters. Over twice the longest article in the shared
#: collections (91,828 characters, ReCOVery) and a few tens of milliseconds of analysis,
#: so one giant page (a scraped comment thread, a PDF dump) cannot stall a batch. A longer
#: text is analysed up to here; its cues point into that prefix, so every span stays valid
#: against the full text, and ``Article.truncated`` records the cut.
MAX_TEXT_CHARS = 200_000
#: Longest page residue analysed (the text of a web page outside its article), in characters:
#: as long as the text. The team's pages carry 0.4-1.5 kB of it; the limit is reached by a
#: page with thousands of comments, whose comment form then falls outside it.
MAX_RESIDUE_CHARS = MAX_TEXT_CHARS
#: Longest title analysed: five times the longest headline in the shared collections (200).
MAX_TITLE_CHARS = 1_000
#: Longest URL analysed: the 8,000 octets RFC 9110 asks every HTTP implementation to accept.
MAX_URL_CHARS = 8_192
# How far back from a limit a cut looks for whitespace, so it does not split a word (which
# the misspelling cue would then flag).
_CUT_WINDOW = 200


def _prefix(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, at whitespace when there is some nearby."""
    cut = max(value.rfind(space, max(limit - _CUT_WINDOW, 0), limit + 1) for space in " \n\t")
    return value[: cut if cut > 0 else limit]


class Anchor(NamedTuple):
    """A web page's link whose address is not in the text: its href and its anchor's span."""

    href: str
    """Where the link points (an absolute http(s) URL)."""
    start: int
    """Offset of the anchor text's first character in :attr:`Article.text`."""
    end: int
    """Offset one past the anchor text's last character."""


def is_missing(value: object) -> bool:
    """Whether ``value`` is an empty cell as pandas writes one: None, NaN, ``pd.NA``, ``NaT``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _check_str(name: str, value: object, *, required: bool) -> str:
    """Return ``value`` as a str, or raise an error that names the argument."""
    if not required and is_missing(value):
        return ""
    if not isinstance(value, str):
        expected = "a str" if required else "a str or None"
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    return value


def _check_anchors(anchors: object, text_length: int) -> tuple[Anchor, ...]:
    """``anchors`` as :class:`Anchor` records, or an error that names the argument."""
    if isinstance(anchors, (str, bytes)) or not isinstance(anchors, Iterable):
        got = type(anchors).__name__
        raise TypeError(f"anchors must be an iterable of (href, start, end), got {got}")
    checked = []
    for anchor in anchors:
        try:
            href, start, end = anchor
        except (TypeError, ValueError):
            raise TypeError(
                f"anchors must hold (href, start, end) triples, got {anchor!r}"
            ) from None
        if not isinstance(href, str) or not all(
            isinstance(offset, int) and not isinstance(offset, bool) for offset in (start, end)
        ):
            raise TypeError(f"anchors must hold (str, int, int) triples, got {anchor!r}")
        if not 0 <= start <= end <= text_length:
            raise ValueError(
                f"anchors must point into the text (0 <= start <= end <= {text_length}), "
                f"got {anchor!r}"
            )
        checked.append(Anchor(href, start, end))
    return tuple(checked)


def _www_links(text: str) -> list[re.Match[str]]:
    """Matches of ``www.`` addresses not glued to a word, slash or dot before them."""
    found = []
    position = text.find("www.")
    while position != -1:
        match = _WWW_LINK_RE.match(text, position)
        before = text[position - 1] if position else " "
        if match is not None and not (before.isalnum() or before in _NOT_BEFORE_WWW):
            found.append(match)
            position = text.find("www.", match.end())
        else:
            position = text.find("www.", position + 1)
    return found


def _ascii_token_text(text: str) -> str:
    """The matches of ``TOKEN_RE`` in ``text``, separated by whitespace, at half the cost.

    The regex engine tries a match at every character; here C-level string methods blank
    out everything that is not an ASCII letter or an apostrophe and split on the blanks.
    Only apostrophes then need a look: one joins two letter runs into a token ("don’t")
    when it stands between letters and the run before it did not itself join one
    ("rock’n’roll" gives "rock’n" and "roll", as the regex does).
    """
    if _CURLY_MARK in text:
        return " ".join(TOKEN_RE.findall(text))
    marked = text.replace("’", _CURLY_MARK) if "’" in text else text
    letters = marked.encode("ascii", "replace").translate(_LETTERS_AND_APOSTROPHES).decode("ascii")
    if "'" not in letters and _CURLY_MARK not in letters:
        return letters
    # Apostrophes are few (a dozen or two per article): find them with str.find, which
    # skips in C, rather than a regex scan over every character (10 µs on 600 words).
    positions = []
    for mark in ("'", _CURLY_MARK):
        position = letters.find(mark)
        while position != -1:
            positions.append(position)
            position = letters.find(mark, position + 1)
    positions.sort()
    last = len(letters) - 1
    pieces = []
    kept_end = 0  # end of the text handled so far
    joined = -2  # position of the last apostrophe that joined two runs
    for position in positions:
        if not (0 < position < last):
            continue
        if not (letters[position - 1].isalpha() and letters[position + 1].isalpha()):
            continue  # not between two letters: it separates
        if joined >= 0 and letters[joined + 1 : position].isalpha():
            continue  # the run before it is the tail of a token already joined
        pieces.append(letters[kept_end:position])
        pieces.append("’" if letters[position] == _CURLY_MARK else "'")
        kept_end, joined = position + 1, position
    pieces.append(letters[kept_end:])
    # Apostrophes left in the pieces join nothing: they separate, like any other character.
    for index in range(0, len(pieces), 2):
        pieces[index] = pieces[index].replace("'", " ").replace(_CURLY_MARK, " ")
    return "".join(pieces)


class Article:
    """An article's title, body text and URL, validated, with cached views for the cues.

    An article read from a web page also carries the page's ``residue`` (its text outside
    the article) and ``anchors`` (links whose address is hidden behind anchor text).
    """

    __slots__ = ("__dict__", "anchors", "residue", "text", "title", "truncated", "url")

    text: str
    """The body text analysed: the one given, cut at :data:`MAX_TEXT_CHARS`."""
    title: str
    """The headline ("" when none was given), cut at :data:`MAX_TITLE_CHARS`."""
    url: str
    """The article's address ("" when none was given), cut at :data:`MAX_URL_CHARS`."""
    residue: str
    """A web page's text outside its article ("" if none), cut at :data:`MAX_RESIDUE_CHARS`."""
    anchors: tuple[Anchor, ...]
    """A web page's links with their anchor text's span in :attr:`text` (inside the cut)."""
    truncated: dict[str, int]
    """Fields cut for analysis, by name, with their original length."""

    def __init__(
        self,
        text: object,
        title: object = None,
        url: object = None,
        *,
        residue: object = None,
        anchors: Iterable[tuple[str, int, int]] = (),
    ) -> None:
        text = _check_str("text", text, required=True)
        if not text.strip():
            got = "only whitespace" if text else "an empty string"
            raise ValueError(f"text must contain non-whitespace characters, got {got}")
        checked_anchors = _check_anchors(anchors, len(text))
        self.truncated = {}
        self.text = self._limit("text", text, MAX_TEXT_CHARS)
        self.title = self._limit(
            "title", _check_str("title", title, required=False), MAX_TITLE_CHARS
        )
        self.url = self._limit("url", _check_str("url", url, required=False), MAX_URL_CHARS)
        self.residue = self._limit(
            "residue", _check_str("residue", residue, required=False), MAX_RESIDUE_CHARS
        )
        # An anchor past the cut points at text that is not analysed: it is left out too.
        self.anchors = tuple(a for a in checked_anchors if a.end <= len(self.text))

    @classmethod
    def from_cells(cls, text: object, title: object = None, url: object = None) -> Article:
        """An article from a table row: an empty cell (see :func:`is_missing`) is missing.

        A missing text raises ``ValueError("text is missing (empty cell)")``.
        """
        if is_missing(text):
            raise ValueError("text is missing (empty cell)")
        return cls(text, title, url)

    def _limit(self, name: str, value: str, limit: int) -> str:
        """``value`` cut to ``limit`` characters at whitespace, recorded in ``truncated``."""
        if len(value) <= limit:
            return value
        self.truncated[name] = len(value)
        return _prefix(value, limit)

    def field(self, name: str) -> str:
        """The value of one field by name (``"title"``, ``"text"``, ``"residue"`` or ``"url"``)."""
        if name == "text":
            return self.text
        if name == "title":
            return self.title
        if name == "url":
            return self.url
        if name == "residue":
            return self.residue
        raise ValueError(f"field must be 'title', 'text', 'residue' or 'url', got {name!r}")

    def cue(self, kind: str, field: str, start: int, end: int, message: str) -> Cue:
        """Build a cue whose evidence is sliced from the field, so it always matches."""
        value = self.field(field)
        return Cue(kind, field, start, end, value[start:end], message)

    @cached_property
    def residue_view(self) -> Article | None:
        """The residue as an article of its own, for the cues that read page residue.

        Its ``text`` is :attr:`residue`, so a cue found in it has its span in the residue.
        None when there is no residue (plain text, or a page that is all article).
        """
        return Article(self.residue) if self.residue.strip() else None

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of every non-blank line of the text, whitespace-trimmed."""
        return [match.span() for match in _TRIMMED_LINE_RE.finditer(self.text)]

    @cached_property
    def _token_text(self) -> str:
        """The ASCII words of the text separated by spaces: what the token counts split."""
        return _ascii_token_text(self.text)

    @cached_property
    def lower_tokens(self) -> list[str]:
        """The ASCII words in document order, lower-cased, curly apostrophes straightened.

        For word n-grams, which need the order :attr:`token_counts` does not keep.
        """
        return self._token_text.lower().replace("’", "'").split()

    @cached_property
    def token_counts(self) -> Counter[str]:
        """How often each ASCII word occurs, in its original case (one scan, no offsets).

        Counting features (style rates, the vocabulary model, candidate misspellings and
        names) work on the few hundred distinct words rather than on every occurrence.
        """
        return Counter(self._token_text.split())

    @cached_property
    def n_tokens(self) -> int:
        """Number of ASCII words in the text."""
        return sum(self.token_counts.values())

    @cached_property
    def n_token_chars(self) -> int:
        """Characters in all ASCII words together: ``sum(len(t) * n for t, n in counts)``."""
        # The token text holds the words and blanks only, so this is a subtraction in C.
        return len(self._token_text) - self._token_text.count(" ")

    @cached_property
    def lower_counts(self) -> Counter[str]:
        """:attr:`token_counts` folded to lower case, the curly apostrophe made straight.

        Counted from :attr:`lower_tokens` (in C), which scoring splits anyway for the word
        pairs: counting also caches each token's hash, so the vocabulary look-up that follows
        does not hash the words again. Keys come in document order of first use, as they do
        in :attr:`token_counts`.
        """
        return Counter(self.lower_tokens)

    @cached_property
    def run_counts(self) -> Counter[str]:
        """How often each maximal run of ASCII letters occurs in the text, in original case.

        The tokens of :attr:`token_counts` split at their apostrophe ("don’t" counts as
        "don" and "t"): what a ``(?<![A-Za-z])[A-Za-z]+(?![A-Za-z])`` scan would find, at
        the cost of a look at the few tokens with an apostrophe instead of a text scan.
        Key order is not document order.
        """
        tokens = self.token_counts
        runs = Counter(tokens)
        joined = "\n".join(tokens)
        for mark in ("'", "’"):  # str.find skips to the few apostrophes in C
            position = joined.find(mark)
            while position != -1:
                start = joined.rfind("\n", 0, position) + 1
                end = joined.find("\n", position)
                token = joined[start : end if end != -1 else len(joined)]
                n = runs.pop(token)  # a token holds at most one apostrophe: split it once
                for run in _APOSTROPHE_RE.split(token):
                    runs[run] += n
                position = joined.find(mark, position + 1)
        return runs

    def shared(self, compute: Callable[[Article], _T]) -> _T:
        """``compute(self)``, computed once per article and then remembered.

        For a cue whose ``find`` and ``measure`` need the same pass over the text: both call
        ``article.shared(_their_pass)`` and the second call costs a dict look-up.
        """
        memo = self.__dict__.setdefault("_shared", {})
        if compute not in memo:
            memo[compute] = compute(self)
        return memo[compute]

    @cached_property
    def anchor_links(self) -> tuple[Anchor, ...]:
        """The page's links (:attr:`anchors`) whose anchor text is not a link written in the
        text: those are in :attr:`links` already, and one link must count once."""
        if not self.anchors:
            return ()
        starts = [start for start, _ in self.links]
        furthest = list(accumulate((end for _, end in self.links), max))
        kept = []
        for anchor in self.anchors:
            # Of the written links starting before the anchor ends, does any reach into it?
            index = bisect_left(starts, max(anchor.end, anchor.start + 1)) - 1
            if index >= 0 and furthest[index] > anchor.start:
                continue
            kept.append(anchor)
        return tuple(kept)

    @cached_property
    def links(self) -> list[tuple[int, int]]:
        """(start, end) of every link in the text, trailing punctuation excluded."""
        spans = []
        matches = [match for pattern in LINK_RES for match in pattern.finditer(self.text)]
        if "www." in self.text:
            matches.extend(_www_links(self.text))
        for match in matches:
            link = match.group().rstrip(_TRAILING_PUNCT)
            if link:
                spans.append((match.start(), match.start() + len(link)))
        spans.sort()
        return spans
