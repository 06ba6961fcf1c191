"""Faults: PostgreSQL or Redis unreachable.

Real gunicorn processes are pointed at a closed port (nothing listens on
127.0.0.1:1) or at a local socket that accepts connections and never answers, so
that the real database driver meets a real failure. The machine's own PostgreSQL
and Redis are never stopped: other test runs share them.

* PostgreSQL down: the API answers ``503`` JSON with ``Retry-After`` within a few
  seconds; a patient's request is answered ``503`` too, so the sender knows to try
  again. A write that fails halfway (the database errs after the request row was
  inserted) leaves no row behind.
* Redis down or hung: the API serves from the database, with no error, and a
  hung Redis costs one socket timeout, then nothing while the circuit breaker is
  open (cms/cache.py).
"""

import json
import socket
import threading
import time
import urllib.error
import urllib.request

from django.db import connection
from django.test import Client

from wagtail.models import ModelLogEntry

import pytest

from bench.servers import Gunicorn, server_env
from cms.cache import CircuitBreaker
from cms.settings.base import redis_cache
from leads.antibot import issue_form_token
from leads.models import Lead

CLOSED_PORT_DATABASE = "postgres://postgres@127.0.0.1:1/clinic"
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
RETRY_AFTER = "17"
CONNECT_TIMEOUT = 2
# What "within a few seconds" means here, with room for a slow CI machine.
ANSWER_WITHIN = 6.0


def http(server, method: str, path: str, body: dict | None = None, headers=None):
    """``(status, headers, decoded JSON or text, seconds)`` from a real HTTP request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - a local test server
        server.url + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, header_map, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, header_map, raw = error.code, error.headers, error.read()
    elapsed = time.monotonic() - started
    content_type = header_map.get("Content-Type", "")
    payload = json.loads(raw) if content_type.startswith("application/json") else raw
    return status, header_map, payload, elapsed


class SilentServer:
    """A TCP listener that accepts connections and never says a word: a database
    or Redis server that hangs, which only the client's timeouts can end."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _address = self.socket.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        self.socket.close()
        for conn in self.accepted:
            conn.close()


def start_server(tmp_path, database_url: str, redis_url: str | None, **extra):
    env = server_env(
        database_url,
        0,
        tmp_path / "media",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        DATABASE_UNAVAILABLE_RETRY_AFTER=RETRY_AFTER,
        LEADS_MIN_FILL_SECONDS="0",
        **extra,
    )
    if redis_url is None:
        env.pop("REDIS_URL")
    else:
        env["REDIS_URL"] = redis_url
    server = Gunicorn(env)
    try:
        server.wait_until_ready("/api/v2/consultation-requests/form-token/")
    except Exception:
        server.stop()
        raise
    return server


@pytest.fixture
def server_without_database(tmp_path):
    server = start_server(tmp_path, CLOSED_PORT_DATABASE, None)
    yield server
    server.stop()


@pytest.fixture
def server_with_silent_database(tmp_path):
    silent = SilentServer()
    server = start_server(
        tmp_path, f"postgres://postgres@127.0.0.1:{silent.port}/clinic", None
    )
    yield server
    server.stop()
    silent.close()


def assert_unavailable(status, headers, payload, elapsed, key="message"):
    assert status == 503, payload
    assert headers["Retry-After"] == RETRY_AFTER
    assert headers["Content-Type"].startswith("application/json")
    assert "try again" in payload[key]
    assert "no-store" in headers["Cache-Control"]
    assert elapsed < ANSWER_WITHIN, f"answered after {elapsed:.1f}s"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/",
        "/api/v2/pages/3/",
        "/api/v2/pages/find/?html_path=/conditions/als/",
        "/api/v2/site/",
        "/api/v2/doctors/",
        "/api/v2/images/",
        # A 404 from the URL resolver, then a failing lookup in the redirects
        # middleware: the outage is caught after the view too.
        "/api/v2/nothing-here/",
    ],
)
def test_api_answers_503_json_when_postgresql_is_unreachable(
    server_without_database, path
):
    assert_unavailable(*http(server_without_database, "GET", path))


def test_api_answers_503_within_the_connect_timeout_when_postgresql_hangs(
    server_with_silent_database,
):
    status, headers, payload, elapsed = http(
        server_with_silent_database, "GET", "/api/v2/pages/"
    )
    assert_unavailable(status, headers, payload, elapsed)
    assert elapsed >= CONNECT_TIMEOUT - 0.5, "never waited for the database"


def lead_body(form_token: str) -> dict:
    return {
        "kind": "callback",
        "name": "Maria Rossi",
        "phone": "+39 02 1234 5678",
        "country": "IT",
        "consent": True,
        "consent_text_version": "2025-01",
        "form_token": form_token,
        "website": "",
    }


def test_lead_sent_during_a_database_outage_is_answered_503(server_without_database):
    status, _headers, token, _elapsed = http(
        server_without_database, "GET", "/api/v2/consultation-requests/form-token/"
    )
    assert status == 200
    answer = http(
        server_without_database,
        "POST",
        "/api/v2/consultation-requests/",
        lead_body(token["form_token"]),
        headers={"Idempotency-Key": "outage-retry-key-0001"},
    )
    assert_unavailable(*answer)


def test_admin_and_site_pages_answer_503_text_without_a_database(
    server_without_database,
):
    status, headers, payload, elapsed = http(
        server_without_database, "GET", "/conditions/als/"
    )
    assert status == 503
    assert headers["Retry-After"] == RETRY_AFTER
    assert headers["Content-Type"].startswith("text/plain")
    assert b"try again" in payload
    assert elapsed < ANSWER_WITHIN


FAIL_AUDIT_LOG_POSTGRESQL = [
    """
    CREATE FUNCTION security_test_lose_connection() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'terminating connection due to administrator command'
            USING ERRCODE = 'admin_shutdown';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER security_test_lose_connection
    BEFORE INSERT ON wagtailcore_modellogentry
    FOR EACH ROW EXECUTE FUNCTION security_test_lose_connection()
    """,
]


def break_the_audit_log_table() -> None:
    """Make the database fail at the second write of a submission (its audit log
    entry), after the request row itself was inserted. Undone with the test's
    transaction: DDL is transactional in PostgreSQL and SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in FAIL_AUDIT_LOG_POSTGRESQL:
                cursor.execute(statement)
        else:
            cursor.execute(
                "ALTER TABLE wagtailcore_modellogentry "
                "RENAME TO security_test_unavailable"
            )


@pytest.mark.django_db
def test_a_submission_failing_halfway_leaves_nothing_behind(settings):
    settings.LEADS_MIN_FILL_SECONDS = 0
    break_the_audit_log_table()
    client = Client(raise_request_exception=False)

    response = client.post(
        "/api/v2/consultation-requests/",
        lead_body(issue_form_token()),
        content_type="application/json",
    )

    assert response.status_code == 503, response.content
    assert response["Retry-After"] == str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    assert "try again" in response.json()["message"]
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_a_submission_stores_the_request_and_its_audit_entry_together(settings):
    """The control for the test above: with a working database both rows exist."""
    settings.LEADS_MIN_FILL_SECONDS = 0
    response = Client().post(
        "/api/v2/consultation-requests/",
        lead_body(issue_form_token()),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    lead = Lead.objects.get()
    assert ModelLogEntry.objects.filter(object_id=str(lead.pk)).exists()


@pytest.fixture
def silent_redis_url():
    silent = SilentServer()
    yield f"redis://127.0.0.1:{silent.port}/0"
    silent.close()


@pytest.fixture(params=["closed port", "hung"])
def broken_redis_url(request):
    if request.param == "closed port":
        yield CLOSED_PORT_REDIS
    else:
        yield request.getfixturevalue("silent_redis_url")


# A hung Redis may cost the first request one socket timeout, the others nothing.
REDIS_BUDGET = 2.0


@pytest.mark.django_db
def test_api_serves_from_the_database_when_redis_is_unreachable(
    settings, clinic_site, broken_redis_url
):
    settings.CACHES = {"default": redis_cache(broken_redis_url)}
    settings.LEADS_MIN_FILL_SECONDS = 0
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "1000/minute",
        },
    }
    client = Client(raise_request_exception=False)
    urls = [
        "/api/v2/pages/",
        f"/api/v2/pages/{clinic_site.condition.pk}/",
        "/api/v2/pages/find/?html_path=/conditions/",
        "/api/v2/site/",
        "/api/v2/doctors/",
        "/api/v2/images/",
    ]
    for url in urls * 2:
        started = time.monotonic()
        response = client.get(url)
        elapsed = time.monotonic() - started
        assert response.status_code == 200, (url, response.content[:300])
        assert response["X-API-Cache"] == "miss"
        assert elapsed < REDIS_BUDGET, f"{url} took {elapsed:.1f}s"

    response = client.post(
        "/api/v2/consultation-requests/",
        lead_body(issue_form_token()),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Lead.objects.count() == 1


def test_circuit_breaker_lets_one_trial_through_after_its_pause():
    now = [100.0]
    breaker = CircuitBreaker(30, clock=lambda: now[0])
    assert breaker.allows_call()
    breaker.failed()
    assert not breaker.allows_call()
    now[0] += 29
    assert not breaker.allows_call()
    now[0] += 2
    assert breaker.allows_call(), "the trial call after the pause"
    assert not breaker.allows_call(), "only one trial while it runs"
    breaker.succeeded()
    assert breaker.allows_call() and breaker.allows_call()
