"""Text blocks: headings, paragraphs and callouts."""

from wagtail import blocks

from .base import INLINE_FEATURES, RICH_TEXT_FEATURES


class HeadingBlock(blocks.CharBlock):
    # A CharBlock reads max_length from its arguments, never from Meta: set here,
    # the limit reaches the form field without changing the deconstructed block.
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)

    class Meta:
        icon = "title"
        label = "Subheading"
        group = "Text"
        description = "A subheading inside a section (the section itself carries the main heading)."
        preview_value = "Rehabilitation"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Rich text"
        group = "Text"
        description = "Paragraphs with bold, italics, links and lists."
        preview_value = (
            "<p>ALS gradually weakens the nerve cells that control movement, "
            "speech, swallowing and breathing.</p>"
        )


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("info", "Information"),
            ("warning", "Warning"),
            ("disclaimer", "Disclaimer"),
        ],
        default="info",
    )
    heading = blocks.CharBlock(max_length=150, required=False)
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout"
        group = "Text"
        description = "A highlighted note, warning or disclaimer."
        preview_value = {
            "kind": "disclaimer",
            "text": "<p>Individual results may vary.</p>",
        }


# Migrations name these blocks by their package path (see content/__init__.py).
DECONSTRUCT_ALIASES = {
    HeadingBlock: "pages.blocks.content.HeadingBlock",
    ParagraphBlock: "pages.blocks.content.ParagraphBlock",
}
