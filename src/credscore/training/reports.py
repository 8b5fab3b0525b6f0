"""Tables the notebooks show, computed here so the notebooks hold no logic of their own.

Every function takes the schema frame of :mod:`credscore.training.datasets` (``text``,
``title``, ``label``, ``publisher``, ``collection``). Evaluation is always publisher-grouped
(see :mod:`credscore.training.evaluation` for why). ``quick=True`` (each notebook's
parameters cell; the notebook test sets it) caps articles per publisher and shortens fits so
a notebook runs in seconds; the figures it gives check that the code runs, nothing more.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from credscore.api import Scorer
from credscore.article import Article
from credscore.cues import feature_names, find_all
from credscore.featurizer import to_articles
from credscore.model import CUE_FEATURE_PREFIX, CredibilityModel
from credscore.sites import SiteModel, profile_sources
from credscore.training import datasets
from credscore.training.estimator import CredibilityClassifier, analyse_many
from credscore.training.evaluation import (
    bootstrap_intervals,
    choose_label_thresholds,
    evaluate_models,
    grouped_out_of_fold,
    held_out_predictions,
    held_out_table,
    mask_site_signatures,
    metrics,
    tfidf_baseline,
)
from credscore.training.recipe import build_classifier, cue_rates, train
from credscore.training.sites import site_keys

logger = logging.getLogger(__name__)

#: The shared collections the notebooks load, in the order duplicates are resolved.
NOTEBOOK_COLLECTIONS: tuple[str, ...] = (
    "recovery",
    "fakenewsnet",
    "coaid",
    "fakenewscorpus",
    "perezrosas",
)
# Quick mode keeps this many articles per publisher: ReCOVery's 53 publishers then give
# ~200 articles, enough for 3 grouped folds to hold both labels, and a fold fits in seconds.
QUICK_PER_PUBLISHER = 4


def cap_per_publisher(frame: pd.DataFrame, per_publisher: int) -> pd.DataFrame:
    """The first ``per_publisher`` articles of each publisher and label (deterministic).

    Per label too, because some stand-in groups (Pérez-Rosas pairs) hold both labels in
    file order, and a plain head() would keep only one of them.
    """
    capped = frame.groupby(["publisher", "label"], sort=False).head(per_publisher)
    return capped.reset_index(drop=True)


def notebook_data(
    collections: Iterable[str] = NOTEBOOK_COLLECTIONS, *, quick: bool = False
) -> pd.DataFrame:
    """The shared collections that are present (cleaned), else the team-written sample.

    ``frame.attrs["source"]`` says which was loaded. In quick mode each collection is
    capped at :data:`QUICK_PER_PUBLISHER` articles per publisher.
    """
    data = datasets
    frames, names = [], []
    for name in collections:
        try:
            frames.append(data.load_collections([name], clean_rows=False))
            names.append(name)
        except FileNotFoundError:
            logger.info("collection %s not found under %s", name, data.default_root())
    if frames:
        # Cleaned together so a text found in two collections is kept once (first listed).
        frame, _ = data.clean(pd.concat(frames, ignore_index=True))
        source = f"shared collections under {data.default_root()}: {', '.join(names)}"
    else:
        frame = data.load_sample()
        source = "the team-written sample (data/sample/articles.csv); ../shared/data is absent"
    if quick:
        frame = pd.concat(
            [
                cap_per_publisher(group, QUICK_PER_PUBLISHER)
                for _, group in frame.groupby("collection", sort=False)
            ],
            ignore_index=True,
        )
        source += f" (quick mode: at most {QUICK_PER_PUBLISHER} articles per publisher)"
    frame = frame.reset_index(drop=True)
    frame.attrs["source"] = source
    return frame


def collection_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Articles, publishers and label counts per collection."""
    return (
        frame.groupby("collection")
        .agg(
            articles=("label", "size"),
            publishers=("publisher", "nunique"),
            reliable=("label", lambda s: int((s == 1).sum())),
            unreliable=("label", lambda s: int((s == 0).sum())),
        )
        .reset_index()
    )


# ------------------------------------------------------------------------- exploration


def cue_prevalence(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of articles with each cue kind, one row per kind, one column per (collection, label).

    Columns are named ``<collection>:reliable`` / ``<collection>:unreliable``, plus
    ``all:reliable`` / ``all:unreliable`` pooled over collections.
    """
    rates = cue_rates(frame)
    pooled = rates.groupby(["kind", "label"], as_index=False)[["articles", "fired"]].sum()
    pooled["collection"] = "all"
    pooled["rate"] = pooled["fired"] / pooled["articles"]
    table = pd.concat([rates, pooled], ignore_index=True)
    table["column"] = table["collection"] + ":" + table["label"].map(_label_name)
    wide = table.pivot(index="kind", columns="column", values="rate")
    kinds = list(dict.fromkeys(rates["kind"]))
    return wide.reindex(kinds).rename_axis(columns=None)


def _label_name(label: int) -> str:
    return "reliable" if int(label) == 1 else "unreliable"


def style_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The registry's numeric (non-count) features per article, with label and collection."""
    values = analyse_many(to_articles(frame[["text", "title"]]))
    names = feature_names()
    keep = [i for i, name in enumerate(names) if not name.startswith(CUE_FEATURE_PREFIX)]
    features = pd.DataFrame(values[:, keep], columns=[names[i] for i in keep], index=frame.index)
    features["label"] = frame["label"].map(_label_name).to_numpy()
    features["collection"] = frame["collection"].to_numpy()
    return features


def style_summary(features: pd.DataFrame, by: Sequence[str] = ("label",)) -> pd.DataFrame:
    """Median of each style feature by ``by`` (medians: several features are heavy-tailed)."""
    return features.groupby(list(by)).median(numeric_only=True).T


def example_articles(frame: pd.DataFrame, n: int = 2) -> list[Article]:
    """Up to ``n`` articles per label with the most distinct cue kinds, as :class:`Article`.

    Ties go to the shorter article, so the examples stay readable.
    """
    articles = to_articles(frame[["text", "title"]])
    kinds = [len({cue.kind for cue in find_all(article)}) for article in articles]
    order = pd.DataFrame(
        {"kinds": kinds, "length": frame["text"].str.len().to_numpy(), "label": frame["label"]}
    )
    chosen: list[Article] = []
    for label in (0, 1):
        rows = order[order["label"] == label].sort_values(
            ["kinds", "length"], ascending=[False, True], kind="stable"
        )
        chosen.extend(articles[i] for i in rows.index[:n])
    return chosen


# ------------------------------------------------------------------------- evaluation


def _advance_on_folds(bar: Any) -> Callable[[str], None]:
    """A progress callback for the evaluation functions that ticks ``bar`` once per fold."""

    def advance(message: str) -> None:
        if message.startswith("fold "):
            bar.update()

    return advance


def credscore_classifier(*, quick: bool = False) -> CredibilityClassifier:
    """The shipped recipe (rare-cue weights estimated inside each fit); ``quick`` for CI."""
    return build_classifier(calibration_folds=2) if quick else build_classifier()


def out_of_fold(
    frame: pd.DataFrame,
    *,
    folds: int = 5,
    quick: bool = False,
) -> pd.DataFrame:
    """Publisher-grouped out-of-fold P(reliable) of the credscore model, one row per article.

    Columns: ``publisher``, ``collection``, ``label``, ``p``. ``folds`` is lowered to the
    number of publishers when there are fewer.
    """
    frame = frame.reset_index(drop=True)
    y = frame["label"].to_numpy(dtype=int)
    groups = frame["publisher"].to_numpy()
    folds = min(folds, len(np.unique(groups)))
    with tqdm(total=folds, desc="publisher-grouped folds", unit="fold") as bar:
        p = grouped_out_of_fold(
            credscore_classifier(quick=quick),
            frame[["text", "title"]],
            y,
            groups,
            folds=folds,
            pass_groups=True,
            progress=_advance_on_folds(bar),
        )
    return pd.DataFrame(
        {
            "publisher": groups,
            "collection": frame["collection"].to_numpy(),
            "label": y,
            "p": p,
        }
    )


def metrics_table(oof: pd.DataFrame, *, bootstrap: int = 300) -> pd.DataFrame:
    """Each metric with its 95% publisher-bootstrap interval."""
    y, p, groups = oof["label"].to_numpy(), oof["p"].to_numpy(), oof["publisher"].to_numpy()
    values = metrics(y, p)
    intervals = bootstrap_intervals(y, p, groups, n=bootstrap)
    return pd.DataFrame(
        {
            "value": values,
            "ci_low": {m: intervals[m][0] for m in values},
            "ci_high": {m: intervals[m][1] for m in values},
        }
    )


def per_publisher_errors(
    frame: pd.DataFrame, oof: pd.DataFrame | np.ndarray, *, threshold: float = 0.5
) -> pd.DataFrame:
    """How each held-out publisher fared: articles, label, mean score, accuracy, Brier.

    ``oof`` is :func:`out_of_fold`'s table or an array of P(reliable) aligned with ``frame``.
    Sorted worst first (lowest accuracy, then highest Brier score).
    """
    p = oof["p"].to_numpy() if isinstance(oof, pd.DataFrame) else np.asarray(oof, dtype=float)
    if len(p) != len(frame):
        raise ValueError(f"oof has {len(p)} predictions but frame has {len(frame)} rows")
    y = frame["label"].to_numpy(dtype=int)
    rows = pd.DataFrame(
        {
            "publisher": frame["publisher"].to_numpy(),
            "collection": frame["collection"].to_numpy(),
            "label": y,
            "p": p,
            "correct": (p >= threshold) == (y == 1),
            "squared_error": (p - y) ** 2,
        }
    )
    table = rows.groupby(["collection", "publisher"], as_index=False).agg(
        articles=("label", "size"),
        label=("label", lambda s: _label_name(round(s.mean()))),
        mean_p=("p", "mean"),
        accuracy=("correct", "mean"),
        brier=("squared_error", "mean"),
    )
    return table.sort_values(["accuracy", "brier"], ascending=[True, False]).reset_index(drop=True)


#: The collections behind the held-out topic table: every topic has articles in several.
TOPIC_COLLECTIONS: tuple[str, ...] = (
    "recovery",
    "fakenewsnet",
    "perezrosas",
    "fakenewscorpus",
    "allsides",
    "bbc",
)


def held_out_topics(frame: pd.DataFrame, *, by: str = "topic") -> pd.DataFrame:
    """Each topic (or collection, ``by``) predicted by a model that never saw it.

    One row per held-out value: articles, ROC-AUC, the share of reliable-source articles
    labelled "unreliable" (false accusation), of unreliable ones labelled "reliable", of
    "unknown", and coverage, at label thresholds chosen on these predictions as training
    chooses them. Empty when the frame has fewer than two values to hold out.
    """
    frame = frame.reset_index(drop=True)
    if by not in frame or frame[by].replace("", np.nan).nunique() < 2:
        return pd.DataFrame()
    documents = build_classifier().analyse(frame[["text", "title"]])
    values = frame[by].replace("", np.nan).dropna().unique()
    with tqdm(total=len(values), desc=f"one {by} held out at a time", unit=by) as bar:

        def advance(message: str) -> None:
            if message.startswith("held out"):
                bar.update()

        held = held_out_predictions(build_classifier, frame, documents, by, progress=advance)
    y = frame["label"].to_numpy(dtype=int)
    thresholds = choose_label_thresholds(
        y, held.credibility, held.unknown, held.group.astype(object)
    )
    table = pd.DataFrame(held_out_table(held, y, thresholds)).set_index("held_out")
    table.attrs["thresholds"] = thresholds
    return table


def masking_ablation(
    frame: pd.DataFrame,
    *,
    folds: int = 5,
    bootstrap: int = 300,
    quick: bool = False,
) -> pd.DataFrame:
    """credscore and the TF-IDF baseline on raw text and with outlet names/boilerplate masked.

    A model that reads site signatures loses most when they are masked; a drop near zero
    means the score does not rest on the outlet naming itself.
    """
    frame = frame.reset_index(drop=True)
    folds = min(folds, frame["publisher"].nunique())
    models = [
        ("credscore", credscore_classifier(quick=quick), True),
        ("tfidf_lr_baseline", tfidf_baseline(), False),
    ]
    masked = frame.assign(
        text=frame["text"].map(mask_site_signatures),
        title=frame["title"].fillna("").map(mask_site_signatures),
    )
    rows: list[dict[str, Any]] = []
    with tqdm(total=2 * len(models) * folds, desc="masking ablation", unit="fold") as bar:
        for variant, data in (("raw", frame), ("masked", masked)):
            results = evaluate_models(
                models, data, folds=folds, bootstrap=bootstrap, progress=_advance_on_folds(bar)
            )
            rows.extend(
                {"model": result.name, "text": variant, **result.metrics} for result in results
            )
    table = pd.DataFrame(rows)
    return table.set_index(["model", "text"]).sort_index()


def fit_model(frame: pd.DataFrame, *, quick: bool = False) -> CredibilityModel:
    """A :class:`~credscore.model.CredibilityModel` fitted on the whole frame (shipped recipe)."""
    classifier = credscore_classifier(quick=quick)
    classifier.fit(
        frame[["text", "title"]],
        frame["label"].to_numpy(dtype=int),
        groups=frame["publisher"].to_numpy(),
    )
    return classifier.model_


def weights_table(model: CredibilityModel, *, top_terms: int = 10) -> pd.DataFrame:
    """Cue-kind and style weights of a model, plus its ``top_terms`` strongest terms each way.

    Cue weights are log-odds per cue; style weights log-odds per standard deviation; term
    weights log-odds per unit of l2-normalised tf-idf.
    """
    rows = [
        {
            "part": "cue",
            "name": kind,
            "weight": weight,
            "origin": model.cue_weight_origin.get(kind, ""),
        }
        for kind, weight in model.cue_weights.items()
    ]
    rows += [
        {"part": "style", "name": name, "weight": float(weight), "origin": "learned"}
        for name, weight in zip(model.style_names, model.style_weights, strict=True)
    ]
    if len(model.terms) and top_terms:
        order = np.argsort(model.term_weights)
        picked = list(order[:top_terms]) + list(order[::-1][:top_terms])
        rows += [
            {
                "part": "term",
                "name": model.terms[i],
                "weight": float(model.term_weights[i]),
                "origin": "learned",
            }
            for i in dict.fromkeys(picked)
        ]
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------- scoring


def notebook_scorer() -> Scorer:
    """The shipped model's :class:`~credscore.api.Scorer`; without one, a model fitted now.

    The fallback (trained on the team sample in a temporary folder that is removed once the
    model is loaded, logged as a warning) lets the notebooks run in a checkout whose
    ``models/`` is empty.
    """
    try:
        return Scorer()
    except FileNotFoundError as error:
        logger.warning("%s; fitting a demonstration model on the team sample instead", error)
    with tempfile.TemporaryDirectory(prefix="credscore-demo-model-") as folder:
        train([datasets.SAMPLE_PATH], folder, evaluate=False)
        return Scorer(folder)


# ------------------------------------------------------------------------- sites

#: The shared collections whose articles carry URLs, for the site notebook.
SITE_COLLECTIONS: tuple[str, ...] = ("recovery", "fakenewsnet", "fakenewscorpus", "allsides")


def site_profiles(frame: pd.DataFrame, scorer: Scorer, *, min_articles: int = 3) -> pd.DataFrame:
    """:func:`credscore.profile_sources` over a labelled frame, most credible site first.

    Sites are :func:`credscore.training.sites.site_keys` (a publisher's main registered
    domain), so an outlet in two collections is one site; ``labelled_reliable`` is the share
    of the site's articles its collection labels reliable, for comparison.
    """
    keyed = frame.assign(site=site_keys(frame))
    table = profile_sources(keyed, source="site", scorer=scorer, min_articles=min_articles)
    share = keyed.groupby("site")["label"].mean()
    table["labelled_reliable"] = table["source"].map(share).astype("float64")
    return table.sort_values("credibility", ascending=False, kind="stable").reset_index(drop=True)


def interval_by_articles(
    frame: pd.DataFrame,
    scorer: Scorer,
    site: str,
    *,
    sizes: Sequence[int] = (1, 3, 10, 30),
    seed: int = 0,
) -> pd.DataFrame:
    """One site judged from its first n articles (in a seeded random order), for each n.

    The articles are scored once; each row applies the scorer's :class:`SiteModel` to the
    first n of them, text only, as :func:`credscore.profile_sources` would.
    """
    keyed = frame.assign(site=site_keys(frame))
    rows = keyed[keyed["site"] == site].sample(frac=1.0, random_state=seed)
    results = scorer.score_many(zip(rows["text"], rows["title"], rows["url"], strict=True))
    log_odds = [r.text_log_odds for r in results if not isinstance(r, Exception)]
    model = SiteModel.from_card(scorer.card)
    out = []
    for n in sizes:
        if n > len(log_odds):
            break
        estimate = model.estimate(log_odds[:n])
        low, high = estimate.interval()
        out.append({"articles": n, "credibility": estimate.credibility(), "low": low, "high": high})
    return pd.DataFrame(out)
