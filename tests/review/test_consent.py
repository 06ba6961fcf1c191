"""Testimonials go through the "Testimonial consent" workflow: approval is refused,
with the reasons shown, while the patient's consent does not cover the testimonial."""

import datetime

from django.urls import reverse

import pytest

from snippets import models as snippet_models
from tests.factories import TestimonialFactory

pytestmark = pytest.mark.django_db


def submit(testimonial, user):
    workflow = testimonial.get_workflow()
    assert workflow.name == "Testimonial consent"
    return workflow.start(testimonial, user)


def action_url(name, testimonial, action):
    task_state = testimonial.current_workflow_task_state
    return reverse(
        f"wagtailsnippets_snippets_testimonial:{name}",
        args=[testimonial.pk, action, task_state.pk],
    )


@pytest.fixture
def without_consent(editor):
    testimonial = TestimonialFactory(publish=False, live=False, consent_given_on=None)
    testimonial.save_revision(user=editor)
    submit(testimonial, editor)
    return testimonial


def test_approval_dialog_explains_why_consent_blocks_it(
    client, without_consent, reviewer
):
    client.force_login(reviewer)
    response = client.get(
        action_url("collect_workflow_action_data", without_consent, "approve")
    )
    html = response.json()["html"]
    assert "This testimonial cannot be approved: No consent date is on record." in html
    assert "<form" not in html


def test_approval_without_consent_is_refused(client, without_consent, reviewer):
    client.force_login(reviewer)
    client.post(
        action_url("workflow_action", without_consent, "approve"), {"comment": ""}
    )
    testimonial = snippet_models.Testimonial.objects.get(pk=without_consent.pk)
    assert not testimonial.live
    assert testimonial.current_workflow_task_state.status == "in_progress"


def test_revoked_consent_is_refused(editor):
    testimonial = TestimonialFactory(
        publish=False, live=False, consent_revoked_on=datetime.date(2024, 1, 1)
    )
    testimonial.save_revision(user=editor)
    state = submit(testimonial, editor)
    task = state.current_task_state.task.specific
    problems = task.approval_problems(
        state.current_task_state.revision.as_object(), editor
    )
    assert problems == [
        "This testimonial cannot be approved: The patient revoked consent."
    ]


def test_valid_consent_is_approved_and_published(client, editor, reviewer):
    testimonial = TestimonialFactory(publish=False, live=False)
    testimonial.save_revision(user=editor)
    submit(testimonial, editor)
    client.force_login(reviewer)

    dialog = client.get(
        action_url("collect_workflow_action_data", testimonial, "approve")
    )
    assert "<form" in dialog.json()["html"]
    response = client.post(
        action_url("workflow_action", testimonial, "approve"),
        {"comment": "Consent form checked."},
    )
    assert response.status_code == 302
    testimonial = snippet_models.Testimonial.objects.get(pk=testimonial.pk)
    assert testimonial.live
    assert not testimonial.workflow_in_progress


def test_consent_fixed_then_approved(client, without_consent, editor, reviewer):
    client.force_login(reviewer)
    client.post(
        action_url("workflow_action", without_consent, "reject"),
        {"comment": "Attach the signed consent."},
    )
    draft = without_consent.get_latest_revision_as_object()
    draft.consent_given_on = datetime.date(2024, 6, 1)
    draft.save_revision(user=editor)
    without_consent.current_workflow_state.resume(editor)

    response = client.post(
        action_url("workflow_action", without_consent, "approve"), {"comment": ""}
    )
    assert response.status_code == 302
    testimonial = snippet_models.Testimonial.objects.get(pk=without_consent.pk)
    assert testimonial.live
    assert testimonial.consent_given_on == datetime.date(2024, 6, 1)
