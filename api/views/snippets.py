"""The snippet endpoints: doctors, testimonials and references."""

from typing import Any

from django.utils.functional import cached_property

from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.api.v2.views import BaseAPIViewSet

from rest_framework import serializers

from snippets.models import Doctor, Reference, Testimonial, publishable_testimonials
from snippets.representations import (
    doctor_detail,
    reference_representation,
    testimonial_representation,
)

from ..filters import LocaleCodeFilter, SearchFilter, TestimonialConditionFilter
from ..parameters import (
    Parameter,
    field_filters,
    integer,
    locale_schema,
    order,
    orderable_fields,
    pagination,
    search,
)
from .base import PublicReadOnlyMixin

LOCALE = Parameter("locale", "Only items in this language.", locale_schema())


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

    searchable = True

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        if action == "detail_view":
            return []
        return [
            *pagination(),
            order(orderable_fields(cls, cls.model)),
            *(search() if cls.searchable else []),
            *cls.filters(),
            *field_filters(cls, cls.model),
        ]

    @classmethod
    def filters(cls) -> list[Parameter]:
        """The endpoint's own filters."""
        return []

    def get_serializer_class(self):
        return RepresentationSerializer

    def representation(self, instance) -> dict[str, Any]:
        raise NotImplementedError


class DoctorsAPIViewSet(SnippetAPIViewSet):
    name = "doctors"
    model = Doctor
    body_fields = BaseAPIViewSet.body_fields + ["name", "role", "credentials"]
    filter_backends = [LocaleCodeFilter, FieldsFilter, OrderingFilter, SearchFilter]

    @classmethod
    def filters(cls) -> list[Parameter]:
        return [LOCALE]

    def get_queryset(self):
        return (
            Doctor.objects.filter(live=True)
            .select_related("photo", "locale")
            # The django-stubs plugin does not see modelcluster's (untyped)
            # ClusterTaggableManager as a relation; it is prefetchable.
            .prefetch_related("specialties", "photo__renditions")  # type: ignore[misc]
            .order_by("name", "id")
        )

    def representation(self, instance):
        return doctor_detail(instance, self.get_serializer_context())


class TestimonialsAPIViewSet(SnippetAPIViewSet):
    """Only testimonials that are published and whose consent is valid today."""

    name = "testimonials"
    model = Testimonial
    filter_backends = [
        LocaleCodeFilter,
        TestimonialConditionFilter,
        FieldsFilter,
        OrderingFilter,
    ]
    searchable = False

    @classmethod
    def filters(cls) -> list[Parameter]:
        return [
            LOCALE,
            Parameter(
                "condition",
                "Only testimonials about this condition page.",
                integer(),
            ),
        ]

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
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]

    def get_queryset(self):
        return (
            Reference.objects.filter(live=True)
            .prefetch_related("authors")
            .order_by("id")
        )

    def representation(self, instance):
        return reference_representation(instance)
