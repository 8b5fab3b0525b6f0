"""Scoring in worker processes: the same answers as in-process, errors carried back, and a
worker that dies replaced instead of taking the service down."""

from __future__ import annotations

import asyncio
import os

import pytest

from credscore.serve import jobs
from credscore.serve.pool import ScoringPool, ScoringUnavailable

from .articles import SEED_STYLE


def _exit_worker(scorer) -> None:
    """A job that kills the process running it, as the out-of-memory killer would."""
    os._exit(3)


@pytest.fixture(scope="module")
def process_pool(scorer):
    pool = ScoringPool(scorer, workers=1)
    yield pool
    pool.close()


def run(pool: ScoringPool, job, *calls: tuple) -> list:
    return asyncio.run(pool.map(job, list(calls), timeout=120))


def test_worker_process_answers_like_the_scorer(process_pool, scorer) -> None:
    article = (SEED_STYLE["text"], SEED_STYLE["title"], SEED_STYLE["url"])
    (body,) = run(process_pool, jobs.assessment_json, article)
    assert body == jobs.encode(scorer.score(*article).to_dict())


def test_refused_article_is_raised_with_its_reason(process_pool) -> None:
    with pytest.raises(jobs.InvalidArticle, match="text must contain non-whitespace"):
        run(process_pool, jobs.assessment_json, (" \n ", None, None))


def test_dead_worker_is_replaced(process_pool) -> None:
    with pytest.raises(ScoringUnavailable, match="restarted"):
        run(process_pool, _exit_worker, ())
    (version,) = run(process_pool, jobs.warm_up, ())
    assert version == process_pool.scorer.model_version


@pytest.mark.parametrize("workers", [-1, 1.5, True, "2"])
def test_impossible_worker_counts_are_refused(scorer, workers) -> None:
    with pytest.raises(ValueError, match="workers"):
        ScoringPool(scorer, workers)
