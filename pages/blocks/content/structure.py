"""Sections: a titled part of a page and what it may contain."""

from django.utils.text import slugify

from wagtail import blocks

from .base import ChecksTogetherMixin
from .data_tables import DataTableBlock
from .emergency import EmergencyCalloutBlock
from .engagement import CallToActionBlock, FAQBlock, TestimonialsBlock
from .lists import DrugListBlock, FindingsBlock, StepsBlock, TermListBlock
from .media import FigureBlock, GalleryBlock, VideoBlock
from .navigation import LinkBlock
from .tables import CriteriaTableBlock, PriceTableBlock, TwoColumnTableBlock
from .text import CalloutBlock, HeadingBlock, ParagraphBlock


class SectionContentBlock(blocks.StreamBlock):
    """What a section may contain."""

    subheading = HeadingBlock()
    paragraph = ParagraphBlock()
    term_list = TermListBlock()
    drug_list = DrugListBlock()
    two_column_table = TwoColumnTableBlock()
    data_table = DataTableBlock()
    criteria_table = CriteriaTableBlock()
    price_table = PriceTableBlock()
    findings = FindingsBlock()
    steps = StepsBlock()
    call_to_action = CallToActionBlock()
    image = FigureBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    emergency_callout = EmergencyCalloutBlock()
    testimonials = TestimonialsBlock()
    link = LinkBlock()
    faq = FAQBlock()

    class Meta:
        icon = "doc-full"
        label = "Content"


class AnchorBlock(blocks.CharBlock):
    """A section's anchor: part of links (#anchor, the key facts box), so every
    translation keeps the source's. wagtail-localize offers no segment for it."""

    def get_translatable_segments(self, value) -> list:
        return []

    def restore_translated_segments(self, value, segments):
        return value


class SectionBlock(ChecksTogetherMixin, blocks.StructBlock):
    """A titled part of a page; its anchor feeds the table of contents."""

    heading = blocks.CharBlock(max_length=150)
    anchor = AnchorBlock(
        max_length=80,
        required=False,
        help_text="Used in links to this section (#anchor). Filled from the heading when empty; "
        "keep it once published so that links keep working.",
    )
    content = SectionContentBlock()

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        if value.get("heading") is not None and not self.anchor_of(value):
            return {"anchor": "Give an anchor using letters or digits."}
        return {}

    def clean(self, value):
        value = super().clean(value)
        value["anchor"] = self.anchor_of(value)
        return value

    @staticmethod
    def anchor_of(value) -> str:
        return slugify(value.get("anchor") or value.get("heading") or "")

    class Meta:
        icon = "doc-full-inverse"
        label = "Section"
        group = "Structure"
        description = "A section with a heading, an anchor for the table of contents and its content."
        preview_value = {
            "heading": "Understanding ALS",
            "content": [("paragraph", "<p>ALS affects the motor neurons.</p>")],
        }
