"""Property-based tests of the whole public API from its OpenAPI document (Schemathesis).

Every operation of ``/api/schema/`` gets at least ``MAX_EXAMPLES`` generated
requests that fit the document (positive) and as many that break it (negative), sent
in-process through Django's WSGI application to a clinic site with every kind of
content. Each response must not be a server error and must conform to the
document: documented status code, content type and JSON schema.

Deterministic (``derandomize``): a failure reproduces on every run.
"""

import gzip
import time
import zlib

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import brotli
import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from leads.antibot import issue_form_token

from .conftest import FUZZ_REPORT

MAX_EXAMPLES = 100
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Every operation of the public document: api_schema fails on a new one until it
# is listed here.
OPERATIONS = [
    "GET /api/v2/consultation-requests/form-token/",
    "POST /api/v2/consultation-requests/",
    "GET /api/v2/pages/",
    "GET /api/v2/pages/{id}/",
    "GET /api/v2/pages/find/",
    "GET /api/v2/images/",
    "GET /api/v2/images/{id}/",
    "GET /api/v2/documents/",
    "GET /api/v2/documents/{id}/",
    "GET /api/v2/doctors/",
    "GET /api/v2/doctors/{id}/",
    "GET /api/v2/testimonials/",
    "GET /api/v2/testimonials/{id}/",
    "GET /api/v2/references/",
    "GET /api/v2/references/{id}/",
    "GET /api/v2/preview/",
    "GET /api/v2/site/",
]
TALLY: dict[str, int] = {}


def operation_label(entry) -> str:
    return entry.values[0] if hasattr(entry, "values") else entry


DECODERS = {"br": brotli.decompress, "gzip": gzip.decompress}


def decoding(app):
    """``app`` as an HTTP client library sees it: compressed answers decoded.
    Schemathesis sends requests' ``Accept-Encoding`` (gzip, deflate, br) but its
    WSGI transport, unlike requests over HTTP, does not decode what comes back."""

    def decoded_app(environ, start_response):
        answer = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return lambda data: None

        result = app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            result.close()
        headers = answer["headers"]
        coding = {name.lower(): value for name, value in headers}.get(
            "content-encoding"
        )
        if coding:
            body = DECODERS[coding](body)
            headers = [
                (name, value)
                for name, value in headers
                if name.lower() not in ("content-encoding", "content-length")
            ] + [("Content-Length", str(len(body)))]
        start_response(answer["status"], headers)
        return [body]

    return decoded_app


@pytest.fixture(scope="module")
def wsgi_app():
    """Django's real WSGI handler. Its request signals would close the test's
    database connection (and its transaction), as Django's test client knows: keep
    it open while the module runs."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield decoding(WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(shared_site, wsgi_app, django_db_blocker):
    with django_db_blocker.unblock():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    labels = [result.ok().label for result in schema.get_all_operations()]
    # A new operation must be added to OPERATIONS, so that it is fuzzed too.
    assert sorted(labels) == sorted(map(operation_label, OPERATIONS))
    return schema


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    if TALLY:
        FUZZ_REPORT.clear()
        FUZZ_REPORT.append(
            f"Schemathesis: {len(TALLY)} operations, {sum(TALLY.values())} cases "
            f"(fewest for one operation: {min(TALLY.values())})"
        )
        FUZZ_REPORT.extend(f"  {count:5d}  {label}" for label, count in TALLY.items())


def with_valid_form_token(case) -> None:
    """Most generated requests carry a random form token, refused before anything
    else is looked at; give half of them a real one so the fields behind it are
    fuzzed too."""
    body = case.body
    if (
        isinstance(body, dict)
        and "form_token" in body
        and zlib.crc32(repr(body).encode()) % 2
    ):
        body["form_token"] = issue_form_token(issued_at=time.time() - 60)


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_never_fails_and_matches_the_document(
    label, api_schema, db, settings
):
    # Thousands of generated submissions from one address: lift the rate limit
    # that would otherwise answer 429 after the fifth.
    settings.LEADS_RATE_LIMIT = "1000000/hour"
    method, path = label.split(" ")
    operation = api_schema[path][method]
    cases: list[int] = []
    try:
        fuzz(operation, lambda: cases.append(1))
    finally:
        TALLY[label] = len(cases)
    # The form token operation takes no input at all: one case is all there is.
    if label != OPERATIONS[0]:
        assert len(cases) >= MAX_EXAMPLES


def fuzz(operation, count) -> None:
    """Positive, then negative generated cases; each one is sent and checked."""
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @hypothesis.settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            count()
            with_valid_form_token(case)
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            # Nothing in the request can be made invalid (no parameters, no body).
            assert mode == GenerationMode.NEGATIVE, "positive cases cannot be made"
