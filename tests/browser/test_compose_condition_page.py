"""In a real browser, issue 15's editor composes a new condition page: a typed
three-column table, a reference created in the chooser from a pasted DOI (answered
by the local record server) and cited inline in the body. The API then gives the
table as typed cells and the citation as the reference's number."""

import json
import re
import urllib.request

import pytest

from pages.models import ConditionPage
from snippets.models import Reference
from tests.factories import make_user
from tests.snippets.record_server import DOI, PMID

from .conftest import save_draft
from .test_medical_review import insert_block

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TABLE = "#body-0-value-content-0-value-table"
# Type, course, share of diagnoses: (column type as the add-column menu names it,
# heading), then the rows.
COLUMNS = [
    ("Text", "Type"),
    ("Text", "Course"),
    ("Percentage", "Share of diagnoses"),
]
ROWS = [
    ("Relapsing-remitting", "Relapses, then recovery", "85"),
    ("Primary progressive", "Gradual from the start", "15"),
]
PARAGRAPH = "[data-contentpath='body'] .public-DraftEditor-content"


def add_column(editor, menu_label: str) -> None:
    editor.locator("button[data-append-column]").click()
    editor.locator(".add-column-menu").get_by_role(
        "button", name=menu_label, exact=True
    ).click()


def fill_table(editor) -> None:
    editor.fill(f"{TABLE}-caption", "Types of multiple sclerosis")
    for column, (menu_label, heading) in enumerate(COLUMNS):
        add_column(editor, menu_label)
        editor.fill(f"input[name='{TABLE[1:]}-column-{column}-heading']", heading)
    for row, values in enumerate(ROWS):
        if row:  # the first column came with the first row
            editor.locator("button[data-add-row]").click()
        for column, value in enumerate(values):
            editor.fill(f"{TABLE}-cell-{row}-{column}", value)


def choose_reference_from_doi(editor) -> None:
    """Adds a reference to the page's list, created in the chooser from a DOI."""
    editor.get_by_role("tab", name="References & related").click()
    editor.locator("#references-root .c-sf-add-button").first.click()
    editor.get_by_role("button", name="Choose reference").first.click()
    modal = editor.locator(".modal")
    modal.get_by_role("tab", name="New reference").click()
    modal.locator("textarea[name='import_source']").fill(f"https://doi.org/{DOI}")
    # The first Create fills the form from the record and shows it for checking.
    modal.get_by_role("button", name="Create").click()
    modal.get_by_text("Filled in from the record").wait_for()
    assert "Riluzole" in modal.locator("[name='title']").input_value()
    assert modal.locator("[name='pmid']").input_value() == PMID
    assert not Reference.objects.exists()
    modal.get_by_role("button", name="Create").click()
    modal.wait_for(state="hidden")


def cite_in_paragraph(editor, text: str) -> None:
    """Types ``text`` in the body's paragraph and cites the reference in place of
    its last word (before the full stop), chosen in the chooser by its first
    author."""
    paragraph = editor.locator(PARAGRAPH).first
    paragraph.click()
    paragraph.press_sequentially(text)
    # Selecting the word shows the toolbar.
    paragraph.press("ArrowLeft")
    for _letter in text.rstrip(".").split()[-1]:
        paragraph.press("Shift+ArrowLeft")
    editor.get_by_role("button", name="Cite a reference").click()
    modal = editor.locator(".modal")
    modal.get_by_role("link", name=re.compile("Bensimon G")).click()
    modal.wait_for(state="hidden")
    assert "[Bensimon G (1994)]." in paragraph.inner_text()
    # Draftail copies its content into the form's hidden input after a short delay.
    editor.wait_for_function(
        "() => [...document.querySelectorAll('input[name$=\"-value-content-1-value\"]')]"
        ".some((input) => input.value.includes('CITATION'))"
    )


def test_editor_composes_a_condition_page_with_a_table_and_a_citation(
    live_server, conditions, logged_in, record_server
):
    make_user("edna", "Editors")
    base = live_server.url

    editor = logged_in("edna")
    editor.goto(f"{base}/admin/pages/add/pages/conditionpage/{conditions.pk}/")
    editor.fill("#id_title", "Multiple sclerosis")
    editor.fill("#id_medical_name", "Multiple sclerosis")
    editor.fill("#id_summary", "MS is treated with disease-modifying medicines.")
    insert_block(editor, editor.locator("#body-root .c-sf-add-button").first, "Section")
    editor.fill("#body-0-value-heading", "Types of MS")
    insert_block(
        editor,
        editor.locator("[data-contentpath='content'] .c-sf-add-button").first,
        "Data table",
    )
    fill_table(editor)
    choose_reference_from_doi(editor)
    editor.get_by_role("tab", name="Content").click()
    insert_block(
        editor,
        editor.locator("[data-contentpath='content'] .c-sf-add-button").last,
        "Rich text",
    )
    cite_in_paragraph(editor, "Most people first have relapses and remissions SOURCE.")
    save_draft(editor)
    page_id = int(re.search(r"/pages/(\d+)/edit/", editor.url).group(1))
    editor.close()

    reference = Reference.objects.get()
    assert reference.pmid == PMID
    # A reviewer's approvals, outside this test: the reference, then the page.
    reference.save_revision().publish()
    draft = ConditionPage.objects.get(pk=page_id).get_latest_revision_as_object()
    draft.save_revision().publish()

    with urllib.request.urlopen(f"{base}/api/v2/pages/{page_id}/") as response:  # noqa: S310
        data = json.load(response)
    table = data["body"][0]["value"]["content"][0]["value"]
    assert table["caption"] == "Types of multiple sclerosis"
    assert table["columns"] == [
        {"heading": "Type", "type": "text"},
        {"heading": "Course", "type": "text"},
        {"heading": "Share of diagnoses", "type": "percentage"},
    ]
    assert [row["cells"] for row in table["items"]] == [
        ["Relapsing-remitting", "Relapses, then recovery", 85],
        ["Primary progressive", "Gradual from the start", 15],
    ]
    paragraph = data["body"][0]["value"]["content"][1]["value"]
    assert (
        "remissions "
        f'<a href="#ref-1" class="citation" data-reference-id="{reference.pk}">'
        "[1]</a>." in paragraph
    )
    assert [(item["number"], item["id"]) for item in data["references"]] == [
        (1, reference.pk)
    ]
