"""`credscore serve` with its scoring taken out, for bench_serve.py's ceiling.

Every article is answered with one fixed assessment's JSON (the file named by
:data:`ANSWER_VARIABLE`) instead of being scored and written: everything else is the real
service (uvicorn, FastAPI, the middleware, the request logs, the hand-off to the scoring
thread and back). What it costs per request is therefore what a request costs besides
scoring and writing its JSON.

Run: python benchmarks/_canned_service.py PORT WORKERS ANSWER_FILE
"""

from __future__ import annotations

import json
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

    from credscore.serve.limits import ServiceLimits

    port, workers, answer_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.environ[ANSWER_VARIABLE] = answer_path
    # The same settings and server options as `credscore serve` (see credscore.serve.main).
    settings = {"model": None, "ratings": None, "log_text": False, "log_level": "INFO"}
    settings["limits"] = ServiceLimits().__dict__
    os.environ[service.SETTINGS_VARIABLE] = json.dumps(settings)
    uvicorn.run(
        "_canned_service:create_app",
        factory=True,
        workers=workers,
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        limit_concurrency=256,
        server_header=False,
    )


if __name__ == "__main__":
    main()
