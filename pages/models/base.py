"""Fields and rules shared by the clinic's page types."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from wagtail_localize.fields import BaseTranslatableField, SynchronizedField

from cms.fields import optional_link
from review.models import REVIEW_RECORD_FIELDS, MedicalReviewRecord
from review.panels import ReviewRecordPanel, ReviewStatusPanel
from review.status import review_today
from snippets.blocks import ReferenceChooserBlock

from .. import representations as rep
from ..blocks import PageLinkChooserBlock
from ..forms import BasePageForm
from ..headless import redirect_to_frontend
from ..structured_data import medical_page_json_ld, medical_page_json_ld_script

INTRO_FEATURES = ["bold", "italic", "link"]
PREVIEW_MODES = [("", "Website"), ("content", "Content only")]


class BasePage(Page):
    """Every page of the site: social sharing image on top of Wagtail's SEO fields."""

    social_image = optional_link(
        "wagtailimages.Image",
        help_text="Shown when the page is shared on social media (1200×630 works best).",
    )

    promote_panels = Page.promote_panels + ["social_image"]
    base_form_class = BasePageForm
    # wagtail-localize: a translation keeps the source's slug unless a translator
    # overrides it, so /de/conditions/als/ mirrors /conditions/als/.
    override_translatable_fields = [SynchronizedField("slug")]
    api_fields = [
        APIField("seo", serializer=rep.RepresentationField(rep.seo)),
        APIField("alternates", serializer=rep.RepresentationField(rep.alternates)),
        APIField(
            "translation", serializer=rep.RepresentationField(rep.translation_state)
        ),
    ]

    def serve(self, request, *args, **kwargs):
        """The site is headless: the CMS host serves no page. A request for a page's
        URL here ("View live" in the admin) is sent to the frontend when the page is
        public and its site has one, and gets a 404 otherwise."""
        return redirect_to_frontend(self, request)

    @property
    def preview_modes(self):
        return PREVIEW_MODES

    def serve_preview(self, request, mode_name):
        """The frontend's preview of the saved draft when the site has one configured,
        otherwise a readable rendering of the content (see ``pages.preview``)."""
        from ..preview import serve_preview

        return serve_preview(self, request, mode_name)

    class Meta:
        abstract = True


class SectionIndexPage(BasePage):
    """The index of one section below a home page (conditions, therapies, articles):
    an intro above the list of the section's pages, once per home page."""

    # A subclass redefines ``intro`` to word its help text for its own section.
    intro = RichTextField(features=INTRO_FEATURES, blank=True)

    content_panels = BasePage.content_panels + ["intro"]
    parent_page_types = ["pages.HomePage"]
    max_count_per_parent = 1
    api_fields = BasePage.api_fields + [APIField("intro")]

    class Meta:
        abstract = True


def section_intro(listing: str) -> RichTextField:
    """A section index's ``intro``, shown above the list of its ``listing``."""
    return RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text=f"Shown above the list of {listing}.",
    )


def sections_body(block: blocks.StreamBlock) -> StreamField:
    """A medical page's ``body``: the sections of ``block``, which make its table of
    contents."""
    return StreamField(
        block,
        blank=True,
        help_text="The page's sections, in order. Each section appears in the table of contents.",
    )


def related_pages_field(page_types: list[str], help_text: str) -> StreamField:
    """A medical page's ``related_pages``: links to pages of ``page_types``."""
    return StreamField(
        [
            (
                "page",
                PageLinkChooserBlock(page_type=page_types, label="Related page"),
            )
        ],
        blank=True,
        help_text=help_text,
    )


# The review record comes from the medical reviewer's approval in the workflow
# (review.records.record_review): read-only for editors, correctable by those with
# the "correct review record" permission.
REVIEW_PANELS = [
    MultiFieldPanel(
        [
            ReviewStatusPanel(heading="Review status"),
            ReviewRecordPanel("reviewed_by"),
            ReviewRecordPanel("last_reviewed"),
            ReviewRecordPanel("next_review_due"),
            FieldPanel("reviewed_revision", read_only=True),
            FieldPanel("has_unreviewed_changes", read_only=True),
        ],
        heading="Medical review",
        help_text="Set by the medical reviewer's approval.",
    ),
]


def medical_page_tabs(content_panels: list, sources_panels: list) -> TabbedInterface:
    """The editor's tabs of a medical page: content, sources, medical review, then
    Wagtail's promote and settings."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(sources_panels, heading="References & related"),
            ObjectList(REVIEW_PANELS, heading="Medical review"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )


class MedicalPage(MedicalReviewRecord, BasePage):
    """A page with clinical claims: it cites references and carries a medical review."""

    summary = models.TextField(
        help_text="Key facts in one or two sentences; shown in listings, search and the key facts box."
    )
    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="The opening paragraphs under the title.",
    )
    hero_image = optional_link(
        "wagtailimages.Image",
        help_text="Wide image at the top of the page.",
    )
    hero_alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the hero image for people who cannot see it. Required with an image.",
    )
    key_facts_anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Anchor of the section that the key facts box jumps to (e.g. the treatment summary).",
    )
    alternate_names = StreamField(
        [("name", blocks.CharBlock(max_length=120, label="Name"))],
        blank=True,
        help_text='Other names patients search for, e.g. "Lou Gehrig\'s disease".',
    )
    references = StreamField(
        [("reference", ReferenceChooserBlock())],
        blank=True,
        help_text="Sources of this page. Cite them in the text with the citation "
        "button: they are numbered in the order first cited, and those never cited "
        "follow in this order.",
    )
    header_panels = [
        "summary",
        "intro",
        MultiFieldPanel(["hero_image", "hero_alt_text"], heading="Hero image"),
        "key_facts_anchor",
        "alternate_names",
    ]
    # Each page type defines ``body`` and ``related_pages`` with its own blocks.
    content_panels = BasePage.content_panels + header_panels + ["body"]
    sources_panels = ["references", "related_pages"]
    edit_handler = medical_page_tabs(content_panels, sources_panels)
    # References are shared by every language (a citation is the same everywhere)
    # and the key facts anchor must match a section anchor, which is not translated
    # either (pages.blocks.AnchorBlock). A translation has its own medical review
    # record: neither translated nor copied by a sync (nor by the first copy, see
    # ``exclude_fields_in_copy``).
    override_translatable_fields = (
        BasePage.override_translatable_fields
        + [
            SynchronizedField("key_facts_anchor", overridable=False),
            SynchronizedField("references", overridable=False),
        ]
        + [BaseTranslatableField(name) for name in REVIEW_RECORD_FIELDS]
    )
    # The admin's page search autocompletes: only AutocompleteFields are searched
    # there, so what an editor would type ("riluzole") is autocomplete-indexed too.
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("intro"),
        index.AutocompleteField("intro"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.FilterField("next_review_due"),
        index.FilterField("last_reviewed"),
    ]
    # Condition and therapy pages are leaves of their section.
    subpage_types: list[str] = []
    api_fields = BasePage.api_fields + [
        APIField("summary"),
        APIField("intro"),
        APIField("hero_image", serializer=rep.RepresentationField(rep.hero_image)),
        APIField(
            "alternate_names", serializer=rep.RepresentationField(rep.alternate_names)
        ),
        APIField("key_facts_anchor"),
        APIField("toc", serializer=rep.RepresentationField(rep.table_of_contents)),
        APIField("body"),
        APIField(
            "medical_review", serializer=rep.RepresentationField(rep.medical_review)
        ),
        APIField(
            "references", serializer=rep.RepresentationField(rep.numbered_references)
        ),
        APIField(
            "related_pages", serializer=rep.RepresentationField(rep.related_pages)
        ),
        # The same JSON-LD twice: as data to read, and as script-safe text to embed
        # in <script type="application/ld+json"> as is (docs/api.md).
        APIField("json_ld", serializer=rep.RepresentationField(medical_page_json_ld)),
        APIField(
            "json_ld_script",
            serializer=rep.RepresentationField(medical_page_json_ld_script),
        ),
    ]

    # A copy or a translation needs its own medical review.
    exclude_fields_in_copy = list(REVIEW_RECORD_FIELDS)

    # Set by the admin form on "Save draft": checks that need content still to be
    # written (the key-facts anchor's section) wait for publishing or submitting.
    defer_publish_checks = False

    @property
    def section_anchors(self) -> list[str]:
        return [
            child.value["anchor"]
            for child in self.body
            if child.block_type == "section"
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.hero_image_id and not self.hero_alt_text:
            errors["hero_alt_text"] = "Describe the hero image (alternative text)."
        if self.last_reviewed and self.last_reviewed > review_today():
            errors["last_reviewed"] = "A review cannot be dated in the future."
        if self.last_reviewed and not self.reviewed_by_id:
            errors["reviewed_by"] = "Say which doctor reviewed the page."
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = "The next review must come after the last one."
        if (
            self.key_facts_anchor
            and not self.defer_publish_checks
            and self.key_facts_anchor not in self.section_anchors
        ):
            errors["key_facts_anchor"] = (
                f'No section has the anchor "{self.key_facts_anchor}". '
                f"Available: {', '.join(self.section_anchors) or 'none yet'}."
            )
        if errors:
            raise ValidationError(errors)

    class Meta:
        abstract = True
