"""`profile_sources`: how reliable a whole site is, from many of its articles and its rating.

Every article goes through the one scoring path (:func:`credscore.batch.map_assessments`,
i.e. :meth:`Scorer.score_many`); a site's articles then combine by a stated model, the
:class:`SiteModel`. With ``x_i`` the text log-odds of the site's ``n`` scored articles
(``Assessment.text_log_odds``, clipped to ``±clip``), ``m`` and ``s²`` their mean and
variance:

* spread: ``s_eff² = (ν0·σ² + (n-1)·s²) / (ν0 + n - 1)``, the site's own spread shrunk toward
  the spread within a typical site (``σ``), as if ``ν0`` articles had shown it;
* empirical Bayes: the site's long-run mean ``μ`` has the population of sites as its prior,
  ``N(μ0, τ²)``, so ``μ̂ = (n·m/s_eff² + μ0/τ²) / (n/s_eff² + 1/τ²)`` with standard
  deviation ``sd = (n/s_eff² + 1/τ²) ** -0.5``: one article moves ``μ̂`` a little, thirty
  nearly all the way to their mean;
* site level: the long-run text log-odds of "reliable site" is ``a + b·μ``; ``a`` and ``b``
  are fitted on sites held out from the article model's training (``credscore
  calibrate-sites``);
* the prior: a rated site adds :func:`credscore.source.rating_log_odds` of its rating, the
  same term an article from that site gets;
* ``credibility`` averages the logistic over ``μ``'s uncertainty (probit approximation:
  ``logistic((a + b·μ̂ + prior) / sqrt(1 + π·b²·sd²/8))``), so few articles give a cautious
  score; ``low``/``high`` are the 90% interval of the long-run credibility,
  ``logistic(a + b·(μ̂ ± t·sd) + prior)``, ``t`` the Student quantile with ``ν0 + n - 1``
  degrees of freedom. It narrows as articles accumulate.

The parameters come from the model card (``site_model``, written by ``credscore
calibrate-sites``); a card without them gets :data:`DEFAULT_SITE_MODEL`: round numbers near
the fit on the shared collections (``μ0 = 0, τ = 3, σ = 2, ν0 = 20``, clip 8) that read the
shrunk mean directly as the site's log-odds (``a = 0, b = 1``).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from credscore.api import Assessment, Scorer, default_scorer
from credscore.article import is_missing
from credscore.batch import InputError, check_options, map_assessments, resolve_columns
from credscore.cues import TEXT_CUE_KINDS
from credscore.logodds import logistic
from credscore.source import Rating, rating_log_odds
from credscore.urls import link_category, parse_host, site_domain

if TYPE_CHECKING:
    import pandas as pd

#: Columns of :func:`profile_sources`' result, in order.
SITE_COLUMNS: tuple[str, ...] = (
    "source",
    "n_articles",
    "n_failed",
    "credibility",
    "low",
    "high",
    "label",
    "text_credibility",
    "rating",
    "rating_source",
    "top_cues",
    "note",
)
#: Coverage of ``low``/``high``.
INTERVAL_LEVEL = 0.90
#: How many cue kinds ``top_cues`` lists per site.
TOP_CUE_KINDS = 5
# A rated site "disagrees" with its text when the raters put it on one side and the whole
# 90% text-only interval lies on the other side of 0.5. Low: below 0.4, the links' low
# rating (credscore.source.links); high: 0.7 or more, where AllSides' "reliable" label
# starts (allsides_baly2020/SOURCE.md). Ratings in between never disagree.
DISAGREE_LOW_RATING = 0.4
DISAGREE_HIGH_RATING = 0.7
_CARD_SECTION = "site_model"
_Z = {0.90: 1.6448536269514722, 0.95: 1.959963984540054}


@dataclass(frozen=True)
class SiteModel:
    """How a site's article log-odds combine into one estimate (see the module docstring)."""

    population_mean: float = 0.0
    """``μ0``: the mean site's long-run article text log-odds."""
    between_sites_sd: float = 3.0
    """``τ``: how far sites' long-run means spread around ``μ0``."""
    within_site_sd: float = 2.0
    """``σ``: the spread of article log-odds within a typical site."""
    spread_prior_articles: float = 20.0
    """``ν0``: how many articles' worth of evidence ``σ`` counts for against a site's own spread."""
    clip: float = 8.0
    """Article log-odds are clipped to ``±clip`` so one extreme article cannot dominate."""
    offset: float = 0.0
    """``a``: site-level log-odds of a site whose long-run mean is 0."""
    scale: float = 1.0
    """``b``: site-level log-odds per unit of long-run mean article log-odds."""

    @classmethod
    def from_card(cls, card: Mapping[str, Any] | None) -> SiteModel:
        """The parameters in a model card's ``site_model`` section, else the defaults."""
        section = (card or {}).get(_CARD_SECTION) or {}
        parameters = section.get("parameters") or {}
        names = {f for f in cls.__dataclass_fields__}
        values = {k: float(v) for k, v in parameters.items() if k in names}
        return cls(**values)

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    def estimate(self, log_odds: Sequence[float]) -> SiteEstimate:
        """The site estimate from its articles' text log-odds (none: the population)."""
        n = len(log_odds)
        sigma2 = self.within_site_sd**2
        tau2 = self.between_sites_sd**2
        if n == 0:
            return SiteEstimate(self, 0, self.population_mean, self.between_sites_sd, math.inf)
        clipped = [min(max(x, -self.clip), self.clip) for x in log_odds]
        mean = math.fsum(clipped) / n
        squares = math.fsum((x - mean) ** 2 for x in clipped)
        spread2 = (self.spread_prior_articles * sigma2 + squares) / (
            self.spread_prior_articles + n - 1
        )
        precision = n / spread2 + 1.0 / tau2
        posterior = (n * mean / spread2 + self.population_mean / tau2) / precision
        dof = self.spread_prior_articles + n - 1
        return SiteEstimate(self, n, posterior, precision**-0.5, dof)


DEFAULT_SITE_MODEL = SiteModel()


@dataclass(frozen=True)
class SiteEstimate:
    """One site's estimate: the posterior of its long-run mean article log-odds."""

    model: SiteModel = field(repr=False)
    n: int
    """Articles it rests on."""
    mean: float
    """``μ̂``: posterior mean of the site's long-run mean article text log-odds."""
    sd: float
    """Posterior standard deviation of that mean."""
    dof: float
    """Degrees of freedom of the interval's Student quantile."""

    def log_odds(self, prior_log_odds: float = 0.0) -> float:
        """Site-level log-odds of "reliable" at the posterior mean (plus the rating's term)."""
        return self.model.offset + self.model.scale * self.mean + prior_log_odds

    def credibility(self, prior_log_odds: float = 0.0) -> float:
        """P(reliable site), averaging over the uncertainty in the site's mean."""
        spread = self.model.scale * self.sd
        return logistic(self.log_odds(prior_log_odds) / math.sqrt(1.0 + math.pi * spread**2 / 8))

    def interval(
        self, prior_log_odds: float = 0.0, level: float = INTERVAL_LEVEL
    ) -> tuple[float, float]:
        """The ``level`` interval of the site's long-run credibility."""
        half = student_quantile(0.5 + level / 2, self.dof) * abs(self.model.scale) * self.sd
        centre = self.log_odds(prior_log_odds)
        return logistic(centre - half), logistic(centre + half)


def student_quantile(probability: float, dof: float) -> float:
    """Student's t quantile for ``probability`` (0.95 or 0.975) and ``dof`` degrees of freedom.

    Cornish-Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5): within
    0.2% of the exact value from 3 degrees of freedom up, and no scipy at scoring time.
    """
    z = _Z.get(round(2 * probability - 1, 6))
    if z is None:
        raise ValueError(f"probability must be 0.95 or 0.975, got {probability!r}")
    if math.isinf(dof):
        return z
    v = max(dof, 1.0)
    return (
        z
        + (z**3 + z) / (4 * v)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
    )


# --------------------------------------------------------------------------- articles


class ArticleSummary(NamedTuple):
    """What a site profile keeps of one article (small, so it crosses processes cheaply)."""

    text_log_odds: float | None
    """The text model's log-odds, None when the row could not be scored."""
    kinds: tuple[str, ...]
    """The distinct text cue kinds found in it."""
    error: str | None
    """Why the row could not be scored."""


_TEXT_KINDS = frozenset(TEXT_CUE_KINDS)


def summarise_article(result: Assessment | Exception) -> ArticleSummary:
    """The :class:`ArticleSummary` of one :meth:`Scorer.score_many` result."""
    if isinstance(result, Exception):
        return ArticleSummary(None, (), str(result))
    if math.isnan(result.text_log_odds):  # a web page with no article: nothing was scored
        return ArticleSummary(None, (), "; ".join(result.notes) or "no article to score")
    kinds = tuple(sorted({cue.kind for cue in result.cues if cue.kind in _TEXT_KINDS}))
    return ArticleSummary(result.text_log_odds, kinds, None)


@dataclass
class _Site:
    """Running totals of one site's articles."""

    log_odds: list[float] = field(default_factory=list)
    failed: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    domains: Counter[str] = field(default_factory=Counter)


# --------------------------------------------------------------------------- profiles


class SiteProfiler:
    """Collects scored articles by site, then profiles every site (files chunk by chunk).

    :func:`profile_sources` and ``credscore sources`` both feed it; memory is one float and
    a few cue kinds per article, never the texts.
    """

    def __init__(
        self,
        scorer: Scorer,
        *,
        min_articles: int = 3,
        site_model: SiteModel | None = None,
    ) -> None:
        if not isinstance(min_articles, int) or isinstance(min_articles, bool) or min_articles < 1:
            raise InputError(f"min_articles must be an int >= 1, got {min_articles!r}")
        self.scorer = scorer
        self.min_articles = min_articles
        self.site_model = site_model or SiteModel.from_card(scorer.card)
        self._sites: dict[str | None, _Site] = {}
        self._named_by_source = False

    def add(
        self,
        texts: list[Any],
        titles: list[Any],
        urls: list[Any],
        sources: list[Any] | None = None,
        *,
        n_jobs: int = 1,
    ) -> None:
        """Score aligned cells and file each article under its site.

        The site is the ``sources`` cell when given, else the URL's site (registered domain,
        or ``someone.wordpress.com``). A row that cannot be scored counts in ``n_failed``.
        """
        summaries = map_assessments(
            (texts, titles, urls), scorer=self.scorer, summarise=summarise_article, n_jobs=n_jobs
        )
        self.add_summaries(summaries, urls, sources)

    def add_summaries(
        self,
        summaries: list[ArticleSummary],
        urls: list[Any],
        sources: list[Any] | None = None,
    ) -> None:
        """File articles scored elsewhere (one :class:`ArticleSummary` per row) under their
        sites, by the rule of :meth:`add`: the ``sources`` cell, else the URL's site."""
        if sources is not None:
            self._named_by_source = True
        for index, (url, summary) in enumerate(zip(urls, summaries, strict=True)):
            domain = site_domain(url) if isinstance(url, str) else None
            key = _source_key(sources[index]) if sources is not None else domain
            self.file(key, domain, summary)

    def file(self, key: str | None, domain: str | None, summary: ArticleSummary) -> None:
        """File one scored article under site ``key`` (None: no site); ``domain`` is its URL's."""
        site = self._sites.get(key)
        if site is None:
            site = self._sites[key] = _Site()
        if summary.text_log_odds is None:
            site.failed += 1
            return
        site.log_odds.append(summary.text_log_odds)
        site.kinds.update(summary.kinds)
        if domain is not None:
            site.domains[domain] += 1

    def rows(self) -> list[dict[str, Any]]:
        """One dict per site (:data:`SITE_COLUMNS`), in order of first appearance;
        articles without a site last."""
        keys: list[str | None] = [key for key in self._sites if key is not None]
        if None in self._sites:
            keys.append(None)
        return [self._profile(key, self._sites[key]) for key in keys]

    def _profile(self, key: str | None, site: _Site) -> dict[str, Any]:
        n = len(site.log_odds)
        row: dict[str, Any] = dict.fromkeys(SITE_COLUMNS)
        row.update(source=key, n_articles=n, n_failed=site.failed, label="unknown")
        row["top_cues"] = _top_cues(site.kinds, n)
        if key is None:
            row["note"] = (
                "articles without a "
                + ("source" if self._named_by_source else "URL with a site name")
                + " cannot be grouped into a site"
            )
            return row
        notes = []
        rating, why_unrated = self._rating(key, site)
        prior = rating_log_odds(rating.value) if rating is not None else 0.0
        estimate = self.site_model.estimate(site.log_odds)
        credibility = estimate.credibility(prior)
        text_credibility = estimate.credibility()
        low, high = estimate.interval(prior)
        row.update(
            credibility=credibility,
            low=low,
            high=high,
            text_credibility=text_credibility,
            rating=rating.value if rating is not None else None,
            rating_source=rating.source if rating is not None else None,
        )
        if n >= self.min_articles:
            row["label"] = self.scorer.model.label(credibility)
        else:
            notes.append(
                f"{n} article{'s' if n != 1 else ''} scored: a label needs at least "
                f"{self.min_articles}"
            )
        if why_unrated:
            notes.append(why_unrated)
        if rating is not None and n >= self.min_articles:
            disagreement = _disagreement(key, rating, n, text_credibility, estimate.interval())
            if disagreement:
                notes.append(disagreement)
        row["note"] = "; ".join(notes) or None
        return row

    def _rating(self, key: str, site: _Site) -> tuple[Rating | None, str | None]:
        """The site's rating, or why it has none that applies."""
        host = parse_host(key)
        if host is None and site.domains:  # a source name: rate its most common site
            host = parse_host(site.domains.most_common(1)[0][0])
        if host is None:
            return None, None
        category = link_category(host)
        if category in ("shortener", "social"):
            kind = "a link shortener" if category == "shortener" else "a social platform"
            return None, (
                f"{host.site} is {kind}: its articles come from many publishers, so no rating"
            )
        return self.scorer.ratings.lookup_host(host), None

    def frame(self) -> pd.DataFrame:
        """:meth:`rows` as a DataFrame with typed columns (string, int64, float64)."""
        import pandas as pd

        rows = self.rows()
        data: dict[str, pd.Series] = {}
        for name in SITE_COLUMNS:
            values = [row[name] for row in rows]
            if name in ("n_articles", "n_failed"):
                data[name] = pd.Series(values, dtype="int64")
            elif name in ("credibility", "low", "high", "text_credibility", "rating"):
                data[name] = pd.Series(
                    [math.nan if v is None else v for v in values], dtype="float64"
                )
            else:
                data[name] = pd.Series(values, dtype="string")
        return pd.DataFrame(data, columns=list(SITE_COLUMNS))


def _source_key(cell: object) -> str | None:
    """The site name in a ``source`` cell (None when missing or blank)."""
    if is_missing(cell):
        return None
    text = str(cell).strip()
    return text or None


def _top_cues(kinds: Counter[str], n: int) -> str:
    """JSON list of the cue kinds firing on the largest share of the site's articles."""
    if not n:
        return "[]"
    ranked = sorted(kinds.items(), key=lambda item: (-item[1], item[0]))[:TOP_CUE_KINDS]
    return json.dumps([{"kind": kind, "share": round(count / n, 3)} for kind, count in ranked])


def _disagreement(
    site: str, rating: Rating, n: int, text_credibility: float, interval: tuple[float, float]
) -> str | None:
    """A sentence when raters and the text put the site on opposite sides, else None."""
    low, high = interval
    text = (
        f"its {n} articles read as {{}} (text-only credibility {text_credibility:.3f}, "
        f"90% interval {low:.3f}-{high:.3f})"
    )
    if rating.value < DISAGREE_LOW_RATING and low > 0.5:
        return f"raters and text disagree: {site} is rated low ({rating.value:.2f}, " + (
            f"{rating.source}) but " + text.format("reliable")
        )
    if rating.value >= DISAGREE_HIGH_RATING and high < 0.5:
        return f"raters and text disagree: {site} is rated high ({rating.value:.2f}, " + (
            f"{rating.source}) but " + text.format("unreliable")
        )
    return None


def profile_sources(
    frame: pd.DataFrame,
    *,
    text: str = "text",
    title: str | None = "title",
    url: str | None = "url",
    source: str | None = None,
    min_articles: int = 3,
    scorer: Scorer | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """One row per site: how reliable its articles and its rating say it is.

    The site is the registered domain of ``url`` (``someone.wordpress.com`` stays whole), or
    the ``source`` column's value when you name one. Columns (:data:`SITE_COLUMNS`):
    ``source``, ``n_articles`` (scored) and ``n_failed`` (rows that could not be scored),
    ``credibility`` (P(reliable site), the rating included) with ``low``/``high`` (its 90%
    interval, narrowing as articles accumulate), ``label`` (the model's thresholds;
    ``"unknown"`` below ``min_articles``), ``text_credibility`` (the articles alone),
    ``rating``/``rating_source`` (the scorer's ratings table, by default the bundled Lin et
    al. 2023 ratings), ``top_cues`` (JSON list of the cue kinds firing on the largest share of
    the site's articles) and ``note`` (caveats, and a sentence when raters and text disagree
    strongly). Rows without a site are counted in a last row whose ``source`` is missing.
    See :class:`SiteModel` for how articles combine.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    columns = resolve_columns(list(frame.columns), text=text, title=title, url=url)
    if source is not None and source not in frame.columns:
        raise InputError(
            f"source column {source!r} not found; the columns are {list(frame.columns)}"
        )
    if source is None and columns.url is None:
        raise InputError(
            "profile_sources needs a url column or a source column to group articles by site; "
            f"the columns are {list(frame.columns)}"
        )
    check_options(n_jobs=n_jobs, top_cues=0)
    profiler = SiteProfiler(scorer or default_scorer(), min_articles=min_articles)
    n = len(frame)
    profiler.add(
        frame[columns.text].tolist(),
        frame[columns.title].tolist() if columns.title is not None else [None] * n,
        frame[columns.url].tolist() if columns.url is not None else [None] * n,
        frame[source].tolist() if source is not None else None,
        n_jobs=n_jobs,
    )
    return profiler.frame()
