"""Which cues count in a web page's residue (its text outside the article), and how.

A page wraps its article in chrome, and careful outlets have chrome too: share bars, "Related
coverage", newsletter sign-ups, cookie banners, comment counts, print links. Such chrome must
not lower a score on its own. Three cue kinds also mean something outside the story, each
under a stated rule; every other kind, the style features and the vocabulary read the
article's text only. A residue cue adds to the same ``cue_<kind>`` count as the kind's cues in
the text, so it carries the same weight: the training collections are scrapes in which these
lines sat inline with the story (as in the seed article), not pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from credscore.article import Article
from credscore.cue import Cue

# A comment form's own lines (WordPress, Blogger and their clones), at the start of a line.
# Comment counts ("4 Comments"), "Comments" headings and Disqus' thread links are not forms.
_COMMENT_FORM_LINE = re.compile(
    r"^[ \t]*(?:leave\ a\ (?:reply|comment)|post\ a\ comment|cancel\ reply"
    r"|your\ email\ address\ will\ not\ be\ published|required\ fields\ are\ marked"
    r"|save\ my\ name,\ email,?\ and\ website|notify\ me\ of\ (?:follow-up\ comments|new\ \w+)"
    r"|you\ must\ be\ logged\ in\ to\ post\ a\ comment)",
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)
# A line that says "these are my sources" (as in the bare_source cue): "Source:", "Sources
# include:", "Via", "H/T", "Hat tip", "References".
_SOURCE_LABEL = re.compile(
    r"[(\[]?\s*(?:sources?|via|h\s*/\s*t|h\.t\.?|hat[ -]tip|references?)(?!\w)", re.IGNORECASE
)


@dataclass(frozen=True)
class ResidueRule:
    """How one cue kind counts in page residue."""

    kind: str
    """The cue kind (one of the registry's)."""
    rule: str
    """The rule in one sentence, as the model card states it."""
    message: str
    """What a residue cue of this kind tells the reader."""
    keep: Callable[[str], tuple[int, int] | None]
    """The part of a cue's evidence (found in the residue) that counts, or None."""


def _all(evidence: str) -> tuple[int, int] | None:
    return 0, len(evidence)


def _comment_form_lines(evidence: str) -> tuple[int, int] | None:
    """From the first to the end of the last comment-form line of a block of page chrome."""
    lines = list(_COMMENT_FORM_LINE.finditer(evidence))
    if not lines:
        return None
    end = evidence.find("\n", lines[-1].end())
    start = lines[0].start()
    while evidence[start] in " \t":
        start += 1
    return start, len(evidence) if end == -1 else end


def _labelled(evidence: str) -> tuple[int, int] | None:
    return (0, len(evidence)) if _SOURCE_LABEL.match(evidence) else None


#: The cue kinds that count in page residue, each with its rule.
RESIDUE_RULES: tuple[ResidueRule, ...] = (
    ResidueRule(
        "promo_link",
        "counts in full, as in the text: calls to join or follow on alternative platforms and "
        "messengers, and donations to the site through payment services; the cue already "
        'leaves newsletter sign-ups, "Follow us on Twitter" and a bare "Donate now" alone.',
        "A promotional call to action (join a channel, donate, follow on an alternative "
        "platform) is on the page around the article.",
        _all,
    ),
    ResidueRule(
        "page_boilerplate",
        'counts only for a comment form ("Leave a Reply", "Post a Comment", "Your email '
        'address will not be published", "Required fields are marked", "Save my name...", '
        '"Notify me of..."); share bars, "Like this", "Related" and "You may also like" '
        "lists, comment counts, post navigation, print links and cookie banners do not count.",
        "The page carries a blog's comment form, the template of blogs and of sites that "
        "copy stories, not of newsrooms.",
        _comment_form_lines,
    ),
    ResidueRule(
        "bare_source",
        'counts only for a labelled line ("Source:", "Sources include:", "Via", "H/T"); '
        "a footer listing a media group's brands is chrome.",
        "A labelled source line on the page names outlets with no link or attribution a "
        "reader could check.",
        _labelled,
    ),
)

#: The cue kinds that may fire in page residue, in registry order.
RESIDUE_KINDS: tuple[str, ...] = tuple(rule.kind for rule in RESIDUE_RULES)

_RULES = {rule.kind: rule for rule in RESIDUE_RULES}


def residue_cues(article: Article, kind: str, found: list[Cue]) -> list[Cue]:
    """The cues of ``kind`` found in ``article.residue_view`` that count, on the residue field.

    ``found`` are the kind's cues in the residue view (their spans index ``article.residue``);
    each one the kind's rule keeps becomes a ``"residue"`` cue, narrowed to the part that counts.
    """
    rule = _RULES[kind]
    kept = []
    for cue in found:
        part = rule.keep(cue.evidence)
        if part is not None:
            start, end = cue.start + part[0], cue.start + part[1]
            kept.append(article.cue(kind, "residue", start, end, rule.message))
    return kept
