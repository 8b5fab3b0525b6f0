"""The headline model behind the ``clickbait_title`` cue: featurize, train, save, score.

A logistic regression over lower-cased word uni/bi-grams and a few hand features, trained on
the Chakraborty et al. (2016) clickbait headlines and shipped as plain JSON coefficients, so
scoring a title is a few dict look-ups in pure Python (no scikit-learn at scoring time).

Retrain (scikit-learn is imported only here)::

    python -m credscore.headline_model --data ../shared/data/clickbait_chakraborty \\
        --out src/credscore/cues/_data/

Two quirks of that data decide the design (see its SOURCE.md and the numbers in the JSON):

* Labels are per *source* (BuzzFeed, Upworthy… vs NYT, Guardian, Hindu, WikiNews), and house
  capitalisation gives the source away: 83% of clickbait titles capitalise every word, 6% of
  news titles do. N-grams are therefore lower-cased, and the Title-Case share is left out of
  the shipped model (``--title-case`` trains it in, for comparison only).
* Clickbait titles were scraped without their final punctuation (none of 15,999 ends in "?",
  "!" or "."), so the data would teach that a final "?" means *news*. Punctuation never
  reaches the learned part; the exclamation-mark and question weights are set by hand
  (:data:`PRIOR_WEIGHTS`) and stored apart from the learned ones.

Cite: Chakraborty, Paranjape, Kakarla, Ganguly. "Stop Clickbait: Detecting and Preventing
Clickbaits in Online News Media." ASONAM 2016.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "clickbait_headline.json"
FORMAT_VERSION = 1

# Lower-cased words with inner apostrophes; digits become placeholders so "17 Things" and
# "23 Things" share one feature ("<num> things") while years stay apart.
_TOKEN_RE = re.compile(r"<year>|<num>|[a-z]+(?:'[a-z]+)*")
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_NUMBER_RE = re.compile(r"\d+")
_DIGIT_RE = re.compile(r"\d")
_SECOND_PERSON = frozenset(
    {"you", "your", "you're", "yours", "yourself", "yourselves", "you'll", "you've", "ya"}
)
_STARTS_WITH_NUMBER_RE = re.compile(r"\s*\d+(?:\.\d+)?\s+[^\W\d_]")
# Teaser phrasing: the title withholds what it is about so the reader has to click.
# The list is ours; every pattern was checked to be rarer in the news half of the training data.
TEASER_RE = re.compile(
    r"""
    \byou\ (?:won't|will\ not|wont|will\ never|won't\ ever)\ believe
    | \bwhat\ [\w' ]{1,40}\ (?:doesn't|don't|does\ not|do\ not)\ want\ you\ to\ (?:know|see)
    | \b(?:this|that)\ is\ (?:why|what|how|the\ reason)\b
    | \bhere(?:'s|\ is|\ are)\ (?:why|what|how|the)\b
    | \bwill\ (?:make|leave|blow|change|restore|melt)\ (?:you|your)\b
    | \bwhat\ happen(?:s|ed)\ next\b
    | \byou\ (?:need|have|ought)\ to\ (?:know|see|try|watch|read)\b
    | \byou\ (?:didn't|never)\ know\b
    | \b(?:things|reasons|signs|ways|times|people|photos|pictures)
      \ (?:that\ )?(?:you|only|will|who\ totally|why)\b
    | \bwhich\ [\w' ]{1,40}\ are\ you\b
    | \bcan\ you\ (?:guess|name|spot|tell|identify|pass)\b
    | \bbefore\ you\ die\b | \bjust\ might\b
    """,
    re.VERBOSE,
)
# Every teaser pattern contains one of these words: titles without any skip the regex.
_TEASER_GATE = frozenset(
    {"you", "your", "this", "that", "here", "here's", "which", "just"}
    | {"things", "reasons", "signs", "ways", "times", "people", "photos", "pictures"}
)
# An exclamation mark inside a quotation is the speaker's, not the headline writer's.
_QUOTED_RE = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’(?![a-z])|'[^']*'(?![a-z])")
_CAPS_RUN_RE = re.compile(r"[A-Z]{4}")
_ALL_CAPS_RE = re.compile(r"\b[A-Z][A-Z']{3,}\b")
_WORD_RE = re.compile(r"[^\W\d_]+")

#: Hand features the model learns a weight for, in vector order.
LEARNED_HAND_FEATURES: tuple[str, ...] = (
    "starts_with_number",
    "second_person",
    "teaser_phrase",
    "shouted_words",
)
#: The Title-Case share: trained in only for the with/without comparison (a source leak).
TITLE_CASE_FEATURE = "title_case_share"

#: Hand-set log-odds for cues the training data cannot teach (final punctuation was stripped
#: from its clickbait half), in vector order. Each unquoted "!" adds 3.0, two (the cap) 6.0.
#: Estimates of the log-odds of a "!" in a title: 1.3 inside Chakraborty titles (0.19% vs
#: 0.05%, few and often brand names like "Yahoo!"), 1.4 in FakeNewsNet v1 (fake 15.6% vs real
#: 3.8%), 3.4 in ReCOVery (unreliable 2.3% vs reliable 0.07%). 3.0 is a judgement: one "!"
#: does not tip an ordinary news title over the threshold, two do. A final "?" adds 0.4, the
#: log-odds between unreliable (5.3%) and reliable (3.7%) ReCOVery titles: a question alone
#: never tips a title over.
PRIOR_WEIGHTS: dict[str, float] = {"exclamation_marks": 3.0, "question_headline": 0.4}
_MAX_EXCLAMATIONS = 2


def normalize(title: str) -> str:
    """Lower-case a title with typographic apostrophes folded to ASCII ones."""
    return title.lower().replace("’", "'").replace("‘", "'")


def headline_tokens(lowered: str) -> list[str]:
    """Word tokens of a normalized title, numbers replaced by ``<year>`` or ``<num>``."""
    if _DIGIT_RE.search(lowered):  # the substitutions below only ever touch \d characters
        lowered = _NUMBER_RE.sub(" <num> ", _YEAR_RE.sub(" <year> ", lowered))
    return _TOKEN_RE.findall(lowered)


def headline_terms(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of the tokens: the model's vocabulary items."""
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def count_exclamations(title: str) -> int:
    """Exclamation marks outside quotations, capped (a third adds nothing new)."""
    if "!" not in title:
        return 0
    return min(_QUOTED_RE.sub("", title).count("!"), _MAX_EXCLAMATIONS)


def shouted_words(title: str, common_words: Any) -> list[str]:
    """ALL-CAPS words that are ordinary words ("SHOCKING"), not acronyms ("NATO", "COVID")."""
    if not _CAPS_RUN_RE.search(title):
        return []
    return [w for w in _ALL_CAPS_RE.findall(title) if w.lower().replace("'", "") in common_words]


def title_case_share(title: str) -> float:
    """Share of words after the first that start with a capital (house style, not content)."""
    words = _WORD_RE.findall(title)[1:]
    if not words:
        return 0.0
    return sum(word[0].isupper() for word in words) / len(words)


def featurize(
    title: str, common_words: Any, *, title_case: bool = False
) -> tuple[list[str], list[float], list[float]]:
    """(n-gram terms, learned hand-feature values, prior-feature values) of one title.

    The single featurizer behind training and scoring, so both always see the same thing.
    """
    lowered = normalize(title)
    tokens = headline_tokens(lowered)
    token_set = set(tokens)
    hand = [
        1.0 if _STARTS_WITH_NUMBER_RE.match(title) else 0.0,
        0.0 if token_set.isdisjoint(_SECOND_PERSON) else 1.0,
        1.0 if not token_set.isdisjoint(_TEASER_GATE) and TEASER_RE.search(lowered) else 0.0,
        float(min(len(shouted_words(title, common_words)), 2)),
    ]
    if title_case:
        hand.append(title_case_share(title))
    prior = [float(count_exclamations(title)), 1.0 if title.rstrip().endswith("?") else 0.0]
    return headline_terms(tokens), hand, prior


# --------------------------------------------------------------------------------------------
# Scoring from the JSON weights (pure Python)
# --------------------------------------------------------------------------------------------


def logit(title: str, weights: dict[str, Any]) -> float:
    """Log-odds that ``title`` is clickbait under ``weights`` (see :func:`prepare_weights`)."""
    terms, hand, prior = featurize(title, weights["common_words"], title_case=weights["_tc"])
    get = weights["ngram_weights"].get
    total = weights["intercept"]
    if terms:
        # Each n-gram counts 1/sqrt(number of n-grams), as in training, so a long
        # two-sentence title does not pile up small function-word weights.
        total += sum([get(term, 0.0) for term in terms]) / math.sqrt(len(terms))
    for value, weight in zip(hand, weights["_hand"], strict=True):
        total += value * weight
    for value, weight in zip(prior, weights["_prior"], strict=True):
        total += value * weight
    return total


def contributions(title: str, weights: dict[str, Any]) -> dict[str, float]:
    """Each non-zero feature's share of the log-odds; hand features are keyed ``#name``."""
    terms, hand, prior = featurize(title, weights["common_words"], title_case=weights["_tc"])
    ngram_weights = weights["ngram_weights"]
    found: dict[str, float] = {}
    scale = 1.0 / math.sqrt(len(terms)) if terms else 0.0
    for term in terms:
        weight = ngram_weights.get(term)
        if weight is not None:
            found[term] = found.get(term, 0.0) + weight * scale
    names = list(weights["hand_weights"]) + list(weights["prior_weights"])
    vectors = zip(names, hand + prior, weights["_hand"] + weights["_prior"], strict=True)
    for name, value, weight in vectors:
        if value:
            found[f"#{name}"] = value * weight
    return found


def probability(title: str, weights: dict[str, Any]) -> float:
    """Probability that the headline model reads ``title`` as clickbait."""
    return sigmoid(logit(title, weights))


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def read_weights(path: Path) -> dict[str, Any]:
    """Load a weights JSON, with the word list as a set; says what is wrong if it is not ours."""
    weights = json.loads(Path(path).read_text(encoding="utf-8"))
    return prepare_weights(weights, str(path))


def prepare_weights(weights: dict[str, Any], where: str = "weights") -> dict[str, Any]:
    """Check a parsed weights dict and turn its word list into a set for fast look-ups."""
    if weights.get("format") != FORMAT_VERSION:
        raise ValueError(
            f"{where}: expected headline-model format {FORMAT_VERSION}, "
            f"got {weights.get('format')!r}"
        )
    missing = [
        key
        for key in (
            "intercept",
            "ngram_weights",
            "hand_weights",
            "prior_weights",
            "common_words",
            "threshold",
        )
        if key not in weights
    ]
    if missing:
        raise ValueError(f"{where}: missing keys {missing}")
    expected_hand = [*LEARNED_HAND_FEATURES, TITLE_CASE_FEATURE]
    if list(weights["hand_weights"]) not in (expected_hand[:-1], expected_hand):
        raise ValueError(f"{where}: hand features {list(weights['hand_weights'])} are not ours")
    if list(weights["prior_weights"]) != list(PRIOR_WEIGHTS):
        raise ValueError(f"{where}: prior features {list(weights['prior_weights'])} are not ours")
    weights = dict(weights)
    weights["common_words"] = frozenset(weights["common_words"])
    # Weight vectors in featurize() order, for the scoring loop.
    weights["_hand"] = [float(value) for value in weights["hand_weights"].values()]
    weights["_prior"] = [float(value) for value in weights["prior_weights"].values()]
    weights["_tc"] = TITLE_CASE_FEATURE in weights["hand_weights"]
    return weights


# --------------------------------------------------------------------------------------------
# Training (scikit-learn imported lazily)
# --------------------------------------------------------------------------------------------


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
    options = {"seed": seed, "C": C, "title_case": title_case}
    threshold = choose_threshold(train_x, train_y, target_precision=target_precision, **options)
    weights = train_weights(train_x, train_y, **options)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: train, report held-out accuracy and ROC-AUC, write the weights."""
    parser = argparse.ArgumentParser(
        prog="python -m credscore.headline_model", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, required=True, help="clickbait_chakraborty folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for " + WEIGHTS_FILE)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--C", type=float, default=10.0, help="inverse L2 regularisation")
    parser.add_argument(
        "--target-precision", type=float, default=0.99, help="out-of-fold precision to fire at"
    )
    parser.add_argument(
        "--title-case",
        action="store_true",
        help="also learn the Title-Case share (a source leak; for comparison only)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    weights, report = build(
        args.data,
        seed=args.seed,
        C=args.C,
        title_case=args.title_case,
        target_precision=args.target_precision,
    )
    path = write_weights(weights, args.out)
    logger.info("wrote %s (%d n-grams)", path, len(weights["ngram_weights"]))
    print(
        f"held-out accuracy {report['accuracy']:.4f}  ROC-AUC {report['roc_auc']:.4f}  "
        f"threshold {weights['threshold']}: precision {report['precision_at_threshold']:.4f} "
        f"recall {report['recall_at_threshold']:.4f}  (n={report['n']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
