"""Plain functions that turn snippets (and the images they share with pages) into
API dicts. Blocks, ``api_fields`` and tests call these, so one object has one
shape everywhere.
"""

import os
from typing import Any, TypeGuard, cast

from django.conf import settings
from django.db.models import Q
from django.utils import translation

from wagtail.images.models import AbstractImage, AbstractRendition, Filter
from wagtail.models import Collection, CollectionViewRestriction

from django_countries.fields import Country

from cms.configuration import configuration

from .models import Doctor, Reference, Testimonial

# Widths offered to frontends in srcset; never upscaled past the original.
RENDITION_WIDTHS = (480, 960, 1600)

ORIGINAL_FORMATS = {
    "jpeg": "jpeg",
    "jpg": "jpeg",
    "png": "png",
    "webp": "webp",
    "gif": "png",
}


def _absolute(url: str) -> str:
    from django.conf import settings

    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILAPI_BASE_URL.rstrip("/") + url


def rendition_specs(image: AbstractImage) -> list[tuple[str, int, str]]:
    """``(filter_spec, width, format)`` for every rendition offered for ``image``."""
    extension = os.path.splitext(image.file.name)[1].lstrip(".").lower()
    original_format = ORIGINAL_FORMATS.get(extension, "jpeg")
    widths = sorted({min(width, image.width) for width in RENDITION_WIDTHS})
    formats = ["webp"] if original_format == "webp" else ["webp", original_format]
    return [
        (f"width-{width}|format-{fmt}", width, fmt)
        for fmt in formats
        for width in widths
    ]


_FILTERS: dict[str, Filter] = {}


def _filter(spec: str) -> Filter:
    """One parsed Filter per spec for the process: parsing a spec (which Wagtail
    does for each image when given a string) costs more than finding a rendition."""
    if spec not in _FILTERS:
        _FILTERS[spec] = Filter(spec=spec)
    return _FILTERS[spec]


def rendition_filters(image: AbstractImage) -> list[Filter]:
    return [_filter(spec) for spec, _width, _fmt in rendition_specs(image)]


def renditions_of(image: AbstractImage, filters: list[Filter]) -> dict[str, Any]:
    """``image.get_renditions(*filters)``, with the missing ones made one at a
    time. Wagtail makes several in three threads at once, each decoding its own
    copy of the original: on the demo's 20 images the process's peak memory grew
    by 60 MB that way, by 27 MB one at a time, in about the same time. The
    background worker makes most renditions (the first render of a page with a
    new image) and must stay small (docs/benchmarks.md)."""
    if image._get_prefetched_renditions() is None:
        # Not preloaded (the API preloads them): looking twice would cost a query.
        return image.get_renditions(*filters)
    found = image.find_existing_renditions(*filters)
    missing = [f for f in filters if f not in found]
    if not missing:
        # All preloaded: what get_renditions would return, without looking again.
        return {f.spec: found[f] for f in filters}
    for one in missing:
        image.get_renditions(one)  # Wagtail's own path for a single one
    return image.get_renditions(*filters)


def _rendition_dict(rendition: AbstractRendition, fmt: str) -> dict[str, Any]:
    return {
        "url": _absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "format": fmt,
    }


def restricted_collection_ids(context: dict | None = None) -> frozenset[int]:
    """Collections under a view restriction, with their descendants; once per
    request (once per process while ``cms.configuration`` can keep it)."""
    return configuration.read_for(
        context, "restricted_collection_ids", _restricted_collection_ids
    )


def _restricted_collection_ids() -> frozenset[int]:
    paths = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )
    if not paths:
        return frozenset()
    matching = Q()
    for path in paths:
        matching |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(matching).values_list("pk", flat=True))


def image_is_public(
    image: AbstractImage | None, context: dict | None = None
) -> TypeGuard[AbstractImage]:
    return image is not None and image.collection_id not in restricted_collection_ids(
        context
    )


_REPRESENTATIONS_KEY = "_snippet_representations"


def once_per_request(function, obj, context: dict | None, *args: Any):
    """``function(obj, *args, context)``, worked out once per object and request (an
    image, doctor or linked page shown on every page of a listing): each caller
    gets its own copy of the dict's top level, so that adding a key (the site
    endpoint's menu children) changes only its copy."""
    if context is None or obj is None:
        return function(obj, *args, context)
    cache = context.setdefault(_REPRESENTATIONS_KEY, {})
    key = (function, obj.pk, id(obj), *args)
    if key not in cache:
        cache[key] = function(obj, *args, context)
    found = cache[key]
    return None if found is None else dict(found)


def image_representation(
    image: AbstractImage | None,
    alt: str = "",
    context: dict | None = None,
    fallback_alt: str = "",
) -> dict[str, Any] | None:
    """An image with alt text, size, focal point, renditions and ready-made srcsets.

    The alt text is ``alt`` (the text the page gives for it), else the image's alt
    text in the active language (``language_alt_text``), else ``fallback_alt``,
    else the image's description.

    Images in a view-restricted collection come out as ``None``: the public API
    never shows them, wherever they are used.
    """
    # The language is part of the key: the alt text depends on it, and a listing
    # serialises each page in its own language.
    language = translation.get_language() or settings.LANGUAGE_CODE
    return once_per_request(
        _image_representation, image, context, alt, fallback_alt, language
    )


def _image_representation(
    image: AbstractImage | None,
    alt: str,
    fallback_alt: str,
    _language: str,
    context: dict | None,
) -> dict[str, Any] | None:
    if not image_is_public(image, context):
        return None
    specs = rendition_specs(image)
    renditions = renditions_of(image, rendition_filters(image))
    by_format: dict[str, list[dict[str, Any]]] = {}
    for spec, _width, fmt in specs:
        by_format.setdefault(fmt, []).append(_rendition_dict(renditions[spec], fmt))
    focal_point = None
    if image.has_focal_point():
        focal_point = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    flat = [item for items in by_format.values() for item in items]
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt
        or language_alt_text(image)
        or fallback_alt
        or image.description
        or "",
        "width": image.width,
        "height": image.height,
        "focal_point": focal_point,
        "renditions": flat,
        "srcset": {
            fmt: ", ".join(f"{item['url']} {item['width']}w" for item in items)
            for fmt, items in by_format.items()
        },
    }


def language_alt_text(image: AbstractImage) -> str:
    """The image's alt text in the active language: a page's own while the page is
    serialised (``ClinicPageSerializer``), ``LANGUAGE_CODE`` elsewhere in the API.
    Alt texts come with the image when ``preload_pages`` loaded it."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for alt_text in image.alt_texts.all():
        if alt_text.locale.language_code == language:
            return alt_text.text
    return ""


def reference_is_public(reference: Reference | None) -> TypeGuard[Reference]:
    """A reference is cited publicly once a reviewer approved it (it is live)."""
    return bool(reference and reference.live)


def doctor_is_public(doctor: Doctor | None) -> TypeGuard[Doctor]:
    return bool(doctor and doctor.live)


def doctor_summary(
    doctor: Doctor | None, context: dict | None = None
) -> dict[str, Any] | None:
    """A doctor as shown on cards: review boxes, calls to action, author lines."""
    return once_per_request(_doctor_summary, doctor, context)


def _doctor_summary(
    doctor: Doctor | None, context: dict | None
) -> dict[str, Any] | None:
    if not doctor_is_public(doctor):
        return None
    return {
        "id": doctor.pk,
        "name": doctor.display_name,
        "credentials": doctor.credentials,
        "role": doctor.role,
        "photo": image_representation(
            doctor.photo, alt=doctor.display_name, context=context
        ),
    }


def doctor_detail(doctor: Doctor, context: dict | None = None) -> dict[str, Any]:
    summary = doctor_summary(doctor, context)
    if summary is None:
        raise ValueError(f"doctor {doctor.pk} is not published")
    return {
        **summary,
        "honorific": doctor.honorific,
        "bio": doctor.bio,
        "specialties": sorted(tag.name for tag in doctor.specialties.all()),
        "languages": list(doctor.languages or []),
        "registration_number": doctor.registration_number,
        "locale": doctor.locale.language_code,
    }


def testimonial_is_public(testimonial: Testimonial | None) -> TypeGuard[Testimonial]:
    return bool(testimonial and testimonial.live and testimonial.has_valid_consent)


def testimonial_awaits_approval(testimonial: Testimonial | None) -> bool:
    """Consent on record and valid today, but not published through the consent
    task yet: a preview may show it, marked, so that reviewers see what is coming.
    A testimonial without consent, or whose consent was revoked, never qualifies."""
    return bool(testimonial and not testimonial.live and testimonial.has_valid_consent)


def testimonial_representation(
    testimonial: Testimonial | None, context: dict | None = None
) -> dict[str, Any] | None:
    """A testimonial, or ``None`` unless it is published with valid consent today."""
    if not testimonial_is_public(testimonial):
        return None
    # django-countries' descriptor returns a Country; the type stubs see a CharField.
    country = cast(Country, testimonial.country)
    return {
        "id": testimonial.pk,
        "display_name": testimonial.display_name,
        "country": country.code or "",
        "country_name": country.name or "",
        "quote": testimonial.quote,
        "outcomes": [child.value for child in testimonial.outcomes],
        "video_url": testimonial.video_url or "",
        "treatment_date": testimonial.treatment_date,
        "locale": testimonial.locale.language_code,
    }


def reference_representation(
    reference: Reference | None, context: dict | None = None
) -> dict[str, Any] | None:
    """A reference as structured data plus its formatted (Vancouver) citation; the
    approved (live) version only."""
    if not reference_is_public(reference):
        return None
    return {
        "id": reference.pk,
        "authors": [
            {"family_name": author.family_name, "initials": author.initials}
            for author in reference.authors.all()
        ],
        "title": reference.title,
        "journal": reference.journal,
        "year": reference.year,
        "volume": reference.volume or "",
        "issue": reference.issue or "",
        "pages": reference.pages or "",
        "doi": reference.doi or "",
        "doi_url": reference.doi_url or "",
        "pmid": reference.pmid or "",
        "url": reference.url or "",
        "citation": reference.citation,
    }
