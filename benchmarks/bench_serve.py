"""Load test of `credscore serve` on 127.0.0.1 against `Scorer.score` in-process.

Sends ``--requests`` POST /v1/score requests (default 2,000 ~600-word articles) over
``--concurrency`` keep-alive connections (default 32) to ``credscore serve --workers N``,
and reports requests per second, p50/p95/p99 latency, errors (anything but a 200; goal 0),
the peak resident set size (VmHWM) and the CPU time per request of each server process,
with the event loop's share (FastAPI and uvicorn's work, apart from the scoring thread's).
The same articles then go through ``Scorer.score`` in this machine's processes with the
same number of workers (one: this process; more: a process pool), and the figure to read
is the ratio of the two rates (goal >= 0.7).

Rounds interleave the two (in-process, server, in-process, server, ...), so a burst of load
from elsewhere on the machine slows one round of each; the best round of each is compared,
and so is each round's server run with its own in-process run (the median of those ratios
is the steadier figure where the machine's speed drifts between rounds).
Each round also says how the client's connections fell among the server processes: they are
opened at once and kept alive, and a process that accepts a burst of them keeps them all
round, so a round where one process holds most of them is bound by that one process.
The client is a small asyncio HTTP/1.1 client with the request bodies encoded beforehand,
run on uvloop when it is installed, so it takes little of the CPU the server needs. Only
127.0.0.1 is ever contacted.

Each round also measures the ceiling: the two parts of a served request, each on its own.
The in-process workers score the same articles in blocks of 16 and write each one's JSON
(what the server's scoring thread does), and a second server, the same service with its
scoring replaced by a canned answer of an assessment's size (_canned_service.py), takes the
same requests (everything else a request costs). In-process CPU over the sum of the two and
the client's CPU is the best ratio any server doing both could reach in that round.

Each round also sends the same articles ``--batch`` (default 16) to a request to POST
/v1/score/batch (four requests in flight per server process), as a client with a queue of
articles would: their articles per second against the in-process rate, per round and best
against best.

Last, the floor: the same number of requests with a blank text, which FastAPI reads, parses
and validates and then refuses (422) without scoring, give the server's CPU per request
that is FastAPI's and uvicorn's alone; with the CPU of writing an assessment's JSON
(``to_dict`` + encode, timed in this process) they show what a request costs besides
scoring.

Run: python benchmarks/bench_serve.py [--requests 2000] [--concurrency 32] [--workers 2]
     [--rounds 2] [--batch 16] [--model DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _articles import articles

import credscore
from credscore.api import Scorer

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent

try:  # uvloop (installed with the serve extra) runs the client on about 25% less CPU
    import uvloop

    run_client = uvloop.run
except ImportError:
    run_client = asyncio.run
FIELDS = ("text", "title", "url")

# --------------------------------------------------------------------------- in-process

_scorer: Scorer | None = None


def _load(model: str | None) -> None:
    global _scorer
    _scorer = Scorer(model)


def _score_chunk(chunk: list[tuple[str, str | None, str | None]]) -> int:
    assert _scorer is not None
    for text, title, url in chunk:
        _scorer.score(text, title=title, url=url)
    return len(chunk)


def _answer_chunk(chunk: list[tuple[str, str | None, str | None]]) -> int:
    """What the server's scoring thread does with a block: score it, write each JSON."""
    from credscore.serve.jobs import assessments_json

    assert _scorer is not None
    return len(assessments_json(_scorer, chunk))


class InProcess:
    """``Scorer.score`` over the articles in this process, or in a pool of ``workers``."""

    def __init__(self, model: str | None, workers: int) -> None:
        self.workers = workers
        if workers == 1:
            _load(model)
            self.pool = None
        else:
            self.pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_load,
                initargs=(model,),
            )

    def run(
        self, triples: list[tuple[str, str | None, str | None]], job=_score_chunk
    ) -> tuple[float, float]:
        """Seconds to score every article (``job`` over chunks of 16), and the CPU seconds
        the scoring took."""
        started = time.perf_counter()
        # Small chunks keep every worker busy to the end; 16 articles ~ 0.1 s of work.
        chunks = [triples[i : i + 16] for i in range(0, len(triples), 16)]
        if self.pool is None:
            cpu = time.process_time()
            assert sum(map(job, chunks)) == len(triples)
            return time.perf_counter() - started, time.process_time() - cpu
        cpu_before = sum(cpu_seconds(os.getpid(), own=False).values())
        assert sum(self.pool.map(job, chunks)) == len(triples)
        seconds = time.perf_counter() - started
        return seconds, sum(cpu_seconds(os.getpid(), own=False).values()) - cpu_before

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(
    port: int, workers: int, model: str | None, log_path: Path, *, canned: Path | None = None
) -> subprocess.Popen:
    """``credscore serve``; with ``canned``, the same service answering every article with
    that file's JSON instead of scoring it (see _canned_service.py)."""
    if canned is None:
        command = [sys.executable, "-m", "credscore", "serve", "--host", HOST]
        command += ["--port", str(port), "--workers", str(workers)]
        command += ["--model", model] if model else []
    else:
        command = [sys.executable, str(HERE / "_canned_service.py"), str(port), str(workers)]
        command += [str(canned)]
    # The server runs the credscore this script imports (installed or editable), with its
    # package data; putting src/ first would hide the installed package's shipped model.
    package_root = Path(credscore.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(package_root), str(HERE)))}
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(command, stdout=log, stderr=log, env=env)


async def _request(reader, writer, path: str, body: bytes) -> tuple[int, bytes]:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    writer.write(head + body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def load(
    port: int, bodies: list[bytes], concurrency: int, *, expect: int = 200, path: str = "/v1/score"
) -> dict:
    """Every body once to ``path``, over ``concurrency`` keep-alive connections; per-request
    latency. An answer with another status than ``expect`` counts as an error."""
    queue = iter(range(len(bodies)))
    latencies: list[float] = []
    errors: list[str] = []

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while (index := next(queue, None)) is not None:
                started = time.perf_counter()
                try:
                    status, _ = await _request(reader, writer, path, bodies[index])
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    errors.append(type(error).__name__)
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
                    continue
                latencies.append(time.perf_counter() - started)
                if status != expect:
                    errors.append(str(status))
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return {"seconds": time.perf_counter() - started, "latencies": latencies, "errors": errors}


def wait_ready(port: int, process: subprocess.Popen, log_path: Path) -> None:
    import urllib.request

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("server not ready after 180 s")


def server_processes(pid: int, *, own: bool = True) -> dict[str, int]:
    """A process (if ``own``) and the processes multiprocessing spawned for it, by name.

    For the server: with one worker the command's process serves; with more it only
    supervises the server processes uvicorn started. For this script: its pool's workers.
    """
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    spawned = [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    named = {f"process {n}": int(c) for n, c in enumerate(spawned, 1)}
    return {"main": pid, **named} if own else named


def peak_rss_mb(pid: int) -> dict[str, float]:
    """VmHWM (peak resident set, MB) of each of the server's processes."""

    def vmhwm(one: int) -> float:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    return {name: vmhwm(one) for name, one in server_processes(pid).items()}


def cpu_seconds(pid: int, *, own: bool = True) -> dict[str, float]:
    """CPU time (user + system) used so far by each of :func:`server_processes`."""
    tick = os.sysconf("SC_CLK_TCK")

    def used(one: int) -> float:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime, stime

    return {name: used(one) for name, one in server_processes(pid, own=own).items()}


def open_sockets(pid: int) -> dict[str, int]:
    """Sockets each serving process holds open (its listening socket and its connections)."""
    processes = server_processes(pid)
    serving = {name: one for name, one in processes.items() if name != "main"} or {"main": pid}

    def count(one: int) -> int:
        folder = Path(f"/proc/{one}/fd")
        links = []
        for fd in os.listdir(folder):
            with contextlib.suppress(OSError):  # closed meanwhile
                links.append(os.readlink(folder / fd))
        return sum(link.startswith("socket:") for link in links)

    return {name: count(one) for name, one in serving.items()}


class ConnectionSplit:
    """How the client's connections fell among the server processes, read once from /proc
    shortly after a round starts: the kernel hands each new connection to whichever process
    accepts first, and one that drains the queue in a burst keeps those connections (they
    are kept alive) for the whole round, however busy it is."""

    def __init__(self, pid: int, idle: dict[str, int], after: float = 0.5) -> None:
        self.split: dict[str, int] = {}
        self._thread = threading.Thread(target=self._read, args=(pid, idle, after), daemon=True)
        self._thread.start()

    def _read(self, pid: int, idle: dict[str, int], after: float) -> None:
        time.sleep(after)
        self.split = {name: n - idle.get(name, 0) for name, n in open_sockets(pid).items()}

    def result(self) -> str:
        self._thread.join()
        return "/".join(str(n) for n in self.split.values())


def loop_cpu_seconds(pid: int) -> float:
    """CPU time used so far by the event-loop threads of the server's serving processes.

    A serving process's main thread (thread id = process id) runs uvicorn's event loop and
    the FastAPI app; scoring runs in another thread. With several workers the command's own
    process only supervises, so its main thread is left out.
    """
    tick = os.sysconf("SC_CLK_TCK")
    processes = server_processes(pid)
    serving = [one for name, one in processes.items() if name != "main"] or [pid]
    total = 0.0
    for one in serving:
        fields = Path(f"/proc/{one}/task/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def server_cpu_ms(port: int, pid: int, bodies: list[bytes], concurrency: int, expect: int) -> float:
    """The server's CPU milliseconds per request for ``bodies``, each answered ``expect``."""
    before = sum(cpu_seconds(pid).values())
    result = run_client(load(port, bodies, concurrency, expect=expect))
    if result["errors"]:
        raise SystemExit(f"requests not answered {expect}: {sorted(set(result['errors']))}")
    return 1000 * (sum(cpu_seconds(pid).values()) - before) / len(bodies)


def answer_cpu_ms(
    model: str | None, triples: list[tuple[str, str | None, str | None]]
) -> tuple[float, bytes]:
    """CPU milliseconds per article to write an assessment as the API sends it
    (``Assessment.to_dict()`` encoded as JSON, as the scoring thread does), in this process;
    and the answer of median length, for the canned service."""
    from credscore.serve.jobs import encode

    scored = list(Scorer(model).score_many(triples))
    started = time.process_time()
    answers = [encode(assessment.to_dict()) for assessment in scored]
    ms = 1000 * (time.process_time() - started) / len(scored)
    return ms, sorted(answers, key=len)[len(answers) // 2]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if values else 0.0


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument(
        "--batch",
        type=int,
        default=16,
        help="articles per POST /v1/score/batch request in each round (0: no batches)",
    )
    args = parser.parse_args()

    frame = articles(args.requests)
    # Missing titles and URLs are sent as null (a NaN would be a 422, rightly).
    columns = [frame[name].astype(object).where(frame[name].notna(), None) for name in FIELDS]
    triples = list(zip(*columns, strict=True))
    bodies = [
        json.dumps(dict(zip(FIELDS, triple, strict=True)), ensure_ascii=False).encode()
        for triple in triples
    ]
    words = frame["text"].str.split().str.len().mean()
    print(
        f"{args.requests} requests of ~{words:.0f}-word articles from {frame.attrs['origin']}, "
        f"{args.concurrency} concurrent, {args.workers} worker(s), {args.rounds} rounds, "
        f"{os.cpu_count()} cores"
    )

    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    answer_cpu, answer = answer_cpu_ms(args.model, triples[:500])
    (folder / "answer.json").write_bytes(answer)
    port, canned_port = free_port(), free_port()
    server = start_server(port, args.workers, args.model, folder / "serve.log")
    canned = start_server(
        canned_port, args.workers, None, folder / "canned.log", canned=folder / "answer.json"
    )
    in_process = InProcess(args.model, args.workers)
    try:
        wait_ready(port, server, folder / "serve.log")
        wait_ready(canned_port, canned, folder / "canned.log")
        in_process.run(triples[: 64 * args.workers])  # start every worker, load lazy tables
        for warm_port in (port, canned_port):
            run_client(load(warm_port, bodies[: 4 * args.concurrency], args.concurrency))

        # The same articles, --batch to a request, for /v1/score/batch: what a client with a
        # queue of articles sends, the per-request work shared by the batch's articles. Four
        # in flight per server process: one scored, the next ones queued behind it, over
        # enough connections that the kernel hands every process some.
        items = [dict(zip(FIELDS, triple, strict=True)) for triple in triples]
        batches = (
            [
                json.dumps({"items": items[i : i + args.batch]}, ensure_ascii=False).encode()
                for i in range(0, len(items), args.batch)
            ]
            if args.batch > 0
            else []
        )
        batch_rates: list[float] = []
        local_rates, local_cpu, served, ceilings = [], [], [], []
        idle_sockets = open_sockets(server.pid)
        for round_number in range(1, args.rounds + 1):
            seconds, cpu = in_process.run(triples)
            local_rates.append(len(triples) / seconds)
            local_cpu.append(1000 * cpu / len(triples))
            cpu_before, client_before = cpu_seconds(server.pid), time.process_time()
            loop_before = loop_cpu_seconds(server.pid)
            split = ConnectionSplit(server.pid, idle_sockets)
            result = run_client(load(port, bodies, args.concurrency))
            result["connections"] = split.result()
            result["client_cpu_ms"] = 1000 * (time.process_time() - client_before) / len(bodies)
            result["loop_cpu_ms"] = (
                1000 * (loop_cpu_seconds(server.pid) - loop_before) / len(bodies)
            )
            result["cpu_ms"] = {
                name: 1000 * (used - cpu_before.get(name, 0.0)) / len(bodies)
                for name, used in cpu_seconds(server.pid).items()
            }
            served.append(result)
            # The ceiling's two parts, in the same round: the scoring thread's work alone
            # (blocks of 16 scored and written as JSON, in the in-process workers), and the
            # service's work alone (the canned server: every request, no scoring).
            blocks = 1000 * in_process.run(triples, _answer_chunk)[1] / len(triples)
            service = server_cpu_ms(canned_port, canned.pid, bodies, args.concurrency, 200)
            ceilings.append(
                {
                    "blocks": blocks,
                    "service": service,
                    "value": local_cpu[-1] / (blocks + service + result["client_cpu_ms"]),
                }
            )
            if batches:
                answered = run_client(load(port, batches, 4 * args.workers, path="/v1/score/batch"))
                if answered["errors"]:
                    raise SystemExit(f"batch requests failed: {sorted(set(answered['errors']))}")
                batch_rates.append(len(triples) / answered["seconds"])
            rate = len(bodies) / result["seconds"]
            round_cpu = sum(result["cpu_ms"].values()) + result["client_cpu_ms"]
            print(
                f"  round {round_number}: in-process {local_rates[-1]:6.1f} articles/s, "
                f"server {rate:6.1f} requests/s, ratio {rate / local_rates[-1]:.2f}, "
                f"connections per process {result['connections']}, "
                f"errors {len(result['errors'])}; CPU ratio "
                f"{local_cpu[-1] / round_cpu:.2f}, ceiling {ceilings[-1]['value']:.2f}"
                + (
                    f"; batches of {args.batch} {batch_rates[-1]:6.1f} articles/s, "
                    f"ratio {batch_rates[-1] / local_rates[-1]:.2f}"
                    if batch_rates
                    else ""
                )
            )
        # The floor: a request FastAPI and uvicorn read, parse and validate, then refuse
        # (422: its text is blank), so nothing is scored and nothing crosses to the thread.
        blank = [b'{"text": " "}'] * args.requests
        floor_cpu = min(
            server_cpu_ms(port, server.pid, blank, args.concurrency, expect=422)
            for _ in range(args.rounds)
        )
        peaks = peak_rss_mb(server.pid)
    finally:
        for process in (server, canned):
            process.send_signal(2)  # SIGINT: uvicorn's graceful shutdown
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        in_process.close()

    best = max(served, key=lambda result: len(bodies) / result["seconds"])
    best_rate = len(bodies) / best["seconds"]
    best_local = max(local_rates)
    latencies = [1000 * value for value in best["latencies"]]
    errors = [error for result in served for error in result["errors"]]
    print(f"in-process Scorer.score, {args.workers} worker(s): {best_local:8.1f} articles/s (best)")
    print(f"credscore serve, {args.workers} worker(s):        {best_rate:8.1f} requests/s (best)")
    print(f"ratio {best_rate / best_local:.2f} (goal >= 0.7)")
    # Each round's server run follows its in-process run within seconds, so a round's own
    # ratio is paired against the machine's load at the time; best against best is not.
    paired = [
        len(bodies) / one["seconds"] / local for one, local in zip(served, local_rates, strict=True)
    ]
    print(f"median of the rounds' own ratios {statistics.median(paired):.2f}")
    if batch_rates:
        print(
            f"credscore serve, /v1/score/batch of {args.batch}: {max(batch_rates):8.1f} "
            f"articles/s (best of "
            + ", ".join(f"{rate:.1f}" for rate in batch_rates)
            + f"), ratio {max(batch_rates) / best_local:.2f}"
        )
    print(
        f"latency of the best round: p50 {percentile(latencies, 50):.0f} ms, "
        f"p95 {percentile(latencies, 95):.0f} ms, p99 {percentile(latencies, 99):.0f} ms"
    )
    print(f"errors over {args.rounds} rounds: {len(errors)} {sorted(set(errors)) or ''}")
    server_cpu = min(sum(result["cpu_ms"].values()) for result in served)
    client_cpu = min(result["client_cpu_ms"] for result in served)
    article_cpu = min(local_cpu)
    print(
        f"CPU per article (least of {args.rounds} rounds): in-process {article_cpu:.2f} ms; "
        f"server {server_cpu:.2f} ms ("
        + ", ".join(f"{name} {ms:.2f}" for name, ms in best["cpu_ms"].items())
        + f" in the best round) + client {client_cpu:.2f} ms"
    )
    loop_cpu = min(result["loop_cpu_ms"] for result in served)
    print(
        f"of the server's CPU per request: event loop (FastAPI, uvicorn) {loop_cpu:.2f} ms, "
        f"scoring thread and the rest {server_cpu - loop_cpu:.2f} ms (least of {args.rounds})"
    )
    print(
        f"CPU ratio {article_cpu / (server_cpu + client_cpu):.2f}: the throughput ratio on a "
        "machine with no other load, where both are bound by CPU"
    )
    print(
        f"floor: a request refused before scoring (422) costs the server {floor_cpu:.2f} ms "
        f"(least of {args.rounds}); writing an assessment's JSON (to_dict + encode) costs "
        f"{answer_cpu:.2f} ms per article in this process"
    )
    top = max(ceilings, key=lambda one: one["value"])
    print(
        f"ceiling {top['value']:.2f} (rounds: "
        + ", ".join(f"{one['value']:.2f}" for one in ceilings)
        + f"): scoring in blocks of 16 and writing the JSON cost {top['blocks']:.2f} ms per "
        f"article in {args.workers} process(es) on their own, and the service answering a "
        f"canned {len(answer):,}-byte assessment instead {top['service']:.2f} ms per request: "
        "a server doing both, at no cost for putting them together, reaches this ratio of "
        "in-process CPU (best round)"
    )
    print(
        "peak RSS (VmHWM): "
        + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks.items())
        + f"; total {sum(peaks.values()):.0f} MB"
    )


if __name__ == "__main__":
    main()
