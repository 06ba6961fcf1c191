"""A date known to the year, the month or the day, for "as of" dates."""

from django import forms
from django.core.exceptions import ValidationError

from wagtail import blocks

from cms.openapi import PARTIAL_DATE, nullable

from ...partial_dates import PartialDate, parse_partial_date


class PartialDateField(forms.CharField):
    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except ValueError:
            raise ValidationError(
                'Enter a year, a month or a day, e.g. "2026", "2026-03", "March 2026" '
                'or "2026-03-05".',
                code="invalid_partial_date",
            ) from None


class PartialDateBlock(blocks.FieldBlock):
    """Stored as ISO 8601 with reduced precision (``2026-03``); in the API
    ``{"value": "2026-03", "precision": "month"}``, never a made-up first day."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = PartialDateField(required=required, help_text=help_text)
        super().__init__(**kwargs)

    @property
    def api_schema(self) -> dict:
        return PARTIAL_DATE if self.required else nullable(PARTIAL_DATE)

    def to_python(self, value):
        if not value:
            return None
        return parse_partial_date(value)

    def get_prep_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value or None

    def value_for_form(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value or ""

    def get_form_state(self, value):
        return self.value_for_form(value)

    def get_api_representation(self, value, context=None):
        return value.as_json() if value else None

    def get_searchable_content(self, value):
        return []

    class Meta:
        icon = "date"
        label = "Date"


# Migrations name this block by its package path (see content/__init__.py).
DECONSTRUCT_ALIASES = {
    PartialDateBlock: "pages.blocks.content.PartialDateBlock",
}
