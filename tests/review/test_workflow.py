"""The "Medical review" workflow, driven through the admin as each role uses it."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from pages.models import ConditionPage
from review.records import add_months

from .conftest import approve, condition_data, create_and_submit, edit_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, site_tree, editor, reviewer):
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    client.logout()
    return page


def test_editor_submission_waits_for_medical_review(submitted):
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == "Medical review"
    assert page.reviewed_by is None


def test_reviewer_approval_publishes_and_sets_the_review_record(
    client, submitted, reviewer, reviewer_doctor
):
    client.force_login(reviewer)
    response = approve(client, submitted)
    assert response.status_code == 302

    page = ConditionPage.objects.get(pk=submitted.pk)
    today = timezone.localdate()
    assert page.live
    assert page.reviewed_by == reviewer_doctor
    assert page.last_reviewed == today
    assert page.next_review_due == add_months(today, 12)
    assert page.reviewed_revision == page.live_revision == page.latest_revision
    assert page.has_unreviewed_changes is False
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_APPROVED


def test_review_interval_comes_from_settings(client, settings, submitted, reviewer):
    settings.MEDICAL_REVIEW_INTERVAL_MONTHS = 6
    client.force_login(reviewer)
    approve(client, submitted)
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.next_review_due == add_months(timezone.localdate(), 6)


def test_review_record_is_served_by_the_api(client, api_client, submitted, reviewer):
    client.force_login(reviewer)
    approve(client, submitted)

    data = api_client.get(f"/api/v2/pages/{submitted.pk}/").json()
    review = data["medical_review"]
    assert review["reviewer"]["name"] == "Dr. Lana Marković"
    assert review["last_reviewed"] == timezone.localdate().isoformat()
    assert review["next_review_due"] == add_months(timezone.localdate(), 12).isoformat()


def test_reviewer_without_a_doctor_record_cannot_approve(
    client, submitted, reviewer, reviewer_doctor
):
    reviewer_doctor.user = None
    reviewer_doctor.save()
    client.force_login(reviewer)

    page = ConditionPage.objects.get(pk=submitted.pk)
    task_state = page.current_workflow_task_state
    dialog = client.get(
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[page.pk, "approve", task_state.pk],
        )
    )
    assert dialog.status_code == 200
    assert "not linked to a doctor record" in dialog.json()["html"]
    assert "<form" not in dialog.json()["html"]

    # A POST that skips the dialog is refused too (the admin answers a refusal by
    # redirecting to the dashboard with a permission message).
    response = approve(client, page)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    page.refresh_from_db()
    assert page.current_workflow_task_state.status == "in_progress"
    assert not page.live
    assert page.reviewed_by is None


def test_edit_after_approval_is_not_live_until_reapproved(
    client, submitted, editor, reviewer, reviewer_doctor
):
    client.force_login(reviewer)
    approve(client, submitted)
    approved = ConditionPage.objects.get(pk=submitted.pk)
    client.force_login(editor)

    response = client.post(
        edit_url(approved),
        {**condition_data(summary="A new, unreviewed claim."), "action-submit": "1"},
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.summary != "A new, unreviewed claim."
    assert page.live_revision == approved.live_revision
    assert page.has_unpublished_changes

    client.force_login(reviewer)
    approve(client, page)
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.summary == "A new, unreviewed claim."
    assert page.reviewed_revision == page.live_revision != approved.live_revision


def test_edit_during_review_needs_its_own_approval(client, submitted, reviewer, editor):
    """An approval given to an older revision publishes nothing: the task restarts."""
    page = ConditionPage.objects.get(pk=submitted.pk)
    old_task_state = page.current_workflow_task_state
    draft = page.get_latest_revision_as_object()
    draft.summary = "Changed while the reviewer was reading."
    draft.save_revision(user=editor)

    client.force_login(reviewer)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", old_task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert not page.live
    assert page.reviewed_revision is None
    new_task_state = page.current_workflow_task_state
    assert new_task_state.pk != old_task_state.pk
    assert new_task_state.revision == page.latest_revision

    approve(client, page)
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.live
    assert page.summary == "Changed while the reviewer was reading."
    assert page.reviewed_revision == page.live_revision


def test_approved_revision_goes_live_at_its_date_not_a_later_edit(
    client, site_tree, editor, reviewer
):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(editor)
    page = create_and_submit(
        client, site_tree["conditions"], go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    client.force_login(reviewer)
    approve(client, page)
    page = ConditionPage.objects.get(pk=page.pk)
    approved_revision = page.latest_revision
    assert not page.live
    assert approved_revision.approved_go_live_at is not None
    assert page.status_string == "scheduled"

    later = page.get_latest_revision_as_object()
    later.summary = "Typed in after the approval."
    later.save_revision(user=editor)

    call_command("publish_scheduled", verbosity=0)
    assert not ConditionPage.objects.get(pk=page.pk).live
    # Two days pass: the go-live date is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    approved_revision.approved_go_live_at = past
    approved_revision.content["go_live_at"] = past.isoformat()
    approved_revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", verbosity=0)

    page = ConditionPage.objects.get(pk=page.pk)
    assert page.live
    assert page.live_revision == approved_revision
    assert page.summary != "Typed in after the approval."
    assert page.reviewed_revision == approved_revision
    assert page.last_reviewed == timezone.localdate()
    assert page.has_unpublished_changes
    assert not page.has_unreviewed_changes


def test_approving_in_the_editor_without_changes_publishes(client, submitted, reviewer):
    """The editor saves the form before approving; a revision that changes nothing
    must not restart the review."""
    client.force_login(reviewer)
    response = client.post(
        edit_url(submitted),
        {
            **condition_data(),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": '{"comment": "Looks right."}',
        },
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.live
    assert page.reviewed_revision == page.live_revision == page.latest_revision


def test_approving_in_the_editor_with_changes_needs_another_reviewer(
    client, submitted, reviewer, second_reviewer
):
    """A reviewer who corrects the text becomes one of its authors: the correction
    restarts the review, and someone else must approve it."""
    client.force_login(reviewer)
    client.post(
        edit_url(submitted),
        {
            **condition_data(summary="Corrected by the reviewer."),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        },
    )
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert not page.live
    assert page.current_workflow_task_state.revision == page.latest_revision
    refused = approve(client, page)  # the admin answers PermissionDenied so
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert not ConditionPage.objects.get(pk=submitted.pk).live
    client.force_login(second_reviewer)
    approve(client, page)
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.live and page.summary == "Corrected by the reviewer."
    assert page.reviewed_by.user == second_reviewer
