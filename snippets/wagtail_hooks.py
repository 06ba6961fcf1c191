from django import forms
from django.urls import path

from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .forms import ReferenceCreationForm, ReferenceForm, TestimonialForm
from .models import Doctor, ImageAltText, Reference, Testimonial
from .rich_text import register_citation_feature
from .views import ReferenceChooserCreateView, ReferenceCreateView, doi_check


def doctor_specialty_tags(request):
    return Tag.objects.filter(snippets_doctorspecialty_items__isnull=False).distinct()


class DoctorFilterSet(WagtailFilterSet):
    specialties = django_filters.ModelMultipleChoiceFilter(
        field_name="specialties",
        queryset=doctor_specialty_tags,
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
        label="Specialties",
    )

    class Meta:
        model = Doctor
        fields = ["live"]


# The listings search through each model's own search index (index.SearchField).
# No viewset sets `search_fields`: on SQLite, modelsearch turns those names into FTS
# column names that do not exist, and every `?q=` fails.


class DoctorViewSet(SnippetViewSet):
    model = Doctor
    icon = "user"
    menu_label = "Doctors"
    list_display = ["__str__", "role", "locale", "live"]
    filterset_class = DoctorFilterSet
    ordering = ["name"]


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = "Testimonials"
    list_display = [
        "display_name",
        "country",
        "consent_given_on",
        "consent_revoked_on",
        "live",
    ]
    list_filter = ["live", "country", "conditions", "consent_scope"]
    edit_handler = ObjectList(Testimonial.panels, base_form_class=TestimonialForm)


class ReferenceChooserViewSet(SnippetChooserViewSet):
    """The chooser can create a reference (from a pasted DOI or record too), so an
    editor citing a new paper need not leave the page."""

    creation_form_class = ReferenceCreationForm
    create_view_class = ReferenceChooserCreateView
    create_action_label = "Create"
    creation_tab_label = "New reference"


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
    menu_label = "References"
    list_display = ["__str__", "journal", "year", "doi"]
    list_filter = ["year", "journal"]
    add_view_class = ReferenceCreateView
    chooser_viewset_class = ReferenceChooserViewSet
    # The paste box first: filling in from a DOI or record is the quick way to start.
    edit_handler = ObjectList(
        [FieldPanel("import_source"), *Reference.panels], base_form_class=ReferenceForm
    )


class ImageAltTextViewSet(SnippetViewSet):
    """Alt text of a shared image in one language (the default is its description)."""

    model = ImageAltText
    icon = "image"
    menu_label = "Image alt text"
    list_display = ["image", "locale", "text"]
    list_filter = ["locale"]


class ClinicContentGroup(SnippetViewSetGroup):
    items = (DoctorViewSet, TestimonialViewSet, ReferenceViewSet, ImageAltTextViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Clinic content"
    menu_order = 200


register_snippet(ClinicContentGroup)


@hooks.register("register_admin_urls")
def register_reference_urls():
    return [path("references/doi-check/", doi_check, name="reference_doi_check")]


@hooks.register("register_rich_text_features")
def register_citation_rich_text_feature(features):
    """Inline citations of references (``snippets.rich_text``); the body blocks of
    pages enable the feature by name."""
    register_citation_feature(features)
