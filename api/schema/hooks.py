"""The drf-spectacular hooks that add the content API to the document."""

from typing import Any

from .components import (
    API_PREFIX,
    IMAGE,
    INTEGER,
    OBJECT_META,
    PAGE_LINK,
    RENDITION,
    STRING,
    URI,
    WAGTAIL_ENDPOINTS,
    nullable,
    obj,
    ref,
)
from .pages import page_components
from .paths import content_paths
from .snippets import (
    DOCTOR,
    DOCTOR_SUMMARY,
    REFERENCE_PROPERTIES,
    TESTIMONIAL_PROPERTIES,
)

COMPONENTS: dict[str, Any] = {
    "Rendition": RENDITION,
    "Image": IMAGE,
    "DoctorSummary": DOCTOR_SUMMARY,
    "Doctor": DOCTOR,
    "Testimonial": obj(TESTIMONIAL_PROPERTIES),
    "Reference": obj(REFERENCE_PROPERTIES),
    "NumberedReference": obj({"number": INTEGER, **REFERENCE_PROPERTIES}),
    "PageLink": PAGE_LINK,
    "ObjectMeta": OBJECT_META,
    "Error": obj(
        {
            "message": STRING,
            "errors": {
                "type": "object",
                "description": "Messages per invalid field (request bodies only).",
            },
        },
        required=["message"],
        description="Every error answer under /api/, whatever the route or method.",
    ),
}


def add_components(components: dict[str, Any]) -> None:
    components.update(COMPONENTS)
    page_components(components)
    image_item = dict(IMAGE)
    image_item["properties"] = {**IMAGE["properties"], "meta": ref("ObjectMeta")}
    image_item["required"] = [*IMAGE["required"], "meta"]
    components["ImageItem"] = image_item
    components["TestimonialItem"] = obj(
        {**TESTIMONIAL_PROPERTIES, "meta": ref("ObjectMeta")}
    )
    components["ReferenceItem"] = obj(
        {**REFERENCE_PROPERTIES, "meta": ref("ObjectMeta")}
    )
    components["Document"] = {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "title": STRING,
            "meta": {
                "type": "object",
                "properties": {
                    "type": STRING,
                    "detail_url": URI,
                    "download_url": URI,
                    "tags": {"type": "array", "items": STRING},
                },
            },
        },
        "required": ["id", "meta"],
    }
    nav_item = obj(
        {
            **PAGE_LINK["properties"],
            "children": {"type": "array", "items": ref("PageLink")},
        }
    )
    components["NavigationItem"] = nav_item
    components["Site"] = obj(
        {
            "name": STRING,
            "locale": STRING,
            "contact_phone": nullable(STRING),
            "social_links": {
                "type": "array",
                "items": obj({"platform": STRING, "url": URI}),
            },
            "labels": obj({"callback": STRING, "consultation": STRING}),
            "locales": {
                "type": "array",
                "items": obj(
                    {"code": STRING, "name": STRING, "home_path": nullable(STRING)}
                ),
            },
            "home": nullable(ref("PageLink")),
            "navigation": {"type": "array", "items": ref("NavigationItem")},
        }
    )


def exclude_wagtail_endpoints(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep plain DRF views under /api/ only.

    Wagtail's viewsets are described by ``add_content_api``; the admin's internal
    API must never appear in the public document.
    """
    wagtail_prefixes = tuple(f"{API_PREFIX}{name}/" for name in WAGTAIL_ENDPOINTS)
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/")
        and not endpoint[0].startswith(wagtail_prefixes)
    ]


def add_content_api(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the content endpoints and block schemas."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    add_components(components)
    result.setdefault("paths", {}).update(content_paths())
    result["tags"] = [
        {"name": "pages", "description": "Pages: listing, detail, find by path."},
        {"name": "images", "description": "Images with renditions."},
        {"name": "documents", "description": "Documents outside private collections."},
        {"name": "doctors", "description": "Published doctors."},
        {"name": "testimonials", "description": "Testimonials with valid consent."},
        {"name": "references", "description": "Scholarly references."},
        {"name": "site", "description": "Site settings and navigation."},
    ]
    return result
