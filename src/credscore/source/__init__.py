"""What the site says: offline judgement of an article's URL and the links in its text.

>>> from credscore.source import SourceRatings, assess_source
>>> evidence = assess_source(article, SourceRatings.bundled())   # doctest: +SKIP

Nothing here touches the network: URLs are parsed with tldextract's bundled public-suffix
list, ratings come from the table shipped with the package (Lin et al. 2023) and from files
the user points to (``CREDSCORE_RATINGS``), and the list of real outlets used to spot
look-alike domains ships with the package.
"""

from __future__ import annotations

from credscore.source.assess import (
    BETA,
    LOOKALIKE_LOG_ODDS,
    SOURCE_CUE_KINDS,
    SOURCE_FEATURES,
    SourceEvidence,
    assess_source,
    rating_log_odds,
)
from credscore.source.lookalike import Lookalike, find_lookalike
from credscore.source.ratings import (
    BUNDLED,
    BUNDLED_SOURCE,
    ENV_VAR,
    Rating,
    SourceRatings,
    load_ratings,
)

__all__ = [
    "BETA",
    "BUNDLED",
    "BUNDLED_SOURCE",
    "ENV_VAR",
    "LOOKALIKE_LOG_ODDS",
    "SOURCE_CUE_KINDS",
    "SOURCE_FEATURES",
    "Lookalike",
    "Rating",
    "SourceEvidence",
    "SourceRatings",
    "assess_source",
    "find_lookalike",
    "load_ratings",
    "rating_log_odds",
]
