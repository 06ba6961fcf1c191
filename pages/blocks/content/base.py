"""Pieces the block families share: rich-text feature sets and struct errors."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail.blocks.struct_block import StructBlockValidationError

from cms.openapi import not_null

# "citation" cites a reference inline (snippets.rich_text): numbered in the API by
# the page's references list, in the order of first citation.
RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "link",
    "ol",
    "ul",
    "superscript",
    "subscript",
    "citation",
]
INLINE_FEATURES = ["bold", "italic", "link", "superscript", "citation"]


def struct_error(**field_messages: str) -> StructBlockValidationError:
    return StructBlockValidationError(
        block_errors={
            name: ErrorList([ValidationError(message)])
            for name, message in field_messages.items()
        }
    )


def present(items: list) -> list:
    """A chooser answers ``None`` for an object that was deleted or is not public:
    the API leaves those out instead of sending ``null`` items."""
    return [item for item in items if item]


class OmitsMissingChoicesMixin:
    """For a struct block whose child ``chosen_list`` is a list of choosers: its
    API list holds only the objects that are still there and public."""

    chosen_list: str

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data[self.chosen_list] = present(data[self.chosen_list])
        return data

    def api_property_schemas(self, properties: dict) -> dict:
        """The list holds the chooser's objects, never ``null``."""
        chooser = properties[self.chosen_list]["items"]
        return {
            **properties,
            self.chosen_list: {"type": "array", "items": not_null(chooser)},
        }
