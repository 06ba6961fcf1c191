"""The OpenAPI 3.1 document of the content API.

drf-spectacular documents plain DRF views (the consultation requests endpoint)
by itself. Wagtail's v2 viewsets build their serializers per request, so it cannot
see their responses; this module describes them instead, and derives the schema
of every StreamField from the block definitions, so that each block type is a
member of a discriminated union on ``type`` rather than "any object".
"""

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
from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    TherapyIndexPage,
    TherapyPage,
)
from snippets.blocks import (
    DoctorChooserBlock,
    ReferenceChooserBlock,
    TestimonialChooserBlock,
)

from .filters import MAX_SEARCH_LENGTH, REVIEW_FILTERS

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
        "srcset": {
            "type": "object",
            "description": "One ready-made srcset per format, e.g. srcset.webp.",
            "additionalProperties": STRING,
        },
    },
    description="An image with its renditions at several widths, in WebP and the original format.",
)
DOCTOR_SUMMARY = obj(
    {
        "id": INTEGER,
        "name": {
            "type": "string",
            "description": 'With the honorific, e.g. "Dr. Lana".',
        },
        "credentials": STRING,
        "role": STRING,
        "photo": nullable(ref("Image")),
    }
)
DOCTOR = {
    "allOf": [
        {**DOCTOR_SUMMARY, "additionalProperties": True},
        {
            "type": "object",
            "properties": {
                "honorific": STRING,
                "bio": STRING,
                "specialties": {"type": "array", "items": STRING},
                "languages": {
                    "type": "array",
                    "items": STRING,
                    "description": "ISO 639-1 codes.",
                },
                "registration_number": STRING,
                "locale": STRING,
                "meta": ref("ObjectMeta"),
            },
            "required": [
                "honorific",
                "bio",
                "specialties",
                "languages",
                "registration_number",
                "locale",
                "meta",
            ],
        },
    ]
}
TESTIMONIAL_PROPERTIES = {
    "id": INTEGER,
    "display_name": STRING,
    "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code, or empty."},
    "country_name": STRING,
    "quote": STRING,
    "outcomes": {"type": "array", "items": STRING},
    "video_url": STRING,
    "treatment_date": nullable(DATE),
    "locale": STRING,
}
REFERENCE_PROPERTIES = {
    "id": INTEGER,
    "authors": {
        "type": "array",
        "items": obj({"family_name": STRING, "initials": STRING}),
    },
    "title": STRING,
    "journal": STRING,
    "year": INTEGER,
    "volume": STRING,
    "issue": STRING,
    "pages": STRING,
    "doi": {"type": "string", "description": "Bare DOI (10.xxxx/...), or empty."},
    "doi_url": STRING,
    "pmid": STRING,
    "url": STRING,
    "citation": {
        "type": "string",
        "description": "Formatted citation, Vancouver style.",
    },
}
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
        {"message": STRING}, description="Every error answer of the content API."
    ),
}

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
            return HTML
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


PAGE_TYPES = [
    HomePage,
    ConditionIndexPage,
    ConditionPage,
    TherapyIndexPage,
    TherapyPage,
    ArticleIndexPage,
    ArticlePage,
]

PAGE_META = obj(
    {
        "type": STRING,
        "detail_url": URI,
        "html_url": nullable(URI),
        "slug": STRING,
        "show_in_menus": {"type": "boolean"},
        "seo_title": STRING,
        "search_description": STRING,
        "first_published_at": nullable(DATETIME),
        "alias_of": nullable({"type": "object"}),
        "parent": nullable({"type": "object"}),
        "locale": STRING,
    },
    required=["type", "detail_url"],
)

SEO = obj(
    {
        "title": STRING,
        "description": STRING,
        "canonical_url": nullable(URI),
        "social_image": nullable(ref("Image")),
    }
)
ALTERNATE = obj(
    {"id": INTEGER, "locale": STRING, "title": STRING, "path": nullable(STRING)}
)
MEDICAL_REVIEW = obj(
    {
        "reviewer": nullable(ref("DoctorSummary")),
        "last_reviewed": nullable(DATE),
        "next_review_due": nullable(DATE),
        "is_overdue": {"type": "boolean"},
    }
)
JSON_LD = {
    "type": "string",
    "description": "schema.org JSON-LD (MedicalWebPage, FAQPage) as JSON text, with "
    "<, > and & written as \\u003c, \\u003e and \\u0026: embed it as is in "
    '<script type="application/ld+json">, never re-serialised.',
}
TOC = {"type": "array", "items": obj({"anchor": STRING, "heading": STRING})}
ARTICLE_VIDEO = nullable(
    obj(
        {
            "url": URI,
            "provider": nullable(STRING),
            "video_id": nullable(STRING),
            "embed_url": nullable(URI),
        }
    )
)

# Schemas of the computed page fields, by API field name.
COMPUTED_FIELDS = {
    "seo": ref("Seo"),
    "alternates": {"type": "array", "items": ref("Alternate")},
    "hero_image": nullable(ref("Image")),
    "alternate_names": {"type": "array", "items": STRING},
    "toc": TOC,
    "medical_review": ref("MedicalReview"),
    "references": {"type": "array", "items": ref("NumberedReference")},
    "related_pages": {"type": "array", "items": ref("PageLink")},
    "json_ld": ref("JsonLd"),
    "author": nullable(ref("DoctorSummary")),
    "image": nullable(ref("Image")),
    "video": ARTICLE_VIDEO,
}


def model_field_schema(model, name: str, block_schemas: BlockSchemas) -> dict[str, Any]:
    from django.db import models as dj_models

    from wagtail.fields import RichTextField, StreamField

    if name in COMPUTED_FIELDS:
        return COMPUTED_FIELDS[name]
    field = model._meta.get_field(name)
    if isinstance(field, StreamField):
        return block_schemas.schema(field.stream_block)
    if isinstance(field, RichTextField):
        return HTML
    if isinstance(field, dj_models.DateField):
        return nullable(DATE) if field.null else DATE
    if isinstance(field, dj_models.CharField) and field.choices:
        return {"type": "string", "enum": [value for value, _label in field.choices]}
    if isinstance(field, dj_models.CharField | dj_models.TextField):
        return STRING
    raise TypeError(f"No API schema for {model.__name__}.{name}")


def page_components(components: dict[str, Any]) -> None:
    block_schemas = BlockSchemas(components)
    components.update(
        {
            "PageMeta": PAGE_META,
            "Seo": SEO,
            "Alternate": ALTERNATE,
            "MedicalReview": MEDICAL_REVIEW,
            "JsonLd": JSON_LD,
        }
    )
    for model in PAGE_TYPES:
        properties = {"id": INTEGER, "meta": ref("PageMeta"), "title": STRING}
        for api_field in model.api_fields:
            properties[api_field.name] = model_field_schema(
                model, api_field.name, block_schemas
            )
        type_name = f"{model._meta.app_label}.{model.__name__}"
        components[model.__name__] = obj(
            properties,
            description=f"Detail of a {model._meta.verbose_name} (meta.type = {type_name}).",
        )
    components["PageDetail"] = {"oneOf": [ref(model.__name__) for model in PAGE_TYPES]}
    components["PageListItem"] = {
        "type": "object",
        "description": "A page in a listing: id, meta, title and the fields asked for with ?fields=.",
        "properties": {"id": INTEGER, "meta": ref("PageMeta"), "title": STRING},
        "required": ["id", "meta"],
    }


def listing(item: dict[str, Any]) -> dict[str, Any]:
    return obj(
        {
            "meta": obj({"total_count": INTEGER}),
            "items": {"type": "array", "items": item},
        }
    )


def query(
    name: str, description: str, schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or STRING,
    }


ID_PATH = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 0},
}
PAGINATION = [
    query(
        "limit",
        "Items per page (at most 100).",
        {"type": "integer", "minimum": 0, "maximum": 100},
    ),
    query("offset", "Items to skip.", {"type": "integer", "minimum": 0}),
    query("order", "Field to order by, '-' for descending, or 'random'."),
]
SEARCH = [
    query(
        "search",
        "Full-text search.",
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
    ),
    query(
        "search_operator",
        "How search terms combine.",
        {"type": "string", "enum": ["and", "or"]},
    ),
]
RICH_TEXT_FORMAT = query(
    "rich_text_format",
    "Rich text output format: display-ready, sanitised HTML, the only format the "
    "public API offers (others are refused with a 400).",
    {"type": "string", "enum": ["html"]},
)
PAGE_FILTERS = [
    query(
        "type", 'Page type, e.g. "pages.ConditionPage"; needed to filter on its fields.'
    ),
    query(
        "fields",
        "Extra fields for each item, comma separated (e.g. summary,medical_review); '*' for all.",
    ),
    query("locale", 'Language code, e.g. "de".'),
    query("translation_of", "Id of a page: its translations.", {"type": "integer"}),
    query("child_of", "Id of a parent page, or 'root'."),
    query("descendant_of", "Id of an ancestor page, or 'root'."),
    query("ancestor_of", "Id of a descendant page.", {"type": "integer"}),
    query("site", "Hostname of the site (for multi-site setups)."),
    RICH_TEXT_FORMAT,
] + [
    query(
        name,
        f"Medical review date filter ({lookup.replace('__', ' ').replace('_', ' ')}); ISO date.",
        DATE,
    )
    for name, lookup in REVIEW_FILTERS.items()
]

ERRORS = {
    "400": {
        "description": "Bad parameters.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "404": {
        "description": "Not found (or not public).",
        "content": {"application/json": {"schema": ref("Error")}},
    },
}


def operation(
    op_id: str,
    summary: str,
    tag: str,
    schema: dict[str, Any],
    parameters: list,
    errors=("400",),
) -> dict[str, Any]:
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": schema}},
        }
    }
    responses.update({code: ERRORS[code] for code in errors})
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "tags": [tag],
            "parameters": parameters,
            "responses": responses,
        }
    }


def retrieve(tag: str, summary: str, component: str) -> dict[str, Any]:
    """``GET /<tag>/{id}/``: one object, or 404 when it does not exist or is not public."""
    return operation(
        f"{tag}_retrieve",
        summary,
        tag,
        ref(component),
        [ID_PATH],
        errors=("400", "404"),
    )


def content_paths() -> dict[str, Any]:
    p = API_PREFIX
    return {
        f"{p}pages/": operation(
            "pages_list",
            "List live, public pages",
            "pages",
            listing(ref("PageListItem")),
            PAGINATION + SEARCH + PAGE_FILTERS,
            errors=("400", "404"),  # 404: ?site= names no site
        ),
        f"{p}pages/{{id}}/": operation(
            "pages_retrieve",
            "A page with all its content",
            "pages",
            ref("PageDetail"),
            [
                ID_PATH,
                query("fields", "Fields to include or exclude (-field)."),
                RICH_TEXT_FORMAT,
            ],
            errors=("400", "404"),
        ),
        f"{p}pages/find/": operation(
            "pages_find",
            "Find a page by its frontend path (locale prefix allowed), answered with the page",
            "pages",
            ref("PageDetail"),
            [
                query(
                    "html_path",
                    'Frontend path, e.g. "/conditions/als/" or "/de/conditions/als/".',
                ),
                query("id", "Page id.", {"type": "integer"}),
            ],
            errors=("400", "404"),
        ),
        f"{p}images/": operation(
            "images_list",
            "List public images",
            "images",
            listing(ref("ImageItem")),
            PAGINATION
            + SEARCH
            + [query("fields", "Ignored shape selector (images always come whole).")],
        ),
        f"{p}images/{{id}}/": retrieve(
            "images", "An image with renditions", "ImageItem"
        ),
        f"{p}documents/": operation(
            "documents_list",
            "List public documents",
            "documents",
            listing(ref("Document")),
            PAGINATION + SEARCH + [query("fields", "Extra fields.")],
        ),
        f"{p}documents/{{id}}/": retrieve("documents", "A document", "Document"),
        f"{p}doctors/": operation(
            "doctors_list",
            "List published doctors",
            "doctors",
            listing(ref("Doctor")),
            PAGINATION + SEARCH + [query("locale", "Language code.")],
        ),
        f"{p}doctors/{{id}}/": retrieve("doctors", "A doctor", "Doctor"),
        f"{p}testimonials/": operation(
            "testimonials_list",
            "List published testimonials with valid consent",
            "testimonials",
            listing(ref("TestimonialItem")),
            PAGINATION
            + [
                query("locale", "Language code."),
                query("condition", "Id of a condition page.", {"type": "integer"}),
            ],
        ),
        f"{p}testimonials/{{id}}/": retrieve(
            "testimonials", "A testimonial", "TestimonialItem"
        ),
        f"{p}references/": operation(
            "references_list",
            "List references",
            "references",
            listing(ref("ReferenceItem")),
            PAGINATION + SEARCH,
        ),
        f"{p}references/{{id}}/": retrieve(
            "references", "A reference", "ReferenceItem"
        ),
        f"{p}preview/": preview_operation(),
        f"{p}site/": operation(
            "site_retrieve",
            "Site settings and main navigation",
            "site",
            ref("Site"),
            [query("locale", 'Language code, e.g. "de".'), query("site", "Hostname.")],
            errors=("400", "404"),
        ),
    }


def preview_operation() -> dict[str, Any]:
    unauthorised = {
        "description": "Missing, tampered or expired token.",
        "content": {"application/json": {"schema": ref("Error")}},
    }
    get = operation(
        "preview_retrieve",
        "A draft revision unlocked by a preview token, in the live detail shape",
        "pages",
        ref("PageDetail"),
        [
            {
                "name": "token",
                "in": "query",
                "required": True,
                "description": "The signed token the admin's Preview sent to the frontend.",
                "schema": STRING,
            },
            RICH_TEXT_FORMAT,
        ],
        errors=("400", "404"),
    )
    get["get"]["responses"]["401"] = unauthorised
    return get


def with_meta(schema_ref: str) -> dict[str, Any]:
    return {
        "allOf": [
            ref(schema_ref),
            {
                "type": "object",
                "properties": {"meta": ref("ObjectMeta")},
                "required": ["meta"],
            },
        ]
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
