"""Headless preview: short-lived signed tokens that let the frontend fetch one draft.

A token names one page and one of its revisions and is signed with the project's
secret key (``TimestampSigner``, own salt). It expires after
``PREVIEW_TOKEN_MAX_AGE`` seconds. The admin's "Preview" hands a token for the page's
latest saved revision to the frontend configured for the site
(``ClinicSettings.preview_url``); the frontend exchanges it at ``/api/v2/preview/``
for the draft in the live JSON shape. Without a frontend, the preview shows a
readable rendering of the content instead.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.template.response import TemplateResponse

from wagtail.models import Page, Revision, Site

from .representations import citation_numbers, numbered_references
from .sanitise import numbering_citations

SALT = "pages.preview.token"
CONTENT_MODE = "content"


class PreviewTokenError(Exception):
    """The preview token cannot be used."""


class PreviewTokenInvalid(PreviewTokenError):
    """Missing, malformed or tampered with."""


class PreviewTokenExpired(PreviewTokenError):
    """Correctly signed, but older than ``PREVIEW_TOKEN_MAX_AGE``."""


class PreviewNotFound(PreviewTokenError):
    """The token is valid but its page or revision no longer exists."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_preview_token(page: Page, revision: Revision) -> str:
    """A token that unlocks ``revision`` of ``page``, and nothing else."""
    if page.pk is None or revision.pk is None:
        raise ValueError("Only a saved page and revision can be previewed.")
    if revision.base_content_type_id != page.get_base_content_type().pk or str(
        revision.object_id
    ) != str(page.pk):
        raise ValueError(f"Revision {revision.pk} is not a revision of page {page.pk}.")
    return _signer().sign_object({"page": page.pk, "revision": revision.pk})


def read_preview_token(
    token: str | None, max_age: int | None = None
) -> tuple[int, int]:
    """``(page_id, revision_id)`` from a token, or a ``PreviewTokenError``."""
    if not token:
        raise PreviewTokenInvalid("A preview token is required.")
    if max_age is None:
        max_age = settings.PREVIEW_TOKEN_MAX_AGE
    try:
        data = _signer().unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise PreviewTokenExpired("The preview token has expired.") from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise PreviewTokenInvalid("The preview token is not valid.") from error
    if not (
        isinstance(data, dict)
        and type(data.get("page")) is int
        and type(data.get("revision")) is int
    ):
        raise PreviewTokenInvalid("The preview token is not valid.")
    return data["page"], data["revision"]


def preview_object(token: str | None) -> Page:
    """The draft a token unlocks: its revision as a specific page object."""
    page_id, revision_id = read_preview_token(token)
    page = Page.objects.filter(pk=page_id).first()
    revision = (
        Revision.page_revisions.filter(pk=revision_id, object_id=str(page_id)).first()
        if page
        else None
    )
    if revision is None:
        raise PreviewNotFound("The page or revision of this preview no longer exists.")
    draft = revision.as_object()
    # Publication dates belong to the page, not to one revision: a preview of the
    # live revision is then exactly the live page.
    draft.first_published_at = page.first_published_at
    draft.last_published_at = page.last_published_at
    return draft


def frontend_preview_base(page: Page, request) -> str:
    """The frontend preview address configured for the page's site, or ``""``."""
    from .models import ClinicSettings

    site = (page.get_site() if page.pk else None) or Site.find_for_request(request)
    if site is None:
        return ""
    return ClinicSettings.for_site(site).preview_url


def with_token(url: str, token: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "token"]
    query.append(("token", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def serve_preview(page: Page, request, mode_name: str):
    """The admin preview of a page: the frontend, or a readable rendering."""
    from .models import MedicalPage

    base_url = "" if mode_name == CONTENT_MODE else frontend_preview_base(page, request)
    if base_url:
        revision = (
            Revision.page_revisions.filter(object_id=str(page.pk))
            .order_by("-created_at", "-id")
            .first()
            if page.pk
            else None
        )
        url = (
            with_token(base_url, make_preview_token(page, revision)) if revision else ""
        )
        return TemplateResponse(
            request,
            "pages/preview/frontend.html",
            {"page": page, "revision": revision, "preview_url": url},
        )
    is_medical = isinstance(page, MedicalPage)
    response = TemplateResponse(
        request,
        "pages/preview/page.html",
        {
            "page": page,
            "is_medical": is_medical,
            "references": numbered_references(page) if is_medical else [],
            "request": request,
        },
    )
    # Rendered here, inside the page's citation numbers (the API's, see
    # ``numbered_references``), not later by the response machinery.
    with numbering_citations(lambda: citation_numbers(page)):
        return response.render()
