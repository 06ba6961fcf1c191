"""The images and documents endpoints."""

from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.documents.api.v2.views import (
    DocumentsAPIViewSet as WagtailDocumentsAPIViewSet,
)
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet

from rest_framework import serializers

from snippets.representations import (
    image_representation,
)

from ..filters import SearchFilter
from ..parameters import (
    Parameter,
    extra_fields,
    field_filters,
    order,
    orderable_fields,
    pagination,
    search,
)
from .base import PublicReadOnlyMixin


class MediaParameters:
    """Listing parameters of the images and documents endpoints."""

    # Whether ``?fields=`` shapes the items (documents); images always come whole.
    shaped = True

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        model = cls.model  # type: ignore[attr-defined]
        if action == "detail_view":
            return []
        fields = Parameter(
            "fields",
            "Fields added to each item, comma separated, or '*' for all.",
            extra_fields(cls.get_available_fields(model)),  # type: ignore[attr-defined]
        )
        shape = [fields] if cls.shaped else []
        return [
            *pagination(),
            order(orderable_fields(cls, model)),
            *search(),
            *shape,
            *field_filters(cls, model),
        ]


class ImageSerializer(serializers.BaseSerializer):
    def to_representation(self, image):
        representation = image_representation(image)
        if representation is None:
            # The endpoint's queryset leaves out restricted collections already.
            raise RuntimeError(f"Image {image.pk} is in a restricted collection.")
        return {
            **representation,
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


class ImagesAPIViewSet(MediaParameters, PublicReadOnlyMixin, WagtailImagesAPIViewSet):
    """Images outside private collections, each with alt text, focal point and renditions."""

    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    shaped = False

    def get_serializer_class(self):
        super().get_serializer_class()  # validates ?fields=
        return ImageSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_renditions()


class DocumentsAPIViewSet(
    MediaParameters, PublicReadOnlyMixin, WagtailDocumentsAPIViewSet
):
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
