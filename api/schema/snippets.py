"""Schemas of the snippets: doctors, testimonials and references."""

from .components import DATE, INTEGER, STRING, nullable, obj, object_meta, ref

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


DOCTOR = obj(
    {
        **DOCTOR_SUMMARY["properties"],
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
        "meta": object_meta("snippets.Doctor"),
    },
    description="A doctor: the summary every chooser shows, and the full profile.",
)
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
