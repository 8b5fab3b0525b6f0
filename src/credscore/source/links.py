"""The profile of an article's outbound links: where its text sends the reader.

Each link in ``article.links`` is sorted by :func:`credscore.urls.link_category` into link
shortener, social or messaging platform, primary source or other, and, when ratings are
loaded, low-rated (< 0.4) or high-rated (>= 0.7) site. The ``primary_link`` *text* cue uses
the same rule; here primary links are only counted. On a web page, the links behind anchor
text (``article.anchor_links``) count as well, each spanning its anchor text.
"""

from __future__ import annotations

from typing import NamedTuple

from credscore.article import Article
from credscore.source.ratings import Rating, SourceRatings
from credscore.urls import Host, link_category, parse_host

# Rating thresholds for a link's target, on Lin et al.'s pc1 scale (brief: < 0.4 low,
# >= 0.7 high). 37% of Lin's domains are below 0.5; 0.4 sits near the MBFC "mixed"/"low"
# boundary measured in ratings.py (mixed median 0.59, low median 0.26).
LOW_RATING = 0.4
HIGH_RATING = 0.7

LINK_FEATURES: tuple[str, ...] = (
    "links_n",
    "links_shortener_share",
    "links_social_share",
    "links_primary_share",
    "links_low_rated_share",
    "links_high_rated_share",
)


class LinkTarget(NamedTuple):
    """One outbound link and what it points at (a cheap immutable tuple)."""

    start: int
    """Offset of the link in the article text."""
    end: int
    """Offset one past the link's end."""
    host: Host | None
    """The parsed host, or None for a link without a usable one."""
    category: str
    """``shortener``, ``social``, ``primary`` or ``other``."""
    rating: Rating | None
    """The target site's rating when ratings are loaded and rate it."""


def link_targets(article: Article, ratings: SourceRatings | None) -> list[LinkTarget]:
    """Every link in the text (written or, on a page, behind anchor text) with its category
    and, if rated, its rating, in text order."""
    text = article.text
    targets = []
    for start, end in article.links:
        targets.append(_target(parse_host(text, start, end), start, end, ratings))
    if article.anchor_links:
        for anchor in article.anchor_links:
            targets.append(_target(parse_host(anchor.href), anchor.start, anchor.end, ratings))
        targets.sort(key=lambda target: (target.start, target.end))
    return targets


def _target(host: Host | None, start: int, end: int, ratings: SourceRatings | None) -> LinkTarget:
    if host is None:
        return LinkTarget(start, end, None, "other", None)
    category = link_category(host)
    rating = None
    if ratings is not None and category in ("other", "primary"):
        rating = ratings.lookup_host(host)
    return LinkTarget(start, end, host, category, rating)


def link_profile(targets: list[LinkTarget]) -> list[float]:
    """Values of :data:`LINK_FEATURES`: the count of links, then shares of all links."""
    total = len(targets)
    if not total:
        return [0.0] * len(LINK_FEATURES)
    shortener = sum(t.category == "shortener" for t in targets)
    social = sum(t.category == "social" for t in targets)
    primary = sum(t.category == "primary" for t in targets)
    low = sum(t.rating is not None and t.rating.value < LOW_RATING for t in targets)
    high = sum(t.rating is not None and t.rating.value >= HIGH_RATING for t in targets)
    return [float(total)] + [count / total for count in (shortener, social, primary, low, high)]
