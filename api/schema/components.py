"""Shared pieces of the OpenAPI document: helpers, scalar types, images and page links."""

from typing import Any

API_PREFIX = "/api/v2/"
WAGTAIL_ENDPOINTS = (
    "pages",
    "images",
    "documents",
    "doctors",
    "testimonials",
    "references",
    "site",
    "preview",
)


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

RENDITION = obj(
    {
        "url": URI,
        "width": INTEGER,
        "height": INTEGER,
        "format": {"type": "string", "enum": ["webp", "jpeg", "png"]},
    }
)


IMAGE = obj(
    {
        "id": INTEGER,
        "title": STRING,
        "alt": {
            "type": "string",
            "description": "Alternative text; empty only for decorative images.",
        },
        "width": INTEGER,
        "height": INTEGER,
        "focal_point": nullable(
            obj({"x": INTEGER, "y": INTEGER, "width": INTEGER, "height": INTEGER})
        ),
        "renditions": {"type": "array", "items": ref("Rendition")},
        "srcset": obj(
            {"webp": STRING, "jpeg": STRING, "png": STRING},
            required=["webp"],
            description="One ready-made srcset per format: webp, and the original "
            "format (jpeg or png) unless it is webp.",
        ),
    },
    description="An image with its renditions at several widths, in WebP and the original format.",
)


PAGE_LINK = obj(
    {
        "id": INTEGER,
        "type": ref("PageType"),
        "title": STRING,
        "path": nullable(
            {"type": "string", "description": "Frontend path, locale prefix included."}
        ),
        "locale": STRING,
        "summary": STRING,
    },
    description="A chosen page: enough to render a link or a card without another request.",
)


def object_meta(type_name: str) -> dict[str, Any]:
    """The ``meta`` of a snippet, image or document: its type and its API address."""
    return obj({"type": {"const": type_name}, "detail_url": URI})
