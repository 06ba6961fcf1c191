"""Schemas of the schema.org JSON-LD that medical pages carry (``pages.structured_data``).

Only the node types the API emits are described, each closed and discriminated on
``@type``, so that a frontend reads ``reviewedBy`` or ``citation`` without a cast.
"""

from typing import Any

from pages.medical_codes import CODE_SYSTEMS

from .components import DATE, DATETIME, STRING, URI, obj, ref

SCHEMA_CONTEXT = "https://schema.org"
CODING_SYSTEMS = [system.schema_org for system in CODE_SYSTEMS.values()]


def node(type_name: str, properties: dict[str, Any], optional=(), **extra):
    """A JSON-LD node: ``@type`` fixed to ``type_name``; ``optional`` keys may be left out."""
    properties = {"@type": {"const": type_name}, **properties}
    required = [name for name in properties if name not in optional]
    return obj(properties, required=required, **extra)


def discriminated(*components: str) -> dict[str, Any]:
    """One of the named node components, told apart by their ``@type``."""
    return {
        "oneOf": [ref(name) for name in components],
        "discriminator": {
            "propertyName": "@type",
            "mapping": {
                JSON_LD_TYPES[name]: f"#/components/schemas/{name}"
                for name in components
            },
        },
    }


# Component name -> the schema.org type the node carries in "@type".
JSON_LD_TYPES = {
    "JsonLdMedicalWebPage": "MedicalWebPage",
    "JsonLdFAQPage": "FAQPage",
    "JsonLdMedicalCondition": "MedicalCondition",
    "JsonLdMedicalTherapy": "MedicalTherapy",
    "JsonLdMedicalCode": "MedicalCode",
    "JsonLdPhysician": "Physician",
    "JsonLdScholarlyArticle": "ScholarlyArticle",
    "JsonLdPerson": "Person",
    "JsonLdPeriodical": "Periodical",
    "JsonLdQuestion": "Question",
    "JsonLdAnswer": "Answer",
}


def about(type_name: str) -> dict[str, Any]:
    return node(
        type_name,
        {
            "name": STRING,
            "alternateName": {"type": "array", "items": STRING, "minItems": 1},
        },
        optional=["alternateName"],
    )


JSON_LD_COMPONENTS: dict[str, dict[str, Any]] = {
    "JsonLd": obj(
        {
            "@context": {"const": SCHEMA_CONTEXT},
            "@graph": {
                "type": "array",
                "items": discriminated("JsonLdMedicalWebPage", "JsonLdFAQPage"),
            },
        },
        description="schema.org JSON-LD of a medical page: a MedicalWebPage, and an "
        "FAQPage when the page has FAQ blocks. To embed it, use json_ld_script.",
    ),
    "JsonLdScript": {
        "type": "string",
        "contentMediaType": "application/ld+json",
        "description": "The page's json_ld as JSON text, with <, > and & written as "
        "\\u003c, \\u003e and \\u0026: embed it as is in "
        '<script type="application/ld+json">, never re-serialised.',
    },
    "JsonLdMedicalWebPage": node(
        "MedicalWebPage",
        {
            "@id": URI,
            "url": URI,
            "name": STRING,
            "description": STRING,
            "inLanguage": STRING,
            "about": discriminated("JsonLdMedicalCondition", "JsonLdMedicalTherapy"),
            "reviewedBy": ref("JsonLdPhysician"),
            "lastReviewed": DATE,
            "dateModified": DATETIME,
            "citation": {
                "type": "array",
                "items": ref("JsonLdScholarlyArticle"),
                "minItems": 1,
            },
        },
        # A review is claimed only for reviewed text; citations only when there are any.
        optional=["reviewedBy", "lastReviewed", "dateModified", "citation"],
    ),
    "JsonLdMedicalCondition": node(
        "MedicalCondition",
        {
            "name": {
                "type": "string",
                "description": "The condition's medical name (medical_name).",
            },
            "alternateName": {"type": "array", "items": STRING, "minItems": 1},
            "code": {
                "type": "array",
                "items": ref("JsonLdMedicalCode"),
                "minItems": 1,
            },
        },
        optional=["alternateName", "code"],
    ),
    "JsonLdMedicalCode": node(
        "MedicalCode",
        {
            "codeValue": STRING,
            "codingSystem": {"type": "string", "enum": CODING_SYSTEMS},
        },
    ),
    "JsonLdMedicalTherapy": about("MedicalTherapy"),
    "JsonLdPhysician": node(
        "Physician",
        {"name": STRING, "honorificSuffix": STRING, "jobTitle": STRING},
        optional=["honorificSuffix", "jobTitle"],
    ),
    "JsonLdScholarlyArticle": node(
        "ScholarlyArticle",
        {
            "headline": STRING,
            "author": {"type": "array", "items": ref("JsonLdPerson")},
            "datePublished": {"type": "string", "description": "The year."},
            "citation": STRING,
            "isPartOf": ref("JsonLdPeriodical"),
            "sameAs": URI,
        },
        optional=["isPartOf", "sameAs"],
    ),
    "JsonLdPerson": node("Person", {"name": STRING}),
    "JsonLdPeriodical": node("Periodical", {"name": STRING}),
    "JsonLdFAQPage": node(
        "FAQPage",
        {
            "@id": URI,
            "url": URI,
            "mainEntity": {"type": "array", "items": ref("JsonLdQuestion")},
        },
    ),
    "JsonLdQuestion": node(
        "Question", {"name": STRING, "acceptedAnswer": ref("JsonLdAnswer")}
    ),
    "JsonLdAnswer": node("Answer", {"text": ref("Html")}),
}
