"""End to end in a real browser: an editor writes a condition page and submits it,
a medical reviewer compares and approves it, the public API serves it reviewed."""

import json
import re
import urllib.request

from django.utils import timezone

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from pages.models import ConditionPage
from tests.factories import (
    ConditionPageFactory,
    DoctorFactory,
    ReferenceFactory,
    make_user,
)

from .conftest import save_draft

# serialized_rollback: the flush after this test would otherwise drop the rows
# that data migrations create (locales, groups, workflows) for later tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def insert_block(page, stream, label: str) -> None:
    """Choose ``label`` in a stream's block menu, until a block is inserted. The
    menu can drop a click that arrives while it is still opening, or close
    without inserting (both seen on a loaded machine): the menu is opened and
    the choice made again until the form holds one more block."""
    blocks = "[data-contentpath]"
    before = page.locator(blocks).count()
    option = page.get_by_role("option", name=label, exact=True)
    for _attempt in range(3):
        if option.is_hidden():
            stream.click()
        try:
            option.click(timeout=10_000)
        except PlaywrightTimeoutError:
            if not option.is_hidden():
                raise
        try:
            page.wait_for_function(
                "([selector, count]) => "
                "document.querySelectorAll(selector).length > count",
                arg=[blocks, before],
                timeout=10_000,
            )
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"the block menu never inserted {label!r}")


def type_rich_text(page, selector: str, text: str) -> None:
    editor = page.locator(selector)
    editor.click()
    editor.press_sequentially(text)
    # Draftail copies its content into the form's hidden input after a short delay.
    page.wait_for_function(
        "([selector, text]) => [...document.querySelectorAll(selector)]"
        ".some((input) => input.value.includes(text))",
        arg=["input[name$='-items-0-value-text']", text],
    )


def open_actions(page) -> None:
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def test_editor_submits_reviewer_approves_api_serves(
    live_server, conditions, logged_in
):
    make_user("edna", "Editors")
    reviewer = make_user("lana", "Medical reviewers")
    DoctorFactory(name="Lana Marković", credentials="MD", user=reviewer)
    base = live_server.url

    editor = logged_in("edna")
    editor.goto(f"{base}/admin/pages/add/pages/conditionpage/{conditions.pk}/")
    editor.fill("#id_title", "Stem cell therapy for ALS")
    editor.fill("#id_medical_name", "Amyotrophic lateral sclerosis")
    editor.fill("#id_summary", "Stem cells given with standard care may slow ALS.")
    insert_block(editor, editor.locator("#body-root .c-sf-add-button").first, "Section")
    editor.fill("#body-0-value-heading", "Cost of treatment")
    insert_block(
        editor,
        editor.locator("[data-contentpath='content'] .c-sf-add-button").first,
        "Price table",
    )
    row = "#body-0-value-content-0-value-items-0-value-"
    editor.fill(f"{row}region", "Serbia")
    editor.fill(f"{row}minimum", "7000")
    editor.fill(f"{row}maximum", "31000")
    editor.select_option(f"{row}currency", "EUR")
    save_draft(editor)
    page_id = int(re.search(r"/pages/(\d+)/edit/", editor.url).group(1))

    insert_block(editor, editor.locator("#body-root .c-sf-add-button").last, "FAQ")
    editor.fill("#body-1-value-items-0-value-title", "How long is the stay?")
    type_rich_text(
        editor,
        "[data-contentpath='items'] [data-contentpath='text'] .public-DraftEditor-content",
        "About eight days in hospital.",
    )
    open_actions(editor)
    editor.locator("button[name='action-submit']").click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "submitted for moderation" in editor.locator(".messages").inner_text()
    editor.close()

    reviewer_page = logged_in("lana")
    reviewer_page.goto(
        f"{base}/admin/pages/{page_id}/revisions/compare/earliest...latest/"
    )
    comparison = reviewer_page.locator("main").inner_text()
    assert "Cost of treatment" in comparison
    assert "Serbia" in comparison and "31000" in comparison
    assert "How long is the stay?" in comparison

    reviewer_page.goto(f"{base}/admin/pages/{page_id}/edit/")
    open_actions(reviewer_page)
    reviewer_page.get_by_role("button", name="Approve", exact=True).click()
    dialog = reviewer_page.locator(".modal-dialog, [role='dialog']").filter(
        has=reviewer_page.locator("form")
    )
    dialog.locator("textarea").fill("Checked against the references.")
    dialog.locator("button[type='submit']").click()
    reviewer_page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    with urllib.request.urlopen(f"{base}/api/v2/pages/{page_id}/") as response:  # noqa: S310
        data = json.load(response)
    reviewer_page.close()

    today = timezone.localdate().isoformat()
    assert data["title"] == "Stem cell therapy for ALS"
    assert data["medical_review"]["reviewer"]["name"] == "Dr. Lana Marković"
    assert data["medical_review"]["last_reviewed"] == today
    body_types = [block["type"] for block in data["body"]]
    assert body_types == ["section", "faq"]
    page = ConditionPage.objects.get(pk=page_id)
    assert page.live and page.reviewed_revision == page.live_revision


def api_json(url: str) -> dict:
    with urllib.request.urlopen(url) as response:  # noqa: S310 (the live test server)
        return json.load(response)


def test_reference_edit_goes_live_only_after_another_reviewer_approves(
    live_server, conditions, logged_in
):
    """An editor edits a reference the ALS page cites; a reviewer who did not edit
    it sees the change, approves it, and only then does the citation change. The
    same reviewer is not offered "Approve" on a revision she wrote herself."""
    reference = ReferenceFactory(
        title="Stem cell therapy in ALS", authors=[("Morata-Tarifa", "C")]
    )
    als = ConditionPageFactory(parent=conditions, title="ALS")
    draft = als.get_latest_revision_as_object()
    draft.references = [("reference", reference)]
    draft.save_revision().publish()
    make_user("edna", "Editors")
    reviewer = make_user("lana", "Medical reviewers")
    DoctorFactory(name="Lana Marković", credentials="MD", user=reviewer)
    base = live_server.url
    page_url = f"{base}/api/v2/pages/{als.pk}/"
    edit_url = f"{base}/admin/snippets/snippets/reference/edit/{reference.pk}/"
    before = api_json(page_url)["references"][0]["citation"]
    assert "Stem cell therapy in ALS." in before

    editor = logged_in("edna")
    editor.goto(edit_url)
    editor.fill("#id_title", "Stem cell therapy in ALS: a meta-analysis")
    open_actions(editor)
    editor.locator("button[name='action-submit']").click()
    editor.wait_for_load_state()
    assert "submitted" in editor.locator(".messages").inner_text().lower()
    editor.close()
    assert api_json(page_url)["references"][0]["citation"] == before

    reviewer_page = logged_in("lana")
    # The dashboard's "Awaiting your review" row links to what changed (the link
    # sits in the row's dropdown).
    changes_link = reviewer_page.locator("a[data-review-changes]").first
    reviewer_page.goto(base + changes_link.get_attribute("href"))
    changes = reviewer_page.locator("main")
    changes.locator(".addition").first.wait_for()
    assert any(
        "meta-analysis" in text
        for text in changes.locator(".addition").all_inner_texts()
    )
    reviewer_page.goto(edit_url)
    open_actions(reviewer_page)
    reviewer_page.get_by_role("button", name="Approve", exact=True).click()
    dialog = reviewer_page.locator(".modal-dialog, [role='dialog']").filter(
        has=reviewer_page.locator("form")
    )
    dialog.locator("button[type='submit']").click()
    reviewer_page.locator(".messages").wait_for()
    after = api_json(page_url)["references"][0]["citation"]
    assert "Stem cell therapy in ALS: a meta-analysis." in after

    # Now she edits the ALS page herself and submits it: someone else must approve.
    als_edit_url = f"{base}/admin/pages/{als.pk}/edit/"
    reviewer_page.goto(als_edit_url)
    reviewer_page.fill("#id_summary", "Reworded by the reviewer herself.")
    open_actions(reviewer_page)
    reviewer_page.locator("button[name='action-submit']").click()
    reviewer_page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    reviewer_page.goto(als_edit_url)
    open_actions(reviewer_page)
    assert reviewer_page.get_by_role("button", name="Approve", exact=True).count() == 0
    assert reviewer_page.get_by_role("button", name="Request changes").count() == 1
    reviewer_page.close()
    assert api_json(page_url)["summary"] != "Reworded by the reviewer herself."
