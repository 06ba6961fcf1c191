"""Factories for the blocks of ``pages.blocks`` and the snippet choosers.

Struct values are built the way the admin saves them (a section's anchor is
already slugified, rich text is a ``RichText``), so a page made from them passes
the same validation as an editor's page.
"""

from decimal import Decimal

from django.utils.text import slugify

from wagtail.rich_text import RichText

import factory
import wagtail_factories
from wagtail_factories.blocks import BlockFactory, ChooserBlockFactory

from pages.blocks import content as page_blocks
from pages.partial_dates import PartialDate
from snippets.blocks import (
    DoctorChooserBlock,
    ReferenceChooserBlock,
    TestimonialChooserBlock,
)

from .images import ImageFactory
from .snippets import DoctorFactory, ReferenceFactory, TestimonialFactory


def rich_text(html: str) -> factory.LazyFunction:
    return factory.LazyFunction(lambda: RichText(html))


class DefaultStreamFieldFactory(wagtail_factories.StreamFieldFactory):
    """A stream that gets ``default`` blocks unless the caller declares any.

    wagtail-factories refuses two declarations for one index, so defaults
    declared on the factory class (``content__0 = "paragraph"``) would stop a
    test from putting another block first.
    """

    def __init__(self, block_types, default: dict[str, str], **kwargs):
        super().__init__(block_types, **kwargs)
        self.default = default

    def evaluate(self, instance, step, extra):
        return super().evaluate(instance, step, extra or dict(self.default))


class ImageChooserBlockFactory(wagtail_factories.ImageChooserBlockFactory):
    image = factory.SubFactory(ImageFactory)


class PageChooserBlockFactory(wagtail_factories.PageChooserBlockFactory):
    """A published article page (the most common target of a related link)."""

    page = factory.SubFactory("tests.factories.pages.ArticlePageFactory")

    class Meta:
        model = page_blocks.PageLinkChooserBlock


class DoctorChooserBlockFactory(ChooserBlockFactory):
    doctor = factory.SubFactory(DoctorFactory)

    class Meta:
        model = DoctorChooserBlock

    @classmethod
    def _build(cls, model_class, doctor):
        return doctor

    @classmethod
    def _create(cls, model_class, doctor):
        return doctor


class TestimonialChooserBlockFactory(ChooserBlockFactory):
    __test__ = False  # not a test class, despite its name

    testimonial = factory.SubFactory(TestimonialFactory)

    class Meta:
        model = TestimonialChooserBlock

    @classmethod
    def _build(cls, model_class, testimonial):
        return testimonial

    @classmethod
    def _create(cls, model_class, testimonial):
        return testimonial


class ReferenceChooserBlockFactory(ChooserBlockFactory):
    reference = factory.SubFactory(ReferenceFactory)

    class Meta:
        model = ReferenceChooserBlock

    @classmethod
    def _build(cls, model_class, reference):
        return reference

    @classmethod
    def _create(cls, model_class, reference):
        return reference


class HeadingBlockFactory(BlockFactory):
    value = "Rehabilitation"

    class Meta:
        model = page_blocks.HeadingBlock


class ParagraphBlockFactory(BlockFactory):
    value = "<p>Motor neurons in the brain and spinal cord slowly stop working.</p>"

    class Meta:
        model = page_blocks.ParagraphBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs["value"])


class LinkBlockFactory(wagtail_factories.StructBlockFactory):
    """A link to another site; pass ``page=<page>, url=""`` for an internal one."""

    label = "Learn more"
    page = None
    url = "https://www.ncbi.nlm.nih.gov/books/NBK556151/"

    class Meta:
        model = page_blocks.LinkBlock


class TermItemBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Mechanism {n}")
    text = rich_text("<p>Damages the nerve cells that control muscles.</p>")
    page = None

    class Meta:
        model = page_blocks.TermItemBlock


class TermListBlockFactory(wagtail_factories.StructBlockFactory):
    items = wagtail_factories.ListBlockFactory(TermItemBlockFactory)
    items__0__title = "Oxidative stress"
    items__1__title = "Glutamate excitotoxicity"

    class Meta:
        model = page_blocks.TermListBlock


class DrugBlockFactory(wagtail_factories.StructBlockFactory):
    title = "Riluzole"
    drug_class = "Anti-glutamate agent"
    text = rich_text("<p>Helps patients live longer.</p>")
    status = "Lifelong standard therapy"
    safety_note = ""

    class Meta:
        model = page_blocks.DrugBlock


class DrugListBlockFactory(wagtail_factories.StructBlockFactory):
    items = wagtail_factories.ListBlockFactory(DrugBlockFactory)
    items__0__title = "Riluzole"
    items__1__title = "Edaravone"
    items__1__drug_class = "Antioxidant"
    items__1__status = "Approved more recently"

    class Meta:
        model = page_blocks.DrugListBlock


class TwoColumnRowBlockFactory(wagtail_factories.StructBlockFactory):
    left = "Speech therapy"
    right = "Keeps conversation possible, with devices when needed."

    class Meta:
        model = page_blocks.TwoColumnRowBlock


class TwoColumnTableBlockFactory(wagtail_factories.StructBlockFactory):
    caption = "Rehabilitation"
    left_heading = "Therapy"
    right_heading = "What it does"
    items = wagtail_factories.ListBlockFactory(TwoColumnRowBlockFactory)
    items__0__left = "Speech therapy"
    items__1__left = "Nutritional support"
    items__1__right = "Prevents weight loss and dehydration."

    class Meta:
        model = page_blocks.TwoColumnTableBlock


# Three columns (text, percentage, number) and a rich-text fourth: the table the
# issue could not enter before, with every column type.
DATA_TABLE = {
    "caption": "Courses of multiple sclerosis at diagnosis",
    "columns": [
        {"type": "text", "heading": "Course"},
        {"type": "percentage", "heading": "Share of diagnoses"},
        {"type": "number", "heading": "Typical age at onset"},
        {"type": "rich_text", "heading": "Course over time"},
    ],
    "rows": [
        {
            "values": [
                "Relapsing-remitting",
                "85",
                "30",
                "<p>Attacks, then <b>recovery</b>.</p>",
            ]
        },
        {
            "values": [
                "Primary progressive",
                "12.5",
                "40",
                "<p>Steady from the start.</p>",
            ]
        },
    ],
}


def data_table(raw: dict | None = None):
    """A typed table value (``DataTableBlock.table``) from stored data."""
    grid = page_blocks.DataTableBlock().child_blocks["table"]
    return grid.to_python(raw or DATA_TABLE)


class DataTableBlockFactory(wagtail_factories.StructBlockFactory):
    table = factory.LazyFunction(data_table)
    header_column = True
    source = "Illustrative figures for the tests."

    class Meta:
        model = page_blocks.DataTableBlock


class CriterionBlockFactory(wagtail_factories.StructBlockFactory):
    criterion = "Timing"
    requirement = "Treatment helps most when it starts early."

    class Meta:
        model = page_blocks.CriterionBlock


class CriteriaTableBlockFactory(wagtail_factories.StructBlockFactory):
    caption = "Who can be treated"
    items = wagtail_factories.ListBlockFactory(CriterionBlockFactory)
    items__0__criterion = "Age"
    items__0__requirement = "Adults; older patients are assessed one by one."
    items__1__criterion = "Timing"

    class Meta:
        model = page_blocks.CriteriaTableBlock


class PriceRowBlockFactory(wagtail_factories.StructBlockFactory):
    region = "Serbia"
    kind = "between"
    minimum = Decimal("7000.00")
    maximum = Decimal("31000.00")
    currency = "EUR"
    note = "Lower running costs"
    footnoted = False

    class Meta:
        model = page_blocks.PriceRowBlock


class PriceTableBlockFactory(wagtail_factories.StructBlockFactory):
    caption = "Typical prices"
    items = wagtail_factories.ListBlockFactory(PriceRowBlockFactory)
    items__0__region = "Serbia"
    items__0__footnoted = True
    items__1__region = "USA"
    items__1__kind = "from"
    items__1__minimum = Decimal("20000.00")
    items__1__maximum = None
    items__1__currency = "USD"
    footnote = "Indicative; the final price depends on the treatment plan."
    as_of = PartialDate(2025, 1)

    class Meta:
        model = page_blocks.PriceTableBlock


class FindingBlockFactory(wagtail_factories.StructBlockFactory):
    title = "Slower decline on the ALSFRS-R scale"
    text = rich_text("<p>Compared with placebo in controlled trials.</p>")

    class Meta:
        model = page_blocks.FindingBlock


class FindingsBlockFactory(wagtail_factories.StructBlockFactory):
    items = wagtail_factories.ListBlockFactory(FindingBlockFactory)
    items__0__title = "Slower decline on the ALSFRS-R scale"
    items__1__title = "Muscle strength and breathing kept longer"
    note = "Results depend on age, stage and immune response."

    class Meta:
        model = page_blocks.FindingsBlock


class StepBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Step {n}")
    text = rich_text("<p>The care team explains what happens next.</p>")

    class Meta:
        model = page_blocks.StepBlock


class StepsBlockFactory(wagtail_factories.StructBlockFactory):
    items = wagtail_factories.ListBlockFactory(StepBlockFactory)
    items__0__title = "Consultation"
    items__1__title = "Treatment in hospital"

    class Meta:
        model = page_blocks.StepsBlock


class CallToActionBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Ask for a free online consultation"
    text = rich_text("<p>A doctor reads your records and replies.</p>")
    doctor = factory.SubFactory(DoctorChooserBlockFactory)
    button_label = "Get a free consultation"
    action = page_blocks.CallToActionBlock.Action.CONSULTATION
    button_url = ""

    class Meta:
        model = page_blocks.CallToActionBlock


class FigureBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(ImageChooserBlockFactory)
    alt_text = "A doctor examining a patient's hand strength."
    caption = "Early signs are easy to miss."

    class Meta:
        model = page_blocks.FigureBlock


class GalleryImageBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(ImageChooserBlockFactory)
    alt_text = factory.Sequence(lambda n: f"Hospital ward, view {n}")

    class Meta:
        model = page_blocks.GalleryImageBlock


class GalleryBlockFactory(wagtail_factories.StructBlockFactory):
    items = wagtail_factories.ListBlockFactory(GalleryImageBlockFactory)
    items__0__alt_text = "The hospital entrance"
    items__1__alt_text = "A patient room"
    caption = "The hospital in Belgrade"

    class Meta:
        model = page_blocks.GalleryBlock


class VideoBlockFactory(wagtail_factories.StructBlockFactory):
    url = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    title = "A patient's story"
    caption = ""

    class Meta:
        model = page_blocks.VideoBlock


class CalloutBlockFactory(wagtail_factories.StructBlockFactory):
    kind = "disclaimer"
    heading = "Please note"
    text = rich_text("<p>Results differ from one patient to another.</p>")

    class Meta:
        model = page_blocks.CalloutBlock


class EmergencyNumberBlockFactory(wagtail_factories.StructBlockFactory):
    country = "EU"
    number = "112"
    label = "All emergencies"

    class Meta:
        model = page_blocks.EmergencyNumberBlock


class EmergencyCalloutBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Sudden difficulty breathing"
    text = rich_text("<p>Call an ambulance at once.</p>")
    items = wagtail_factories.ListBlockFactory(EmergencyNumberBlockFactory)
    items__0__number = "112"
    items__1__country = "GB"
    items__1__number = "999"
    items__1__label = "Ambulance"

    class Meta:
        model = page_blocks.EmergencyCalloutBlock


class TestimonialsBlockFactory(wagtail_factories.StructBlockFactory):
    __test__ = False  # not a test class, despite its name

    outcomes = wagtail_factories.ListBlockFactory(wagtail_factories.CharBlockFactory)
    outcomes__0 = "Better control of arms and legs"
    items = wagtail_factories.ListBlockFactory(TestimonialChooserBlockFactory)
    items__0__testimonial__country = "IT"
    more_link_label = "Watch video testimonials"
    more_link_url = "https://www.youtube.com/@clinic"
    disclaimer = "Individual results may vary."

    class Meta:
        model = page_blocks.TestimonialsBlock


class RelatedContentBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "May interest you"
    items = wagtail_factories.ListBlockFactory(PageChooserBlockFactory)
    items__0__page__title = "How mesenchymal stem cells work"

    class Meta:
        model = page_blocks.RelatedContentBlock


class FAQItemBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Question {n}?")
    text = rich_text("<p>It depends on the stage of the disease.</p>")

    class Meta:
        model = page_blocks.FAQItemBlock


class FAQBlockFactory(wagtail_factories.StructBlockFactory):
    items = wagtail_factories.ListBlockFactory(FAQItemBlockFactory)
    items__0__title = "Can stem cells cure ALS?"
    items__0__text = rich_text("<p>No; the aim is to slow the disease down.</p>")

    class Meta:
        model = page_blocks.FAQBlock


class SectionContentBlockFactory(wagtail_factories.StreamBlockFactory):
    subheading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(ParagraphBlockFactory)
    term_list = factory.SubFactory(TermListBlockFactory)
    drug_list = factory.SubFactory(DrugListBlockFactory)
    two_column_table = factory.SubFactory(TwoColumnTableBlockFactory)
    data_table = factory.SubFactory(DataTableBlockFactory)
    criteria_table = factory.SubFactory(CriteriaTableBlockFactory)
    price_table = factory.SubFactory(PriceTableBlockFactory)
    findings = factory.SubFactory(FindingsBlockFactory)
    steps = factory.SubFactory(StepsBlockFactory)
    call_to_action = factory.SubFactory(CallToActionBlockFactory)
    image = factory.SubFactory(FigureBlockFactory)
    gallery = factory.SubFactory(GalleryBlockFactory)
    video = factory.SubFactory(VideoBlockFactory)
    callout = factory.SubFactory(CalloutBlockFactory)
    emergency_callout = factory.SubFactory(EmergencyCalloutBlockFactory)
    testimonials = factory.SubFactory(TestimonialsBlockFactory)
    link = factory.SubFactory(LinkBlockFactory)
    faq = factory.SubFactory(FAQBlockFactory)

    class Meta:
        model = page_blocks.SectionContentBlock


class SectionBlockFactory(wagtail_factories.StructBlockFactory):
    """A section with one paragraph; its anchor is the slugified heading."""

    heading = factory.Sequence(lambda n: f"Understanding ALS, part {n}")
    anchor = factory.LazyAttribute(lambda section: slugify(section.heading))
    content = DefaultStreamFieldFactory(
        SectionContentBlockFactory, default={"0": "paragraph"}
    )

    class Meta:
        model = page_blocks.SectionBlock
