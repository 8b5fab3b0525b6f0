"""Fitting the credibility model: a scikit-learn estimator that exports :class:`CredibilityModel`.

The recipe, and why:

* **Vocabulary seen across publishers.** A term enters the vocabulary only if it occurs in
  articles of at least ``min_publishers`` different publishers. A site's signature (its
  name, footer, disclaimer) occurs at one publisher and so can never be learned: the model
  has to rely on language that generalises to sites it has not seen. ``min_word_zipf``
  further keeps only terms made of common English words (wordfreq), so names, places and
  topic jargon ("lockdown", "brexit") cannot carry a verdict to a new topic.
* **Balanced weights.** Each article is weighted ``1 / n_publisher ** publisher_power`` so
  one prolific site (322 Chicago Sun-Times articles in ReCOVery) does not define "reliable"
  (the shipped recipe: power 1, every publisher weighs the same in total); with ``strata``
  (e.g. collection and topic) and ``stratum_power`` each stratum's reliable and unreliable
  articles can also be made to weigh the same in total.
* **Strata fitted apart** (``stratum_effects``, in the shipped recipe). Each
  stratum also gets its own column in training, dropped from the model, with
  ``stratum_penalty`` times a feature's L2 penalty. Lightly penalised, the column takes up
  what sets the stratum apart as a whole (a reliable-only outlet's topic), so the
  vocabulary keeps the contrasts within strata; penalised like a feature, a stratum's many
  words still share much of it (L2 spreads an effect over correlated columns). The model
  card's recipe search has what each did.
* **Signals keep their direction.** Every cue count and every numeric feature with a known
  direction (:func:`credscore.cues.feature_directions`) is fitted with a bounded weight
  (scipy's L-BFGS-B): a lowering signal's weight is ``<= 0``, a raising one's ``>= 0``; a
  raising cue's weight is also at most ``raising_cue_cap``.
* **Clipped features.** Numeric features are clipped to their ``clip_quantile`` and
  ``100 - clip_quantile`` percentiles in training, stored with the model and applied when
  scoring, so no value beyond the training range (padding) reaches the weights.
* **Fixed weights for rare cues.** Cues that the cleaned training collections almost never
  contain (their residue was stripped when the text was extracted) get weights from
  measured rates and field knowledge, passed as ``fixed_cue_weights``.
* **Calibration.** Platt scaling fitted on publisher-grouped out-of-fold log-odds, folded
  into the linear weights so the shipped model stays one linear function.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from credscore.article import Article
from credscore.cues import REGISTRY, analyse, feature_directions, feature_names
from credscore.featurizer import to_articles
from credscore.logodds import logistic
from credscore.model import (
    CUE_FEATURE_PREFIX,
    TITLE_PREFIX,
    CredibilityModel,
    iter_terms,
)

logger = logging.getLogger(__name__)


def analyse_many(articles: Sequence[Article]) -> np.ndarray:
    """The registry's feature matrix for many articles."""
    return np.array([analyse(article)[1] for article in articles], dtype=np.float64).reshape(
        len(articles), len(feature_names())
    )


def _numeric_names() -> tuple[str, ...]:
    return tuple(name for name in feature_names() if not name.startswith(CUE_FEATURE_PREFIX))


def count_terms(
    articles: Sequence[Article], ngram_max: int = 1, title_terms: bool = False
) -> tuple[sp.csr_matrix, np.ndarray]:
    """(documents x terms count matrix, term names): every term of every article.

    Terms seen in one document only are left out: no vocabulary rule can keep them.
    """
    ids: dict[str, int] = {}
    indptr: list[int] = [0]
    indices: list[int] = []
    data: list[int] = []
    for article in articles:
        counts: dict[str, int] = {}
        for term in iter_terms(article, ngram_max, title_terms):
            counts[term] = counts.get(term, 0) + 1
        indices.extend(ids.setdefault(term, len(ids)) for term in counts)
        data.extend(counts.values())
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(articles), len(ids)),
    )
    names = np.empty(len(ids), dtype=object)
    names[list(ids.values())] = list(ids)
    seen_twice = np.flatnonzero(np.bincount(matrix.indices, minlength=len(ids)) >= 2)
    return matrix[:, seen_twice].tocsr(), names[seen_twice]


@dataclass
class AnalysedDocuments:
    """Articles analysed once (features and term counts), so many fits can share the work."""

    articles: list[Article]
    values: np.ndarray
    """The registry's features, one row per article."""
    counts: sp.csr_matrix
    """Term counts (documents x ``terms``)."""
    terms: np.ndarray
    ngram_max: int
    title_terms: bool

    @classmethod
    def of(cls, X: Any, ngram_max: int = 1, title_terms: bool = False) -> AnalysedDocuments:
        articles = to_articles(X)
        counts, terms = count_terms(articles, ngram_max, title_terms)
        return cls(articles, analyse_many(articles), counts, terms, ngram_max, title_terms)

    def __len__(self) -> int:
        return len(self.articles)

    def take(self, rows: Sequence[int] | np.ndarray) -> AnalysedDocuments:
        rows = np.asarray(rows, dtype=np.int64)
        return AnalysedDocuments(
            [self.articles[i] for i in rows],
            self.values[rows],
            self.counts[rows],
            self.terms,
            self.ngram_max,
            self.title_terms,
        )


def outlet_names(groups: np.ndarray, domains: np.ndarray | None = None) -> frozenset[str]:
    """Training outlets' names as letters only: "washingtontimes" for washingtontimes.com,
    "thenewyorktimes" and "newyorktimes" for "The New York Times"."""
    names: set[str] = set()
    for value in set(np.asarray(groups).astype(str)) | set(
        np.asarray(domains if domains is not None else []).astype(str)
    ):
        label = value.lower().split(".")[0] if "." in value and " " not in value else value
        letters = "".join(ch for ch in label.lower() if ch.isalpha())
        if len(letters) >= 3:
            names.add(letters)
            names.add(letters.removeprefix("the"))
    return frozenset(names)


def known_shares(documents: AnalysedDocuments, columns: np.ndarray) -> np.ndarray:
    """Per article, the share of its distinct words that are single-word vocabulary terms."""
    single = np.array(
        [" " not in t and not t.startswith(TITLE_PREFIX) for t in documents.terms[columns]],
        dtype=bool,
    )
    known = np.diff(documents.counts[:, columns[single]].tocsr().indptr)
    words = np.array([max(len(set(article.lower_tokens)), 1) for article in documents.articles])
    return known / words


def _term_words(term: str) -> list[str]:
    return term.removeprefix(TITLE_PREFIX).split(" ")


@cache
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _distinct_per_term(present: sp.csr_matrix, keys: np.ndarray) -> np.ndarray:
    """For each term (column of a 0/1 matrix), how many distinct ``keys`` its documents have."""
    codes, _ = _factorize(keys)
    n_codes = int(codes.max()) + 1 if len(codes) else 0
    owner = sp.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_codes, len(codes))
    )
    used = owner @ present
    used.data[:] = 1
    return np.asarray(used.sum(axis=0)).ravel()


def _factorize(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniques, codes = np.unique(np.asarray(keys).astype(str), return_inverse=True)
    return codes, uniques


def fit_vocabulary(
    counts: sp.csr_matrix,
    terms: np.ndarray,
    groups: np.ndarray,
    min_publishers: int,
    max_terms: int,
    min_word_zipf: float | None = None,
    outlet_names: frozenset[str] = frozenset(),
) -> tuple[np.ndarray, np.ndarray]:
    """(columns of ``terms`` kept, their smoothed idf): the vocabulary rule.

    A term is kept if it occurs at ``min_publishers`` or more publishers and, with
    ``min_word_zipf``, every word of it has at least that wordfreq Zipf frequency
    (4.0 = once per 100,000 words). A term that spells a training outlet's name
    (``outlet_names``: "washington times" for washingtontimes.com) is left out: other outlets
    quote it too, so the publisher rule alone let "washington times" weigh -7 log-odds.
    The ``max_terms`` most widespread are kept.
    """
    present = counts.copy()
    present.data[:] = 1
    spread = _distinct_per_term(present, groups)
    keep = spread >= min_publishers
    if outlet_names:
        spelled = np.array(
            [t.removeprefix(TITLE_PREFIX).replace(" ", "") in outlet_names for t in terms[keep]],
            dtype=bool,
        )
        keep[np.flatnonzero(keep)[spelled]] = False
    if min_word_zipf is not None:
        common = np.array(
            [all(_zipf(w) >= min_word_zipf for w in _term_words(t)) for t in terms[keep]],
            dtype=bool,
        )
        keep[np.flatnonzero(keep)[~common]] = False
    columns = np.flatnonzero(keep)
    frequency = np.asarray(present[:, columns].sum(axis=0)).ravel()
    # Most widespread first; ties by frequency then alphabetically, so the result is deterministic.
    order = sorted(
        range(len(columns)), key=lambda i: (-spread[columns[i]], -frequency[i], terms[columns[i]])
    )
    chosen = np.asarray(order[:max_terms], dtype=np.int64)
    # Kept in alphabetical order of the terms, as the shipped model lists them.
    chosen = chosen[np.argsort(terms[columns[chosen]].astype(str), kind="stable")]
    n = counts.shape[0]
    idf = np.log((1 + n) / (1 + frequency[chosen])) + 1.0
    return columns[chosen], idf


def tfidf_matrix(counts: sp.csr_matrix, columns: np.ndarray, idf: np.ndarray) -> sp.csr_matrix:
    """l2-normalised sublinear tf-idf over ``columns``: the formula of ``sublinear_tfidf``."""
    matrix = counts[:, columns].astype(np.float64).tocsr()
    matrix.data = 1.0 + np.log(matrix.data)
    matrix = matrix @ sp.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sp.diags(1.0 / norms) @ matrix).tocsr()


def class_balanced(sample_weight: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``sample_weight`` rescaled so both classes weigh the same in total (the sum kept)."""
    weight = np.asarray(sample_weight, dtype=np.float64).copy()
    for label in (0, 1):
        weight[y == label] *= weight.sum() / (2.0 * weight[y == label].sum())
    return weight


def fit_bounded_logistic(
    X: sp.spmatrix,
    y: np.ndarray,
    sample_weight: np.ndarray,
    C: float,
    lower: np.ndarray,
    upper: np.ndarray,
    offset: np.ndarray | None = None,
    penalty: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression with box bounds on each weight (not the intercept).

    Minimises ``C * sum(w_i * logloss_i) + sum(penalty_j * coef_j^2) / 2`` (``penalty`` 1
    for every weight by default: scikit-learn's objective), with the classes balanced by
    total sample weight, by L-BFGS-B. ``offset`` is added to every article's log-odds (the
    fixed cue weights' part).
    """
    X = sp.csr_matrix(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    sign = 2.0 * y - 1.0
    weight = class_balanced(sample_weight, y)
    base = np.zeros(len(y)) if offset is None else np.asarray(offset, dtype=np.float64)
    transposed = X.T.tocsr()
    norm = C * weight.sum()  # scale of the objective: tolerances become relative
    shrink = np.ones(X.shape[1]) if penalty is None else np.asarray(penalty, dtype=np.float64)

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        coef, intercept = params[:-1], params[-1]
        margin = -sign * (X @ coef + intercept + base)
        gradient = C * weight * expit(margin) * -sign
        shrunk = shrink * coef
        value = C * (weight @ np.logaddexp(0.0, margin)) + 0.5 * (shrunk @ coef)
        return value / norm, np.concatenate(
            [transposed @ gradient + shrunk, [gradient.sum()]]
        ) / norm

    bounds = [(lo, hi) for lo, hi in zip(lower, upper, strict=True)] + [(None, None)]
    bounds = [(None if lo == -np.inf else lo, None if hi == np.inf else hi) for lo, hi in bounds]
    result = minimize(
        objective,
        np.zeros(X.shape[1] + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 5000, "ftol": 1e-7, "gtol": 1e-6},
    )
    return result.x[:-1], float(result.x[-1])


#: How many firings a rare cue's prior is worth: with fewer measured firings the prior dominates.
PRIOR_STRENGTH = 30.0
#: No single rare cue may move the log-odds by more than this.
MAX_FIXED_WEIGHT = 2.5


def shrunk_cue_weight(
    fired_reliable: int, n_reliable: int, fired_unreliable: int, n_unreliable: int, prior: float
) -> tuple[float, float]:
    """(weight, measured log ratio) of one lowering cue, shrunk toward ``prior``.

    ``w = (k * llr + m * prior) / (k + m)`` with ``llr = log(rate_reliable / rate_unreliable)``
    (add-one smoothed), ``k`` the number of firings, ``m`` = :data:`PRIOR_STRENGTH`; then
    clipped to ``[-MAX_FIXED_WEIGHT, 0]`` because these cues can only lower credibility.
    """
    if not (n_reliable and n_unreliable):
        return max(min(prior, 0.0), -MAX_FIXED_WEIGHT), 0.0
    llr = math.log(
        ((fired_reliable + 1) / (n_reliable + 2)) / ((fired_unreliable + 1) / (n_unreliable + 2))
    )
    k = fired_reliable + fired_unreliable
    weight = (k * llr + PRIOR_STRENGTH * prior) / (k + PRIOR_STRENGTH)
    return max(min(weight, 0.0), -MAX_FIXED_WEIGHT), llr


def stratum_indicators(strata: np.ndarray) -> sp.csr_matrix:
    """One 0/1 column per stratum (e.g. collection and topic), for training only: fitted
    beside the features with a light penalty, it takes up what sets its stratum apart as a
    whole (see ``stratum_effects`` in the module's notes)."""
    _, inverse = np.unique(np.asarray(strata).astype(str), return_inverse=True)
    n = len(inverse)
    return sp.csr_matrix((np.ones(n), (np.arange(n), inverse)), shape=(n, inverse.max() + 1))


def publisher_weights(groups: np.ndarray, power: float = 0.5) -> np.ndarray:
    """``1 / n_publisher ** power`` per article, rescaled to mean 1 (0 = every article alike)."""
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    weights = 1.0 / counts[inverse].astype(float) ** power
    return weights / weights.mean()


def stratum_weights(
    weights: np.ndarray, y: np.ndarray, strata: np.ndarray, power: float = 1.0
) -> np.ndarray:
    """``weights`` divided by their (stratum, label) cell's total ** ``power``, mean 1.

    With ``power`` 1 every cell weighs the same in total: with strata = collection and
    topic, a collection of one label (the BBC) or a topic reliable-only in one collection
    weighs no more than any other cell; 0.5 goes half way (in log terms).
    """
    keys = np.char.add(np.asarray(strata).astype(str), "|" + np.asarray(y).astype(str))
    _, inverse = np.unique(keys, return_inverse=True)
    totals = np.bincount(inverse, weights=weights)
    out = weights / totals[inverse] ** power
    return out / out.mean()


class CredibilityClassifier(ClassifierMixin, BaseEstimator):
    """Fits a :class:`CredibilityModel` on labelled documents (1 = reliable source).

    ``fit(X, y, groups=publishers, strata=...)``: ``groups`` (the publisher of each article)
    drives the cross-publisher vocabulary rule, the balancing weights and the grouped
    calibration; without it every article counts as its own publisher. ``strata`` (e.g.
    "collection|topic" per article) balances each stratum's labels, see
    :func:`stratum_weights`. The scoring-time rules (``raising_*``, ``min_words``,
    ``min_known_share``, ``max_clipped``, ``unknown_shrink``) are stored in the model.
    """

    def __init__(
        self,
        *,
        C: float = 1.0,
        min_publishers: int = 5,
        max_terms: int = 20000,
        min_word_zipf: float | None = None,
        exclude_outlet_names: bool = False,
        ngram_max: int = 1,
        title_terms: bool = False,
        use_terms: bool = True,
        learned_cue_kinds: Sequence[str] | None = None,
        fixed_cue_weights: Mapping[str, float] | None = None,
        rare_cue_priors: Mapping[str, float] | None = None,
        calibration_folds: int = 5,
        publisher_power: float = 0.5,
        stratum_power: float = 1.0,
        stratum_effects: bool = False,
        stratum_penalty: float = 1.0,
        calibrate: bool = True,
        thresholds: tuple[float, float] = (0.35, 0.65),
        clip_quantile: float | None = 1.0,
        sign_constraints: bool = True,
        raising_cue_cap: float = math.inf,
        raising_cap: float = math.inf,
        raising_disagree_factor: float = 1.0,
        min_words: int = 0,
        min_known_share: float = 0.0,
        known_share_quantile: float | None = None,
        max_clipped: int = 1000,
        unknown_shrink: float = 1.0,
    ) -> None:
        self.C = C
        self.min_publishers = min_publishers
        self.max_terms = max_terms
        self.min_word_zipf = min_word_zipf
        self.exclude_outlet_names = exclude_outlet_names
        self.ngram_max = ngram_max
        self.title_terms = title_terms
        self.use_terms = use_terms
        self.learned_cue_kinds = learned_cue_kinds
        self.fixed_cue_weights = fixed_cue_weights
        self.rare_cue_priors = rare_cue_priors
        self.calibration_folds = calibration_folds
        self.publisher_power = publisher_power
        self.stratum_power = stratum_power
        self.stratum_effects = stratum_effects
        self.stratum_penalty = stratum_penalty
        self.calibrate = calibrate
        self.thresholds = thresholds
        self.clip_quantile = clip_quantile
        self.sign_constraints = sign_constraints
        self.raising_cue_cap = raising_cue_cap
        self.raising_cap = raising_cap
        self.raising_disagree_factor = raising_disagree_factor
        self.min_words = min_words
        self.min_known_share = min_known_share
        self.known_share_quantile = known_share_quantile
        self.max_clipped = max_clipped
        self.unknown_shrink = unknown_shrink

    # -- fitting -------------------------------------------------------------------------
    def analyse(self, X: Any) -> AnalysedDocuments:
        """The documents analysed as this classifier needs them (reusable across fits)."""
        return AnalysedDocuments.of(X, self.ngram_max, self.title_terms)

    def fit(self, X: Any, y: Any, groups: Any = None, strata: Any = None) -> CredibilityClassifier:
        documents = X if isinstance(X, AnalysedDocuments) else self.analyse(X)
        return self.fit_analysed(documents, y, groups, strata)

    def fit_analysed(
        self, documents: AnalysedDocuments, y: Any, groups: Any = None, strata: Any = None
    ) -> CredibilityClassifier:
        """:meth:`fit` on documents already analysed (see :meth:`analyse`)."""
        y = np.asarray(y, dtype=int)
        if set(np.unique(y)) - {0, 1} or len(np.unique(y)) < 2:
            raise ValueError("y must hold both labels, 1 (reliable) and 0 (unreliable)")
        groups = np.arange(len(y)) if groups is None else np.asarray(groups)
        strata = None if strata is None else np.asarray(strata)
        self.classes_ = np.array([0, 1])
        self.fixed_cue_weights_ = self._fixed_weights(documents.values, y)
        logger.info("fitting on %d articles from %d publishers", len(y), len(set(groups)))
        raw = self._fit_once(documents, y, groups, strata)
        scale, offset = self._calibrate(documents, y, groups, strata)
        self.model_ = self._export(raw, scale, offset)
        return self

    def _fixed_weights(self, values: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """Given fixed weights, plus rare-cue weights estimated from these articles only.

        Estimating here rather than once on all data keeps a test fold's labels out of the
        weights when the classifier is cross-validated.
        """
        names = feature_names()
        fixed: dict[str, float] = {}
        for kind, prior in (self.rare_cue_priors or {}).items():
            fired = values[:, names.index(CUE_FEATURE_PREFIX + kind)] > 0
            weight, _ = shrunk_cue_weight(
                int((fired & (y == 1)).sum()),
                int((y == 1).sum()),
                int((fired & (y == 0)).sum()),
                int((y == 0).sum()),
                prior,
            )
            fixed[kind] = round(weight, 4)
        fixed.update(self.fixed_cue_weights or {})
        return fixed

    def _learned_kinds(self) -> list[str]:
        fixed = getattr(self, "fixed_cue_weights_", None) or dict(self.fixed_cue_weights or {})
        kinds = [spec.kind for spec in REGISTRY if spec.kind not in fixed]
        if self.learned_cue_kinds is not None:
            kinds = [k for k in kinds if k in set(self.learned_cue_kinds)]
        return kinds

    def _design(self, values, counts, kinds, fitted) -> sp.csr_matrix:
        names = feature_names()
        cue_columns = np.log2(1.0 + values[:, [names.index(CUE_FEATURE_PREFIX + k) for k in kinds]])
        numeric = values[:, [names.index(n) for n in _numeric_names()]]
        if fitted["low"] is not None:
            numeric = np.clip(numeric, fitted["low"], fitted["high"])
        numeric = (numeric - fitted["center"]) / fitted["scale"]
        blocks = [sp.csr_matrix(cue_columns), sp.csr_matrix(numeric)]
        if fitted["columns"] is not None:
            blocks.append(tfidf_matrix(counts, fitted["columns"], fitted["idf"]))
        return sp.hstack(blocks, format="csr")

    def _bounds(self, kinds: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Weight bounds of the cue and numeric columns, from the features' directions."""
        names = [CUE_FEATURE_PREFIX + k for k in kinds] + list(_numeric_names())
        lower = np.full(len(names), -np.inf)
        upper = np.full(len(names), np.inf)
        if not self.sign_constraints:
            return lower, upper
        directions = feature_directions()
        for i, name in enumerate(names):
            direction = directions.get(name, 0)
            if direction < 0:
                upper[i] = 0.0
            elif direction > 0:
                lower[i] = 0.0
                if name.startswith(CUE_FEATURE_PREFIX):
                    upper[i] = self.raising_cue_cap
        return lower, upper

    def _fit_once(self, documents, y, groups, strata) -> dict[str, Any]:
        names = feature_names()
        values = documents.values
        numeric = values[:, [names.index(n) for n in _numeric_names()]]
        fitted: dict[str, Any] = {"low": None, "high": None, "columns": None, "idf": None}
        if self.clip_quantile is not None:
            fitted["low"] = np.percentile(numeric, self.clip_quantile, axis=0)
            fitted["high"] = np.percentile(numeric, 100 - self.clip_quantile, axis=0)
            numeric = np.clip(numeric, fitted["low"], fitted["high"])
        center = numeric.mean(axis=0)
        if self.sign_constraints:
            # A signal with a direction is measured from its lowest training value, so its
            # contribution has the sign of its direction: a headline with no clickbait adds
            # nothing, rather than "more reliable than the average headline".
            directed = [feature_directions().get(n, 0) != 0 for n in _numeric_names()]
            center[directed] = numeric.min(axis=0)[directed]
        fitted["center"] = center
        fitted["min_known_share"] = self.min_known_share
        scale = numeric.std(axis=0)
        scale[scale == 0] = 1.0
        fitted["scale"] = scale
        if self.use_terms:
            fitted["columns"], fitted["idf"] = fit_vocabulary(
                documents.counts,
                documents.terms,
                groups,
                self.min_publishers,
                self.max_terms,
                self.min_word_zipf,
                outlet_names(groups) if self.exclude_outlet_names else frozenset(),
            )
            fitted["terms"] = documents.terms[fitted["columns"]]
            if self.known_share_quantile is not None:
                # "Unfamiliar wording": fewer of its words in the vocabulary than all but
                # this percentile of the training articles (relative, so it suits any size).
                shares = known_shares(documents, fitted["columns"])
                fitted["min_known_share"] = max(
                    self.min_known_share, float(np.percentile(shares, self.known_share_quantile))
                )
        kinds = self._learned_kinds()
        weights = publisher_weights(groups, self.publisher_power)
        if strata is not None:
            weights = stratum_weights(weights, y, strata, self.stratum_power)
        offset = np.zeros(len(y))
        for kind, weight in self.fixed_cue_weights_.items():
            offset += weight * np.log2(1.0 + values[:, names.index(CUE_FEATURE_PREFIX + kind)])
        X = self._design(values, documents.counts, kinds, fitted)
        lower, upper = self._bounds(kinds)
        n_columns = X.shape[1]
        penalty = np.ones(n_columns)
        if self.stratum_effects and strata is not None:
            indicators = stratum_indicators(strata)
            X = sp.hstack([X, indicators], format="csr")
            penalty = np.concatenate([penalty, np.full(indicators.shape[1], self.stratum_penalty)])
        n_free = X.shape[1] - len(lower)
        lower = np.concatenate([lower, np.full(n_free, -np.inf)])
        upper = np.concatenate([upper, np.full(n_free, np.inf)])
        coef, intercept = fit_bounded_logistic(X, y, weights, self.C, lower, upper, offset, penalty)
        if self.stratum_effects and strata is not None:
            # The strata's own offsets are not part of the model: an article to score has
            # none. Their mean over the training articles, weighted as in the fit, is: the
            # base stays that of the training articles, not that of an article in no stratum.
            effects = indicators @ coef[n_columns:]
            intercept += float(np.average(effects, weights=class_balanced(weights, y)))
        fitted.update(kinds=kinds, coef=coef[:n_columns], intercept=intercept)
        return fitted

    def _raw_log_odds(self, fitted, documents: AnalysedDocuments) -> np.ndarray:
        X = self._design(documents.values, documents.counts, fitted["kinds"], fitted)
        names = feature_names()
        out = X @ fitted["coef"] + fitted["intercept"]
        for kind, weight in self.fixed_cue_weights_.items():
            out += weight * np.log2(
                1.0 + documents.values[:, names.index(CUE_FEATURE_PREFIX + kind)]
            )
        return out

    def _calibrate(self, documents, y, groups, strata) -> tuple[float, float]:
        """Platt scaling on publisher-grouped out-of-fold log-odds."""
        n_groups = len(np.unique(groups))
        folds = min(self.calibration_folds, n_groups)
        if folds < 2 or not self.calibrate:
            return 1.0, 0.0
        oof = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=folds).split(documents.values, y, groups):
            if len(np.unique(y[train])) < 2:
                continue
            fitted = self._fit_once(
                documents.take(train),
                y[train],
                groups[train],
                None if strata is None else strata[train],
            )
            oof[test] = self._raw_log_odds(fitted, documents.take(test))
        # Unweighted: probabilities should be right per article, the unit users score.
        platt = LogisticRegression(C=1e6, max_iter=1000)
        platt.fit(oof.reshape(-1, 1), y)
        self.oof_raw_log_odds_ = oof
        return float(platt.coef_[0, 0]), float(platt.intercept_[0])

    def _export(self, fitted, scale: float, offset: float) -> CredibilityModel:
        kinds = fitted["kinds"]
        coef = fitted["coef"] * scale
        n_kinds, numeric_names = len(kinds), _numeric_names()
        cue_weights = {spec.kind: 0.0 for spec in REGISTRY}
        origin = {spec.kind: "learned (dropped: excluded)" for spec in REGISTRY}
        directions = {spec.kind: spec.direction for spec in REGISTRY}
        for kind, weight in zip(kinds, coef[:n_kinds], strict=True):
            if directions[kind] > 0 and self.sign_constraints:
                # The cap holds after calibration's scaling too.
                weight = min(weight, self.raising_cue_cap)
            cue_weights[kind] = float(weight)
            origin[kind] = "learned" if weight else "learned (0: its direction's bound)"
        for kind, weight in self.fixed_cue_weights_.items():
            cue_weights[kind] = float(weight) * scale
            origin[kind] = "fixed (see model card)"
        style_weights = coef[n_kinds : n_kinds + len(numeric_names)]
        if fitted["columns"] is not None:
            terms = tuple(str(t) for t in fitted["terms"])
            idf = fitted["idf"]
        else:
            terms, idf = (), np.empty(0)
        term_weights = coef[n_kinds + len(numeric_names) :]
        # Centering is folded into the base: a feature at its center (the training mean, or the
        # lowest training value for a feature with a direction) contributes 0.
        return CredibilityModel(
            feature_names=feature_names(),
            cue_weights=cue_weights,
            cue_weight_origin=origin,
            style_names=numeric_names,
            style_center=fitted["center"],
            style_scale=fitted["scale"],
            style_weights=np.asarray(style_weights, dtype=np.float64),
            terms=terms,
            idf=np.asarray(idf, dtype=np.float64),
            term_weights=np.asarray(term_weights, dtype=np.float64),
            base_log_odds=fitted["intercept"] * scale + offset,
            ngram_max=self.ngram_max,
            title_terms=self.title_terms,
            thresholds=(float(self.thresholds[0]), float(self.thresholds[1])),
            style_low=fitted["low"],
            style_high=fitted["high"],
            raising_cap=self.raising_cap,
            raising_disagree_factor=self.raising_disagree_factor,
            min_words=self.min_words,
            min_known_share=round(fitted["min_known_share"], 4),
            max_clipped=self.max_clipped,
            unknown_shrink=self.unknown_shrink,
            raising_features=tuple(
                name for name in numeric_names if feature_directions().get(name, 0) > 0
            )
            if self.sign_constraints
            else (),
        )

    # -- prediction ----------------------------------------------------------------------
    def decision_function(self, X: Any) -> np.ndarray:
        """Text log-odds of "reliable" per document, from the exported model (what ships)."""
        check_is_fitted(self, "model_")
        if isinstance(X, AnalysedDocuments):
            return self.model_.score_analysed(X.articles, X.values)[0]
        articles = to_articles(X)
        return self.model_.score_analysed(articles, analyse_many(articles))[0]

    def predict_proba(self, X: Any) -> np.ndarray:
        p = np.array([logistic(x) for x in self.decision_function(X)])
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        return (self.decision_function(X) >= 0).astype(int)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags


__all__ = [
    "AnalysedDocuments",
    "CredibilityClassifier",
    "analyse_many",
    "fit_bounded_logistic",
    "publisher_weights",
    "stratum_weights",
]
