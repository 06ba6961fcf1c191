"""StreamField blocks that choose snippets.

Each overrides its API output: Wagtail's default for a chooser is a bare primary
key, which would force a frontend into one more request per block. Unpublished
doctors and testimonials without valid consent come out as ``None``; the blocks
that hold lists of them drop those entries.
"""

from wagtail.snippets.blocks import SnippetChooserBlock

from cms.openapi import nullable, ref

from .representations import (
    doctor_summary,
    reference_representation,
    testimonial_representation,
)


class DoctorChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("snippets.Doctor", **kwargs)

    api_schema = nullable(ref("DoctorSummary"))

    def get_api_representation(self, value, context=None):
        return doctor_summary(value, context)

    class Meta:
        icon = "user"
        label = "Doctor"


class TestimonialChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("snippets.Testimonial", **kwargs)

    api_schema = nullable(ref("Testimonial"))

    def get_api_representation(self, value, context=None):
        return testimonial_representation(value, context)

    class Meta:
        icon = "openquote"
        label = "Testimonial"


class ReferenceChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("snippets.Reference", **kwargs)

    api_schema = nullable(ref("Reference"))

    def get_api_representation(self, value, context=None):
        return reference_representation(value, context)

    class Meta:
        icon = "doc-full"
        label = "Reference"
