"""Schemas of the page types and their computed fields."""

from collections.abc import Iterable
from typing import Any

from pages.medical_codes import CODE_SYSTEMS
from pages.models import PAGE_TYPES
from review.status import ReviewStatus

from .blocks import BlockSchemas
from .components import DATE, DATETIME, INTEGER, STRING, URI, nullable, obj, ref
from .json_ld import JSON_LD_COMPONENTS


def page_type_name(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


PAGE_TYPE = {
    "type": "string",
    "enum": [page_type_name(model) for model in PAGE_TYPES],
    "description": "A page type: the page model's app label and class name.",
}


# A page named in another page's meta (its parent, the page it is an alias of).
PAGE_STUB = obj(
    {
        "id": INTEGER,
        "meta": obj(
            {"type": ref("PageType"), "detail_url": URI, "html_url": nullable(URI)}
        ),
        "title": STRING,
    }
)


# The page's path on its site's frontend; null for a page no site serves.
PAGE_PATH = {
    **nullable(STRING),
    "description": "Path of the page on the frontend, with its language prefix "
    "(e.g. /de/conditions/als/); append it to the frontend's base URL.",
}


# Wagtail's meta fields of a page, in the order it writes them.
META_FIELDS: dict[str, dict[str, Any]] = {
    "type": ref("PageType"),
    "detail_url": URI,
    "html_url": nullable(URI),
    "slug": STRING,
    "show_in_menus": {"type": "boolean"},
    "seo_title": STRING,
    "search_description": STRING,
    "first_published_at": nullable(DATETIME),
    "alias_of": nullable(ref("PageStub")),
    "parent": nullable(ref("PageStub")),
    "locale": STRING,
    "direction": ref("TextDirection"),
}
# Only in a page's detail (Wagtail's ``detail_only_fields``).
DETAIL_ONLY_META = ("parent", "direction")


SEO = obj(
    {
        "title": STRING,
        "description": STRING,
        "canonical_url": nullable(URI),
        "social_image": nullable(ref("Image")),
    }
)


ALTERNATE = obj(
    {
        "id": INTEGER,
        "locale": {
            **STRING,
            "description": "A language code, or x-default: the version in the "
            "default language, listed last when there are other languages.",
        },
        "title": STRING,
        "path": nullable(STRING),
        "url": nullable(URI),
    },
    description="A live, public version of the page in another language (never "
    "a draft or restricted one).",
)


TRANSLATION = obj(
    {
        "source_locale": {
            "type": "string",
            "description": "The language of the page this one is translated from.",
        },
        "source_revision": nullable(
            {
                "type": "integer",
                "description": "The source page's revision the translation was "
                "last synced with.",
            }
        ),
        "status": {
            "type": "string",
            "enum": ["current", "outdated"],
            "description": "current: in step with the published source; outdated: "
            "the source was published with changes since the last sync.",
        },
    },
    description="The translation's sync state (wagtail-localize); null for a "
    "page that is not a translation.",
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


MEDICAL_CODE = obj(
    {
        "system": {"type": "string", "enum": list(CODE_SYSTEMS)},
        "value": {
            "type": "string",
            "description": "The code as its system writes it, e.g. G12.21 (ICD-10), "
            "8B60.0 (ICD-11), 86044005 (SNOMED-CT), D000690 (MeSH).",
        },
    },
    description="A condition's code in a medical terminology.",
)


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
    "translation": nullable(ref("Translation")),
    "hero_image": nullable(ref("Image")),
    "alternate_names": {"type": "array", "items": STRING},
    "codes": {"type": "array", "items": ref("MedicalCode")},
    "toc": TOC,
    "medical_review": ref("MedicalReview"),
    "references": {"type": "array", "items": ref("NumberedReference")},
    "related_pages": {"type": "array", "items": ref("PageLink")},
    "json_ld": ref("JsonLd"),
    "json_ld_script": ref("JsonLdScript"),
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
        return ref("Html")
    if isinstance(field, dj_models.DateField):
        return nullable(DATE) if field.null else DATE
    if isinstance(field, dj_models.CharField) and field.choices:
        return {"type": "string", "enum": [value for value, _label in field.choices]}
    if isinstance(field, dj_models.CharField | dj_models.TextField):
        return STRING
    raise TypeError(f"No API schema for {model.__name__}.{name}")


def page_meta(
    type_name: str, names: Iterable[str], required: Iterable[str] = ()
) -> dict[str, Any]:
    """The ``meta`` object of one page type: ``type`` fixed to that type."""
    properties = {
        name: schema
        for name, schema in {**META_FIELDS, "type": {"const": type_name}}.items()
        if name in names
    }
    return obj(properties, required=[name for name in properties if name in required])


def discriminated_union(components: dict[str, str]) -> dict[str, Any]:
    """One of ``components`` (type value -> component name), chosen by ``type``."""
    return {
        "oneOf": [ref(name) for name in components.values()],
        "discriminator": {
            "propertyName": "type",
            "mapping": {
                value: f"#/components/schemas/{name}"
                for value, name in components.items()
            },
        },
    }


def page_components(components: dict[str, Any]) -> None:
    """One detail and one listing item schema per page type, and the unions of them.

    Every page object carries its type at the top level (``type``, also in
    ``meta.type``), so that a validator picks exactly one member and TypeScript
    narrows ``switch (page.type)``: condition and therapy pages, or the index pages,
    share a shape and only the type tells them apart.
    """
    block_schemas = BlockSchemas(components)
    components.update(
        {
            "PageType": PAGE_TYPE,
            "PageStub": PAGE_STUB,
            "Seo": SEO,
            "Alternate": ALTERNATE,
            "Translation": TRANSLATION,
            "MedicalReview": MEDICAL_REVIEW,
            "MedicalCode": MEDICAL_CODE,
            **JSON_LD_COMPONENTS,
        }
    )
    details, items = {}, {}
    for model in PAGE_TYPES:
        name, type_name = model.__name__, page_type_name(model)
        fields = {
            api_field.name: model_field_schema(model, api_field.name, block_schemas)
            for api_field in model.api_fields
        }
        components[f"{name}Meta"] = page_meta(type_name, META_FIELDS, META_FIELDS)
        components[name] = obj(
            {
                "id": INTEGER,
                "type": {"const": type_name},
                "path": PAGE_PATH,
                "meta": ref(f"{name}Meta"),
                "title": STRING,
                **fields,
            },
            description=f"Detail of a {model._meta.verbose_name}.",
        )
        # A listing leaves out ``parent`` and ``direction``; ``?fields=`` only
        # adds fields, so id, type, meta and title are always there.
        components[f"{name}ListItemMeta"] = page_meta(
            type_name, [field for field in META_FIELDS if field not in DETAIL_ONLY_META]
        )
        components[f"{name}ListItem"] = obj(
            {
                "id": INTEGER,
                "type": {"const": type_name},
                "path": PAGE_PATH,
                "meta": ref(f"{name}ListItemMeta"),
                "title": STRING,
                **fields,
            },
            required=["id", "type", "path", "meta", "title"],
            description=f"A {model._meta.verbose_name} in a listing: id, path, meta "
            f"(type, detail_url, html_url, slug, first_published_at, locale), "
            f"title, and the fields ?fields= asks for (with ?type={type_name}).",
        )
        details[type_name], items[type_name] = name, f"{name}ListItem"
    components["PageDetail"] = discriminated_union(details)
    components["PageListItem"] = discriminated_union(items)
