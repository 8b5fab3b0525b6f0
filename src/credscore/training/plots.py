"""Matplotlib figures for the notebooks: ROC, calibration, cue prevalence, weights, style, sites.

Each function draws on ``ax`` (a new figure when omitted) and returns the Axes, so a
notebook can arrange them. Matplotlib is imported on first use only: it is in the
``notebooks`` extra, not a core dependency.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

#: Colours shared with the HTML view: red lowers credibility, green raises it.
RELIABLE_COLOUR, UNRELIABLE_COLOUR = "#16a34a", "#dc2626"


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "credscore.plots needs matplotlib: pip install 'credscore[notebooks]'"
        ) from None
    return plt


def _axes(ax: Any, figsize: tuple[float, float] = (5.0, 4.0)) -> Any:
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=figsize)
    return ax


def roc_curve(
    y: Sequence[int] | np.ndarray,
    p: Sequence[float] | np.ndarray,
    *,
    label: str = "credscore",
    ax: Any = None,
) -> Any:
    """ROC curve of P(reliable) against the labels, with the AUC in the legend."""
    from sklearn.metrics import roc_auc_score
    from sklearn.metrics import roc_curve as sk_roc_curve

    ax = _axes(ax)
    false_positive, true_positive, _ = sk_roc_curve(y, p)
    ax.plot(false_positive, true_positive, label=f"{label} (AUC {roc_auc_score(y, p):.3f})")
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="chance")
    ax.set_xlabel("unreliable articles scored as reliable (FPR)")
    ax.set_ylabel("reliable articles scored as reliable (TPR)")
    ax.set_title("ROC, publishers held out")
    ax.legend(loc="lower right")
    return ax


def calibration_curve(
    y: Sequence[int] | np.ndarray,
    p: Sequence[float] | np.ndarray,
    *,
    bins: int = 10,
    ax: Any = None,
) -> Any:
    """Reliability diagram: share of reliable articles per equal-width score bin.

    Marker area is proportional to the articles in the bin; the ECE is in the title.
    """
    from credscore.training.evaluation import expected_calibration_error

    ax = _axes(ax)
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    centres, observed, counts = [], [], []
    for b in range(bins):
        mask = index == b
        if mask.any():
            centres.append(p[mask].mean())
            observed.append(y[mask].mean())
            counts.append(mask.sum())
    sizes = 400 * np.asarray(counts) / max(len(p), 1) + 10
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfect calibration")
    ax.plot(centres, observed, color="C0")
    ax.scatter(centres, observed, s=sizes, color="C0", label="credscore (area = articles)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("mean predicted credibility in bin")
    ax.set_ylabel("share of reliable articles")
    ax.set_title(f"Calibration (ECE {expected_calibration_error(y, p, bins):.3f})")
    ax.legend(loc="upper left")
    return ax


def cue_prevalence(prevalence: pd.DataFrame, *, collection: str = "all", ax: Any = None) -> Any:
    """Horizontal bars: share of reliable vs unreliable articles in which each cue fires.

    ``prevalence`` is :func:`credscore.reports.cue_prevalence`'s table.
    """
    ax = _axes(ax, (6.0, 0.45 * len(prevalence) + 1.5))
    kinds = list(prevalence.index)
    positions = np.arange(len(kinds))
    height = 0.4
    for offset, name, colour in (
        (-height / 2, "reliable", RELIABLE_COLOUR),
        (height / 2, "unreliable", UNRELIABLE_COLOUR),
    ):
        column = f"{collection}:{name}"
        values = prevalence[column].fillna(0) if column in prevalence else np.zeros(len(kinds))
        ax.barh(positions + offset, values, height=height, color=colour, label=name)
    ax.set_yticks(positions, kinds)
    ax.invert_yaxis()
    ax.set_xlabel("share of articles with the cue")
    ax.set_title(f"Cue prevalence by label ({collection})")
    ax.legend(loc="lower right")
    return ax


def feature_weights(weights: pd.DataFrame, *, n: int = 30, ax: Any = None) -> Any:
    """The ``n`` largest weights (by size) of :func:`credscore.reports.weights_table`.

    Bars are green when the input raises credibility and red when it lowers it; labels say
    which part of the model (cue, style, term) each belongs to.
    """
    top = weights.reindex(weights["weight"].abs().sort_values(ascending=False).index).head(n)
    ax = _axes(ax, (6.0, 0.3 * len(top) + 1.5))
    colours = [RELIABLE_COLOUR if w > 0 else UNRELIABLE_COLOUR for w in top["weight"]]
    positions = np.arange(len(top))
    ax.barh(positions, top["weight"], color=colours)
    labels = [f"{part}: {name}" for part, name in zip(top["part"], top["name"], strict=True)]
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("log-odds weight (cue: per cue; style: per SD; term: per tf-idf unit)")
    ax.set_title("Model weights")
    return ax


def style_distributions(
    features: pd.DataFrame,
    names: Sequence[str] | None = None,
    *,
    by: str = "label",
    columns: int = 3,
) -> Any:
    """Box plots of style features split by ``by`` (label or collection); returns the Figure."""
    plt = _pyplot()
    numeric = [c for c in features.columns if c not in ("label", "collection")]
    names = list(names) if names is not None else numeric
    rows = max(1, int(np.ceil(len(names) / columns)))
    figure, axes = plt.subplots(rows, columns, figsize=(4.0 * columns, 2.8 * rows), squeeze=False)
    groups = sorted(features[by].unique())
    for ax, name in zip(axes.flat, names, strict=False):  # the grid may have spare axes
        data = [features.loc[features[by] == g, name].dropna().to_numpy() for g in groups]
        ax.boxplot(data, showfliers=False)
        ax.set_xticks(range(1, len(groups) + 1), groups, rotation=30, ha="right")
        ax.set_title(name, fontsize=9)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    figure.tight_layout()
    return figure


def site_intervals(sites: pd.DataFrame, *, max_sites: int = 40, ax: Any = None) -> Any:
    """Each site's credibility with its 90% interval, coloured by its collection's label.

    ``sites`` is :func:`credscore.training.reports.site_profiles`' table; sites with a label
    ("unknown" excluded) are drawn, the most articles first up to ``max_sites``, then
    ordered by credibility.
    """
    shown = sites[sites["label"] != "unknown"].nlargest(max_sites, "n_articles")
    shown = shown.sort_values("credibility")
    ax = _axes(ax, figsize=(6.0, max(3.0, 0.22 * len(shown) + 1)))
    colours = [
        "grey" if pd.isna(share) else RELIABLE_COLOUR if share >= 0.5 else UNRELIABLE_COLOUR
        for share in shown.get("labelled_reliable", pd.Series(np.nan, index=shown.index))
    ]
    y = np.arange(len(shown))
    ax.hlines(y, shown["low"], shown["high"], colors=colours, linewidth=2)
    ax.scatter(shown["credibility"], y, c=colours, zorder=3, s=18)
    ax.set_yticks(y, [f"{s} ({n})" for s, n in zip(shown["source"], shown["n_articles"],
                                                   strict=True)])  # fmt: skip
    ax.axvline(0.5, linestyle=":", color="grey")
    ax.set_xlim(0, 1)
    ax.set_xlabel("site credibility with its 90% interval (articles in brackets)")
    ax.set_title("Sites: green labelled reliable, red unreliable")
    return ax


def interval_narrowing(table: pd.DataFrame, *, site: str = "", ax: Any = None) -> Any:
    """A site's credibility and 90% interval as articles accumulate (interval_by_articles)."""
    ax = _axes(ax)
    ax.fill_between(table["articles"], table["low"], table["high"], alpha=0.25)
    ax.plot(table["articles"], table["credibility"], marker="o")
    ax.set_xscale("log")
    ax.set_xticks(table["articles"], [str(n) for n in table["articles"]])
    ax.set_ylim(0, 1)
    ax.set_xlabel("articles scored")
    ax.set_ylabel("credibility (text only)")
    ax.set_title(f"{site}: the interval narrows as articles accumulate".strip(": "))
    return ax
