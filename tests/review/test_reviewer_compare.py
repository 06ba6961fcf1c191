"""The reviewer's comparison: what changed since the last approval, block by block
(on the demo content: test_reviewer_compare_demo.py)."""

import re

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from pages.models import ConditionPage
from snippets import models as snippet_models
from tests.factories import DoctorFactory, TestimonialFactory
from tests.pages.editor import medical_page_data
from tests.review.conftest import approve, condition_body, create_and_submit

pytestmark = pytest.mark.django_db


def edit(client, page, data, action=None):
    post = {**data}
    if action:
        post[action] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), post)
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    return ConditionPage.objects.get(pk=page.pk)


def submit(client, page, data) -> ConditionPage:
    """The editor's "Submit to Medical review"."""
    page = edit(client, page, data, "action-submit")
    assert page.current_workflow_task_state is not None
    return page


def changes_url(task_state) -> str:
    return reverse("review_changes", args=[task_state.pk])


CITATION_CHECKS = re.compile(r"<div [^>]*data-citation-checks>.*?</div>", re.DOTALL)


def without_citation_checks(html: str) -> str:
    return CITATION_CHECKS.sub("", html)


def changes_html(client, page) -> str:
    """The comparison screen without its citation checks (tests/review/
    test_citation_checks.py), which name the demo's sections whose findings cite
    nothing inline, changed or not."""
    response = client.get(changes_url(page.current_workflow_task_state))
    assert response.status_code == 200
    return without_citation_checks(response.content.decode())


def change_count(html: str) -> int:
    return html.count("data-change=")


def test_a_new_page_under_review_says_nothing_was_approved(
    client, site_tree, editor, reviewer
):
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    client.force_login(reviewer)

    html = changes_html(client, page)

    assert "Nothing was approved before" in html
    assert "data-baseline" not in html
    assert 'data-change="added"' in html
    assert "Cost of treatment" in html
    assert "Stem cells given with standard care may slow ALS down." in html


def test_only_the_task_group_and_editors_see_the_changes(
    client, site_tree, editor, reviewer, django_user_model
):
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    url = changes_url(page.current_workflow_task_state)
    assert client.get(url).status_code == 200
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    assert client.get(reverse("review_changes", args=[10**6])).status_code == 404

    outsider = django_user_model.objects.create_user("otto", password="x")
    outsider.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(outsider)
    # Wagtail's admin answers PermissionDenied with a redirect home and a message.
    refused = client.get(url)
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    client.logout()
    assert reverse("wagtailadmin_login") in client.get(url).url


def test_dashboard_and_approval_dialog_link_to_the_changes(
    client, site_tree, editor, reviewer
):
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    task_state = ConditionPage.objects.get(pk=page.pk).current_workflow_task_state
    client.force_login(reviewer)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{changes_url(task_state)}"' in dashboard
    assert "Compare with previous version" not in dashboard

    dialog = client.get(
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[page.pk, "approve", task_state.pk],
        )
    )
    assert f'href="{changes_url(task_state)}"' in dialog.json()["html"]


def test_a_testimonial_edit_shows_only_the_quote(client, editor, reviewer):
    testimonial = TestimonialFactory(publish=False, live=False)
    testimonial.save_revision(user=editor)
    testimonial.get_workflow().start(testimonial, editor)
    client.force_login(reviewer)
    html = changes_html(client, testimonial)
    assert "Nothing was approved before" in html
    assert testimonial.quote in html
    task_state = testimonial.current_workflow_task_state
    approve_url = reverse(
        "wagtailsnippets_snippets_testimonial:workflow_action",
        args=[testimonial.pk, "approve", task_state.pk],
    )
    assert client.post(approve_url, {"comment": ""}).status_code == 302

    draft = snippet_models.Testimonial.objects.get(pk=testimonial.pk)
    draft.quote = "The therapy gave me my voice back."
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    html = changes_html(
        client, snippet_models.Testimonial.objects.get(pk=testimonial.pk)
    )

    assert "data-baseline" in html
    assert change_count(html) == 1
    assert '<span class="addition">' in html and "voice" in html


def test_a_moved_block_shows_as_moved(client, site_tree, editor, reviewer):
    client.force_login(editor)
    page = create_and_submit(client, site_tree["conditions"])
    client.force_login(reviewer)
    assert approve(client, page).status_code == 302
    client.force_login(editor)
    data = medical_page_data(
        "Stem cell therapy for ALS",
        list(reversed(condition_body())),
        slug="stem-cell-therapy-for-als",
    )
    page = submit(client, ConditionPage.objects.get(pk=page.pk), data)
    client.force_login(reviewer)

    html = changes_html(client, page)

    assert "data-baseline" in html
    assert re.findall(r'data-change="(\w+)"', html) == ["edited", "moved"]


def test_a_doctor_profile_under_review_shows_its_content(client, editor, reviewer):
    doctor = DoctorFactory(
        publish=False, live=False, bio="Treats motor neuron disease."
    )
    doctor.save_revision(user=editor)
    doctor.get_workflow().start(doctor, editor)
    client.force_login(reviewer)

    html = changes_html(client, snippet_models.Doctor.objects.get(pk=doctor.pk))

    assert "Nothing was approved before" in html
    assert "Treats motor neuron disease." in html
    assert doctor.name in html
