"""Admin additions of the medical review: the "Medical reviews due" report and the
reviewer's comparison with the last approved version."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from .compare import ChangesView
from .report import ReviewsDueView


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
        path(
            "review/changes/<int:task_state_id>/",
            ChangesView.as_view(),
            name="review_changes",
        ),
    ]


class ObjectsToReviewPanel(WorkflowObjectsToModeratePanel):
    """ "Awaiting your review", linking each task to what changed since the last
    approval instead of to the previous revision."""

    template_name = "review/home/workflow_objects_to_moderate.html"


@hooks.register("construct_homepage_panels")
def link_reviews_to_changes(request, panels):
    panels[:] = [
        ObjectsToReviewPanel()
        if type(panel) is WorkflowObjectsToModeratePanel
        else panel
        for panel in panels
    ]


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return PageEditorsMenuItem(
        "Medical reviews due",
        reverse("medical_reviews_due"),
        icon_name="doc-full-inverse",
        order=50,
    )
