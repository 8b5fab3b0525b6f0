"""Request logs: one JSON line per request, with sizes and status but no article text
unless the service was started to log it."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from credscore.serve.app import create_app
from credscore.serve.logs import JsonFormatter

from .articles import SEED_STYLE
from .conftest import wait_until_ready


def request_lines(caplog, path: str) -> list[dict]:
    formatter = JsonFormatter()
    lines = [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "credscore.serve.requests"
    ]
    return [line for line in lines if line["path"] == path]


@pytest.mark.parametrize("log_text", [False, True])
def test_one_json_line_per_request_with_text_only_when_asked(scorer, caplog, log_text) -> None:
    with TestClient(create_app(scorer, log_text=log_text)) as client:
        wait_until_ready(client)
        with caplog.at_level(logging.INFO, logger="credscore.serve"):
            client.post("/v1/score", json=SEED_STYLE, headers={"X-Request-ID": "abc-1"})
            client.post("/v1/score/batch", json={"items": [SEED_STYLE, {"text": ""}]})
            client.post("/", data=SEED_STYLE)
    (single,) = request_lines(caplog, "/v1/score")
    assert single["status"] == 200 and single["request_id"] == "abc-1"
    assert single["chars"] == len(SEED_STYLE["text"])
    (batch,) = request_lines(caplog, "/v1/score/batch")
    assert (batch["items"], batch["failed"]) == (2, 1)
    (page,) = request_lines(caplog, "/")
    for line in (single, page):
        logged = json.dumps(line)
        assert ("Marcetti" in logged) is log_text
        assert ("t.me/PatriotSentinelNews" in logged) is log_text
        assert set(line) >= {"time", "level", "event", "method", "path", "status", "ms"}


def test_formatter_survives_what_utf8_cannot_encode() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "odd %s", ("\ud800",), None)
    record.fields = {"title": "caf\udce9"}
    line = JsonFormatter().format(record)
    line.encode("utf-8")  # must not raise
    assert json.loads(line)["title"] == "caf\udce9"


def test_lines_of_one_loop_turn_are_written_together_and_in_order() -> None:
    import asyncio
    import io

    from credscore.serve.logs import TurnBufferedHandler

    stream = io.StringIO()
    handler = TurnBufferedHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("credscore.tests.turns")
    log.addHandler(handler)
    log.propagate = False
    try:

        async def turn() -> None:
            log.warning("first")
            log.warning("second")
            assert stream.getvalue() == ""  # kept until the loop's next turn
            await asyncio.sleep(0)
            assert stream.getvalue() == "first\nsecond\n"
            log.warning("third")

        asyncio.run(turn())
        log.warning("off the loop")  # written at once, after the line the loop kept
        assert stream.getvalue() == "first\nsecond\nthird\noff the loop\n"
    finally:
        log.removeHandler(handler)
        log.propagate = True
