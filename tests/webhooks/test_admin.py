"""Settings → Webhooks: administrators register endpoints, see the secret, send
a test event and redeliver; nobody else may."""

import base64
import json

from django.urls import reverse

import pytest

from cms.tasks import run_ready_tasks
from tests.factories import make_user
from webhooks.models import WebhookDelivery, WebhookEndpoint

from .conftest import signature_is_valid

pytestmark = pytest.mark.django_db

INDEX = "/admin/webhooks/"


def test_creating_an_endpoint_shows_its_new_secret(admin_client, receiver):
    response = admin_client.post(
        f"{INDEX}new/",
        {
            "name": "Next.js site",
            "url": receiver.url,
            "event_types": ["page_published", "page_deleted"],
            "active": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}deliveries/{endpoint.pk}/"
    assert endpoint.event_types == ["page_published", "page_deleted"]
    assert endpoint.secret.startswith("whsec_")
    assert len(base64.b64decode(endpoint.secret[6:])) == 32
    page = admin_client.get(response["Location"])
    assert endpoint.secret.encode() in page.content

    admin_client.post(f"{INDEX}rotate/{endpoint.pk}/")
    old = endpoint.secret
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")


def test_the_settings_menu_lists_webhooks(admin_client):
    assert b'"url": "/admin/webhooks/"' in admin_client.get("/admin/").content


def test_a_test_event_goes_through_the_queue_and_is_signed(
    admin_client, receiver, endpoint
):
    response = admin_client.post(f"{INDEX}test/{endpoint.pk}/")
    assert response.status_code == 302
    assert receiver.received == []
    run_ready_tasks()
    [got] = receiver.received
    assert signature_is_valid(endpoint.secret, got.headers, got.body)
    body = json.loads(got.body)
    assert body["type"] == "webhook.test"
    assert body["data"]["endpoint"] == {"id": endpoint.pk, "name": "Frontend"}
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED


def test_redeliver_sends_again_with_the_same_webhook_id(
    admin_client, receiver, endpoint
):
    admin_client.post(f"{INDEX}test/{endpoint.pk}/")
    run_ready_tasks()
    delivery = WebhookDelivery.objects.get()
    admin_client.post(f"{INDEX}redeliver/{delivery.pk}/")
    run_ready_tasks()
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert signature_is_valid(endpoint.secret, second.headers, second.body)
    page = admin_client.get(f"{INDEX}deliveries/{endpoint.pk}/")
    assert page.content.count(b"data-attempt") == 2


def test_a_private_address_is_refused_in_the_form(admin_client):
    response = admin_client.post(
        f"{INDEX}new/", {"name": "Metadata", "url": "https://169.254.169.254/latest/"}
    )
    assert response.status_code == 200
    assert b"private or reserved" in response.content
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("group", ["Editors", "Medical reviewers"])
def test_other_roles_may_not_touch_webhooks(client, receiver, endpoint, group):
    client.force_login(make_user("someone", group))
    urls = [
        ("get", INDEX),
        ("get", f"{INDEX}new/"),
        ("get", f"{INDEX}edit/{endpoint.pk}/"),
        ("get", f"{INDEX}deliveries/{endpoint.pk}/"),
        ("post", f"{INDEX}test/{endpoint.pk}/"),
        ("post", f"{INDEX}rotate/{endpoint.pk}/"),
    ]
    secret = endpoint.secret
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home"), url
        assert secret.encode() not in response.content
    assert b'"url": "/admin/webhooks/"' not in client.get("/admin/").content
    endpoint.refresh_from_db()
    assert endpoint.secret == secret
    assert not WebhookDelivery.objects.exists()


def test_administrators_manage_webhooks(client, receiver, endpoint):
    client.force_login(make_user("ada", "Administrators"))
    assert client.get(INDEX).status_code == 200
    assert client.get(f"{INDEX}deliveries/{endpoint.pk}/").status_code == 200
