"""The delivery log is pruned (``manage.py prune_webhook_deliveries``, daily
cron): deliveries that ended and saw no attempt within the retention go; one
still being retried stays, whatever its age, and is still delivered."""

import datetime

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from api.changes import write_events
from api.models import ChangeEvent
from cms.tasks import run_ready_tasks
from webhooks.models import WebhookAttempt, WebhookDelivery
from webhooks.outbox import redeliver

from .conftest import make_retries_due

pytestmark = pytest.mark.django_db


def deliver_one() -> WebhookDelivery:
    write_events([ChangeEvent(type="redirect_deleted", object_type="redirect")])
    run_ready_tasks()
    return WebhookDelivery.objects.latest("id")


def age(delivery: WebhookDelivery, days: int) -> None:
    """Date the delivery and its attempts ``days`` back, as if made then."""
    then = timezone.now() - datetime.timedelta(days=days)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=then)
    WebhookAttempt.objects.filter(delivery=delivery).update(started_at=then)


def prune(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("prune_webhook_deliveries", *args, stdout=out)
    return out.getvalue()


def test_ended_deliveries_older_than_the_retention_are_deleted(
    receiver, endpoint, settings
):
    settings.WEBHOOKS_LOG_RETENTION_DAYS = 90
    old, recent = deliver_one(), deliver_one()
    receiver.default = 503
    failed = deliver_one()
    make_retries_due()
    while run_ready_tasks():  # every retry fails, until the last
        make_retries_due()
    failed.refresh_from_db()
    assert failed.status == WebhookDelivery.Status.FAILED
    age(old, 91)
    age(recent, 89)
    age(failed, 91)

    assert prune() == "Deleted 2 webhook deliveries older than 90 days.\n"
    assert list(WebhookDelivery.objects.all()) == [recent]
    assert not WebhookAttempt.objects.exclude(delivery=recent).exists()


def test_a_delivery_being_retried_is_kept_and_still_delivered(receiver, endpoint):
    receiver.statuses = [500]
    retrying = deliver_one()
    assert retrying.status == WebhookDelivery.Status.RETRYING
    age(retrying, 400)

    assert prune("--days", "0") == "Deleted 0 webhook deliveries older than 0 days.\n"
    make_retries_due()
    run_ready_tasks()
    retrying.refresh_from_db()
    assert retrying.status == WebhookDelivery.Status.SUCCEEDED


def test_a_delivery_redelivered_lately_is_kept(receiver, endpoint):
    delivery = deliver_one()
    age(delivery, 200)
    redeliver(delivery)
    run_ready_tasks()

    assert prune("--days", "30").startswith("Deleted 0 ")
    assert delivery.attempt_log.count() == 2


def test_a_negative_retention_is_refused(endpoint):
    deliver_one()
    with pytest.raises(CommandError, match="0 or more"):
        prune("--days", "-1")
    assert WebhookDelivery.objects.count() == 1
