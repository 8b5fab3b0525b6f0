"""The profile of an article's outbound links: where its text sends the reader.

Each link in ``article.links`` is sorted into at most one of: link shortener, social or
messaging platform, primary source (government, inter-governmental, research), and,
when ratings are loaded, low-rated (< 0.4) or high-rated (>= 0.7) site. The
``primary_link`` *text* cue belongs to another module; here primary links are only counted.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from credscore.article import Article
from credscore.source.lookalike import shortener_domains
from credscore.source.ratings import Rating, SourceRatings
from credscore.source.urls import Host, parse_host

# Generic URL shorteners (outlets' own ones, cnn.it or nyti.ms, come from known_outlets.csv).
GENERIC_SHORTENERS: frozenset[str] = frozenset(
    {"bit.ly", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "buff.ly", "is.gd", "tiny.cc",
     "shorturl.at", "rebrand.ly", "cutt.ly", "lnkd.in", "dlvr.it", "ift.tt", "trib.al",
     "fb.me", "bitly.com", "j.mp", "v.gd", "qr.ae", "shorte.st", "adf.ly", "soo.gd", "t.ly"}
)  # fmt: skip

#: Social, video and messaging platforms (a link there points at a post, not a publisher).
SOCIAL_DOMAINS: frozenset[str] = frozenset(
    {"t.me", "telegram.me", "telegram.org", "gab.com", "gab.ai", "rumble.com", "bitchute.com",
     "facebook.com", "fb.com", "twitter.com", "x.com", "youtube.com", "youtu.be",
     "instagram.com", "tiktok.com", "vk.com", "parler.com", "gettr.com", "truthsocial.com",
     "minds.com", "odysee.com", "brighteon.com", "whatsapp.com", "wa.me", "reddit.com",
     "4chan.org", "linkedin.com", "pinterest.com", "vimeo.com", "dailymotion.com",
     "mewe.com", "snapchat.com", "threads.net", "bsky.app", "weibo.com"}
)  # fmt: skip

# Primary sources: research identifiers and international bodies; government and
# academic endings are checked on the suffix (gov, gov.uk, gouv.fr, gc.ca, mil, edu, ac.uk).
_PRIMARY_DOMAINS = frozenset(
    {"doi.org", "who.int", "un.org", "europa.eu", "arxiv.org", "ssrn.com", "pubmed.gov",
     "nih.gov", "oecd.org", "worldbank.org", "imf.org", "medrxiv.org", "biorxiv.org",
     "clinicaltrials.gov", "congress.gov", "legislation.gov.uk", "courtlistener.com"}
)  # fmt: skip
_PRIMARY_SUFFIX_LABELS = frozenset({"gov", "gouv", "gob", "govt", "mil", "edu", "ac", "int"})

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


def link_category(host: Host) -> str:
    """``shortener``, ``social``, ``primary`` or ``other`` for a parsed host."""
    return _category(host.name, host.registered, host.label, host.suffix)


@lru_cache(maxsize=16384)
def _category(name: str, registered: str, label: str, suffix: str) -> str:
    outlet_shorteners = shortener_domains()
    if registered in GENERIC_SHORTENERS or registered in outlet_shorteners:
        return "shortener"
    if name in outlet_shorteners:  # on.wsj.com
        return "shortener"
    if registered in SOCIAL_DOMAINS:
        return "social"
    if registered in _PRIMARY_DOMAINS or name in _PRIMARY_DOMAINS:
        return "primary"
    if suffix.split(".", 1)[0] in _PRIMARY_SUFFIX_LABELS or label in ("gov", "gouv", "gc"):
        return "primary"
    return "other"


def link_targets(article: Article, ratings: SourceRatings | None) -> list[LinkTarget]:
    """Every link in the text with its category and, if rated, its rating."""
    text = article.text
    targets = []
    for start, end in article.links:
        host = parse_host(text, start, end)
        if host is None:
            targets.append(LinkTarget(start, end, None, "other", None))
            continue
        category = link_category(host)
        rating = None
        if ratings is not None and category in ("other", "primary"):
            rating = ratings.lookup_host(host)
        targets.append(LinkTarget(start, end, host, category, rating))
    return targets


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
