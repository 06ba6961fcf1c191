"""The coordinators' admin for patient requests: list, filter, triage, export."""

from django import forms
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property

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
    """The listing, searched with a query that never appears in a URL.

    Wagtail's listing search is a GET form (``?q=``), which writes patients'
    names, phones and emails into the web server's access log and the browser
    history. Here the search is POSTed, kept in the session and applied to every
    page, filter and export of the listing until cleared; ``?q=`` is ignored.
    """

    session_key = "leads.search"
    max_search_length = 255

    def get_search_form(self):
        return None  # no GET search box in the header

    @cached_property
    def search_query(self) -> str:
        return self.request.session.get(self.session_key, "")

    def post(self, request, *args, **kwargs):
        query = request.POST.get("q", "").strip()[: self.max_search_length]
        if query and "clear" not in request.POST:
            request.session[self.session_key] = query
        else:
            request.session.pop(self.session_key, None)
        query_string = request.GET.copy()
        query_string.pop(self.search_kwarg, None)
        url = request.path + (f"?{query_string.urlencode()}" if query_string else "")
        return HttpResponseRedirect(url, status=303)

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
    index_template_name = "leads/lead_index.html"
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
