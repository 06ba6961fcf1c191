from django import forms

from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .forms import TestimonialForm
from .models import Doctor, Reference, Testimonial


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


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
    menu_label = "References"
    list_display = ["__str__", "journal", "year", "doi"]
    list_filter = ["year", "journal"]


class ClinicContentGroup(SnippetViewSetGroup):
    items = (DoctorViewSet, TestimonialViewSet, ReferenceViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Clinic content"
    menu_order = 200


register_snippet(ClinicContentGroup)
