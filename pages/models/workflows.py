"""Workflow tasks of the editorial flow: medical review of pages, consent check of
testimonials.

Both are group approvals that refuse to approve, and say why, while the object under
review fails a check. Their approve actions always open the approval dialog, so the
reasons are shown before anything is submitted; ``on_action`` enforces the same check
for requests that skip the dialog.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from wagtail.models import AbstractGroupApprovalTask

from snippets.models import Testimonial

from .base import MedicalPage

APPROVE_TEMPLATE = "pages/workflows/approve.html"


class CheckedGroupApprovalTask(AbstractGroupApprovalTask):
    def approval_problems(self, obj, user) -> list[str]:
        """Reasons ``user`` may not approve ``obj`` (a revision's object) in this task."""
        return []

    def get_actions(self, obj, user):
        return [
            (name, label, True if name == "approve" else modal)
            for name, label, modal in super().get_actions(obj, user)
        ]

    def get_template_for_action(self, action):
        if action == "approve":
            return APPROVE_TEMPLATE
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            self.follow_unchanged_revision(task_state)
            obj = task_state.revision.as_object()
            problems = self.approval_problems(obj, user)
            if problems:
                raise PermissionDenied(" ".join(problems))
            self.before_approval(task_state, obj, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    def before_approval(self, task_state, obj, user) -> None:
        """Runs inside the approval's transaction, before the workflow moves on."""

    @staticmethod
    def follow_unchanged_revision(task_state) -> None:
        """Approving from the editor saves the form first, which can add a revision
        identical in content to the one under review; with re-approval on edit that
        would restart the task. The approval then applies to that newer revision."""
        from ..review import same_content

        latest = task_state.workflow_state.content_object.get_latest_revision()
        if (
            latest is not None
            and latest.pk != task_state.revision_id
            and same_content(task_state.revision, latest)
        ):
            task_state.revision = latest
            task_state.save(update_fields=["revision"])

    class Meta:
        abstract = True


class MedicalReviewTask(CheckedGroupApprovalTask):
    """A doctor's approval of a page's medical content.

    The approving user must be linked to a doctor record; the approval sets the page's
    review record (see ``pages.review.record_review``) before the approved revision is
    published, so the live page and the API carry the reviewer and the date.
    """

    def approval_problems(self, obj, user) -> list[str]:
        from ..review import reviewer_doctor

        if is_medical_page(obj) and reviewer_doctor(user, obj.locale) is None:
            return [
                "Your account is not linked to a doctor record, so the review "
                "cannot name its reviewer. Ask an administrator to link your "
                "account to your doctor profile (Clinic content › Doctors)."
            ]
        return []

    def before_approval(self, task_state, obj, user) -> None:
        from ..review import record_review

        # An approval of an older revision does not count: with re-approval on edit,
        # Wagtail restarts the task on the newer revision instead of publishing.
        if is_medical_page(obj) and task_state.revision_id == obj.latest_revision_id:
            record_review(obj, task_state.revision, user, timezone.now())

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve the medical content; the approval "
            "is recorded as the page's medical review."
        )

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"
        permissions = [
            (
                "correct_review_record",
                "Can correct the medical review record of a page",
            )
        ]


class ConsentApprovalTask(CheckedGroupApprovalTask):
    """A compliance approval of a testimonial: refused while the patient's consent does
    not cover it (see ``Testimonial.consent_problems``)."""

    def approval_problems(self, obj, user) -> list[str]:
        if isinstance(obj, Testimonial):
            return [
                f"This testimonial cannot be approved: {problem}"
                for problem in obj.consent_problems()
            ]
        return []

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve testimonials whose consent on "
            "record is valid."
        )

    class Meta:
        verbose_name = "consent approval task"
        verbose_name_plural = "consent approval tasks"


def is_medical_page(obj) -> bool:
    return isinstance(obj, MedicalPage)
