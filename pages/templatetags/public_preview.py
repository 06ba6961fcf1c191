"""Template filters of the admin's readable preview: the public-content rules of
the API, applied by the same functions (``page_is_public``, ``image_is_public``,
``doctor_is_public``, ``testimonial_is_public``) to the HTML the CMS renders."""

from urllib.parse import urlsplit

from django import template
from django.utils.safestring import SafeString, mark_safe

from snippets.representations import (
    doctor_is_public,
    image_is_public,
    testimonial_awaits_approval,
    testimonial_is_public,
)

from ..representations import page_is_public
from ..sanitise import public_html

register = template.Library()

SAFE_LINK_SCHEMES = ("http", "https", "mailto", "tel")


@register.filter
def public_richtext(value) -> SafeString:
    """Rich text (a ``RichText`` or a stored HTML string) as the API's ``html``."""
    source = getattr(value, "source", value)
    return mark_safe(public_html(source or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def public_page(page) -> bool:
    return page_is_public(page)


# The same filter as the snippets' previews (snippets.templatetags.snippet_preview).
register.filter("public_image", image_is_public)


@register.filter
def public_doctor(doctor) -> bool:
    return doctor_is_public(doctor)


@register.filter
def testimonial_state(testimonial) -> str:
    """``"public"``, ``"awaiting"`` (consent on record, not approved yet) or ``""``
    (never shown: no consent, revoked, or a video without video consent)."""
    if testimonial_is_public(testimonial):
        return "public"
    if testimonial_awaits_approval(testimonial):
        return "awaiting"
    return ""


@register.filter
def safe_url(url) -> str:
    """``url`` if it is a web, mail or phone link or a path, else ``""``."""
    url = str(url or "").strip()
    if not url:
        return ""
    scheme = urlsplit(url).scheme.lower()
    if scheme in SAFE_LINK_SCHEMES or (not scheme and url.startswith("/")):
        return url
    return ""
