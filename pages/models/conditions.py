from django import forms

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..blocks import ConditionBodyBlock
from .base import (
    MedicalPage,
    SectionIndexPage,
    medical_page_tabs,
    related_pages_field,
    section_intro,
    sections_body,
)


class ConditionIndexPage(SectionIndexPage):
    intro = section_intro("conditions")

    subpage_types = ["pages.ConditionPage"]
    page_description = (
        "The list of conditions the clinic treats. One per site and language."
    )

    class Meta:
        verbose_name = "condition index page"


class ConditionPage(MedicalPage):
    body = sections_body(ConditionBodyBlock())
    related_pages = related_pages_field(
        ["pages.TherapyPage", "pages.ConditionPage", "pages.ArticlePage"],
        "Therapies, conditions and articles linked from this page.",
    )
    # The link lives here, not on the testimonial: snippets sit below pages and hold
    # no relation to them. ``testimonial.conditions`` is the way back.
    testimonials = ParentalManyToManyField(
        "snippets.Testimonial",
        blank=True,
        related_name="conditions",
        help_text="Testimonials of patients treated for this condition, for the "
        "frontend's lists of testimonials about it. To show testimonials on this "
        "page, add a testimonials block to the body.",
    )

    sources_panels = MedicalPage.sources_panels + [
        FieldPanel("testimonials", widget=forms.CheckboxSelectMultiple)
    ]
    edit_handler = medical_page_tabs(MedicalPage.content_panels, sources_panels)
    search_fields = MedicalPage.search_fields + [
        index.SearchField("alternate_names"),
        index.AutocompleteField("alternate_names"),
    ]
    parent_page_types = ["pages.ConditionIndexPage"]
    page_description = "A condition the clinic treats, e.g. ALS, with its treatment, prices and evidence."

    class Meta:
        verbose_name = "condition page"
