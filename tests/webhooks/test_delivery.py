"""Signed webhooks (issue 13): each change event is POSTed to every subscribed
endpoint by the worker, signed per Standard Webhooks, retried with backoff until
a 2xx, and every attempt is logged."""

import json

from django.db import transaction

import pytest
from django_tasks_db.models import DBTaskResult

from api.changes import prune, write_events
from api.models import ChangeEvent
from bench.servers import free_port
from cms.tasks import run_ready_tasks
from pages.representations import page_path
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.outbox import RETRY_DELAYS, redeliver
from webhooks.signing import signature

from .conftest import make_retries_due, signature_is_valid
from .receiver import Receiver

pytestmark = pytest.mark.django_db


def scheduled_waits() -> list[float]:
    """How long after its last attempt each waiting delivery is to be retried."""
    return [
        (
            delivery.next_attempt_at - delivery.attempt_log.last().started_at
        ).total_seconds()
        for delivery in WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.RETRYING
        )
    ]


def publish(page) -> None:
    page = page.specific
    page.title = f"{page.title} (updated)"
    page.save_revision().publish()


def test_signatures_match_the_standard_webhooks_test_vector():
    assert (
        signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_a_receiver_answering_500_twice_gets_the_event_three_times(
    client, admin_client, clinic_site, receiver, endpoint
):
    """Publishing the therapy changes its JSON and that of the two condition pages
    that show it: three events, each sent three times (500, 500, 200)."""
    receiver.fail_each = 2
    cursor = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first()
    publish(clinic_site.therapy)
    assert receiver.received == []  # nothing is sent from the editor's request

    run_ready_tasks()
    assert len(receiver.received) == 3
    assert all(29 <= wait <= 36.5 for wait in scheduled_waits())
    assert len(make_retries_due()) == 3
    run_ready_tasks()
    assert len(receiver.received) == 6
    assert all(119 <= wait <= 144.5 for wait in scheduled_waits())
    assert len(make_retries_due()) == 3
    run_ready_tasks()
    assert len(receiver.received) == 9
    assert make_retries_due() == []
    assert run_ready_tasks() == 0

    feed = client.get("/api/v2/changes/", {"since": cursor}).json()["items"]
    [item] = [e for e in feed if e["page"]["id"] == clinic_site.therapy.pk]
    delivery = WebhookDelivery.objects.get(event_id=item["id"])
    first, second, third = [
        each
        for each in receiver.received
        if each.headers["webhook-id"] == delivery.message_id
    ]
    assert first.body == second.body == third.body
    for each in receiver.received:
        assert signature_is_valid(endpoint.secret, each.headers, each.body)
        assert each.headers["content-type"] == "application/json"
        assert int(each.headers["webhook-timestamp"]) > 1_700_000_000
    assert json.loads(third.body) == {
        "type": "page_published",
        "timestamp": item["created_at"],
        "data": item,
    }

    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    log = list(delivery.attempt_log.all())
    assert [(a.status_code, a.succeeded) for a in log] == [
        (500, False),
        (500, False),
        (200, True),
    ]
    assert log[0].response_excerpt.endswith(": 500")
    page = admin_client.get(f"/admin/webhooks/deliveries/{endpoint.pk}/")
    row = page.content.decode().split(f'data-delivery="{delivery.message_id}"')[1]
    assert row.split("</tr>")[0].count("data-attempt") == 3
    assert page.content.count(b"data-attempt") == 9


def test_a_rolled_back_change_sends_nothing(clinic_site, receiver, endpoint):
    with pytest.raises(RuntimeError), transaction.atomic():
        write_events([ChangeEvent(type="redirect_deleted", object_type="redirect")])
        assert WebhookDelivery.objects.count() == 1
        assert DBTaskResult.objects.filter(queue_name="webhooks").exists()
        raise RuntimeError("the change failed after its event was written")
    assert WebhookDelivery.objects.count() == 0
    assert not DBTaskResult.objects.filter(queue_name="webhooks").exists()

    with pytest.raises(RuntimeError), transaction.atomic():
        publish(clinic_site.therapy)
        raise RuntimeError("the editor's request failed after the publish")
    run_ready_tasks()
    assert WebhookDelivery.objects.count() == 0
    assert receiver.received == []


def test_deleting_a_page_is_a_tombstone_delivered_by_the_webhook(
    clinic_site, receiver, endpoint
):
    page = clinic_site.therapy
    path = page_path(page)
    page.delete()
    run_ready_tasks()
    bodies = [json.loads(each.body) for each in receiver.received]
    [tombstone] = [body for body in bodies if body["type"] == "page_deleted"]
    assert tombstone["data"]["page"] == {
        "id": page.pk,
        "type": "pages.TherapyPage",
        "locale": "en",
        "path": path,
    }


def test_an_endpoint_gets_only_the_types_it_subscribes_to(
    clinic_site, receiver, endpoint
):
    endpoint.event_types = ["page_deleted"]
    endpoint.save()
    everything = WebhookEndpoint.objects.create(name="All", url=receiver.url)
    publish(clinic_site.therapy)
    run_ready_tasks()
    assert set(WebhookDelivery.objects.values_list("endpoint", "event_type")) == {
        (everything.pk, "page_published")
    }
    clinic_site.article.delete()
    assert set(
        WebhookDelivery.objects.filter(endpoint=endpoint).values_list(
            "event_type", flat=True
        )
    ) == {"page_deleted"}


def test_an_inactive_endpoint_gets_nothing(clinic_site, receiver, endpoint):
    endpoint.active = False
    endpoint.save()
    publish(clinic_site.therapy)
    run_ready_tasks()
    assert WebhookDelivery.objects.count() == 0
    assert receiver.received == []


def test_events_written_outside_a_request_are_delivered_too(receiver, endpoint):
    """Any writer of events (the worker, a command) goes through ``write_events``."""
    write_events(
        [
            ChangeEvent(
                type=ChangeEvent.Type.REDIRECT_CREATED,
                object_id=7,
                object_type="redirect",
                old_path="/old/",
                path="https://example.org/",
            )
        ]
    )
    run_ready_tasks()
    [got] = receiver.received
    assert json.loads(got.body)["data"]["redirect"] == {
        "id": 7,
        "old_path": "/old/",
        "target": "https://example.org/",
    }


def test_after_the_last_retry_the_delivery_has_failed(receiver, endpoint):
    receiver.default = 503
    write_events([ChangeEvent(type="redirect_deleted", object_type="redirect")])
    waits: list[float] = []
    while run_ready_tasks():
        waits += scheduled_waits()
        make_retries_due()
    assert len(receiver.received) == 1 + len(RETRY_DELAYS)
    for wait, delay in zip(waits, RETRY_DELAYS, strict=True):
        assert delay - 1 <= wait <= delay * 1.2 + 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempt_log.count() == 7

    receiver.default = 200
    redeliver(delivery)
    run_ready_tasks()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempt_log.count() == 8
    assert len({each.headers["webhook-id"] for each in receiver.received}) == 1


def test_redirects_are_not_followed(receiver, endpoint):
    receiver.statuses = [307]
    write_events([ChangeEvent(type="redirect_deleted", object_type="redirect")])
    run_ready_tasks()
    assert [each.path for each in receiver.received] == ["/hooks"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert delivery.attempt_log.get().status_code == 307


def test_a_receiver_that_is_down_loses_nothing(allow_localhost):
    port = free_port()
    endpoint = WebhookEndpoint.objects.create(
        name="Down", url=f"http://127.0.0.1:{port}/hooks"
    )
    write_events([ChangeEvent(type="redirect_deleted", object_type="redirect")])
    run_ready_tasks()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert "Connection" in delivery.attempt_log.get().error
    with Receiver(port=port) as receiver:
        make_retries_due()
        run_ready_tasks()
    [got] = receiver.received
    assert got.headers["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED


def test_pruning_the_feed_keeps_the_delivery_log(clinic_site, receiver, endpoint):
    publish(clinic_site.therapy)
    run_ready_tasks()
    assert prune(days=-1) > 0
    delivery = WebhookDelivery.objects.filter(event_type="page_published").first()
    assert delivery.event is None
    assert json.loads(delivery.body)["type"] == "page_published"
    sent = [each.body for each in receiver.received]
    redeliver(delivery)
    run_ready_tasks()
    assert receiver.received[-1].body.decode() == delivery.body
    assert receiver.received[-1].body in sent
