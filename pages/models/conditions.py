from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import ConditionBodyBlock, PageLinkChooserBlock
from .base import INTRO_FEATURES, BasePage, MedicalPage


class ConditionIndexPage(BasePage):
    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Shown above the list of conditions.",
    )

    content_panels = BasePage.content_panels + ["intro"]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ConditionPage"]
    max_count_per_parent = 1
    api_fields = BasePage.api_fields + [APIField("intro")]
    page_description = (
        "The list of conditions the clinic treats. One per site and language."
    )

    class Meta:
        verbose_name = "condition index page"


class ConditionPage(MedicalPage):
    body = StreamField(
        ConditionBodyBlock(),
        blank=True,
        help_text="The page's sections, in order. Each section appears in the table of contents.",
    )
    related_pages = StreamField(
        [
            (
                "page",
                PageLinkChooserBlock(
                    page_type=[
                        "pages.TherapyPage",
                        "pages.ConditionPage",
                        "pages.ArticlePage",
                    ],
                    label="Related page",
                ),
            )
        ],
        blank=True,
        help_text="Therapies, conditions and articles linked from this page.",
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
    search_fields = MedicalPage.search_fields + [index.SearchField("alternate_names")]
    parent_page_types = ["pages.ConditionIndexPage"]
    subpage_types: list[str] = []
    page_description = "A condition the clinic treats, e.g. ALS, with its treatment, prices and evidence."

    class Meta:
        verbose_name = "condition page"
