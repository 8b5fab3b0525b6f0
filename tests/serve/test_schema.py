"""Property tests from the OpenAPI schema (schemathesis): whatever a client sends, no 5xx,
and every answer matches the schema the service publishes."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra")
from hypothesis import HealthCheck, settings  # noqa: E402

from credscore.serve.app import create_app  # noqa: E402

# Bounded: a few dozen requests per operation, with and without valid bodies.
EXAMPLES_PER_OPERATION = 30


@pytest.fixture(scope="module")
def api_schema(scorer):
    # An app of its own: schemathesis runs the app's lifespan, whose end closes its scoring
    # pool, so the session's shared app would be closed for the tests after this one.
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(scorer))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_within_its_schema(case) -> None:
    case.call_and_validate()
