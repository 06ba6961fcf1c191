"""The pages endpoint: listings and details of published pages."""

from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property

from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.models import Locale, Page, Site

from rest_framework.response import Response

from pages.representations import (
    locale_code,
    page_type,
    preload_pages,
    prepare_pages,
)
from pages.rich_text import resolving_links_with

from ..cache import ALL, LISTINGS, page_tag
from ..filters import (
    REVIEW_FILTERS,
    REVIEW_STATUS_PARAMETER,
    ParameterValidationFilter,
    ReviewDateFilter,
    parse_id,
)
from .base import PublicReadOnlyMixin


class ClinicPageSerializer(PageSerializer):
    """Serialises each page in its own language, so that rich-text links resolve to
    translations in the page's language whatever the client's Accept-Language.

    Every page also carries its type at the top level, whatever ``?fields=`` asks:
    ``meta.type`` sits one level down, where neither OpenAPI's discriminator nor
    TypeScript's narrowing can see it (``api.schema.pages``)."""

    def to_representation(self, instance):
        with translation.override(locale_code(instance, self.context)):
            data = super().to_representation(instance)
        first = {"id": data.pop("id")} if "id" in data else {}
        return {**first, "type": page_type(instance), **data}


# Fields every page has: a listing asking only for these needs no preloading.
PAGE_LISTING_FIELDS = frozenset(
    {"id", "type", "detail_url", "title", "html_url", "slug", "first_published_at"}
    | {"locale", "show_in_menus", "seo_title", "search_description", "alias_of"}
)


class PagesAPIViewSet(PublicReadOnlyMixin, WagtailPagesAPIViewSet):
    """Live, public pages. ``find/?html_path=`` answers with the page itself (no redirect)
    and understands locale prefixes such as ``/de/conditions/als/``.

    Pages are serialised after ``preload_pages``: a fixed number of queries per
    request, however many blocks, images, doctors or pages are shown.
    """

    base_serializer_class = ClinicPageSerializer
    filter_backends = [
        ParameterValidationFilter,
        ReviewDateFilter,
        *WagtailPagesAPIViewSet.filter_backends,
    ]
    known_query_parameters = WagtailPagesAPIViewSet.known_query_parameters.union(
        REVIEW_FILTERS, {REVIEW_STATUS_PARAMETER}
    )

    def cache_tags(self, action, kwargs):
        if action == "detail_view":
            return [ALL, page_tag(kwargs.get("pk"))]
        if action == "find_view":
            return [ALL]  # and the page found (find_view)
        return [ALL, LISTINGS]

    def get_serializer_context(self):
        return self.serializer_context

    @cached_property
    def serializer_context(self) -> dict[str, Any]:
        """One context per request: it carries the objects preloaded for it."""
        return super().get_serializer_context()

    def get_base_queryset(self):
        """Public pages, with the view restrictions read once per request."""
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset.all()

    def serialize(self, pages: list[Page], many: bool = False):
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        fields = set(serializer_class.Meta.fields)
        if fields <= PAGE_LISTING_FIELDS:
            prepare_pages(pages, context)
        else:
            preload_pages(pages, context)
        serializer = serializer_class(
            pages if many else pages[0], many=many, context=context
        )
        with resolving_links_with(context):
            return serializer.data

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        pages = list(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.serialize(pages, many=True))

    def detail_view(self, request, pk):
        try:
            parse_id(pk, "id")
        except BadRequestError as error:
            raise Http404("not found") from error
        return Response(self.serialize([self.get_object()]))

    def find_view(self, request):
        ParameterValidationFilter().filter_queryset(request, None, self)
        queryset = self.get_queryset()
        page = self.find_object(queryset, request)
        if page is None:
            raise Http404("not found")
        self.add_cache_tags(page_tag(page.pk))
        self._cached_object = page.specific
        self.kwargs["pk"] = page.pk
        self.action = "detail_view"
        return Response(self.serialize([self._cached_object]))

    def find_object(self, queryset, request):
        if "html_path" not in request.GET:
            if "id" in request.GET:
                return queryset.filter(id=parse_id(request.GET["id"], "id")).first()
            raise BadRequestError("give html_path or id")
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = [part for part in request.GET["html_path"].split("/") if part]
        root, language = site.root_page, settings.LANGUAGE_CODE
        if components and components[0] != language:
            locale = Locale.objects.filter(language_code=components[0]).first()
            if locale is not None:
                root = root.get_translation_or_none(locale)
                language = locale.language_code
                components = components[1:]
        if root is None:
            return None
        with translation.override(language):
            try:
                page, _args, _kwargs = root.specific.route(request, components)
            except Http404:
                return None
        return page if queryset.filter(id=page.id).exists() else None
