"""The content API's rate limit (``API_RATE_LIMIT``), on a real server: requests
that miss the response cache are counted per client address, a client cannot
escape the count by inventing X-Forwarded-For addresses, and the answer over the
limit is 429 JSON with Retry-After."""

from django.core.cache import cache
from django.test import Client

import pytest
from rest_framework.throttling import SimpleRateThrottle

from .faulty_servers import http, start_server


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
    assert "throttled" in payload["message"]


@pytest.fixture
def three_a_minute(settings, monkeypatch):
    settings.API_RESPONSE_CACHE = False
    # DRF reads the rates once, at import: set them where its throttles look.
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "3/minute", "leads_form_token": "3/minute"},
    )
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/v2/pages/", "/api/schema/", "/api/v2/consultation-requests/form-token/"],
)
def test_an_ipv6_network_counts_as_one_client(three_a_minute, path):
    """One subscriber gets a whole /64: its addresses share one allowance, as on
    the patient request endpoint (cms.clients.throttle_ident)."""
    client = Client()
    statuses = [
        client.get(path, REMOTE_ADDR=f"2001:db8:1:2::{number}").status_code
        for number in range(1, 5)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.get(path, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200
