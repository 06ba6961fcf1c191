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


class ChecksTogetherMixin:
    """A struct block whose checks across its fields run even when a field has an
    error of its own, so that an editor sees every error of the block on one save.

    Wagtail's ``StructBlock.clean`` stops at the first field with an error, and a
    ``clean`` override that calls it first only reports its own checks on the next
    save. Subclasses put those checks in ``cross_field_errors``: it receives the
    cleaned value (``None`` for a field that failed) and the submitted one, and
    answers a message per field.
    """

    def clean(self, value):
        cleaned, errors = [], {}
        for name, child_value in value.items():
            try:
                cleaned.append((name, self.child_blocks[name].clean(child_value)))
            except ValidationError as error:
                errors[name] = error
                cleaned.append((name, None))
        struct = self._to_struct_value(cleaned)
        for name, message in self.cross_field_errors(struct, submitted=value).items():
            if name not in errors:  # a field's own error says more than a cross-check
                errors[name] = ValidationError(message)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return struct

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        return {}


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
