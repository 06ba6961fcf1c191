"""Reads answered before the rest of the middleware, URL resolution and the
viewset: page details from the rendered pages (``api.materialize``), and any
other URL whose response the cache holds (``api.cache.serve_hit``).

Only requests for JSON as every client asks by default are answered here. A
rendered page answers ``GET``/``HEAD`` of ``/api/v2/pages/<id>/`` without a query
string and of ``/api/v2/pages/find/`` with ``html_path`` alone. Anything else, a
page without a body rendered today, and a URL the cache does not hold go on to
the API view as before. The answer carries the headers the view's would: the
same ETag, ``Last-Modified``, ``Cache-Control``, ``Vary`` and content coding,
and those of the middleware inside this one; the middleware outside adds the
rest (CORS, security headers).
"""

import re
from typing import Any, cast
from urllib.parse import parse_qs

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cms.database import bound_cursor
from cms.transport import encoded_etag, negotiate_encoding

from . import materialize
from .bodies import Recent, local_bodies
from .cache import (
    CACHE_STATUS_HEADER,
    COMMON_JSON_ACCEPTS,
    cache_control,
    response_key,
    serve_hit,
    server_cache_enabled,
)
from .listening import rendered_changes
from .models import RenderedPage

DETAIL = re.compile(r"^/api/v2/pages/([0-9]{1,18})/$")
FIND = "/api/v2/pages/find/"
CONTENT_TYPE = "application/json"
BODY_COLUMNS = {None: "body", "br": "body_br", "gzip": "body_gzip"}
VARY = "Accept, Accept-Encoding"
# The request headers that can make an answer a 304 or a 412.
CONDITIONAL_HEADERS = frozenset(
    {
        "HTTP_IF_MATCH",
        "HTTP_IF_UNMODIFIED_SINCE",
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
    }
)


def requested_path(query_string: str) -> str | None:
    """``html_path`` when it is the only parameter, as the rendered pages store
    paths: one slash between segments, a slash at each end."""
    try:
        query = parse_qs(query_string, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    values = query.get("html_path")
    if len(query) != 1 or values is None or len(values) != 1:
        return None
    if "\x00" in values[0]:
        return None  # the view refuses it (PostgreSQL text cannot hold NUL)
    parts = [part for part in values[0].split("/") if part]
    return "/" + "".join(part + "/" for part in parts)


class RenderedPages:
    """Reads of ``api_renderedpage`` in one round trip, or none: a row's
    validators, with its body in the asked coding unless this process already
    holds that body (the ETag it holds for the URL is sent along) or the request
    is a revalidation, which usually needs no body. Where this process hears of
    every change (``api.listening``), the validators it read last are used
    without asking."""

    table = RenderedPage._meta.db_table
    validators = (
        "r.page_id, r.etag, r.last_modified, r.rendered_on, r.body_br IS NOT NULL"
    )

    def __init__(self, size: int | None = None):
        # The raw ETag of the body this process last served for each URL and
        # coding: an index into ``local_bodies``, which alone holds the bytes.
        self.held: Recent[tuple, str] = Recent(
            size if size is not None else lambda: local_bodies.size
        )
        self.queries = 0

    def hold(self, key: tuple, etag: str) -> None:
        self.held.put(key, etag)

    def body_column(self, key: tuple, skip: bool) -> tuple[str, list]:
        """The select-list item for the body and its parameters: ``NULL`` when
        ``skip`` or when the row's ETag is the one this process holds for
        ``key``; else the body in the coding ``key`` ends with, or the identity
        body where the page is too small to be compressed."""
        column = BODY_COLUMNS[key[-1]]
        coalesced = f"COALESCE(r.{column}, r.body)" if key[-1] else "r.body"
        return (
            f"CASE WHEN %s OR r.etag = %s THEN NULL ELSE {coalesced} END",
            [skip, self.held.get(key) or ""],
        )

    def by_page(self, page_id: int, key: tuple, skip_body: bool):
        known = rendered_changes.row(page_id)
        if known is not None:
            return (*known, None)
        token = rendered_changes.token()
        body, params = self.body_column(key, skip_body)
        with self.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.validators}, {body} FROM {self.table} r "  # noqa: S608
                "WHERE r.page_id = %s AND r.body IS NOT NULL",
                [*params, page_id],
            )
            row = cursor.fetchone()
        if row is not None:
            rendered_changes.keep(token, row[:5])
        return row

    def by_path(self, path: str, hostname: str, port: int, key: tuple, skip_body: bool):
        """As ``Site.find_for_request`` picks a site: the hostname and port, else
        the hostname alone when one site has it, else the default site."""
        place = (path, hostname, port)
        page_id = rendered_changes.page_at(place)
        known = rendered_changes.row(page_id) if page_id is not None else None
        if known is not None:
            return (*known, None)
        token = rendered_changes.token()
        body, params = self.body_column(key, skip_body)
        with self.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.validators}, {body}, "  # noqa: S608
                "s.hostname, s.port, s.is_default_site "
                f"FROM {self.table} r JOIN wagtailcore_site s ON s.id = r.site_id "
                "WHERE r.path = %s AND r.body IS NOT NULL",
                [*params, path],
            )
            rows = cursor.fetchall()
        exact = [row for row in rows if row[6] == hostname and row[7] == port]
        by_host = [row for row in rows if row[6] == hostname]
        default = [row for row in rows if row[8]]
        if exact:
            found = exact[0]
        elif len(by_host) == 1:
            found = by_host[0]
        elif default:
            found = default[0]
        else:
            return None
        rendered_changes.keep(token, found[:5], place)
        return found[:6]

    def cursor(self):
        self.queries += 1
        return bound_cursor(binary=True)

    def body(self, page_id: int, etag: str, encoding: str | None) -> bytes | None:
        column = BODY_COLUMNS[encoding]
        with self.cursor() as cursor:
            cursor.execute(
                f"SELECT {column} FROM {self.table} "  # noqa: S608
                "WHERE page_id = %s AND etag = %s",
                [page_id, etag],
            )
            row = cursor.fetchone()
        return bytes(row[0]) if row and row[0] is not None else None


rendered_pages = RenderedPages()


def skip_health_check() -> bool:
    """Let this request's first query be the connection's health check.

    With ``CONN_HEALTH_CHECKS`` Django checks a persistent connection with a
    ``SELECT 1`` before the first query of each request: a round trip as dear
    as the answer's own read, on every early answer. Marked as done here, the
    read itself finds a dead connection; ``True`` when the caller must then
    drop it. Not inside a transaction (tests), where nothing is retried."""
    wrapper: Any = connection  # Django's stubs lack the health-check flags
    if (
        wrapper.connection is None
        or not wrapper.health_check_enabled
        or wrapper.health_check_done
        or wrapper.in_atomic_block
    ):
        return False
    wrapper.health_check_done = True
    return True


def not_modified(etag: str, last_modified: int) -> HttpResponse:
    """The 304 Django makes of the full answer (``get_conditional_response``):
    the headers RFC 9110 keeps, in its order, without building the 200 first."""
    response = HttpResponseNotModified()
    response["Cache-Control"] = cache_control()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Vary"] = VARY
    return response


def with_inner_headers(response: HttpResponse) -> HttpResponse:
    """What the middleware inside this one adds to the view's answer
    (clickjacking, locale, common)."""
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    response["Content-Language"] = settings.LANGUAGE_CODE
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


class EarlyAnswersMiddleware:
    """Rendered pages first, then any response the cache holds for the URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.answer(request) or self.get_response(request)

    def answer(self, request: HttpRequest) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(
            "/api/v2/"
        ):
            return None
        if request.META.get("HTTP_ACCEPT", "*/*").strip() not in COMMON_JSON_ACCEPTS:
            return None
        rendered_changes.start()  # also what lets cms.configuration keep reads
        own_check = skip_health_check()
        queries = rendered_pages.queries
        try:
            response = self.rendered_page(request) or self.cached(request)
        except (OperationalError, InterfaceError):
            if not own_check:
                raise
            # The persistent connection died while idle (a database restart):
            # dropped, so that the view's path connects anew (or answers 503).
            connection.close()
            return None
        if response is None and own_check and rendered_pages.queries == queries:
            # Nothing was read here after all: the view's first query checks.
            cast(Any, connection).health_check_done = False
        return with_inner_headers(response) if response is not None else None

    def cached(self, request: HttpRequest) -> HttpResponse | None:
        """A hit of the response cache, as the viewset would serve it."""
        if not server_cache_enabled():
            return None
        try:
            key = response_key(request, CONTENT_TYPE)
        except DisallowedHost:
            return None
        hit, _stale = serve_hit(request, key)
        return hit

    def rendered_page(self, request: HttpRequest) -> HttpResponse | None:
        if not materialize.enabled():
            return None
        wanted = negotiate_encoding(request)
        revalidation = not CONDITIONAL_HEADERS.isdisjoint(request.META)
        found = self.lookup(request, wanted, revalidation)
        if found is None:
            return None
        key, row = found
        page_id, raw_etag, last_modified, rendered_on, compressed, fetched = row
        if rendered_on != timezone.localdate():
            return None  # review and consent status may have changed overnight
        encoding = wanted if compressed else None
        etag = encoded_etag(raw_etag, encoding)
        if revalidation:
            # Decided once, before anything else is built.
            conditional = get_conditional_response(
                request, etag=etag, last_modified=last_modified
            )
            if conditional is not None and conditional.status_code == 304:
                return not_modified(etag, last_modified)
            if conditional is not None:
                return conditional  # 412, bare, as Django answers it
        if fetched is not None:
            stored: bytes | None = bytes(fetched)
        else:  # held by this process (unless dropped since), or a revalidation
            stored = local_bodies.get(etag) or rendered_pages.body(
                page_id, raw_etag, encoding
            )
        if stored is None:
            return None  # re-rendered since the first read
        local_bodies.add(etag, stored)
        rendered_pages.hold(key, raw_etag)
        response = HttpResponse(stored, content_type=CONTENT_TYPE)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = cache_control()
        response[CACHE_STATUS_HEADER] = "hit"
        if encoding:
            response["Content-Encoding"] = encoding
        response["Vary"] = VARY  # what patch_vary_headers gives a new response
        return response

    def lookup(self, request: HttpRequest, wanted: str | None, revalidation: bool):
        """``(key, row)``: the URL's key in ``rendered_pages.held`` and its rendered
        row (validators and, where needed, the body), or ``None``."""
        if not request.path.startswith("/api/v2/pages/"):
            return None
        match = DETAIL.match(request.path)
        if match is not None:
            if request.META.get("QUERY_STRING"):
                return None
            key: tuple = (int(match[1]), wanted)
            row = rendered_pages.by_page(key[0], key, revalidation)
            return None if row is None else (key, row)
        if request.path != FIND:
            return None
        path = requested_path(request.META.get("QUERY_STRING", ""))
        if path is None:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        hostname, _, port = host.partition(":")
        if not port:
            port = "443" if request.is_secure() else "80"
        if not port.isdigit():
            return None
        key = (path, hostname, int(port), wanted)
        row = rendered_pages.by_path(path, hostname, int(port), key, revalidation)
        return None if row is None else (key, row)
