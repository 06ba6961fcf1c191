"""Password guessing at the two login forms (the admin's and the private pages'
``/_util/login/``) ends after ``LOGIN_FAILURE_LIMIT`` wrong passwords: the client
is refused, even with the right password, until ``LOGIN_LOCKOUT_MINUTES`` pass.
Clients are counted as for the rate limits (``cms.clients``)."""

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGINS = ["/admin/login/", "/_util/login/"]


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_superuser(
        username="chief", email="chief@clinic.example", password=PASSWORD
    )


def log_in(client: Client, url: str, password: str, **extra):
    return client.post(url, {"username": "chief", "password": password}, **extra)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGINS)
def test_guessing_ends_in_a_lockout_even_for_the_right_password(
    settings, staff_user, url
):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    statuses = [log_in(client, url, f"guess {n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again, then refused
    response = log_in(client, url, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


@pytest.mark.parametrize("url", LOGINS)
def test_the_right_password_works_below_the_limit(settings, staff_user, url):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for attempt in range(4):
        log_in(client, url, f"wrong guess {attempt}")
    response = log_in(client, url, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_an_ipv6_network_is_one_client(settings, staff_user):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(1, 4):
        log_in(Client(), LOGINS[0], "wrong", REMOTE_ADDR=f"2001:db8:7:7::{number}")
    client = Client()
    response = log_in(client, LOGINS[0], PASSWORD, REMOTE_ADDR="2001:db8:7:7::99")
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_forged_forwarded_for_does_not_escape_the_lockout(settings, staff_user):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LEADS_TRUSTED_PROXIES = 0
    for number in range(3):
        log_in(Client(), LOGINS[0], "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    response = log_in(
        Client(), LOGINS[0], PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50"
    )
    assert response.status_code == 429


def test_behind_the_proxy_each_client_is_counted_apart(settings, staff_user):
    """With one trusted proxy, the address it forwarded is the client: a locked
    out client does not lock out the others behind the same proxy."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.LEADS_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(3):
        log_in(
            Client(), LOGINS[0], "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
        )
    locked = log_in(
        Client(), LOGINS[0], PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    other = log_in(
        Client(), LOGINS[0], PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy
    )
    assert (locked.status_code, other.status_code) == (429, 302)
