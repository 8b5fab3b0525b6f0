"""Training the headline model behind the ``clickbait_title`` cue (``credscore train-headlines``).

Fits the logistic regression of :mod:`credscore.cues.headline` on the Chakraborty et al.
(2016) clickbait headlines and writes its weights as JSON; scoring never imports this module.

    credscore train-headlines --data ../shared/data/clickbait_chakraborty \\
        --out src/credscore/cues/_data/

Cite: Chakraborty, Paranjape, Kakarla, Ganguly. "Stop Clickbait: Detecting and Preventing
Clickbaits in Online News Media." ASONAM 2016.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from credscore.cues.headline import (
    FORMAT_VERSION,
    LEARNED_HAND_FEATURES,
    PRIOR_WEIGHTS,
    TITLE_CASE_FEATURE,
    WEIGHTS_FILE,
    featurize,
    prepare_weights,
    probability,
)

logger = logging.getLogger(__name__)


def load_headlines(data_dir: Path) -> tuple[list[str], list[int]]:
    """Headlines and 0/1 labels from ``clickbait_headlines.csv`` in the data folder."""
    import pandas as pd

    path = Path(data_dir) / "clickbait_headlines.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: --data must be the clickbait_chakraborty folder"
        )
    frame = pd.read_csv(path, dtype={"headline": str}, keep_default_na=False)
    frame = frame[frame["headline"].str.strip() != ""]
    return frame["headline"].tolist(), frame["clickbait"].astype(int).tolist()


def held_out_split(
    labels: Sequence[int], *, seed: int = 0, test_size: float = 0.2
) -> tuple[list[int], list[int]]:
    """Row indices of a stratified, seeded train/test split (same seed, same split)."""
    from sklearn.model_selection import train_test_split

    indices = list(range(len(labels)))
    train_idx, test_idx = train_test_split(
        indices, test_size=test_size, stratify=list(labels), random_state=seed
    )
    return sorted(train_idx), sorted(test_idx)


def _common_words(headlines: Sequence[str], min_count: int) -> list[str]:
    """Words written in lower case at least ``min_count`` times: ordinary words, not acronyms."""
    counts = Counter(
        word.replace("'", "")
        for title in headlines
        for word in re.findall(r"\b[a-z][a-z']{3,}\b", title.replace("’", "'"))
    )
    return sorted(word for word, count in counts.items() if count >= min_count)


def train_weights(
    headlines: Sequence[str],
    labels: Sequence[int],
    *,
    seed: int = 0,
    max_terms: int = 6000,
    min_df: int = 3,
    C: float = 10.0,
    title_case: bool = False,
    min_abs_weight: float = 0.02,
) -> dict[str, Any]:
    """Fit the logistic regression and return its weights as a JSON-ready dict.

    ``min_df``/``max_terms`` keep the vocabulary to n-grams seen in several headlines, and
    weights under ``min_abs_weight`` are dropped, so the file stays small.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) != 2:
        raise ValueError("labels must contain both classes (0 = news, 1 = clickbait)")
    common = _common_words(headlines, min_count=3)
    common_set = frozenset(common)
    featurized = [featurize(title, common_set, title_case=title_case) for title in headlines]
    term_lists = [terms for terms, _, _ in featurized]
    document_frequency = Counter(term for terms in term_lists for term in set(terms))
    vocabulary = sorted(
        (term for term, df in document_frequency.items() if df >= min_df),
        key=lambda term: (-document_frequency[term], term),
    )[:max_terms]
    vocabulary.sort()
    column = {term: index for index, term in enumerate(vocabulary)}
    hand_names = list(LEARNED_HAND_FEATURES) + ([TITLE_CASE_FEATURE] if title_case else [])
    rows, cols, vals = [], [], []
    hand = np.zeros((len(headlines), len(hand_names)))
    for row, (terms, hand_values, _prior) in enumerate(featurized):
        scale = 1.0 / math.sqrt(len(terms)) if terms else 0.0
        for term, count in Counter(terms).items():
            if term in column:
                rows.append(row)
                cols.append(column[term])
                vals.append(count * scale)
        hand[row] = hand_values
    ngrams = sparse.csr_matrix((vals, (rows, cols)), shape=(len(headlines), len(vocabulary)))
    matrix = sparse.hstack([ngrams, sparse.csr_matrix(hand)]).tocsr()
    logger.info(
        "fitting on %d headlines, %d n-grams + %d hand features",
        len(headlines),
        len(vocabulary),
        len(hand_names),
    )
    model = LogisticRegression(C=C, max_iter=2000, random_state=seed)
    model.fit(matrix, np.asarray(labels))
    coef = model.coef_[0]
    ngram_weights = {
        term: round(float(coef[index]), 4)
        for term, index in column.items()
        if abs(coef[index]) >= min_abs_weight
    }
    hand_weights = {
        name: round(float(coef[len(vocabulary) + i]), 4) for i, name in enumerate(hand_names)
    }
    return {
        "format": FORMAT_VERSION,
        "model": "logistic regression, lower-cased word uni/bi-grams + hand features",
        "training_data": "Chakraborty et al. 2016 clickbait headlines (ASONAM 2016), MIT",
        "seed": seed,
        "C": C,
        "intercept": round(float(model.intercept_[0]), 4),
        "hand_weights": hand_weights,
        "prior_weights": dict(PRIOR_WEIGHTS),
        "ngram_weights": dict(sorted(ngram_weights.items())),
        "common_words": common,
        "threshold": 0.5,
    }


def evaluate(weights: dict[str, Any], headlines: Sequence[str], labels: Sequence[int]) -> dict:
    """Accuracy at 0.5, ROC-AUC, and precision/recall at the weights' threshold."""
    from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score

    prepared = prepare_weights(weights)
    scores = [probability(title, prepared) for title in headlines]
    at_half = [int(score > 0.5) for score in scores]
    fired = [int(score > prepared["threshold"]) for score in scores]
    return {
        "n": len(labels),
        "accuracy": round(float(accuracy_score(labels, at_half)), 4),
        "roc_auc": round(float(roc_auc_score(labels, scores)), 4),
        "precision_at_threshold": round(float(precision_score(labels, fired, zero_division=0)), 4),
        "recall_at_threshold": round(float(recall_score(labels, fired, zero_division=0)), 4),
    }


def choose_threshold(
    headlines: Sequence[str], labels: Sequence[int], *, target_precision: float, **kw: Any
) -> float:
    """Lowest probability threshold whose out-of-fold precision reaches ``target_precision``.

    Chosen on 5-fold out-of-fold scores of the training part, never on the held-out part.
    """
    from sklearn.model_selection import StratifiedKFold

    scores: list[float] = [0.0] * len(labels)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=kw.get("seed", 0))
    for fold, (fit_idx, score_idx) in enumerate(folds.split(headlines, labels), start=1):
        logger.info("threshold fold %d/5", fold)
        weights = prepare_weights(
            train_weights([headlines[i] for i in fit_idx], [labels[i] for i in fit_idx], **kw)
        )
        for i in score_idx:
            scores[i] = probability(headlines[i], weights)
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    true_positives = 0
    best = 0.99
    for rank, i in enumerate(order, start=1):
        true_positives += labels[i]
        if true_positives / rank >= target_precision:
            best = scores[i]
    return round(max(best, 0.5), 3)


def build(
    data_dir: Path,
    *,
    seed: int = 0,
    C: float = 10.0,
    title_case: bool = False,
    target_precision: float = 0.99,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Train on 80%, pick the threshold out-of-fold, report on the held-out 20%.

    Returns the weights (fitted on the 80% split, so the reported held-out figures are
    exactly the shipped file's) and the held-out report.
    """
    headlines, labels = load_headlines(data_dir)
    train_idx, test_idx = held_out_split(labels, seed=seed)
    train_x = [headlines[i] for i in train_idx]
    train_y = [labels[i] for i in train_idx]
    threshold = choose_threshold(
        train_x, train_y, target_precision=target_precision, seed=seed, C=C, title_case=title_case
    )
    weights = train_weights(train_x, train_y, seed=seed, C=C, title_case=title_case)
    weights["threshold"] = threshold
    weights["threshold_rule"] = (
        f"lowest probability with out-of-fold precision >= {target_precision} on the training split"
    )
    report = evaluate(weights, [headlines[i] for i in test_idx], [labels[i] for i in test_idx])
    weights["held_out"] = {"split": f"stratified 80/20, seed {seed}", **report}
    return weights, report


def write_weights(weights: dict[str, Any], out_dir: Path) -> Path:
    """Write the weights JSON (compact, stable key order) into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / WEIGHTS_FILE
    path.write_text(
        json.dumps(weights, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    return path
