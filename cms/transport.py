"""How API responses travel: content coding (gzip, brotli) and ``Vary``.

Compression is opt-in, never a blanket middleware, because of BREACH: a compressed
body whose length an attacker can watch leaks any secret it holds next to text
the attacker chose. So only responses that are the same for everyone and hold no
secret are compressed:

- the content API's cached responses (``api.cache``), which compresses each body
  once per encoding and keeps the result: a cache hit never compresses;
- the public documents that ``COMPRESSED_PATHS`` lists (the OpenAPI document and
  its Swagger UI page), through ``CompressionMiddleware``.

Never the patient request endpoints (their answers carry a form token or a
receipt next to what the client sent), draft previews (per token), errors, or
anything outside ``/api/`` (the admin's pages hold CSRF tokens and echo searches).
Bodies under ``COMPRESSION_MIN_LENGTH`` bytes are sent as they are: they fit in a
packet or two anyway.

Each encoding is its own representation, with its own strong ``ETag``
(``"<hash>-br"``, ``"<hash>-gzip"``), so ``If-None-Match`` keeps working with
strong comparison; Django's ``GZipMiddleware`` would instead weaken the ETag.

``ApiVaryMiddleware`` makes ``Vary`` under ``/api/`` name what the answer depends
on, and nothing else (docs/api.md, "Vary"): it removes the dimensions no answer
there depends on (``VARY_IGNORED_UNDER_API``), so that a shared cache keeps one copy
per real variant instead of one per browser language, and adds ``Accept`` to JSON
that DRF rendered, whose indentation ``Accept: application/json; indent=2`` sets.
"""

import gzip
import re
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

import brotli
from rest_framework.renderers import JSONRenderer

API_PREFIX = "/api/"
# Most preferred first: brotli is ~6% smaller than gzip at the same cost here.
ENCODINGS = ("br", "gzip")
# Both cost about 5 ms for the 48 kB ALS page; brotli's top quality (11) saves
# another 12% for 35 times the time, too slow for the request that misses.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Cookies are dropped from every request under /api/ before anything reads them
# (cms.middleware.CookieFreeApiMiddleware); Django's LocaleMiddleware fixes the
# language of every URL without a language prefix, as /api/ is, to LANGUAGE_CODE,
# but still adds Accept-Language to Vary.
VARY_IGNORED_UNDER_API = frozenset({"cookie", "accept-language"})


def accepted_qualities(header: str) -> dict[str, float]:
    """``Accept-Encoding`` as ``{coding: q}``; a malformed q counts as 0."""
    qualities: dict[str, float] = {}
    for item in header.split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        if not coding:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[coding.lower()] = quality
    return qualities


def negotiate_encoding(request: HttpRequest) -> str | None:
    """The content coding to answer ``request`` with, ``None`` for identity.

    The best ``q`` wins; brotli wins a tie. ``*`` stands for a coding the client
    did not name; ``q=0`` refuses one. No header means identity (RFC 9110 12.5.3).
    """
    qualities = accepted_qualities(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    best, best_quality = None, 0.0
    for encoding in ENCODINGS:
        quality = qualities.get(encoding, qualities.get("*", 0.0))
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


def compress(body: bytes, encoding: str) -> bytes:
    """``body`` in ``encoding``; gzip without a timestamp, so the same body always
    gives the same bytes, on every server."""
    if encoding == "br":
        return brotli.compress(body, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY)
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    raise ValueError(f"unknown content coding: {encoding}")


def worth_compressing(length: int) -> bool:
    return length >= settings.COMPRESSION_MIN_LENGTH


def encoded_etag(etag: str, encoding: str | None) -> str:
    """The strong ETag of a representation: the identity's, marked with its coding."""
    if encoding is None or not etag.endswith('"') or etag.startswith("W/"):
        return etag
    return f'{etag[:-1]}-{encoding}"'


def remove_vary(response: HttpResponse, ignored: Iterable[str]) -> None:
    if not response.has_header("Vary"):
        return
    ignored = {name.lower() for name in ignored}
    kept = [
        name
        for name in cc_delim_re.split(response["Vary"])
        if name and name.lower() not in ignored
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class CompressionMiddleware:
    """Compresses the public documents of ``COMPRESSED_PATHS`` (regular
    expressions on the path) for clients that accept it. What arrives already
    encoded (the content API, from its cache) passes through."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = [re.compile(pattern) for pattern in settings.COMPRESSED_PATHS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 200
            or response.streaming
            or response.has_header("Content-Encoding")
            or not any(path.match(request.path) for path in self.paths)
        ):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        encoding = negotiate_encoding(request)
        if encoding is None or not worth_compressing(len(response.content)):
            return response
        response.content = compress(response.content, encoding)
        response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(response.content))
        if response.has_header("ETag"):
            response["ETag"] = encoded_etag(response["ETag"], encoding)
        return response


class ApiVaryMiddleware:
    """``Vary`` under ``/api/`` names what the answer depends on, and only that."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            remove_vary(response, VARY_IGNORED_UNDER_API)
            if isinstance(getattr(response, "accepted_renderer", None), JSONRenderer):
                patch_vary_headers(response, ["Accept"])
        return response
