"""Every change event written (``api.signals.events_recorded``, from any process:
an editor's request, the worker, a management command) becomes deliveries to
the endpoints that subscribe to it, in the same transaction."""

from api.models import ChangeEvent
from api.signals import events_recorded

from .outbox import queue_deliveries


def on_events_recorded(sender, events: list[ChangeEvent], **kwargs) -> None:
    queue_deliveries(events)


def register_signal_handlers() -> None:
    events_recorded.connect(
        on_events_recorded, sender=ChangeEvent, dispatch_uid="webhooks.outbox"
    )
