"""Shared pieces of the OpenAPI document: helpers, scalar types, images and page links.

The primitive helpers and scalar types live in ``cms.openapi`` so that blocks in
``pages`` and ``snippets`` can describe their own JSON without importing ``api``;
they are re-exported here for the rest of the document.
"""

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
    "OBJECT_META",
    "PAGE_LINK",
    "RENDITION",
    "STRING",
    "URI",
    "WAGTAIL_ENDPOINTS",
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
        "srcset": {
            "type": "object",
            "description": "One ready-made srcset per format, e.g. srcset.webp.",
            "additionalProperties": STRING,
        },
    },
    description="An image with its renditions at several widths, in WebP and the original format.",
)


PAGE_LINK = obj(
    {
        "id": INTEGER,
        "type": {
            "type": "string",
            "description": 'Page type, e.g. "pages.TherapyPage".',
        },
        "title": STRING,
        "path": nullable(
            {"type": "string", "description": "Frontend path, locale prefix included."}
        ),
        "locale": STRING,
        "summary": STRING,
    },
    description="A chosen page: enough to render a link or a card without another request.",
)


OBJECT_META = obj({"type": STRING, "detail_url": URI})
