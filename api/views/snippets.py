"""The snippet endpoints: doctors, testimonials and references."""

from typing import Any

from django.utils.functional import cached_property

from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.api.v2.views import BaseAPIViewSet

from rest_framework import serializers

from snippets.models import Doctor, Reference, Testimonial, publishable_testimonials
from snippets.representations import (
    doctor_detail,
    reference_representation,
    testimonial_representation,
)

from ..filters import (
    LocaleCodeFilter,
    ParameterValidationFilter,
    TestimonialConditionFilter,
)
from .base import PublicReadOnlyMixin


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
        return (
            Reference.objects.filter(live=True)
            .prefetch_related("authors")
            .order_by("id")
        )

    def representation(self, instance):
        return reference_representation(instance)
