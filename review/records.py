"""Writing and checking the medical review record of condition and therapy pages.

The record (reviewer, date, reviewed revision, next review due) is set from the
medical reviewer's approval in the "Medical review" workflow, never typed in by
editors. It is stamped onto the approved revision before that revision is published,
so the live page, the API and later drafts all carry it. A page whose published
content differs from the reviewed revision (published by someone who could bypass
the workflow) is flagged with ``has_unreviewed_changes``.
"""

import calendar
import datetime
import json
import re
from typing import TYPE_CHECKING, TypeGuard

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Locale,
    Page,
    Revision,
    WorkflowPage,
)

from wagtail_localize.models import Translation

from cms.translations import translation_state
from snippets.models import Doctor

from .models import REVIEW_RECORD_FIELDS, MedicalReviewRecord
from .signals import review_changed
from .status import review_today

if TYPE_CHECKING:
    from .models import ReviewedPage

MEDICAL_REVIEW_WORKFLOW = "Medical review"
# Page fields that are editorial content; Wagtail's other page fields are tree,
# publishing and locking state.
EDITORIAL_PAGE_FIELDS = {"title", "slug", "seo_title", "search_description"}
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


class ReviewError(Exception):
    """A review cannot be recorded."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_review_date(reviewed_on: datetime.date) -> datetime.date:
    return add_months(reviewed_on, settings.MEDICAL_REVIEW_INTERVAL_MONTHS)


def reviewer_doctor(user, locale: Locale | None = None) -> Doctor | None:
    """The doctor record linked to ``user``, in ``locale`` when it is translated."""
    if user is None or not user.is_authenticated:
        return None
    doctor = Doctor.objects.filter(user=user).first()
    if doctor is not None and locale is not None and doctor.locale_id != locale.pk:
        doctor = doctor.get_translation_or_none(locale) or doctor
    return doctor


def primary_language(code: str) -> str:
    """``de`` for ``de``, ``de-ch`` or ``de_CH``: a reviewer who reads German reads
    the Swiss German page too."""
    return code.replace("_", "-").split("-")[0].lower()


def speaks_language(doctor: Doctor, locale: Locale) -> bool:
    """Whether ``doctor``'s profile lists the language of ``locale``."""
    wanted = primary_language(locale.language_code)
    return any(primary_language(code) == wanted for code in doctor.languages or [])


def language_problem(doctor: Doctor | None, locale: Locale) -> str | None:
    """Why ``doctor`` may not review a page in ``locale``: a medical review checks the
    words readers get, so the reviewer must read the page's language. ``None``
    when they may (or when there is no doctor: that has its own message)."""
    if doctor is None or speaks_language(doctor, locale):
        return None
    language = locale.get_display_name() or locale.language_code
    return (
        f"This page is in {language} ({locale.language_code}), which your doctor "
        f"profile ({doctor}) does not list among the languages you speak. Another "
        f"reviewer who reads {language} must approve it, or add {language} to your "
        "doctor profile's languages (Clinic content › Doctors) if you review in it."
    )


def record_review(
    page: "ReviewedPage",
    revision: Revision,
    user,
    when: datetime.datetime | None = None,
) -> "ReviewedPage":
    """Record ``user``'s approval of ``revision`` as the page's medical review.

    The record is written into the revision itself, so that publishing the revision
    (now, or at its go-live date) makes it live together with the content it
    describes. If the revision is already live, the live page is updated at once.
    Returns the revision's page object, carrying the new record.
    """
    if str(revision.object_id) != str(page.pk):
        raise ReviewError(
            f"Revision {revision.pk} is not a revision of page {page.pk}."
        )
    doctor = reviewer_doctor(user, page.locale)
    if doctor is None:
        raise ReviewError(f"{user} is not linked to a doctor record.")
    reviewed_on = timezone.localdate(when or timezone.now())
    return write_review_record(
        page, revision, doctor, reviewed_on, next_review_date(reviewed_on)
    )


def write_review_record(
    page: "ReviewedPage",
    revision: Revision,
    doctor: Doctor,
    reviewed_on: datetime.date,
    next_due: datetime.date | None,
) -> "ReviewedPage":
    """Write ``doctor``'s review of ``revision`` into the revision and, if it is the
    live one, into the page (``record_review``; the demo loader for translations).
    The reviewer must read the page's language (``language_problem``)."""
    if str(revision.object_id) != str(page.pk):
        raise ReviewError(
            f"Revision {revision.pk} is not a revision of page {page.pk}."
        )
    problem = language_problem(doctor, page.locale)
    if problem is not None:
        raise ReviewError(problem)
    record = {
        "reviewed_by": doctor,
        "last_reviewed": reviewed_on,
        "next_review_due": next_due,
        "reviewed_revision": revision,
        "has_unreviewed_changes": False,
    }
    reviewed = revision.as_object()
    for name, value in record.items():
        setattr(reviewed, name, value)
    revision.content = reviewed.serializable_data()
    revision.save(update_fields=["content"])
    if page.live_revision_id == revision.pk:
        type(page).objects.filter(pk=page.pk).update(**record)
        review_changed.send(sender=type(page), pages=[page])
    return reviewed


def without_identity(value):
    """Stream data without block ids, rich text without Draftail's block keys: the
    editor may renumber both without changing a word. The reviewer's comparison
    (``review.compare``) aligns blocks on this form too, so what counts as a change
    is the same there and in ``has_unreviewed_changes``."""
    if isinstance(value, str):
        if value[:1] in "[{":
            try:
                return without_identity(json.loads(value))
            except ValueError:
                pass
        return BLOCK_KEY.sub("", value)
    if isinstance(value, list):
        return [without_identity(item) for item in value]
    if isinstance(value, dict):
        return {
            key: without_identity(item) for key, item in value.items() if key != "id"
        }
    return value


def editorial_content(content: dict) -> dict:
    """A revision's content without the review record and Wagtail's page state."""
    excluded = {
        name
        for field in Page._meta.concrete_fields
        for name in (field.name, field.attname)
        if field.name not in EDITORIAL_PAGE_FIELDS
    }
    excluded |= {"pk", "page_ptr", COMMENTS_RELATION_NAME, *REVIEW_RECORD_FIELDS}
    return {
        key: without_identity(value)
        for key, value in content.items()
        if key not in excluded
    }


STATE_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "live",
    "live_revision",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
}


def same_content(first: Revision, second: Revision) -> bool:
    """Whether two revisions differ only in state, block ids or Draftail keys; their
    schedules (go-live and expiry) must match too."""
    schedule = ("go_live_at", "expire_at")
    if any(first.content.get(key) != second.content.get(key) for key in schedule):
        return False

    def content(revision):
        return {
            key: value
            for key, value in editorial_content(revision.content).items()
            if key not in STATE_FIELDS
        }

    return content(first) == content(second)


def has_unreviewed_changes(page: "ReviewedPage", revision: Revision) -> bool:
    """Whether publishing ``revision`` puts content live that no reviewer approved.

    The content is compared with the approved revision. A record without one (typed
    in by an administrator, or imported) vouches only for what was there before, so
    a publish that changes the content of the revision before it is unreviewed.
    A page never reviewed is not flagged: its status already says
    ``never_reviewed``.
    """
    if not page.last_reviewed and page.reviewed_revision_id is None:
        return False
    baseline = page.reviewed_revision
    if baseline is not None and baseline.pk == revision.pk:
        return False
    if baseline is None:
        baseline = (
            Revision.objects.filter(
                base_content_type_id=revision.base_content_type_id,
                object_id=revision.object_id,
                pk__lt=revision.pk,
            )
            .order_by("-pk")
            .first()
        )
        if baseline is None:
            return False
    if str(baseline.object_id) != str(page.pk):
        return True
    return editorial_content(baseline.content) != editorial_content(revision.content)


def flag_unreviewed_changes(page: "ReviewedPage", revision: Revision) -> bool:
    """Update the live page's flag after ``revision`` was published; returns it.

    Only an approval clears the flag: a page flagged because something it shows
    changed (an image, see ``review.shared``) stays flagged through later publishes.
    """
    page.refresh_from_db(fields=["reviewed_revision", "has_unreviewed_changes"])
    if page.reviewed_revision_id == revision.pk:
        flag = False
    else:
        flag = page.has_unreviewed_changes or has_unreviewed_changes(page, revision)
    if flag != page.has_unreviewed_changes:
        type(page).objects.filter(pk=page.pk).update(has_unreviewed_changes=flag)
        page.has_unreviewed_changes = flag
        review_changed.send(sender=type(page), pages=[page])
    return flag


def keep_unreviewed_flag(page: "ReviewedPage") -> None:
    """Before a page is saved: a publish copies the flag from its revision, which may
    predate the flag; keep a raised flag unless this save records a new approval."""
    if page.pk is None or page.has_unreviewed_changes:
        return
    stored = (
        type(page)
        .objects.filter(pk=page.pk)
        .values("has_unreviewed_changes", "reviewed_revision_id")
        .first()
    )
    if (
        stored
        and stored["has_unreviewed_changes"]
        and stored["reviewed_revision_id"] == page.reviewed_revision_id
    ):
        page.has_unreviewed_changes = True


def reviews_due(
    today: datetime.date | None = None, within_days: int | None = None
) -> list["ReviewedPage"]:
    """Condition and therapy pages whose review is overdue, due within
    ``within_days`` (``MEDICAL_REVIEW_DUE_SOON_DAYS``), or that were changed after
    their review, soonest due first."""
    today = today or review_today()
    if within_days is None:
        within_days = settings.MEDICAL_REVIEW_DUE_SOON_DAYS
    horizon = today + datetime.timedelta(days=within_days)
    pages = []
    for model in medical_page_models():
        pages.extend(
            model.objects.filter(
                Q(next_review_due__lte=horizon) | Q(has_unreviewed_changes=True)
            ).select_related("reviewed_by", "locale")
        )
    far_future = datetime.date.max
    return sorted(pages, key=lambda page: (page.next_review_due or far_future, page.pk))


def outdated_translations() -> list["ReviewedPage"]:
    """Translated condition and therapy pages whose source was published with changes
    since they were last synced (``cms.translations``): they need a sync and a new
    review in their language."""
    translated = Translation.objects.values("source__object_id")
    pages = []
    for model in medical_page_models():
        for page in model.objects.filter(translation_key__in=translated).select_related(
            "reviewed_by", "locale"
        ):
            state = translation_state(page)
            if state is not None and state.status == "outdated":
                pages.append(page)
    return pages


def public_path(page: Page) -> str:
    """The page's path on its site, as readers (and the frontend) know it."""
    parts = page.get_url_parts()
    return parts[2] if parts else ""


def medical_page_models() -> list[type["ReviewedPage"]]:
    """The page models that carry a medical review record (condition, therapy)."""
    return [model for model in apps.get_models() if is_medical_page_model(model)]


def is_medical_page_model(model: type) -> TypeGuard[type["ReviewedPage"]]:
    return issubclass(model, MedicalReviewRecord) and issubclass(model, Page)


def assign_review_workflow(page: Page) -> WorkflowPage | None:
    """Put a section (condition or therapy index) under the "Medical review" workflow,
    unless it already has a workflow of its own."""
    from wagtail.models import Workflow

    workflow = Workflow.objects.filter(
        name=MEDICAL_REVIEW_WORKFLOW, active=True
    ).first()
    if workflow is None:
        return None
    workflow_page, _created = WorkflowPage.objects.get_or_create(
        page=page, defaults={"workflow": workflow}
    )
    return workflow_page
