"""`credscore serve` with its scoring taken out, for bench_serve.py's ceiling.

Every article is answered with one fixed assessment's JSON (the file named by
:data:`ANSWER_VARIABLE`) instead of being scored and written: everything else is the real
service (uvicorn, FastAPI, the middleware, the request logs, the hand-off to the scoring
thread and back). What it costs per request is therefore what a request costs besides
scoring and writing its JSON.

Run: python benchmarks/_canned_service.py PORT WORKERS ANSWER_FILE
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from credscore.serve import app as service
from credscore.serve import jobs

ANSWER_VARIABLE = "CREDSCORE_CANNED_ANSWER"


def create_app():
    """The service of ``credscore serve --workers N``, answering every article alike."""
    answer = Path(os.environ[ANSWER_VARIABLE]).read_bytes()
    jobs.assessments_json = lambda scorer, calls: [answer] * len(calls)
    return service.create_app_from_environment()


def main() -> None:
    import uvicorn

    from credscore.cli import build_parser
    from credscore.serve import process_settings, server_options

    port, workers, answer_path = sys.argv[1:4]
    os.environ[ANSWER_VARIABLE] = answer_path
    # `credscore serve`'s own options and settings, from its own command line.
    argv = ["serve", "--host", "127.0.0.1", "--port", port, "--workers", workers]
    args = build_parser().parse_args(argv)
    os.environ[service.SETTINGS_VARIABLE] = process_settings(args)
    uvicorn.run(
        "_canned_service:create_app", factory=True, workers=args.workers, **server_options(args)
    )


if __name__ == "__main__":
    main()
