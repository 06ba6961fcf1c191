"""Who can see what: every role × every API endpoint and every admin view that can
reveal a draft or personal data.

The roles are real users in the groups the migrations create (pages 0005: Editors,
Medical reviewers, Administrators; leads 0002: Patient coordinators). Each object
behind a view carries a marker; an allowed role gets ``200`` with the marker, a
refused one never sees it (anonymous users are sent to the login page, signed-in
users without the permission get a redirect, ``403`` or ``404``).
"""

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.models import Collection, Site

import pytest

from leads.models import Lead
from pages.models import ClinicSettings, TherapyPage
from tests.pages.editor import medical_page_data
from webhooks.models import WebhookEndpoint

from .conftest import ROLES

pytestmark = pytest.mark.django_db

DRAFT = "SECRET-DRAFT-7Q"
DOCUMENT = "SECRET-DOCUMENT-4K"
PATIENT = "SECRET-PATIENT-9M"
SETTINGS = "SECRET-SETTINGS-2B"
WEBHOOK = "SECRET-WEBHOOK-5H"

# login: sent to the admin login page; deny: refused without the marker;
# empty: 200 without the marker (an empty listing); ok: 200 with the marker (if the
# view shows one). Reviewers may open the copy form of a page they can edit (but
# cannot create the copy: test_advisories); choosing images and documents is the
# editors' and administrators' job.
EXPECTED = """
view                    anonymous  editor  reviewer  coordinator  administrator
page_history            login      ok      ok        deny         ok
revision_compare        login      ok      ok        deny         ok
revision_view           login      ok      ok        deny         ok
view_draft              login      ok      ok        deny         ok
preview_on_edit         login      ok      ok        deny         ok
page_copy               login      ok      ok        deny         ok
image_chosen            login      ok      deny      deny         ok
image_select_format     login      ok      deny      deny         ok
image_preview           login      ok      deny      deny         ok
document_chosen         login      ok      deny      deny         ok
settings_edit           login      deny    deny      deny         ok
leads_listing           login      deny    deny      ok           deny
leads_export            login      deny    deny      ok           deny
lead_edit               login      deny    deny      ok           deny
webhooks_listing        login      deny    deny      deny         ok
webhook_deliveries      login      deny    deny      deny         ok
admin_pages_api         login      ok      ok        empty        ok
admin_page_api_detail   login      ok      ok        deny         ok
"""


def expectations() -> list[tuple[str, str, str]]:
    lines = [line.split() for line in EXPECTED.strip().splitlines()]
    header, rows = lines[0][1:], lines[1:]
    assert tuple(header) == ROLES
    return [(row[0], role, row[1 + i]) for row in rows for i, role in enumerate(header)]


@pytest.fixture(scope="module")
def secrets(shared_site):
    page = shared_site.therapies.add_child(
        instance=TherapyPage(
            title=f"Unreviewed therapy {DRAFT}",
            slug="unreviewed",
            summary="First draft",
            live=False,
        )
    )
    first = page.save_revision()
    page.summary = f"Second draft {DRAFT}"
    second = page.save_revision()
    document = Document(
        title=f"Internal protocol {DOCUMENT}",
        collection=Collection.get_first_root_node(),
    )
    document.file.save("protocol.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    document.save()
    lead = Lead.objects.create(
        kind=Lead.Kind.CALLBACK,
        name=f"Patient {PATIENT}",
        phone="+390212345678",
        country="IT",
        consented_at=timezone.now(),
        consent_text_version="2025-01",
    )
    site = Site.objects.get(is_default_site=True)
    ClinicSettings.objects.filter(site=site).update(clinic_name=f"Clinic {SETTINGS}")
    endpoint = WebhookEndpoint.objects.create(
        name=f"Frontend {WEBHOOK}", url="https://hooks.example.org/cms"
    )
    return {
        "endpoint": endpoint,
        "page": page,
        "revisions": (first, second),
        "image": shared_site.image,
        "document": document,
        "lead": lead,
        "site": site,
    }


def request_for(view: str, objects: dict, shared_site) -> tuple[str, str, dict, str]:
    """``(method, url, data, marker)`` of one admin view."""
    page, (first, second) = objects["page"], objects["revisions"]
    image, document = objects["image"], objects["document"]
    table = {
        "page_history": (
            "get",
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            DRAFT,
        ),
        "revision_compare": (
            "get",
            reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[page.pk, first.pk, second.pk],
            ),
            DRAFT,
        ),
        "revision_view": (
            "get",
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, second.pk]),
            DRAFT,
        ),
        "view_draft": (
            "get",
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            DRAFT,
        ),
        "page_copy": ("get", reverse("wagtailadmin_pages:copy", args=[page.pk]), DRAFT),
        "image_chosen": (
            "get",
            reverse("wagtailimages_chooser:chosen", args=[image.pk]),
            image.title,
        ),
        "image_select_format": (
            "get",
            reverse("wagtailimages_chooser:select_format", args=[image.pk]),
            image.title,
        ),
        "image_preview": (
            "get",
            reverse("wagtailimages:preview", args=[image.pk, "max-200x200"]),
            "",
        ),
        "document_chosen": (
            "get",
            reverse("wagtaildocs_chooser:chosen", args=[document.pk]),
            DOCUMENT,
        ),
        "settings_edit": (
            "get",
            reverse(
                "wagtailsettings:edit",
                args=["pages", "clinicsettings", objects["site"].pk],
            ),
            SETTINGS,
        ),
        "leads_listing": ("get", reverse("patient_requests:index"), PATIENT),
        "leads_export": (
            "get",
            reverse("patient_requests:index") + "?export=csv",
            PATIENT,
        ),
        "lead_edit": (
            "get",
            reverse("patient_requests:edit", args=[objects["lead"].pk]),
            PATIENT,
        ),
        "webhooks_listing": ("get", reverse("webhook_endpoints:index"), WEBHOOK),
        "webhook_deliveries": (
            "get",
            reverse("webhook_endpoints:deliveries", args=[objects["endpoint"].pk]),
            WEBHOOK,
        ),
        "admin_pages_api": (
            "get",
            f"/admin/api/main/pages/?fields=*&search={DRAFT}",
            DRAFT,
        ),
        "admin_page_api_detail": ("get", f"/admin/api/main/pages/{page.pk}/", DRAFT),
    }
    if view == "preview_on_edit":
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        data = medical_page_data(f"Previewed {DRAFT}", [], slug="unreviewed")
        return "post", url, data, ""
    method, url, marker = table[view]
    return method, url, {}, marker


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(("view", "role", "expected"), expectations())
def test_admin_view_permission_matrix(
    client_for, secrets, shared_site, view, role, expected
):
    method, url, data, marker = request_for(view, secrets, shared_site)
    client = client_for(role)
    response = getattr(client, method)(url, data)
    body = body_of(response)
    if expected == "ok":
        assert response.status_code == 200, (response.status_code, body[:300])
        if marker:
            assert marker.encode() in body, body[:500]
        return
    assert marker.encode() not in body if marker else True
    if expected == "empty":
        assert response.status_code == 200
        assert response.json()["meta"]["total_count"] == 0
        return
    if expected == "login":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response.status_code in (302, 403, 404), (
            response.status_code,
            body[:300],
        )
        if response.status_code == 302:
            assert not response["Location"].startswith(url)


def test_every_view_of_the_table_is_requested(secrets, shared_site):
    views = {view for view, _role, _expected in expectations()}
    for view in views:
        assert request_for(view, secrets, shared_site)[1].startswith("/admin/")


# --- the public API is the same for everyone ---

API_URLS = [
    "/api/v2/pages/?limit=100",
    "/api/v2/pages/?fields=*&type=pages.TherapyPage&limit=100",
    "/api/v2/pages/?search=draft",
    "/api/v2/images/?limit=100",
    "/api/v2/documents/?limit=100",
    "/api/v2/doctors/",
    "/api/v2/testimonials/",
    "/api/v2/references/",
    "/api/v2/site/",
]


@pytest.mark.parametrize("role", ROLES)
def test_public_api_answers_every_role_as_the_anonymous_public(
    client_for, secrets, shared_site, role
):
    client = client_for(role)
    anonymous = client_for("anonymous")
    hidden = [
        DRAFT,
        shared_site.draft_page.title,
        shared_site.restricted_page.title,
        shared_site.private_image.title,
        shared_site.draft_doctor.name,
        PATIENT,
    ]
    for url in API_URLS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert response.content == anonymous.get(url).content, url
        for secret in hidden:
            assert secret.encode() not in response.content, (url, secret)

    for pk in (
        secrets["page"].pk,
        shared_site.draft_page.pk,
        shared_site.restricted_page.pk,
        shared_site.unpublished_page.pk,
    ):
        assert client.get(f"/api/v2/pages/{pk}/").status_code == 404
    assert (
        client.get(f"/api/v2/images/{shared_site.private_image.pk}/").status_code == 404
    )
    assert (
        client.get(f"/api/v2/doctors/{shared_site.draft_doctor.pk}/").status_code == 404
    )
    # A session is no preview token.
    assert client.get("/api/v2/preview/").status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_lead_endpoint_never_returns_stored_requests(client_for, secrets, role):
    client = client_for(role)
    for method in ("get", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v2/consultation-requests/")
        assert response.status_code == 405
        assert PATIENT.encode() not in response.content


def test_export_holds_personal_data_so_only_coordinators_get_it(client_for, secrets):
    response = client_for("coordinator").get(
        reverse("patient_requests:index") + "?export=csv"
    )
    rows = body_of(response).decode().splitlines()
    assert rows[0].startswith("Reference,")
    assert any(PATIENT in row for row in rows[1:])
