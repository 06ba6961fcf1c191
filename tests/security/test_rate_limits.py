"""The content API's rate limit (``API_RATE_LIMIT``), on a real server: requests
that miss the response cache are counted per client address, a client cannot
escape the count by inventing X-Forwarded-For addresses, and the answer over the
limit is 429 JSON with Retry-After."""

import pytest

from .test_faults import http, start_server


@pytest.fixture
def limited_server(tmp_path):
    # An empty, never migrated database: requests under the limit reach the view
    # and get the database-unavailable 503; the limit is checked before that.
    server = start_server(
        tmp_path,
        f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        None,
        API_RATE_LIMIT="3/minute",
        API_RESPONSE_CACHE="false",
    )
    yield server
    server.stop()


def test_clients_over_the_limit_get_429_json(limited_server):
    statuses = []
    for number in range(5):
        # A new made-up address each time: ignored without trusted proxies.
        status, headers, payload, _elapsed = http(
            limited_server,
            "GET",
            f"/api/v2/pages/?offset={number}",
            headers={"X-Forwarded-For": f"203.0.113.{number}"},
        )
        statuses.append(status)
    assert statuses == [503, 503, 503, 429, 429], statuses
    assert headers["Content-Type"].startswith("application/json")
    assert int(headers["Retry-After"]) > 0
    assert "throttled" in payload["detail"]
