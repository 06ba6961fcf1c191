"""Review dates as calendar dates: "29 Nov 2027, in 12 months", never a time of day."""

import datetime

from django.utils.dateformat import format as format_date

from .status import review_today


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (``end`` later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def relative_date(day: datetime.date, today: datetime.date | None = None) -> str:
    """How far ``day`` is from today, in days under a month, else in months."""
    today = today or review_today()
    if day == today:
        return "today"
    later, earlier = max(day, today), min(day, today)
    days = (later - earlier).days
    if days == 1:
        span = "1 day"
    elif days < 31 or months_between(earlier, later) < 1:
        span = _plural(days, "day")
    else:
        span = _plural(months_between(earlier, later), "month")
    if day == today + datetime.timedelta(days=1):
        return "tomorrow"
    if day == today - datetime.timedelta(days=1):
        return "yesterday"
    return f"in {span}" if day > today else f"{span} ago"


def calendar_date(day: datetime.date | None, today: datetime.date | None = None) -> str:
    """``day`` for an admin listing, e.g. "29 Nov 2027, in 12 months"."""
    if day is None:
        return ""
    return f"{format_date(day, 'j M Y')}, {relative_date(day, today)}"
