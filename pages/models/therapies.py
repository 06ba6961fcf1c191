from ..blocks import TherapyBodyBlock
from .base import (
    MedicalPage,
    SectionIndexPage,
    related_pages_field,
    section_intro,
    sections_body,
)


class TherapyIndexPage(SectionIndexPage):
    intro = section_intro("therapies")

    subpage_types = ["pages.TherapyPage"]
    page_description = (
        "The list of therapies the clinic offers. One per site and language."
    )

    class Meta:
        verbose_name = "therapy index page"


class TherapyPage(MedicalPage):
    body = sections_body(TherapyBodyBlock())
    related_pages = related_pages_field(
        ["pages.ConditionPage", "pages.TherapyPage", "pages.ArticlePage"],
        "Conditions this therapy is used for, related therapies and articles.",
    )

    parent_page_types = ["pages.TherapyIndexPage"]
    page_description = "A therapy, e.g. mesenchymal stem cells or physiotherapy."

    class Meta:
        verbose_name = "therapy page"
