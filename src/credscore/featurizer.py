"""`CueFeaturizer`: the cue extractors as a scikit-learn transformer.

Documents are a DataFrame with a ``text`` column (``title`` and ``url`` optional) or a
list of dicts with the same keys, so ``Pipeline``, ``clone`` and ``GridSearchCV`` work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from credscore.article import Article
from credscore.cues import analyse_block, feature_names

# Articles analysed together (see analyse_block): enough for each extractor's tables to stay
# in the CPU cache across them, few enough that their analysed views stay small.
BLOCK_ARTICLES = 64


def iter_documents(documents: Any) -> Iterable[tuple[Any, Any, Any]]:
    """(text, title, url) of each document; refuses a bare string with a sentence."""
    if isinstance(documents, (str, bytes)):
        raise TypeError(
            "documents must be a collection of articles (a DataFrame with a 'text' column "
            "or a list of dicts), not a single string; wrap one article as [{'text': ...}]"
        )
    columns = getattr(documents, "columns", None)
    if columns is not None:
        if "text" not in columns:
            raise ValueError("documents DataFrame needs a 'text' column")
        n = len(documents)
        texts = documents["text"].tolist()
        titles = documents["title"].tolist() if "title" in columns else [None] * n
        urls = documents["url"].tolist() if "url" in columns else [None] * n
        return zip(texts, titles, urls, strict=True)
    rows = []
    for index, row in enumerate(documents):
        if not isinstance(row, Mapping):
            raise TypeError(
                f"document {index} must be a dict with a 'text' key, got {type(row).__name__}"
            )
        rows.append((row.get("text"), row.get("title"), row.get("url")))
    return rows


def to_articles(documents: Any) -> list[Article]:
    """Validated articles; an invalid row raises an error that names its position."""
    articles = []
    for index, (text, title, url) in enumerate(iter_documents(documents)):
        try:
            articles.append(Article(text, title, url))
        except (TypeError, ValueError) as error:
            raise type(error)(f"document {index}: {error}") from None
    return articles


class CueFeaturizer(TransformerMixin, BaseEstimator):
    """Turns documents into the registry's numeric features (cue counts and style rates)."""

    def fit(self, X: Any, y: Any = None) -> CueFeaturizer:
        """Nothing to learn; records the output width so scikit-learn can check it."""
        iter_documents(X)  # validates the container shape
        self.n_features_out_ = len(feature_names())
        return self

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> np.ndarray:
        """``fit`` then ``transform``, reading ``X`` once (so a generator of dicts works)."""
        if not isinstance(X, (str, bytes)) and getattr(X, "columns", None) is None:
            X = list(X)  # a generator would be used up by fit before transform saw it
        return self.fit(X, y).transform(X)

    def transform(self, X: Any) -> np.ndarray:
        """A float array of shape (n_documents, n_features)."""
        pending = to_articles(X)  # every row validated before any work is done
        out = np.empty((len(pending), len(feature_names())), dtype=np.float64)
        pending.reverse()
        row = 0
        while pending:
            # Popped and analysed a block at a time, then dropped: the analysed views of
            # only one block are alive at once.
            block = [pending.pop() for _ in range(min(BLOCK_ARTICLES, len(pending)))]
            for result in analyse_block(block):
                if isinstance(result, Exception):
                    raise result
                out[row] = result[1]
                row += 1
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names from the cue registry, in column order."""
        return np.asarray(feature_names(), dtype=object)

    def __sklearn_tags__(self):  # documents are not a numeric 2-D array
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags
