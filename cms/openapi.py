"""OpenAPI building blocks that every layer may use.

A block describes its own JSON next to its ``get_api_representation``, and
``pages`` and ``snippets`` never import ``api``: the primitive schema helpers live
here, below every app, and ``api.schema.components`` re-exports them for the rest
of the document.

``api.schema.blocks.BlockSchemas`` derives a block's schema from its definition
(struct children, lists, field types). A block that changes Wagtail's JSON says so
itself, next to the code that produces it:

- ``api_schema`` (class attribute): the whole schema of a block whose
  ``get_api_representation`` replaces Wagtail's default (choosers, computed values);
- ``api_property_schemas(properties)`` (method of a struct block): receives the
  schemas derived from its children and returns them adjusted, for a block that
  keeps the default shape but changes a property (a list that drops missing items).
"""

from typing import Any


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(
    properties: dict[str, Any], required: list[str] | None = None, **extra
) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


STRING = {"type": "string"}
HTML = {
    "type": "string",
    "contentMediaType": "text/html",
    "description": "Display-ready HTML.",
}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
INTEGER = {"type": "integer"}
URI = {"type": "string", "format": "uri"}


def not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """What ``nullable`` was given: the schema of a list that drops its ``null`` items."""
    members = [
        member for member in schema.get("anyOf", [schema]) if member != {"type": "null"}
    ]
    return members[0] if len(members) == 1 else {"anyOf": members}


PARTIAL_DATE = {
    "type": "object",
    "description": "A date known to the year, the month or the day "
    "(ISO 8601 with reduced precision).",
    "properties": {
        "value": {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "examples": ["2026", "2026-03", "2026-03-05"],
        },
        "precision": {"type": "string", "enum": ["year", "month", "day"]},
    },
    "required": ["value", "precision"],
    "additionalProperties": False,
}
