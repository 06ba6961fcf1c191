from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField

from ..blocks import PageLinkChooserBlock, TherapyBodyBlock
from .base import INTRO_FEATURES, BasePage, MedicalPage


class TherapyIndexPage(BasePage):
    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Shown above the list of therapies.",
    )

    content_panels = BasePage.content_panels + ["intro"]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.TherapyPage"]
    max_count_per_parent = 1
    api_fields = BasePage.api_fields + [APIField("intro")]
    page_description = (
        "The list of therapies the clinic offers. One per site and language."
    )

    class Meta:
        verbose_name = "therapy index page"


class TherapyPage(MedicalPage):
    body = StreamField(
        TherapyBodyBlock(),
        blank=True,
        help_text="The page's sections, in order. Each section appears in the table of contents.",
    )
    related_pages = StreamField(
        [
            (
                "page",
                PageLinkChooserBlock(
                    page_type=[
                        "pages.ConditionPage",
                        "pages.TherapyPage",
                        "pages.ArticlePage",
                    ],
                    label="Related page",
                ),
            )
        ],
        blank=True,
        help_text="Conditions this therapy is used for, related therapies and articles.",
    )

    content_panels = BasePage.content_panels + MedicalPage.header_panels + ["body"]
    sources_panels = ["references", "related_pages"]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(sources_panels, heading="References & related"),
            ObjectList(MedicalPage.review_panels, heading="Medical review"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )
    parent_page_types = ["pages.TherapyIndexPage"]
    subpage_types: list[str] = []
    page_description = "A therapy, e.g. mesenchymal stem cells or physiotherapy."

    class Meta:
        verbose_name = "therapy page"
