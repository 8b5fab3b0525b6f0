"""Fit and measure the site model (`credscore calibrate-sites`) on sites held out from training.

Protocol, in order:

1. **Articles and sites.** The shared collections (:data:`DEFAULT_COLLECTIONS`), cleaned. An
   article's site is its publisher's most frequent registered domain (the publisher's name
   when it has no URL), so one outlet found in two collections is one site (npr.org is in
   ReCOVery and AllSides). A site's label is the majority label of its articles (ties left
   out); sites are reliable or not as wholes in every collection but FakeNewsNet.
2. **Out-of-fold article log-odds.** ``GroupKFold`` on the site; each fold's articles are
   scored by the recipe's classifier (:func:`credscore.training.recipe.build_classifier`)
   fitted on the other folds' sites (:func:`credscore.training.evaluation.grouped_out_of_fold`),
   from text and title alone.
3. **Parameters** (:func:`fit_site_model`): ``μ0``, ``τ`` and ``σ`` by moments over sites
   (each site counts once, whatever its size), ``ν0`` and the clip stated
   (:data:`SPREAD_PRIOR_ARTICLES`, :data:`CLIP`), and the site-level ``a``, ``b`` by log-loss
   of the site label over random subsets of 1, 3, 10 and 30 articles and all of them.
4. **Figures** (:func:`evaluate_site_model`), cross-fitted: each fold's sites are judged
   with parameters fitted on the other folds' sites. For 1, 3, 10 and 30 articles per site,
   random subsets of that size from every site that has as many: site-level ROC-AUC and
   Brier, text-only and with the bundled Lin et al. 2023 prior, reported apart; the share
   of sites whose 90% interval covers their long-run text credibility (measured on at
   least :data:`MIN_REFERENCE_ARTICLES` other articles of the same site), and the intervals'
   width.

The prior-included figures are circular on ReCOVery (labels from NewsGuard and MBFC, which
feed ``pc1``), AllSides (labels are ``pc1`` thresholds) and FakeNewsCorpus (OpenSources
types; the Lin folder's SOURCE.md lists it among the collections that share raters with
``pc1``): they show what the prior adds, not what it is worth.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import GroupKFold

from credscore.model_io import read_card, write_card
from credscore.sites import INTERVAL_LEVEL, SiteModel, student_quantile
from credscore.source import SourceRatings, rating_log_odds
from credscore.training.datasets import load_collections
from credscore.training.evaluation import grouped_out_of_fold
from credscore.training.model_card import render
from credscore.training.recipe import RECIPE, build_classifier

logger = logging.getLogger(__name__)

#: The collections ``calibrate-sites`` reads by default (names resolved under the shared data).
DEFAULT_COLLECTIONS: tuple[str, ...] = (
    "recovery",
    "fakenewsnet",
    "fakenewscorpus",
    "allsides",
    "bbc",
)
#: Collections whose labels come from the raters behind Lin et al.'s pc1 (circular with the prior).
RATER_LABELLED: frozenset[str] = frozenset({"recovery", "allsides", "fakenewscorpus"})
#: Articles per site at which the figures are reported.
SITE_SIZES: tuple[int, ...] = (1, 3, 10, 30)
#: Stated, not fitted: how many articles' worth the typical within-site spread counts for
#: against a site's own spread. Of 2, 5, 10 and 20, tried on the five shared collections,
#: 20 gave the interval coverage nearest 90% from 1 to 30 articles (0.90, 0.92, 0.91, 0.89;
#: 5 gave 0.96, 0.94, 0.92, 0.88); the ranking figures did not move (ROC-AUC ±0.001).
SPREAD_PRIOR_ARTICLES = 20.0
#: Clip on article log-odds: out of fold on the shared collections they run from -29 to +10,
#: and 0.5% of articles lie beyond ±8, where one article would outweigh several others.
CLIP = 8.0
#: A site's long-run text credibility, for the coverage check, is measured on at least this
#: many articles not among those the interval was computed from.
MIN_REFERENCE_ARTICLES = 10
#: Sites with at least this many articles inform the within-site spread ``σ``.
MIN_SPREAD_ARTICLES = 5
#: A collection's own ROC-AUC is reported when it holds this many sites of each label.
MIN_SITES_PER_LABEL = 3
#: A site labelled by its raters: reliable when its bundled Lin et al. pc1 is at least
#: RATED_RELIABLE, unreliable below RATED_UNRELIABLE, left out between (the cut the
#: AllSides collection's labels use).
RATED_RELIABLE = 0.70
RATED_UNRELIABLE = 0.40
_SECTION = "site_model"


def site_keys(frame: pd.DataFrame) -> pd.Series:
    """Each article's site: its publisher's most frequent registered domain, else the publisher."""
    with_domain = frame[frame["domain"].astype(str) != ""]
    main_domain = with_domain.groupby("publisher")["domain"].agg(
        lambda domains: domains.value_counts().index[0]
    )
    return frame["publisher"].map(main_domain).fillna(frame["publisher"]).astype(str)


def out_of_fold_log_odds(
    frame: pd.DataFrame,
    sites: np.ndarray,
    *,
    folds: int = 5,
    progress: Callable[[str], None] | None = None,
) -> np.ndarray:
    """Each article's text log-odds from the recipe fitted on the other folds' sites."""
    probabilities = grouped_out_of_fold(
        build_classifier(),
        frame[["text", "title"]].reset_index(drop=True),
        frame["label"].to_numpy(dtype=int),
        sites,
        folds=folds,
        pass_groups=True,
        progress=progress,
    )
    p = np.clip(probabilities, 1e-15, 1 - 1e-15)
    return np.log(p / (1 - p))


def _by_site(values: np.ndarray, sites: np.ndarray) -> dict[str, np.ndarray]:
    order = np.argsort(sites, kind="stable")
    keys, starts = np.unique(sites[order], return_index=True)
    parts = np.split(values[order], starts[1:])
    return {str(key): part for key, part in zip(keys, parts, strict=True)}


def site_labels(labels: np.ndarray, sites: np.ndarray) -> dict[str, int]:
    """The majority label of each site's articles; sites with a tie are left out."""
    out = {}
    for site, values in _by_site(labels.astype(float), sites).items():
        share = float(values.mean())
        if share != 0.5:
            out[site] = int(share > 0.5)
    return out


def rater_labels(sites: Iterable[str]) -> dict[str, int]:
    """Each site's label from its raters (bundled pc1; see :data:`RATED_RELIABLE`).

    A site's own label, where :func:`site_labels` gives a majority of article labels. They
    differ where a collection labels claims, not outlets: FakeNewsNet calls an article
    "real" when the claim it carries was fact-checked true, whoever published it.
    """
    return {
        site: int(value >= RATED_RELIABLE)
        for site, value in _bundled_ratings(sites).items()
        if value >= RATED_RELIABLE or value < RATED_UNRELIABLE
    }


def _moments(log_odds_by_site: dict[str, np.ndarray]) -> tuple[float, float, float]:
    """(μ0, τ, σ) by moments over sites, each site counted once."""
    clipped = {s: np.clip(v, -CLIP, CLIP) for s, v in log_odds_by_site.items() if len(v)}
    spreads = [float(v.var(ddof=1)) for v in clipped.values() if len(v) >= MIN_SPREAD_ARTICLES]
    sigma2 = float(np.mean(spreads)) if spreads else 1.0
    means = np.array([v.mean() for v in clipped.values()])
    sizes = np.array([len(v) for v in clipped.values()])
    mu0 = float(means.mean())
    tau2 = float(means.var(ddof=1) - np.mean(sigma2 / sizes)) if len(means) > 1 else 1.0
    return mu0, math.sqrt(max(tau2, 0.25)), math.sqrt(sigma2)


def _subsets(
    log_odds_by_site: dict[str, np.ndarray],
    sizes: Iterable[int | None],
    draws: int,
    rng: np.random.Generator,
) -> list[tuple[str, int | None, list[np.ndarray]]]:
    """(site, size, subsets) for every site with at least ``size`` articles (None = all)."""
    out: list[tuple[str, int | None, list[np.ndarray]]] = []
    for size in sizes:
        for site, values in log_odds_by_site.items():
            if size is None:
                out.append((site, size, [values]))
            elif len(values) >= size:
                picks = [rng.choice(len(values), size=size, replace=False) for _ in range(draws)]
                out.append((site, size, [values[p] for p in picks]))
    return out


def fit_site_model(
    log_odds_by_site: dict[str, np.ndarray],
    labels: dict[str, int],
    *,
    draws: int = 20,
    seed: int = 0,
) -> SiteModel:
    """The site model's parameters from labelled sites' article log-odds (see the module)."""
    mu0, tau, sigma = _moments(log_odds_by_site)
    base = SiteModel(mu0, tau, sigma, SPREAD_PRIOR_ARTICLES, CLIP, 0.0, 1.0)
    rng = np.random.default_rng(seed)
    labelled = {s: v for s, v in log_odds_by_site.items() if s in labels and len(v)}
    means, sds, ys, weights = [], [], [], []
    for site, _size, subsets in _subsets(labelled, (*SITE_SIZES, None), draws, rng):
        for subset in subsets:
            estimate = base.estimate(subset.tolist())
            means.append(estimate.mean)
            sds.append(estimate.sd)
            ys.append(labels[site])
            weights.append(1.0 / len(subsets))
    mean, sd, y, w = map(np.asarray, (means, sds, ys, weights))

    def loss(params: np.ndarray) -> float:
        a, b = params
        z = (a + b * mean) / np.sqrt(1.0 + np.pi * (b * sd) ** 2 / 8.0)
        # log(1 + exp(-z)) for y = 1, log(1 + exp(z)) for y = 0, computed stably
        return float(np.sum(w * np.logaddexp(0.0, np.where(y == 1, -z, z))) / w.sum())

    fitted = minimize(loss, x0=np.array([0.0, 1.0]), method="Nelder-Mead", options={"xatol": 1e-4})
    offset, scale = (float(v) for v in fitted.x)
    return SiteModel(mu0, tau, sigma, SPREAD_PRIOR_ARTICLES, CLIP, offset, scale)


def _fold_of_site(sites: np.ndarray, folds: int) -> dict[str, int]:
    """The fold each site is held out in (the same GroupKFold as the article model's)."""
    fold_of: dict[str, int] = {}
    for index, (_, test) in enumerate(GroupKFold(n_splits=folds).split(sites, groups=sites)):
        for site in np.unique(sites[test]):
            fold_of[str(site)] = index
    return fold_of


def _scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    return {"roc_auc": float(roc_auc_score(y, p)), "brier": float(brier_score_loss(y, p))}


def evaluate_site_model(
    log_odds_by_site: dict[str, np.ndarray],
    labels: dict[str, int],
    fold_of_site: dict[str, int],
    prior_of_site: dict[str, float],
    *,
    collection_of_site: dict[str, str] | None = None,
    labels_by_raters: dict[str, int] | None = None,
    draws: int = 20,
    seed: int = 0,
) -> dict[str, Any]:
    """Cross-fitted site-level figures as articles per site grow (see the module docstring).

    ``collection_of_site`` (a site's main collection) adds ROC-AUCs per collection for 3
    articles per site and for all of them. ``labels_by_raters`` (see :func:`rater_labels`)
    adds, for each size, the text-only ROC-AUC of the same sites and draws against those
    labels (``"rater_labelled"``, the sites that have one); with the prior it would be
    measured against the prior itself, so it is not given.
    """
    rng = np.random.default_rng(seed)
    models = {}
    for fold in sorted(set(fold_of_site.values())):
        train = {s: v for s, v in log_odds_by_site.items() if fold_of_site[s] != fold}
        models[fold] = fit_site_model(train, labels, draws=draws, seed=seed)

    def predictions(sites: list[str], size: int | None) -> tuple[np.ndarray, np.ndarray]:
        """(text-only, with-prior) credibility per draw and site, from ``size`` articles."""
        rounds = 1 if size is None else draws
        text, prior = np.zeros((rounds, len(sites))), np.zeros((rounds, len(sites)))
        for r in range(rounds):
            for i, site in enumerate(sites):
                values = log_odds_by_site[site]
                if size is not None:
                    values = values[rng.choice(len(values), size=size, replace=False)]
                estimate = models[fold_of_site[site]].estimate(values.tolist())
                text[r, i] = estimate.credibility()
                prior[r, i] = estimate.credibility(prior_of_site.get(site, 0.0))
        return text, prior

    rows, by_collection = [], []
    for size in (*SITE_SIZES, None):
        least = 3 if size is None else size
        eligible = [s for s, v in log_odds_by_site.items() if s in labels and len(v) >= least]
        y = np.array([labels[s] for s in eligible])
        row: dict[str, Any] = {
            "articles": "all" if size is None else size,
            "sites": len(eligible),
            "reliable": int(y.sum()),
            "unreliable": int(len(y) - y.sum()),
            "rated": int(sum(s in prior_of_site for s in eligible)),
        }
        text, prior = predictions(eligible, size)
        if len(set(y)) == 2:
            row["text_only"] = _mean_scores([_scores(y, t) for t in text])
            row["with_prior"] = _mean_scores([_scores(y, p) for p in prior])
        if size is not None:
            row.update(_coverage(log_odds_by_site, labels, fold_of_site, models, size, draws, rng))
        if labels_by_raters:
            row["rater_labelled"] = _rater_labelled(eligible, text, labels_by_raters)
        rows.append(row)
        if collection_of_site and size in (3, None):
            by_collection += _per_collection(eligible, y, text, prior, collection_of_site, row)
    return {"by_articles": rows, "by_collection": by_collection}


def _rater_labelled(
    sites: list[str], text: np.ndarray, labels_by_raters: dict[str, int]
) -> dict[str, Any]:
    """Text-only ROC-AUC (mean over the row's draws, ``text``) of the row's ``sites`` that
    have a raters' label, against that label."""
    rated = np.array([site in labels_by_raters for site in sites], dtype=bool)
    y = np.array([labels_by_raters[site] for site in sites if site in labels_by_raters])
    out: dict[str, Any] = {"sites": int(rated.sum()), "reliable": int(y.sum())}
    if len(set(y.tolist())) == 2:
        out["roc_auc"] = float(np.mean([roc_auc_score(y, t[rated]) for t in text]))
    return out


def _per_collection(
    sites: list[str],
    y: np.ndarray,
    text: np.ndarray,
    prior: np.ndarray,
    collection_of_site: dict[str, str],
    row: dict[str, Any],
) -> list[dict[str, Any]]:
    """ROC-AUC (mean over draws) among the sites of each collection holding at least
    :data:`MIN_SITES_PER_LABEL` sites of either label (fewer make the figure a coin toss)."""
    out = []
    collections = np.array([collection_of_site.get(s, "") for s in sites])
    for collection in sorted(set(collections)):
        mask = collections == collection
        if min(int(y[mask].sum()), int((1 - y[mask]).sum())) < MIN_SITES_PER_LABEL:
            continue
        out.append(
            {
                "collection": collection,
                "articles": row["articles"],
                "sites": int(mask.sum()),
                "reliable": int(y[mask].sum()),
                "text_only_roc_auc": float(
                    np.mean([roc_auc_score(y[mask], t[mask]) for t in text])
                ),
                "with_prior_roc_auc": float(
                    np.mean([roc_auc_score(y[mask], p[mask]) for p in prior])
                ),
                "circular_with_prior": collection in RATER_LABELLED,
            }
        )
    return out


def _mean_scores(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {name: float(np.mean([r[name] for r in rounds])) for name in rounds[0]}


def _coverage(
    log_odds_by_site: dict[str, np.ndarray],
    labels: dict[str, int],
    fold_of_site: dict[str, int],
    models: dict[int, SiteModel],
    size: int,
    draws: int,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """How often the interval from ``size`` articles covers the site's long-run credibility.

    The long run is read from the site's other articles (at least
    :data:`MIN_REFERENCE_ARTICLES`): their mean log-odds is the site's mean plus noise, so
    the check widens the interval by that noise (``s_eff² / m``) before comparing. Width is
    the mean ``high - low`` on the credibility scale, text only; ``wrong_side`` the share of
    labelled sites whose whole interval lies on the wrong side of 0.5.
    """
    hits, widths, wrong = [], [], []
    for site, values in log_odds_by_site.items():
        if len(values) < size + MIN_REFERENCE_ARTICLES:
            continue
        model = models[fold_of_site[site]]
        for _ in range(draws):
            order = rng.permutation(len(values))
            estimate = model.estimate(values[order[:size]].tolist())
            rest = np.clip(values[order[size:]], -model.clip, model.clip)
            spread = estimate.sd**2 + _spread2(model, rest) / len(rest)
            q = student_quantile(0.5 + INTERVAL_LEVEL / 2, estimate.dof)
            hits.append(abs(rest.mean() - estimate.mean) <= q * math.sqrt(spread))
            low, high = estimate.interval()
            widths.append(high - low)
            if site in labels:
                wrong.append(high < 0.5 if labels[site] == 1 else low > 0.5)
    if not hits:
        return {"coverage_sites": 0}
    return {
        "coverage": float(np.mean(hits)),
        "coverage_sites": len(hits) // draws,
        "width": float(np.mean(widths)),
        "wrong_side": float(np.mean(wrong)) if wrong else None,
    }


def _spread2(model: SiteModel, clipped: np.ndarray) -> float:
    n = len(clipped)
    squares = float(((clipped - clipped.mean()) ** 2).sum())
    prior = model.spread_prior_articles
    return (prior * model.within_site_sd**2 + squares) / (prior + n - 1)


def _bundled_ratings(sites: Iterable[str]) -> dict[str, float]:
    """The bundled rating (pc1) of every rated site."""
    ratings = SourceRatings.bundled()
    found = {site: ratings.lookup(site) for site in sites}
    return {site: rating.value for site, rating in found.items() if rating is not None}


def _ratings_prior(sites: Iterable[str]) -> dict[str, float]:
    """The bundled rating's log-odds term of every rated site (as an article would get it)."""
    return {site: rating_log_odds(value) for site, value in _bundled_ratings(sites).items()}


def calibrate_sites(
    data: Sequence[str | os.PathLike[str]],
    model_dir: str | os.PathLike[str],
    *,
    folds: int = 5,
    draws: int = 20,
    seed: int = 0,
) -> dict[str, Any]:
    """Fit and measure the site model, write it into ``model_dir``'s card; returns the section."""
    started = time.perf_counter()

    def say(message: str) -> None:
        logger.info("[%6.1fs] %s", time.perf_counter() - started, message)

    card_path = Path(model_dir) / "model_card.json"
    card = read_card(card_path)
    frame = load_collections([str(p) for p in data]).reset_index(drop=True)
    sites = site_keys(frame).to_numpy()
    say(f"loaded {len(frame)} articles from {len(set(sites))} sites")
    log_odds = out_of_fold_log_odds(frame, sites, folds=folds, progress=say)
    by_site = _by_site(log_odds, sites)
    labels = site_labels(frame["label"].to_numpy(), sites)
    say("fitting the site model")
    model = fit_site_model(by_site, labels, draws=draws, seed=seed)
    main_collection = (
        frame.assign(site=sites)
        .groupby("site")["collection"]
        .agg(lambda c: c.value_counts().index[0])
        .to_dict()
    )
    figures = evaluate_site_model(
        by_site, labels, _fold_of_site(sites, folds), _ratings_prior(by_site),
        collection_of_site=main_collection, labels_by_raters=rater_labels(by_site),
        draws=draws, seed=seed,
    )  # fmt: skip
    section = {
        "parameters": model.to_dict(),
        "protocol": (
            f"GroupKFold({folds}) on the site (a publisher's main registered domain); article "
            "text log-odds out of fold from the recipe's classifier; site parameters fitted "
            "on the other folds' sites (cross-fitted); figures are means over "
            f"{draws} random article subsets per site and size (seed {seed})"
        ),
        "recipe": dict(RECIPE),
        "data": _describe_sites(frame, sites, labels),
        "figures": figures,
        "circular_with_prior": sorted(RATER_LABELLED & set(frame["collection"])),
        "command": "credscore calibrate-sites "
        + " ".join(f"--data {p}" for p in data)
        + f" --model {model_dir}",
    }
    card[_SECTION] = section
    card = write_card(model_dir, card)
    (Path(model_dir) / "MODEL_CARD.md").write_text(render(card), encoding="utf-8")
    say(f"wrote the site model into {card_path} and MODEL_CARD.md")
    result: dict[str, Any] = card[_SECTION]
    return result


def _describe_sites(
    frame: pd.DataFrame, sites: np.ndarray, labels: dict[str, int]
) -> list[dict[str, Any]]:
    rows = []
    for collection, group in frame.assign(site=sites).groupby("collection"):
        names = set(group["site"])
        rows.append(
            {
                "collection": str(collection),
                "articles": len(group),
                "sites": len(names),
                "reliable_sites": sum(labels.get(s) == 1 for s in names),
                "unreliable_sites": sum(labels.get(s) == 0 for s in names),
            }
        )
    return rows


def format_site_figures(section: dict[str, Any]) -> str:
    """The site figures as plain-text tables."""
    lines = [section.get("protocol", ""), ""]
    header = (
        f"{'articles':>8} {'sites':>6} {'AUC text':>9} {'Brier text':>11} {'AUC +prior':>11} "
        f"{'Brier +prior':>13} {'coverage':>9} {'width':>6} {'AUC raters':>11}"
    )
    lines.append(header)
    for row in section["figures"]["by_articles"]:
        text, prior = row.get("text_only", {}), row.get("with_prior", {})
        lines.append(
            f"{row['articles']:>8} {row['sites']:>6} {_f(text.get('roc_auc')):>9} "
            f"{_f(text.get('brier')):>11} {_f(prior.get('roc_auc')):>11} "
            f"{_f(prior.get('brier')):>13} {_f(row.get('coverage')):>9} {_f(row.get('width')):>6} "
            f"{_f(row.get('rater_labelled', {}).get('roc_auc')):>11}"
        )
    rows = section["figures"].get("by_collection", [])
    if rows:
        lines += ["", f"{'collection':<16} {'articles':>8} {'sites':>6} {'AUC text':>9} "
                  f"{'AUC +prior':>11}"]  # fmt: skip
        for row in rows:
            mark = " (circular)" if row["circular_with_prior"] else ""
            lines.append(
                f"{row['collection']:<16} {row['articles']:>8} {row['sites']:>6} "
                f"{_f(row['text_only_roc_auc']):>9} {_f(row['with_prior_roc_auc']):>11}{mark}"
            )
    lines.append("with-prior figures are circular on " + ", ".join(section["circular_with_prior"]))
    return "\n".join(lines)


def _f(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
