"""In a real browser: an editor fills a new reference from a pasted DOI (served by the
local record server), saves it, and a second reference with the same DOI is flagged
on the DOI field as soon as the DOI is pasted, with a link to the first."""

import pytest

from snippets.models import Reference
from tests.factories import make_user
from tests.snippets.record_server import DOI, PMID

from .conftest import save_draft

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADD = "/admin/snippets/snippets/reference/add/"


def test_editor_fills_a_reference_from_a_doi_and_is_warned_of_a_duplicate(
    live_server, logged_in, record_server
):
    make_user("edna", "Editors")
    base = live_server.url
    editor = logged_in("edna")

    editor.goto(f"{base}{ADD}")
    editor.fill("#id_import_source", f"https://doi.org/{DOI}")
    editor.wait_for_timeout(1500)  # longer than Wagtail's autosave interval
    assert not Reference.objects.exists()  # pasting saves nothing
    with editor.expect_navigation():
        editor.click("button[name='action-import']")
    assert "Riluzole" in editor.input_value("#id_title")
    assert editor.input_value("#id_pmid") == PMID
    assert editor.input_value("#id_journal") == "N Engl J Med"
    assert [editor.input_value(f"#id_authors-{n}-family_name") for n in range(3)] == [
        "Bensimon",
        "Lacomblez",
        "Meininger",
    ]
    editor.wait_for_timeout(1500)
    assert not Reference.objects.exists()  # filling in saves nothing

    save_draft(editor)
    saved = Reference.objects.get()
    assert saved.pmid == PMID
    assert [str(author) for author in saved.authors.all()] == [
        "Bensimon G",
        "Lacomblez L",
        "Meininger V",
    ]

    editor.goto(f"{base}{ADD}")
    editor.fill("#id_doi", DOI.lower())
    editor.dispatch_event("#id_doi", "change")
    warning = editor.locator("[data-field-errors] .error-message a")
    warning.wait_for()
    assert warning.get_attribute("href") == (
        f"/admin/snippets/snippets/reference/edit/{saved.pk}/"
    )
