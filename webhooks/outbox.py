"""Deliveries: created with the change they report, attempted by the worker,
retried with backoff until the endpoint answers 2xx or the schedule runs out.

A delivery's rows and its task (django-tasks-db's queue is a table) are written
in the transaction of the change, so a rolled-back change sends nothing and a
committed one is delivered however long the worker or the receiver is down.
"""

import json
import random
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from django_tasks_db.models import DBTaskResult
from rest_framework.utils.encoders import JSONEncoder

from api.changes import serialize_event
from api.models import ChangeEvent

from .models import TEST_EVENT, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .sending import post

# Seconds to wait after the 1st, 2nd... failed attempt; after the last, the
# delivery has failed (a redelivery from the admin starts the schedule again).
RETRY_DELAYS = (30, 2 * 60, 10 * 60, 60 * 60, 6 * 60 * 60, 24 * 60 * 60)
JITTER = 0.2  # up to this share of the delay is added, at random
FINAL = (WebhookDelivery.Status.SUCCEEDED, WebhookDelivery.Status.FAILED)
# An attempt's error until its outcome is recorded: what the log keeps of an
# attempt whose worker stopped while sending.
NO_OUTCOME = "No outcome recorded: the worker stopped while sending."


def encode(payload: dict[str, Any]) -> str:
    """JSON as the API renders it (DRF's encoder, compact, UTF-8)."""
    return json.dumps(
        payload, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":")
    )


def event_body(event: ChangeEvent) -> str:
    """The Standard Webhooks envelope around the feed's own item for the event."""
    return encode(
        {
            "type": event.type,
            "timestamp": event.created_at,
            "data": serialize_event(event),
        }
    )


def ping_body(endpoint: WebhookEndpoint) -> str:
    return encode(
        {
            "type": TEST_EVENT,
            "timestamp": timezone.now(),
            "data": {"endpoint": {"id": endpoint.pk, "name": endpoint.name}},
        }
    )


def enqueue(delivery: WebhookDelivery, run_after: datetime | None = None) -> str:
    """Queue the attempt after ``delivery.attempts``; the task's id."""
    from .tasks import deliver

    task = deliver if run_after is None else deliver.using(run_after=run_after)
    return str(task.enqueue(delivery.pk, delivery.attempts).id)


def cancel_task(task_id: str) -> None:
    """Take a queued task off the queue (one that has not started)."""
    if task_id:
        DBTaskResult.objects.filter(id=task_id, status="READY").delete()


def queue_deliveries(events: list[ChangeEvent]) -> list[WebhookDelivery]:
    """A delivery (and its task) for each event and each active endpoint that
    subscribes to its type, in the caller's transaction."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True))
    if not endpoints:
        return []
    deliveries = []
    for event in events:
        wanted = [each for each in endpoints if each.subscribes_to(event.type)]
        if not wanted:
            continue
        body = event_body(event)
        deliveries += [
            WebhookDelivery(
                endpoint=endpoint, event=event, event_type=event.type, body=body
            )
            for endpoint in wanted
        ]
    with transaction.atomic():
        WebhookDelivery.objects.bulk_create(deliveries)
        for delivery in deliveries:
            enqueue(delivery)
    return deliveries


def send_test_event(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``webhook.test`` ping, through the same queue as every delivery."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event_type=TEST_EVENT, body=ping_body(endpoint)
        )
        enqueue(delivery)
    return delivery


def redeliver(delivery: WebhookDelivery) -> None:
    """Send again from the start of the schedule, with the same ``webhook-id``
    (an earlier run's waiting retry then does nothing)."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        cancel_task(delivery.retry_task_id)
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.retry_task_id = enqueue(delivery)
        delivery.save(
            update_fields=["status", "attempts", "next_attempt_at", "retry_task_id"]
        )


def retry_delay(attempts: int) -> timedelta | None:
    """How long after the ``attempts``-th failed attempt to try again (``None``:
    give up)."""
    if attempts > len(RETRY_DELAYS):
        return None
    delay = RETRY_DELAYS[attempts - 1]
    return timedelta(seconds=delay * (1 + random.uniform(0, JITTER)))  # noqa: S311 - jitter, not a secret


def attempt_delivery(delivery_id: int, attempts: int) -> WebhookAttempt | None:
    """One attempt (the worker's task), when the delivery still waits for the
    attempt after ``attempts``: a retry outdated by a redelivery, or a task run
    twice, does nothing.

    The retry is queued before the request is made, in the transaction that
    counts the attempt, so a worker that dies while sending (killed, out of
    memory, a deploy) loses nothing: the retry runs as if the attempt had
    failed. An attempt that succeeds takes its retry off the queue. The request
    itself is made outside any transaction."""
    Status = WebhookDelivery.Status
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if (
            delivery is None
            or delivery.status in FINAL
            or delivery.attempts != attempts
        ):
            return None
        endpoint = delivery.endpoint
        if not endpoint.active and delivery.event_type != TEST_EVENT:
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
            delivery.save(update_fields=["status", "next_attempt_at"])
            return WebhookAttempt.objects.create(
                delivery=delivery,
                started_at=timezone.now(),
                error="Not sent: the endpoint is inactive.",
            )
        delivery.attempts += 1
        delay = retry_delay(delivery.attempts)
        delivery.next_attempt_at = None if delay is None else timezone.now() + delay
        delivery.retry_task_id = (
            "" if delay is None else enqueue(delivery, delivery.next_attempt_at)
        )
        delivery.save(update_fields=["attempts", "next_attempt_at", "retry_task_id"])
        attempt = WebhookAttempt.objects.create(
            delivery=delivery, started_at=timezone.now(), error=NO_OUTCOME
        )
    outcome = post(
        endpoint.url, endpoint.secret, delivery.message_id, delivery.body.encode()
    )
    with transaction.atomic():
        attempt.duration_ms = outcome.duration_ms
        attempt.status_code = outcome.status_code
        attempt.error = outcome.error
        attempt.response_excerpt = outcome.excerpt
        attempt.succeeded = outcome.succeeded
        attempt.save()
        current = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if current.attempts != delivery.attempts or current.status in FINAL:
            return attempt  # redelivered meanwhile: that run decides
        if outcome.succeeded:
            current.status, current.next_attempt_at = Status.SUCCEEDED, None
            cancel_task(current.retry_task_id)
        elif current.next_attempt_at is None:
            current.status = Status.FAILED
        else:
            current.status = Status.RETRYING
        current.save(update_fields=["status", "next_attempt_at"])
    return attempt


def prune(days: int | None = None) -> int:
    """Delete the log of deliveries that ended (succeeded or failed) and saw no
    attempt in the last ``days`` (``WEBHOOKS_LOG_RETENTION_DAYS``); returns how
    many. A delivery still pending or being retried is kept, whatever its age:
    its task is queued."""
    days = settings.WEBHOOKS_LOG_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    recent_attempt = WebhookAttempt.objects.filter(
        delivery=OuterRef("pk"), started_at__gte=cutoff
    )
    ended = WebhookDelivery.objects.filter(
        status__in=FINAL, created_at__lt=cutoff
    ).exclude(Exists(recent_attempt))
    _total, deleted = ended.delete()
    return deleted.get(WebhookDelivery._meta.label, 0)
