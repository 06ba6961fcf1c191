"""Submitting a translation of a medical page to the medical review.

wagtail-localize's translation editor replaces the page editor of a translation and
offers only "Publish", which the project keeps to administrators (nobody else may
bypass the review). Its translated strings are saved as they are typed, but no page
revision is made until the target is saved. "Submit translation to medical review"
saves the target as a draft from the current strings and starts the section's
workflow on it, as "Submit to Medical review" does on a source page; the reviewer
then approves it (``MedicalReviewTask``, only if their doctor profile lists the
page's language) and the approval publishes it with its own review record.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from wagtail.models import Page, WorkflowState

from wagtail_localize.models import Translation

from .models import is_reviewed_page

TEMPLATE = "review/submit_translation.html"


def page_translation(page: Page) -> Translation | None:
    """The enabled wagtail-localize translation that made ``page``, if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=page.locale_id)
        .first()
    )


def can_submit_translation(page: Page, user) -> bool:
    """A translated condition or therapy page under a workflow, which ``user`` may
    edit and submit for moderation (Wagtail's ``can_submit_for_moderation`` leaves
    the edit permission to its edit view, which this view replaces)."""
    permissions = page.permissions_for_user(user)
    return (
        is_reviewed_page(page)
        and page.get_workflow() is not None
        and permissions.can_edit()
        and permissions.can_submit_for_moderation()
        and page_translation(page) is not None
    )


def submit_translation(page: Page, user) -> WorkflowState:
    """Save the translation as a draft from its current strings and start the
    page's workflow on that draft. A review already under way is cancelled first:
    it concerned an older draft."""
    translation = page_translation(page)
    workflow = page.get_workflow()
    if translation is None or workflow is None:
        raise PermissionDenied
    current = page.current_workflow_state
    if current is not None:
        current.cancel(user=user)
    translation.save_target(user=user, publish=False)
    page = Page.objects.get(pk=page.pk).specific
    return workflow.start(page, user)


class SubmitTranslationView(View):
    """Confirm (GET), then save the draft and submit it (POST)."""

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not can_submit_translation(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, page_id):
        return TemplateResponse(
            request,
            TEMPLATE,
            {
                "page": self.page,
                "workflow": self.page.get_workflow(),
                "locale": self.page.locale,
            },
        )

    def post(self, request, page_id):
        submit_translation(self.page, request.user)
        messages.success(
            request,
            f"'{self.page.get_admin_display_title()}' "
            f"({self.page.locale.get_display_name()}) was submitted to "
            f"{self.page.get_workflow().name}: a reviewer who reads "
            f"{self.page.locale.get_display_name()} approves it.",
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
