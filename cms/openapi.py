"""OpenAPI building blocks that every layer may use.

A block describes its own JSON next to its ``get_api_representation`` (see
``api.schema.blocks``), and ``pages`` and ``snippets`` never import ``api``: the
primitive schema helpers live here, below every app, and ``api.schema.components``
re-exports them for the rest of the document.
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
