"""Tables: two-column facts, criteria and prices."""

from decimal import Decimal

from django.db import models
from django.utils import timezone

from wagtail import blocks

from cms.openapi import STRING, nullable, obj

from ..compare import ReadableComparisonMixin
from .base import ChecksTogetherMixin
from .dates import PartialDateBlock

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


class PriceRowBlock(ChecksTogetherMixin, blocks.StructBlock):
    """A price as one of four kinds, so that "from €7,000" is said one way only.

    The API always gives the bounds of the price: ``minimum`` and ``maximum`` (both the
    amount for an exact price, ``null`` where the price is open), with ``kind``
    saying which of the four it is.
    """

    class Kind(models.TextChoices):
        EXACT = "exact", "Exact amount"
        FROM = "from", "From an amount (no upper limit)"
        UP_TO = "up_to", "Up to an amount"
        BETWEEN = "between", "Between two amounts"

    region = blocks.CharBlock(
        max_length=120, help_text='Country or region, e.g. "Serbia".'
    )
    kind = blocks.ChoiceBlock(
        choices=Kind.choices,
        default=Kind.BETWEEN,
        label="Price is",
        help_text='"From" fills the lowest price only, "Up to" the highest only, '
        '"Exact" the lowest price only (the amount), "Between" both.',
    )
    minimum = blocks.DecimalBlock(
        min_value=0,
        decimal_places=2,
        max_digits=12,
        required=False,
        label="Lowest price (or the exact amount)",
    )
    maximum = blocks.DecimalBlock(
        min_value=0,
        decimal_places=2,
        max_digits=12,
        required=False,
        label="Highest price",
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
            "kind": {
                "type": "string",
                "enum": list(Kind.values),
                "description": "exact: minimum = maximum = the amount; from: no "
                "maximum; up_to: no minimum; between: both.",
            },
            "minimum": nullable({"type": "number"}),
            "maximum": nullable({"type": "number"}),
            "currency": {"type": "string", "description": "ISO 4217 code."},
            "note": STRING,
            "footnoted": {"type": "boolean"},
        }
    )

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        kind, minimum, maximum = (
            value.get("kind"),
            value.get("minimum"),
            value.get("maximum"),
        )
        Kind = self.Kind
        errors = {}
        if kind in (Kind.EXACT, Kind.FROM, Kind.BETWEEN) and minimum is None:
            errors["minimum"] = (
                "Give the amount." if kind == Kind.EXACT else "Give the lowest price."
            )
        if kind in (Kind.EXACT, Kind.FROM) and maximum is not None:
            errors["maximum"] = (
                "An exact price has one amount: leave the highest price empty."
                if kind == Kind.EXACT
                else 'A "from" price has no highest price: leave it empty, or '
                'choose "Between two amounts".'
            )
        if kind == Kind.UP_TO:
            if minimum is not None:
                errors["minimum"] = (
                    'An "up to" price has no lowest price: leave it empty, or '
                    'choose "Between two amounts".'
                )
            if maximum is None:
                errors["maximum"] = "Give the highest price."
        if kind == Kind.BETWEEN:
            if maximum is None:
                errors["maximum"] = "Give the highest price."
            elif minimum is not None and Decimal(minimum) >= Decimal(maximum):
                errors["maximum"] = (
                    "The highest price must be above the lowest (for one amount, "
                    'choose "Exact amount").'
                )
        return errors

    def get_api_representation(self, value, context=None):
        kind = value.get("kind")
        minimum = price_number(value.get("minimum"))
        maximum = price_number(value.get("maximum"))
        if kind == self.Kind.EXACT:
            maximum = minimum
        return {
            "region": value.get("region"),
            "kind": kind,
            "minimum": None if kind == self.Kind.UP_TO else minimum,
            "maximum": None if kind == self.Kind.FROM else maximum,
            "currency": value.get("currency"),
            "note": value.get("note") or "",
            "footnoted": bool(value.get("footnoted")),
        }

    class Meta:
        icon = "tag"
        label = "Price row"


class PriceTableBlock(ChecksTogetherMixin, ReadableComparisonMixin, blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, required=False)
    items = blocks.ListBlock(PriceRowBlock(), min_num=1, label="Rows")
    footnote = blocks.TextBlock(
        required=False,
        help_text="Explains the marked rows, e.g. that prices are indicative.",
    )
    as_of = PartialDateBlock(
        required=False,
        label="As of",
        help_text='When the prices were last checked: a year, a month ("2025-01" or '
        '"January 2025") or a day.',
    )

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        errors = {}
        # The submitted rows: a row with an error of its own may still be marked.
        rows = submitted.get("items") or []
        if any(row.get("footnoted") for row in rows) and not value.get("footnote"):
            errors["footnote"] = (
                "A row is marked with the footnote: write the footnote."
            )
        as_of = value.get("as_of")
        if as_of and as_of.earliest > timezone.localdate():
            errors["as_of"] = "The prices cannot be dated in the future."
        return errors

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
                    "kind": "between",
                    "minimum": "7000",
                    "maximum": "31000",
                    "currency": "EUR",
                    "footnoted": True,
                }
            ],
            "footnote": "Indicative prices.",
            "as_of": "2025-01",
        }
