"""Scraped page residue (comment forms, share bars, "Related Posts") left in the article body.

Careful outlets publish through a CMS that keeps widgets out of the story text; copy-paste
sites and scrapes of blog templates carry them along: WordPress comment forms and post
footers ("Posted in X | Tagged ..."), Blogger's "Post a Comment" and "Newer Post Older Post
Home", Disqus threads, Jetpack share bars ("Share this: ... Like this: Like Loading..."),
"Related Posts" and "You May Also Like" blocks with their list of headlines.

A match must be a whole line made of widget phrases; a sentence that merely *mentions*
replying or sharing is not residue. Chrome that reliable outlets also carry in scraped
text ("Share this article", "Related coverage", "Read more:", "Advertisement", newsletter
lines) is *weak*: it never fires on its own, only inside a block with a CMS widget.
"""

from __future__ import annotations

import re
from collections import defaultdict

from credscore.article import Article
from credscore.cue import Cue
from credscore.cues._outlets import trie_pattern

KIND = "page_boilerplate"
DIRECTION = -1

# Tiers of widget phrases. STRONG: only a blog or comment template prints it (WordPress,
# Blogger, Disqus, Jetpack); on the shared collections' reliable articles it occurs only where
# those outlets run WordPress themselves (two CPJ Jetpack share bars and a Pew "Related posts:"
# list in AllSides' 4,714, two Jetpack like bars in FakeNewsNet's 211, one share bar in
# Perez-Rosas' 490). LIST: a strong header of a list of other posts. HEADER: a list header
# that reliable outlets print too (BBC: "You might also like:" mid-article), residue only with
# the headlines that end the text. WEAK: chrome of reliable outlets' pages too, which counts
# only inside a block with a strong phrase.
STRONG, LIST, HEADER, WEAK = "strong", "list", "header", "weak"

# A post's categories or tags: up to a dozen terms of up to four words, comma-separated.
_TERMS = r"[\w&'’\-]+(?: [\w&'’\-]+){0,3}(?:, [\w&'’\-]+(?: [\w&'’\-]+){0,3}){0,11}"
_ELLIPSIS = r"(?:\.\.\.|…)?"
_SOCIAL = (
    "facebook", "twitter", "linkedin", "whatsapp", "telegram", "reddit", "pinterest", "tumblr",
    "pocket", "skype", "messenger",
)  # fmt: skip

#: (tier, first words, pattern) of each widget phrase, matched case-insensitively. The first
#: words are the lower-cased words a phrase can start with ("0" for a number): a line is only
#: tried against the phrases of its first word. Within a first word, longer phrases come
#: first, as a token ends where the first phrase that fits ends.
WIDGET_PHRASES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # WordPress comment form.
    (STRONG, ("leave",), r"leave a (?:reply|comment)(?: to [\w.\-]+(?: [\w.\-]+)?)?"),
    (STRONG, ("cancel",), r"cancel reply"),
    (STRONG, ("your",), r"your email address will not be published\.?"),
    (STRONG, ("required",), r"required fields are marked(?: \*)?"),
    (STRONG, ("save",), r"save my name, email, and website in this browser for the next time i"
                        r" comment\.?"),
    (STRONG, ("notify",), r"notify me of (?:follow-up comments|new (?:posts|comments))"
                          r" (?:by|via) e-?mail\.?"),
    (STRONG, ("you",), r"you must be (?:logged in|registered) to post a comment\.?"),
    # WordPress post footer and navigation.
    (STRONG, ("posted",), rf"posted in {_TERMS}"),
    (STRONG, ("tagged",), rf"tagged:? {_TERMS}"),
    (STRONG, ("this",), r"this entry was posted in [^\n]{1,200}"),
    (STRONG, ("bookmark",), r"bookmark the permalink\.?"),
    (STRONG, ("post",), r"post navigation"),
    (
        STRONG,
        ("←", "«", "‹", "previous", "prev", "next", "older", "newer"),
        r"[←«‹]? ?(?:previous|prev|next|older|newer) (?:post|article|entry)(?::| ?[→»›])?"
        r"(?: [^\n]{0,120}[^.\n])?",
    ),
    # Blogger.
    (STRONG, ("post",), r"post a comment"),
    (STRONG, ("subscribe", "post"), r"(?:subscribe to: )?post comments \(atom\)"),
    (STRONG, ("newer", "older"), r"(?:newer|older) posts?"),
    (STRONG, ("no", "0"), r"(?:no|\d+) comments?:"),
    (STRONG, ("blogthis",), r"blogthis!?"),
    (STRONG, ("share",), r"share to (?:twitter|facebook|pinterest|x)"),
    (STRONG, ("labels",), rf"labels: {_TERMS}"),
    (STRONG, ("posted",), r"posted by [^\n]{1,40}? at \d{1,2}:\d{2}(?: ?[ap]m)?"),
    # Disqus.
    (STRONG, ("0", "comments"), r"(?:\d+ )?comments powered by disqus"),
    (STRONG, ("please",), r"please enable javascript to view the comments powered by disqus\.?"),
    (STRONG, ("disqus",), r"disqus(?: comments)?"),
    (STRONG, ("0",), r"\d+ responses?"),
    (STRONG, ("upvote",), r"upvote"),
    (STRONG, ("sort",), r"sort by (?:best|newest|oldest)"),
    # Jetpack share and like bars, print plug-ins.
    (STRONG, ("share",), r"share this:"),
    (STRONG, ("like",), r"like this:"),
    (STRONG, ("like",), rf"like loading{_ELLIPSIS}"),
    (
        STRONG,
        ("click",),
        r"click to (?:share on [\w+]+|email (?:a link to a friend|this)|print)"
        r"(?: \(opens in new window\))?",
    ),
    (STRONG, ("print",), r"print friendly,? pdf (?:&|and) email"),
    # Comment counters.
    (STRONG, ("comments", "comment"), r"comments? \(\d+\)"),
    (STRONG, ("0",), r"\d+ comments?"),
    # Lists of other posts.
    (LIST, ("related",), r"related posts:?"),
    (HEADER, ("you",), r"you (?:may|might) also like:?"),
    (HEADER, ("recent", "popular", "trending"), r"(?:recent|popular|trending) posts:?"),
    # Chrome reliable outlets have too.
    (WEAK, ("comment",), r"comment(?: \*|:)?"),
    (WEAK, ("name",), r"name(?: \*)?"),
    (WEAK, ("email",), r"email this"),
    (WEAK, ("email", "e"), r"e-?mail(?: address)?(?: \*)?"),
    (WEAK, ("website",), r"website"),
    (WEAK, ("post", "submit"), r"(?:post|submit) comment"),
    (WEAK, ("submit",), r"submit"),
    (WEAK, ("related",), r"related(?: (?:coverage|articles|stories|content|reading|news))?:?"),
    (WEAK, ("share",), r"share this(?: (?:article|story|post|page))?"),
    (WEAK, ("share", "tweet", "pin"), r"(?:share|tweet|pin)(?: it| on \w+)?"),
    (WEAK, ("share", "0"), r"(?:\d+ )?shares?"),
    (WEAK, ("print",), r"print"),
    (WEAK, ("more",), r"more(?: stories)?"),
    (WEAK, ("read",), r"read more:?"),
    (WEAK, ("recommended",), r"recommended(?: for you)?"),
    (WEAK, ("advertisement",), r"advertisement"),
    (WEAK, ("loading",), rf"loading{_ELLIPSIS}"),
    (WEAK, ("tags", "tag"), r"tags?: [^\n]{1,150}"),
    (WEAK, ("filed",), r"filed under:?(?: [^\n]{1,100})?"),
    (WEAK, ("categories",), r"categories: [^\n]{1,100}"),
    (WEAK, ("what",), r"what do you think\?"),
    (WEAK, ("funny", "love", "surprised", "angry", "sad"), r"funny|love|surprised|angry|sad"),
    (WEAK, ("home",), r"home"),
    (WEAK, ("join",), rf"join the discussion{_ELLIPSIS}"),
    (WEAK, ("about",), r"about the author"),
    (WEAK, _SOCIAL, "|".join(_SOCIAL)),
    (WEAK, ("(",), r"\(opens in new window\)"),
)  # fmt: skip

# The first word of a token: an arrow or bracket, a number, or a run of letters.
_FIRST_WORD = re.compile(r"[←«‹(]|\d+|[^\W\d_]+")
# After a token: Blogger's share bar is scraped without spaces ("Email ThisBlogThis!Share
# to Twitter"), so a token may touch the next one, but not run on into a lower-case letter
# or a digit; then any separators.
_TOKEN_END = r"(?!(?-i:[a-z])|\d)[\s|·•,/:\-–—]*"


def _compile_by_first_word() -> dict[str, re.Pattern[str]]:
    by_word: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for tier, words, pattern in WIDGET_PHRASES:
        for word in words:
            by_word[word][tier].append(pattern)
    compiled = {}
    for word, tiers in by_word.items():
        groups = "|".join(
            f"(?P<{tier}>{'|'.join(tiers[tier])})"
            for tier in (STRONG, LIST, HEADER, WEAK)
            if tier in tiers
        )
        compiled[word] = re.compile(f"(?:{groups}){_TOKEN_END}", re.IGNORECASE)
    return compiled


_TOKENS_BY_FIRST_WORD = _compile_by_first_word()
# A line can only be residue if it starts with a phrase's first word. Most lines are prose
# that fails this one trie-shaped match at once, so the scan costs one C call per line.
_STARTS_LIKE_WIDGET = re.compile(
    trie_pattern(tuple(word for word in _TOKENS_BY_FIRST_WORD if word.isalpha()))
    + r"(?![^\W\d_])|[←«‹(\d]",
    re.IGNORECASE,
)

# A headline in a "Related Posts" list: short, capitalised, not a sentence (no final period).
_HEADLINE = re.compile(r"[\"“‘'•\-–—*]?\s*[A-Z0-9][^\n]{2,118}[^.,;:\n]")
# Filler inside such a list: a date or a Jetpack category line ('In "Politics"').
_LIST_FILLER = re.compile(
    r"(?:in\s+[\"“][^\"”]{1,40}[\"”]|\w+\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\w+\s+\d{4}"
    r"|\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago)",
    re.IGNORECASE,
)
# The fewest headlines that make a list under a header (one could be a sub-heading).
_MIN_HEADLINES = 2
# Widget lines are short; a comment form collapsed onto one line is ~400 characters.
_MAX_LINE = 500
_NONE: frozenset[str] = frozenset()


def widget_tiers(line: str) -> set[str]:
    """The tiers of the widget phrases the whole line is made of, or an empty set."""
    if len(line) > _MAX_LINE or _STARTS_LIKE_WIDGET.match(line) is None:
        return set()
    tiers: set[str] = set()
    position = 0
    while position < len(line):
        word = _FIRST_WORD.match(line, position)
        if word is None:
            return set()
        key = word.group().lower()
        pattern = _TOKENS_BY_FIRST_WORD.get("0" if key.isdigit() else key)
        token = pattern.match(line, position) if pattern is not None else None
        if token is None or token.end() == position:
            return set()
        tiers.add(token.lastgroup or WEAK)
        position = token.end()
    return tiers


def _is_list_item(line: str) -> bool:
    return bool(_HEADLINE.fullmatch(line) or _LIST_FILLER.fullmatch(line))


def find_residue_blocks(article: Article) -> list[tuple[int, int, int]]:
    """(start, end, lines) of each block of residue that counts.

    Adjacent widget lines form a block. A list header ("Related Posts", "You May Also Like")
    takes the headlines after it when they end the text or run into more widgets; a list
    followed by more of the story is the outlet's own links. A block counts if it holds a
    strong phrase or a list header with its headlines.
    """
    text = article.text
    lines = article.lines
    # Paragraphs are longer than any widget line: the length test skips them before a regex.
    tiers_of = [
        widget_tiers(text[start:end])
        if end - start <= _MAX_LINE and _STARTS_LIKE_WIDGET.match(text, start, end)
        else _NONE
        for start, end in lines
    ]
    blocks: list[tuple[int, int, int]] = []
    index = 0
    while index < len(lines):
        if not tiers_of[index]:
            index += 1
            continue
        start, end = lines[index]
        tiers: set[str] = set()
        taken = headlines = pending = 0  # pending: headlines not yet known to be a list
        list_open = False
        while index < len(lines):
            line_tiers = tiers_of[index]
            if line_tiers:
                tiers |= line_tiers
                taken, headlines, pending = taken + 1 + pending, headlines + pending, 0
                end = lines[index][1]
                list_open = bool(line_tiers & {LIST, HEADER})
            elif list_open and _is_list_item(text[lines[index][0] : lines[index][1]]):
                pending += 1
            else:
                break
            index += 1
        if pending and index == len(lines):  # the list ends the text
            taken, headlines = taken + pending, headlines + pending
            end = lines[-1][1]
        if tiers & {STRONG, LIST} or (HEADER in tiers and headlines >= _MIN_HEADLINES):
            blocks.append((start, end, taken))
    return blocks


def find(article: Article) -> list[Cue]:
    """One cue per block of residue (a comment form is one finding, not five)."""
    text = article.text
    cues = []
    for start, end, lines in find_residue_blocks(article):
        first_end = text.find("\n", start, end)
        first = text[start : first_end if first_end != -1 else end].strip()
        more = f" and {lines - 1} more line(s)" if lines > 1 else ""
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
