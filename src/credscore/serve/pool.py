"""`ScoringPool`: runs scoring jobs in a thread beside the event loop, each bounded in time.

One thread per server process: scoring is pure Python and holds the interpreter lock, so
more threads would not score faster, while the event loop still gets the lock between
bytecodes (every few milliseconds) to answer /healthz and read new requests. To use more
cores, ``credscore serve --workers N`` runs N server processes, each with its own model and
scoring thread, and no request crosses a process boundary.

The thread takes what is waiting in its queue (up to :data:`MAX_BLOCK` calls) and runs each
run of calls of one job as one block, so articles from concurrent requests are scored together, as
``Scorer.score_many`` scores a table: each cue runs over the whole block while its tables
are in the CPU cache, and the event loop is woken once per block, not once per article.
Results go straight to the waiting requests' asyncio futures.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from credscore.api import Scorer
from credscore.serve import jobs

#: A job over a block: the scorer and the calls' argument tuples, to one result per call
#: (an exception in a call's place is raised to that call's caller alone).
BlockJob = Callable[[Scorer, list[tuple[Any, ...]]], Sequence[Any]]

#: One queued call: the loop and future awaiting it, its block job and its arguments.
_Call = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", BlockJob, tuple[Any, ...]]

#: Most calls scored as one block: enough to keep a block's tables in cache, few enough
#: that a block of ~600-word articles takes a fraction of a second.
MAX_BLOCK = 64


class ScoringTimeout(Exception):
    """The job did not finish within the request's time bound."""


def _settle(outcomes: list[tuple[asyncio.Future[Any], Any]]) -> None:
    # On the loop's thread; a future is cancelled when its request stopped waiting.
    for future, outcome in outcomes:
        if future.done():
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


class ScoringPool:
    """Runs block jobs for the server in its scoring thread."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        # Started by the first job, so an app that never serves has no thread to stop.
        self._thread: threading.Thread | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _submit(self, calls: list[_Call]) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the scoring pool is closed")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="credscore-scoring", daemon=True
                )
                self._thread.start()
            for call in calls:
                self._calls.put(call)

    def _waiting(self, first: _Call) -> tuple[list[_Call], bool]:
        """``first`` and the calls queued behind it (up to :data:`MAX_BLOCK` in all); and
        whether the queue's end (``None``, from :meth:`close`) was reached."""
        waiting = [first]
        while len(waiting) < MAX_BLOCK:
            try:
                call = self._calls.get_nowait()
            except queue.Empty:
                break
            if call is None:
                return waiting, True
            waiting.append(call)
        return waiting, False

    def _work(self) -> None:
        closing = False
        while not closing and (first := self._calls.get()) is not None:
            waiting, closing = self._waiting(first)
            # In queue order, each run of calls of one job as one block.
            for _, block in groupby(waiting, key=itemgetter(2)):
                self._run(list(block))

    def _run(self, block: list[_Call]) -> None:
        # Calls whose request stopped waiting while they were queued are not run.
        live = [call for call in block if not call[1].cancelled()]
        if not live:
            return
        job = live[0][2]
        outcomes: Sequence[Any]
        try:
            outcomes = job(self.scorer, [call[3] for call in live])
            if len(outcomes) != len(live):
                raise RuntimeError(f"{len(live)} calls gave {len(outcomes)} results")
        except BaseException as raised:  # as ThreadPoolExecutor: the callers see it
            outcomes = [raised] * len(live)
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any]]] = {}
        for (loop, future, _, _), outcome in zip(live, outcomes, strict=True):
            by_loop.setdefault(loop, []).append((future, outcome))
        for loop, settled in by_loop.items():
            with contextlib.suppress(RuntimeError):  # its loop closed: nobody waits for it
                loop.call_soon_threadsafe(_settle, settled)

    async def map(
        self, job: BlockJob, calls: Sequence[tuple[Any, ...]], *, timeout: float
    ) -> list[Any]:
        """The result of each call, in order; the first exception among them is raised.

        The calls may be scored in blocks with other requests' calls of the same job.
        Raises ScoringTimeout after ``timeout`` seconds; calls still queued are dropped.
        """
        if not calls:
            return []
        loop = asyncio.get_running_loop()
        futures: list[asyncio.Future[Any]] = [loop.create_future() for _ in calls]
        self._submit(
            [(loop, future, job, tuple(args)) for future, args in zip(futures, calls, strict=True)]
        )
        waited: asyncio.Future[Any] = futures[0] if len(futures) == 1 else asyncio.gather(*futures)
        try:
            result = await asyncio.wait_for(waited, timeout)
        except asyncio.TimeoutError:  # the builtin TimeoutError from Python 3.11 on
            raise ScoringTimeout(f"scoring took longer than {timeout:g} s") from None
        finally:
            for future in futures:
                future.cancel()  # drops the calls still queued; no-op on finished ones
            if waited.done() and not waited.cancelled():
                waited.exception()  # seen: a job cancelled at shutdown is not an error to log
        return [result] if len(futures) == 1 else list(result)

    async def warm_up(self) -> str:
        """Score a small article once, so the first request does not load the lazy tables."""
        (version,) = await self.map(jobs.warm_up, [()], timeout=600)
        return version

    def close(self) -> None:
        """Let the block in hand finish, drop the queued calls, and stop the thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is None:
            return
        while True:
            try:
                call = self._calls.get_nowait()
            except queue.Empty:
                break
            if call is not None:
                loop, future, _, _ = call
                with contextlib.suppress(RuntimeError):  # its loop closed: nobody waits
                    loop.call_soon_threadsafe(future.cancel)
        self._calls.put(None)
        thread.join()
