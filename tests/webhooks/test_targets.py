"""Webhooks go to https:// addresses on the public internet only (server-side
request forgery): refused when the endpoint is saved and again when sending."""

import ipaddress
import socket

from django.core.exceptions import ValidationError

import pytest

from api.changes import write_events
from api.models import ChangeEvent
from cms.tasks import run_ready_tasks
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.targets import UnsafeTarget, resolve_target, validate_target_url

from .receiver import Receiver

REFUSED = [
    "http://example.org/hooks",
    "ftp://example.org/hooks",
    "https://localhost/hooks",
    "https://127.0.0.1/hooks",
    "http://127.0.0.1:8000/hooks",
    "https://[::1]/hooks",
    "https://10.0.0.5/hooks",
    "https://172.16.3.4/hooks",
    "https://192.168.1.10/hooks",
    "https://169.254.169.254/latest/meta-data/",
    "https://[fd00::1]/hooks",
    "https://[::ffff:10.0.0.1]/hooks",
    "https://0.0.0.0/hooks",
    "https://user:password@example.org/hooks",
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_and_plain_http_targets_are_refused(url):
    with pytest.raises(ValidationError):
        validate_target_url(url)


def test_a_public_https_address_is_accepted():
    validate_target_url("https://hooks.example.org/cms?site=1")
    validate_target_url("https://93.184.215.14/hooks")


def test_localhost_is_allowed_only_by_the_setting(settings):
    settings.WEBHOOKS_ALLOW_LOCALHOST = True
    validate_target_url("http://127.0.0.1:8000/hooks")
    validate_target_url("http://localhost:3000/api/revalidate")
    for url in ("https://10.0.0.5/hooks", "http://example.org/hooks"):
        with pytest.raises(ValidationError):
            validate_target_url(url)


def test_a_host_name_resolving_to_this_machine_is_refused_when_sending():
    """The name passes the form (no lookup then); its addresses are checked on
    every attempt."""
    name = socket.gethostname()
    addresses = {info[4][0] for info in socket.getaddrinfo(name, 443)}
    if any(ipaddress.ip_address(each).is_global for each in addresses):
        pytest.skip(f"{name} resolves to a public address here")
    validate_target_url(f"https://{name}/hooks")
    with pytest.raises(UnsafeTarget):
        resolve_target(f"https://{name}/hooks")


@pytest.mark.django_db
def test_an_endpoint_stored_with_a_private_address_is_never_contacted(settings):
    with Receiver() as receiver:
        settings.WEBHOOKS_ALLOW_LOCALHOST = True
        endpoint = WebhookEndpoint.objects.create(name="Local", url=receiver.url)
        settings.WEBHOOKS_ALLOW_LOCALHOST = False
        write_events([ChangeEvent(type="redirect_deleted", object_type="redirect")])
        run_ready_tasks()
    assert receiver.received == []
    attempt = WebhookDelivery.objects.get(endpoint=endpoint).attempt_log.get()
    assert attempt.status_code is None
    assert attempt.error.startswith("Not sent:")
