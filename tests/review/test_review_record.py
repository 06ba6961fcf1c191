"""The review record: set by approvals, read-only for editors, correctable by
administrators, and flagged when changes bypass the review."""

import datetime

from django.utils import timezone

import pytest

from pages.models import ConditionPage
from review.records import (
    ReviewError,
    add_months,
    editorial_content,
    has_unreviewed_changes,
    record_review,
    reviews_due,
)
from tests.factories import ConditionPageFactory, DoctorFactory

from .conftest import approve, condition_data, create_and_submit, edit_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(client, site_tree, editor, reviewer):
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    client.force_login(reviewer)
    approve(client, page)
    client.logout()
    return ConditionPage.objects.get(pk=page.pk)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 15), 12, datetime.date(2026, 1, 15)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_record_review_stamps_the_revision_and_the_live_page(site_tree, reviewer):
    page = ConditionPageFactory(
        parent=site_tree["conditions"],
        reviewed_by=None,
        last_reviewed=None,
        next_review_due=None,
    )
    page.refresh_from_db()
    revision = page.live_revision
    when = timezone.now() - datetime.timedelta(days=3)

    record_review(page, revision, reviewer, when)

    page.refresh_from_db()
    revision.refresh_from_db()
    assert page.reviewed_by == reviewer.doctor
    assert page.last_reviewed == timezone.localdate(when)
    assert page.next_review_due == add_months(timezone.localdate(when), 12)
    assert page.reviewed_revision == revision
    stamped = revision.as_object()
    assert stamped.reviewed_by == reviewer.doctor
    assert stamped.reviewed_revision_id == revision.pk


def test_record_review_refuses_a_user_without_doctor_record(site_tree, editor):
    page = ConditionPage.objects.get(
        pk=ConditionPageFactory(parent=site_tree["conditions"]).pk
    )
    with pytest.raises(ReviewError, match="not linked to a doctor"):
        record_review(page, page.live_revision, editor)


def test_record_review_refuses_another_pages_revision(site_tree, reviewer):
    page = ConditionPageFactory(parent=site_tree["conditions"])
    other = ConditionPage.objects.get(
        pk=ConditionPageFactory(parent=site_tree["conditions"]).pk
    )
    with pytest.raises(ReviewError, match="not a revision of page"):
        record_review(page, other.live_revision, reviewer)


def test_translated_page_names_the_doctors_translation(site_tree, reviewer):
    from wagtail.models import Locale

    german = Locale.objects.create(language_code="de")
    reviewer.doctor.languages = ["en", "de"]
    reviewer.doctor.save()
    doctor_de = reviewer.doctor.copy_for_translation(german)
    doctor_de.save()
    page = ConditionPageFactory(parent=site_tree["conditions"])
    page_de = page.copy_for_translation(german, copy_parents=True)
    revision = page_de.save_revision()

    record_review(page_de, revision, reviewer)

    assert revision.as_object().reviewed_by == doctor_de


def test_a_review_record_names_only_a_reviewer_who_reads_the_page(site_tree, reviewer):
    from wagtail.models import Locale

    german = Locale.objects.create(language_code="de")
    page = ConditionPageFactory(parent=site_tree["conditions"])
    page_de = page.copy_for_translation(german, copy_parents=True)
    revision = page_de.save_revision()

    with pytest.raises(ReviewError, match=r"German \(de\)"):
        record_review(page_de, revision, reviewer)
    assert revision.as_object().reviewed_by is None


def test_editor_cannot_change_the_review_record_with_a_crafted_post(
    client, reviewed, editor
):
    """Advisory CVE-2024-32882: fields hidden by permission must ignore POST data."""
    other_doctor = DoctorFactory()
    client.force_login(editor)
    crafted = condition_data(
        summary="An edit by the editor.",
        reviewer=other_doctor,
        last_reviewed="2020-01-01",
        next_review_due="2099-01-01",
    )
    crafted.update(reviewed_revision="", has_unreviewed_changes="")
    response = client.post(edit_url(reviewed), crafted)
    assert response.status_code == 302

    draft = ConditionPage.objects.get(pk=reviewed.pk).get_latest_revision_as_object()
    assert draft.summary == "An edit by the editor."
    assert draft.reviewed_by == reviewed.reviewed_by
    assert draft.last_reviewed == reviewed.last_reviewed
    assert draft.next_review_due == reviewed.next_review_due
    assert draft.reviewed_revision == reviewed.reviewed_revision


def test_editor_sees_the_review_record_read_only(client, reviewed, editor):
    client.force_login(editor)
    response = client.get(edit_url(reviewed))
    assert response.status_code == 200
    form = response.context["form"]
    for name in ("reviewed_by", "last_reviewed", "next_review_due"):
        assert name not in form.fields
    html = response.content.decode()
    assert "Dr. Lana Marković, MD" in html
    assert 'name="reviewed_by"' not in html


def test_administrator_can_correct_the_review_record(client, reviewed, administrator):
    client.force_login(administrator)
    response = client.get(edit_url(reviewed))
    assert "reviewed_by" in response.context["form"].fields

    corrected = reviewed.last_reviewed - datetime.timedelta(days=1)
    response = client.post(
        edit_url(reviewed),
        {
            **condition_data(
                reviewer=reviewed.reviewed_by,
                last_reviewed=corrected.isoformat(),
                next_review_due=add_months(corrected, 12).isoformat(),
            ),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=reviewed.pk)
    assert page.last_reviewed == corrected
    assert page.next_review_due == add_months(corrected, 12)


def test_publishing_past_the_review_flags_unreviewed_changes(
    client, api_client, reviewed, administrator
):
    client.force_login(administrator)
    response = client.post(
        edit_url(reviewed),
        {
            **condition_data(summary="A claim no doctor has read."),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=reviewed.pk)
    assert page.live_revision != page.reviewed_revision
    assert page.summary == "A claim no doctor has read."
    assert page.has_unreviewed_changes
    assert page in reviews_due()


def test_republishing_the_reviewed_content_is_not_flagged(
    client, reviewed, administrator
):
    client.force_login(administrator)
    response = client.post(
        edit_url(reviewed), {**condition_data(), "action-publish": "1"}
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=reviewed.pk)
    assert page.live_revision != page.reviewed_revision
    assert not page.has_unreviewed_changes


def test_reapproval_clears_the_flag(client, reviewed, administrator, editor, reviewer):
    client.force_login(administrator)
    client.post(
        edit_url(reviewed),
        {**condition_data(summary="Unreviewed."), "action-publish": "1"},
    )
    assert ConditionPage.objects.get(pk=reviewed.pk).has_unreviewed_changes
    client.force_login(editor)
    client.post(
        edit_url(reviewed),
        {**condition_data(summary="Unreviewed."), "action-submit": "1"},
    )
    client.force_login(reviewer)
    approve(client, reviewed)
    page = ConditionPage.objects.get(pk=reviewed.pk)
    assert not page.has_unreviewed_changes
    assert page.reviewed_revision == page.live_revision


def test_editorial_content_ignores_page_state_and_the_review_record(reviewed):
    content = dict(reviewed.live_revision.content)
    changed = {
        **content,
        "live": False,
        "latest_revision": None,
        "go_live_at": "2030-01-01T00:00:00Z",
        "last_reviewed": "2020-01-01",
        "has_unreviewed_changes": True,
    }
    assert editorial_content(changed) == editorial_content(content)
    assert editorial_content({**content, "summary": "New"}) != editorial_content(
        content
    )
    assert editorial_content({**content, "title": "New"}) != editorial_content(content)


def test_page_without_workflow_review_is_never_flagged(site_tree):
    page = ConditionPage.objects.get(
        pk=ConditionPageFactory(parent=site_tree["conditions"]).pk
    )
    assert page.reviewed_revision is None
    assert not has_unreviewed_changes(page, page.live_revision)


def test_copy_does_not_inherit_the_review(reviewed):
    copy = reviewed.copy(update_attrs={"slug": "copy", "title": "Copy"})
    assert copy.reviewed_by is None
    assert copy.last_reviewed is None
    assert copy.reviewed_revision is None
