"""The reviewer's citation checks (``review.citations``): references listed but never
cited, citations of references missing from the list or deleted, and efficacy claims
without a citation, on the comparison and in the approval dialog."""

import copy
import re

from django.urls import reverse

from wagtail.test.utils.form_data import rich_text

import pytest

from pages.blocks.content import INLINE_FEATURES, RICH_TEXT_FEATURES
from pages.models import ConditionPage
from review.citations import citation_report, cited_in_order
from tests.factories import ReferenceFactory
from tests.factories.blocks import DATA_TABLE
from tests.pages.editor import list_items, medical_page_data, section
from tests.review.conftest import add_url

pytestmark = pytest.mark.django_db


def cite(reference) -> str:
    return f'<a linktype="citation" id="{reference.pk}">{reference.pk}</a>'


def findings(text: str = "") -> dict:
    return {
        "items": list_items(
            [
                {
                    "title": "Slower decline on the ALSFRS-R scale",
                    "text": rich_text(text, features=INLINE_FEATURES),
                }
            ]
        ),
        "note": "",
    }


def submit_page(client, editor, site_tree, body, references) -> ConditionPage:
    client.force_login(editor)
    data = medical_page_data(
        "Stem cell therapy for ALS",
        body,
        references=references,
        slug="stem-cell-therapy-for-als",
    )
    response = client.post(
        add_url(site_tree["conditions"]), {**data, "action-submit": "1"}
    )
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    return ConditionPage.objects.get(slug="stem-cell-therapy-for-als")


def flags(html: str, name: str) -> list[str]:
    block = re.search(rf"<ul {name}>(.*?)</ul>", html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def test_the_review_screens_flag_citation_problems(client, site_tree, editor, reviewer):
    cited, uncited, unlisted, gone = (ReferenceFactory() for _ in range(4))
    body = [
        (
            "section",
            section(
                "Evidence",
                [
                    (
                        "paragraph",
                        rich_text(
                            f"<p>Shown {cite(cited)}; also {cite(unlisted)} and "
                            f"{cite(gone)}.</p>",
                            features=RICH_TEXT_FEATURES,
                        ),
                    ),
                    ("findings", findings()),
                ],
            ),
        ),
        (
            "section",
            section("Results", [("findings", findings(f"<p>{cite(cited)}</p>"))]),
        ),
    ]
    page = submit_page(client, editor, site_tree, body, [cited, uncited])
    gone_pk = gone.pk
    gone.delete()

    client.force_login(reviewer)
    task_state = page.current_workflow_task_state
    screens = [
        client.get(reverse("review_changes", args=[task_state.pk])).content.decode(),
        client.get(
            reverse(
                "wagtailadmin_pages:collect_workflow_action_data",
                args=[page.pk, "approve", task_state.pk],
            )
        ).json()["html"],
    ]
    for html in screens:
        assert "data-citation-checks" in html
        assert flags(html, "data-references-uncited") == [str(uncited)]
        assert flags(html, "data-citations-unlisted") == [str(unlisted)]
        assert flags(html, "data-citations-deleted") == [f"reference #{gone_pk}"]
        # Only the findings without a citation; those in "Results" cite one.
        assert flags(html, "data-claims-uncited") == [
            "Numbered findings in &quot;Evidence&quot;"
        ]


def test_a_page_whose_citations_are_in_order_has_no_flags(
    client, site_tree, editor, reviewer
):
    reference = ReferenceFactory()
    body = [
        (
            "section",
            section(
                "Results", [("findings", findings(f"<p>Trial {cite(reference)}</p>"))]
            ),
        )
    ]
    page = submit_page(client, editor, site_tree, body, [reference])

    assert not citation_report(page.get_latest_revision_as_object())
    client.force_login(reviewer)
    task_state = page.current_workflow_task_state
    html = client.get(reverse("review_changes", args=[task_state.pk])).content.decode()
    assert "data-citation-checks" not in html


def test_a_citation_in_a_data_table_counts_where_it_stands():
    """A data table's rich-text cells may cite: such a citation numbers its
    reference in reading order (row by row), and the reference is cited."""
    in_table, after = ReferenceFactory(), ReferenceFactory()
    table = copy.deepcopy(DATA_TABLE)
    table["rows"][1]["values"][3] = f"<p>Steady {cite(in_table)}.</p>"
    content = [
        {"type": "data_table", "value": {"table": table, "header_column": True}},
        {"type": "paragraph", "value": f"<p>Then {cite(after)}, {cite(in_table)}.</p>"},
    ]
    page = ConditionPage(
        title="Multiple sclerosis",
        body=[
            {
                "type": "section",
                "value": {"heading": "Courses", "anchor": "", "content": content},
            }
        ],
        references=[
            {"type": "reference", "value": reference.pk}
            for reference in (after, in_table)
        ],
    )
    assert cited_in_order(page) == [in_table.pk, after.pk]
    assert not citation_report(page).uncited
