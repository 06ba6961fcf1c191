"""The reviewer's comparison on the demo content: an untouched save leaves the demo
page as it is, and one edit shows as that edit only. The demo is loaded once for
the module (``demo_content``); each test's writes are rolled back after it. The
comparison's tests on pages built by factories are in test_reviewer_compare.py."""

import re

from django.urls import reverse

from wagtail.models import Page
from wagtail.rich_text import RichText

import pytest

from pages.models import ConditionPage
from review.records import EDITORIAL_PAGE_FIELDS, same_content
from tests.pages.form_data import editor_form_data
from tests.review.test_reviewer_compare import change_count, changes_html, edit, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_site) -> ConditionPage:
    return ConditionPage.objects.get(slug="als", locale__language_code="en")


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
