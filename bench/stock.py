"""Stock Wagtail API v2 serialisation of our pages, as the "stock" reference.

The model fields listed in ``api_fields`` are served the way Wagtail serialises
them by default: foreign keys as ``{id, meta}`` stubs and StreamFields through
Wagtail's own ``get_api_representation`` of each block class (chooser blocks give
bare ids), skipping the overrides our blocks add. Our computed fields (toc, seo,
json_ld, ...) are left out: they do not exist in stock Wagtail.
"""

from django.core.exceptions import FieldDoesNotExist

from wagtail import blocks
from wagtail import fields as wagtail_fields
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet

from rest_framework.fields import Field


def _wagtail_representation(block: blocks.Block):
    """The ``get_api_representation`` of the nearest Wagtail class of ``block``."""
    for klass in type(block).__mro__:
        if klass.__module__.startswith("wagtail.") and (
            "get_api_representation" in vars(klass)
        ):
            return vars(klass)["get_api_representation"]
    raise LookupError(type(block))


def stock_representation(block: blocks.Block, value, context):
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child.block.name,
                "value": stock_representation(child.block, child.value, context),
                "id": child.id,
            }
            for child in value or []
        ]
    if isinstance(block, blocks.StructBlock):
        return {
            name: stock_representation(child, value.get(name), context)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [
            stock_representation(block.child_block, item, context) for item in value
        ]
    return _wagtail_representation(block)(block, value, context)


class StockStreamField(Field):
    def to_representation(self, value):
        return stock_representation(value.stream_block, value, self.context)


class StockPageSerializer(PageSerializer):
    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        wagtail_fields.StreamField: StockStreamField,
    }


class StockPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = StockPageSerializer

    @classmethod
    def get_body_fields(cls, model):
        names = []
        for field in getattr(model, "api_fields", ()):
            name = field.name if isinstance(field, APIField) else field
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            names.append(name)
        return cls._convert_api_fields(cls.body_fields + names)


stock_router = WagtailAPIRouter("benchstock")
stock_router.register_endpoint("pages", StockPagesAPIViewSet)
