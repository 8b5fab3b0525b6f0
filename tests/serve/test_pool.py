"""The scoring thread: results and errors come back to the event loop, and a request that
waits too long stops waiting, taking its queued jobs with it."""

from __future__ import annotations

import asyncio
import threading

import pytest

from credscore.serve import jobs
from credscore.serve.pool import ScoringPool, ScoringTimeout

from .articles import SEED_STYLE


@pytest.fixture
def pool(scorer):
    pool = ScoringPool(scorer)
    yield pool
    pool.close()


def test_answers_like_the_scorer(pool, scorer) -> None:
    article = (SEED_STYLE["text"], SEED_STYLE["title"], SEED_STYLE["url"])
    (body,) = asyncio.run(pool.map(jobs.assessment_json, [article], timeout=60))
    assert body == jobs.encode(scorer.score(*article).to_dict())


def test_refused_article_is_raised_with_its_reason(pool) -> None:
    with pytest.raises(jobs.InvalidArticle, match="text must contain non-whitespace"):
        asyncio.run(pool.map(jobs.assessment_json, [(" \n ", None, None)], timeout=60))


def test_time_bound_drops_the_jobs_still_queued(pool) -> None:
    release, ran = threading.Event(), []

    def blocked(scorer) -> None:
        release.wait(10)

    def queued(scorer) -> None:
        ran.append("queued")

    async def scenario() -> None:
        with pytest.raises(ScoringTimeout, match=r"longer than 0\.05 s"):
            await pool.map(blocked, [()], timeout=0.05)
        with pytest.raises(ScoringTimeout):
            await pool.map(queued, [()], timeout=0.05)  # behind the blocked job
        release.set()
        await pool.map(lambda scorer: None, [()], timeout=10)

    asyncio.run(scenario())
    assert ran == []


def test_a_closed_pool_refuses_new_jobs(scorer) -> None:
    pool = ScoringPool(scorer)
    assert asyncio.run(pool.map(lambda scorer: 1, [()], timeout=10)) == [1]
    assert asyncio.run(pool.map(lambda scorer: 1, [], timeout=10)) == []
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(pool.map(lambda scorer: 1, [()], timeout=10))
