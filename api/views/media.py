"""The images and documents endpoints."""

from wagtail.api.v2.utils import get_object_detail_url
from wagtail.documents.api.v2.views import (
    DocumentsAPIViewSet as WagtailDocumentsAPIViewSet,
)
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet

from rest_framework import serializers

from snippets.representations import (
    image_representation,
)

from ..filters import (
    ParameterValidationFilter,
)
from .base import PublicReadOnlyMixin


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
