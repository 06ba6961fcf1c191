"""Admin additions: the "Medical reviews due" report, and the rules that keep
content from staff without rights on it (``pages.bulk_actions``,
``pages.admin_api``; ``pages.admin_access`` is a middleware)."""

from django.http import Http404
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .admin_api import (
    PermittedDocumentsAdminAPIViewSet,
    PermittedImagesAdminAPIViewSet,
    private_document_refused,
)
from .bulk_actions import BULK_ACTIONS
from .review import review_status, reviews_due


class ReviewsDueView(ReportView):
    """Condition and therapy pages whose review is overdue, due soon, or that changed
    after their review; the admin twin of ``manage.py list_reviews_due``."""

    page_title = "Medical reviews due"
    header_icon = "doc-full-inverse"
    index_url_name = "medical_reviews_due"
    index_results_url_name = "medical_reviews_due_results"
    columns = [
        TitleColumn(
            "title",
            label="Page",
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        Column("review_status", label="Status"),
        DateColumn("next_review_due", label="Review due"),
        DateColumn("last_reviewed", label="Last reviewed"),
        Column("reviewed_by", label="Reviewer"),
        Column("locale", label="Language"),
    ]
    list_export = [
        "title",
        "review_status",
        "next_review_due",
        "last_reviewed",
        "reviewed_by",
        "url_path",
    ]
    export_headings = {"review_status": "Status", "url_path": "Path"}

    def get_queryset(self):
        pages = reviews_due()
        for page in pages:
            page.review_status = review_status(page)
        return pages

    def get_filename(self):
        return "medical-reviews-due"


@hooks.register("register_admin_urls")
def register_reviews_due_urls():
    return [
        path(
            "reports/reviews-due/", ReviewsDueView.as_view(), name="medical_reviews_due"
        ),
        path(
            "reports/reviews-due/results/",
            ReviewsDueView.as_view(results_only=True),
            name="medical_reviews_due_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return MenuItem(
        "Medical reviews due",
        reverse("medical_reviews_due"),
        icon_name="doc-full-inverse",
        order=50,
    )


# After Wagtail's own bulk actions (same action types), which they replace.
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=100)


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
