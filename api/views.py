"""Viewsets of the public content API (Wagtail API v2, Django REST framework).

Every endpoint is read-only and anonymous: no session or token is consulted, so
drafts and view-restricted content can never leak through a logged-in editor's
cookies, and responses are safe for shared caches.
"""

from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.urls import path
from django.utils import translation
from django.utils.functional import cached_property

from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2.views import (
    DocumentsAPIViewSet as WagtailDocumentsAPIViewSet,
)
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet
from wagtail.models import Locale, Page, Site

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from pages.models import ClinicSettings
from pages.representations import (
    locale_code,
    page_is_public,
    page_link,
    preload_pages,
    prepare_pages,
)
from pages.rich_text import resolving_links_with
from snippets.models import Doctor, Reference, Testimonial, publishable_testimonials
from snippets.representations import (
    doctor_detail,
    image_representation,
    reference_representation,
    testimonial_representation,
)

from .cache import ALL, LISTINGS, CachedResponseMixin, page_tag
from .filters import (
    REVIEW_FILTERS,
    LocaleCodeFilter,
    ParameterValidationFilter,
    ReviewDateFilter,
    TestimonialConditionFilter,
    parse_id,
)
from .rich_text import public_rich_text_format


class PublicReadOnlyMixin(CachedResponseMixin):
    """Anonymous, read-only access with JSON errors for every failure mode, and
    cacheable responses (``api.cache``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    # Per client address, for requests the response cache does not answer;
    # API_RATE_LIMIT sets the rate, unset means no limit (docs/security.md).
    throttle_classes = [AnonRateThrottle]
    http_method_names = ["get", "head", "options"]

    def resolve_rich_text_format(self):
        return public_rich_text_format(self.request)

    def get_renderer_context(self):
        # Compact JSON: Wagtail indents by 4, which nearly doubles a rich page's
        # body (the demo ALS page: 100 KB instead of 52 KB) for no client's benefit.
        context = super().get_renderer_context()
        context["indent"] = None
        return context

    def detail_view(self, request, pk):
        try:
            parse_id(pk, "id")
        except BadRequestError as error:
            raise Http404("not found") from error
        return super().detail_view(request, pk)

    def handle_exception(self, exc):
        if isinstance(exc, OverflowError | ValueError) and not isinstance(
            exc, BadRequestError
        ):
            return Response({"message": "invalid parameter value"}, status=400)
        if isinstance(exc, DatabaseError):
            raise exc
        return super().handle_exception(exc)


class ClinicPageSerializer(PageSerializer):
    """Serialises each page in its own language, so that rich-text links resolve to
    translations in the page's language whatever the client's Accept-Language."""

    def to_representation(self, instance):
        with translation.override(locale_code(instance, self.context)):
            return super().to_representation(instance)


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
        REVIEW_FILTERS
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


class ImageSerializer(serializers.BaseSerializer):
    def to_representation(self, image):
        return {
            **image_representation(image),
            "meta": {
                "type": "wagtailimages.Image",
                "detail_url": get_object_detail_url(
                    self.context["router"],
                    self.context["request"],
                    type(image),
                    image.pk,
                ),
            },
        }


class ImagesAPIViewSet(PublicReadOnlyMixin, WagtailImagesAPIViewSet):
    """Images outside private collections, each with alt text, focal point and renditions."""

    filter_backends = [
        ParameterValidationFilter,
        *WagtailImagesAPIViewSet.filter_backends,
    ]

    def get_serializer_class(self):
        super().get_serializer_class()  # validates ?fields=
        return ImageSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_renditions()


class DocumentsAPIViewSet(PublicReadOnlyMixin, WagtailDocumentsAPIViewSet):
    filter_backends = [
        ParameterValidationFilter,
        *WagtailDocumentsAPIViewSet.filter_backends,
    ]


class RepresentationSerializer(serializers.BaseSerializer):
    """Serialises an object with the representation function of the viewset."""

    def to_representation(self, instance):
        view = self.context["view"]
        data = dict(view.representation(instance))
        data["meta"] = {
            "type": f"{instance._meta.app_label}.{type(instance).__name__}",
            "detail_url": get_object_detail_url(
                self.context["router"],
                self.context["request"],
                type(instance),
                instance.pk,
            ),
        }
        return data


class SnippetAPIViewSet(PublicReadOnlyMixin, BaseAPIViewSet):
    """A snippet endpoint whose items have exactly the shape they have inside pages."""

    def get_serializer_context(self):
        return self.serializer_context

    @cached_property
    def serializer_context(self) -> dict[str, Any]:
        return super().get_serializer_context()

    known_query_parameters = BaseAPIViewSet.known_query_parameters - {
        "fields",
        "rich_text_format",
    }

    def get_serializer_class(self):
        return RepresentationSerializer

    def representation(self, instance) -> dict[str, Any]:
        raise NotImplementedError


class DoctorsAPIViewSet(SnippetAPIViewSet):
    name = "doctors"
    model = Doctor
    body_fields = BaseAPIViewSet.body_fields + ["name", "role", "credentials"]
    filter_backends = [
        ParameterValidationFilter,
        LocaleCodeFilter,
        FieldsFilter,
        OrderingFilter,
        SearchFilter,
    ]
    known_query_parameters = SnippetAPIViewSet.known_query_parameters | {"locale"}

    def get_queryset(self):
        return (
            Doctor.objects.filter(live=True)
            .select_related("photo", "locale")
            .prefetch_related("specialties", "photo__renditions")
            .order_by("name", "id")
        )

    def representation(self, instance):
        return doctor_detail(instance, self.get_serializer_context())


class TestimonialsAPIViewSet(SnippetAPIViewSet):
    """Only testimonials that are published and whose consent is valid today."""

    name = "testimonials"
    model = Testimonial
    filter_backends = [
        ParameterValidationFilter,
        LocaleCodeFilter,
        TestimonialConditionFilter,
        OrderingFilter,
    ]
    known_query_parameters = (
        SnippetAPIViewSet.known_query_parameters | {"locale", "condition"}
    ) - {
        "search",
        "search_operator",
    }

    def get_queryset(self):
        return publishable_testimonials().select_related("locale").order_by("id")

    def representation(self, instance):
        return testimonial_representation(instance)


class ReferencesAPIViewSet(SnippetAPIViewSet):
    name = "references"
    model = Reference
    body_fields = BaseAPIViewSet.body_fields + [
        "year",
        "doi",
        "pmid",
        "title",
        "journal",
    ]
    filter_backends = [
        ParameterValidationFilter,
        FieldsFilter,
        OrderingFilter,
        SearchFilter,
    ]

    def get_queryset(self):
        return Reference.objects.prefetch_related("authors").order_by("id")

    def representation(self, instance):
        return reference_representation(instance)


class SiteAPIViewSet(PublicReadOnlyMixin, BaseAPIViewSet):
    """Site-wide settings and the main navigation: what every page's header and footer needs."""

    name = "site"
    model = Site
    known_query_parameters = frozenset({"locale", "site", "format"})

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "site_view"}), name="detail")]

    def site_view(self, request):
        self.check_query_parameters(Site.objects.none())
        ParameterValidationFilter().filter_queryset(request, None, self)
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("no site is configured for this host")
        code = request.GET.get("locale") or settings.LANGUAGE_CODE
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            raise BadRequestError(f"unknown locale: {code}")
        home = site.root_page.get_translation_or_none(locale)
        context = self.get_serializer_context()
        clinic = ClinicSettings.for_site(site)
        return Response(
            {
                "name": clinic.clinic_name or site.site_name,
                "locale": locale.language_code,
                "contact_phone": clinic.contact_phone or None,
                "social_links": [
                    {"platform": link.value["platform"], "url": link.value["url"]}
                    for link in clinic.social_links
                ],
                "labels": {
                    "callback": clinic.callback_label,
                    "consultation": clinic.consultation_label,
                },
                "locales": self.locales(site, context),
                "home": page_link(home, context) if home else None,
                "navigation": self.navigation(home, context) if home else [],
            }
        )

    def locales(self, site, context) -> list[dict[str, Any]]:
        names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        items = []
        pages = [site.root_page, *site.root_page.get_translations().order_by("path")]
        prepare_pages(pages, context)
        for page in pages:
            if page_is_public(page, context):
                code = page.locale.language_code
                items.append(
                    {
                        "code": code,
                        "name": names.get(code, code),
                        "home_path": page_link(page, context)["path"],
                    }
                )
        return items

    def navigation(self, home: Page, context) -> list[dict[str, Any]]:
        """Menu pages under home, two levels deep, in the editors' order."""
        pages = list(
            home.get_descendants()
            .filter(depth__lte=home.depth + 2)
            .live()
            .in_menu()
            .defer_streamfields()
            .specific()
            .order_by("path")
        )
        prepare_pages(pages, context)
        top = [page for page in pages if page.depth == home.depth + 1]
        items = []
        for page in top:
            link = page_link(page, context)
            if link is None:
                continue
            link["children"] = [
                child_link
                for child in pages
                if child.depth == page.depth + 1
                and child.path.startswith(page.path)
                and (child_link := page_link(child, context))
            ]
            items.append(link)
        return items


class SchemaAPIView(SpectacularAPIView):
    """The OpenAPI document, public and limited per client like the content API."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]


class SchemaDocsView(SpectacularSwaggerView):
    """Swagger UI over the OpenAPI document."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
