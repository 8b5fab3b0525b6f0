"""CredibilityClassifier keeps scikit-learn's manners: unfitted use is a NotFittedError."""

from __future__ import annotations

import pytest
from sklearn.exceptions import NotFittedError

from credscore.training.estimator import CredibilityClassifier


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function"])
def test_predicting_before_fit_raises_not_fitted(method: str) -> None:
    with pytest.raises(NotFittedError):
        getattr(CredibilityClassifier(), method)([{"text": "The council met on Tuesday."}])
