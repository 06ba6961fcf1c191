"""The worker's task: one delivery attempt (``outbox.attempt_delivery``), on the
background backend's "webhooks" queue."""

from django.conf import settings

from django_tasks import task

from .outbox import attempt_delivery


@task(backend=settings.BACKGROUND_TASKS, queue_name="webhooks")
def deliver(delivery_id: int, attempts: int) -> None:
    attempt_delivery(delivery_id, attempts)
