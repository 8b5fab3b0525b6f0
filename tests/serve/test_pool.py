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
    (body,) = asyncio.run(pool.map(jobs.assessments_json, [article], timeout=60))
    assert body == jobs.encode(scorer.score(*article).to_dict())


def test_refused_article_is_raised_with_its_reason(pool) -> None:
    with pytest.raises(jobs.InvalidArticle, match="text must contain non-whitespace"):
        asyncio.run(pool.map(jobs.assessments_json, [(" \n ", None, None)], timeout=60))


def test_time_bound_drops_the_jobs_still_queued(pool) -> None:
    release, ran = threading.Event(), []

    def blocked(scorer, calls) -> list[None]:
        release.wait(10)
        return [None] * len(calls)

    def queued(scorer, calls) -> list[None]:
        ran.append("queued")
        return [None] * len(calls)

    async def scenario() -> None:
        with pytest.raises(ScoringTimeout, match=r"longer than 0\.05 s"):
            await pool.map(blocked, [()], timeout=0.05)
        with pytest.raises(ScoringTimeout):
            await pool.map(queued, [()], timeout=0.05)  # behind the blocked job
        release.set()
        await pool.map(lambda scorer, calls: [None] * len(calls), [()], timeout=10)

    asyncio.run(scenario())
    assert ran == []


def ones(scorer, calls) -> list[int]:
    return [1] * len(calls)


def test_a_closed_pool_refuses_new_jobs(scorer) -> None:
    pool = ScoringPool(scorer)
    assert asyncio.run(pool.map(ones, [()], timeout=10)) == [1]
    assert asyncio.run(pool.map(ones, [], timeout=10)) == []
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(pool.map(ones, [()], timeout=10))


def test_concurrent_requests_are_scored_as_one_block_with_their_own_answers(pool, scorer) -> None:
    """Articles from requests waiting together share a block; each request still gets its
    own article's answer, and a refused article fails only its own request."""
    release, blocks = threading.Event(), []

    def gate(scorer, calls) -> list[None]:
        release.wait(10)
        return [None] * len(calls)

    def recorded(scorer, calls):
        blocks.append(len(calls))
        return jobs.assessments_json(scorer, calls)

    texts = [
        f"The council met on day {day} and approved the budget, the clerk said." for day in range(5)
    ]
    calls = [(text, None, None) for text in texts]

    async def scenario():
        held = asyncio.ensure_future(pool.map(gate, [()], timeout=10))
        await asyncio.sleep(0.05)  # the scoring thread is now inside gate
        waiting = [
            asyncio.ensure_future(pool.map(recorded, [call], timeout=60))
            for call in [*calls, ("  ", None, None)]
        ]
        await asyncio.sleep(0.05)
        release.set()
        await held
        return await asyncio.gather(*waiting, return_exceptions=True)

    *answers, refused = asyncio.run(scenario())
    assert blocks == [len(calls) + 1]
    assert [body for (body,) in answers] == [
        jobs.encode(scorer.score(text).to_dict()) for text in texts
    ]
    assert isinstance(refused, jobs.InvalidArticle)


def test_a_job_that_raises_fails_only_the_calls_of_its_block(pool) -> None:
    def broken(scorer, calls):
        raise ArithmeticError("broken job")

    with pytest.raises(ArithmeticError, match="broken job"):
        asyncio.run(pool.map(broken, [(), ()], timeout=10))
    assert asyncio.run(pool.map(ones, [()], timeout=10)) == [1]
