"""One StreamBlock per page family: the top level of each page's body."""

from collections import Counter

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
        anchors = Counter(
            child.value["anchor"] for child in value if child.block_type == "section"
        )
        errors = {}
        for index, child in enumerate(value):
            if child.block_type == "section" and anchors[child.value["anchor"]] > 1:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "anchor": ErrorList(
                            [
                                ValidationError(
                                    f'Another section already uses the anchor "{child.value["anchor"]}". '
                                    "Each section needs its own."
                                )
                            ]
                        )
                    }
                )
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
