"""A real gunicorn server on this run's PostgreSQL database with Redis unreachable.

Kept apart from ``test_faults``: that module's shared clinic site lives in a
transaction held open for the whole module (``module_transaction``), and a second
process reading the same database while it is open waits on it.
"""

import socket
import time
from contextlib import closing
from pathlib import Path

from django.db import connection

import pytest

from cms.cache import DEFAULT_BREAKER_SECONDS

from .faulty_servers import http, start_server


@pytest.fixture
def server_without_redis(tmp_path, db, broken_redis_url):
    """A real server on this test run's PostgreSQL database, with Redis on a closed
    port. SQLite test databases live in this process's memory, where no other
    process can read them."""
    if connection.vendor != "postgresql":
        pytest.skip("needs the PostgreSQL test database (run with DATABASE_URL)")
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    server = start_server(tmp_path, database_url, broken_redis_url)
    yield server
    server.stop()


@pytest.mark.django_db
def test_real_server_serves_the_api_when_redis_is_unreachable(server_without_redis):
    with closing(socket.socket()) as probe:
        assert probe.connect_ex(("127.0.0.1", 1)) != 0, "something listens on port 1"
    started = time.monotonic()
    for path in ["/api/v2/pages/", "/api/v2/site/", "/api/v2/images/"]:
        status, headers, payload, _elapsed = http(server_without_redis, "GET", path)
        assert status == 200, payload
        assert headers["Content-Type"].startswith("application/json")
    # Only the first call waited on Redis; the breaker kept it out of the way after
    # (and lets one trial through per pause, should this machine be that slow).
    pauses = 1 + int((time.monotonic() - started) // DEFAULT_BREAKER_SECONDS)
    server_without_redis.log.flush()
    log = Path(server_without_redis.log.name).read_text()
    assert 1 <= log.count("Redis unavailable") <= pauses, log[-2000:]
    status, _headers, payload, _elapsed = http(
        server_without_redis, "GET", "/api/v2/pages/"
    )
    assert status == 200 and payload["meta"]["total_count"] >= 1
