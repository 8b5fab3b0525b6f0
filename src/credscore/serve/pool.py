"""`ScoringPool`: runs scoring jobs in a thread beside the event loop, each bounded in time.

One thread per server process: scoring is pure Python and holds the interpreter lock, so
more threads would not score faster, while the event loop still gets the lock between
bytecodes (every few milliseconds) to answer /healthz and read new requests. To use more
cores, ``credscore serve --workers N`` runs N server processes, each with its own model and
scoring thread, and no request crosses a process boundary.

The thread takes jobs from a queue and hands each result straight to the waiting request's
asyncio future: half the work per request of a ``ThreadPoolExecutor`` and the
``concurrent.futures`` future that asyncio would have to wrap and mirror.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from credscore.api import Scorer
from credscore.serve import jobs

_T = TypeVar("_T")

#: A queued job: the loop and future awaiting it, the job and its arguments after the scorer.
_Job = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[..., Any], tuple]


class ScoringTimeout(Exception):
    """The job did not finish within the request's time bound."""


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    # On the loop's thread; the future is cancelled when its request stopped waiting.
    if future.done():
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


class ScoringPool:
    """Runs ``job(scorer, *args)`` for the server in its scoring thread."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        # Started by the first job, so an app that never serves has no thread to stop.
        self._thread: threading.Thread | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _submit(self, queued: _Job) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the scoring pool is closed")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="credscore-scoring", daemon=True
                )
                self._thread.start()
            self._jobs.put(queued)

    def _work(self) -> None:
        while (queued := self._jobs.get()) is not None:
            loop, future, job, args = queued
            if future.cancelled():  # its request stopped waiting while it was queued
                continue
            result, error = None, None
            try:
                result = job(self.scorer, *args)
            except BaseException as raised:  # as ThreadPoolExecutor: the caller sees it
                error = raised
            with contextlib.suppress(RuntimeError):  # its loop closed: nobody waits for it
                loop.call_soon_threadsafe(_settle, future, result, error)

    async def map(
        self, job: Callable[..., _T], calls: Sequence[tuple[Any, ...]], *, timeout: float
    ) -> list[_T]:
        """``[job(scorer, *args) for args in calls]``; the first exception is raised here.

        Raises ScoringTimeout after ``timeout`` seconds; jobs still queued are dropped.
        """
        if not calls:
            return []
        loop = asyncio.get_running_loop()
        futures: list[asyncio.Future[_T]] = []
        for args in calls:
            future = loop.create_future()
            self._submit((loop, future, job, tuple(args)))
            futures.append(future)
        waited: asyncio.Future[Any] = futures[0] if len(futures) == 1 else asyncio.gather(*futures)
        try:
            result = await asyncio.wait_for(waited, timeout)
        except asyncio.TimeoutError:  # the builtin TimeoutError from Python 3.11 on
            raise ScoringTimeout(f"scoring took longer than {timeout:g} s") from None
        finally:
            for future in futures:
                future.cancel()  # drops the jobs still queued; no-op on finished ones
            if waited.done() and not waited.cancelled():
                waited.exception()  # seen: a job cancelled at shutdown is not an error to log
        return [result] if len(futures) == 1 else list(result)

    async def warm_up(self) -> str:
        """Score a small article once, so the first request does not load the lazy tables."""
        (version,) = await self.map(jobs.warm_up, [()], timeout=600)
        return version

    def close(self) -> None:
        """Let the job in hand finish, drop the queued ones, and stop the thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is None:
            return
        while True:
            try:
                queued = self._jobs.get_nowait()
            except queue.Empty:
                break
            if queued is not None:
                loop, future, _, _ = queued
                with contextlib.suppress(RuntimeError):  # its loop closed: nobody waits
                    loop.call_soon_threadsafe(future.cancel)
        self._jobs.put(None)
        thread.join()
