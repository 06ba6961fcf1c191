"""One review status per medical page, the same in the API, the JSON-LD, the filter
and the admin report: reviewed, changed_since_review, review_overdue, never_reviewed."""

import datetime
import re

from django.test import Client
from django.utils import timezone

import pytest

from pages.models import ConditionPage
from review.dates import calendar_date, relative_date
from review.status import ReviewStatus, review_status, review_status_filter
from tests.factories import ConditionPageFactory

from .conftest import approve, create_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(site_tree, editor, reviewer):
    """A page an editor wrote and a reviewer approved through the workflow (in a
    client of its own: pytest-django's ``admin_client`` is the ``client``)."""
    client = Client()
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    client.force_login(reviewer)
    approve(client, page)
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.review_status == ReviewStatus.REVIEWED
    return page


def publish_directly(page, administrator, summary="Changed without review."):
    draft = page.get_latest_revision_as_object()
    draft.summary = summary
    draft.save_revision(user=administrator).publish(user=administrator)
    return ConditionPage.objects.get(pk=page.pk)


def json_ld_page(data) -> dict:
    return next(
        node for node in data["json_ld"]["@graph"] if node["@type"] == "MedicalWebPage"
    )


def test_reviewed_page_claims_its_review(api_client, reviewed, reviewer):
    data = api_client.get(f"/api/v2/pages/{reviewed.pk}/").json()
    assert data["medical_review"]["status"] == "reviewed"
    node = json_ld_page(data)
    assert node["lastReviewed"] == timezone.localdate().isoformat()
    assert node["reviewedBy"]["name"] == "Dr. Lana Marković"


def test_direct_publish_is_changed_since_review(api_client, reviewed, administrator):
    page = publish_directly(reviewed, administrator)
    assert page.has_unreviewed_changes
    data = api_client.get(f"/api/v2/pages/{page.pk}/").json()
    review = data["medical_review"]
    assert review["status"] == "changed_since_review"
    # It still says when the page was last reviewed, and by whom...
    assert review["last_reviewed"] == timezone.localdate().isoformat()
    # ...but never that the current text was reviewed.
    node = json_ld_page(data)
    assert "reviewedBy" not in node
    assert "lastReviewed" not in node


def test_record_without_reviewed_revision_flags_a_direct_publish(
    api_client, site_tree, administrator
):
    """Review records typed in (demo data, imports) vouch for the content that was
    live; a later publish that changes it is unreviewed."""
    page = ConditionPageFactory(parent=site_tree["conditions"])
    assert page.last_reviewed and page.reviewed_revision is None
    assert page.review_status == ReviewStatus.REVIEWED
    page = publish_directly(page, administrator)
    assert page.review_status == ReviewStatus.CHANGED_SINCE_REVIEW
    data = api_client.get(f"/api/v2/pages/{page.pk}/").json()
    assert "reviewedBy" not in json_ld_page(data)


def test_republishing_unchanged_content_keeps_the_review(reviewed, administrator):
    page = publish_directly(reviewed, administrator, summary=reviewed.summary)
    assert page.review_status == ReviewStatus.REVIEWED


def test_next_approval_clears_the_change(
    client, reviewed, administrator, editor, reviewer
):
    page = publish_directly(reviewed, administrator)
    page.get_workflow().start(page, editor)
    client.force_login(reviewer)
    approve(client, page)
    assert ConditionPage.objects.get(pk=page.pk).review_status == "reviewed"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"last_reviewed": None, "next_review_due": None}, "never_reviewed"),
        ({"next_review_due": datetime.date(2026, 11, 28)}, "review_overdue"),
        ({"next_review_due": datetime.date(2026, 11, 29)}, "reviewed"),
        (
            {
                "next_review_due": datetime.date(2026, 1, 1),
                "has_unreviewed_changes": True,
            },
            "changed_since_review",
        ),
    ],
)
def test_status_and_its_database_twin_agree(site_tree, fields, expected):
    today = datetime.date(2026, 11, 29)
    page = ConditionPageFactory(parent=site_tree["conditions"])
    ConditionPage.objects.filter(pk=page.pk).update(
        **{"last_reviewed": datetime.date(2025, 11, 1), **fields}
    )
    page = ConditionPage.objects.get(pk=page.pk)
    assert review_status(page, today) == expected
    for status in ReviewStatus:
        matches = ConditionPage.objects.filter(
            review_status_filter(status, today), pk=page.pk
        ).exists()
        assert matches == (status == expected), status


def test_api_filters_on_status(api_client, site_tree):
    overdue = ConditionPageFactory(
        parent=site_tree["conditions"],
        next_review_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    current = ConditionPageFactory(parent=site_tree["conditions"])
    response = api_client.get("/api/v2/pages/?review_status=review_overdue")
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == [overdue.pk]
    response = api_client.get(
        "/api/v2/pages/?type=pages.ConditionPage&review_status=reviewed"
    )
    assert [item["id"] for item in response.json()["items"]] == [current.pk]


def test_api_refuses_an_unknown_status(api_client, site_tree):
    response = api_client.get("/api/v2/pages/?review_status=approved")
    assert response.status_code == 400
    assert "review_status must be one of" in response.json()["message"]


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2027, 11, 29), "29 Nov 2027, in 12 months"),
        (datetime.date(2026, 11, 29), "29 Nov 2026, today"),
        (datetime.date(2026, 11, 30), "30 Nov 2026, tomorrow"),
        (datetime.date(2026, 12, 9), "9 Dec 2026, in 10 days"),
        (datetime.date(2026, 10, 1), "1 Oct 2026, 1 month ago"),
        (datetime.date(2026, 11, 26), "26 Nov 2026, 3 days ago"),
    ],
)
def test_review_dates_read_as_calendar_dates(day, text):
    assert calendar_date(day, today=datetime.date(2026, 11, 29)) == text


def test_report_shows_calendar_dates(admin_client, reviewed):
    ConditionPage.objects.filter(pk=reviewed.pk).update(has_unreviewed_changes=True)
    html = admin_client.get("/admin/reports/reviews-due/").content.decode()
    html = " ".join(re.sub(r"<[^>]+>", "", html).split())
    page = ConditionPage.objects.get(pk=reviewed.pk)
    assert page.title in html
    assert "Changed since review" in html
    expected_due = (
        f"{page.next_review_due:%-d %b %Y}, {relative_date(page.next_review_due)}"
    )
    assert expected_due in html
    assert f"{page.last_reviewed:%-d %b %Y}, today" in html
    assert "Just now" not in html and "hours ago" not in html


def test_report_csv_headings_and_public_path(admin_client, reviewed):
    ConditionPage.objects.filter(pk=reviewed.pk).update(has_unreviewed_changes=True)
    response = admin_client.get("/admin/reports/reviews-due/?export=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert (
        lines[0]
        == "Page,Status,Review due,Last reviewed,Reviewer,Language,Translation,Path"
    )
    row = lines[1]
    assert "Changed since review" in row
    assert ",/conditions/stem-cell-therapy-for-als/" in row or row.endswith(
        "/stem-cell-therapy-for-als/"
    )
    assert "/clinic/" not in row  # the tree path of the home page is not public


def test_report_hides_pages_from_users_without_page_rights(client, reviewed):
    """Patient coordinators reach the admin but have no page rights: neither the
    report nor its CSV shows them page titles."""
    from .conftest import make_user

    ConditionPage.objects.filter(pk=reviewed.pk).update(has_unreviewed_changes=True)
    client.force_login(make_user("pat", "Patient coordinators"))
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/reports/reviews-due/")
    assert reviewed.title not in response.content.decode()
    response = client.get("/admin/reports/reviews-due/?export=csv")
    if response.status_code == 200:
        body = b"".join(response.streaming_content).decode()
        assert reviewed.title not in body


def test_status_on_the_page_and_in_the_medical_page_listing(
    admin_client, reviewed, site_tree
):
    ConditionPage.objects.filter(pk=reviewed.pk).update(has_unreviewed_changes=True)
    fine = ConditionPageFactory(parent=site_tree["conditions"], title="Fine page")
    edit = admin_client.get(f"/admin/pages/{reviewed.pk}/edit/").content.decode()
    assert 'data-review-status="changed_since_review"' in edit
    listing = admin_client.get("/admin/condition_pages/").content.decode()
    assert "Changed since review" in listing and "Fine page" in listing
    filtered = admin_client.get(
        "/admin/condition_pages/?review_status=changed_since_review"
    ).content.decode()
    assert reviewed.title in filtered
    assert fine.title not in filtered
