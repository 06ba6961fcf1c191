"""One StreamBlock per page family: the top level of each page's body."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .content import (
    CalloutBlock,
    CallToActionBlock,
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
    image = FigureBlock()
    video = VideoBlock()
    faq = FAQBlock()
    related = RelatedContentBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(value):
            if child.block_type != "section":
                continue
            anchor = child.value["anchor"]
            if anchor in seen:
                message = (
                    f'Another section already uses the anchor "{anchor}". '
                    "Each section needs its own."
                )
                errors[index] = StructBlockValidationError(
                    block_errors={"anchor": ErrorList([ValidationError(message)])}
                )
            seen.add(anchor)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value


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
