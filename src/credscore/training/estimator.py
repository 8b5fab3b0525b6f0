"""Fitting the credibility model: a scikit-learn estimator that exports :class:`CredibilityModel`.

The recipe, and why:

* **Vocabulary seen across publishers.** A term enters the vocabulary only if it occurs in
  articles of at least ``min_publishers`` different publishers. A site's signature (its
  name, footer, disclaimer) occurs at one publisher and so can never be learned: the model
  has to rely on language that generalises to sites it has not seen.
* **Publisher-balanced weights.** Each article is weighted ``1 / sqrt(n_publisher)`` so one
  prolific site (322 Chicago Sun-Times articles in ReCOVery) does not define "reliable".
* **Sign constraints on cues.** A learned cue weight whose sign contradicts the cue's
  direction is dropped (set to 0) and the model refitted without it.
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
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from credscore.article import Article
from credscore.cues import REGISTRY, analyse, feature_names
from credscore.featurizer import to_articles
from credscore.logodds import logistic
from credscore.model import (
    CUE_FEATURE_PREFIX,
    CredibilityModel,
    document_terms,
    sublinear_tfidf,
)

logger = logging.getLogger(__name__)


def analyse_many(articles: Sequence[Article]) -> np.ndarray:
    """The registry's feature matrix for many articles."""
    return np.array([analyse(article)[1] for article in articles], dtype=np.float64).reshape(
        len(articles), len(feature_names())
    )


def _numeric_names() -> tuple[str, ...]:
    return tuple(name for name in feature_names() if not name.startswith(CUE_FEATURE_PREFIX))


def _fit_vocabulary(
    term_lists: Sequence[Mapping[str, int]], groups: np.ndarray, min_publishers: int, max_terms: int
) -> tuple[tuple[str, ...], np.ndarray]:
    """Terms seen at ``min_publishers`` or more publishers, with smoothed idf."""
    publishers_of: dict[str, set] = {}
    document_frequency: dict[str, int] = {}
    for terms, group in zip(term_lists, groups, strict=True):
        for term in terms:
            document_frequency[term] = document_frequency.get(term, 0) + 1
            publishers_of.setdefault(term, set()).add(group)
    kept = [t for t, pubs in publishers_of.items() if len(pubs) >= min_publishers]
    # Most widespread first; ties by frequency then alphabetically, so the result is deterministic.
    kept.sort(key=lambda t: (-len(publishers_of[t]), -document_frequency[t], t))
    kept = sorted(kept[:max_terms])
    n = len(term_lists)
    idf = np.array([np.log((1 + n) / (1 + document_frequency[t])) + 1.0 for t in kept])
    return tuple(kept), idf


def _tfidf_matrix(
    term_lists: Sequence[Mapping[str, int]], terms: Sequence[str], idf: np.ndarray
) -> sp.csr_matrix:
    vocabulary = {term: index for index, term in enumerate(terms)}
    indptr, indices, data = [0], [], []
    for doc_terms in term_lists:
        columns, values = sublinear_tfidf(doc_terms, vocabulary, idf)
        indices.append(columns)
        data.append(values)
        indptr.append(indptr[-1] + len(columns))
    return sp.csr_matrix(
        (
            np.concatenate(data) if data else np.empty(0),
            np.concatenate(indices) if indices else np.empty(0, dtype=np.int64),
            np.asarray(indptr),
        ),
        shape=(len(term_lists), len(terms)),
    )


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


def publisher_weights(groups: np.ndarray, power: float = 0.5) -> np.ndarray:
    """``1 / n_publisher ** power`` per article, rescaled to mean 1 (0 = every article alike)."""
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    weights = 1.0 / counts[inverse].astype(float) ** power
    return weights / weights.mean()


class CredibilityClassifier(ClassifierMixin, BaseEstimator):
    """Fits a :class:`CredibilityModel` on labelled documents (1 = reliable source).

    ``fit(X, y, groups=publishers)``: ``groups`` (the publisher of each article) drives the
    cross-publisher vocabulary rule, the balancing weights and the grouped calibration;
    without it every article counts as its own publisher.
    """

    def __init__(
        self,
        *,
        C: float = 1.0,
        min_publishers: int = 5,
        max_terms: int = 20000,
        ngram_max: int = 1,
        title_terms: bool = False,
        use_terms: bool = True,
        learned_cue_kinds: Sequence[str] | None = None,
        fixed_cue_weights: Mapping[str, float] | None = None,
        rare_cue_priors: Mapping[str, float] | None = None,
        calibration_folds: int = 5,
        publisher_power: float = 0.5,
        calibrate: bool = True,
        thresholds: tuple[float, float] = (0.35, 0.65),
    ) -> None:
        self.C = C
        self.min_publishers = min_publishers
        self.max_terms = max_terms
        self.ngram_max = ngram_max
        self.title_terms = title_terms
        self.use_terms = use_terms
        self.learned_cue_kinds = learned_cue_kinds
        self.fixed_cue_weights = fixed_cue_weights
        self.rare_cue_priors = rare_cue_priors
        self.calibration_folds = calibration_folds
        self.publisher_power = publisher_power
        self.calibrate = calibrate
        self.thresholds = thresholds

    # -- fitting -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, groups: Any = None) -> CredibilityClassifier:
        articles = to_articles(X)
        y = np.asarray(y, dtype=int)
        if set(np.unique(y)) - {0, 1} or len(np.unique(y)) < 2:
            raise ValueError("y must hold both labels, 1 (reliable) and 0 (unreliable)")
        groups = np.arange(len(y)) if groups is None else np.asarray(groups)
        self.classes_ = np.array([0, 1])
        values = analyse_many(articles)
        self.fixed_cue_weights_ = self._fixed_weights(values, y)
        term_lists = [document_terms(a, self.ngram_max, self.title_terms) for a in articles]
        logger.info("fitting on %d articles from %d publishers", len(y), len(set(groups)))
        raw = self._fit_once(values, term_lists, y, groups)
        scale, offset = self._calibrate(values, term_lists, y, groups)
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

    def _design(self, values, term_lists, kinds, stats, vocab):
        names = feature_names()
        cue_columns = np.log2(1.0 + values[:, [names.index(CUE_FEATURE_PREFIX + k) for k in kinds]])
        numeric = values[:, [names.index(n) for n in _numeric_names()]]
        numeric = (numeric - stats[0]) / stats[1]
        blocks = [sp.csr_matrix(cue_columns), sp.csr_matrix(numeric)]
        if vocab is not None:
            blocks.append(_tfidf_matrix(term_lists, *vocab))
        return sp.hstack(blocks, format="csr")

    def _fit_once(self, values, term_lists, y, groups) -> dict[str, Any]:
        names = feature_names()
        numeric = values[:, [names.index(n) for n in _numeric_names()]]
        center = numeric.mean(axis=0)
        scale = numeric.std(axis=0)
        scale[scale == 0] = 1.0
        vocab = None
        if self.use_terms:
            vocab = _fit_vocabulary(term_lists, groups, self.min_publishers, self.max_terms)
        kinds = self._learned_kinds()
        direction = {spec.kind: spec.direction for spec in REGISTRY}
        weights = publisher_weights(groups, self.publisher_power)
        while True:
            X = self._design(values, term_lists, kinds, (center, scale), vocab)
            model = LogisticRegression(C=self.C, max_iter=5000, class_weight="balanced")
            model.fit(X, y, sample_weight=weights)
            coef = model.coef_[0]
            wrong = [k for i, k in enumerate(kinds) if coef[i] * direction[k] < 0]
            if not wrong:
                break
            logger.info("dropping wrong-signed cue weights: %s", ", ".join(wrong))
            kinds = [k for k in kinds if k not in wrong]
        return {
            "kinds": kinds,
            "center": center,
            "scale": scale,
            "vocab": vocab,
            "coef": coef,
            "intercept": float(model.intercept_[0]),
        }

    def _raw_log_odds(self, fitted, values, term_lists) -> np.ndarray:
        X = self._design(
            values,
            term_lists,
            fitted["kinds"],
            (fitted["center"], fitted["scale"]),
            fitted["vocab"],
        )
        return X @ fitted["coef"] + fitted["intercept"]

    def _calibrate(self, values, term_lists, y, groups) -> tuple[float, float]:
        """Platt scaling on publisher-grouped out-of-fold log-odds."""
        n_groups = len(np.unique(groups))
        folds = min(self.calibration_folds, n_groups)
        if folds < 2 or not self.calibrate:
            return 1.0, 0.0
        oof = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=folds).split(values, y, groups):
            if len(np.unique(y[train])) < 2:
                continue
            fitted = self._fit_once(
                values[train], [term_lists[i] for i in train], y[train], groups[train]
            )
            oof[test] = self._raw_log_odds(fitted, values[test], [term_lists[i] for i in test])
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
        origin = {spec.kind: "learned (dropped: wrong sign or excluded)" for spec in REGISTRY}
        for kind, weight in zip(kinds, coef[:n_kinds], strict=True):
            cue_weights[kind] = float(weight)
            origin[kind] = "learned"
        for kind, weight in self.fixed_cue_weights_.items():
            cue_weights[kind] = float(weight)
            origin[kind] = "fixed (see model card)"
        style_weights = coef[n_kinds : n_kinds + len(numeric_names)]
        terms, idf = fitted["vocab"] if fitted["vocab"] is not None else ((), np.empty(0))
        term_weights = coef[n_kinds + len(numeric_names) :]
        # Centering is folded into the base so a feature at its training mean contributes 0.
        return CredibilityModel(
            feature_names=feature_names(),
            cue_weights=cue_weights,
            cue_weight_origin=origin,
            style_names=numeric_names,
            style_center=fitted["center"],
            style_scale=fitted["scale"],
            style_weights=np.asarray(style_weights, dtype=np.float64),
            terms=tuple(terms),
            idf=np.asarray(idf, dtype=np.float64),
            term_weights=np.asarray(term_weights, dtype=np.float64),
            base_log_odds=fitted["intercept"] * scale + offset,
            ngram_max=self.ngram_max,
            title_terms=self.title_terms,
            thresholds=(float(self.thresholds[0]), float(self.thresholds[1])),
        )

    # -- prediction ----------------------------------------------------------------------
    def decision_function(self, X: Any) -> np.ndarray:
        """Text log-odds of "reliable" per document, from the exported model (what ships)."""
        check_is_fitted(self, "model_")
        log_odds = []
        for article in to_articles(X):
            cues, values = analyse(article)
            log_odds.append(self.model_.decompose(article, cues, values).log_odds)
        return np.asarray(log_odds, dtype=np.float64)

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


__all__ = ["CredibilityClassifier", "analyse_many", "publisher_weights"]
