"""Tables: two-column facts, criteria and prices."""

from decimal import Decimal

from django.utils import timezone

from wagtail import blocks

from cms.openapi import STRING, nullable, obj

from ..compare import ReadableComparisonMixin
from .base import struct_error

CURRENCY_CHOICES = [
    ("EUR", "EUR (€)"),
    ("USD", "USD ($)"),
    ("CHF", "CHF"),
    ("GBP", "GBP (£)"),
    ("RSD", "RSD"),
]


def price_number(value: Decimal | None) -> int | float | None:
    """Prices as JSON numbers: whole amounts as integers, others as floats."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


class TwoColumnRowBlock(blocks.StructBlock):
    left = blocks.CharBlock(max_length=200, label="Left cell")
    right = blocks.TextBlock(label="Right cell")

    class Meta:
        icon = "table"
        label = "Row"


class TwoColumnTableBlock(ReadableComparisonMixin, blocks.StructBlock):
    caption = blocks.CharBlock(
        max_length=200, required=False, help_text="Shown above the table."
    )
    left_heading = blocks.CharBlock(max_length=80, help_text='e.g. "Therapy".')
    right_heading = blocks.CharBlock(max_length=80, help_text='e.g. "What it does".')
    items = blocks.ListBlock(TwoColumnRowBlock(), min_num=1, label="Rows")

    class Meta:
        icon = "table"
        label = "Two-column table"
        group = "Tables"
        description = (
            "A table of terms and what they mean, e.g. rehabilitation therapies."
        )
        preview_value = {
            "left_heading": "Therapy",
            "right_heading": "What it does",
            "items": [
                {"left": "Speech therapy", "right": "Keeps communication going."}
            ],
        }


class CriterionBlock(blocks.StructBlock):
    criterion = blocks.CharBlock(max_length=120, help_text='e.g. "Age".')
    requirement = blocks.TextBlock(help_text="Who qualifies, in plain words.")

    class Meta:
        icon = "tick"
        label = "Criterion"


class CriteriaTableBlock(ReadableComparisonMixin, blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, required=False)
    items = blocks.ListBlock(CriterionBlock(), min_num=1, label="Criteria")

    class Meta:
        icon = "tick-inverse"
        label = "Criteria table"
        group = "Tables"
        description = "Who can be treated: each criterion with its requirement."
        preview_value = {
            "items": [
                {"criterion": "Timing", "requirement": "The earlier, the better."}
            ]
        }


class PriceRowBlock(blocks.StructBlock):
    region = blocks.CharBlock(
        max_length=120, help_text='Country or region, e.g. "Serbia".'
    )
    minimum = blocks.DecimalBlock(
        min_value=0, decimal_places=2, max_digits=12, help_text="Lowest typical price."
    )
    maximum = blocks.DecimalBlock(
        min_value=0,
        decimal_places=2,
        max_digits=12,
        required=False,
        help_text="Highest typical price. Leave empty for a price from the minimum upwards.",
    )
    open_upper_bound = blocks.BooleanBlock(
        required=False,
        help_text='Tick when prices can exceed the maximum (shown as "+").',
    )
    currency = blocks.ChoiceBlock(choices=CURRENCY_CHOICES, default="EUR")
    note = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text='Why prices differ, e.g. "Operating and regulatory costs".',
    )
    footnoted = blocks.BooleanBlock(
        required=False, help_text="Tick to mark this row with the table's footnote."
    )

    api_schema = obj(
        {
            "region": STRING,
            "minimum": {"type": "number"},
            "maximum": nullable({"type": "number"}),
            "open_upper_bound": {
                "type": "boolean",
                "description": 'Prices may exceed the maximum ("+").',
            },
            "currency": {"type": "string", "description": "ISO 4217 code."},
            "note": STRING,
            "footnoted": {"type": "boolean"},
        }
    )

    def clean(self, value):
        value = super().clean(value)
        minimum, maximum = value.get("minimum"), value.get("maximum")
        if (
            minimum is not None
            and maximum is not None
            and Decimal(minimum) > Decimal(maximum)
        ):
            raise struct_error(maximum="The maximum must be at least the minimum.")
        return value

    def get_api_representation(self, value, context=None):
        return {
            "region": value.get("region"),
            "minimum": price_number(value.get("minimum")),
            "maximum": price_number(value.get("maximum")),
            "open_upper_bound": bool(value.get("open_upper_bound")),
            "currency": value.get("currency"),
            "note": value.get("note") or "",
            "footnoted": bool(value.get("footnoted")),
        }

    class Meta:
        icon = "tag"
        label = "Price row"


class PriceTableBlock(ReadableComparisonMixin, blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, required=False)
    items = blocks.ListBlock(PriceRowBlock(), min_num=1, label="Rows")
    footnote = blocks.TextBlock(
        required=False,
        help_text="Explains the marked rows, e.g. that prices are indicative.",
    )
    as_of = blocks.DateBlock(
        required=False, help_text="Date the prices were last checked."
    )

    def clean(self, value):
        value = super().clean(value)
        if any(
            row.get("footnoted") for row in value.get("items", [])
        ) and not value.get("footnote"):
            raise struct_error(
                footnote="A row is marked with the footnote: write the footnote."
            )
        as_of = value.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise struct_error(as_of="The prices cannot be dated in the future.")
        return value

    class Meta:
        icon = "tag"
        label = "Price table"
        group = "Tables"
        description = (
            "Typical treatment prices by country, with currency and a dated footnote."
        )
        preview_value = {
            "items": [
                {
                    "region": "Serbia",
                    "minimum": "7000",
                    "maximum": "31000",
                    "currency": "EUR",
                    "footnoted": True,
                }
            ],
            "footnote": "Indicative prices.",
        }
