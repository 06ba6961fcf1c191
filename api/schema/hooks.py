"""The drf-spectacular hooks that add the content API to the document."""

from collections.abc import Iterator
from typing import Any

from pages.models import LABEL_DEFAULTS

from .changes import change_components
from .components import (
    API_PREFIX,
    DATETIME,
    HTML,
    IMAGE,
    INTEGER,
    PAGE_LINK,
    RENDITION,
    STRING,
    URI,
    WAGTAIL_ENDPOINTS,
    nullable,
    obj,
    object_meta,
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
    # Every HTML string of the API is this component, so that generated types name
    # it (plain text stays a bare string).
    "Html": HTML,
    "Rendition": RENDITION,
    "Image": IMAGE,
    "DoctorSummary": DOCTOR_SUMMARY,
    "Doctor": DOCTOR,
    "Testimonial": obj(TESTIMONIAL_PROPERTIES),
    "Reference": obj(REFERENCE_PROPERTIES),
    "NumberedReference": obj({"number": INTEGER, **REFERENCE_PROPERTIES}),
    "PageLink": PAGE_LINK,
    "Error": obj(
        {
            "message": STRING,
            "errors": {
                "type": "object",
                "description": "Messages per invalid field (request bodies only).",
                "additionalProperties": {"type": "array", "items": STRING},
            },
        },
        required=["message"],
        description="Every error answer under /api/, whatever the route or method.",
    ),
}


def add_components(components: dict[str, Any]) -> None:
    components.update(COMPONENTS)
    page_components(components)
    change_components(components)
    components["ImageItem"] = obj(
        {**IMAGE["properties"], "meta": object_meta("wagtailimages.Image")},
        description=IMAGE["description"],
    )
    components["TestimonialItem"] = obj(
        {**TESTIMONIAL_PROPERTIES, "meta": object_meta("snippets.Testimonial")}
    )
    components["ReferenceItem"] = obj(
        {**REFERENCE_PROPERTIES, "meta": object_meta("snippets.Reference")}
    )
    components["Document"] = obj(
        {
            "id": INTEGER,
            "title": STRING,
            "meta": obj(
                {
                    "type": {"const": "wagtaildocs.Document"},
                    "detail_url": URI,
                    "download_url": URI,
                    "tags": {"type": "array", "items": STRING},
                },
                required=["type", "detail_url", "download_url"],
            ),
        },
        description="A document; meta.tags in the detail and with ?fields=tags.",
    )
    nav_item = obj(
        {
            **PAGE_LINK["properties"],
            "children": {"type": "array", "items": ref("PageLink")},
        }
    )
    components["NavigationItem"] = nav_item
    components["TextDirection"] = {
        "type": "string",
        "enum": ["ltr", "rtl"],
        "description": "How the language's text runs: left to right, or right to "
        "left (Arabic).",
    }
    components["InterfaceLabels"] = obj(
        dict.fromkeys(LABEL_DEFAULTS, STRING),
        description="The words a frontend shows around the content, in the asked "
        "language, every key always present: the editors' text (Settings › "
        "Interface labels), else the English default (callback and consultation: "
        "first the clinic settings' labels). Keys: docs/api.md.",
    )
    components["LanguageVersion"] = obj(
        {"locale": STRING, "path": nullable(STRING), "url": nullable(URI)},
        description="A live, public version of a page in one language.",
    )
    components["NotInLanguage"] = obj(
        {
            "message": STRING,
            "alternates": {
                "type": "array",
                "items": ref("LanguageVersion"),
                "minItems": 1,
            },
        },
        required=["message"],
        description="404 of find: with alternates when the page exists but has no "
        "live, public version in the language of the path (no silent fallback).",
    )
    components["Site"] = obj(
        {
            "name": STRING,
            "locale": STRING,
            "contact_phone": nullable(STRING),
            "social_links": {
                "type": "array",
                "items": obj({"platform": STRING, "url": URI}),
            },
            "emergency_numbers": {
                "type": "array",
                "items": ref("EmergencyNumberBlock"),
                "description": "The locale's default emergency numbers, for an "
                "emergency callout whose uses_site_numbers is true.",
            },
            "direction": ref("TextDirection"),
            "labels": ref("InterfaceLabels"),
            "locales": {
                "type": "array",
                "items": obj(
                    {
                        "code": STRING,
                        "name": STRING,
                        "direction": ref("TextDirection"),
                        "home_path": nullable(STRING),
                    }
                ),
            },
            "home": nullable(ref("PageLink")),
            "navigation": {"type": "array", "items": ref("NavigationItem")},
        }
    )
    components["Redirect"] = obj(
        {
            "old_path": {
                **STRING,
                "description": "The path as Wagtail stores it (no trailing slash).",
            },
            "is_permanent": {
                "type": "boolean",
                "description": "true: answer 301/308 (a slug change or move); "
                "false: 302/307.",
            },
            "target": obj(
                {
                    "page_id": nullable(INTEGER),
                    "path": {
                        **nullable(STRING),
                        "description": "Frontend path of the target page; null "
                        "for an external link.",
                    },
                    "url": {**URI, "description": "Absolute URL of the target."},
                }
            ),
        },
        description="Where a path that no page has any more now leads.",
    )
    components["SitemapAlternate"] = obj(
        {"locale": STRING, "path": STRING, "url": nullable(URI)}
    )
    components["SitemapEntry"] = obj(
        {
            "id": INTEGER,
            "type": ref("PageType"),
            "locale": STRING,
            "path": nullable(STRING),
            "url": nullable(URI),
            "last_modified": nullable(DATETIME),
            "alternates": {
                "type": "array",
                "items": ref("SitemapAlternate"),
                "description": "Every live, public language version, this one "
                "included, and x-default (the default language's version) when "
                "there are several (hreflang).",
            },
        },
        description="A public page: its frontend URL, last publish and languages.",
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
    close_response_objects(result)
    result["tags"] = [
        {"name": "pages", "description": "Pages: listing, detail, find by path."},
        {"name": "images", "description": "Images with renditions."},
        {"name": "documents", "description": "Documents outside private collections."},
        {"name": "doctors", "description": "Published doctors."},
        {"name": "testimonials", "description": "Testimonials with valid consent."},
        {"name": "references", "description": "Scholarly references."},
        {"name": "site", "description": "Site settings and navigation."},
        {"name": "routing", "description": "Redirects and the sitemap."},
        {"name": "changes", "description": "What changed in public content."},
    ]
    return result


def referenced(schema: Any) -> Iterator[str]:
    """Names of the components that ``schema`` refers to directly."""
    if isinstance(schema, dict):
        if isinstance(schema.get("$ref"), str):
            yield schema["$ref"].rsplit("/", 1)[1]
        for value in schema.values():
            yield from referenced(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from referenced(value)


def response_components(result: dict[str, Any]) -> set[str]:
    """Every component a response body uses, directly or through another."""
    components = result["components"]["schemas"]
    pending = [
        name
        for operations in result["paths"].values()
        for operation in operations.values()
        for response in operation.get("responses", {}).values()
        for name in referenced(response.get("content", {}))
    ]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(referenced(components[name]))
    return seen


def close_response_objects(result: dict[str, Any]) -> None:
    """Close the objects drf-spectacular derives from serializers (the consultation
    requests' answers): the server emits exactly their fields. Request bodies stay
    as they are, since DRF ignores unknown fields sent to it."""
    components = result["components"]["schemas"]
    for name in response_components(result):
        schema = components[name]
        if "properties" in schema:
            schema.setdefault("additionalProperties", False)
