"""The medical review record and the workflow tasks that write it.

``MedicalReviewRecord`` is the record a medical page carries (reviewer, dates, the
approved revision, whether unreviewed content went live since). The two tasks are
group approvals that refuse to approve, and say why, while the object under review
fails a check: the medical review needs a reviewer linked to a doctor, the consent
approval needs valid consent, and neither may be approved by someone who wrote part
of what is under review (four eyes). The approve action is withheld from such a
user (``get_actions``, which every Wagtail approval path consults) and ``on_action``
refuses it again for requests that skip the dialog.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from wagtail.models import AbstractGroupApprovalTask

from snippets.models import Testimonial

from .status import ReviewStatus, review_is_overdue, review_status

APPROVE_TEMPLATE = "review/workflows/approve.html"

REVIEW_RECORD_FIELDS = (
    "reviewed_by",
    "last_reviewed",
    "next_review_due",
    "reviewed_revision",
    "has_unreviewed_changes",
)


class MedicalReviewRecord(models.Model):
    """The medical review record of a page with clinical claims.

    Written by the reviewer's approval (``review.records.record_review``), never typed
    in by editors; read by the API, the JSON-LD and the admin through
    ``review_status``.
    """

    reviewed_by = models.ForeignKey(
        "snippets.Doctor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The doctor who checked this page's medical content.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the medical review was completed."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When the content must be reviewed again."
    )
    reviewed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision the reviewer approved.",
    )
    has_unreviewed_changes = models.BooleanField(
        default=False,
        editable=False,
        help_text="Content was published after the last medical review without "
        "going through it.",
    )

    class Meta:
        abstract = True

    @property
    def review_status(self) -> ReviewStatus:
        return review_status(self)

    @property
    def review_is_overdue(self) -> bool:
        return review_is_overdue(self)


if TYPE_CHECKING:
    from wagtail.models import Page

    class ReviewedPage(MedicalReviewRecord, Page):
        """For the type checker only: a Wagtail page that carries the record, as
        ``pages.models.MedicalPage`` and its subclasses are (``review`` does not
        import ``pages``). Wagtail ships no types, so its page fields go unchecked."""

        class Meta:
            abstract = True


def is_reviewed_page(obj) -> bool:
    return isinstance(obj, MedicalReviewRecord)


class CheckedGroupApprovalTask(AbstractGroupApprovalTask):
    def approval_problems(self, obj, user) -> list[str]:
        """Reasons ``user`` may not approve ``obj`` (a revision's object) in this task."""
        return []

    def get_actions(self, obj, user):
        actions = [
            (name, label, True if name == "approve" else modal)
            for name, label, modal in super().get_actions(obj, user)
        ]
        if any(name == "approve" for name, _label, _modal in actions):
            from .four_eyes import is_own_work

            if is_own_work(obj, user) or self.withholds_approval(obj, user):
                actions = [action for action in actions if action[0] != "approve"]
        return actions

    def withholds_approval(self, obj, user) -> bool:
        """Whether ``user`` is not offered "Approve" at all (``approval_problems``
        still refuses what is offered but fails a check, and says why)."""
        return False

    def get_template_for_action(self, action):
        if action == "approve":
            return APPROVE_TEMPLATE
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            from .four_eyes import OWN_WORK_MESSAGE, contributors

            self.follow_unchanged_revision(task_state)
            obj = task_state.revision.as_object()
            # An approval of an older revision approves nothing: Wagtail restarts
            # the task on the newest one (re-approval on edit), which is checked then.
            if task_state.revision_id == obj.latest_revision_id and (
                user.pk in contributors(task_state.workflow_state, task_state.revision)
            ):
                raise PermissionDenied(OWN_WORK_MESSAGE)
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
        from .records import same_content

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
    review record (see ``review.records.record_review``) before the approved revision
    is published, so the live page and the API carry the reviewer and the date.
    """

    def approval_problems(self, obj, user) -> list[str]:
        from .records import language_problem, reviewer_doctor

        if not is_reviewed_page(obj):
            return []
        doctor = reviewer_doctor(user, obj.locale)
        if doctor is None:
            return [
                "Your account is not linked to a doctor record, so the review "
                "cannot name its reviewer. Ask an administrator to link your "
                "account to your doctor profile (Clinic content › Doctors)."
            ]
        problem = language_problem(doctor, obj.locale)
        return [problem] if problem else []

    def withholds_approval(self, obj, user) -> bool:
        """A translation is reviewed in its own language: "Approve" is offered only
        to reviewers whose doctor profile lists it (as four eyes withholds it from
        the page's authors)."""
        from .records import language_problem, reviewer_doctor

        return is_reviewed_page(obj) and (
            language_problem(reviewer_doctor(user, obj.locale), obj.locale) is not None
        )

    def before_approval(self, task_state, obj, user) -> None:
        from .records import record_review

        # An approval of an older revision does not count: with re-approval on edit,
        # Wagtail restarts the task on the newer revision instead of publishing.
        if is_reviewed_page(obj) and task_state.revision_id == obj.latest_revision_id:
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
        permissions = [
            (
                "record_consent_revocation",
                "Can record that a patient withdrew consent (takes it down at once)",
            )
        ]
