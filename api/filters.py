"""DRF filter backends for the content API, on top of Wagtail's own."""

import datetime

from django.db.models import Q

from wagtail.api.v2.utils import BadRequestError

from rest_framework.filters import BaseFilterBackend

from pages.models import MedicalPage
from review.records import medical_page_models
from review.status import ReviewStatus, review_status_filter

# Largest id PostgreSQL and SQLite accept; bigger numbers are refused with a 400
# instead of overflowing in the database driver.
MAX_ID = 2**63 - 1
MAX_SEARCH_LENGTH = 200
INTEGER_PARAMETERS = (
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "limit",
    "offset",
    "id",
    "condition",
)


def parse_id(value: str, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise BadRequestError(f"{name} must be a positive integer") from error
    if not 0 <= number <= MAX_ID:
        raise BadRequestError(f"{name} is out of range")
    return number


def refuse_hostile_parameters(request) -> None:
    """Refuses hostile parameter values (NUL bytes, ids out of range, overlong
    searches) with a 400 before any view code or the database sees them; views call
    it first thing (``PublicReadOnlyMixin.initial``), since Wagtail reads some
    parameters (``site``) while building the queryset, before any filter backend."""
    for name, values in request.GET.lists():
        for value in values:
            if "\x00" in value or "\x00" in name:
                raise BadRequestError(f"null characters are not allowed in {name}")
    for name in INTEGER_PARAMETERS:
        value = request.GET.get(name)
        if value not in (None, "") and not (name.endswith("_of") and value == "root"):
            parse_id(value, name)
    search = request.GET.get("search", "")
    if len(search) > MAX_SEARCH_LENGTH:
        raise BadRequestError(
            f"search must be at most {MAX_SEARCH_LENGTH} characters long"
        )


class ParameterValidationFilter(BaseFilterBackend):
    """The same refusal for any view that runs the filter backends."""

    def filter_queryset(self, request, queryset, view):
        refuse_hostile_parameters(request)
        return queryset


REVIEW_FILTERS = {
    "review_due_before": "next_review_due__lt",
    "review_due_after": "next_review_due__gte",
    "reviewed_before": "last_reviewed__lt",
    "reviewed_after": "last_reviewed__gte",
}
REVIEW_STATUS_PARAMETER = "review_status"


def parse_date(value: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadRequestError(
            f"{name} must be a date in ISO 8601 form (YYYY-MM-DD)"
        ) from error


class ReviewDateFilter(BaseFilterBackend):
    """Filters condition and therapy pages by their medical review dates and status.

    ``?review_due_before=2027-01-01`` lists pages whose next review is due before that
    date; ``?review_status=changed_since_review`` those whose live text no reviewer
    approved (``review.status``). Pages of types without a medical review never
    match these filters.
    """

    def filter_queryset(self, request, queryset, view):
        condition = Q(
            **{
                lookup: parse_date(request.GET[name], name)
                for name, lookup in REVIEW_FILTERS.items()
                if name in request.GET
            }
        )
        if REVIEW_STATUS_PARAMETER in request.GET:
            condition &= review_status_filter(
                parse_review_status(request.GET[REVIEW_STATUS_PARAMETER])
            )
        if not condition:
            return queryset
        if issubclass(queryset.model, MedicalPage):
            return queryset.filter(condition)
        matching = Q()
        for model in medical_page_models():
            matching |= Q(pk__in=model.objects.filter(condition).values("pk"))
        return queryset.filter(matching)


def parse_review_status(value: str) -> ReviewStatus:
    try:
        return ReviewStatus(value)
    except ValueError as error:
        raise BadRequestError(
            f"{REVIEW_STATUS_PARAMETER} must be one of: {', '.join(ReviewStatus.values)}"
        ) from error


class LocaleCodeFilter(BaseFilterBackend):
    """``?locale=de`` for translatable snippets."""

    def filter_queryset(self, request, queryset, view):
        code = request.GET.get("locale")
        if code:
            queryset = queryset.filter(locale__language_code=code)
        return queryset


class TestimonialConditionFilter(BaseFilterBackend):
    """``?condition=<page id>``: testimonials about one condition page, as the page
    chose them (``ConditionPage.testimonials``, ``Testimonial.conditions`` back)."""

    def filter_queryset(self, request, queryset, view):
        page_id = request.GET.get("condition")
        if page_id:
            queryset = queryset.filter(conditions__pk=parse_id(page_id, "condition"))
        return queryset
