"""Admin additions of the medical review: the "Medical reviews due" report, the
reviewer's comparison with the last approved version, the submission of a
translation to the review, the consent-withdrawal action, and the refusal to delete
content that live medical pages show."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.snippets.action_menu import ActionMenuItem

from snippets.models import Testimonial

from .compare import ChangesView
from .consent import REVOKE_CONSENT_ACTION, can_record_revocation
from .report import ReviewsDueView
from .translations import SubmitTranslationView, can_submit_translation
from .views import RecordConsentRevocationView, refuse_delete_if_shown


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
            "review/testimonials/<int:pk>/withdraw-consent/",
            RecordConsentRevocationView.as_view(),
            name="review_withdraw_consent",
        ),
        path(
            "review/translations/<int:page_id>/submit/",
            SubmitTranslationView.as_view(),
            name="review_submit_translation",
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


def submit_translation_button(page, user, view_name=None, next_url=None):
    """In the translation editor's header and the page listings: the translation
    editor itself offers only "Publish" (see ``review.translations``)."""
    if can_submit_translation(page.specific_deferred, user):
        yield ListingButton(
            "Submit translation to medical review",
            reverse("review_submit_translation", args=[page.pk]),
            icon_name="resubmit",
            priority=55,
        )


hooks.register("register_page_header_buttons", submit_translation_button)
hooks.register("register_page_listing_more_buttons", submit_translation_button)


@hooks.register("before_delete_snippet")
def refuse_deleting_shown_snippets(request, instances):
    return refuse_delete_if_shown(request, instances)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_shown_media(request, action_type, objects, action_class):
    """Bulk deletes of images, documents and snippets; pages have their own rules."""
    if action_type == "delete" and not any(isinstance(obj, Page) for obj in objects):
        return refuse_delete_if_shown(request, objects)
    return None


class WithdrawConsentMenuItem(ActionMenuItem):
    label = "Record consent withdrawal"
    name = "action-withdraw-consent"
    icon_name = "warning"

    def is_shown(self, context):
        instance = context.get("instance")
        return (
            context.get("view") == "edit"
            and instance is not None
            and can_record_revocation(context["request"].user)
        )

    def get_url(self, parent_context):
        return reverse("review_withdraw_consent", args=[parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def register_withdraw_consent_menu_item(model):
    return WithdrawConsentMenuItem(order=90) if model is Testimonial else None


@hooks.register("register_snippet_listing_buttons")
def withdraw_consent_listing_button(snippet, user, next_url=None):
    if isinstance(snippet, Testimonial) and can_record_revocation(user):
        yield ListingButton(
            "Record consent withdrawal",
            reverse("review_withdraw_consent", args=[snippet.pk]),
            icon_name="warning",
            priority=90,
        )


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        REVOKE_CONSENT_ACTION, "Record consent withdrawal", "Consent withdrawn"
    )
