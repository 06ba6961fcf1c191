"""Groups, permissions and workflow assignments created by the migration."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from wagtail.models import WorkflowContentType

import pytest

from pages.models import ConditionPage
from review.models import ConsentApprovalTask, MedicalReviewTask
from snippets import models as snippet_models
from tests.factories import ConditionPageFactory, TherapyPageFactory

from .conftest import add_url, condition_data, edit_url

pytestmark = pytest.mark.django_db


def test_migration_creates_the_three_roles():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Editors", "Medical reviewers", "Administrators"} <= names


def test_medical_review_workflow_is_approved_by_medical_reviewers():
    task = MedicalReviewTask.objects.get()
    assert [group.name for group in task.groups.all()] == ["Medical reviewers"]
    assert [workflow.name for workflow in task.workflows] == ["Medical review"]


def test_sections_get_the_medical_review_workflow(site_tree):
    for section in ("conditions", "therapies"):
        assert site_tree[section].get_workflow().name == "Medical review"
    condition = ConditionPageFactory(parent=site_tree["conditions"])
    therapy = TherapyPageFactory(parent=site_tree["therapies"])
    assert condition.get_workflow().name == "Medical review"
    assert therapy.get_workflow().name == "Medical review"
    assert site_tree["home"].get_workflow().name != "Medical review"


def test_snippet_workflows():
    def workflow_for(model):
        content_type = ContentType.objects.get_for_model(model)
        return WorkflowContentType.objects.get(content_type=content_type).workflow

    assert workflow_for(snippet_models.Doctor).name == "Medical review"
    assert workflow_for(snippet_models.Testimonial).name == "Testimonial consent"
    assert isinstance(
        workflow_for(snippet_models.Testimonial).tasks.specific().get(),
        ConsentApprovalTask,
    )


def test_editor_can_create_and_submit_but_not_publish(client, site_tree, editor):
    index = site_tree["conditions"]
    assert index.permissions_for_user(editor).can_add_subpage()
    client.force_login(editor)

    response = client.post(
        add_url(index),
        {**condition_data(), "action-publish": "1"},
    )
    page = ConditionPage.objects.get(slug="stem-cell-therapy-for-als")
    assert not page.live
    assert response.status_code in (302, 403)
    assert not page.permissions_for_user(editor).can_publish()

    response = client.post(
        edit_url(page), {**condition_data(summary="Edited"), "action-publish": "1"}
    )
    page.refresh_from_db()
    assert not page.live
    assert page.live_revision is None

    response = client.post(edit_url(page), {**condition_data(), "action-submit": "1"})
    assert response.status_code == 302
    assert ConditionPage.objects.get(pk=page.pk).workflow_in_progress


def test_editor_cannot_publish_doctors_or_testimonials(editor, administrator):
    for model in ("doctor", "testimonial"):
        assert editor.has_perm(f"snippets.change_{model}")
        assert not editor.has_perm(f"snippets.publish_{model}")
        assert administrator.has_perm(f"snippets.publish_{model}")
    assert not editor.has_perm("review.correct_review_record")
    assert administrator.has_perm("review.correct_review_record")


def test_reviewers_approve_but_cannot_publish_directly(site_tree, reviewer):
    page = ConditionPageFactory(parent=site_tree["conditions"])
    permissions = page.permissions_for_user(reviewer)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_administrators_can_publish(site_tree, administrator):
    page = ConditionPageFactory(parent=site_tree["conditions"])
    assert page.permissions_for_user(administrator).can_publish()
