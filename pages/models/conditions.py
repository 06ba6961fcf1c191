from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from .. import representations as rep
from ..blocks import ConditionBodyBlock
from ..medical_codes import CODE_SYSTEM_CHOICES, code_problem
from .base import (
    MedicalPage,
    SectionIndexPage,
    medical_page_tabs,
    related_pages_field,
    section_intro,
    sections_body,
)


def identity_api_fields(api_fields: list[APIField]) -> list[APIField]:
    """A medical page's API fields with the condition's identity before its
    alternate names."""
    position = next(
        index
        for index, field in enumerate(api_fields)
        if field.name == "alternate_names"
    )
    identity = [
        APIField("medical_name"),
        APIField("codes", serializer=rep.RepresentationField(rep.medical_codes)),
    ]
    return [*api_fields[:position], *identity, *api_fields[position:]]


class ConditionIndexPage(SectionIndexPage):
    intro = section_intro("conditions")

    subpage_types = ["pages.ConditionPage"]
    page_description = (
        "The list of conditions the clinic treats. One per site and language."
    )

    class Meta:
        verbose_name = "condition index page"


class ConditionPage(MedicalPage):
    medical_name = models.CharField(
        max_length=200,
        verbose_name="Medical name",
        help_text="The condition's name in medicine, e.g. \"Amyotrophic lateral "
        'sclerosis": what search engines and the JSON-LD call the condition '
        "(the title can speak to patients; other names go in alternate names).",
    )
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

    identity_panels = [
        MultiFieldPanel(
            ["medical_name", InlinePanel("codes", label="Code")],
            heading="Medical identity",
            help_text="The condition's medical name and its codes in ICD-10, "
            "ICD-11, SNOMED CT or MeSH.",
        )
    ]
    content_panels = (
        MedicalPage.content_panels[:1]
        + identity_panels
        + MedicalPage.content_panels[1:]
    )
    sources_panels = MedicalPage.sources_panels + [
        FieldPanel("testimonials", widget=forms.CheckboxSelectMultiple)
    ]
    edit_handler = medical_page_tabs(content_panels, sources_panels)
    search_fields = MedicalPage.search_fields + [
        index.SearchField("alternate_names"),
        index.AutocompleteField("alternate_names"),
        index.SearchField("medical_name"),
        index.AutocompleteField("medical_name"),
        index.RelatedFields(
            "codes", [index.SearchField("value"), index.AutocompleteField("value")]
        ),
    ]
    parent_page_types = ["pages.ConditionIndexPage"]
    page_description = "A condition the clinic treats, e.g. ALS, with its treatment, prices and evidence."
    api_fields = identity_api_fields(MedicalPage.api_fields)
    # Loaded for a whole API listing at once (pages.representations.preload).
    api_prefetch = ["codes"]

    class Meta:
        verbose_name = "condition page"


class ConditionCode(Orderable):
    """One code of a condition in a medical terminology, e.g. ICD-10 G12.21."""

    page = ParentalKey(ConditionPage, on_delete=models.CASCADE, related_name="codes")
    system = models.CharField(max_length=20, choices=CODE_SYSTEM_CHOICES)
    value = models.CharField(
        max_length=30,
        verbose_name="Code",
        help_text="As the system writes it: ICD-10 G12.21, ICD-11 8B60.0, "
        "SNOMED CT 86044005, MeSH D000690.",
    )

    panels = ["system", "value"]

    def clean(self):
        super().clean()
        self.value = (self.value or "").strip().upper()
        problem = code_problem(self.system, self.value) if self.value else None
        if problem:
            raise ValidationError({"value": problem})

    def __str__(self) -> str:
        return f"{self.system}:{self.value}"

    class Meta(Orderable.Meta):
        verbose_name = "code"
        indexes = [models.Index(fields=["system", "value"])]
