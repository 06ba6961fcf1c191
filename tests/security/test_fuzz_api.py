"""Property-based tests of the whole public API from its OpenAPI document (Schemathesis).

Every operation of ``/api/schema/`` gets at least ``MAX_EXAMPLES`` generated
requests that fit the document (positive) and as many that break it (negative), sent
in-process through Django's WSGI application to a clinic site with every kind of
content, and every response goes through every check Schemathesis has
(``ALL_CHECKS``): no server error; documented status, content type, headers and
JSON schema; invalid data refused and valid data accepted; and the rest, which
apply where the operation has what they test (authentication, required headers).
A stateful run follows the document's links (listing item → detail, page →
parent, children, translations). Undocumented methods are checked on every path.

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
from schemathesis.checks import CHECKS as CHECK_REGISTRY
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from leads.antibot import issue_form_token
from tests.conftest import FUZZ_REPORT

MAX_EXAMPLES = 100
# Every check Schemathesis registers (the OpenAPI ones once their module is
# imported): `--checks all`.
ALL_CHECKS = CHECK_REGISTRY.get_all()
assert openapi_checks.negative_data_rejection in ALL_CHECKS
# The one exception, by operation and check, with its reason: a valid submission
# needs a form token and a consent-text version the server issues at run time,
# which no document can enumerate, so generated "valid" bodies are refused.
EXCLUDED_CHECKS = {
    "POST /api/v2/consultation-requests/": [openapi_checks.positive_data_acceptance],
}


def excluded_checks(case) -> list:
    """``EXCLUDED_CHECKS``, plus one by design: a submission whose honeypot
    (``website``) is filled gets the receipt of a success whatever else it holds,
    so that a bot learns nothing (docs/leads.md); it is not "invalid data
    accepted"."""
    excluded = list(EXCLUDED_CHECKS.get(case.operation.label, []))
    body = case.body
    if isinstance(body, dict) and body.get("website"):
        excluded.append(openapi_checks.negative_data_rejection)
    return excluded


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
    "GET /api/v2/redirects/",
    "GET /api/v2/sitemap/",
    "GET /api/v2/sitemap.xml",
    "GET /api/v2/changes/",
]
NO_INPUT = {OPERATIONS[0], "GET /api/v2/sitemap.xml"}
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
def api_schema(django_db_setup, shared_site, wsgi_app, django_db_blocker):
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
    else is looked at; give half of the valid ones a real one so the fields behind
    it are fuzzed too. Never an invalid one: a negative case whose broken part was
    the token would become valid, and be rightly accepted."""
    body = case.body
    if (
        case.meta is not None
        and case.meta.generation.mode.is_positive
        and isinstance(body, dict)
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
    # The form token and sitemap.xml operations take no input at all: one case is
    # all there is.
    if label not in NO_INPUT:
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
            case.call_and_validate(
                checks=ALL_CHECKS,
                excluded_checks=excluded_checks(case),
            )

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            # Nothing in the request can be made invalid (no parameters, no body).
            assert mode == GenerationMode.NEGATIVE, "positive cases cannot be made"


STATEFUL_EXAMPLES = 60


def test_links_between_operations_hold(api_schema, db, settings):
    """Stateful: sequences of calls that follow the document's links (listing item
    → detail, page → parent, children, translations), every response checked with
    every check. Links whose source is missing (an empty listing) are skipped by
    Schemathesis itself."""
    settings.LEADS_RATE_LIMIT = "1000000/hour"
    steps: list[int] = []

    class Links(api_schema.as_state_machine()):  # type: ignore[misc]
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            steps.append(1)
            case.validate_response(
                response,
                checks=ALL_CHECKS,
                excluded_checks=excluded_checks(case),
            )

    Links.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            stateful_step_count=6,
        )
    )
    TALLY["stateful (links)"] = len(steps)
    assert len(steps) >= STATEFUL_EXAMPLES


UNDOCUMENTED_METHODS = ["post", "put", "patch", "delete", "trace"]


def test_undocumented_methods_are_405_with_allow(api_schema, client, db):
    """What Schemathesis's ``unsupported_method`` check asks of every path: 405 with
    an ``Allow`` header naming the documented methods, in the one error shape."""
    for result in api_schema.get_all_operations():
        operation = result.ok()
        path = operation.path.replace("{id}", "1")
        documented = {method.lower() for method in api_schema[operation.path]}
        for method in UNDOCUMENTED_METHODS:
            if method in documented:
                continue
            response = client.generic(method.upper(), path)
            assert response.status_code == 405, (method, path)
            allowed = {m.strip().lower() for m in response["Allow"].split(",")}
            assert documented <= allowed, (method, path, response["Allow"])
            assert set(response.json()) == {"message"}
