"""Webhook endpoints and the log of what was sent to them.

A delivery is one message (one change event, or a test ping) to one endpoint: a
row written in the transaction of the change it reports, so a rolled-back change
sends nothing and a committed one is never lost. It keeps the exact body it
sends, so pruning the change feed (``prune_change_feed``) loses no log and every
attempt signs the same bytes. Each attempt is a row of its own.
"""

import uuid

from django.db import models

from api.models import ChangeEvent

from .signing import new_secret
from .targets import validate_target_url

TEST_EVENT = "webhook.test"


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    name = models.CharField(max_length=100, help_text="Who receives these, for you.")
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_target_url],
        help_text="An https:// address on the public internet; each change is POSTed "
        "to it as signed JSON.",
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        editable=False,
        help_text="Standard Webhooks signing secret (whsec_...): give it to the "
        "receiver, which checks every request's signature with it.",
    )
    event_types = models.JSONField(
        default=list,
        blank=True,
        help_text="The change types sent; none ticked sends every type.",
    )
    active = models.BooleanField(
        default=True, help_text="An inactive endpoint is sent nothing new."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "webhook endpoint"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def subscribes_to(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types

    def rotate_secret(self) -> None:
        self.secret = new_secret()
        self.save(update_fields=["secret", "updated_at"])


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        RETRYING = "retrying", "retrying"
        SUCCEEDED = "succeeded", "succeeded"
        FAILED = "failed", "failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The body keeps the event's content: the event itself may be pruned.
    event = models.ForeignKey(
        ChangeEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event_type = models.CharField(max_length=32)
    # The ``webhook-id`` header: one per message, the same on every attempt and
    # redelivery, for receivers to skip what they have already applied.
    message_id = models.CharField(max_length=40, unique=True, default=new_message_id)
    # The JSON body, byte for byte as sent.
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # Attempts in the current run (a redelivery starts a new run); the backoff
    # schedule counts these. Every attempt ever made is a ``WebhookAttempt``.
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The retry queued before each attempt (``outbox.attempt_delivery``).
    retry_task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint} ({self.status})"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.TextField(blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        verbose_name = "webhook attempt"
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        outcome = self.status_code or self.error or "no answer"
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}: {outcome}"
