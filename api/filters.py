"""DRF filter backends for the content API, on top of Wagtail's own."""

import datetime
import re

from django.db.models import Case, F, IntegerField, Q, Value, When

from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page, PageQuerySet
from wagtail.search.backends import get_search_backend

from rest_framework.filters import BaseFilterBackend

from pages.medical_codes import system_and_code
from pages.models import ConditionCode, MedicalPage
from review.records import medical_page_models
from review.status import ReviewStatus, review_status_filter

from .parameters import MAX_ID, parse_datetime_value

MAX_SEARCH_RESULTS = 1000


def parse_id(value: str, name: str) -> int:
    """An id already checked against its documented schema (``api.parameters``);
    a path id is checked here, where a bad one means "no such object"."""
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise BadRequestError(f"{name} must be a positive integer") from error
    if not 0 <= number <= MAX_ID:
        raise BadRequestError(f"{name} is out of range")
    return number


# Orderings on columns the JSON does not show (its documented `order` values).
PAGE_ONLY_ORDERINGS = ("last_published_at",)


class PageOrderingFilter(OrderingFilter):
    """Wagtail's ``order``, plus ``last_published_at``: what a frontend pulls
    recent changes with. Names were checked against the documented list before
    the view ran; never-published pages come last either way, on both
    databases, and the id breaks ties so that pages never repeat across offsets."""

    def filter_queryset(self, request, queryset, view):
        names = request.GET.get("order", "").split(",")
        if not any(name.lstrip("-") in PAGE_ONLY_ORDERINGS for name in names):
            return super().filter_queryset(request, queryset, view)
        return queryset.order_by(
            *(
                F(name[1:]).desc(nulls_last=True)
                if name.startswith("-")
                else F(name).asc(nulls_last=True)
                for name in names
            ),
            "pk",
        )


class UpdatedSinceFilter(BaseFilterBackend):
    """``?updated_since=2026-03-05T14:30:00Z``: pages published at or after it."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("updated_since")
        if value:
            queryset = queryset.filter(
                last_published_at__gte=parse_datetime_value(value)
            )
        return queryset


class PageTreeFilter(BaseFilterBackend):
    """``child_of``, ``descendant_of``, ``ancestor_of`` and ``translation_of``,
    combinable with each other. A page that does not exist or is not public has
    no children, descendants, ancestors or translations: the listing is empty
    (Wagtail answers 400, for a request the document allows)."""

    def filter_queryset(self, request, queryset, view):
        for name, narrow in TREE_FILTERS.items():
            value = request.GET.get(name)
            if value is None:
                continue
            if value == "root":
                page = view.get_root_page()
            else:
                page = view.get_base_queryset().filter(id=int(value)).first()
            if page is None:
                return queryset.none()
            queryset = narrow(queryset, page)
        return queryset


TREE_FILTERS = {
    "child_of": lambda queryset, page: queryset.child_of(page),
    "descendant_of": lambda queryset, page: queryset.descendant_of(page),
    "ancestor_of": lambda queryset, page: queryset.ancestor_of(page),
    "translation_of": lambda queryset, page: queryset.translation_of(page),
}


WORD = re.compile(r"\w")


class SearchFilter(BaseFilterBackend):
    """``?search=`` that combines with every other parameter, ``order`` and field
    filters included.

    Wagtail's own filter hands the filtered queryset to the search backend, which
    refuses filters and orderings on fields it has not indexed (a 400 for requests
    the document allows). Here the backend only finds the matching ids (at most
    ``MAX_SEARCH_RESULTS``, by relevance) over the whole model, live pages only;
    the database then applies every other filter and the requested order, or keeps
    relevance order.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        # A double quote ends a term in SQLite's FTS5 query syntax, which Wagtail's
        # SQLite backend does not escape ("unterminated string"): it is never part
        # of a word, so it is taken as a space.
        text = request.GET["search"].replace('"', " ")
        if not WORD.search(text):
            # Only punctuation, spaces or control characters: no term to look for
            # (Wagtail's database backend fails on such a query).
            return queryset.none()
        model = queryset.model
        candidates = model._default_manager.all()
        if isinstance(candidates, PageQuerySet):
            # Only live pages (an indexed filter field): drafts that match better
            # must not take the bounded places before the public filter runs.
            candidates = Page.objects.live()
        backend = get_search_backend()
        if hasattr(backend, "for_language"):
            # PostgreSQL: stem the words as the asked language does (cms.search).
            backend = backend.for_language(request.GET.get("locale"))
        results = backend.search(
            text,
            candidates,
            operator=request.GET.get("search_operator"),
        )
        ids = [result.pk for result in results[:MAX_SEARCH_RESULTS]]
        if not ids:
            return queryset.none()
        queryset = queryset.filter(pk__in=ids)
        if "order" in request.GET:
            return queryset
        relevance = Case(
            *(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)),
            output_field=IntegerField(),
        )
        return queryset.order_by(relevance)


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


class MedicalCodeFilter(BaseFilterBackend):
    """``?code=ICD-10:G35``: condition pages carrying that code, whatever the
    listing's type (other pages never match). The value was checked against its
    documented form before the view ran (``api.parameters.medical_code``)."""

    def filter_queryset(self, request, queryset, view):
        parts = system_and_code(request.GET.get("code", ""))
        if parts is None:
            return queryset
        system, value = parts
        pages = ConditionCode.objects.filter(system=system, value=value)
        return queryset.filter(pk__in=pages.values("page_id"))
