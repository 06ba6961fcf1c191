"""One review status for every medical page, from one clock.

The status is derived from the page's review record, never stored, so that the API,
the JSON-LD, the admin and the reviews-due report cannot disagree about it.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReviewStatus(models.TextChoices):
    REVIEWED = "reviewed", "Reviewed"
    CHANGED_SINCE_REVIEW = "changed_since_review", "Changed since review"
    REVIEW_OVERDUE = "review_overdue", "Review overdue"
    NEVER_REVIEWED = "never_reviewed", "Never reviewed"


def review_today() -> datetime.date:
    """Today in the clinic's time zone (``TIME_ZONE``): the one clock for due dates."""
    return timezone.localdate()


def review_is_overdue(record, today: datetime.date | None = None) -> bool:
    due = record.next_review_due
    return bool(due and due < (today or review_today()))


def review_status(record, today: datetime.date | None = None) -> ReviewStatus:
    """The status of a page's review record.

    A page whose published content no reviewer approved is ``changed_since_review``
    even when its review is also overdue: the text it shows was never checked, which
    matters more to a reader than the date.
    """
    if not record.last_reviewed:
        return ReviewStatus.NEVER_REVIEWED
    if record.has_unreviewed_changes:
        return ReviewStatus.CHANGED_SINCE_REVIEW
    if review_is_overdue(record, today):
        return ReviewStatus.REVIEW_OVERDUE
    return ReviewStatus.REVIEWED


def current_text_reviewed(record, today: datetime.date | None = None) -> bool:
    """Whether a reviewer approved the text the page shows now (it may be overdue)."""
    return review_status(record, today) in (
        ReviewStatus.REVIEWED,
        ReviewStatus.REVIEW_OVERDUE,
    )


def review_status_filter(status: str, today: datetime.date | None = None) -> Q:
    """The database twin of ``review_status``: pages whose status is ``status``."""
    today = today or review_today()
    never = Q(last_reviewed__isnull=True)
    changed = ~never & Q(has_unreviewed_changes=True)
    overdue = ~never & Q(has_unreviewed_changes=False) & Q(next_review_due__lt=today)
    conditions = {
        ReviewStatus.NEVER_REVIEWED: never,
        ReviewStatus.CHANGED_SINCE_REVIEW: changed,
        ReviewStatus.REVIEW_OVERDUE: overdue,
        ReviewStatus.REVIEWED: ~never
        & Q(has_unreviewed_changes=False)
        & ~Q(next_review_due__lt=today),
    }
    return conditions[ReviewStatus(status)]
