"""Training the headline model behind the ``clickbait_title`` cue (``credscore train-headlines``).

Fits the logistic regression of :mod:`credscore.cues.headline` on two kinds of labelled
headline and writes its weights as JSON; scoring never imports this module.

* Chakraborty et al. (2016): 32k headlines, listicle clickbait (BuzzFeed, Upworthy…) vs news
  (NYT, Guardian, Hindu, WikiNews). A stratified 20% is never trained on: it gives the
  held-out accuracy.
* Headlines labelled by their publisher's reliability in the shared collections (ReCOVery,
  FakeNewsNet v1, the FakeNewsCorpus sample; :data:`DEFAULT_SOURCES`): the hyperpartisan
  register.
  Every publisher weighs the same in the fit, whatever its number of articles, and the
  reported ROC-AUC holds whole publishers out (GroupKFold), so it measures style that
  carries to outlets the model never saw, not the outlets themselves.

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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from credscore.cues.headline import (
    FORMAT_VERSION,
    LEARNED_HAND_FEATURES,
    PRIOR_WEIGHTS,
    SENSATIONAL_LEARNED,
    TITLE_CASE_FEATURE,
    WEIGHTS_FILE,
    featurize,
    is_sensational,
    prepare_weights,
    probability,
)

logger = logging.getLogger(__name__)

#: The shared collections whose headlines teach the hyperpartisan register (loader names of
#: :mod:`credscore.training.datasets`; ``allsides`` and ``perezrosas`` can be added). Left out
#: by default, and kept as held-out checks instead:
#:
#: * AllSides: its unreliable half is almost only right-leaning outlets
#:   (``allsides_baly2020/SOURCE.md``), so it stays the check of false flags and lean parity;
#:   trained in, it changed the per-collection ROC-AUCs by 0.01-0.03.
#: * Pérez-Rosas: no publishers (crowd-written fakes; gossip rumours vs mainstream
#:   entertainment news), and its mainstream half writes listicle teasers ("This Is Why
#:   Taylor Swift Is Skipping…"), which taught the model that "this is" means reliable and
#:   cost the listicle register its teaser weight (1.10 -> 0.30).
DEFAULT_SOURCES: tuple[str, ...] = ("recovery", "fakenewsnet", "fakenewscorpus")

# A site name appended to a title ("… – Eagle Rising", "… ⋆ Freedom Daily", "… | POLITICO"):
# the part after the last separator. It names the outlet, so training strips it.
_SITE_SUFFIX_RE = re.compile(r"\s+(?:[|⋆*•»~]|[-–—]{1,2}|::)\s+([^|⋆*•»~–—]{2,60}?)\s*$")
# A suffix seen on this many titles of one collection is a house suffix, not content.
_HOUSE_SUFFIX_MIN_COUNT = 3
_LETTERS_RE = re.compile(r"[^a-z0-9]+")


#: Function words: the closed classes (pronouns, determiners, prepositions, conjunctions,
#: auxiliaries and modals, negations, their contractions) and the stance adverbs headline
#: writers lean on ("just", "finally", "really"). Stylometry reads authorship from such words
#: because they carry style, not topic. Source-labelled headlines teach only the n-grams made
#: of them: their other words teach what the outlets wrote about ("lockdown", "democrat").
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those some any each every all both either neither no none
    another other such what which who whom whose whatever whichever whoever
    i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    one ones someone something anyone anything everyone everything nobody nothing
    about above across after against along amid among around as at before behind below
    beneath beside besides between beyond by despite down during except for from in inside
    into like near of off on onto out outside over past per since than through throughout
    till to toward towards under until up upon via with within without
    and but or nor so yet if because although though while whereas whether unless once
    when where why how then there here
    be am is are was were been being have has had having do does did done doing
    will would shall should can could may might must ought
    not never no yes
    don't doesn't didn't won't wouldn't can't cannot couldn't shouldn't isn't aren't
    wasn't weren't hasn't haven't hadn't mustn't it's that's what's here's there's who's
    he's she's they're you're we're i'm i've you've we've they've i'll you'll we'll
    they'll he'll she'll let's how's where's why's
    just finally really actually literally totally absolutely completely simply only
    even ever again still already now soon yet also too very so much more most less
    least quite rather almost nearly always often sometimes
    """.split()
)


# ---------------------------------------------------------------------------- data


def load_headlines(data_dir: Path) -> tuple[list[str], list[int]]:
    """Chakraborty's headlines and 0/1 labels (1 = clickbait) from ``clickbait_headlines.csv``."""
    import pandas as pd

    path = Path(data_dir) / "clickbait_headlines.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: --data must be the clickbait_chakraborty folder"
        )
    frame = pd.read_csv(path, dtype={"headline": str}, keep_default_na=False)
    frame = frame[frame["headline"].str.strip() != ""]
    return frame["headline"].tolist(), frame["clickbait"].astype(int).tolist()


def strip_site_names(titles: Sequence[str], outlets: Sequence[str]) -> list[str]:
    """Titles without an appended site name ("… – Eagle Rising").

    A trailing segment after a separator goes when it names the row's outlet (its letters
    inside the outlet's, or the reverse) or when it ends at least three titles of the list.
    """
    suffixes = [_SITE_SUFFIX_RE.search(title) for title in titles]
    counts = Counter(match.group(1).strip().lower() for match in suffixes if match)
    stripped = []
    for title, outlet, match in zip(titles, outlets, suffixes, strict=True):
        if match is not None:
            suffix = match.group(1).strip()
            letters = _LETTERS_RE.sub("", suffix.lower())
            outlet_letters = _LETTERS_RE.sub("", outlet.lower().rsplit(".", 1)[0])
            names_outlet = min(len(letters), len(outlet_letters)) >= 4 and (
                letters in outlet_letters or outlet_letters in letters
            )
            if names_outlet or counts[suffix.lower()] >= _HOUSE_SUFFIX_MIN_COUNT:
                title = title[: match.start()]
        stripped.append(title.strip())
    return stripped


def load_source_headlines(sources: Iterable[str] = DEFAULT_SOURCES) -> Any:
    """Source-labelled headlines as a DataFrame: ``title``, ``label``, ``group``, ``collection``.

    ``label`` is 1 when the publisher (or, in FakeNewsNet and Pérez-Rosas, the fact-check)
    says unreliable, 0 when reliable: the model's "sensational" side is 1. ``group`` is the
    publisher, the key that keeps an outlet on one side of every split. Rows go through
    :func:`credscore.training.datasets.clean` (scrape failures, aggregator rows, pages off
    the publisher's site), site names are stripped from titles, and a title seen twice is
    kept once.
    """
    import pandas as pd

    from credscore.training.datasets import clean, load_collections

    names = list(sources)
    shared = [name for name in names if name != "allsides"]
    frames = [load_collections(shared)] if shared else []
    if "allsides" in names:
        frames.append(clean(_load_allsides())[0])
    frame = pd.concat(frames, ignore_index=True)
    titles = strip_site_names(
        frame["title"].fillna("").astype(str).tolist(),
        [
            domain or publisher
            for domain, publisher in zip(frame["domain"], frame["publisher"], strict=True)
        ],
    )
    frame = frame.assign(title=titles)
    frame = frame[frame["title"].str.len() > 0]
    key = frame["title"].str.lower().str.replace(r"[\W_]+", " ", regex=True).str.strip()
    frame = frame[~key.duplicated(keep="first")]
    out = frame[["title", "collection"]].copy()
    out["label"] = 1 - frame["label"].astype(int)
    out["group"] = frame["collection"] + ":" + frame["publisher"].astype(str)
    return out.reset_index(drop=True)


def _load_allsides() -> Any:
    """AllSides' rated articles (both part files) grouped by registered domain, not by its
    noisy ``publisher`` names (``allsides_baly2020/SOURCE.md``)."""
    import pandas as pd

    from credscore.training.datasets import default_root, load_table

    folder = default_root() / "allsides_baly2020"
    parts = sorted(folder.glob("allsides_rated_part*.csv"))
    if not parts:
        raise FileNotFoundError(f"{folder}: no allsides_rated_part*.csv files")
    frame = pd.concat([load_table(part, collection="allsides") for part in parts])
    frame["publisher"] = frame["domain"]
    return frame.reset_index(drop=True)


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


def publisher_weights(labels: Sequence[int], groups: Sequence[str], total: float) -> list[float]:
    """Sample weights giving every publisher the same weight within a label, each label half
    of ``total``: a publisher with 300 articles teaches no more than one with 3.

    A publisher with headlines under both labels (FakeNewsNet's hyperpartisan pages, the
    Pérez-Rosas pairs) counts once under each.
    """
    rows = Counter(zip(groups, labels, strict=True))
    publishers_per_label = Counter(label for _group, label in rows)
    return [
        total / 2 / publishers_per_label[label] / rows[group, label]
        for group, label in zip(groups, labels, strict=True)
    ]


# ---------------------------------------------------------------------------- fitting


def _common_words(headlines: Sequence[str], min_count: int) -> list[str]:
    """Words written in lower case at least ``min_count`` times: ordinary words, not acronyms."""
    counts = Counter(
        word.replace("'", "")
        for title in headlines
        for word in re.findall(r"\b[a-z][a-z']{3,}\b", title.replace("’", "'"))
    )
    return sorted(word for word, count in counts.items() if count >= min_count)


def _function_words_only(term: str) -> bool:
    return all(token in FUNCTION_WORDS or token in ("<num>", "<year>") for token in term.split())


def train_weights(
    headlines: Sequence[str],
    labels: Sequence[int],
    *,
    sample_weight: Sequence[float] | None = None,
    style_only: Sequence[bool] | None = None,
    seed: int = 0,
    max_terms: int = 6000,
    min_df: int = 3,
    C: float = 10.0,
    title_case: bool = False,
    min_abs_weight: float = 0.02,
) -> dict[str, Any]:
    """Fit the logistic regression and return its weights as a JSON-ready dict.

    ``min_df``/``max_terms`` keep the vocabulary to n-grams seen in several headlines, and
    weights under ``min_abs_weight`` are dropped, so the file stays small. A sensational hand
    feature (:data:`~credscore.cues.headline.SENSATIONAL_LEARNED`) whose weight comes out
    negative is fixed at 0 and the rest refitted, so each can only raise the probability.

    Rows marked ``style_only`` teach the hand features and the n-grams made of
    :data:`FUNCTION_WORDS` only, and a column of their own absorbs their base rate (its
    weight, ``style_only_offset``, is not used in scoring). Source-labelled headlines are
    such rows: their other words would teach outlets and topics ("lockdown", "democrat").
    """
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) != 2:
        raise ValueError("labels must contain both classes (0 = news, 1 = clickbait)")
    style_rows = [False] * len(headlines) if style_only is None else list(style_only)
    common = _common_words(headlines, min_count=3)
    common_set = frozenset(common)
    featurized = [featurize(title, common_set, title_case=title_case) for title in headlines]
    term_lists = [
        [term for term in terms if _function_words_only(term)] if style else terms
        for (terms, _, _), style in zip(featurized, style_rows, strict=True)
    ]
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
    for row, (terms, (_terms, hand_values, _prior)) in enumerate(
        zip(term_lists, featurized, strict=True)
    ):
        scale = 1.0 / math.sqrt(len(terms)) if terms else 0.0
        for term, count in Counter(terms).items():
            if term in column:
                rows.append(row)
                cols.append(column[term])
                vals.append(count * scale)
        hand[row] = hand_values
    ngrams = sparse.csr_matrix((vals, (rows, cols)), shape=(len(headlines), len(vocabulary)))
    logger.info(
        "fitting on %d headlines, %d n-grams + %d hand features",
        len(headlines),
        len(vocabulary),
        len(hand_names),
    )
    weight = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    offset = np.asarray(style_rows, dtype=float).reshape(-1, 1)
    blocks = [ngrams] + ([sparse.csr_matrix(offset)] if any(style_rows) else [])
    fixed: set[str] = set()
    while True:
        kept = [i for i, name in enumerate(hand_names) if name not in fixed]
        matrix = sparse.hstack([*blocks, sparse.csr_matrix(hand[:, kept])]).tocsr()
        model = LogisticRegression(C=C, max_iter=3000, random_state=seed)
        model.fit(matrix, np.asarray(labels), sample_weight=weight)
        coef = model.coef_[0]
        first_hand = matrix.shape[1] - len(kept)
        learned = {hand_names[i]: float(coef[first_hand + j]) for j, i in enumerate(kept)}
        negative = [n for n, value in learned.items() if n in SENSATIONAL_LEARNED and value < 0]
        if not negative:
            break
        logger.info("sensational hand features %s came out negative: fixed at 0", negative)
        fixed.update(negative)
    ngram_weights = {
        term: round(float(coef[index]), 4)
        for term, index in column.items()
        if abs(coef[index]) >= min_abs_weight
    }
    hand_weights = {name: round(learned.get(name, 0.0), 4) for name in hand_names}
    extra = {"style_only_offset": round(float(coef[len(vocabulary)]), 4)} if len(blocks) > 1 else {}
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
        **extra,
    }


def _joint(
    chak_x: Sequence[str],
    chak_y: Sequence[int],
    source: Any,
    source_share: float,
) -> tuple[list[str], list[int], list[float], list[bool]]:
    """Chakraborty rows (weight 1 each) and source rows (``source_share`` of that in total,
    style only)."""
    titles = list(chak_x) + source["title"].tolist()
    labels = list(chak_y) + source["label"].astype(int).tolist()
    weights = [1.0] * len(chak_x) + publisher_weights(
        source["label"].astype(int).tolist(),
        source["group"].tolist(),
        total=source_share * len(chak_x),
    )
    style_only = [False] * len(chak_x) + [True] * len(source)
    return titles, labels, weights, style_only


def fit(
    chak_x: Sequence[str],
    chak_y: Sequence[int],
    source: Any = None,
    *,
    source_share: float = 0.5,
    **kw: Any,
) -> dict[str, Any]:
    """Weights fitted on Chakraborty rows and, when given, source-labelled rows."""
    if source is None or len(source) == 0:
        return train_weights(chak_x, chak_y, **kw)
    titles, labels, weights, style_only = _joint(chak_x, chak_y, source, source_share)
    return train_weights(titles, labels, sample_weight=weights, style_only=style_only, **kw)


# ---------------------------------------------------------------------------- evaluation


def _scores(weights: dict[str, Any], titles: Sequence[str]) -> list[float]:
    prepared = prepare_weights(weights)
    return [probability(title, prepared) for title in titles]


def evaluate(weights: dict[str, Any], headlines: Sequence[str], labels: Sequence[int]) -> dict:
    """Accuracy at 0.5, ROC-AUC, and precision/recall at the weights' threshold."""
    from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score

    scores = _scores(weights, headlines)
    at_half = [int(score > 0.5) for score in scores]
    fired = [int(score > weights["threshold"]) for score in scores]
    return {
        "n": len(labels),
        "accuracy": round(float(accuracy_score(labels, at_half)), 4),
        "roc_auc": round(float(roc_auc_score(labels, scores)), 4),
        "precision_at_threshold": round(float(precision_score(labels, fired, zero_division=0)), 4),
        "recall_at_threshold": round(float(recall_score(labels, fired, zero_division=0)), 4),
    }


def out_of_fold(
    chak_x: Sequence[str],
    chak_y: Sequence[int],
    source: Any = None,
    *,
    folds: int = 5,
    seed: int = 0,
    source_share: float = 0.5,
    **kw: Any,
) -> tuple[list[float], list[float]]:
    """Out-of-fold probabilities of the Chakraborty rows and of the source rows.

    Fold k holds out a stratified fifth of Chakraborty and a fifth of the publishers
    (GroupKFold), and fits on the rest of both: every source headline is scored by a model
    that never saw its publisher.
    """
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    chak_scores = [0.0] * len(chak_y)
    chak_folds = list(
        StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(chak_x, chak_y)
    )
    has_source = source is not None and len(source) > 0
    source_scores = [0.0] * (len(source) if has_source else 0)
    source_folds: list[tuple[Any, Any]] = (
        list(GroupKFold(n_splits=folds).split(source["title"], groups=source["group"]))
        if has_source
        else [(None, None)] * folds
    )
    for fold, ((fit_c, test_c), (fit_s, test_s)) in enumerate(
        zip(chak_folds, source_folds, strict=True), start=1
    ):
        logger.info("out-of-fold %d/%d", fold, folds)
        part = source.iloc[fit_s] if has_source else None
        weights = fit(
            [chak_x[i] for i in fit_c],
            [chak_y[i] for i in fit_c],
            part,
            source_share=source_share,
            seed=seed,
            **kw,
        )
        for i, score in zip(test_c, _scores(weights, [chak_x[i] for i in test_c]), strict=True):
            chak_scores[i] = score
        if has_source:
            titles = source["title"].iloc[test_s].tolist()
            for i, score in zip(test_s, _scores(weights, titles), strict=True):
                source_scores[i] = score
    return chak_scores, source_scores


def choose_threshold(
    scores: Sequence[float], labels: Sequence[int], *, target_precision: float
) -> float:
    """Lowest probability threshold whose precision on out-of-fold ``scores`` reaches the target."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    true_positives = 0
    best = 0.99
    for rank, i in enumerate(order, start=1):
        true_positives += labels[i]
        if true_positives / rank >= target_precision:
            best = scores[i]
    return round(max(best, 0.5), 3)


def source_report(
    scores: Sequence[float], source: Any, weights: dict[str, Any], threshold: float
) -> dict[str, Any]:
    """Publisher-grouped figures on the source-labelled headlines from out-of-fold scores.

    ROC-AUC overall and per collection (label 1 = unreliable publisher or fake), and the
    share of each label's titles on which the cue would fire (probability over ``threshold``
    and a sensational marker).
    """
    from sklearn.metrics import roc_auc_score

    prepared = prepare_weights(weights)
    labels = source["label"].astype(int).tolist()
    fired = [
        score > threshold and is_sensational(title, prepared)
        for title, score in zip(source["title"], scores, strict=True)
    ]
    report: dict[str, Any] = {
        "n": len(labels),
        "publishers": int(source["group"].nunique()),
        "roc_auc": round(float(roc_auc_score(labels, scores)), 4),
        "collections": {},
    }
    for collection in sorted(set(source["collection"])):
        rows = [i for i, c in enumerate(source["collection"]) if c == collection]
        sub = [labels[i] for i in rows]
        entry: dict[str, Any] = {"n": len(rows)}
        if len(set(sub)) == 2:
            entry["roc_auc"] = round(float(roc_auc_score(sub, [scores[i] for i in rows])), 4)
        for label, name in ((0, "cue_rate_reliable"), (1, "cue_rate_unreliable")):
            picked = [i for i in rows if labels[i] == label]
            if picked:
                entry[name] = round(sum(fired[i] for i in picked) / len(picked), 4)
        report["collections"][collection] = entry
    return report


def build(
    data_dir: Path,
    *,
    sources: Iterable[str] | None = None,
    seed: int = 0,
    C: float = 10.0,
    title_case: bool = False,
    target_precision: float = 0.99,
    source_share: float = 0.5,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit on Chakraborty's 80% and the source-labelled headlines, report on what was held out.

    ``sources`` names the source-labelled collections (None: :data:`DEFAULT_SOURCES`; empty:
    Chakraborty only).

    The threshold is chosen on out-of-fold scores of the training part, never on the held-out
    20%. Returns the weights (fitted on the training part, so the reported held-out figures
    are exactly the shipped file's) and the report (the JSON's ``held_out``).
    """
    headlines, labels = load_headlines(data_dir)
    sources = list(DEFAULT_SOURCES if sources is None else sources)
    source = load_source_headlines(sources) if sources else None
    train_idx, test_idx = held_out_split(labels, seed=seed)
    train_x = [headlines[i] for i in train_idx]
    train_y = [labels[i] for i in train_idx]
    options: dict[str, Any] = {"C": C, "title_case": title_case}
    chak_oof, source_oof = out_of_fold(
        train_x, train_y, source, seed=seed, source_share=source_share, **options
    )
    threshold = choose_threshold(chak_oof, train_y, target_precision=target_precision)
    weights = fit(train_x, train_y, source, source_share=source_share, seed=seed, **options)
    weights["threshold"] = threshold
    weights["threshold_rule"] = (
        f"lowest probability with out-of-fold precision >= {target_precision} on "
        "Chakraborty's training split"
    )
    chakraborty = evaluate(weights, [headlines[i] for i in test_idx], [labels[i] for i in test_idx])
    report: dict[str, Any] = {
        "chakraborty": {"split": f"stratified 80/20, seed {seed}", **chakraborty},
    }
    if source is not None:
        report["source_labelled"] = {
            "split": "GroupKFold on publisher, 5 folds (with Chakraborty's training split)",
            "collections_used": sources,
            "source_share": source_share,
            **source_report(source_oof, source, weights, threshold),
        }
        weights["training_data"] = (
            "Chakraborty et al. 2016 clickbait headlines (ASONAM 2016), MIT; headlines "
            f"labelled by publisher reliability from {', '.join(sources)}, each "
            f"publisher weighted equally, together {source_share} of Chakraborty's weight"
        )
    weights["held_out"] = report
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
