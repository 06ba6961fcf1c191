"""Admin additions of the pages app: listings of the medical pages with their review
status, the stricter page deletion and staff-account bulk actions, and the rules
that keep content from staff without rights on it (``pages.bulk_actions``,
``pages.admin_api``; ``pages.admin_access`` is a middleware)."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from cms.translations import translation_label, translation_source, translation_state
from review.report import CalendarDateColumn
from review.status import ReviewStatus, review_status_filter

from .admin_api import (
    PermittedDocumentsAdminAPIViewSet,
    PermittedImagesAdminAPIViewSet,
    private_document_refused,
)
from .bulk_actions import BULK_ACTIONS as NAMES_ONLY_BULK_ACTIONS
from .deletion import ClinicPageDeleteBulkAction, refuse_deleting_others_pages
from .localize_access import TRANSLATE, PermittedSnippetsApi, TranslatorsReportView
from .models import ConditionPage, InterfaceLabels, TherapyPage
from .po_files import upload_po_file
from .users import BULK_ACTIONS as STAFF_BULK_ACTIONS


class ReviewStatusColumn(Column):
    def get_value(self, instance):
        return instance.review_status.label


class TranslationColumn(Column):
    """Whether a translation is in step with its source (``cms.translations``)."""

    def get_value(self, instance):
        return translation_label(instance)


class MedicalPageFilterSet(PageFilterSet):
    review_status = django_filters.ChoiceFilter(
        label="Review status",
        choices=ReviewStatus.choices,
        method="filter_review_status",
        empty_label="Any",
    )

    def filter_review_status(self, queryset, name, value):
        return queryset.filter(review_status_filter(value)) if value else queryset


REVIEW_COLUMNS = [
    ReviewStatusColumn("review_status", label="Review status"),
    CalendarDateColumn(
        "next_review_due", label="Review due", sort_key="next_review_due"
    ),
]


class ConditionPageFilterSet(MedicalPageFilterSet):
    class Meta:
        model = ConditionPage
        fields: list[str] = []


class TherapyPageFilterSet(MedicalPageFilterSet):
    class Meta:
        model = TherapyPage
        fields: list[str] = []


class MedicalPageListingViewSet(PageListingViewSet):
    """The pages of one medical page type, with their review status and due date."""

    icon = "doc-full"
    columns = [
        *PageListingViewSet.columns,
        *REVIEW_COLUMNS,
        TranslationColumn("translation", label="Translation"),
    ]


class ConditionPageListingViewSet(MedicalPageListingViewSet):
    model = ConditionPage
    menu_label = "Condition pages"
    filterset_class = ConditionPageFilterSet


class TherapyPageListingViewSet(MedicalPageListingViewSet):
    model = TherapyPage
    menu_label = "Therapy pages"
    filterset_class = TherapyPageFilterSet


class MedicalPagesGroup(ViewSetGroup):
    menu_label = "Medical pages"
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        ConditionPageListingViewSet("condition_pages"),
        TherapyPageListingViewSet("therapy_pages"),
    )


class InterfaceLabelsViewSet(SnippetViewSet):
    """Settings › Interface labels: one set of labels per language."""

    model = InterfaceLabels
    icon = "globe"
    menu_label = "Interface labels"
    add_to_settings_menu = True
    list_display = ["__str__", "locale"]


register_snippet(InterfaceLabelsViewSet)


@hooks.register("register_admin_viewset")
def register_medical_page_listings():
    return MedicalPagesGroup()


# After Wagtail's own bulk actions (same action types), which they replace.
for bulk_action in [
    *NAMES_ONLY_BULK_ACTIONS,
    *STAFF_BULK_ACTIONS,
    ClinicPageDeleteBulkAction,
]:
    hooks.register("register_bulk_action", bulk_action, order=100)

hooks.register("before_delete_page", refuse_deleting_others_pages)


@hooks.register("register_page_listing_buttons")
def outdated_translation_button(page, user, view_name=None, next_url=None):
    """An outdated translation says so in every page listing, next to its title,
    with the way to bring it up to date: wagtail-localize's sync of its source."""
    state = translation_state(page)
    if state is None or state.status != "outdated":
        return
    if not user.has_perm("wagtail_localize.submit_translation"):
        return
    source = translation_source(page)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    if next_url is not None:
        url += "?" + urlencode({"next": next_url})
    yield ListingButton(
        "Outdated translation: sync",
        url,
        icon_name="warning",
        priority=1,
        attrs={"title": state.label},
    )


@hooks.register("construct_admin_api", order=100)
def limit_admin_api_files_to_permitted_collections(router):
    """Replaces Wagtail's image and document endpoints of the admin API."""
    router.register_endpoint("images", PermittedImagesAdminAPIViewSet)
    router.register_endpoint("documents", PermittedDocumentsAdminAPIViewSet)


@hooks.register("before_serve_document", order=100)
def serve_private_documents_only_to_staff_with_rights(document, request):
    """After Wagtail's own view-restriction check (login or password forms)."""
    if private_document_refused(document, request):
        raise Http404("Document not found")


@hooks.register("register_admin_urls")
def replace_localize_po_upload():
    """wagtail-localize's *Upload PO* URL, answered by ``pages.po_files``: this app
    comes before wagtail-localize in ``INSTALLED_APPS``, so this pattern is matched
    first."""
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_po_file,
            name="upload_po_file",
        )
    ]


@hooks.register("register_admin_urls")
def guard_localize_snippets_api_and_report():
    """wagtail-localize's snippet lookup and translations report, with the checks
    of ``pages.localize_access`` (matched before wagtail-localize's, as above)."""
    return [
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            PermittedSnippetsApi.as_view({"get": "list"}),
            name="localize_snippets_api_listing",
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            PermittedSnippetsApi.as_view({"get": "retrieve"}),
            name="localize_snippets_api_detail",
        ),
        path(
            "localize/reports/translations/",
            TranslatorsReportView.as_view(),
            name="localize_translations_report",
        ),
        path(
            "localize/reports/translations/results/",
            TranslatorsReportView.as_view(results_only=True),
            name="localize_translations_report_results",
        ),
    ]


@hooks.register("construct_reports_menu")
def show_the_translations_report_to_translators(request, menu_items):
    if not request.user.has_perm(TRANSLATE):
        menu_items[:] = [item for item in menu_items if item.name != "translations"]
