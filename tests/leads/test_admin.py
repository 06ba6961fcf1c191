"""The coordinators' admin: who sees it, what they can change, what they export."""

import csv
import datetime
import io

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from leads.models import Lead
from leads.permissions import COORDINATORS_GROUP
from tests.factories import ConditionPageFactory

from .conftest import ADMIN_INDEX, ENDPOINT
from .factories import LeadFactory

pytestmark = pytest.mark.django_db


def edit_url(lead):
    return f"{ADMIN_INDEX}edit/{lead.pk}/"


def export_csv(client, query=""):
    response = client.get(f"{ADMIN_INDEX}?export=csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


@pytest.fixture
def lead():
    return LeadFactory(name="Anna Beispiel", phone="+4930901820")


@pytest.fixture
def users(coordinator, page_editor, medical_reviewer, leads_superuser):
    return {
        "coordinator": coordinator,
        "editor": page_editor,
        "reviewer": medical_reviewer,
        "superuser": leads_superuser,
    }


def test_coordinators_group_has_the_lead_permissions_and_admin_access():
    group = Group.objects.get(name=COORDINATORS_GROUP)

    assert set(
        group.permissions.values_list("content_type__app_label", "codename")
    ) == {
        ("wagtailadmin", "access_admin"),
        ("leads", "change_lead"),
        ("leads", "delete_lead"),
        ("leads", "view_lead"),
        # Coordinators hear first when a patient withdraws consent (review app).
        ("snippets", "view_testimonial"),
        ("review", "record_consent_revocation"),
    }


# Permission matrix


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("editor", False),
        ("reviewer", False),
        ("coordinator", True),
        ("superuser", True),
    ],
)
@pytest.mark.parametrize("view", ["listing", "edit", "export", "history", "delete"])
def test_permission_matrix(client, users, lead, who, allowed, view):
    if who != "anonymous":
        client.force_login(users[who])
    url = {
        "listing": ADMIN_INDEX,
        "edit": edit_url(lead),
        "export": f"{ADMIN_INDEX}?export=csv",
        "history": f"{ADMIN_INDEX}history/{lead.pk}/",
        "delete": f"{ADMIN_INDEX}delete/{lead.pk}/",
    }[view]

    response = client.get(url)

    if allowed:
        assert response.status_code == 200
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    else:
        # Wagtail's answer to a missing permission: back to the dashboard.
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    if not allowed:
        assert "Anna Beispiel" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("editor", False), ("reviewer", False), ("coordinator", True)],
)
def test_only_coordinators_can_post_edits(client, users, lead, who, allowed):
    client.force_login(users[who])

    client.post(edit_url(lead), {"status": "closed", "notes": "Done"})

    lead.refresh_from_db()
    assert (lead.status == Lead.Status.CLOSED) is allowed


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_editors_and_reviewers_see_no_menu_item(client, users, who):
    client.force_login(users[who])

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Patient requests" not in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_coordinators_see_the_menu_item(client, users, who):
    client.force_login(users[who])

    response = client.get("/admin/")

    assert "Patient requests" in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_nobody_adds_or_copies_requests_in_the_admin(client, users, lead, who):
    client.force_login(users[who])

    assert client.get(f"{ADMIN_INDEX}new/").status_code in (302, 403)
    assert client.get(f"{ADMIN_INDEX}copy/{lead.pk}/").status_code == 404
    assert f'href="{ADMIN_INDEX}new/"' not in client.get(ADMIN_INDEX).content.decode()


@pytest.mark.parametrize(
    "who", ["anonymous", "editor", "reviewer", "coordinator", "superuser"]
)
def test_api_accepts_requests_from_everyone_and_reads_them_to_no_one(
    users, lead, payload, who
):
    """Logged in or not, the API only takes requests: a session adds nothing, and
    needs no CSRF token because the API ignores sessions."""
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(users[who])

    created = client.post(ENDPOINT, payload, content_type="application/json")
    listed = client.get(ENDPOINT)
    detail = client.get(f"{ENDPOINT}{lead.pk}/")

    assert created.status_code == 201
    assert listed.status_code == 405
    assert detail.status_code == 404
    for response in (listed, detail):
        assert lead.reference not in response.content.decode()


# Listing


def test_listing_shows_requests_newest_first(client, coordinator):
    old = LeadFactory(created_at=timezone.now() - datetime.timedelta(days=3))
    new = LeadFactory()
    client.force_login(coordinator)

    content = client.get(ADMIN_INDEX).content.decode()

    assert content.index(new.reference) < content.index(old.reference)


def filtered_references(client, query):
    response = client.get(f"{ADMIN_INDEX}?{query}")
    assert response.status_code == 200
    return {lead.reference for lead in response.context["object_list"]}


def test_listing_filters(client, coordinator):
    page = ConditionPageFactory()
    new_callback = LeadFactory(condition_page=page)
    contacted = LeadFactory(status=Lead.Status.CONTACTED)
    consultation = LeadFactory(kind=Lead.Kind.CONSULTATION, status=Lead.Status.CLOSED)
    old = LeadFactory(created_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(coordinator)

    assert filtered_references(client, "status=new") == {
        new_callback.reference,
        old.reference,
    }
    assert filtered_references(client, "status=contacted&status=closed") == {
        contacted.reference,
        consultation.reference,
    }
    assert filtered_references(client, "kind=consultation") == {consultation.reference}
    assert filtered_references(client, f"condition_page={page.pk}") == {
        new_callback.reference
    }
    since = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()
    assert old.reference not in filtered_references(client, f"created_at_from={since}")
    until = (timezone.now() - datetime.timedelta(days=30)).date().isoformat()
    assert filtered_references(client, f"created_at_to={until}") == {old.reference}


@pytest.mark.parametrize(
    "query", ["Beispiel", "+4930901820", "anna@example.org", "REFCODE"]
)
def test_listing_search(client, coordinator, query):
    lead = LeadFactory(
        name="Anna Beispiel", phone="+4930901820", email="Anna@Example.org"
    )
    LeadFactory(name="Other Person", phone="+4930901899", email="other@example.org")
    client.force_login(coordinator)
    query = lead.reference if query == "REFCODE" else query

    response = client.post(ADMIN_INDEX, {"q": query})
    assert response.status_code == 303
    assert query not in response["Location"]
    assert filtered_references(client, "") == {lead.reference}
    # Filters, pages and the results view keep the search.
    assert filtered_references(client, "status=new") == {lead.reference}
    results = client.get(f"{ADMIN_INDEX}results/")
    assert {item.reference for item in results.context["object_list"]} == {
        lead.reference
    }


def test_search_never_puts_personal_data_in_a_url(client, coordinator):
    """Wagtail's GET search wrote patients' names into access logs (?q=...)."""
    lead = LeadFactory(name="Anna Beispiel", email="anna@example.org")
    LeadFactory(name="Other Person")
    client.force_login(coordinator)

    assert len(filtered_references(client, "q=Beispiel")) == 2  # ?q= is ignored
    client.post(ADMIN_INDEX, {"q": "Beispiel"})
    page = client.get(ADMIN_INDEX)
    assert {item.reference for item in page.context["object_list"]} == {lead.reference}
    html = page.content.decode()
    assert html.count('name="q"') == 1  # only the POST form's field
    assert "q=Beispiel" not in html

    client.post(ADMIN_INDEX, {"q": "Beispiel", "clear": "1"})
    assert len(filtered_references(client, "")) == 2


# Editing


def test_edit_form_shows_the_request_read_only(client, coordinator, lead):
    client.force_login(coordinator)

    response = client.get(edit_url(lead))

    form = response.context["form"]
    assert set(form.fields) == {"status", "notes"}
    content = response.content.decode()
    assert "Anna Beispiel" in content
    assert "+4930901820" in content
    assert lead.reference in content


def test_coordinator_updates_status_and_notes_but_not_the_patient_data(
    client, coordinator, lead
):
    client.force_login(coordinator)

    response = client.post(
        edit_url(lead),
        {
            "status": "contacted",
            "notes": "Called on Monday; sending documents.",
            "name": "Someone Else",
            "phone": "+4930000000",
            "message": "changed",
        },
    )

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONTACTED
    assert lead.notes == "Called on Monday; sending documents."
    assert lead.name == "Anna Beispiel"
    assert lead.phone == "+4930901820"
    assert lead.message != "changed"
    entry = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(lead.pk))
    assert entry.user == coordinator
    assert entry.label == str(lead)


def test_invalid_status_is_refused(client, coordinator, lead):
    client.force_login(coordinator)

    response = client.post(edit_url(lead), {"status": "lost", "notes": ""})

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW


def test_coordinator_can_delete_a_request(client, coordinator, lead):
    client.force_login(coordinator)

    response = client.post(f"{ADMIN_INDEX}delete/{lead.pk}/")

    assert response.status_code == 302
    assert not Lead.objects.exists()
    assert ModelLogEntry.objects.filter(
        action="wagtail.delete", label=str(lead)
    ).exists()


# CSV export

EXPORT_HEADER = [
    "Reference",
    "Kind",
    "Status",
    "Received",
    "Name",
    "Phone",
    "Email",
    "Country",
    "Preferred language",
    "Preferred time to call",
    "Condition",
    "Message",
    "Sent from (URL)",
    "Consented at",
    "Consent text version",
    "Coordinator notes",
]


def test_csv_export_has_a_header_and_one_row_per_request(client, coordinator):
    page = ConditionPageFactory(title="ALS")
    first = LeadFactory(
        name="Anna Beispiel",
        phone="+4930901820",
        email="anna@example.org",
        country="DE",
        language="de",
        condition_page=page,
        notes="Call back Tuesday",
        created_at=timezone.now() - datetime.timedelta(hours=2),
    )
    second = LeadFactory(
        kind=Lead.Kind.CONSULTATION,
        status=Lead.Status.CONTACTED,
        name="Marco Rossi",
        phone="+390212345678",
        email="",
        country="IT",
        language="it",
    )
    client.force_login(coordinator)

    rows = export_csv(client)

    assert rows[0] == EXPORT_HEADER
    assert len(rows) == 3
    by_reference = {
        row[0]: dict(zip(EXPORT_HEADER, row, strict=True)) for row in rows[1:]
    }
    row = by_reference[first.reference]
    assert row["Kind"] == "Callback"
    assert row["Status"] == "New"
    assert row["Name"] == "Anna Beispiel"
    assert row["Phone"] == "+4930901820"
    assert row["Email"] == "anna@example.org"
    assert row["Country"] == "Germany"
    assert row["Preferred language"] == "German"
    assert row["Condition"] == "ALS"
    assert row["Coordinator notes"] == "Call back Tuesday"
    assert row["Consent text version"] == "2025-01"
    assert row["Received"].startswith(first.created_at.date().isoformat())
    other = by_reference[second.reference]
    assert (other["Kind"], other["Status"], other["Country"]) == (
        "Consultation",
        "Contacted",
        "Italy",
    )


def test_csv_export_follows_the_filters(client, coordinator):
    LeadFactory(status=Lead.Status.CLOSED)
    open_lead = LeadFactory()
    client.force_login(coordinator)

    rows = export_csv(client, "&status=new")

    assert [row[0] for row in rows[1:]] == [open_lead.reference]


def test_csv_export_defuses_spreadsheet_formulas(client, coordinator):
    lead = LeadFactory(
        name='=HYPERLINK("https://evil.example")',
        message="+1 and more",
        preferred_time="@noon",
        phone="+4930901820",
    )
    client.force_login(coordinator)

    row = dict(zip(EXPORT_HEADER, export_csv(client)[1], strict=True))

    assert row["Reference"] == lead.reference
    assert row["Name"] == '\'=HYPERLINK("https://evil.example")'
    assert row["Message"] == "'+1 and more"
    assert row["Preferred time to call"] == "'@noon"
    assert row["Phone"] == "+4930901820"
