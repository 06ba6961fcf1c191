"""Signals the API app sends for apps layered above it (``webhooks``), which may
listen to ``api`` but are never imported by it."""

from django.dispatch import Signal

# Sent by ``api.changes.write_events`` inside the transaction that writes the
# events, with ``events``: the saved ``ChangeEvent`` rows (ids set). A receiver
# that writes rows writes them in that transaction: they commit or roll back
# with the change.
events_recorded = Signal()
