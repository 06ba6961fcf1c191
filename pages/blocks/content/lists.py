"""Clinical lists: terms, drugs, findings and steps."""

from wagtail import blocks

from ..compare import ReadableComparisonMixin
from .base import INLINE_FEATURES
from .navigation import PageLinkChooserBlock


class TermItemBlock(blocks.StructBlock):
    term = blocks.CharBlock(max_length=120, help_text='e.g. "Oxidative stress".')
    explanation = blocks.RichTextBlock(
        features=INLINE_FEATURES, help_text="One or two sentences."
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
                    "term": "Chronic neuroinflammation",
                    "explanation": "<p>Immune cells keep the nervous system inflamed.</p>",
                },
                {
                    "term": "Oxidative stress",
                    "explanation": "<p>Reactive molecules damage motor neurons.</p>",
                },
            ]
        }


class DrugBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, help_text='Generic name, e.g. "Riluzole".')
    drug_class = blocks.CharBlock(
        max_length=80,
        required=False,
        help_text='How it works, e.g. "Anti-glutamate agent".',
    )
    description = blocks.RichTextBlock(
        features=INLINE_FEATURES, help_text="What it does for patients."
    )
    status = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text='Place in care, e.g. "Lifelong standard therapy" or "Approved more recently".',
    )

    class Meta:
        icon = "pick"
        label = "Drug"


class DrugListBlock(ReadableComparisonMixin, blocks.StructBlock):
    drugs = blocks.ListBlock(DrugBlock(), min_num=1, label="Drugs")

    class Meta:
        icon = "pick"
        label = "Drug list"
        group = "Lists"
        description = "Medicines in standard care, each with its class and effect."
        preview_value = {
            "drugs": [
                {
                    "name": "Riluzole",
                    "drug_class": "Anti-glutamate",
                    "description": "<p>Improves survival.</p>",
                    "status": "Lifelong standard therapy",
                }
            ]
        }


class FindingBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, help_text="The finding in one line.")
    detail = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)

    class Meta:
        icon = "tick"
        label = "Finding"


class FindingsBlock(ReadableComparisonMixin, blocks.StructBlock):
    findings = blocks.ListBlock(FindingBlock(), min_num=1)
    note = blocks.TextBlock(
        required=False, help_text="A caveat shown under the findings."
    )

    class Meta:
        icon = "list-ol"
        label = "Numbered findings"
        group = "Lists"
        description = "Numbered results from clinical studies, with an optional caveat."
        preview_value = {
            "findings": [{"title": "Slower decline on the ALSFRS-R scale"}]
        }


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    description = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "arrow-right"
        label = "Step"


class StepsBlock(ReadableComparisonMixin, blocks.StructBlock):
    steps = blocks.ListBlock(StepBlock(), min_num=2)

    class Meta:
        icon = "list-ol"
        label = "Ordered steps"
        group = "Lists"
        description = "A sequence the patient goes through, in order (e.g. the treatment journey)."
        preview_value = {
            "steps": [
                {
                    "title": "Consultation",
                    "description": "<p>A doctor reviews the history.</p>",
                },
                {
                    "title": "Treatment",
                    "description": "<p>Cells are given in hospital.</p>",
                },
            ]
        }
