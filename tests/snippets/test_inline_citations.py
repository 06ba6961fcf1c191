"""The "citation" rich-text feature: stored shape, editor conversion, rendering."""

import json

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

import pytest

from pages.blocks.content import RICH_TEXT_FEATURES
from snippets.inline_citations import (
    cited_reference_ids,
    reference_numbers,
    render_citations,
)
from snippets.models import Reference
from tests.factories import ReferenceFactory


def test_the_body_features_include_citations():
    assert "citation" in RICH_TEXT_FEATURES


@pytest.mark.django_db
def test_a_citation_survives_the_editor_round_trip():
    reference = ReferenceFactory()
    stored = (
        f'<p data-block-key="k1">Riluzole slows ALS <a linktype="citation" id="{reference.pk}">'
        "Wang Y (2021)</a> a little.</p>"
    )
    converter = ContentstateConverter(features=RICH_TEXT_FEATURES)

    contentstate = json.loads(converter.from_database_format(stored))

    [entity] = contentstate["entityMap"].values()
    assert entity == {
        "type": "CITATION",
        "mutability": "IMMUTABLE",
        "data": {"id": reference.pk, "missing": False},
    }
    [block] = contentstate["blocks"]
    [entity_range] = block["entityRanges"]
    start = entity_range["offset"]
    assert block["text"][start : start + entity_range["length"]] == "Wang Y (2021)"
    assert converter.to_database_format(json.dumps(contentstate)) == stored


@pytest.mark.django_db
def test_a_citation_of_a_deleted_reference_keeps_its_id_in_the_editor():
    reference = ReferenceFactory()
    pk = reference.pk
    reference.delete()
    stored = f'<p data-block-key="k2">Claim <a linktype="citation" id="{pk}">Wang Y (2021)</a>.</p>'
    converter = ContentstateConverter(features=RICH_TEXT_FEATURES)

    contentstate = json.loads(converter.from_database_format(stored))

    [entity] = contentstate["entityMap"].values()
    assert entity["data"] == {"id": pk, "missing": True}
    assert converter.to_database_format(json.dumps(contentstate)) == stored


@pytest.mark.django_db
def test_a_cited_reference_is_in_the_reference_index():
    """So that the admin refuses to delete a reference a live page cites (the rule
    for references chosen in the list, ``review.shared``)."""
    from wagtail.models import ReferenceIndex

    from tests.factories import ConditionPageFactory

    reference = ReferenceFactory()
    page = ConditionPageFactory()
    page.body = json.dumps(
        [
            {
                "type": "section",
                "value": {
                    "heading": "Evidence",
                    "anchor": "evidence",
                    "content": [
                        {
                            "type": "paragraph",
                            "value": f'<p>Cited <a linktype="citation" id="{reference.pk}">W</a>.</p>',
                        }
                    ],
                },
            }
        ]
    )
    page.save()
    ReferenceIndex.create_or_update_for_object(page)
    assert ReferenceIndex.get_references_to(reference).filter(object_id=str(page.pk))


def test_citations_are_read_in_order_with_repeats():
    html = (
        '<p><a linktype="citation" id="7">A</a> and <a id="3" linktype="citation">'
        'B</a>, <a linktype="citation" id="7">A</a>, <a linktype="page" id="9">x</a></p>'
    )
    assert cited_reference_ids(html) == [7, 3, 7]


def test_numbers_follow_the_first_citation_then_the_list():
    # Listed 1, 2, 3, 4; cited 3, 1, 3, 9 (9 is not listed).
    assert reference_numbers([1, 2, 3, 4], [3, 1, 3, 9]) == {3: 1, 1: 2, 2: 3, 4: 4}


def test_a_citation_renders_as_a_numbered_link_or_a_plain_marker():
    html = (
        '<p>A<a linktype="citation" id="7">Wang Y (2021)</a>'
        'B<a linktype="citation" id="8">Gone (2020)</a></p>'
    )
    assert render_citations(html, {7: 2}) == (
        '<p>A<a href="#ref-2" class="citation" data-reference-id="7">[2]</a>B[?]</p>'
    )


def test_reference_model_is_the_citation_link_target():
    from snippets.rich_text import CitationLinkHandler

    assert CitationLinkHandler.get_model() is Reference
    assert CitationLinkHandler.expand_db_attributes({"id": "5"}) == (
        '<a class="citation" data-reference-id="5">'
    )
