"""`ScoringPool`: runs scoring jobs off the event loop, each request bounded in time.

With ``workers >= 1`` the jobs run in that many worker processes (started with ``spawn``,
so no lock held by a server thread is inherited); each unpickles the scorer once, at start.
With ``workers=0`` they run in one thread of the server process: cheap to start, for tests
and small deployments, but scoring then shares the interpreter lock with the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import pickle
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from credscore.api import Scorer
from credscore.serve import jobs

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# The scorer of this worker process, set once by _load_scorer when the process starts.
_worker_scorer: Scorer | None = None


def _load_scorer(blob: bytes) -> None:
    """Worker initializer: the server's own scorer (pickled by it), warmed up once."""
    global _worker_scorer
    # Ctrl-C reaches the whole process group: the server stops its workers itself, after
    # the jobs in hand, so a worker does not die mid-job with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_scorer = pickle.loads(blob)  # bytes from our own parent process, never from outside
    jobs.warm_up(_worker_scorer)


def _run_in_worker(job: Callable[..., _T], *args: Any) -> _T:
    assert _worker_scorer is not None, "worker started without its initializer"
    return job(_worker_scorer, *args)


class ScoringTimeout(Exception):
    """The job did not finish within the request's time bound."""


class ScoringUnavailable(Exception):
    """A worker process died (e.g. out of memory); the pool has been restarted."""


class ScoringPool:
    """Runs ``job(scorer, *args)`` for the server, in worker processes or one thread."""

    def __init__(self, scorer: Scorer, workers: int) -> None:
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
            raise ValueError(f"workers must be an int >= 0, got {workers!r}")
        self.scorer = scorer
        self.workers = workers
        self._blob = pickle.dumps(scorer, protocol=pickle.HIGHEST_PROTOCOL) if workers else b""
        self._executor = self._start()

    def _start(self) -> Executor:
        if self.workers == 0:
            return ThreadPoolExecutor(1, thread_name_prefix="credscore-scoring")
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load_scorer,
            initargs=(self._blob,),
        )

    def _submit(
        self, executor: Executor, job: Callable[..., _T], args: tuple[Any, ...]
    ) -> Future[_T]:
        if self.workers == 0:
            return executor.submit(job, self.scorer, *args)
        return executor.submit(_run_in_worker, job, *args)

    async def run(self, job: Callable[..., _T], *args: Any, timeout: float) -> _T:
        """``job(scorer, *args)``'s result; its exceptions are raised here.

        Raises ScoringTimeout after ``timeout`` seconds (a job still queued is dropped) and
        ScoringUnavailable when a worker died.
        """
        results = await self.map(job, [args], timeout=timeout)
        return results[0]

    async def map(
        self, job: Callable[..., _T], calls: Sequence[tuple[Any, ...]], *, timeout: float
    ) -> list[_T]:
        """``[job(scorer, *args) for args in calls]``, the calls spread over the workers."""
        executor = self._executor
        try:  # submitting to a pool whose worker died raises at once
            futures = [asyncio.wrap_future(self._submit(executor, job, args)) for args in calls]
        except BrokenProcessPool:
            raise self._restart(executor) from None
        gathered = asyncio.gather(*futures)
        try:
            return list(await asyncio.wait_for(gathered, timeout))
        except asyncio.TimeoutError:  # the builtin TimeoutError from Python 3.11 on
            raise ScoringTimeout(f"scoring took longer than {timeout:g} s") from None
        except BrokenProcessPool:
            raise self._restart(executor) from None
        finally:
            if gathered.done() and not gathered.cancelled():
                gathered.exception()  # seen: a job cancelled at shutdown is not an error to log

    def _restart(self, broken: Executor) -> ScoringUnavailable:
        """Replace a broken executor once, however many requests saw it break."""
        if self._executor is broken:
            self._executor = self._start()
            logger.error("a scoring worker process died; started %d new ones", self.workers)
            broken.shutdown(wait=False, cancel_futures=True)
        return ScoringUnavailable("a scoring worker stopped; the workers were restarted, try again")

    async def warm_up(self) -> str:
        """Score a small article once per worker (so each has loaded everything it reads)."""
        calls = [()] * max(self.workers, 1)
        versions = await self.map(jobs.warm_up, calls, timeout=600)
        return versions[0]

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
