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

from django.db import connection
from django.test import Client

from wagtail.models import ModelLogEntry

import pytest

from cms.cache import CircuitBreaker
from cms.settings.base import redis_cache
from leads.antibot import issue_form_token
from leads.models import Lead

from .faulty_servers import (
    ANSWER_WITHIN,
    CONNECT_TIMEOUT,
    RETRY_AFTER,
    http,
)


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


@pytest.mark.django_db
def test_api_serves_from_the_database_when_redis_is_unreachable(
    settings, clinic_site, broken_redis_url, caplog
):
    """Every answer comes from the database, and only the first call waits on
    Redis: the breaker then keeps it out of the way (a condition, not a stopwatch,
    so a busy machine cannot fail it)."""
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
    with caplog.at_level("WARNING", logger="cms.cache"):
        for url in urls * 2:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            assert response["X-API-Cache"] == "miss"
    outages = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(outages) == 1, [r.getMessage() for r in outages]

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
