"""Probabilities and log-odds: the package's one logistic function and its inverse.

Every part of credscore that turns a sum of evidence into a probability (the article score,
the headline model, training's predictions) calls :func:`logistic`, so they cannot drift.
"""

from __future__ import annotations

import math


def logistic(log_odds: float) -> float:
    """The probability whose log-odds is ``log_odds``, for any finite or infinite value.

    Written with ``tanh``, which never overflows, instead of ``1 / (1 + exp(-x))``.
    """
    return 0.5 * (1.0 + math.tanh(0.5 * log_odds))


def logit(probability: float) -> float:
    """The log-odds of a probability strictly between 0 and 1."""
    return math.log(probability / (1.0 - probability))
