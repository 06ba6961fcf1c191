"""The pages endpoint: listings and details of published pages."""

import copy
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property

from wagtail.api.v2.filters import FieldsFilter, LocaleFilter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Locale, Page, get_page_models

from rest_framework.response import Response

from pages.frontend import find_site, site_root_paths
from pages.representations import (
    RepresentationField,
    citation_numbers,
    full_url,
    language_versions,
    locale_code,
    page_direction,
    page_is_public,
    page_path,
    page_type,
    preload_pages,
    preloaded,
    prepare_pages,
    restricted_paths,
    unread_stream_fields,
)
from pages.rich_text import resolving_links_with
from pages.sanitise import numbering_citations
from review.status import ReviewStatus

from ..cache import ALL, LISTINGS, page_tag
from ..counts import KeptCountPagination
from ..filters import (
    PAGE_ONLY_ORDERINGS,
    REVIEW_FILTERS,
    REVIEW_STATUS_PARAMETER,
    MedicalCodeFilter,
    PageOrderingFilter,
    PageTreeFilter,
    ReviewDateFilter,
    SearchFilter,
    UpdatedSinceFilter,
    parse_id,
)
from ..materialize import enabled as materialize_enabled
from ..materialize import stored_items
from ..parameters import (
    PAGE_ID,
    PAGE_ID_OR_ROOT,
    Parameter,
    extra_fields,
    field_filters,
    locale_schema,
    medical_code,
    one_of_values,
    order,
    orderable_fields,
    pagination,
    search,
    text,
    updated_since,
)
from .base import PublicReadOnlyMixin

RICH_TEXT_FORMAT = Parameter(
    "rich_text_format",
    "Rich text output format: display-ready, sanitised HTML, the only format the "
    "public API offers.",
    one_of_values(["html"]),
)


def page_type_names() -> list[str]:
    """``app_label.ModelName`` of every page type, as ``?type=`` spells them."""
    return [f"{m._meta.app_label}.{m.__name__}" for m in get_page_models()]


class FrontendHtmlUrlField(PageHtmlUrlField):
    """``meta.html_url``: the page's URL on its site's frontend."""

    def to_representation(self, page):
        return full_url(page, self.context)


class FieldsBuiltOnce:
    """DRF's ``ModelSerializer`` builds its fields for every serializer it makes (a
    page's, each parent's), reading the model's fields, labels and validators each
    time; a page serializer class builds them once and gives each serializer copies
    (DRF copies declared fields the same way)."""

    def get_fields(self):
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            type(self)._built_fields = built  # type: ignore[attr-defined]
        return copy.deepcopy(built)


class PageStubSerializer(FieldsBuiltOnce, PageSerializer):
    """A parent or aliased page in ``meta``, with its frontend URL."""

    html_url = FrontendHtmlUrlField(read_only=True)


@cache
def stub_serializer_class(model: type[Page]) -> type[PageStubSerializer]:
    """One stub serializer class per page type (Wagtail makes one per call)."""
    return get_serializer_class(
        model,
        ["id", "type", "detail_url", "html_url", "title"],
        meta_fields=["type", "detail_url", "html_url"],
        base=PageStubSerializer,
    )


def stub_representation(field, value):
    serializer_class = stub_serializer_class(value.__class__)
    return serializer_class(context=field.context).to_representation(value)


# Parent tree path -> the public page there (``None``: none is), in a context.
PARENTS_KEY = "_public_parents"


def parent_path(page: Page) -> str | None:
    return page.path[: -page.steplen] if page.depth > 1 else None


class FrontendParentField(PageParentField):
    """The parent page when it is public: Wagtail's field reads the parent and then
    asks whether the public pages include it (two queries); one query for the
    public pages at the parents' tree paths gives the same answer, for every page
    serialised together (the worker renders fifty at once)."""

    def get_attribute(self, instance):
        path = parent_path(instance)
        if path is None:
            return None
        parents = self.context.setdefault(PARENTS_KEY, {})
        if path not in parents:
            loaded = preloaded(self.context)
            pages = [*(loaded.pages if loaded is not None else ()), instance]
            paths = {parent_path(page) for page in pages} - {None} - parents.keys()
            parents.update(dict.fromkeys(paths))
            parents.update(
                (page.path, page)
                for page in self.context["base_queryset"].filter(path__in=paths)
            )
        return parents[path]

    to_representation = stub_representation


class FrontendAliasOfField(PageAliasOfField):
    """The page an alias copies, named only when it is public (Wagtail's ``parent``
    field checks this; its ``alias_of`` does not): a public alias of a restricted or
    unpublished page must not give away that page's title and address."""

    def get_attribute(self, instance):
        if instance.alias_of_id is None:
            return None
        source = instance.alias_of
        return source if page_is_public(source, self.context) else None

    to_representation = stub_representation


class ClinicPageSerializer(FieldsBuiltOnce, PageSerializer):
    """Serialises each page in its own language, so that rich-text links resolve to
    translations in the page's language whatever the client's Accept-Language.

    Every page also carries its type at the top level, whatever ``?fields=`` asks:
    ``meta.type`` sits one level down, where neither OpenAPI's discriminator nor
    TypeScript's narrowing can see it (``api.schema.pages``). And its ``path`` on
    the frontend; ``meta.html_url`` is the page's URL there, not on the CMS host.

    Inline citations in its rich text carry the page's own reference numbers
    (``pages.representations.citation_numbers``)."""

    html_url = FrontendHtmlUrlField(read_only=True)
    parent = FrontendParentField(read_only=True)
    alias_of = FrontendAliasOfField(read_only=True)
    direction = RepresentationField(page_direction)  # meta.direction

    def to_representation(self, instance):
        with (
            translation.override(locale_code(instance, self.context)),
            numbering_citations(lambda: citation_numbers(instance, self.context)),
        ):
            data = super().to_representation(instance)
        first = {"id": data.pop("id")} if "id" in data else {}
        return {
            **first,
            "type": page_type(instance),
            "path": page_path(instance),
            **data,
        }


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
    # meta.total_count kept per generation of the pages it counts (api.counts).
    pagination_class = KeptCountPagination
    # A page detail says which way its language runs, beside meta.locale.
    meta_fields = [*WagtailPagesAPIViewSet.meta_fields, "direction"]
    detail_only_fields = [*WagtailPagesAPIViewSet.detail_only_fields, "direction"]
    filter_backends = [
        FieldsFilter,
        PageTreeFilter,
        UpdatedSinceFilter,
        PageOrderingFilter,
        LocaleFilter,
        ReviewDateFilter,
        MedicalCodeFilter,
        SearchFilter,  # last: it may order by relevance
    ]

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        if action == "detail_view":
            return [RICH_TEXT_FORMAT]
        if action == "find_view":
            return [
                Parameter(
                    "html_path",
                    'Frontend path, e.g. "/conditions/als/" or "/de/conditions/als/".',
                    text(),
                    required=True,
                ),
                RICH_TEXT_FORMAT,
            ]
        return [
            *pagination(),
            order([*orderable_fields(cls, Page), *PAGE_ONLY_ORDERINGS]),
            updated_since(),
            *search(),
            cls.fields_parameter(),
            Parameter(
                "type",
                "Only pages of this type.",
                one_of_values(page_type_names()),
            ),
            Parameter("locale", "Only pages in this language.", locale_schema()),
            Parameter(
                "child_of",
                "Children of this page ('root': of the site's home page). A page "
                "that does not exist or is not public has none.",
                PAGE_ID_OR_ROOT,
            ),
            Parameter(
                "descendant_of",
                "Descendants of this page ('root': of the site's home page).",
                PAGE_ID_OR_ROOT,
            ),
            Parameter("ancestor_of", "Ancestors of this page.", PAGE_ID),
            Parameter(
                "translation_of",
                "Translations of this page ('root': of the site's home page).",
                PAGE_ID_OR_ROOT,
            ),
            Parameter(
                "site",
                "Hostname (and port) of the site, for multi-site setups; 404 if no "
                "site has it.",
                text(255, r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$"),
            ),
            RICH_TEXT_FORMAT,
            *[
                Parameter(
                    name,
                    "Medical review date filter "
                    f"({lookup.replace('__', ' ').replace('_', ' ')}); ISO date.",
                    {"type": "string", "format": "date", "maxLength": 10},
                )
                for name, lookup in REVIEW_FILTERS.items()
            ],
            Parameter(
                REVIEW_STATUS_PARAMETER,
                "Only condition and therapy pages with this medical review status.",
                one_of_values(ReviewStatus.values),
            ),
            medical_code(),
            *field_filters(cls, Page),
        ]

    @classmethod
    def fields_parameter(cls) -> Parameter:
        names = set()
        for model in get_page_models():
            names.update(cls.get_available_fields(model))
        names -= set(cls.detail_only_fields)
        return Parameter(
            "fields",
            "Fields added to each item, comma separated, or '*' for all. A field "
            "the page type does not have is left out (with `type=`, items have "
            "their type's fields).",
            extra_fields(names),
        )

    def get_serializer_class(self):
        """Wagtail's, for the fields of ``?fields=`` that the model has: the
        document lists the fields of every page type."""
        model = (
            self.get_queryset().model
            if self.action == "listing_view"
            else type(self.get_object())
        )
        show_details = self.action != "listing_view"
        available = set(self.get_available_fields(model))
        if not show_details:
            available -= set(self.detail_only_fields)
        config = [
            item
            for item in parse_fields_parameter(self.request.GET.get("fields", ""))
            if item[0] in ("*", "_") or item[0] in available
        ]
        return self._get_serializer_class(
            self.request.wagtailapi_router, model, config, show_details=show_details
        )

    # Serializer classes by what decides them: Wagtail makes a new class (and DRF
    # builds its fields anew) for every request. Bounded: ``?fields=`` varies.
    _serializer_classes: dict[tuple, type] = {}

    @classmethod
    def _get_serializer_class(
        cls, router, model, fields_config, show_details=False, nested=False
    ):
        key = (cls, router, model, repr(fields_config), show_details, nested)
        found = cls._serializer_classes.get(key)
        if found is None:
            found = super()._get_serializer_class(
                router, model, fields_config, show_details, nested
            )
            if len(cls._serializer_classes) >= 512:
                cls._serializer_classes.clear()
            cls._serializer_classes[key] = found
        return found

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
        """One context per request: it carries the objects preloaded for it,
        from the start those the base queryset read (``request_loads``)."""
        context = super().get_serializer_context()
        context.update(self.request_loads)
        return context

    @cached_property
    def request_loads(self) -> dict[str, Any]:
        """What the base queryset read that the representations read too."""
        return {}

    def get_base_queryset(self):
        """Live pages outside every view restriction, in the tree of the
        request's site (``?site=``) or of one of its root's translations:
        Wagtail's ``get_public_pages_queryset``, built once per request from
        paths alone. Its view restrictions are the request's restricted paths,
        which the representations read anyway (``restricted_paths``), and the
        roots come in one query, without the root page and its translations as
        model instances. Every restriction excludes, whoever asks, as it does
        for the links and the rendered pages: the API's answers are shared."""
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = self.public_pages()
        return self._base_queryset.all()

    def public_pages(self) -> QuerySet:
        try:
            site = SiteFilterValidator(
                site=self.request.GET.get("site"), request=self.request
            ).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        restricted = Q()
        for path in restricted_paths(self.request_loads):
            restricted |= Q(path__startswith=path)
        pages = Page.objects.live().exclude(restricted)
        if site is None:
            return pages
        within = Q(pk__in=())
        for path in site_root_paths(site):
            within |= Q(path__startswith=path)
        return pages.filter(within)

    def serialize(self, pages: list[Page], many: bool = False):
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        fields = set(serializer_class.Meta.fields)
        if fields <= PAGE_LISTING_FIELDS:
            prepare_pages(pages, context)
        else:
            preload_pages(pages, context, fields)
        serializer = serializer_class(
            pages if many else pages[0], many=many, context=context
        )
        with resolving_links_with(context):
            return serializer.data

    def listing_view(self, request):
        queryset = self.get_queryset()
        queryset = self.filter_queryset(queryset)
        if isinstance(queryset, QuerySet) and (
            unread := unread_stream_fields(
                queryset.model, self.get_serializer_class().Meta.fields
            )
        ):
            queryset = queryset.defer(*unread)
        pages = list(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.listing_items(pages))

    def listing_items(self, pages: list[Page]) -> list:
        """Items from the pages' rendered fields where the request asks only for
        plain fields (``api.materialize.stored_items``); the other pages are
        serialised here."""
        stored = {}
        if self.plain_listing_request():
            stored = stored_items(pages, self.get_serializer_class())
        missing = [page for page in pages if page.pk not in stored]
        rendered = self.serialize(missing, many=True) if missing else []
        fresh = dict(zip([page.pk for page in missing], rendered, strict=True))
        return [stored.get(page.pk) or fresh[page.pk] for page in pages]

    def plain_listing_request(self) -> bool:
        """Field names alone (or ``*``), without sub-fields or removals: what a
        rendered page's fields can answer (HTML is the only rich-text format)."""
        if not materialize_enabled():
            return False
        config = parse_fields_parameter(self.request.GET.get("fields", ""))
        return all(
            not negated and not sub_fields and name != "_"
            for name, negated, sub_fields in config
        )

    def detail_view(self, request, pk):
        try:
            parse_id(pk, "id")
        except BadRequestError as error:
            raise Http404("not found") from error
        return Response(self.serialize([self.get_object()]))

    def find_view(self, request):
        queryset = self.get_queryset()
        page = self.find_object(queryset, request)
        if page is None:
            return self.not_in_language(queryset, request)
        self.add_cache_tags(page_tag(page.pk))
        self._cached_object = page.specific
        self.kwargs["pk"] = page.pk
        self.action = "detail_view"
        return Response(self.serialize([self._cached_object]))

    def find_object(self, queryset, request, language_prefix: bool = True):
        """The public page at ``html_path``; with ``language_prefix=False`` a
        leading language code is skipped and the path is read in the default
        language."""
        site = find_site(request)
        if site is None:
            return None
        components = [part for part in request.GET["html_path"].split("/") if part]
        root, language = site.root_page, settings.LANGUAGE_CODE
        prefix = self.locale_prefix(request)
        if prefix is not None:
            components = components[1:]
            if language_prefix:
                locale = Locale.objects.filter(language_code=prefix).first()
                root = root.get_translation_or_none(locale) if locale else None
                language = prefix
        if root is None:
            return None
        with translation.override(language):
            try:
                page, _args, _kwargs = root.specific.route(request, components)
            except Http404:
                return None
        return page if queryset.filter(id=page.id).exists() else None

    def not_in_language(self, queryset, request) -> Response:
        """A 404 for a path in a language the page has no live, public version in
        (``/de/conditions/ms/`` while only ``/conditions/ms/`` is published): the
        versions there are, never a silent fallback to another language."""
        page = None
        if self.locale_prefix(request) is not None:
            page = self.find_object(queryset, request, language_prefix=False)
        if page is None:
            raise Http404("not found")
        self.add_cache_tags(page_tag(page.pk))
        return Response(
            {
                "message": "not found in this language; see alternates",
                "alternates": language_versions(page, self.get_serializer_context()),
            },
            status=404,
        )

    @staticmethod
    def locale_prefix(request) -> str | None:
        """The language code ``html_path`` starts with, unless it is the default
        language (whose paths have no prefix): a configured language or a locale."""
        first = next(
            (part for part in request.GET["html_path"].split("/") if part), None
        )
        if first is None or first == settings.LANGUAGE_CODE:
            return None
        configured = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
        if first in configured or Locale.objects.filter(language_code=first).exists():
            return first
        return None
