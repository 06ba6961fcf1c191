"""The coordinators' admin for patient requests: list, filter, triage, export."""

from django import forms

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from pages.models import ConditionPage

from .models import Lead

# Spreadsheet apps run cells that start with these as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def conditions_with_requests(request):
    return ConditionPage.objects.filter(
        pk__in=Lead.objects.exclude(condition_page=None).values("condition_page")
    ).order_by("title")


class LeadFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Lead.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    kind = django_filters.ChoiceFilter(
        choices=Lead.Kind.choices, empty_label="All", widget=forms.RadioSelect
    )
    condition_page = django_filters.ModelChoiceFilter(
        queryset=conditions_with_requests, label="Condition"
    )
    created_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )

    class Meta:
        model = Lead
        fields = ["status", "kind", "condition_page", "created_at"]


class LeadIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("condition_page")

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # Phone numbers are validated E.164 (+ and digits only), never formulas.
        if (
            export_format == self.FORMAT_CSV
            and field != "phone"
            and isinstance(value, str)
            and value.startswith(FORMULA_PREFIXES)
        ):
            return "'" + value
        return value


class LeadViewSet(ModelViewSet):
    """Only for coordinators: the listing shows personal and health-related data.

    Requests are not snippets, so that no revision copies their data, and they stay
    out of Wagtail's search and reference indexes: search runs on the database.
    """

    model = Lead
    name = "patient_requests"
    url_prefix = "patient-requests"
    icon = "mail"
    menu_label = "Patient requests"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = LeadIndexView
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "__str__",
        "name",
        "phone",
        "country",
        "condition_page",
        "status",
        "created_at",
    ]
    filterset_class = LeadFilterSet
    search_fields = ["reference", "name", "phone", "email"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_export = [
        "reference",
        "get_kind_display",
        "get_status_display",
        "created_at",
        "name",
        "phone",
        "email",
        "country.name",
        "get_language_display",
        "preferred_time",
        "condition_page",
        "message",
        "source_url",
        "consented_at",
        "consent_text_version",
        "notes",
    ]
    export_headings = {
        "reference": "Reference",
        "get_kind_display": "Kind",
        "get_status_display": "Status",
        "created_at": "Received",
        "country.name": "Country",
        "get_language_display": "Preferred language",
        "condition_page": "Condition",
        "consented_at": "Consented at",
        "consent_text_version": "Consent text version",
        "notes": "Coordinator notes",
    }
    export_filename = "patient-requests"


@hooks.register("register_admin_viewset")
def register_lead_viewset():
    return LeadViewSet()
