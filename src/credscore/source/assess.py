"""`assess_source`: what the article's URL and outbound links say, as log-odds and cues.

Combination rule (all terms add to the text model's log-odds of "credible"):

* rated site (rating ``r`` in [0, 1]): ``BETA * (logit(r) - logit(0.5))``, ``r`` clipped to
  [0.02, 0.98] so one extreme rating cannot overrule the text alone;
* unrated look-alike site: ``LOOKALIKE_LOG_ODDS`` (a rated look-alike is judged by its rating);
* unrated site, shortener, social-media post or no URL: 0;
* links: ``LOW_RATED_LINK_LOG_ODDS`` per link to a low-rated site, at most
  ``MAX_LOW_RATED_LINKS`` of them.

Each cue carries its own term as its weight, so the weights sum to ``log_odds``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from credscore.article import Article
from credscore.cue import Cue
from credscore.logodds import logit
from credscore.source.links import LINK_FEATURES, LOW_RATING, link_profile, link_targets
from credscore.source.lookalike import find_lookalike, other_spelling
from credscore.source.ratings import Rating, SourceRatings
from credscore.urls import Host, link_category, parse_host

LOOKALIKE_DOMAIN = "lookalike_domain"
LOW_RATED_SOURCE = "low_rated_source"
HIGH_RATED_SOURCE = "high_rated_source"
UNRATED_SOURCE = "unrated_source"
LOW_RATED_LINKS = "low_rated_links"

#: Public cue kinds this package emits (listed in :data:`credscore.kinds.SOURCE_CUE_KINDS`).
SOURCE_CUE_KINDS: tuple[str, ...] = (
    LOOKALIKE_DOMAIN,
    LOW_RATED_SOURCE,
    HIGH_RATED_SOURCE,
    UNRATED_SOURCE,
    LOW_RATED_LINKS,
)

# Slope of the rating term, fitted by log-loss as a 1-parameter offset model on FakeNewsNet
# v1 (article-level fact-check labels, independent of the raters), offset = Platt-scaled
# out-of-fold TF-IDF+LR text logits with site-grouped folds, ratings = Lin et al. pc1:
# all 420 articles 0.69; BuzzFeed alone 1.08, PolitiFact alone 0.38; articles whose URL is
# not a shortener 0.69. ReCOVery gives 3.0, but its labels come from the same raters as
# pc1 (circular), so it is not used. AUCs are in the source package report.
BETA = 0.7
# Ratings are clipped so that a 0.0 or 1.0 rating gives a finite, bounded shift.
_RATING_CLIP = (0.02, 0.98)
# An unrated look-alike is treated like the median look-alike that Lin et al. did rate:
# the 41 of their domains our look-alike rules flag have median pc1 0.30.
LOOKALIKE_RATING = 0.30
# Per link to a low-rated site. Informational for now: only 1 FakeNewsNet article (fake)
# and 15 ReCOVery articles (all unreliable, circular labels) link to a site rated < 0.4,
# too few to fit a weight honestly; the counts stay available as features.
LOW_RATED_LINK_LOG_ODDS = 0.0
MAX_LOW_RATED_LINKS = 3
# A look-alike rule hit on a site rated at least this well is a real outlet, not a fake.
_REAL_OUTLET_RATING = 0.5

SOURCE_FEATURES: tuple[str, ...] = (
    "source_rated",
    "source_rating",
    "source_lookalike",
    "source_shortener_or_social",
    *LINK_FEATURES,
)


def rating_log_odds(rating: float) -> float:
    """The log-odds shift for a site rated ``rating`` (0 at the neutral 0.5)."""
    low, high = _RATING_CLIP
    return BETA * logit(min(max(rating, low), high))


LOOKALIKE_LOG_ODDS = BETA * logit(LOOKALIKE_RATING)


@dataclass(frozen=True)
class SourceEvidence:
    """What the site and the links contribute to an article's score."""

    cues: tuple[Cue, ...]
    """Source cues, each weighted with its signed log-odds contribution."""
    log_odds: float
    """Total shift to add to the text model's log-odds (the sum of the cue weights)."""
    rating: float | None
    """The site's rating in [0, 1], or None when unrated."""
    rating_source: str | None
    """Which ratings file and rater gave the rating."""
    domain: str | None
    """The site (registered domain, or ``someone.wordpress.com``), None without a URL."""
    features: dict[str, float] = field(default_factory=dict)
    """Numeric features named in :data:`SOURCE_FEATURES`."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "cues": [cue.to_dict() for cue in self.cues],
            "log_odds": self.log_odds,
            "rating": self.rating,
            "rating_source": self.rating_source,
            "domain": self.domain,
            "features": dict(self.features),
        }


def _weighted_cue(
    article: Article, kind: str, field_name: str, start: int, end: int, message: str, weight: float
) -> Cue:
    """Same as ``article.cue(...).with_weight(weight)`` (evidence sliced from the field),
    built in one step because dataclass ``replace`` costs microseconds per cue."""
    value = article.field(field_name)
    return Cue(kind, field_name, start, end, value[start:end], message, float(weight))


def _url_cues(
    article: Article, host: Host, ratings: SourceRatings | None
) -> tuple[list[Cue], Rating | None, bool, bool]:
    """Cues about the article's own site: (cues, rating, is_lookalike, shortener_or_social)."""
    category = link_category(host)
    rating = None
    if ratings is not None and category not in ("shortener", "social"):
        rating = ratings.lookup_host(host)
    lookalike = None
    if rating is None or rating.value < _REAL_OUTLET_RATING:
        lookalike = find_lookalike(host)
    cues = []
    span = (host.start, host.end)
    shown = article.url[host.start : host.end]
    if lookalike is not None:
        weight = 0.0 if rating is not None else LOOKALIKE_LOG_ODDS
        outlet = lookalike.outlet
        spelled = other_spelling(shown)
        written = f"'{shown}'"
        if spelled is not None:  # a homoglyph: show both forms, so the difference is visible
            form = "punycode" if spelled.isascii() else "Unicode"
            written += f" ({form}: '{spelled}')"
        cues.append(
            _weighted_cue(
                article,
                LOOKALIKE_DOMAIN,
                "url",
                *span,
                f"The address {written} imitates {outlet.name} ({outlet.domain}) but "
                "belongs to a different site.",
                weight,
            )
        )
    if rating is not None:
        weight = rating_log_odds(rating.value)
        kind = LOW_RATED_SOURCE if rating.value < 0.5 else HIGH_RATED_SOURCE
        quality = "below" if rating.value < 0.5 else "at or above"
        cues.append(
            _weighted_cue(
                article,
                kind,
                "url",
                *span,
                f"The site {rating.domain} is rated {rating.value:.2f} on a 0-1 quality scale, "
                f"{quality} the middle ({rating.source}).",
                weight,
            )
        )
    else:
        if category == "shortener":
            why = "is a link shortener that hides the publisher"
        elif category == "social":
            why = "is a post on a social platform, whose rating says nothing about the poster"
        elif ratings is None or not len(ratings):
            why = "cannot be rated because no ratings table is loaded"
        else:
            why = "is not in the loaded ratings table"
        message = f"The site '{shown}' {why}."
        cues.append(_weighted_cue(article, UNRATED_SOURCE, "url", *span, message, 0.0))
    return cues, rating, lookalike is not None, category in ("shortener", "social")


def _blank_url_cue(article: Article) -> Cue | None:
    """An unrated cue over a non-blank URL with no usable host name (IP address, junk)."""
    url = article.url
    stripped = url.strip()
    if not stripped:
        return None
    start = url.index(stripped[0])
    end = start + min(len(stripped), 200)
    message = "The address has no site name that can be rated."
    return _weighted_cue(article, UNRATED_SOURCE, "url", start, end, message, 0.0)


def assess_source(article: Article, ratings: SourceRatings | None = None) -> SourceEvidence:
    """Judge the article's site and outbound links offline; never raises on odd URLs."""
    cues: list[Cue] = []
    rating: Rating | None = None
    lookalike = shortener_or_social = False
    host = parse_host(article.url) if article.url else None
    if host is not None:
        url_cues, rating, lookalike, shortener_or_social = _url_cues(article, host, ratings)
        cues.extend(url_cues)
    elif article.url:
        blank = _blank_url_cue(article)
        if blank is not None:
            cues.append(blank)

    targets = link_targets(article, ratings)
    low_links = [t for t in targets if t.rating and t.rating.value < LOW_RATING]
    for index, target in enumerate(low_links):
        weight = LOW_RATED_LINK_LOG_ODDS if index < MAX_LOW_RATED_LINKS else 0.0
        rated = target.rating
        assert rated is not None  # low_links holds rated targets only
        cues.append(
            _weighted_cue(
                article,
                LOW_RATED_LINKS,
                "text",
                target.start,
                target.end,
                f"The text links to {rated.domain}, a site rated {rated.value:.2f} of 1 "
                f"({rated.source}).",
                weight,
            )
        )

    features = {
        "source_rated": float(rating is not None),
        "source_rating": rating.value if rating is not None else 0.5,
        "source_lookalike": float(lookalike),
        "source_shortener_or_social": float(shortener_or_social),
        **dict(zip(LINK_FEATURES, link_profile(targets), strict=True)),
    }
    return SourceEvidence(
        cues=tuple(cues),
        log_odds=math.fsum(cue.weight or 0.0 for cue in cues),
        rating=rating.value if rating is not None else None,
        rating_source=rating.source if rating is not None else None,
        domain=host.site if host is not None else None,
        features=features,
    )
