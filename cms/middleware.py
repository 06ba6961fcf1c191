"""Project-wide middleware: security headers on the API, and a clear answer when the
database is down.

``DatabaseUnavailableMiddleware`` turns a lost database connection into ``503``
with ``Retry-After`` (JSON under ``/api/``), never a hang or an HTML error page:
a frontend or a patient's browser then knows to try again later. It catches the
error whether a view raised it (``process_exception``) or a middleware after the
view did (``got_request_exception``, e.g. the redirects middleware looking up a
``404``). Connection attempts end after ``DATABASE_CONNECT_TIMEOUT`` seconds
(``cms/settings/base.py``).

``ApiJsonErrorsMiddleware`` makes sure every error under ``/api/`` is JSON in the
API's one shape (``api/errors.py``).

``ApiSecurityHeadersMiddleware`` sends a ``Content-Security-Policy`` with every
response under ``/api/``: JSON is never a document to run, so nothing may load
from it; the Swagger UI page gets a policy that lets it load its own files only.

``CookieFreeApiMiddleware`` drops the cookies of every request under ``/api/``
before sessions or users are read: the API answers a signed-in editor, or a browser
that unlocked a password view restriction, exactly as it answers anyone, so what it
answers is safe for shared caches.

``PreviewSecurityHeadersMiddleware`` does the same for the admin's previews (the
only HTML of content the CMS host renders): no script may run, no search engine
may index them, no cache may keep them.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
API_DOCS_PREFIX = "/api/docs/"
# Headers an error keeps when its body is replaced by JSON.
KEPT_ERROR_HEADERS = ("Retry-After", "Allow", "Cache-Control", "Vary")
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_MARK = "_database_unavailable"


def retry_after() -> int:
    return settings.DATABASE_UNAVAILABLE_RETRY_AFTER


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """``503`` with ``Retry-After``; JSON for the API, plain text elsewhere."""
    seconds = retry_after()
    message = (
        "The service is temporarily unavailable. Nothing was saved; "
        f"please try again in {seconds} seconds."
    )
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"message": message}, status=503)
    else:
        response = HttpResponse(message, status=503, content_type="text/plain")
    response["Retry-After"] = str(seconds)
    # An outage must not be stored by a CDN or a browser as the answer.
    response["Cache-Control"] = "no-store"
    return response


def mark_database_outage(sender, request=None, **kwargs) -> None:
    """``got_request_exception`` receiver: remember that this request's uncaught
    exception was a lost database connection."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_OUTAGE_ERRORS):
        setattr(request, OUTAGE_MARK, True)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(
            mark_database_outage, dispatch_uid="cms.middleware.mark_database_outage"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, OUTAGE_MARK, False):
            return service_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_OUTAGE_ERRORS):
            logger.error(
                "Database unavailable on %s %s: %s",
                request.method,
                request.path,
                exception,
            )
            return service_unavailable(request)
        return None


class ApiSecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            policy = (
                settings.API_DOCS_CONTENT_SECURITY_POLICY
                if request.path.startswith(API_DOCS_PREFIX)
                else settings.API_CONTENT_SECURITY_POLICY
            )
            response.setdefault("Content-Security-Policy", policy)
            response.setdefault("X-Content-Type-Options", "nosniff")
        return response


def is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiJsonErrorsMiddleware:
    """The last word on errors under ``/api/``: one that is not JSON yet (Django's
    CSRF failure, a lockout, a view that rendered HTML) becomes
    ``{"message": ...}`` with the same status. The Swagger UI page is a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or request.path.startswith(API_DOCS_PREFIX)
            or is_json(response)
        ):
            return response
        replacement = JsonResponse(
            {"message": response.reason_phrase.lower()}, status=response.status_code
        )
        for header in KEPT_ERROR_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement


class CookieFreeApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        request.META.pop("HTTP_COOKIE", None)
        request.COOKIES = {}
        response = self.get_response(request)
        response.cookies.clear()
        return response


class PreviewSecurityHeadersMiddleware:
    """Headers of every admin preview, view-draft and revision rendering.

    Wagtail renders a preview through the whole middleware chain with a dummy
    request that it marks ``is_preview``; pages and snippets alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            response["Content-Security-Policy"] = (
                settings.PREVIEW_CONTENT_SECURITY_POLICY
            )
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Cache-Control"] = "private, no-store"
            response.setdefault("X-Content-Type-Options", "nosniff")
        return response
