"""Clinical lists: terms, drugs, findings and steps."""

from wagtail import blocks

from ..compare import ReadableComparisonMixin
from .base import INLINE_FEATURES
from .navigation import PageLinkChooserBlock


class TermItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=120, label="Term", help_text='e.g. "Oxidative stress".'
    )
    text = blocks.RichTextBlock(
        features=INLINE_FEATURES, label="Explanation", help_text="One or two sentences."
    )
    page = PageLinkChooserBlock(
        required=False, help_text="Optional page to learn more about this term."
    )

    class Meta:
        icon = "list-ul"
        label = "Term"


class TermListBlock(ReadableComparisonMixin, blocks.StructBlock):
    """Terms with a short explanation each: mechanisms, reasons, supportive therapies."""

    items = blocks.ListBlock(TermItemBlock(), min_num=1, label="Terms")

    class Meta:
        icon = "list-ul"
        label = "Term list"
        group = "Lists"
        description = (
            "Terms, each with a short explanation (mechanisms, reasons, therapies)."
        )
        preview_value = {
            "items": [
                {
                    "title": "Chronic neuroinflammation",
                    "text": "<p>Immune cells keep the nervous system inflamed.</p>",
                },
                {
                    "title": "Oxidative stress",
                    "text": "<p>Reactive molecules damage motor neurons.</p>",
                },
            ]
        }


class DrugBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=80, label="Name", help_text='Generic name, e.g. "Riluzole".'
    )
    drug_class = blocks.CharBlock(
        max_length=80,
        required=False,
        help_text='How it works, e.g. "Anti-glutamate agent".',
    )
    text = blocks.RichTextBlock(
        features=INLINE_FEATURES,
        label="Description",
        help_text="What it does for patients.",
    )
    status = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text='Place in care, e.g. "Lifelong standard therapy" or "Approved more recently".',
    )
    safety_note = blocks.TextBlock(
        required=False,
        default="",
        label="Safety note",
        help_text="A serious risk patients must know, e.g. for natalizumab: "
        '"Risk of PML, a rare brain infection; checked by regular tests." '
        "Leave empty when there is none to single out.",
    )

    class Meta:
        icon = "pick"
        label = "Drug"


class DrugListBlock(ReadableComparisonMixin, blocks.StructBlock):
    items = blocks.ListBlock(DrugBlock(), min_num=1, label="Drugs")

    class Meta:
        icon = "pick"
        label = "Drug list"
        group = "Lists"
        description = "Medicines in standard care, each with its class and effect."
        preview_value = {
            "items": [
                {
                    "title": "Riluzole",
                    "drug_class": "Anti-glutamate",
                    "text": "<p>Improves survival.</p>",
                    "status": "Lifelong standard therapy",
                }
            ]
        }


class FindingBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, help_text="The finding in one line.")
    text = blocks.RichTextBlock(
        features=INLINE_FEATURES, required=False, label="Detail"
    )

    class Meta:
        icon = "tick"
        label = "Finding"


class FindingsBlock(ReadableComparisonMixin, blocks.StructBlock):
    """Results from clinical studies: an efficacy claim, which the medical review
    flags when none of its findings cites a reference (``review.citations``)."""

    claims_efficacy = True

    items = blocks.ListBlock(FindingBlock(), min_num=1, label="Findings")
    note = blocks.TextBlock(
        required=False, help_text="A caveat shown under the findings."
    )

    class Meta:
        icon = "list-ol"
        label = "Numbered findings"
        group = "Lists"
        description = "Numbered results from clinical studies, with an optional caveat."
        preview_value = {"items": [{"title": "Slower decline on the ALSFRS-R scale"}]}


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    text = blocks.RichTextBlock(features=INLINE_FEATURES, label="Description")

    class Meta:
        icon = "arrow-right"
        label = "Step"


class StepsBlock(ReadableComparisonMixin, blocks.StructBlock):
    # A new block starts with as many empty steps as it needs.
    items = blocks.ListBlock(StepBlock(), min_num=2, default=[{}, {}], label="Steps")

    class Meta:
        icon = "list-ol"
        label = "Ordered steps"
        group = "Lists"
        description = "A sequence the patient goes through, in order (e.g. the treatment journey)."
        preview_value = {
            "items": [
                {
                    "title": "Consultation",
                    "text": "<p>A doctor reviews the history.</p>",
                },
                {
                    "title": "Treatment",
                    "text": "<p>Cells are given in hospital.</p>",
                },
            ]
        }
