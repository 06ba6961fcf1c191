"""Pieces the block families share: rich-text feature sets and struct errors."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail.blocks.struct_block import StructBlockValidationError

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]
INLINE_FEATURES = ["bold", "italic", "link", "superscript"]


def struct_error(**field_messages: str) -> StructBlockValidationError:
    return StructBlockValidationError(
        block_errors={
            name: ErrorList([ValidationError(message)])
            for name, message in field_messages.items()
        }
    )
