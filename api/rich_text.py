"""Rich text in the public API: one format, display HTML, sanitised.

Wagtail's v2 API offers four formats. ``db_html`` and ``db_markdown`` carry the ids
of every page, document and image a text links to (drafts and private collections
included), and ``markdown`` resolves links to any page, draft or restricted, without
the rules of ``pages.rich_text.PublicPageLinkHandler``; its converter also fails
with a server error on malformed stored HTML. The public API therefore offers
``html`` only and refuses the others with a 400.
"""

from django.http import HttpRequest

from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.utils import BadRequestError

from pages.sanitise import public_html

PUBLIC_RICH_TEXT_FORMATS = ("html",)


def public_rich_text_format(request: HttpRequest) -> str:
    """The ``?rich_text_format=`` of a public API request, or a ``BadRequestError``."""
    requested = request.GET.get("rich_text_format")
    if requested is None:
        return APIRichText.resolve_format(None)
    if requested not in PUBLIC_RICH_TEXT_FORMATS:
        allowed = ", ".join(PUBLIC_RICH_TEXT_FORMATS)
        raise BadRequestError(f"rich_text_format must be one of: {allowed}")
    return requested


def _serialize_public_html(value: str, *, features: list[str] | None = None) -> str:
    return public_html(value)


def sanitise_api_html() -> None:
    """Make the API's ``html`` format go through ``pages.rich_text.public_html``.

    ``RichTextField`` values (``RichTextFieldSerializer``) and every
    ``RichTextBlock`` (``get_api_representation``) serialise through
    ``APIRichText``; replacing its ``html`` serializer is the one place that covers
    both, and any rich text block added later.
    """
    APIRichText._serialize_html = staticmethod(_serialize_public_html)
