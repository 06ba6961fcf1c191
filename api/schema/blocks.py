"""Schemas of StreamField blocks, derived from the block definitions."""

from typing import Any

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from pages.blocks.content import (
    FigureBlock,
    GalleryBlock,
    GalleryImageBlock,
    LinkBlock,
    PageLinkChooserBlock,
    PriceRowBlock,
    RelatedContentBlock,
    TestimonialsBlock,
    VideoBlock,
)
from snippets.blocks import (
    DoctorChooserBlock,
    ReferenceChooserBlock,
    TestimonialChooserBlock,
)

from .components import DATE, INTEGER, STRING, URI, nullable, obj, ref

# Blocks whose get_api_representation is custom: their schema is written here and
# checked against real responses by the contract tests.
CUSTOM_BLOCK_SCHEMAS: dict[type, dict[str, Any]] = {
    DoctorChooserBlock: nullable(ref("DoctorSummary")),
    TestimonialChooserBlock: nullable(ref("Testimonial")),
    ReferenceChooserBlock: nullable(ref("Reference")),
    PageLinkChooserBlock: nullable(ref("PageLink")),
    ImageChooserBlock: nullable(ref("Image")),
    LinkBlock: obj(
        {
            "label": STRING,
            "page": nullable(ref("PageLink")),
            "url": {
                "type": "string",
                "description": "The page's path, or the external address.",
            },
            "external": {"type": "boolean"},
        }
    ),
    PriceRowBlock: obj(
        {
            "region": STRING,
            "minimum": {"type": "number"},
            "maximum": nullable({"type": "number"}),
            "open_upper_bound": {
                "type": "boolean",
                "description": 'Prices may exceed the maximum ("+").',
            },
            "currency": {"type": "string", "description": "ISO 4217 code."},
            "note": STRING,
            "footnoted": {"type": "boolean"},
        }
    ),
    FigureBlock: obj({"image": nullable(ref("Image")), "caption": STRING}),
    GalleryImageBlock: nullable(ref("Image")),
    GalleryBlock: obj(
        {"images": {"type": "array", "items": ref("Image")}, "caption": STRING}
    ),
    VideoBlock: obj(
        {
            "url": URI,
            "title": STRING,
            "caption": STRING,
            "provider": nullable({"type": "string", "enum": ["youtube", "vimeo"]}),
            "video_id": nullable(STRING),
            "embed_url": nullable(URI),
        }
    ),
}


# Blocks that drop unpublished or unconsented entries from a list.
FILTERED_LISTS = {
    TestimonialsBlock: ("testimonials", ref("Testimonial")),
    RelatedContentBlock: ("pages", ref("PageLink")),
}


class BlockSchemas:
    """Builds component schemas for a tree of blocks, one component per struct block class."""

    def __init__(self, components: dict[str, Any]):
        self.components = components

    def schema(self, block: blocks.Block) -> dict[str, Any]:
        for block_class, schema in CUSTOM_BLOCK_SCHEMAS.items():
            if isinstance(block, block_class):
                return self.named(block, schema)
        if isinstance(block, blocks.StreamBlock):
            return self.stream(block)
        if isinstance(block, blocks.StructBlock):
            return self.struct(block)
        if isinstance(block, blocks.ListBlock):
            return {"type": "array", "items": self.schema(block.child_block)}
        return self.field(block)

    def named(self, block: blocks.Block, schema: dict[str, Any]) -> dict[str, Any]:
        name = type(block).__name__
        if isinstance(block, blocks.StructBlock):
            self.components.setdefault(name, schema)
            return ref(name)
        return schema

    def struct(self, block: blocks.StructBlock) -> dict[str, Any]:
        name = type(block).__name__
        if name not in self.components:
            self.components[name] = {}  # placeholder against recursion
            properties = {
                child_name: self.schema(child)
                for child_name, child in block.child_blocks.items()
            }
            if type(block) in FILTERED_LISTS:
                list_name, item = FILTERED_LISTS[type(block)]
                properties[list_name] = {"type": "array", "items": item}
            self.components[name] = obj(
                properties,
                description=str(
                    getattr(block.meta, "description", "") or block.meta.label or name
                ),
            )
        return ref(name)

    def stream(self, block: blocks.StreamBlock) -> dict[str, Any]:
        name = type(block).__name__
        if name not in self.components:
            self.components[name] = {}
            variants = {}
            for child_name, child in block.child_blocks.items():
                variant = f"{name}.{child_name}"
                self.components[variant] = obj(
                    {
                        "type": {"const": child_name},
                        "value": self.schema(child),
                        "id": nullable({"type": "string", "format": "uuid"}),
                    },
                    description=str(child.meta.label or child_name),
                )
                variants[child_name] = f"#/components/schemas/{variant}"
            self.components[name] = {
                "type": "array",
                "items": {
                    "oneOf": [{"$ref": target} for target in variants.values()],
                    "discriminator": {"propertyName": "type", "mapping": variants},
                },
            }
        return ref(name)

    def field(self, block: blocks.Block) -> dict[str, Any]:
        required = getattr(block, "required", True)
        if isinstance(block, blocks.RichTextBlock):
            return ref("Html")
        if isinstance(block, blocks.BooleanBlock):
            return {"type": "boolean"}
        if isinstance(block, blocks.IntegerBlock):
            return INTEGER if required else nullable(INTEGER)
        if isinstance(block, blocks.DecimalBlock | blocks.FloatBlock):
            return {"type": "number"} if required else nullable({"type": "number"})
        if isinstance(block, blocks.DateBlock):
            return DATE if required else nullable(DATE)
        if isinstance(block, blocks.ChoiceBlock):
            values = [
                str(value) for value, _label in block.field.choices if value != ""
            ]
            return {"type": "string", "enum": values if required else [*values, ""]}
        if isinstance(block, blocks.FieldBlock):
            return STRING
        raise TypeError(
            f"No API schema for block {type(block).__name__}: add one to CUSTOM_BLOCK_SCHEMAS"
        )
