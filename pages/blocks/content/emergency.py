"""Emergency callouts: when to call for help, with the numbers to call as data."""

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError

from .base import INLINE_FEATURES

COUNTRY_PATTERN = r"^[A-Z]{2}$"
PHONE_PATTERN = r"^\+?[0-9][0-9 ]{1,19}$"


def content_languages() -> list[tuple[str, str]]:
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


class EmergencyNumberBlock(blocks.StructBlock):
    """One number to call in one country, e.g. ``GB`` → ``999``."""

    country = blocks.RegexBlock(
        regex=COUNTRY_PATTERN,
        max_length=2,
        help_text='ISO 3166-1 code in capitals, e.g. "GB", "US", "DE" ("EU" for the '
        "European 112).",
        error_messages={"invalid": "Use the country's two capital letters, e.g. GB."},
    )
    number = blocks.RegexBlock(
        regex=PHONE_PATTERN,
        max_length=20,
        help_text='The number as dialled, e.g. "112", "999", "911".',
        error_messages={"invalid": "Digits (and spaces) only, e.g. 112."},
    )
    label = blocks.CharBlock(
        max_length=60,
        required=False,
        default="",
        help_text='Which service, e.g. "Ambulance" or "All emergencies".',
    )

    def api_property_schemas(self, properties: dict) -> dict:
        return {
            **properties,
            "country": {
                "type": "string",
                "pattern": COUNTRY_PATTERN,
                "description": 'ISO 3166-1 alpha-2 code ("EU" for the European 112).',
            },
            "number": {"type": "string", "pattern": PHONE_PATTERN},
        }

    class Meta:
        icon = "mobile-alt"
        label = "Emergency number"


class EmergencyCalloutBlock(blocks.StructBlock):
    """A warning that tells a patient when to call an emergency number.

    A callout without numbers of its own uses the site's default numbers for the
    page's language (clinic settings; ``GET /api/v2/site/`` gives them).
    """

    heading = blocks.CharBlock(
        max_length=150, help_text='The situation, e.g. "Sudden difficulty breathing".'
    )
    text = blocks.RichTextBlock(
        features=INLINE_FEATURES,
        help_text="What to do, in one or two sentences.",
    )
    items = blocks.ListBlock(
        EmergencyNumberBlock(),
        default=[],
        label="Numbers to call",
        help_text="Leave empty to show the site's default numbers for this language "
        "(Settings → Clinic settings).",
    )

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["uses_site_numbers"] = not data["items"]
        return data

    def api_property_schemas(self, properties: dict) -> dict:
        return {
            **properties,
            "uses_site_numbers": {
                "type": "boolean",
                "description": "The callout lists no numbers: show the site's "
                "emergency_numbers for the page's locale (GET /api/v2/site/).",
            },
        }

    class Meta:
        icon = "warning"
        label = "Emergency callout"
        group = "Text"
        description = "When to call an emergency number, with the numbers per country."
        preview_value = {
            "heading": "Sudden difficulty breathing",
            "text": "<p>Call an ambulance at once.</p>",
            "items": [{"country": "EU", "number": "112", "label": "Emergencies"}],
        }


class SiteEmergencyNumbersBlock(blocks.StructBlock):
    locale = blocks.ChoiceBlock(
        choices=content_languages, help_text="The language these numbers are for."
    )
    items = blocks.ListBlock(EmergencyNumberBlock(), min_num=1, label="Numbers")

    class Meta:
        icon = "mobile-alt"
        label = "Emergency numbers for a language"


class SiteEmergencyNumbersStreamBlock(blocks.StreamBlock):
    """The site's default emergency numbers, one entry per language."""

    locale_numbers = SiteEmergencyNumbersBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        for child in value:
            locale = child.value["locale"]
            if locale in seen:
                raise StreamBlockValidationError(
                    non_block_errors=[
                        ValidationError(
                            f'The numbers for "{locale}" are given twice: keep one '
                            "entry per language."
                        )
                    ]
                )
            seen.add(locale)
        return value

    def for_locale(self, value, code: str) -> list[dict[str, str]]:
        for child in value:
            if child.value["locale"] == code:
                return [dict(number) for number in child.value["items"]]
        return []
