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

from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2.views import (
    DocumentsAPIViewSet as WagtailDocumentsAPIViewSet,
)
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet
from wagtail.models import Locale, Page, Site

from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from pages.models import ClinicSettings
from pages.representations import page_is_public, page_link
from snippets.models import Doctor, Reference, Testimonial, publishable_testimonials
from snippets.representations import (
    doctor_detail,
    image_representation,
    reference_representation,
    testimonial_representation,
)

from .filters import (
    REVIEW_FILTERS,
    LocaleCodeFilter,
    ParameterValidationFilter,
    ReviewDateFilter,
    TestimonialConditionFilter,
    parse_id,
)


class PublicReadOnlyMixin:
    """Anonymous, read-only access with JSON errors for every failure mode."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]

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


class PagesAPIViewSet(PublicReadOnlyMixin, WagtailPagesAPIViewSet):
    """Live, public pages. ``find/?html_path=`` answers with the page itself (no redirect)
    and understands locale prefixes such as ``/de/conditions/als/``."""

    filter_backends = [
        ParameterValidationFilter,
        ReviewDateFilter,
        *WagtailPagesAPIViewSet.filter_backends,
    ]
    known_query_parameters = WagtailPagesAPIViewSet.known_query_parameters.union(
        REVIEW_FILTERS
    )

    def find_view(self, request):
        ParameterValidationFilter().filter_queryset(request, None, self)
        queryset = self.get_queryset()
        page = self.find_object(queryset, request)
        if page is None:
            raise Http404("not found")
        self._cached_object = page.specific
        self.kwargs["pk"] = page.pk
        self.action = "detail_view"
        serializer = self.get_serializer(self._cached_object)
        return Response(serializer.data)

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
            .prefetch_related("specialties")
            .order_by("name", "id")
        )

    def representation(self, instance):
        return doctor_detail(instance)


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
        for page in [site.root_page, *site.root_page.get_translations()]:
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
        top = home.get_children().live().in_menu().specific()
        items = []
        for page in top:
            link = page_link(page, context)
            if link is None:
                continue
            children = page.get_children().live().in_menu()
            link["children"] = [
                child_link
                for child in children
                if (child_link := page_link(child, context))
            ]
            items.append(link)
        return items
