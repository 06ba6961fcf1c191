"""End to end in a real browser: an editor translates a section heading of a
condition page into German in wagtail-localize's translation editor and submits the
translation to the medical review; a reviewer without German is not offered
"Approve", a German-speaking reviewer approves it, and the public API serves the
German text with her as its reviewer."""

import json
import urllib.request

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale

import pytest
from playwright.sync_api import expect

from cms.translations import translate
from pages.models import ConditionPage
from tests.factories import (
    ConditionPageFactory,
    DoctorFactory,
    make_user,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADING = "How stem cells help"
HEADING_DE = "Wie Stammzellen helfen"


def api_json(url: str) -> dict:
    with urllib.request.urlopen(url) as response:  # noqa: S310 (the live test server)
        return json.load(response)


def test_editor_translates_a_section_german_reviewer_approves(
    live_server, conditions, logged_in
):
    als = ConditionPageFactory(
        parent=conditions,
        title="ALS",
        slug="als",
        body__0__section__heading=HEADING,
    )
    german = Locale.objects.get_or_create(language_code="de")[0]
    make_user("edna", "Editors")
    lana = make_user("lana", "Medical reviewers")
    DoctorFactory(name="Lana Marković", languages=["en", "sr"], user=lana)
    greta = make_user("greta", "Medical reviewers")
    DoctorFactory(name="Greta Keller", languages=["en", "de"], user=greta)
    # "Translate this page": the German page starts with the English text.
    german_page = translate(als, german, {}).target
    base = live_server.url

    editor = logged_in("edna")
    editor.goto(f"{base}/admin/pages/{german_page.pk}/edit/")
    segment = editor.locator("li").filter(has_text=HEADING).last
    segment.get_by_role("button", name="Translate").click()
    segment.locator("textarea").fill(HEADING_DE)
    segment.get_by_role("button", name="Save").click()
    # Saved when the segment shows the translation with its "Edit" button again.
    segment = editor.locator("li").filter(has_text=HEADING_DE).last
    segment.get_by_role("button", name="Edit").wait_for()

    editor.get_by_role("link", name="Submit translation to medical review").click()
    editor.locator("button[data-submit-translation]").click()
    # The editor stays on the edit view: its address proves nothing, the message does.
    expect(editor.locator(".messages")).to_contain_text("submitted to Medical review")
    editor.close()

    german_page = ConditionPage.objects.get(pk=german_page.pk)
    task_state = german_page.current_workflow_task_state
    assert task_state is not None

    def action_url(action: str) -> str:
        return reverse(
            "wagtailadmin_pages:workflow_action",
            args=[german_page.pk, action, task_state.pk],
        )

    # Lana reads no German: her dashboard lists the page without "Approve".
    reviewer_page = logged_in("lana")
    actions = reviewer_page.locator("[data-workflow-action-url]")
    reviewer_page.locator(
        f"[data-workflow-action-url='{action_url('reject')}']"
    ).wait_for(state="attached")
    urls = [
        actions.nth(i).get_attribute("data-workflow-action-url")
        for i in range(actions.count())
    ]
    assert action_url("approve") not in urls
    reviewer_page.close()

    # Greta reads German: she approves from her dashboard.
    reviewer_page = logged_in("greta")
    approve_button = reviewer_page.locator(
        f"[data-workflow-action-url='{action_url('approve')}']"
    )
    row = reviewer_page.locator("tr").filter(has=approve_button.first)
    row.locator("[data-w-dropdown-target='toggle']").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    dialog = reviewer_page.locator(".modal-dialog, [role='dialog']").filter(
        has=reviewer_page.locator("form")
    )
    dialog.locator("textarea").fill("Checked the German text.")
    dialog.locator("button[type='submit']").click()
    # Back on the dashboard, which no longer lists the approved page.
    approve_button.first.wait_for(state="detached")
    reviewer_page.close()

    data = api_json(f"{base}/api/v2/pages/find/?html_path=/de/conditions/als/")
    today = timezone.localdate().isoformat()
    assert data["meta"]["locale"] == "de"
    assert HEADING_DE in json.dumps(data["body"], ensure_ascii=False)
    assert data["medical_review"]["reviewer"]["name"] == "Dr. Greta Keller"
    assert data["medical_review"]["last_reviewed"] == today
    assert data["medical_review"]["status"] == "reviewed"
    english = api_json(f"{base}/api/v2/pages/{als.pk}/")
    assert HEADING in json.dumps(english["body"])
    assert (english["medical_review"]["reviewer"] or {}).get("name") != (
        "Dr. Greta Keller"
    )
