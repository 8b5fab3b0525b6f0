"""CueFeaturizer behaves as a scikit-learn transformer: clone, Pipeline, GridSearchCV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from credscore import CueFeaturizer
from credscore.cues import REGISTRY, feature_names

RELIABLE = (
    'BERLIN (Reuters) - The ministry said on Monday it would publish the figures. "We will '
    'release the full data," spokesperson Anna Berg said. Details: https://www.bund.gov/data'
)
FRINGE = (
    "WAKE UP!!! They are hiding the TRUTH from YOU.\n\nJoin our Telegram channel here: "
    "https://t.me/wakeupnow\n\nLeave a Reply\n\nYour email address will not be published."
)


def frame(n: int = 12) -> pd.DataFrame:
    rows = [
        {"text": RELIABLE + f" Item {i}.", "title": "Ministry to publish figures", "url": None}
        if i % 2
        else {"text": FRINGE + f" Post {i}.", "title": "SHOCKING!!! READ THIS", "url": None}
        for i in range(n)
    ]
    return pd.DataFrame(rows)


def test_feature_names_come_from_the_registry_in_order() -> None:
    names = list(CueFeaturizer().fit(frame()).get_feature_names_out())
    assert names == list(feature_names())
    assert names[0] == f"cue_{REGISTRY[0].kind}"
    assert len(set(names)) == len(names)


def test_transform_counts_cues_per_kind() -> None:
    X = CueFeaturizer().fit_transform(frame(2))
    names = list(feature_names())
    column = names.index("cue_page_boilerplate")
    assert X.shape == (2, len(names))
    assert X[0, column] >= 1  # the fringe row carries a comment form
    assert X[1, column] == 0


def test_dataframe_and_list_of_dicts_agree() -> None:
    df = frame(4)
    as_frame = CueFeaturizer().fit_transform(df)
    as_dicts = CueFeaturizer().fit_transform(df.to_dict("records"))
    np.testing.assert_array_equal(as_frame, as_dicts)


def test_bare_string_is_refused_with_a_sentence() -> None:
    with pytest.raises(TypeError, match="not a single string"):
        CueFeaturizer().fit_transform(RELIABLE)


def test_bad_row_error_names_its_position() -> None:
    with pytest.raises(ValueError, match="document 1"):
        CueFeaturizer().fit_transform([{"text": "fine"}, {"text": "  "}])


def test_works_in_pipeline_clone_and_grid_search() -> None:
    df, y = frame(), np.array([i % 2 for i in range(12)])
    pipeline = make_pipeline(CueFeaturizer(), StandardScaler(), LogisticRegression())
    search = GridSearchCV(clone(pipeline), {"logisticregression__C": [0.1, 1.0]}, cv=3)
    search.fit(df, y)
    assert search.predict_proba(df.iloc[:2]).shape == (2, 2)
    assert search.best_estimator_.predict(df.iloc[[0]])[0] == 0


def test_fit_transform_reads_a_generator_once() -> None:
    rows = frame(6).to_dict("records")
    expected = CueFeaturizer().fit_transform(rows)
    got = CueFeaturizer().fit_transform(row for row in rows)
    assert got.shape == (6, len(feature_names()))
    np.testing.assert_array_equal(got, expected)
