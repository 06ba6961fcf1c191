"""Webhook fixtures: a receiver on 127.0.0.1 (allowed for these tests only), an
endpoint pointing at it, and a signature check written from the Standard
Webhooks spec, independently of ``webhooks.signing``."""

import base64
import hashlib
import hmac

from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from webhooks.models import WebhookEndpoint

from .receiver import Receiver


@pytest.fixture
def allow_localhost(settings):
    settings.WEBHOOKS_ALLOW_LOCALHOST = True


@pytest.fixture
def receiver(allow_localhost):
    with Receiver() as server:
        yield server


@pytest.fixture
def endpoint(receiver, db) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(name="Frontend", url=receiver.url)


def signature_is_valid(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """``webhook-signature`` holds ``v1,<base64 HMAC-SHA256>`` of
    ``{webhook-id}.{webhook-timestamp}.{body}`` keyed with the secret's base64
    part, decoded."""
    assert secret.startswith("whsec_")
    key = base64.b64decode(secret[len("whsec_") :])
    signed = (
        headers["webhook-id"].encode()
        + b"."
        + headers["webhook-timestamp"].encode()
        + b"."
        + body
    )
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    return any(
        candidate.startswith("v1,")
        and hmac.compare_digest(candidate[3:].encode(), expected)
        for candidate in headers["webhook-signature"].split()
    )


def waiting_webhook_tasks():
    return DBTaskResult.objects.filter(
        queue_name="webhooks", status="READY", run_after__gt=timezone.now()
    ).exclude(run_after=get_date_max())


def make_retries_due() -> list[float]:
    """Move every waiting retry to now; the seconds each was to wait."""
    now = timezone.now()
    waits = [(task.run_after - now).total_seconds() for task in waiting_webhook_tasks()]
    waiting_webhook_tasks().update(run_after=now)
    return waits
