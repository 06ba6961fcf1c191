"""The early answer's read is the persistent connection's health check
(``api.early.skip_health_check``): a connection that died while idle (a
database restart) is dropped and the request goes on to the view, which
connects anew, as Django's own ``SELECT 1`` check would have had it."""

from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def next_request() -> None:
    """What Django does when a request starts (the test client leaves it out):
    the connection is due for its health check again."""
    connection.health_check_enabled = True  # CONN_HEALTH_CHECKS, as deployed
    close_old_connections()


def test_a_connection_that_died_while_idle_is_replaced_not_used(client):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite connections do not die with a server")
    before = client.get("/api/v2/pages/999999/")
    assert before.status_code == 404
    dead = connection.connection
    dead.close()  # as a database restart leaves it, unknown to Django
    next_request()
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json() == before.json()
    assert connection.connection is not dead


def test_a_sound_connection_is_not_checked_before_the_early_read(client, monkeypatch):
    client.get("/api/v2/pages/999999/")
    checks = []
    is_usable = connection.is_usable

    def counted() -> bool:  # Django's check, counted (its SELECT 1 is no query
        checks.append(1)  # the test's capture sees: it bypasses the wrapper)
        return is_usable()

    monkeypatch.setattr(connection, "is_usable", counted)
    next_request()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v2/pages/999999/").status_code == 404
    assert queries.captured_queries  # the early read, then the view's
    assert checks == []


def test_a_dead_connection_is_checked_when_the_early_answer_reads_nothing(
    client, settings
):
    """A listing the cache does not hold is not answered early, and nothing is
    read there: the view's first query is still the health check, and finds the
    dead connection."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite connections do not die with a server")
    settings.API_RESPONSE_CACHE = False
    url = "/api/v2/pages/?limit=1"
    before = client.get(url)
    assert before.status_code == 200
    connection.connection.close()
    next_request()
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == before.json()
