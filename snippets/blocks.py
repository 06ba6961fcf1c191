"""StreamField blocks that choose snippets."""

from wagtail.snippets.blocks import SnippetChooserBlock


class DoctorChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("snippets.Doctor", **kwargs)

    class Meta:
        icon = "user"
        label = "Doctor"


class TestimonialChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("snippets.Testimonial", **kwargs)

    class Meta:
        icon = "openquote"
        label = "Testimonial"


class ReferenceChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("snippets.Reference", **kwargs)

    class Meta:
        icon = "doc-full"
        label = "Reference"
