"""Partial dates, emergency callouts, drug safety notes and list blocks' first items."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from pages.blocks import content
from pages.blocks.stream import ConditionBodyBlock
from pages.partial_dates import PartialDate, parse_partial_date
from tests import factories

from .test_blocks import clean_errors


@pytest.mark.parametrize(
    ("typed", "value", "precision"),
    [
        ("2026", "2026", "year"),
        ("2026-03", "2026-03", "month"),
        ("2026-3", "2026-03", "month"),
        ("2026-03-05", "2026-03-05", "day"),
        ("March 2026", "2026-03", "month"),
        ("mar. 2026", "2026-03", "month"),
        ("03/2026", "2026-03", "month"),
        ("5 March 2026", "2026-03-05", "day"),
        ("March 5, 2026", "2026-03-05", "day"),
        (datetime.date(2025, 1, 1), "2025-01-01", "day"),
    ],
)
def test_an_editor_types_a_partial_date(typed, value, precision):
    date = parse_partial_date(typed)

    assert date.as_json() == {"value": value, "precision": precision}


@pytest.mark.parametrize("typed", ["2026-13", "2026-02-30", "Smarch 2026", "26", ""])
def test_a_date_that_does_not_exist_is_refused(typed):
    with pytest.raises(ValueError):
        parse_partial_date(typed)


class TestPartialDateBlock:
    block = content.PartialDateBlock(required=False)

    def test_typed_month_is_stored_and_sent_with_its_precision(self):
        value = self.block.clean(self.block.value_from_form("March 2026"))

        assert self.block.get_prep_value(value) == "2026-03"
        assert self.block.get_api_representation(value) == {
            "value": "2026-03",
            "precision": "month",
        }

    def test_a_full_date_stored_before_reads_as_a_day(self):
        """Old ``DateBlock`` values need no data migration."""
        value = self.block.to_python("2025-01-01")

        assert value == PartialDate(2025, 1, 1)
        assert value.precision == "day"

    def test_nonsense_is_refused_with_examples(self):
        with pytest.raises(ValidationError, match="2026-03"):
            self.block.clean("soon")

    def test_empty_is_null(self):
        assert self.block.clean("") is None
        assert self.block.get_api_representation(None) is None


def test_drug_safety_note_is_its_own_field():
    block = content.DrugBlock()
    value = block.clean(
        factories.DrugBlockFactory(
            title="Natalizumab",
            safety_note="Risk of PML, a rare brain infection.",
        )
    )

    data = block.get_api_representation(value)

    assert data["safety_note"] == "Risk of PML, a rare brain infection."
    assert "PML" not in data["text"]


class TestEmergencyCalloutBlock:
    block = content.EmergencyCalloutBlock()

    def test_numbers_are_data(self):
        value = self.block.clean(factories.EmergencyCalloutBlockFactory())

        data = self.block.get_api_representation(value)

        assert data["items"] == [
            {"country": "EU", "number": "112", "label": "All emergencies"},
            {"country": "GB", "number": "999", "label": "Ambulance"},
        ]
        assert data["uses_site_numbers"] is False

    def test_a_callout_without_numbers_uses_the_sites(self):
        value = self.block.clean(factories.EmergencyCalloutBlockFactory(items=[]))

        data = self.block.get_api_representation(value)

        assert data["items"] == []
        assert data["uses_site_numbers"] is True

    def test_country_and_number_are_checked(self):
        value = factories.EmergencyCalloutBlockFactory(
            items__0__country="gb", items__0__number="call us"
        )

        assert sorted(clean_errors(self.block, value)) == [
            "items.0.country",
            "items.0.number",
        ]


@pytest.mark.parametrize(
    ("block", "minimum"),
    [(content.StepsBlock(), 2), (content.GalleryBlock(), 2)],
    ids=["steps", "gallery"],
)
def test_a_new_list_starts_with_as_many_items_as_it_needs(block, minimum):
    """Regression (issue 15): Steps started with 1 of its 2 required items."""
    assert len(block.get_default()["items"]) == minimum


@pytest.mark.django_db
def test_a_duplicate_anchor_is_shown_with_the_sections_other_errors():
    """Regression: the duplicate-anchor check waited for every section to be valid."""
    body = ConditionBodyBlock()
    value = body.to_python(
        [
            {
                "type": "section",
                "value": {
                    "heading": "Costs",
                    "content": [{"type": "subheading", "value": "Prices"}],
                },
            },
            {
                "type": "section",
                "value": {
                    "heading": "Costs",
                    "content": [{"type": "subheading", "value": ""}],
                },
            },
        ]
    )

    assert sorted(clean_errors(body, value)) == ["1.anchor", "1.content.0"]


def test_the_site_gives_one_list_of_numbers_per_language():
    block = content.SiteEmergencyNumbersStreamBlock()
    english = {
        "locale": "en",
        "items": [{"country": "GB", "number": "999", "label": "Ambulance"}],
    }
    value = block.to_python(
        [
            {"type": "locale_numbers", "value": english},
            {"type": "locale_numbers", "value": {**english, "locale": "de"}},
        ]
    )

    cleaned = block.clean(value)

    assert block.for_locale(cleaned, "de") == [
        {"country": "GB", "number": "999", "label": "Ambulance"}
    ]
    assert block.for_locale(cleaned, "it") == []
    twice = block.to_python([{"type": "locale_numbers", "value": english}] * 2)
    with pytest.raises(ValidationError) as caught:
        block.clean(twice)
    assert "given twice" in str(caught.value.non_block_errors.as_data()[0].message)
