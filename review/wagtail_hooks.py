"""Admin additions of the medical review: the "Medical reviews due" report."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from .report import ReviewsDueView
from .views import refuse_delete_if_shown


class PageEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy().user_has_any_permission(
            request.user, {"change", "publish"}
        )


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
    return PageEditorsMenuItem(
        "Medical reviews due",
        reverse("medical_reviews_due"),
        icon_name="doc-full-inverse",
        order=50,
    )


@hooks.register("before_delete_snippet")
def refuse_deleting_shown_snippets(request, instances):
    return refuse_delete_if_shown(request, instances)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_shown_media(request, action_type, objects, action_class):
    """Bulk deletes of images, documents and snippets; pages have their own rules."""
    if action_type == "delete" and not any(isinstance(obj, Page) for obj in objects):
        return refuse_delete_if_shown(request, objects)
    return None
