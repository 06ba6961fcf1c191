"""Dates known to the year, the month or the day ("as of March 2026").

Stored and sent as ISO 8601 with reduced precision: ``2026``, ``2026-03`` or
``2026-03-05``. A full date stored by a ``DateBlock`` before is already a
day-precision partial date, so old values read unchanged.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]
PRECISIONS: tuple[Precision, ...] = ("year", "month", "day")

MONTHS = {
    name.lower(): number
    for names in (calendar.month_name, calendar.month_abbr)
    for number, name in enumerate(names)
    if name
}
ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\.?\s+([a-z]+)\.?,?\s+(\d{4})$")
MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.](\d{4})$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("a day needs its month")
        # Raises ValueError for a month or day that does not exist.
        datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "year" if self.month is None else "month"

    @property
    def earliest(self) -> datetime.date:
        """The first day the value covers (1 January for a year)."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{part:02d}" for part in (self.month, self.day) if part is not None]
        return "-".join(parts)

    def __str__(self) -> str:
        if self.precision == "year":
            return str(self.year)
        if self.precision == "month":
            return f"{calendar.month_name[self.month or 1]} {self.year}"
        return f"{self.day} {calendar.month_name[self.month or 1]} {self.year}"

    def as_json(self) -> dict[str, str]:
        return {"value": self.isoformat(), "precision": self.precision}


def parse_partial_date(text: str | datetime.date | PartialDate) -> PartialDate:
    """Read what an editor types: ``2026``, ``2026-03``, ``2026-03-05``, ``March 2026``,
    ``Mar 2026``, ``03/2026``, ``5 March 2026`` or ``March 5, 2026``.

    Raises:
        ValueError: the text is no date, or names a month or day that does not exist.
    """
    if isinstance(text, PartialDate):
        return text
    if isinstance(text, datetime.date):
        return PartialDate(text.year, text.month, text.day)
    value = " ".join(str(text).strip().lower().split())
    if match := ISO.match(value):
        year, month, day = (int(part) if part else None for part in match.groups())
        return PartialDate(year or 0, month, day)
    if match := NUMERIC_MONTH_YEAR.match(value):
        return PartialDate(int(match[2]), int(match[1]))
    if (match := MONTH_YEAR.match(value)) and match[1] in MONTHS:
        return PartialDate(int(match[2]), MONTHS[match[1]])
    if (match := DAY_MONTH_YEAR.match(value)) and match[2] in MONTHS:
        return PartialDate(int(match[3]), MONTHS[match[2]], int(match[1]))
    if (match := MONTH_DAY_YEAR.match(value)) and match[1] in MONTHS:
        return PartialDate(int(match[3]), MONTHS[match[1]], int(match[2]))
    raise ValueError(f"not a date: {text!r}")
