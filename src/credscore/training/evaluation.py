"""Honest evaluation: publisher-grouped folds, baselines on the same folds, bootstrap intervals.

Reliability is a property of the source, so every figure here comes from publishers the
model did not see in training (``GroupKFold`` on the publisher). Intervals resample whole
publishers (a cluster bootstrap), since articles of one site are not independent.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from credscore.training.model_card import METRICS

logger = logging.getLogger(__name__)


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """ECE with equal-width bins: the mean |accuracy - confidence| weighted by bin size."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.mean() * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """ROC-AUC, PR-AUC (reliable = positive), Brier, ECE and accuracy at 0.5."""
    y, p = np.asarray(y), np.asarray(p)
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "ece": expected_calibration_error(y, p),
        "accuracy": float(((p >= 0.5) == (y == 1)).mean()),
    }


def bootstrap_intervals(
    y: np.ndarray, p: np.ndarray, groups: np.ndarray, *, n: int = 300, seed: int = 0
) -> dict[str, tuple[float, float]]:
    """95% intervals of each metric, resampling whole publishers."""
    rng = np.random.default_rng(seed)
    y, p, groups = np.asarray(y), np.asarray(p), np.asarray(groups)
    unique = np.unique(groups)
    rows_of = {g: np.flatnonzero(groups == g) for g in unique}
    samples: dict[str, list[float]] = {name: [] for name in METRICS}
    for _ in range(n):
        rows = np.concatenate([rows_of[g] for g in rng.choice(unique, size=len(unique))])
        if len(np.unique(y[rows])) < 2:
            continue
        for name, value in metrics(y[rows], p[rows]).items():
            samples[name].append(value)
    return {
        name: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))
        for name, v in samples.items()
    }


def grouped_out_of_fold(
    estimator: Any,
    X: pd.DataFrame,
    y: np.ndarray,
    groups: np.ndarray,
    *,
    folds: int = 5,
    pass_groups: bool = False,
    progress: Callable[[str], None] | None = None,
    extra: pd.DataFrame | None = None,
) -> np.ndarray:
    """Out-of-fold P(reliable) with ``GroupKFold`` on the publisher (deterministic folds).

    ``extra`` (the schema's columns) widens every training fold with other collections'
    rows, minus any row whose publisher or domain is in that fold's test part, so a test
    publisher is never seen in training through another collection.
    """
    oof = np.zeros(len(y))
    for index, (train, test) in enumerate(GroupKFold(n_splits=folds).split(X, y, groups)):
        model = clone(estimator)
        X_train, y_train, g_train = X.iloc[train], y[train], groups[train]
        if extra is not None and len(extra):
            held_out = set(groups[test]) | set(X.iloc[test].get("domain", pd.Series([])))
            keep = extra[~extra["publisher"].isin(held_out) & ~extra["domain"].isin(held_out)]
            X_train = pd.concat([X_train, keep[X.columns]], ignore_index=True)
            y_train = np.concatenate([y_train, keep["label"].to_numpy(dtype=int)])
            g_train = np.concatenate([g_train, keep["publisher"].to_numpy()])
        fit_params = {"groups": g_train} if pass_groups else {}
        model.fit(X_train, y_train, **fit_params)
        oof[test] = model.predict_proba(X.iloc[test])[:, 1]
        if progress:
            progress(f"fold {index + 1}/{folds} done")
    return oof


def _text_column(X: pd.DataFrame) -> list[str]:
    return X["text"].tolist()


def tfidf_baseline() -> Any:
    """The field's strong baseline: word uni+bigram TF-IDF and logistic regression."""
    return make_pipeline(
        FunctionTransformer(_text_column),
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        LogisticRegression(C=10.0, max_iter=2000),
    )


def majority_baseline() -> Any:
    return DummyClassifier(strategy="prior")


@dataclass
class Result:
    """One model's out-of-fold figures."""

    name: str
    metrics: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    probabilities: np.ndarray | None = None
    """Out-of-fold P(reliable), in the frame's row order."""

    def row(self) -> dict[str, Any]:
        out: dict[str, Any] = {"model": self.name}
        for name in METRICS:
            low, high = self.intervals.get(name, (float("nan"), float("nan")))
            out[name] = self.metrics[name]
            out[f"{name}_ci"] = [round(low, 3), round(high, 3)]
        return out


def evaluate_models(
    models: Iterable[tuple[str, Any, bool]],
    frame: pd.DataFrame,
    *,
    folds: int = 5,
    bootstrap: int = 300,
    progress: Callable[[str], None] | None = None,
    extra: pd.DataFrame | None = None,
) -> list[Result]:
    """Each ``(name, estimator, takes_groups)`` on the same publisher-grouped folds."""
    y = frame["label"].to_numpy(dtype=int)
    groups = frame["publisher"].to_numpy()
    columns = ["text", "title", "domain"] if "domain" in frame else ["text", "title"]
    X = frame[columns].reset_index(drop=True)
    results = []
    for name, estimator, takes_groups in models:
        if progress:
            progress(f"evaluating {name}")
        p = grouped_out_of_fold(
            estimator,
            X,
            y,
            groups,
            folds=folds,
            pass_groups=takes_groups,
            progress=progress,
            extra=extra,
        )
        intervals = bootstrap_intervals(y, p, groups, n=bootstrap)
        results.append(Result(name, metrics(y, p), intervals, p))
    return results


def cross_collection(
    estimator: Any, train: pd.DataFrame, test: pd.DataFrame, *, takes_groups: bool = True
) -> dict[str, float]:
    """Train on one collection, test on another (de-duplicated against the training texts)."""
    seen = set(train["text"].str.strip().str.lower())
    test = test[~test["text"].str.strip().str.lower().isin(seen)]
    model = clone(estimator)
    extra = {"groups": train["publisher"].to_numpy()} if takes_groups else {}
    model.fit(train[["text", "title"]], train["label"].to_numpy(dtype=int), **extra)
    p = model.predict_proba(test[["text", "title"]])[:, 1]
    out = metrics(test["label"].to_numpy(dtype=int), p)
    out["n_test"] = len(test)
    return out


# Site signatures that name or identify one outlet, masked in the ablation to show the model
# does not read them. Found by listing the most publisher-specific n-grams in ReCOVery.
# A line containing one of these phrases is blanked whole (footers, disclaimers, credits).
SIGNATURE_LINES: tuple[str, ...] = (
    "reporting by",
    "writing by",
    "editing by",
    "additional reporting by",
    "do not necessarily reflect",
    "authoritative record of npr",
    "copyright npr",
    "chicago sun-times",
    "sun-times",
    "stand for health freedom",
    "ultimate krill oil",
    "newsletter",
    "subscribe to",
)
# Outlet self-names and wire tags, masked wherever they occur.
OUTLET_NAMES: tuple[str, ...] = (
    "(reuters)",
    "(ap)",
    "(afp)",
    "(cnn)",
    "(cnbc)",
    "(sputnik)",
    "(rt)",
    "(upi)",
    "reuters",
    "sputnik",
    "sputnik news",
    "npr",
    "national public radio",
    "usa today",
    "business insider",
    "the verge",
    "cnbc",
    "cbs news",
    "politico",
    "new york times",
    "washington post",
    "abc news",
    "yahoo news",
    "slate",
    "the atlantic",
    "new yorker",
    "pbs newshour",
    "mercury news",
    "detroit news",
    "daily news",
    "rt",
    "press tv",
    "presstv",
    "pravda",
    "infowars",
    "natural news",
    "naturalnews",
    "worldhealth.net",
    "greenmedinfo",
    "activist post",
    "health impact news",
    "the duran",
    "gateway pundit",
    "frontpage",
    "heartland institute",
    "american thinker",
    "humans are free",
    "true pundit",
    "geller report",
    "big league politics",
    "waking times",
    "collective evolution",
)


def mask_site_signatures(text: str) -> str:
    """Blank lines carrying known site boilerplate and mask outlet self-names."""
    if not isinstance(text, str):
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        lowered = line.lower()
        if any(phrase in lowered for phrase in SIGNATURE_LINES):
            lines[index] = ""
    return _outlet_name_pattern().sub(" ", "\n".join(lines))


@cache
def _outlet_name_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in sorted(OUTLET_NAMES, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.IGNORECASE)


def evaluate_recipe(
    frame: pd.DataFrame,
    make_classifier: Callable[[], Any],
    *,
    folds: int = 5,
    bootstrap: int = 300,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The model card's figures: ReCOVery publisher-grouped (vs baselines, masked) + cross.

    ``make_classifier()`` builds the recipe's unfitted estimator (a fresh one per use).
    """
    out: dict[str, Any] = {
        "protocol": f"GroupKFold({folds}) on publisher, pooled out-of-fold "
        "probabilities; 95% intervals from a publisher bootstrap "
        f"({bootstrap} resamples)"
    }
    recovery = frame[frame["collection"] == "recovery"].reset_index(drop=True)
    if len(recovery) == 0:
        return out
    extra = frame[frame["collection"] != "recovery"].reset_index(drop=True)
    if len(extra):
        out["protocol"] += (
            "; every training fold also holds the other training collections ("
            + ", ".join(sorted(extra["collection"].unique()))
            + "), minus rows from the test fold's publishers or domains"
        )
    models = [
        ("credscore", make_classifier(), True),
        ("tfidf_lr_baseline", tfidf_baseline(), False),
        ("majority_baseline", majority_baseline(), False),
    ]
    results = evaluate_models(
        models, recovery, folds=folds, bootstrap=bootstrap, progress=progress, extra=extra
    )
    out["recovery_grouped"] = [r.row() for r in results]
    masked = recovery.assign(
        text=recovery["text"].map(mask_site_signatures),
        title=recovery["title"].fillna("").map(mask_site_signatures),
    )
    masked_extra = extra.assign(
        text=extra["text"].map(mask_site_signatures),
        title=extra["title"].fillna("").map(mask_site_signatures),
    )
    masked_results = evaluate_models(
        models[:2],
        masked,
        folds=folds,
        bootstrap=bootstrap,
        progress=progress,
        extra=masked_extra,
    )
    out["recovery_grouped_masked"] = [r.row() for r in masked_results]
    out["_oof"] = (recovery["label"].to_numpy(dtype=int), results[0].probabilities)
    cross = {}
    for other in sorted(set(frame["collection"]) - {"recovery"}):
        test = frame[frame["collection"] == other]
        if test["label"].nunique() < 2:
            continue
        if progress:
            progress(f"cross-collection: recovery -> {other}")
        cross[f"recovery->{other}"] = {
            "credscore": cross_collection(models[0][1], recovery, test),
            "tfidf_lr_baseline": cross_collection(models[1][1], recovery, test, takes_groups=False),
        }
    out["cross_collection"] = cross
    return out


def format_figures(figures: dict[str, Any]) -> str:
    """The evaluation figures as plain-text tables."""
    lines = [figures.get("protocol", "")]
    for key in ("recovery_grouped", "recovery_grouped_masked"):
        if key in figures:
            lines += ["", key]
            lines.append(f"{'model':<22}" + "".join(f"{m:>24}" for m in METRICS))
            for row in figures[key]:
                cells = [
                    f"{row[m]:.3f} [{row[m + '_ci'][0]:.3f},{row[m + '_ci'][1]:.3f}]"
                    for m in METRICS
                ]
                lines.append(f"{row['model']:<22}" + "".join(f"{c:>24}" for c in cells))
    for pair, models in figures.get("cross_collection", {}).items():
        lines += ["", f"cross-collection {pair}"]
        for name, values in models.items():
            lines.append(
                f"  {name:<20} "
                + "  ".join(f"{m}={values[m]:.3f}" for m in METRICS)
                + f"  n={values['n_test']}"
            )
    return "\n".join(lines)
