"""Shared pieces of the OpenAPI document: helpers, scalar types, images and page links.

The primitive helpers and scalar types live in ``cms.openapi`` so that blocks in
``pages`` and ``snippets`` can describe their own JSON without importing ``api``;
they are re-exported here for the rest of the document.
"""

from typing import Any

from cms.openapi import (
    DATE,
    DATETIME,
    HTML,
    INTEGER,
    STRING,
    URI,
    nullable,
    obj,
    ref,
)

__all__ = [
    "API_PREFIX",
    "DATE",
    "DATETIME",
    "HTML",
    "IMAGE",
    "INTEGER",
    "PAGE_LINK",
    "RENDITION",
    "STRING",
    "URI",
    "WAGTAIL_ENDPOINTS",
    "object_meta",
    "nullable",
    "obj",
    "ref",
]

API_PREFIX = "/api/v2/"
WAGTAIL_ENDPOINTS = (
    "pages",
    "images",
    "documents",
    "doctors",
    "testimonials",
    "references",
    "site",
    "redirects",
    "sitemap",
    "changes",
    "preview",
)

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
