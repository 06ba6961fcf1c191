"""In a real browser: an editor selects a word in a paragraph, cites a reference with
the toolbar's citation button and the reference chooser, and saves; the API then
shows the citation as the reference's number."""

import json
import re
import urllib.request

import pytest

from pages.models import ConditionPage
from tests.factories import (
    ConditionPageFactory,
    ReferenceFactory,
    make_user,
)

from .conftest import save_draft

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARAGRAPH = "[data-contentpath='body'] .public-DraftEditor-content"


def body_with_paragraph(text: str) -> str:
    paragraph = {"type": "paragraph", "value": f'<p data-block-key="a1">{text}</p>'}
    return json.dumps(
        [
            {
                "type": "section",
                "value": {
                    "heading": "Evidence",
                    "anchor": "evidence",
                    "content": [paragraph],
                },
            }
        ]
    )


def test_editor_cites_a_reference_inline(live_server, conditions, logged_in):
    listed = ReferenceFactory(authors=[("Bensimon", "G")], year=1994)
    cited = ReferenceFactory(authors=[("Miller", "RG")], year=2012)
    page = ConditionPageFactory(parent=conditions, title="ALS")
    page.body = body_with_paragraph("Riluzole prolongs survival SOURCE.")
    page.references = json.dumps(
        [{"type": "reference", "value": pk} for pk in (listed.pk, cited.pk)]
    )
    page.save_revision().publish()
    make_user("edna", "Editors")
    base = live_server.url

    editor = logged_in("edna")
    editor.goto(f"{base}/admin/pages/{page.pk}/edit/")
    paragraph = editor.locator(PARAGRAPH).first
    paragraph.click()
    # Select the word SOURCE (before the full stop that ends the paragraph).
    paragraph.press("End")
    paragraph.press("ArrowLeft")
    for _letter in "SOURCE":
        paragraph.press("Shift+ArrowLeft")
    editor.get_by_role("button", name="Cite a reference").click()
    modal = editor.locator(".modal")
    modal.get_by_role("link", name=re.compile("Miller RG")).click()
    modal.wait_for(state="hidden")
    assert "survival [Miller RG (2012)]." in paragraph.inner_text()
    editor.wait_for_function(
        "() => [...document.querySelectorAll('input[name$=\"-value-content-0-value\"]')]"
        ".some((input) => input.value.includes('CITATION'))"
    )
    save_draft(editor)
    editor.close()

    draft = ConditionPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stored = draft.body[0].value["content"][0].value.source
    assert f'<a linktype="citation" id="{cited.pk}">Miller RG (2012)</a>' in stored
    draft.save_revision().publish()

    with urllib.request.urlopen(f"{base}/api/v2/pages/{page.pk}/") as response:  # noqa: S310
        data = json.load(response)
    paragraph = data["body"][0]["value"]["content"][0]["value"]
    assert (
        f'survival <a href="#ref-1" class="citation" data-reference-id="{cited.pk}">'
        "[1]</a>." in paragraph
    )
    assert [(item["number"], item["id"]) for item in data["references"]] == [
        (1, cited.pk),
        (2, listed.pk),
    ]
