"""One StreamBlock per page family: the top level of each page's body."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .content import (
    CalloutBlock,
    CallToActionBlock,
    EmergencyCalloutBlock,
    FAQBlock,
    FigureBlock,
    ParagraphBlock,
    RelatedContentBlock,
    SectionBlock,
    VideoBlock,
)


class SectionedBodyBlock(blocks.StreamBlock):
    """A body made of sections, with a few blocks allowed between sections.

    Section anchors must be unique on a page: they are the targets of the table
    of contents and of "jump to" links.
    """

    section = SectionBlock()
    call_to_action = CallToActionBlock()
    callout = CalloutBlock()
    emergency_callout = EmergencyCalloutBlock()
    image = FigureBlock()
    video = VideoBlock()
    faq = FAQBlock()
    related = RelatedContentBlock()

    def clean(self, value):
        # The duplicate anchors are found on the submitted value, so that they are
        # reported on the same save as any error inside the sections.
        duplicates = self.duplicate_anchors(value)
        try:
            cleaned = super().clean(value)
        except StreamBlockValidationError as error:
            for index, message in duplicates.items():
                existing = error.block_errors.get(index)
                if isinstance(existing, StructBlockValidationError):
                    existing.block_errors.setdefault("anchor", ValidationError(message))
                elif existing is None:
                    error.block_errors[index] = anchor_error(message)
            raise
        if duplicates:
            raise StreamBlockValidationError(
                block_errors={
                    index: anchor_error(message)
                    for index, message in duplicates.items()
                }
            )
        return cleaned

    @staticmethod
    def duplicate_anchors(value) -> dict[int, str]:
        seen = set()
        duplicates = {}
        for index, child in enumerate(value):
            if child.block_type != "section":
                continue
            anchor = SectionBlock.anchor_of(child.value)
            if anchor and anchor in seen:
                duplicates[index] = (
                    f'Another section already uses the anchor "{anchor}". '
                    "Each section needs its own."
                )
            seen.add(anchor)
        return duplicates


def anchor_error(message: str) -> StructBlockValidationError:
    return StructBlockValidationError(block_errors={"anchor": ValidationError(message)})


class ConditionBodyBlock(SectionedBodyBlock):
    class Meta:
        label = "Condition page body"


class TherapyBodyBlock(SectionedBodyBlock):
    class Meta:
        label = "Therapy page body"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    section = SectionBlock()
    image = FigureBlock()
    video = VideoBlock()
    callout = CalloutBlock()

    class Meta:
        label = "Article body"
