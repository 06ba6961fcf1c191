"""The worker stores each batch of renders in one transaction, holding its rows
(``api.materialize.store_batch``): a row another transaction holds (a change
asking for the page's render again) is skipped, never waited for, so that the
worker and a change updating many rows cannot wait for each other; the worker
looks at it again shortly."""

import datetime
import threading

from django.db import connection, connections, transaction

import pytest

import api.materialize
from api.materialize import render_pages
from api.models import RenderedPage
from cms.tasks import run_ready_tasks
from tests.factories.pages import ConditionIndexPageFactory, ConditionPageFactory

pytestmark = [
    # The row must be held by a transaction of another connection.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite locks the whole database"
    ),
]


def test_a_row_held_by_another_transaction_is_skipped_then_rendered(
    home_page, monkeypatch
):
    monkeypatch.setattr(api.materialize, "SKIPPED_RETRY", datetime.timedelta(0))
    page = ConditionPageFactory(
        parent=ConditionIndexPageFactory(parent=home_page), title="ALS (held)"
    )
    page.save_revision().publish()
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                RenderedPage.objects.select_for_update().get(page_id=page.pk)
                held.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        result = render_pages.call()
    finally:
        release.set()
        holder.join(30)

    assert result["skipped"] == 1
    row = RenderedPage.objects.get(page_id=page.pk)
    assert row.body is None and row.rendered < row.wanted
    # The retry the worker enqueued for itself renders it.
    run_ready_tasks()
    row = RenderedPage.objects.get(page_id=page.pk)
    assert row.rendered == row.wanted
    assert b"ALS (held)" in bytes(row.body)
