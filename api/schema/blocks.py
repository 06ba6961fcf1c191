"""Schemas of StreamField blocks, derived from the block definitions.

A block whose JSON is not Wagtail's default describes it itself, next to its
``get_api_representation``: an ``api_schema`` attribute, or an
``api_property_schemas`` method on a struct block (see ``cms.openapi``). The
contract tests check both against real responses.
"""

from typing import Any

from wagtail import blocks

from .components import DATE, INTEGER, STRING, nullable, obj, ref


class BlockSchemas:
    """Builds component schemas for a tree of blocks, one component per struct block class."""

    def __init__(self, components: dict[str, Any]):
        self.components = components

    def schema(self, block: blocks.Block) -> dict[str, Any]:
        custom = getattr(block, "api_schema", None)
        if custom is not None:
            return self.named(block, custom)
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
            if hasattr(block, "api_property_schemas"):
                properties = block.api_property_schemas(properties)
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
            f"No API schema for block {type(block).__name__}: give its class an "
            "api_schema (see cms.openapi)"
        )
