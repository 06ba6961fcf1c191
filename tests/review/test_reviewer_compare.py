"""The reviewer's comparison: what changed since the last approval, block by block,
and demo content that an untouched save leaves as it is."""

import re
from io import StringIO

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Page
from wagtail.rich_text import RichText

import pytest

from pages.models import ConditionPage
from review.records import EDITORIAL_PAGE_FIELDS, same_content
from snippets import models as snippet_models
from tests.factories import DoctorFactory, TestimonialFactory
from tests.pages.editor import medical_page_data
from tests.pages.form_data import editor_form_data
from tests.review.conftest import approve, condition_body, create_and_submit

pytestmark = pytest.mark.django_db

IMAGE_SCALE = 0.05


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_content", image_scale=IMAGE_SCALE, stdout=StringIO())
    return ConditionPage.objects.get(slug="als", locale__language_code="en")


def edit(client, page, data, action=None):
    post = {**data}
    if action:
        post[action] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), post)
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    return ConditionPage.objects.get(pk=page.pk)


def rich_texts(value, found=None):
    """Every rich text string in stored stream JSON, in order."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for item in value.values():
            rich_texts(item, found)
    elif isinstance(value, list):
        for item in value:
            rich_texts(item, found)
    elif isinstance(value, str) and value.startswith("<"):
        found.append(value)
    return found


def test_saving_the_demo_page_untouched_stores_the_same_content(admin_client, demo):
    live = demo.live_revision
    page = edit(admin_client, demo, editor_form_data(demo, demo.owner))

    draft = page.latest_revision
    assert draft.pk != live.pk
    assert same_content(live, draft)
    assert draft.content["intro"] == live.content["intro"]
    assert rich_texts(draft.content["body"]) == rich_texts(live.content["body"])
    # Stronger: every content field as stored, block ids and block keys included.
    content_fields = [
        field.name
        for field in ConditionPage._meta.fields
        if field.serialize
        and (field.model is not Page or field.name in EDITORIAL_PAGE_FIELDS)
    ]
    assert {"summary", "intro", "body", "references"} <= set(content_fields)
    assert {name: draft.content[name] for name in content_fields} == {
        name: live.content[name] for name in content_fields
    }


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


def section_headings(page) -> list[str]:
    return [
        child.value["heading"] for child in page.body if child.block_type == "section"
    ]


def test_demo_review_record_names_the_published_revision(demo):
    assert demo.reviewed_revision_id == demo.live_revision_id
    assert demo.live_revision.content["reviewed_revision"] == demo.live_revision_id
    assert not demo.has_unreviewed_changes


def test_a_summary_edit_shows_only_the_summary(admin_client, demo):
    data = editor_form_data(demo, demo.owner)
    # New block ids everywhere (as after a copy and paste): identity, not content.
    # A code's id is its database row (an inline form), not a block id: kept.
    data = {
        key: "" if key.endswith("-id") and not key.startswith("codes-") else value
        for key, value in data.items()
    }
    old_sentence = demo.summary.split(". ")[0]
    data["summary"] = demo.summary.replace(old_sentence, "Stem cells help some people")
    page = submit(admin_client, demo, data)

    html = changes_html(admin_client, page)

    assert f'data-baseline="{demo.live_revision_id}"' in html
    assert change_count(html) == 1
    assert "Summary" in html and "Intro" not in html
    assert '<span class="addition">' in html and '<span class="deletion">' in html
    assert re.search(r'<span class="addition">[^<]*help[^<]*</span>', html)
    for heading in section_headings(demo):
        assert heading not in html


def test_a_sentence_edit_in_a_section_shows_only_that_block(admin_client, demo):
    headings = section_headings(demo)
    section = next(
        child
        for child in demo.body
        if child.block_type == "section"
        and any(item.block_type == "paragraph" for item in child.value["content"])
    )
    paragraph = next(
        item for item in section.value["content"] if item.block_type == "paragraph"
    )
    old_source = paragraph.value.source
    first_sentence = re.search(r">([^<.]+)\.", old_source).group(1)
    paragraph.value = RichText(
        old_source.replace(first_sentence, "A reviewer reads this new sentence", 1)
    )
    page = submit(admin_client, demo, editor_form_data(demo, demo.owner))

    html = changes_html(admin_client, page)

    # The body, its section, the paragraph.
    assert change_count(html) == 3
    assert section.value["heading"] in html
    assert [heading for heading in headings if heading in html] == [
        section.value["heading"]
    ]
    assert re.search(r'<span class="addition">[^<]*reviewer[^<]*</span>', html)
    assert '<span class="deletion">' in html
    assert "Summary" not in html
    # The block's paragraphs stay apart (Wagtail's comparison runs them together).
    assert old_source.count("</p>") > 1
    assert "<br>" in html


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


def test_wagtail_compare_with_live_lists_only_the_summary(admin_client, demo):
    """The issue's symptom: "Compare with live" after a one-sentence edit listed the
    whole intro and body, because the demo's stored form differed from the editor's."""
    data = editor_form_data(demo, demo.owner)
    data["summary"] = demo.summary.replace("ALS cannot be cured.", "ALS has no cure.")
    assert data["summary"] != demo.summary
    page = edit(admin_client, demo, data)

    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[page.pk, "live", page.latest_revision_id],
        )
    )

    assert response.status_code == 200
    assert [
        str(comparison.field_label()) for comparison in response.context["comparison"]
    ] == ["Summary"]


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
