"""`ScoringPool`: runs scoring jobs in a thread beside the event loop, each bounded in time.

One thread per server process: scoring is pure Python and holds the interpreter lock, so
more threads would not score faster, while the event loop still gets the lock between
bytecodes (every few milliseconds) to answer /healthz and read new requests. To use more
cores, ``credscore serve --workers N`` runs N server processes, each with its own model and
scoring thread, and no request crosses a process boundary.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from credscore.api import Scorer
from credscore.serve import jobs

_T = TypeVar("_T")


class ScoringTimeout(Exception):
    """The job did not finish within the request's time bound."""


class ScoringPool:
    """Runs ``job(scorer, *args)`` for the server in its scoring thread."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="credscore-scoring")

    async def map(
        self, job: Callable[..., _T], calls: Sequence[tuple[Any, ...]], *, timeout: float
    ) -> list[_T]:
        """``[job(scorer, *args) for args in calls]``; the first exception is raised here.

        Raises ScoringTimeout after ``timeout`` seconds; jobs still queued are dropped.
        """
        futures = [
            asyncio.wrap_future(self._executor.submit(job, self.scorer, *args)) for args in calls
        ]
        gathered = asyncio.gather(*futures)
        try:
            return list(await asyncio.wait_for(gathered, timeout))
        except asyncio.TimeoutError:  # the builtin TimeoutError from Python 3.11 on
            raise ScoringTimeout(f"scoring took longer than {timeout:g} s") from None
        finally:
            if gathered.done() and not gathered.cancelled():
                gathered.exception()  # seen: a job cancelled at shutdown is not an error to log

    async def warm_up(self) -> str:
        """Score a small article once, so the first request does not load the lazy tables."""
        (version,) = await self.map(jobs.warm_up, [()], timeout=600)
        return version

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
