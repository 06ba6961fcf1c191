"""Headless preview: signed tokens, the admin's preview, and the API's draft."""

import time

from django.core import signing
from django.urls import reverse

import pytest

from pages.models import ClinicSettings, ConditionPage
from pages.preview import (
    SALT,
    PreviewNotFound,
    PreviewTokenExpired,
    PreviewTokenInvalid,
    make_preview_token,
    preview_object,
    read_preview_token,
)
from tests.factories import ConditionPageFactory

from .conftest import condition_data

pytestmark = pytest.mark.django_db


def show_preview(client, page, mode=""):
    """The admin's preview panel: the editor form is posted, then the preview shown."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = condition_data(slug=page.slug, reviewer=page.reviewed_by)
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url, {"mode": mode})
    assert response.status_code == 200
    return response


@pytest.fixture
def preview_api():
    """The preview endpoint is registered on the project's API router."""


@pytest.fixture
def page(site_tree):
    page = ConditionPageFactory(parent=site_tree["conditions"], title="ALS", slug="als")
    return ConditionPage.objects.get(pk=page.pk)


@pytest.fixture
def draft(page):
    """An unpublished edit of the live page."""
    edit = page.get_latest_revision_as_object()
    edit.summary = "A draft summary nobody has approved."
    edit.title = "ALS (draft)"
    return edit.save_revision()


def test_token_round_trip(page, draft):
    token = make_preview_token(page, draft)
    assert read_preview_token(token) == (page.pk, draft.pk)


def test_token_for_a_revision_of_another_page_cannot_be_made(site_tree, page):
    other = ConditionPage.objects.get(
        pk=ConditionPageFactory(parent=site_tree["conditions"]).pk
    )
    with pytest.raises(ValueError, match="not a revision of page"):
        make_preview_token(page, other.latest_revision)


@pytest.mark.parametrize("token", [None, "", "garbage", "a:b:c"])
def test_missing_or_malformed_token(token):
    with pytest.raises(PreviewTokenInvalid):
        read_preview_token(token)


def test_tampered_token(page, draft):
    token = make_preview_token(page, draft)
    payload, timestamp, signature = token.rsplit(":", 2)
    forged = signing.TimestampSigner(salt=SALT).sign_object(
        {"page": page.pk, "revision": 1}
    )
    with pytest.raises(PreviewTokenInvalid):
        read_preview_token(forged.rsplit(":", 1)[0] + ":" + signature)
    with pytest.raises(PreviewTokenInvalid):
        read_preview_token(f"{payload}x:{timestamp}:{signature}")


def test_token_signed_with_another_salt_is_refused(page, draft):
    token = signing.TimestampSigner(salt="other").sign_object(
        {"page": page.pk, "revision": draft.pk}
    )
    with pytest.raises(PreviewTokenInvalid):
        read_preview_token(token)


def test_token_with_unexpected_payload_is_refused():
    token = signing.TimestampSigner(salt=SALT).sign_object({"page": "1", "revision": 2})
    with pytest.raises(PreviewTokenInvalid):
        read_preview_token(token)


def token_signed_ago(seconds: int, page, revision) -> str:
    """A preview token as ``make_preview_token`` signed it ``seconds`` ago: the
    signer's clock is moved back instead of the test waiting."""

    class SignedEarlier(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - seconds)

    return SignedEarlier(salt=SALT).sign_object(
        {"page": page.pk, "revision": revision.pk}
    )


def test_token_expires(settings, page, draft):
    settings.PREVIEW_TOKEN_MAX_AGE = 60
    token = make_preview_token(page, draft)
    assert read_preview_token(token) == (page.pk, draft.pk)
    assert read_preview_token(token_signed_ago(30, page, draft)) == (page.pk, draft.pk)
    with pytest.raises(PreviewTokenExpired):
        read_preview_token(token_signed_ago(120, page, draft))


def test_preview_object_is_the_draft(page, draft):
    obj = preview_object(make_preview_token(page, draft))
    assert isinstance(obj, ConditionPage)
    assert obj.summary == "A draft summary nobody has approved."


def test_preview_object_of_a_deleted_page(page, draft):
    token = make_preview_token(page, draft)
    page.delete()
    with pytest.raises(PreviewNotFound):
        preview_object(token)


def test_api_serves_the_draft_in_the_live_shape(preview_api, api_client, page, draft):
    live = api_client.get(f"/api/v2/pages/{page.pk}/")
    response = api_client.get(
        "/api/v2/preview/", {"token": make_preview_token(page, draft)}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data, live_data = response.json(), live.json()
    assert data["summary"] == "A draft summary nobody has approved."
    assert data["title"] == "ALS (draft)"
    assert live_data["summary"] != data["summary"]
    assert set(data) == set(live_data)
    assert set(data["meta"]) == set(live_data["meta"])
    unchanged = {
        key
        for key in live_data
        if key not in {"title", "summary", "seo", "json_ld", "json_ld_script"}
    }
    assert {key: data[key] for key in unchanged} == {
        key: live_data[key] for key in unchanged
    }


def test_api_preview_of_the_live_revision_equals_the_live_page(
    preview_api, api_client, page
):
    live = api_client.get(f"/api/v2/pages/{page.pk}/").json()
    preview = api_client.get(
        "/api/v2/preview/", {"token": make_preview_token(page, page.live_revision)}
    ).json()
    assert preview == live


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_api_refuses_missing_or_bad_tokens(preview_api, api_client, token):
    params = {} if token is None else {"token": token}
    response = api_client.get("/api/v2/preview/", params)
    assert response.status_code == 401
    assert set(response.json()) == {"message"}


def test_api_refuses_an_expired_token(preview_api, settings, api_client, page, draft):
    settings.PREVIEW_TOKEN_MAX_AGE = 60
    token = token_signed_ago(120, page, draft)
    response = api_client.get("/api/v2/preview/", {"token": token})
    assert response.status_code == 401
    assert response.json() == {"message": "The preview token has expired."}


def test_api_token_for_one_page_does_not_open_another(
    preview_api, api_client, site_tree, page, draft
):
    other = ConditionPage.objects.get(
        pk=ConditionPageFactory(parent=site_tree["conditions"]).pk
    )
    forged = signing.TimestampSigner(salt=SALT).sign_object(
        {"page": other.pk, "revision": draft.pk}
    )
    response = api_client.get("/api/v2/preview/", {"token": forged})
    assert response.status_code == 404
    assert "summary" not in response.json()


def test_api_tampered_token(preview_api, api_client, page, draft):
    token = make_preview_token(page, draft)
    response = api_client.get("/api/v2/preview/", {"token": token[:-2] + "xx"})
    assert response.status_code == 401


def test_admin_preview_opens_the_frontend_with_a_token(
    admin_client, page, draft, site_tree
):
    settings = ClinicSettings.for_site(site_tree["home"].get_site())
    settings.preview_url = "http://localhost:3000/api/preview?secret=1"
    settings.save()

    response = show_preview(admin_client, page)
    html = response.content.decode()
    assert "http://localhost:3000/api/preview?secret=1&amp;token=" in html
    assert 'http-equiv="refresh"' in html
    token = html.split("token=", 1)[1].split('"', 1)[0]
    from html import unescape
    from urllib.parse import unquote

    assert read_preview_token(unquote(unescape(token))) == (page.pk, draft.pk)


def test_admin_preview_without_frontend_is_readable(admin_client, page, draft):
    response = show_preview(admin_client, page)
    html = response.content.decode()
    assert "<h1>Stem cell therapy for ALS</h1>" in html
    assert "Preview of unpublished content" in html
    assert "€7,000–€31,000*" in html
    assert "from $20,000" in html  # a "from" price says so
    assert "(as of January 2025)" in html  # a month, not its first day
    assert "How long is the stay?" in html
    assert "Medically reviewed by" in html


def test_admin_content_mode_ignores_the_frontend(admin_client, page, site_tree):
    settings = ClinicSettings.for_site(site_tree["home"].get_site())
    settings.preview_url = "http://localhost:3000/api/preview"
    settings.save()
    response = show_preview(admin_client, page, mode="content")
    html = response.content.decode()
    assert "localhost:3000" not in html
    assert "How long is the stay?" in html
