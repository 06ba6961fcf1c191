"""Schemas of the page types and their computed fields."""

from typing import Any

from pages.models import PAGE_TYPES
from review.status import ReviewStatus

from .blocks import BlockSchemas
from .components import DATE, DATETIME, HTML, INTEGER, STRING, URI, nullable, obj, ref

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
        "status": {
            "type": "string",
            "enum": ReviewStatus.values,
            "description": "reviewed: a doctor approved the text shown; "
            "changed_since_review: the text changed after the last review "
            "(last_reviewed and reviewer describe that earlier review); "
            "review_overdue: the approved text is past its next review date; "
            "never_reviewed: no medical review yet.",
        },
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
COMPUTED_FIELDS: dict[str, dict[str, Any]] = {
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
