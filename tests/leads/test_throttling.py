"""Rate limit per client address, behind zero or more trusted proxies."""

from django.test import RequestFactory

import pytest

from leads.models import Lead
from leads.throttling import client_address, throttle_ident

from .conftest import aged_form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_request(post_request):
    """Each send comes from a newly shown form: a form token sends one request."""

    def post(body, **extra):
        return post_request({**body, "form_token": aged_form_token()}, **extra)

    return post


@pytest.fixture
def limit_to_two(settings):
    settings.LEADS_RATE_LIMIT = "2/hour"


def post_from(post_request, payload, remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return post_request(payload, **extra)


def test_third_request_in_an_hour_is_refused_with_retry_after(
    limit_to_two, post_request, payload
):
    statuses = [post_request(payload).status_code for _ in range(3)]
    response = post_request(payload)

    assert statuses == [201, 201, 429]
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "throttled" in response.json()["message"]
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Lead.objects.count() == 2


def test_invalid_submissions_count_too(limit_to_two, post_request, payload):
    for _ in range(2):
        assert post_request({**payload, "phone": "1"}).status_code == 400

    assert post_request(payload).status_code == 429


def test_other_methods_and_the_form_token_do_not_count(
    limit_to_two, api_client, post_request, payload
):
    for _ in range(5):
        api_client.get("/api/v2/consultation-requests/")
        api_client.get("/api/v2/consultation-requests/form-token/")

    assert post_request(payload).status_code == 201


def test_clients_are_limited_separately_without_proxies(
    limit_to_two, post_request, payload
):
    for _ in range(2):
        post_from(post_request, payload, "198.51.100.7")

    assert post_from(post_request, payload, "198.51.100.7").status_code == 429
    assert post_from(post_request, payload, "198.51.100.8").status_code == 201


def test_spoofed_forwarded_for_is_ignored_without_trusted_proxies(
    limit_to_two, post_request, payload
):
    """A client talking to the app directly cannot pose as many clients."""
    for n in range(2):
        post_from(post_request, payload, "198.51.100.7", f"203.0.113.{n}")

    response = post_from(post_request, payload, "198.51.100.7", "203.0.113.99")

    assert response.status_code == 429


def test_behind_one_proxy_the_last_forwarded_address_is_the_client(
    limit_to_two, settings, post_request, payload
):
    settings.LEADS_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for _ in range(2):
        post_from(post_request, payload, proxy, "203.0.113.5")

    assert post_from(post_request, payload, proxy, "203.0.113.5").status_code == 429
    # Another client behind the same proxy has its own allowance.
    assert post_from(post_request, payload, proxy, "203.0.113.6").status_code == 201


def test_behind_a_proxy_a_spoofed_first_entry_does_not_bypass_the_limit(
    limit_to_two, settings, post_request, payload
):
    """The client writes the left part of X-Forwarded-For; our proxy appends the
    address it saw. Only the appended entry counts."""
    settings.LEADS_TRUSTED_PROXIES = 1
    for n in range(2):
        post_from(post_request, payload, "10.0.0.2", f"192.0.2.{n}, 203.0.113.5")

    response = post_from(post_request, payload, "10.0.0.2", "192.0.2.77, 203.0.113.5")

    assert response.status_code == 429


def test_behind_two_proxies_the_second_last_entry_is_the_client(
    limit_to_two, settings, post_request, payload
):
    settings.LEADS_TRUSTED_PROXIES = 2
    for n in range(2):
        post_from(
            post_request, payload, "10.0.0.3", f"192.0.2.{n}, 203.0.113.5, 10.0.0.2"
        )

    blocked = post_from(
        post_request, payload, "10.0.0.3", "192.0.2.50, 203.0.113.5, 10.0.0.2"
    )
    other = post_from(post_request, payload, "10.0.0.3", "203.0.113.6, 10.0.0.2")

    assert (blocked.status_code, other.status_code) == (429, 201)


def test_rate_is_read_from_settings(settings, post_request, payload):
    settings.LEADS_RATE_LIMIT = "1/minute"

    assert post_request(payload).status_code == 201
    response = post_request(payload)

    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 60


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", None, "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.5", "198.51.100.7"),
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "1.1.1.1, 203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", " 1.1.1.1 ,203.0.113.5 ", "203.0.113.5"),
        (2, "10.0.0.3", "1.1.1.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        # Fewer entries than proxies: the request did not come through them all.
        (2, "10.0.0.3", "203.0.113.5", "10.0.0.3"),
        (1, "10.0.0.2", None, "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.LEADS_TRUSTED_PROXIES = trusted
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_address(RequestFactory().post("/", **extra)) == expected


def test_ipv6_clients_share_their_64_prefix():
    assert throttle_ident("2001:db8:1:2::1") == throttle_ident("2001:db8:1:2:ffff::9")
    assert throttle_ident("2001:db8:1:2::1") != throttle_ident("2001:db8:1:3::1")
    assert throttle_ident("::ffff:198.51.100.7") == "198.51.100.7"
    assert throttle_ident("198.51.100.7") == "198.51.100.7"
