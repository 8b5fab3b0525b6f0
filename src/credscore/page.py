"""Read a web page into a :class:`Page`: the article, the page around it, metadata and links.

trafilatura finds the article body and the metadata; everything else the page shows (share
bars, promo boxes, "Related Posts", comment forms, sidebars, footers) is kept as the
*residue*, because that is where scraped fringe pages carry the cues credscore looks for.
The residue is the page's visible text minus the lines trafilatura kept: each line is
aligned to the extracted body word by word, so a teaser that repeats the story's first
sentence is still residue.

Needs the ``html`` extra (``pip install "credscore[html]"``): trafilatura, lxml and w3lib.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from lxml.html import HtmlElement  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

#: File name endings of saved web pages.
PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm")
#: Largest page read, in bytes of a ``bytes`` page or characters of a ``str`` page. News
#: pages weigh 0.1-2 MB with their scripts; the rest of a longer page is dropped, with a note.
MAX_PAGE_SIZE = 5_000_000
#: Most elements handed to trafilatura, after scripts, styles and SVG are dropped. Its cost
#: grows with the element count (0.1-0.3 ms per element here); news pages hold 1,000-6,000.
#: The elements after this many, in document order, are dropped, with a note.
MAX_ELEMENTS = 10_000
#: Most characters of text handed to trafilatura: five times the longest text
#: :class:`~credscore.article.Article` analyses, so the residue has room too.
MAX_TEXT_CHARS = 1_000_000
#: Fewest words outside link text that an extracted body needs to count as an article: a
#: homepage's headlines or an error page's apology give fewer (the team's pages: 13 and 11).
MIN_ARTICLE_WORDS = 50
#: Most places in the body one page line is looked up at (a short line such as "Share"
#: can occur many times; the alignment needs only a few candidates).
_MAX_CANDIDATES_PER_LINE = 8

# The headline is looked for among the body's first paragraphs; what stands above it is
# dropped when each of those is this short (a kicker, a section name, a dateline stamp).
_HEADLINE_REACH = 3
_KICKER_WORDS = 10

# Where a link's anchor starts and ends while the body text is assembled: Unicode
# noncharacters, which no page text holds (they are removed from it to be sure).
_LINK_OPEN, _LINK_CLOSE = "\ufdd0", "\ufdd1"

# libxml2's nesting limit for HTML without its XML_PARSE_HUGE option (lxml's huge_tree).
_MAX_DEPTH = 255

_INSTALL_HINT = 'reading web pages needs the html extra: pip install "credscore[html]"'

# Elements whose content is never shown as text. <head> holds the title and metadata,
# which trafilatura reads; <select>/<textarea> hold form values, not page text.
_NOT_SHOWN = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
     "embed", "canvas", "audio", "video", "select", "datalist", "textarea", "title", "meta",
     "link", "base"}
)  # fmt: skip
# Elements removed before anything reads the tree: they never hold page text.
_NEVER_TEXT = ("style", "template", "svg", "math", "noscript")
# Elements that start a new line of text when rendered (HTML's block-level and table
# elements); inline elements (a, span, b, label, ...) continue the current line.
_PAGE_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
     "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
     "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
     "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
     "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
)  # fmt: skip
# The block elements of trafilatura's output tree (its XML: p, head, list/item, quote, ...).
_BODY_BLOCKS = frozenset(
    {"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div", "body"}
)
# Inline elements drawn as separate buttons: text on either side of one is another word.
_SIDE_BY_SIDE = frozenset({"a", "button"})
# A residue region never grows past these: with no article, each child of <body> is one.
_TOP = frozenset({"body", "html"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# Search the start of the page for a declared charset (w3lib looks at the first 4 kB too).
_CHARSET_WINDOW = 4096


class Link(NamedTuple):
    """One outbound link of the article body, and where its anchor text is in ``Page.text``."""

    href: str
    """Absolute http(s) URL, resolved against the page URL."""
    text: str
    """The anchor text: ``page.text[start:end]`` ("" for a link with no text)."""
    start: int
    """Offset of the anchor text's first character in :attr:`Page.text`."""
    end: int
    """Offset one past its last character."""


@dataclass(frozen=True)
class Page:
    """What :func:`read_page` found on a web page."""

    title: str | None
    """The article's headline (og:title, the <h1> or the <title>); None when none is found."""
    text: str
    """The article body as plain text, paragraphs separated by blank lines; "" if no article."""
    residue: str
    """The page's other visible text in document order, blocks separated by blank lines.

    A block is one region of the page outside the article (a share bar, a comment form,
    a sidebar, the footer), one line per rendered line of text.
    """
    url: str | None
    """The URL given to :func:`read_page`, else the page's canonical or og:url."""
    published: str | None
    """Publication date as the page's markup states it (ISO 8601, ``YYYY-MM-DD``)."""
    author: str | None
    """Author name(s) as the page states them (several joined by "; ")."""
    site_name: str | None
    """The site's name (og:site_name or the like)."""
    language: str | None
    """The language tag the page declares (``<html lang>``, Content-Language, og:locale)."""
    links: tuple[Link, ...]
    """The article body's links as ``(href, text, start, end)`` records, in document order."""
    notes: tuple[str, ...]
    """What went wrong or was cut while reading, one sentence each (empty when nothing)."""

    @property
    def residue_blocks(self) -> tuple[str, ...]:
        """The residue split into its blocks (page regions), in document order."""
        return tuple(self.residue.split("\n\n")) if self.residue else ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of every field; links as ``{"href", "text", "start", "end"}``."""
        return {
            "title": self.title,
            "text": self.text,
            "residue": self.residue,
            "url": self.url,
            "published": self.published,
            "author": self.author,
            "site_name": self.site_name,
            "language": self.language,
            "links": [link._asdict() for link in self.links],
            "notes": list(self.notes),
        }


def _require(name: str) -> ModuleType:
    """Import an optional dependency or say which extra provides it."""
    try:
        return import_module(name)
    except ImportError as err:
        raise ImportError(f"{_INSTALL_HINT} ({name} is missing)") from err


# --- bytes to text -------------------------------------------------------------------------


def _decode(data: bytes, content_type: str | None, notes: list[str]) -> str:
    """The page's text: charset from a BOM, the Content-Type header or a <meta> declaration.

    Bytes that do not decode are replaced with U+FFFD and a note says so. An undeclared page
    that is not UTF-8 is read as Windows-1252, the default the HTML standard gives browsers.
    """
    encoding = _require("w3lib.encoding")
    cut = len(data) > MAX_PAGE_SIZE
    if cut:
        notes.append(f"page truncated at {MAX_PAGE_SIZE:,} bytes (it had {len(data):,})")
        data = data[:MAX_PAGE_SIZE]
    bom_codec, bom = encoding.read_bom(data)
    if bom_codec:
        codec, source, data = bom_codec, "its byte order mark", data[len(bom) :]
    elif content_type and (header_codec := encoding.http_content_type_encoding(content_type)):
        codec, source = header_codec, "the Content-Type header"
    elif meta_codec := encoding.html_body_declared_encoding(data[:_CHARSET_WINDOW]):
        # A <meta> that could be read as ASCII cannot be right about UTF-16: the HTML
        # standard reads such a page as UTF-8.
        codec = "utf-8" if meta_codec.startswith(("utf-16", "utf-32")) else meta_codec
        source = "the page's <meta> charset"
    else:
        codec, source = "utf-8", ""
    if codec in ("utf-16", "utf-32"):
        codec += "-le"  # a label with no byte order mark: little-endian, as browsers read it
    try:
        # final=False when the page was cut: a character split by the cut is not an error.
        return codecs.getincrementaldecoder(codec)("strict").decode(data, final=not cut)
    except UnicodeError as err:
        if not source:
            notes.append(
                "no charset declared and the bytes are not valid UTF-8: read as Windows-1252"
            )
            codec = "cp1252"
        else:
            where = f", the first at offset {err.start:,}," if hasattr(err, "start") else ""
            notes.append(
                f"bytes were not valid {codec} (declared by {source}): undecodable "
                f"bytes{where} were replaced with U+FFFD"
            )
    return codecs.getincrementaldecoder(codec)("replace").decode(data, final=not cut)


# --- the tree ------------------------------------------------------------------------------


def _parse(text: str, notes: list[str]) -> HtmlElement | None:
    """Parse with lxml (comments dropped); None for an empty page. Deep nesting is a note."""
    lxml_html = _require("lxml.html")
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except Exception as err:  # lxml raises ParserError or XMLSyntaxError on an empty document
        notes.append(f"the page could not be parsed as HTML: {err}")
        return None
    if any("depth" in entry.message for entry in parser.error_log):
        # libxml2 stops reading at its nesting limit: what came after is lost, not misread.
        notes.append(
            f"markup nested more than {_MAX_DEPTH} elements deep: the page was read only up "
            "to the first element past that depth"
        )
    return root


def _drop_code(root: HtmlElement) -> None:
    """Remove what is never text (scripts but JSON-LD metadata, styles, SVG), keeping tails."""
    etree = _require("lxml.etree")
    etree.strip_elements(root, *_NEVER_TEXT, with_tail=False)
    for script in list(root.iter("script")):
        if "ld+json" not in (script.get("type") or "").lower():
            script.drop_tree()


def _drop_after(last: HtmlElement) -> None:
    """Remove everything that follows ``last``'s start tag in document order (in C, by slices)."""
    del last[:]
    node = last
    parent = node.getparent()
    while parent is not None:
        del parent[parent.index(node) + 1 :]
        node, parent = parent, parent.getparent()


def _cut_tree(root: HtmlElement, notes: list[str]) -> None:
    """Keep the first :data:`MAX_ELEMENTS` elements and :data:`MAX_TEXT_CHARS` of text."""
    count = int(root.xpath("count(//*)"))
    if count > MAX_ELEMENTS:
        _drop_after(root.xpath("(//*)[$n]", n=MAX_ELEMENTS)[0])
        notes.append(f"page cut at {MAX_ELEMENTS:,} HTML elements (it had {count:,})")
    size = len(root.xpath("string()"))
    if size <= MAX_TEXT_CHARS:
        return
    room = MAX_TEXT_CHARS
    for element in root.iter():
        if len(element.text or "") >= room:
            element.text = (element.text or "")[:room]
            _drop_after(element)
            break
        room -= len(element.text or "")
        if len(element.tail or "") >= room:
            element.tail = (element.tail or "")[:room]
            _drop_after(element)
            for ancestor in element.iterancestors():
                ancestor.tail = None
            break
        room -= len(element.tail or "")
    notes.append(f"page cut at {MAX_TEXT_CHARS:,} characters of text (it had {size:,})")


def _declared_language(root: HtmlElement) -> str | None:
    """The language tag the page states: <html lang>, Content-Language, then og:locale."""
    candidates = [root.get("lang"), root.get("xml:lang")]
    for meta in root.iter("meta"):
        http_equiv = (meta.get("http-equiv") or "").lower()
        prop = (meta.get("property") or meta.get("name") or "").lower()
        if http_equiv == "content-language" or prop in ("og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for candidate in candidates:
        if not candidate:
            continue
        tag = candidate.split(",")[0].strip().replace("_", "-")
        if _LANGUAGE_TAG.fullmatch(tag):
            return tag
    return None


# --- visible lines -------------------------------------------------------------------------


class _Line(NamedTuple):
    text: str
    owner: Any  # the innermost block element holding the line (an lxml element)
    link_words: int  # how many of its words are link text


def _is_hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _page_lines(root: HtmlElement) -> list[_Line]:
    """The page's visible text as rendered lines, in document order (no recursion)."""
    etree = _require("lxml.etree")
    lines: list[_Line] = []
    owners: list[Any] = [root]
    pieces: list[tuple[str, bool]] = []  # (text, inside a link)
    in_link = 0
    # Tag of an element that just ended with no text after it: two buttons or links side by
    # side ("Share to Twitter", "Share to Facebook") are separate words even with no space.
    just_ended: str | None = None

    def add(text: str) -> None:
        nonlocal just_ended
        pieces.append((text, in_link > 0))
        just_ended = None

    def flush() -> None:
        text = " ".join("".join(piece for piece, _ in pieces).split())
        if text:
            linked = "".join(piece for piece, is_link in pieces if is_link)
            lines.append(_Line(text, owners[-1], len(_words(linked))))
        pieces.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        shown = tag not in _NOT_SHOWN and not _is_hidden(element)
        if event == "start":
            if not shown:
                walker.skip_subtree()
                continue
            if just_ended is not None and (tag in _SIDE_BY_SIDE or just_ended in _SIDE_BY_SIDE):
                add(" ")
            if tag in _PAGE_BLOCKS or tag == "br":
                flush()
            if tag in _PAGE_BLOCKS:
                owners.append(element)
            if tag == "a":
                in_link += 1
            if tag == "input" and (element.get("type") or "").lower() in ("submit", "button"):
                add(f" {element.get('value') or ''} ")  # drawn as a button with that label
            if element.text:
                add(element.text)
        else:
            if shown and tag in _PAGE_BLOCKS:
                flush()
                owners.pop()
            if shown and tag == "a":
                in_link -= 1
            just_ended = tag
            if element.tail and element is not root:
                add(element.tail)
    flush()
    return lines


def _body_text(body: HtmlElement, title: str | None) -> tuple[str, list[Link]]:
    """trafilatura's body tree as plain text, and its links with their anchors' offsets.

    Paragraphs are separated by blank lines; the items of a list and the lines of a
    paragraph broken by ``<br>`` by single newlines.
    """
    etree = _require("lxml.etree")
    paragraphs: list[list[str]] = []
    targets: list[str] = []  # href of each link, in document order
    group_of_last_line: Any = None
    pieces: list[str] = []
    owners: list[Any] = [body]
    carry = ""  # markers of a link with no text of its own, kept for the next line

    def group(owner: Any) -> Any:
        # Items of one list are lines of one paragraph; any other block is its own paragraph.
        return owner.getparent() if owner.tag == "item" else owner

    def add(text: str) -> None:
        pieces.append(text.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, ""))

    def flush() -> None:
        nonlocal group_of_last_line, carry
        text = carry + " ".join("".join(pieces).split())
        pieces.clear()
        if not text.strip(_LINK_OPEN + _LINK_CLOSE):
            carry = text
            return
        carry = ""
        key = group(owners[-1])
        if paragraphs and key is group_of_last_line:
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        group_of_last_line = key

    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        is_link = tag == "ref" and bool(element.get("target"))
        if event == "start":
            if tag in _BODY_BLOCKS or tag == "lb":
                flush()
                if tag == "lb":
                    group_of_last_line = group(owners[-1])  # the next line joins this paragraph
            if tag in _BODY_BLOCKS:
                owners.append(element)
            if is_link:
                targets.append(element.get("target"))
                pieces.append(_LINK_OPEN)
            if element.text:
                add(element.text)
        else:
            if tag in _BODY_BLOCKS:
                flush()
                owners.pop()
            if is_link:
                pieces.append(_LINK_CLOSE)
            if element.tail and element is not body:
                add(element.tail)
    flush()
    if carry and paragraphs:
        paragraphs[-1][-1] += carry
    # trafilatura keeps the headline at the top of the body on some pages, sometimes under a
    # kicker ("Education"): the headline is the title, and what stands above it is chrome.
    title_words = _words(title) if title else []
    for index, paragraph in enumerate(paragraphs[:_HEADLINE_REACH]):
        if _words(" ".join(paragraph)) == title_words:
            above = paragraphs[:index]
            if all(len(_words(" ".join(lines))) < _KICKER_WORDS for lines in above):
                dropped = paragraphs[: index + 1]
                del targets[: sum(line.count(_LINK_OPEN) for lines in dropped for line in lines)]
                del paragraphs[: index + 1]
            break
    return _unmark("\n\n".join("\n".join(lines) for lines in paragraphs), targets)


def _unmark(marked: str, targets: list[str]) -> tuple[str, list[Link]]:
    """The text without its link markers, and each link with its anchor's offsets in it."""
    text = marked.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
    links: list[Link] = []
    opened: list[tuple[int, int]] = []  # (link number, start) of the links not yet closed
    n_opened = 0
    for removed, marker in enumerate(re.finditer(f"[{_LINK_OPEN}{_LINK_CLOSE}]", marked)):
        position = marker.start() - removed  # offset in the text without markers
        if marker.group() == _LINK_OPEN:
            opened.append((n_opened, position))
            n_opened += 1
        elif opened:
            number, start = opened.pop()
            end = position
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if number < len(targets):
                links.append(Link(targets[number], text[start:end], start, end))
    links.sort(key=lambda link: link.start)
    return text, links


# --- aligning the page's lines with the body ------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _body_line_indexes(lines: list[_Line], body_text: str) -> set[int]:
    """Indexes of the page lines that make up the extracted body.

    Each line's words are looked up in the body's words; among the places found, the set of
    non-overlapping matches in document order that covers the most body words wins. A
    repeated sentence (a teaser above the story, a pull quote) thus loses to the paragraph
    it repeats, and stays residue.
    """
    body_words = _words(body_text)
    if not body_words:
        return set()
    candidates = _line_matches(lines, body_words)
    return {candidates[index][0] for index in _heaviest_chain(candidates, len(body_words))}


def _line_matches(lines: list[_Line], body_words: list[str]) -> list[tuple[int, int, int]]:
    """(line index, first body word, end) for each place a line's words occur in the body."""
    # Body words joined by spaces, and where each word starts, to compare a line in C.
    joined = " " + " ".join(body_words) + " "
    starts: list[int] = []
    position = 1
    for word in body_words:
        starts.append(position)
        position += len(word) + 1
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(body_words):
        positions.setdefault(word, []).append(index)

    matches: list[tuple[int, int, int]] = []
    for line_index, line in enumerate(lines):
        words = _words(line.text)
        if not words or any(word not in positions for word in words):
            continue
        # Look the line up by its rarest word: a handful of places to check, not every word.
        offset = min(range(len(words)), key=lambda k: len(positions[words[k]]))
        needle = " " + " ".join(words) + " "
        found = 0
        for anchor in positions[words[offset]]:
            first = anchor - offset
            if first < 0 or first + len(words) > len(body_words):
                continue
            if joined.startswith(needle, starts[first] - 1):
                matches.append((line_index, first, first + len(words)))
                found += 1
                if found == _MAX_CANDIDATES_PER_LINE:
                    break
    return matches


def _heaviest_chain(matches: list[tuple[int, int, int]], n_words: int) -> list[int]:
    """Indexes of the matches, later lines at later body places, that cover the most words.

    A weighted longest chain: ``best[m] = words(m) + max(best[m'])`` over matches ``m'`` of
    earlier lines that end where ``m`` starts or before, the maximum read from a Fenwick tree
    of prefix maxima over end positions: O(n log n) for n matches.
    """
    size = n_words + 1
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # (best, match) maxima

    def best_ending_by(end: int) -> tuple[int, int]:
        result = (0, -1)
        index = end + 1
        while index > 0:
            result = max(result, tree[index])
            index -= index & -index
        return result

    def record(end: int, value: tuple[int, int]) -> None:
        index = end + 1
        while index <= size:
            if value > tree[index]:
                tree[index] = value
            index += index & -index

    best: list[int] = []
    previous: list[int] = []
    start = 0
    while start < len(matches):
        stop = start
        while stop < len(matches) and matches[stop][0] == matches[start][0]:
            stop += 1
        for index in range(start, stop):  # matches of one line never chain with each other
            _, first, end = matches[index]
            value, before = best_ending_by(first)
            best.append(value + end - first)
            previous.append(before)
        for index in range(start, stop):
            record(matches[index][2], (best[index], index))
        start = stop
    if not best:
        return []
    chain = []
    index = max(range(len(best)), key=best.__getitem__)
    while index != -1:
        chain.append(index)
        index = previous[index]
    return chain[::-1]


def _residue(lines: list[_Line], body_indexes: set[int], title: str | None) -> str:
    """The lines outside the body, one block per page region, blocks separated by blank lines.

    A line's region is the largest element around it that holds no body line (a share bar,
    a comment form, the footer); with no body at all, the children of <body>.
    """
    holds_body: set[Any] = set()
    for index in body_indexes:
        element = lines[index].owner
        while element is not None and element not in holds_body:
            holds_body.add(element)
            element = element.getparent()
    region_of: dict[Any, Any] = {}

    def region(owner: Any) -> Any:
        if owner not in region_of:
            element = owner
            parent = element.getparent()
            while parent is not None and parent not in holds_body and parent.tag not in _TOP:
                element, parent = parent, parent.getparent()
            region_of[owner] = element
        return region_of[owner]

    title_words = _words(title) if title else None
    blocks: list[list[str]] = []
    last_region: Any = None
    for index, line in enumerate(lines):
        if index in body_indexes:
            last_region = None
            continue
        if title_words and _words(line.text) == title_words:
            title_words = None  # the headline above the story: it is Page.title
            continue
        key = region(line.owner)
        if blocks and key is last_region:
            blocks[-1].append(line.text)
        else:
            blocks.append([line.text])
        last_region = key
    return "\n\n".join("\n".join(block) for block in blocks)


# --- the public call -----------------------------------------------------------------------


def _check_optional_str(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {type(value).__name__}")
    return value.strip() or None


def _resolve(links: list[Link], base: str | None) -> tuple[Link, ...]:
    """Links made absolute against ``base``; those that are not http(s) are dropped."""
    resolved = []
    for link in links:
        try:
            absolute = urljoin(base, link.href.strip()) if base else link.href.strip()
            scheme = urlsplit(absolute).scheme.lower()
        except ValueError:  # a malformed address ("http://[::1" ) is not a link
            continue
        if scheme in ("http", "https"):
            resolved.append(link._replace(href=absolute))
    return tuple(resolved)


def read_page(
    html: str | bytes, url: str | None = None, *, content_type: str | None = None
) -> Page:
    """Read one web page: its article (trafilatura), the residue around it, metadata, links.

    ``html`` is the page as ``str`` or ``bytes``; bytes are decoded by the charset of their
    byte order mark, of ``content_type`` (an HTTP ``Content-Type`` header value) or of the
    page's ``<meta>`` declaration. ``url`` is where the page came from; links are resolved
    against it. Nothing is fetched. Pages over :data:`MAX_PAGE_SIZE` are cut, and what was
    cut or could not be read is listed in :attr:`Page.notes`, never raised.
    """
    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    if not isinstance(html, (str, bytes)):
        raise TypeError(f"html must be a str or bytes, got {type(html).__name__}")
    url = _check_optional_str("url", url)
    content_type = _check_optional_str("content_type", content_type)
    trafilatura = _require("trafilatura")

    notes: list[str] = []
    if isinstance(html, bytes):
        text = _decode(html, content_type, notes)
    elif len(html) > MAX_PAGE_SIZE:
        notes.append(f"page truncated at {MAX_PAGE_SIZE:,} characters (it had {len(html):,})")
        text = html[:MAX_PAGE_SIZE]
    else:
        text = html
    root = _parse(text, notes) if text.strip() else None
    if root is None:
        notes.append("the page is empty")
        return Page(None, "", "", url, None, None, None, None, (), tuple(notes))

    _drop_code(root)
    _cut_tree(root, notes)
    language = _declared_language(root)

    try:
        document = trafilatura.bare_extraction(
            root,
            url=url,
            with_metadata=True,
            # Precision over recall: chrome taken for the story would count as the author's
            # writing, while a paragraph trafilatura leaves out still reaches the residue.
            # On the team's pages it drops a donation box and a kicker and loses nothing.
            favor_precision=True,
            include_comments=False,
            include_links=True,
            include_images=False,
            # Only dates the markup states (meta tags, JSON-LD, <time>), not ones guessed
            # from the text: a copyright year in the footer is not a publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # a page must never stop a batch; say what happened instead
        logger.warning("trafilatura failed on %s: %s", url or "a page", err)
        notes.append(f"the article extractor failed: {type(err).__name__}: {err}")
        document = None

    title = getattr(document, "title", None) or None
    body_text: str = ""
    raw_links: list[Link] = []
    if document is not None and document.body is not None:
        body_text, raw_links = _body_text(document.body, title)
    lines = _page_lines(root)
    body_lines = _body_line_indexes(lines, body_text)
    # Words of the body that are not link text on the page: a homepage's body is headlines.
    words = len(_words(body_text)) - sum(lines[index].link_words for index in body_lines)
    if not body_text:
        notes.append("no article found on the page")
    elif words < MIN_ARTICLE_WORDS:
        notes.append(
            f"no article found on the page: the extracted text has {words} words outside "
            f"links (an article has at least {MIN_ARTICLE_WORDS}); it is kept in the residue"
        )
        body_text, body_lines, raw_links = "", set(), []
    residue = _residue(lines, body_lines, title if body_text else None)
    page_url = url or getattr(document, "url", None) or None
    return Page(
        title=title,
        text=body_text,
        residue=residue,
        url=page_url,
        published=getattr(document, "date", None) or None,
        author=getattr(document, "author", None) or None,
        site_name=getattr(document, "sitename", None) or None,
        language=language,
        links=_resolve(raw_links, page_url),
        notes=tuple(notes),
    )
