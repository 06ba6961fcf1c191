"""Leaf and struct blocks that make up a clinical page's body.

Child names are part of the stored data and of the API contract: renaming one
needs a data migration and an API changelog note.
"""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from snippets.blocks import DoctorChooserBlock, TestimonialChooserBlock

from ..representations import image_representation, page_link
from .compare import ReadableComparisonMixin

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]
INLINE_FEATURES = ["bold", "italic", "link", "superscript"]

CURRENCY_CHOICES = [
    ("EUR", "EUR (€)"),
    ("USD", "USD ($)"),
    ("CHF", "CHF"),
    ("GBP", "GBP (£)"),
    ("RSD", "RSD"),
]


def struct_error(**field_messages: str) -> StructBlockValidationError:
    return StructBlockValidationError(
        block_errors={
            name: ErrorList([ValidationError(message)])
            for name, message in field_messages.items()
        }
    )


class PageLinkChooserBlock(blocks.PageChooserBlock):
    """A chosen page; in the API, its id, type, title and path (never a bare id).

    Pages that are not live or sit under a view restriction come out as ``None``.
    """

    def get_api_representation(self, value, context=None):
        return page_link(value, context)


def price_number(value: Decimal | None) -> int | float | None:
    """Prices as JSON numbers: whole amounts as integers, others as floats."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = "Subheading"
        group = "Text"
        description = "A subheading inside a section (the section itself carries the main heading)."
        preview_value = "Rehabilitation"
        max_length = 150


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


class LinkBlock(blocks.StructBlock):
    """A call to read more: an internal page or an external address, with a label."""

    label = blocks.CharBlock(max_length=80, help_text='Link text, e.g. "Learn more".')
    page = PageLinkChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or an address on another site.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise struct_error(
                page="Choose either a page or an external address (one of the two)."
            )
        return value

    def get_api_representation(self, value, context=None):
        page = page_link(value.get("page"), context)
        return {
            "label": value.get("label"),
            "page": page,
            "url": page["path"] if page else value.get("url", ""),
            "external": not value.get("page"),
        }

    class Meta:
        icon = "link"
        label = "Link"
        group = "Navigation"
        description = 'A "Learn more" or "Read more" link to a page or another site.'
        preview_value = {"label": "Learn more", "url": "https://example.org/"}


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


class TwoColumnRowBlock(blocks.StructBlock):
    left = blocks.CharBlock(max_length=200, label="Left cell")
    right = blocks.TextBlock(label="Right cell")

    class Meta:
        icon = "table"
        label = "Row"


class TwoColumnTableBlock(ReadableComparisonMixin, blocks.StructBlock):
    caption = blocks.CharBlock(
        max_length=200, required=False, help_text="Shown above the table."
    )
    left_heading = blocks.CharBlock(max_length=80, help_text='e.g. "Therapy".')
    right_heading = blocks.CharBlock(max_length=80, help_text='e.g. "What it does".')
    rows = blocks.ListBlock(TwoColumnRowBlock(), min_num=1)

    class Meta:
        icon = "table"
        label = "Two-column table"
        group = "Tables"
        description = (
            "A table of terms and what they mean, e.g. rehabilitation therapies."
        )
        preview_value = {
            "left_heading": "Therapy",
            "right_heading": "What it does",
            "rows": [{"left": "Speech therapy", "right": "Keeps communication going."}],
        }


class CriterionBlock(blocks.StructBlock):
    criterion = blocks.CharBlock(max_length=120, help_text='e.g. "Age".')
    requirement = blocks.TextBlock(help_text="Who qualifies, in plain words.")

    class Meta:
        icon = "tick"
        label = "Criterion"


class CriteriaTableBlock(ReadableComparisonMixin, blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, required=False)
    criteria = blocks.ListBlock(CriterionBlock(), min_num=1)

    class Meta:
        icon = "tick-inverse"
        label = "Criteria table"
        group = "Tables"
        description = "Who can be treated: each criterion with its requirement."
        preview_value = {
            "criteria": [
                {"criterion": "Timing", "requirement": "The earlier, the better."}
            ]
        }


class PriceRowBlock(blocks.StructBlock):
    region = blocks.CharBlock(
        max_length=120, help_text='Country or region, e.g. "Serbia".'
    )
    minimum = blocks.DecimalBlock(
        min_value=0, decimal_places=2, max_digits=12, help_text="Lowest typical price."
    )
    maximum = blocks.DecimalBlock(
        min_value=0,
        decimal_places=2,
        max_digits=12,
        required=False,
        help_text="Highest typical price. Leave empty for a price from the minimum upwards.",
    )
    open_upper_bound = blocks.BooleanBlock(
        required=False,
        help_text='Tick when prices can exceed the maximum (shown as "+").',
    )
    currency = blocks.ChoiceBlock(choices=CURRENCY_CHOICES, default="EUR")
    note = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text='Why prices differ, e.g. "Operating and regulatory costs".',
    )
    footnoted = blocks.BooleanBlock(
        required=False, help_text="Tick to mark this row with the table's footnote."
    )

    def clean(self, value):
        value = super().clean(value)
        minimum, maximum = value.get("minimum"), value.get("maximum")
        if (
            minimum is not None
            and maximum is not None
            and Decimal(minimum) > Decimal(maximum)
        ):
            raise struct_error(maximum="The maximum must be at least the minimum.")
        return value

    def get_api_representation(self, value, context=None):
        return {
            "region": value.get("region"),
            "minimum": price_number(value.get("minimum")),
            "maximum": price_number(value.get("maximum")),
            "open_upper_bound": bool(value.get("open_upper_bound")),
            "currency": value.get("currency"),
            "note": value.get("note") or "",
            "footnoted": bool(value.get("footnoted")),
        }

    class Meta:
        icon = "tag"
        label = "Price row"


class PriceTableBlock(ReadableComparisonMixin, blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, required=False)
    rows = blocks.ListBlock(PriceRowBlock(), min_num=1)
    footnote = blocks.TextBlock(
        required=False,
        help_text="Explains the marked rows, e.g. that prices are indicative.",
    )
    as_of = blocks.DateBlock(
        required=False, help_text="Date the prices were last checked."
    )

    def clean(self, value):
        value = super().clean(value)
        if any(row.get("footnoted") for row in value.get("rows", [])) and not value.get(
            "footnote"
        ):
            raise struct_error(
                footnote="A row is marked with the footnote: write the footnote."
            )
        as_of = value.get("as_of")
        if as_of and as_of > datetime.date.today():
            raise struct_error(as_of="The prices cannot be dated in the future.")
        return value

    class Meta:
        icon = "tag"
        label = "Price table"
        group = "Tables"
        description = (
            "Typical treatment prices by country, with currency and a dated footnote."
        )
        preview_value = {
            "rows": [
                {
                    "region": "Serbia",
                    "minimum": "7000",
                    "maximum": "31000",
                    "currency": "EUR",
                    "footnoted": True,
                }
            ],
            "footnote": "Indicative prices.",
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


class CallToActionBlock(blocks.StructBlock):
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
    link = blocks.URLBlock(
        required=False, help_text="Only for the 'Go to a page or address' action."
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("action") == self.Action.LINK and not value.get("link"):
            raise struct_error(link="Give the address the button goes to.")
        return value

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


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the image for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    def get_api_representation(self, value, context=None):
        return {
            "image": image_representation(
                value.get("image"), alt=value.get("alt_text"), context=context
            ),
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "image"
        label = "Image"
        group = "Media"
        description = "An image with required alternative text and an optional caption."


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the image. Required."
    )

    def get_api_representation(self, value, context=None):
        return image_representation(
            value.get("image"), alt=value.get("alt_text"), context=context
        )

    class Meta:
        icon = "image"
        label = "Gallery image"


class GalleryBlock(ReadableComparisonMixin, blocks.StructBlock):
    images = blocks.ListBlock(GalleryImageBlock(), min_num=2)
    caption = blocks.CharBlock(max_length=250, required=False)

    def get_api_representation(self, value, context=None):
        images = super().get_api_representation(value, context)["images"]
        return {
            "images": [image for image in images if image],
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "image"
        label = "Gallery"
        group = "Media"
        description = "Several photos shown together, with one caption."


VIDEO_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
}


def parse_video_url(url: str) -> tuple[str, str] | None:
    """Return ``(provider, video_id)`` for a YouTube or Vimeo link, else ``None``."""
    parsed = urlparse(url)
    provider = VIDEO_HOSTS.get(parsed.netloc.lower())
    if provider == "youtube":
        if parsed.netloc.lower() == "youtu.be":
            video_id = parsed.path.lstrip("/")
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
        else:
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        if re.fullmatch(r"[\w-]{6,20}", video_id or ""):
            return provider, video_id
    if provider == "vimeo":
        video_id = parsed.path.strip("/").split("/")[-1]
        if video_id.isdigit():
            return provider, video_id
    return None


def video_embed(url: str | None) -> dict[str, str | None]:
    """Provider, id and a privacy-friendly embed address for a video link."""
    parsed = parse_video_url(url or "")
    if parsed is None:
        return {"provider": None, "video_id": None, "embed_url": None}
    provider, video_id = parsed
    embed_url = (
        f"https://www.youtube-nocookie.com/embed/{video_id}"
        if provider == "youtube"
        else f"https://player.vimeo.com/video/{video_id}"
    )
    return {"provider": provider, "video_id": video_id, "embed_url": embed_url}


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video, parsed offline (no oEmbed request on save)."""

    url = blocks.URLBlock(help_text="A YouTube or Vimeo link.")
    title = blocks.CharBlock(
        max_length=200, help_text="What the video shows; also its accessible name."
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    def clean(self, value):
        value = super().clean(value)
        if value.get("url") and not parse_video_url(value["url"]):
            raise struct_error(
                url="Use a YouTube or Vimeo video link, e.g. https://www.youtube.com/watch?v=…"
            )
        return value

    def get_api_representation(self, value, context=None):
        return {
            "url": value.get("url"),
            "title": value.get("title"),
            "caption": value.get("caption") or "",
            **video_embed(value.get("url")),
        }

    class Meta:
        icon = "media"
        label = "Video"
        group = "Media"
        description = "An embedded YouTube or Vimeo video."
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "Patient story",
        }


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("info", "Information"),
            ("warning", "Warning"),
            ("disclaimer", "Disclaimer"),
        ],
        default="info",
    )
    title = blocks.CharBlock(max_length=150, required=False)
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


class TestimonialsBlock(ReadableComparisonMixin, blocks.StructBlock):
    outcomes = blocks.ListBlock(
        blocks.CharBlock(max_length=150, label="Outcome"),
        required=False,
        default=[],
        help_text="Outcomes patients commonly report, shown above the testimonials.",
    )
    testimonials = blocks.ListBlock(TestimonialChooserBlock(), min_num=1)
    more_link_label = blocks.CharBlock(
        max_length=80, required=False, help_text='e.g. "Watch video testimonials".'
    )
    more_link_url = blocks.URLBlock(
        required=False, help_text="e.g. the clinic's playlist of patient videos."
    )
    disclaimer = blocks.CharBlock(
        max_length=200, default="Individual results may vary."
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("more_link_label")) != bool(value.get("more_link_url")):
            raise struct_error(
                more_link_url="Give both the link text and the address, or neither."
            )
        return value

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["testimonials"] = [item for item in data["testimonials"] if item]
        return data

    class Meta:
        icon = "openquote"
        label = "Testimonials"
        group = "Engagement"
        description = "Chosen patient testimonials (only those with consent are shown)."


class RelatedContentBlock(ReadableComparisonMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="May interest you")
    pages = blocks.ListBlock(PageLinkChooserBlock(), min_num=1)

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["pages"] = [page for page in data["pages"] if page]
        return data

    class Meta:
        icon = "doc-empty-inverse"
        label = "Related content"
        group = "Navigation"
        description = (
            "Cards linking to related articles, videos, therapies or conditions."
        )


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

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
                    "question": "Can stem cells cure ALS?",
                    "answer": "<p>No. The aim is to slow progression.</p>",
                }
            ]
        }


class SectionContentBlock(blocks.StreamBlock):
    """What a section may contain."""

    subheading = HeadingBlock()
    paragraph = ParagraphBlock()
    term_list = TermListBlock()
    drug_list = DrugListBlock()
    two_column_table = TwoColumnTableBlock()
    criteria_table = CriteriaTableBlock()
    price_table = PriceTableBlock()
    findings = FindingsBlock()
    steps = StepsBlock()
    call_to_action = CallToActionBlock()
    image = FigureBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    testimonials = TestimonialsBlock()
    link = LinkBlock()
    faq = FAQBlock()

    class Meta:
        icon = "doc-full"
        label = "Content"


class SectionBlock(blocks.StructBlock):
    """A titled part of a page; its anchor feeds the table of contents."""

    heading = blocks.CharBlock(max_length=150)
    anchor = blocks.CharBlock(
        max_length=80,
        required=False,
        help_text="Used in links to this section (#anchor). Filled from the heading when empty; "
        "keep it once published so that links keep working.",
    )
    content = SectionContentBlock()

    def clean(self, value):
        value = super().clean(value)
        anchor = slugify(value.get("anchor") or value.get("heading") or "")
        if not anchor:
            raise struct_error(anchor="Give an anchor using letters or digits.")
        value["anchor"] = anchor
        return value

    class Meta:
        icon = "doc-full-inverse"
        label = "Section"
        group = "Structure"
        description = "A section with a heading, an anchor for the table of contents and its content."
        preview_value = {
            "heading": "Understanding ALS",
            "content": [("paragraph", "<p>ALS affects the motor neurons.</p>")],
        }
