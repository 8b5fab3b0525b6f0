"""`credscore serve`: the scoring service and review page (needs the ``serve`` extra).

This module only parses the command line, so ``credscore --help`` works without FastAPI;
the application is built by :func:`credscore.serve.app.create_app`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from credscore.serve.limits import ServiceLimits

SERVE_HELP = """\
Serve credscore over HTTP: POST /v1/score (an article, or a saved page as {html}),
POST /v1/score/batch, POST /v1/sources (site profiles), GET /v1/model, GET /healthz,
GET /readyz, the OpenAPI schema at /openapi.json, and a review page for people at / (pasted
text or a saved page's file). Logs go to stderr as JSON lines, without article text unless
--log-text.

The service has no authentication: keep it on 127.0.0.1, or put it behind a proxy that
checks who is calling, before binding it to another address.

exit codes: 0 stopped cleanly; 2 bad option or the serve extra is not installed; 3 the
model could not be loaded.
"""


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {value}")
    return number


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``serve`` on the ``credscore`` command's subparsers."""
    serve = subparsers.add_parser(
        "serve",
        help="serve the scoring API and a review page over HTTP (needs credscore[serve])",
        description=SERVE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    serve.add_argument("--model", help="model folder or file (default: the shipped model)")
    serve.add_argument("--ratings", help="source ratings CSV (default: $CREDSCORE_RATINGS)")
    serve.add_argument(
        "--workers",
        type=_positive_int,
        default=os.cpu_count() or 1,
        help="server processes, each with its own model and scoring thread (default: one per core)",
    )
    serve.add_argument(
        "--timeout",
        type=_positive_float,
        default=30.0,
        help="seconds a request may wait for its scores before a 503 (default 30)",
    )
    serve.add_argument(
        "--max-batch",
        type=_positive_int,
        default=100,
        help="most articles per batch or site profile request (default 100)",
    )
    serve.add_argument(
        "--max-connections",
        type=_positive_int,
        default=256,
        help="connections and requests handled at once; more get a 503 (default 256)",
    )
    serve.add_argument(
        "--log-text",
        action="store_true",
        help="log each article's title, text and URL (off by default: they may be private)",
    )
    serve.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    serve.set_defaults(run=main)
    return serve


def main(args: argparse.Namespace) -> int:
    """Load the model, then serve until interrupted; returns the exit code."""
    from credscore.exit_codes import EXIT_INPUT, EXIT_MODEL, EXIT_OK

    try:
        import uvicorn

        from credscore.serve import app as service
    except ImportError as error:
        print(
            f"credscore: serve needs the serve extra ({error.name} is missing): "
            'pip install "credscore[serve]"',
            file=sys.stderr,
        )
        return EXIT_INPUT
    from credscore.api import Scorer
    from credscore.serve.logs import configure_logging
    from credscore.source import BUNDLED

    configure_logging(args.log_level)  # before the model loads: its warnings are JSON too
    try:
        scorer = Scorer(args.model, ratings=args.ratings or BUNDLED)
    except (OSError, ValueError) as error:  # missing file, ModelIntegrityError, bad ratings
        print(f"credscore: cannot load the model: {error}", file=sys.stderr)
        return EXIT_MODEL
    if args.workers == 1:
        app = service.create_app(scorer, limits=service_limits(args), log_text=args.log_text)
        sys.setswitchinterval(service.SERVE_SWITCH_INTERVAL)
        uvicorn.run(app, **server_options(args))
        return EXIT_OK
    # Several processes: each loads the model itself (this one loaded it only to refuse a
    # bad model before binding the port).
    del scorer
    os.environ[service.SETTINGS_VARIABLE] = process_settings(args)
    from credscore.serve.processes import serve_processes, shares_port_fairly

    if shares_port_fairly():
        try:
            return serve_processes(args.workers, server_options(args))
        except OSError as error:  # the port is taken, or the host is not a local address
            print(f"credscore: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
            return EXIT_INPUT
    uvicorn.run(
        "credscore.serve.app:create_app_from_environment",
        factory=True,
        workers=args.workers,
        **server_options(args),
    )
    return EXIT_OK


def service_limits(args: argparse.Namespace) -> ServiceLimits:
    """The service's limits as the command line set them."""
    from credscore.serve.limits import ServiceLimits

    return ServiceLimits(timeout_seconds=args.timeout, max_batch_items=args.max_batch)


def server_options(args: argparse.Namespace) -> dict[str, Any]:
    """uvicorn's options for ``credscore serve`` (besides the app and the workers)."""
    return {
        "host": args.host,
        "port": args.port,
        "log_config": None,  # configure_logging's JSON lines, for uvicorn's records too
        "access_log": False,  # each request is logged once, by RequestLogMiddleware
        "limit_concurrency": args.max_connections,  # per process
        "server_header": False,
    }


def process_settings(args: argparse.Namespace) -> str:
    """What each server process started by ``--workers N`` reads (as JSON) from
    :data:`credscore.serve.app.SETTINGS_VARIABLE` to build the same app."""
    return json.dumps(
        {
            "model": args.model,
            "ratings": args.ratings,
            "limits": dataclasses.asdict(service_limits(args)),
            "log_text": args.log_text,
            "log_level": args.log_level,
        }
    )
