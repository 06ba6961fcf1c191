"""Inline citations in the pages API: numbered by first citation in the body, the
same numbers in the page's references list, ``[?]`` for what cannot be resolved."""

import json
import re

import pytest

from tests.factories import ConditionPageFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

NUMBERED = re.compile(
    r'<a href="#ref-(\d+)" class="citation" data-reference-id="(\d+)">\[(\d+)\]</a>'
)


def cite(reference_id: int, label: str = "Wang Y (2021)") -> str:
    return f'<a linktype="citation" id="{reference_id}">{label}</a>'


def body(*paragraphs: str, findings: str | None = None) -> str:
    content = [{"type": "paragraph", "value": html} for html in paragraphs]
    if findings is not None:
        content.append(
            {
                "type": "findings",
                "value": {
                    "items": [{"title": "Slower decline", "text": findings}],
                    "note": "",
                },
            }
        )
    return json.dumps(
        [
            {
                "type": "section",
                "value": {
                    "heading": "Evidence",
                    "anchor": "evidence",
                    "content": content,
                },
            }
        ]
    )


def publish(page, paragraphs, references, findings=None):
    page.body = body(*paragraphs, findings=findings)
    page.references = json.dumps(
        [{"type": "reference", "value": reference.pk} for reference in references]
    )
    page.save_revision().publish()
    return page


@pytest.fixture(scope="module")
def references(shared_site):
    return [ReferenceFactory() for _ in range(4)]


def page_data(client, page) -> dict:
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def rendered(data) -> list[tuple[int, int]]:
    """``(number, reference id)`` of every numbered citation in the body, in order."""
    html = json.dumps(data["body"])
    found = []
    for anchor, reference_id, number in NUMBERED.findall(html.replace('\\"', '"')):
        assert anchor == number
        found.append((int(number), int(reference_id)))
    return found


def listed(data) -> list[tuple[int, int]]:
    return [(item["number"], item["id"]) for item in data["references"]]


def test_numbers_follow_the_order_of_first_citation(client, shared_site, references):
    a, b, c, _ = references
    page = publish(
        ConditionPageFactory(parent=shared_site.conditions),
        [
            f"<p>First {cite(b.pk)}, then {cite(a.pk)}.</p>",
            f"<p>Again {cite(b.pk)}.</p>",
        ],
        [a, b, c],
    )
    data = page_data(client, page)
    assert rendered(data) == [(1, b.pk), (2, a.pk), (1, b.pk)]
    # Never cited: numbered after the cited ones, in list order.
    assert listed(data) == [(1, b.pk), (2, a.pk), (3, c.pk)]


def test_moving_a_citation_renumbers_the_references(client, shared_site, references):
    a, b, c, _ = references
    page = ConditionPageFactory(parent=shared_site.conditions)
    publish(page, [f"<p>{cite(a.pk)} then {cite(b.pk)}.</p>"], [a, b, c])
    assert listed(page_data(client, page)) == [(1, a.pk), (2, b.pk), (3, c.pk)]

    publish(page, [f"<p>{cite(c.pk)} then {cite(a.pk)}.</p>"], [a, b, c])

    data = page_data(client, page)
    assert rendered(data) == [(1, c.pk), (2, a.pk)]
    assert listed(data) == [(1, c.pk), (2, a.pk), (3, b.pk)]


def test_reordering_the_list_renumbers_only_what_is_not_cited(
    client, shared_site, references
):
    a, b, c, d = references
    page = ConditionPageFactory(parent=shared_site.conditions)
    publish(page, [f"<p>{cite(b.pk)}</p>"], [a, b, c, d])
    assert listed(page_data(client, page)) == [
        (1, b.pk),
        (2, a.pk),
        (3, c.pk),
        (4, d.pk),
    ]

    publish(page, [f"<p>{cite(b.pk)}</p>"], [d, c, b, a])

    data = page_data(client, page)
    assert rendered(data) == [(1, b.pk)]
    assert listed(data) == [(1, b.pk), (2, d.pk), (3, c.pk), (4, a.pk)]


def test_unresolvable_citations_are_a_plain_marker(client, shared_site, references):
    a, _, _, unlisted = references
    gone = ReferenceFactory()
    page = publish(
        ConditionPageFactory(parent=shared_site.conditions),
        [f"<p>Gone {cite(gone.pk)}, unlisted {cite(unlisted.pk)}, {cite(a.pk)}.</p>"],
        [a, gone],
    )
    gone.delete()

    data = page_data(client, page)

    paragraph = data["body"][0]["value"]["content"][0]["value"]
    assert paragraph.startswith('<p>Gone [?], unlisted [?], <a href="#ref-1"')
    assert "linktype" not in paragraph
    assert listed(data) == [(1, a.pk)]


def test_citations_in_findings_are_numbered_too(client, shared_site, references):
    a, b, _, _ = references
    page = publish(
        ConditionPageFactory(parent=shared_site.conditions),
        [f"<p>{cite(b.pk)}</p>"],
        [a, b],
        findings=f"<p>In a trial {cite(a.pk)}.</p>",
    )
    data = page_data(client, page)
    assert rendered(data) == [(1, b.pk), (2, a.pk)]


def test_the_admin_preview_numbers_citations_as_the_api(
    rf, admin_user, shared_site, references
):
    from pages.preview import serve_preview

    a, b, _, _ = references
    page = publish(
        ConditionPageFactory(parent=shared_site.conditions),
        [f"<p>Shown {cite(b.pk)}.</p>"],
        [a, b],
    )
    request = rf.get("/")
    request.user = admin_user

    html = serve_preview(page, request, "content").content.decode()

    assert (
        f'Shown <a href="#ref-1" class="citation" data-reference-id="{b.pk}">[1]</a>.'
        in html
    )
    assert f'<li id="ref-1" value="1">{b.citation}</li>' in html
    assert f'<li id="ref-2" value="2">{a.citation}</li>' in html
