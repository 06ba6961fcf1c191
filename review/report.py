"""The "Medical reviews due" report: the admin twin of ``manage.py list_reviews_due``."""

from django.urls import reverse

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.translations import translation_label

from .dates import calendar_date, relative_date
from .records import outdated_translations, public_path, reviews_due


class CalendarDateColumn(Column):
    """A review date as a calendar date with its distance from today; Wagtail's
    ``DateColumn`` treats a date as midnight UTC and says "19 hours ago"."""

    cell_template_name = "review/tables/calendar_date_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["value"]
        context["relative"] = relative_date(value) if value else ""
        return context


class ReviewsDueView(ReportView):
    """Condition and therapy pages whose review is overdue, due soon, or that changed
    after their review, and translations whose source changed since their last sync.
    Lists only pages the user may edit: a report is no way round page permissions."""

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
        Column("review_status_label", label="Status"),
        CalendarDateColumn("next_review_due", label="Review due"),
        CalendarDateColumn("last_reviewed", label="Last reviewed"),
        Column("reviewed_by", label="Reviewer"),
        Column("locale", label="Language"),
        Column("translation_label", label="Translation"),
    ]
    list_export = [
        "title",
        "review_status_label",
        "next_review_due_text",
        "last_reviewed_text",
        "reviewed_by",
        "locale",
        "translation_label",
        "public_path",
    ]
    export_headings = {
        "title": "Page",
        "review_status_label": "Status",
        "next_review_due_text": "Review due",
        "last_reviewed_text": "Last reviewed",
        "reviewed_by": "Reviewer",
        "locale": "Language",
        "translation_label": "Translation",
        "public_path": "Path",
    }

    def get_queryset(self):
        editable = set(
            PagePermissionPolicy()
            .instances_user_has_any_permission_for(self.request.user, {"change"})
            .values_list("pk", flat=True)
        )
        due = reviews_due()
        due_pks = {page.pk for page in due}
        due += [page for page in outdated_translations() if page.pk not in due_pks]
        pages = [page for page in due if page.pk in editable]
        for page in pages:
            page.translation_label = translation_label(page)
            page.review_status_label = page.review_status.label
            page.next_review_due_text = calendar_date(page.next_review_due)
            page.last_reviewed_text = calendar_date(page.last_reviewed)
            page.public_path = public_path(page)
        return pages

    def get_filename(self):
        return "medical-reviews-due"
