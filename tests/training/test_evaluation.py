"""Held-out topic and collection evaluation on the team sample, and its rate arithmetic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from credscore.training.datasets import load_sample
from credscore.training.evaluation import (
    MAX_FALSE_ACCUSATION,
    MAX_UNRELIABLE_CALLED_RELIABLE,
    HeldOut,
    choose_label_thresholds,
    held_out_predictions,
    held_out_table,
    held_out_thresholds,
    label_rates,
    lean_parity,
    mask_site_signatures,
    training_rows,
)
from credscore.training.recipe import build_classifier


@pytest.fixture(scope="module")
def sample_with_topics() -> pd.DataFrame:
    """The sample with two topics and two collections, each holding both labels.

    Assigned per publisher (so holding a topic out never leaves a publisher on both sides):
    the first two reliable and first two unreliable publishers are "health", the rest
    "local"; collections alternate publishers within each label.
    """
    frame = load_sample()
    topic, collection = {}, {}
    for label in (0, 1):
        publishers = sorted(frame.loc[frame["label"] == label, "publisher"].unique())
        for index, publisher in enumerate(publishers):
            topic[publisher] = "health" if index < 2 else "local"
            collection[publisher] = "a" if index % 2 == 0 else "b"
    return frame.assign(
        topic=frame["publisher"].map(topic), collection=frame["publisher"].map(collection)
    )


@pytest.fixture(scope="module")
def documents(sample_with_topics: pd.DataFrame):
    return build_classifier().analyse(sample_with_topics[["text", "title"]])


@pytest.mark.parametrize("by", ["topic", "collection"])
def test_every_row_is_predicted_by_a_model_that_never_saw_its_group(
    sample_with_topics, documents, by
) -> None:
    held = held_out_predictions(build_classifier, sample_with_topics, documents, by)
    assert set(held.group) == set(sample_with_topics[by])
    assert (held.group == sample_with_topics[by].to_numpy()).all()
    assert ((held.credibility >= 0) & (held.credibility <= 1)).all()
    y = sample_with_topics["label"].to_numpy()
    table = held_out_table(held, y, (0.3, 0.7))
    assert [row["held_out"] for row in table] == sorted(set(sample_with_topics[by]))
    for row in table:
        assert row["articles"] == row["reliable"] + row["unreliable"]
        assert 0.5 < row["roc_auc"] <= 1.0  # the sample's two styles are easy to tell apart
        for rate in ("false_accusation", "unreliable_called_reliable", "unknown", "coverage"):
            assert 0.0 <= row[rate] <= 1.0


def test_training_rows_drop_every_publisher_and_domain_of_the_test_rows() -> None:
    frame = pd.DataFrame(
        {
            "publisher": ["Reuters", "reuters.com", "npr.org", "Gazette"],
            "domain": ["reuters.com", "reuters.com", "npr.org", ""],
        }
    )
    kept = training_rows(frame, np.array([1, 2, 3]), np.array([0]))
    assert kept.tolist() == [2, 3]


def test_label_rates_count_unknown_as_no_verdict() -> None:
    y = np.array([1, 1, 1, 1, 0, 0])
    p = np.array([0.1, 0.2, 0.9, 0.5, 0.95, 0.1])
    unknown = np.array([False, True, False, False, False, False])
    rates = label_rates(y, p, unknown, (0.3, 0.7))
    assert rates["false_accusation"] == pytest.approx(1 / 4)  # 0.2 is unknown, not accused
    assert rates["false_accusation_without_unknown"] == pytest.approx(2 / 4)
    assert rates["unreliable_called_reliable"] == pytest.approx(1 / 2)
    assert rates["unknown"] == pytest.approx(1 / 6)
    assert rates["coverage"] == pytest.approx(4 / 6)


def test_thresholds_keep_false_accusations_within_the_limit_in_every_group() -> None:
    rng = np.random.default_rng(0)
    group = np.repeat(["sport", "covid", "world"], 200)
    y = np.tile(np.r_[np.ones(150), np.zeros(50)], 3).astype(int)
    # Sport is the hard topic: its reliable articles score lower.
    shift = np.where(group == "sport", -0.15, 0.0)
    p = np.clip(np.where(y == 1, 0.7, 0.3) + shift + rng.normal(0, 0.15, len(y)), 0, 1)
    unknown = np.zeros(len(y), dtype=bool)
    low, high = choose_label_thresholds(y, p, unknown, group.astype(object))
    assert low < high
    for g in ("sport", "covid", "world"):
        mask = (group == g) & (y == 1)
        assert (p[mask] < low).mean() <= MAX_FALSE_ACCUSATION
    # The cut is the largest that keeps the limit: one step more breaks it somewhere.
    worst_next = max(
        (p[(group == g) & (y == 1)] < low + 0.01).mean() for g in ("sport", "covid", "world")
    )
    assert worst_next > MAX_FALSE_ACCUSATION
    assert ((p >= high) & (y == 0)).mean() / (y == 0).mean() <= 0.10


def test_the_reliable_cut_holds_in_every_held_out_group_not_only_pooled() -> None:
    rng = np.random.default_rng(2)
    group = np.repeat(["world", "sport", "health"], 400)
    y = np.tile(np.r_[np.ones(300), np.zeros(100)], 3).astype(int)
    # Health's fakes read like news: they score as high as its reliable articles.
    fakes_look_reliable = (group == "health") & (y == 0)
    centre = np.where((y == 1) | fakes_look_reliable, 0.8, 0.3)
    p = np.clip(centre + rng.normal(0, 0.1, len(y)), 0, 1)
    unknown = np.zeros(len(y), dtype=bool)
    low, high = choose_label_thresholds(y, p, unknown, group.astype(object))
    called = p >= high
    for g in ("world", "sport", "health"):
        fakes = (group == g) & (y == 0)
        assert called[fakes].mean() <= MAX_UNRELIABLE_CALLED_RELIABLE
    # A pooled limit would have stopped lower, leaving health's fakes vouched for.
    grid = np.round(np.arange(low + 0.01, 1.0, 0.01), 2)
    pooled = min(t for t in grid if (p[y == 0] >= t).mean() <= MAX_UNRELIABLE_CALLED_RELIABLE)
    assert pooled < high
    assert (p[(group == "health") & (y == 0)] >= pooled).mean() > MAX_UNRELIABLE_CALLED_RELIABLE


def test_each_lean_of_a_held_out_collection_is_held_to_the_false_accusation_limit() -> None:
    rng = np.random.default_rng(3)
    n = 1200
    # One held-out collection whose right-leaning reliable outlets (a tenth of its reliable
    # articles) read as less reliable: pooled over the collection they stay under the limit.
    collection = np.full(n, "allsides", dtype=object)
    y = (np.arange(n) % 4 != 0).astype(int)
    lean = np.where((y == 1) & (np.arange(n) % 10 == 1), "right", "left")
    centre = np.where(y == 0, 0.2, np.where(lean == "right", 0.45, 0.75))
    p = np.clip(centre + rng.normal(0, 0.1, n), 0.0, 1.0)
    frame = pd.DataFrame({"label": y, "collection": collection, "lean": lean})
    held = {"collection": HeldOut("collection", collection, p, np.zeros(n, dtype=bool))}
    low, _ = held_out_thresholds(frame, held)
    right = (lean == "right") & (y == 1)
    assert right.sum() >= 30
    assert (p[right] < low).mean() <= MAX_FALSE_ACCUSATION
    # Without the lean column only the whole collection constrains the cut, which then
    # accuses more of the right-leaning outlets' articles than the limit allows.
    low_without_lean, _ = held_out_thresholds(frame.drop(columns="lean"), held)
    assert low_without_lean > low
    assert (p[right] < low_without_lean).mean() > MAX_FALSE_ACCUSATION


def test_lean_parity_reports_each_label_and_lean() -> None:
    frame = pd.DataFrame(
        {
            "collection": ["allsides"] * 4,
            "label": [1, 1, 0, 1],
            "lean": ["left", "right", "right", ""],
            "publisher": ["a.org", "b.com", "c.com", "d.net"],
        }
    )
    rows = lean_parity(frame, np.array([0.9, 0.4, 0.2, 0.5]), (0.3, 0.7))
    assert [(r["label"], r["lean"]) for r in rows] == [(0, "right"), (1, "left"), (1, "right")]
    assert rows[2]["mean_credibility"] == pytest.approx(0.4)
    assert rows[0]["labelled_unreliable"] == 1.0


# ----------------------------------------------------------------------------- masking


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Body of the story.\nReporting by A. Writer; Editing by B. Editor", "Body", "Editing"),
        ("Body.\nSubscribe to our newsletter for more", "Body", "Subscribe"),
        # A whole article on one line (some collections store them so): only the sentence
        # with the phrase goes, the story stays.
        ("Claims fell to a low. " * 20 + "He writes a newsletter. It was a good week.",
         "Claims fell", "newsletter"),
        ("WASHINGTON (Reuters) - The bill passed.", "The bill passed", "Reuters"),
    ],
)  # fmt: skip
def test_masking_removes_signatures_and_keeps_the_story(text: str, kept: str, gone: str) -> None:
    masked = mask_site_signatures(text)
    assert kept in masked and gone not in masked


def test_masking_an_all_signature_text_leaves_something_to_score() -> None:
    masked = mask_site_signatures("Subscribe to our newsletter")
    assert masked.strip()
    assert "newsletter" not in masked
