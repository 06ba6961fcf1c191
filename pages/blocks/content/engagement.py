"""Engagement blocks: calls to action, testimonials and FAQs."""

from wagtail import blocks

from snippets.blocks import DoctorChooserBlock, TestimonialChooserBlock

from ..compare import ReadableComparisonMixin
from .base import (
    INLINE_FEATURES,
    RICH_TEXT_FEATURES,
    ChecksTogetherMixin,
    OmitsMissingChoicesMixin,
)


class CallToActionBlock(ChecksTogetherMixin, blocks.StructBlock):
    class Action:
        CONSULTATION = "consultation"
        CALLBACK = "callback"
        LINK = "link"

    heading = blocks.CharBlock(
        max_length=150, help_text='e.g. "Get a free online consultation".'
    )
    text = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)
    doctor = DoctorChooserBlock(
        required=False, help_text="The doctor shown on the card."
    )
    button_label = blocks.CharBlock(max_length=60, default="Get a free consultation")
    action = blocks.ChoiceBlock(
        choices=[
            (Action.CONSULTATION, "Open the consultation request form"),
            (Action.CALLBACK, "Open the call-me-back form"),
            (Action.LINK, "Go to a page or address"),
        ],
        default=Action.CONSULTATION,
    )
    button_url = blocks.URLBlock(
        required=False,
        label="Button address",
        help_text="Only for the 'Go to a page or address' action.",
    )

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        if value.get("action") == self.Action.LINK and not value.get("button_url"):
            return {"button_url": "Give the address the button goes to."}
        return {}

    class Meta:
        icon = "pick"
        label = "Call to action"
        group = "Engagement"
        description = (
            "A consultation or call-back prompt, optionally with a doctor card."
        )
        preview_value = {
            "heading": "Get a free online consultation",
            "button_label": "Contact us",
        }


class TestimonialsBlock(
    ChecksTogetherMixin,
    OmitsMissingChoicesMixin,
    ReadableComparisonMixin,
    blocks.StructBlock,
):
    chosen_list = "items"

    outcomes = blocks.ListBlock(
        blocks.CharBlock(max_length=150, label="Outcome"),
        default=[],
        help_text="Outcomes patients commonly report, shown above the testimonials.",
    )
    items = blocks.ListBlock(TestimonialChooserBlock(), min_num=1, label="Testimonials")
    more_link_label = blocks.CharBlock(
        max_length=80, required=False, help_text='e.g. "Watch video testimonials".'
    )
    more_link_url = blocks.URLBlock(
        required=False, help_text="e.g. the clinic's playlist of patient videos."
    )
    disclaimer = blocks.CharBlock(
        max_length=200, default="Individual results may vary."
    )

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        if bool(value.get("more_link_label")) != bool(value.get("more_link_url")):
            return {
                "more_link_url": "Give both the link text and the address, or neither."
            }
        return {}

    class Meta:
        icon = "openquote"
        label = "Testimonials"
        group = "Engagement"
        description = "Chosen patient testimonials (only those with consent are shown)."


class FAQItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=250, label="Question")
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="Answer")

    class Meta:
        icon = "help"
        label = "Question"


class FAQBlock(ReadableComparisonMixin, blocks.StructBlock):
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, label="Questions")

    class Meta:
        icon = "help"
        label = "FAQ"
        group = "Engagement"
        description = "Questions and answers (also published as FAQ structured data)."
        preview_value = {
            "items": [
                {
                    "title": "Can stem cells cure ALS?",
                    "text": "<p>No. The aim is to slow progression.</p>",
                }
            ]
        }
