"""Four eyes: a reviewer never approves a revision they submitted or wrote part of.

The approve action is not offered to them anywhere Wagtail builds its actions (the
dashboard, the editor's action menu, the approval dialog), and a forged POST is
refused; another reviewer approves as usual.
"""

from django.urls import reverse

from wagtail.models import TaskState

import pytest

from pages.models import ConditionPage, TherapyPage
from review.four_eyes import contributors, is_own_work
from snippets.models import Testimonial
from tests.factories import TestimonialFactory, TherapyPageFactory

from .conftest import approve, create_and_submit


def action_names(obj, user) -> list[str]:
    task = obj.current_workflow_task
    return [name for name, _label, _modal in task.get_actions(obj, user)]


@pytest.fixture
def therapy_submitted_by_reviewer(site_tree, reviewer):
    page = TherapyPageFactory(parent=site_tree["therapies"], publish=False)
    draft = page.get_latest_revision_as_object()
    draft.summary = "Written by the reviewer herself."
    revision = draft.save_revision(user=reviewer)
    page.get_workflow().start(page, reviewer)
    assert page.current_workflow_task_state.revision == revision
    return TherapyPage.objects.get(pk=page.pk)


def test_author_is_not_offered_approve(therapy_submitted_by_reviewer, reviewer):
    page = therapy_submitted_by_reviewer
    assert is_own_work(page, reviewer)
    assert "approve" not in action_names(page, reviewer)
    assert "reject" in action_names(page, reviewer)


def test_dashboard_offers_no_approve_to_the_author(
    client, therapy_submitted_by_reviewer, reviewer
):
    client.force_login(reviewer)
    html = client.get("/admin/").content.decode()
    page = therapy_submitted_by_reviewer
    task_state = page.current_workflow_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    assert page.title in html
    assert approve_url not in html


def test_forged_approve_post_is_refused(
    client, therapy_submitted_by_reviewer, reviewer
):
    page = therapy_submitted_by_reviewer
    client.force_login(reviewer)
    response = approve(client, page)
    assert response.status_code == 302 and response.url == "/admin/"
    page = TherapyPage.objects.get(pk=page.pk)
    assert page.live_revision != page.latest_revision
    assert page.reviewed_revision != page.latest_revision
    assert page.reviewed_by is None or page.reviewed_by.user != reviewer
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_refused_in_the_task_itself(therapy_submitted_by_reviewer, reviewer):
    """``on_action`` refuses too, for any path that does not ask ``get_actions``."""
    from django.core.exceptions import PermissionDenied

    page = therapy_submitted_by_reviewer
    task_state = page.current_workflow_task_state
    with pytest.raises(PermissionDenied, match="another reviewer"):
        task_state.task.specific.on_action(task_state, reviewer, "approve")


def test_another_reviewer_approves(
    client, therapy_submitted_by_reviewer, second_reviewer
):
    page = therapy_submitted_by_reviewer
    assert "approve" in action_names(page, second_reviewer)
    client.force_login(second_reviewer)
    approve(client, page)
    page = TherapyPage.objects.get(pk=page.pk)
    assert page.live
    assert page.reviewed_by.user == second_reviewer


def test_submitter_is_an_author_even_without_edits(
    client, site_tree, editor, reviewer, second_reviewer
):
    """An editor's page that a reviewer submits (after saving nothing new) still
    needs another reviewer: submitting is vouching."""
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    state = page.current_workflow_state
    state.cancel(user=editor)
    page.get_workflow().start(ConditionPage.objects.get(pk=page.pk), reviewer)
    page = ConditionPage.objects.get(pk=page.pk)
    assert reviewer.pk in contributors(
        page.current_workflow_state, page.current_workflow_task_state.revision
    )
    assert "approve" not in action_names(page, reviewer)
    assert "approve" in action_names(page, second_reviewer)


def test_editor_page_is_approvable_by_a_reviewer(client, site_tree, editor, reviewer):
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    assert not is_own_work(page, reviewer)
    assert "approve" in action_names(page, reviewer)


def test_edit_after_an_approval_makes_its_author_ineligible(
    client, site_tree, editor, reviewer, second_reviewer
):
    """Only work since the last approval counts: the reviewer who approved version 1
    may approve the editor's version 2, but not a version 3 she edited."""
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    client.force_login(reviewer)
    approve(client, page)
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.live

    draft = page.get_latest_revision_as_object()
    draft.summary = "The editor's update."
    draft.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    page = ConditionPage.objects.get(pk=page.pk)
    assert "approve" in action_names(page, reviewer)

    draft = page.get_latest_revision_as_object()
    draft.summary = "The editor's update, reworded by the reviewer."
    draft.save_revision(user=reviewer)
    page = ConditionPage.objects.get(pk=page.pk)
    assert "approve" not in action_names(page, reviewer)
    assert "approve" in action_names(page, second_reviewer)


def test_reviewer_cannot_approve_consent_of_a_quote_she_edited(
    client, editor, reviewer, second_reviewer
):
    testimonial = TestimonialFactory(publish=False, live=False)
    testimonial.save_revision(user=editor)
    draft = testimonial.get_latest_revision_as_object()
    draft.quote = "Words the patient never said."
    draft.save_revision(user=reviewer)
    testimonial.get_workflow().start(testimonial, editor)
    testimonial = Testimonial.objects.get(pk=testimonial.pk)
    assert "approve" not in action_names(testimonial, reviewer)

    task_state = testimonial.current_workflow_task_state
    client.force_login(reviewer)
    client.post(
        reverse(
            "wagtailsnippets_snippets_testimonial:workflow_action",
            args=[testimonial.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert not Testimonial.objects.get(pk=testimonial.pk).live
    assert "approve" in action_names(testimonial, second_reviewer)
