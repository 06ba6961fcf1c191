"""HTTP caching and a shared cache of rendered API responses.

Every anonymous ``GET``/``HEAD`` answered with JSON gets a strong ``ETag`` (a hash
of the body), ``Last-Modified`` and ``Cache-Control``; ``If-None-Match`` and
``If-Modified-Since`` are answered with ``304``. The rendered body is kept in the
Django cache (Redis in production, local memory in development), so that every app
server sharing that Redis answers from it.

Bodies are kept in each content coding a client asked for (``cms.transport``):
the identity body under ``<key>:body``, the brotli one under ``<key>:body:br``, and
so on, each with its own ETag. A hit serves the stored bytes and never compresses.

Invalidation works with *generations*: each cached response records a token for
each tag it depends on (``all``, ``listings`` or ``page:<id>``), and is served only
while every tag still has that token. Changing content gives the affected tags new
tokens (``invalidate``). The tokens live in the database (``CacheGeneration``),
written in the transaction that changes the content and read once per request: a
publish from any process (another worker, ``publish_scheduled``, a shell) is seen
by every server the moment it commits, whatever the cache backend (docs/api.md,
"Freshness").
"""

import hashlib
import math
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from rest_framework.exceptions import NotAcceptable
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from cms.transport import (
    compress,
    encoded_etag,
)

from .bodies import (
    RENDERING_ATTRIBUTE,
    CachedResponse,
    body_key,
    local_bodies,
    strong_etag,
)
from .models import CacheGeneration
from .negotiation import JSONContentNegotiation
from .tags import ALL, LISTINGS, page_tag

__all__ = ["ALL", "LISTINGS", "page_tag"]  # where the views and handlers take them

if TYPE_CHECKING:
    # The mixin goes in front of Wagtail's API viewsets, whose methods its own
    # call with super(). Wagtail ships no types, so to mypy this base is opaque;
    # the attributes the mixin reads are declared on it with DRF's types.
    from wagtail.api.v2.views import BaseAPIViewSet as ViewSetBase
else:
    ViewSetBase = object

RESPONSE_PREFIX = "api:response:"
CACHE_STATUS_HEADER = "X-API-Cache"
COMMON_JSON_ACCEPTS = frozenset({"", "*/*", "application/json"})


def setting(name: str):
    """An ``API_CACHE_*`` setting (cms/settings/base.py), with its default."""
    return getattr(settings, name, DEFAULTS[name])


DEFAULTS = {
    "API_CACHE_ALIAS": "default",
    "API_RESPONSE_CACHE": True,
    "API_RESPONSE_CACHE_TIMEOUT": 24 * 3600,
    "API_CACHE_MAX_AGE": 60,
    "API_CACHE_STALE_WHILE_REVALIDATE": 300,
    "API_CACHE_S_MAXAGE": None,
}


def response_cache():
    return caches[setting("API_CACHE_ALIAS")]


def server_cache_enabled() -> bool:
    return setting("API_RESPONSE_CACHE")


def cache_control() -> str:
    parts = ["public", f"max-age={setting('API_CACHE_MAX_AGE')}"]
    if setting("API_CACHE_S_MAXAGE") is not None:
        parts.append(f"s-maxage={setting('API_CACHE_S_MAXAGE')}")
    if setting("API_CACHE_STALE_WHILE_REVALIDATE"):
        parts.append(
            f"stale-while-revalidate={setting('API_CACHE_STALE_WHILE_REVALIDATE')}"
        )
    return ", ".join(parts)


def new_token() -> str:
    return uuid.uuid4().hex


def invalidate(tags: Iterable[str]) -> None:
    """Give ``tags`` new generations: responses that depend on them are stale.

    Written in the caller's transaction (a publish, a snippet save): other
    processes see the new generations when it commits, together with the content.
    Rows are written in tag order, so that two concurrent publishes lock them in
    the same order and never deadlock.
    """
    tags = sorted(set(tags))
    if tags:
        token = new_token()
        CacheGeneration.objects.bulk_create(
            [CacheGeneration(tag=tag, token=token) for tag in tags],
            update_conflicts=True,
            unique_fields=["tag"],
            update_fields=["token"],
        )


def current_generations(tags: Iterable[str]) -> dict[str, str]:
    """One indexed read: the generation of each tag (``""`` if it never changed)."""
    tags = set(tags)
    found = dict(
        CacheGeneration.objects.filter(tag__in=tags).values_list("tag", "token")
    )
    return {tag: found.get(tag, "") for tag in tags}


def response_key(request: HttpRequest, media_type: str) -> str:
    """Full URL (scheme, host, path, query string), renderer and today's date:
    consent and review status depend on the date, so responses expire at midnight."""
    identity = "\n".join(
        [
            request.scheme or "",
            request.get_host(),
            request.get_full_path(),
            media_type,
            timezone.localdate().isoformat(),
        ]
    )
    return RESPONSE_PREFIX + hashlib.sha256(identity.encode()).hexdigest()


def lookup(key: str, tags: Iterable[str] = ()):
    """``(current, stale)``: the cached response (without its body) if it is
    current, else the outdated one (its dates help date the next one). One
    round trip to the cache and one indexed read of the generations."""
    entry = response_cache().get(key)
    if not isinstance(entry, CachedResponse):
        return None, None
    generations = current_generations({*tags, *entry.generations})
    if not entry.is_current(generations):
        return None, entry
    return entry, None


def serve_hit(request: HttpRequest, key: str, tags: Iterable[str] = ()):
    """``(response, stale)``: the answer from the cache (a ``304`` when the
    client's validators match), or ``None`` and the outdated entry if any.
    Also called before the viewset (``api.early``): a stored entry names every
    tag it depends on."""
    entry, stale = lookup(key, tags)
    if entry is None:
        return None, stale
    encoding = entry.encoding_for(request)
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        not_modified = respond(request, entry, b"", encoding, "hit")
        if not_modified.status_code == 304:
            return not_modified, None
    body = load_body(key, entry, encoding)
    if body is None:
        return None, entry
    return respond(request, entry, body, encoding, "hit"), None


def load_body(
    key: str, entry: CachedResponse, encoding: str | None = None
) -> bytes | None:
    """The body of ``entry`` in ``encoding``: this process's copy, else the
    shared cache's (one round trip for a body this process has not served
    yet). A coding nobody asked for yet is made once from the identity body
    and stored beside it; ``None`` if the identity body is lost too."""
    etag = encoded_etag(entry.etag, encoding)
    body = local_bodies.get(etag)
    if body is not None:
        return body
    body = checked_body(response_cache().get(body_key(key, encoding)), etag)
    if body is None and encoding is not None:
        identity = load_body(key, entry)
        if identity is None:
            return None
        body = compress(identity, encoding)
        response_cache().set(
            body_key(key, encoding),
            (etag, body),
            timeout=setting("API_RESPONSE_CACHE_TIMEOUT"),
        )
    if body is not None:
        local_bodies.add(etag, body)
    return body


def checked_body(stored, etag: str) -> bytes | None:
    """The stored body if it is the one ``etag`` names (two servers may have
    written the keys of a URL at the same time)."""
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == etag:
        return stored[1]
    return None


def respond(
    request,
    entry: CachedResponse,
    body: bytes,
    encoding: str | None,
    status: str,
):
    """``body`` is already in ``encoding``; each coding has its own ETag."""
    use_cache = status != "off"
    etag = encoded_etag(entry.etag, encoding)
    response = HttpResponse(body, content_type=entry.content_type)
    response["ETag"] = etag
    if encoding:
        response["Content-Encoding"] = encoding
    if use_cache:
        response["Last-Modified"] = http_date(entry.last_modified)
    response["Cache-Control"] = cache_control()
    response[CACHE_STATUS_HEADER] = status
    # Accept: "application/json; indent=4" asks DRF for indented JSON.
    patch_vary_headers(response, ["Accept", "Accept-Encoding"])
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=entry.last_modified if use_cache else None,
        response=response,
    )


class CachedResponseMixin(ViewSetBase):
    """For API viewsets: HTTP validators and the shared response cache.

    ``cache_tags()`` names what a response depends on before it is computed; a view
    adds what it learns while computing with ``add_cache_tags()``, e.g. the page
    that ``find/`` resolved.
    """

    # Only these actions are public and the same for everyone; any other (a
    # draft preview, say) passes through untouched.
    cached_actions = frozenset(
        {
            "listing_view",
            "detail_view",
            "find_view",
            "site_view",
            "redirect_view",
            "sitemap_view",
        }
    )
    # Set by DRF: the router's method-to-action map, the view's renderers.
    action_map: dict[str, str]
    renderer_classes: Sequence[type[BaseRenderer]]

    def cache_tags(self, action: str | None, kwargs: dict) -> list[str]:
        """What a response depends on, known before it is computed."""
        return [ALL, LISTINGS]

    def dispatch(self, request, *args, **kwargs):
        self.extra_generations: dict[str, str] = {}
        self.generations_read: dict[str, str] = {}
        action = self.action_map.get(request.method.lower())
        if getattr(request, RENDERING_ATTRIBUTE, False):
            # The background worker renders a page (api.materialize).
            return super().dispatch(request, *args, **kwargs)
        media_type = self._cacheable_media_type(request)
        if media_type is None or action not in self.cached_actions:
            return super().dispatch(request, *args, **kwargs)

        use_cache = server_cache_enabled()
        stale = None
        if use_cache:
            tags = self.cache_tags(action, kwargs)
            key = response_key(request, media_type)
            hit, stale = serve_hit(request, key, tags)
            if hit is not None:
                return hit

        # Generations are read before the response is computed: a change made
        # meanwhile leaves the stored response stale, as it should. Nothing is
        # written until the response proves worth storing.
        generations = current_generations(tags) if use_cache else {}
        # For what the view keeps by the same generations (api.counts).
        self.generations_read = generations
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response.render()
        entry = self._entry_from(
            response, stale, {**generations, **self.extra_generations}
        )
        encoding = entry.encoding_for(request)
        body = compress(response.content, encoding) if encoding else response.content
        if use_cache:
            stored = CachedResponse(**{**vars(entry), "body": None})
            bodies = {key: stored, body_key(key): (entry.etag, response.content)}
            if encoding:
                etag = encoded_etag(entry.etag, encoding)
                bodies[body_key(key, encoding)] = (etag, body)
                local_bodies.add(etag, body)
            response_cache().set_many(
                bodies, timeout=setting("API_RESPONSE_CACHE_TIMEOUT")
            )
            local_bodies.add(entry.etag, response.content)
        return respond(request, entry, body, encoding, "miss" if use_cache else "off")

    def add_cache_tags(self, *tags: str) -> None:
        """Tags a view learns while answering (read now, before it serialises)."""
        if server_cache_enabled():
            self.extra_generations.update(current_generations(tags))

    def _cacheable_media_type(self, request) -> str | None:
        """The negotiated media type for a cacheable request, else ``None``."""
        if request.method not in ("GET", "HEAD"):
            return None
        if (
            "format" not in request.GET
            and request.META.get("HTTP_ACCEPT", "*/*").strip() in COMMON_JSON_ACCEPTS
        ):
            return "application/json"  # what DRF negotiates for these, sooner
        renderers = [renderer() for renderer in self.renderer_classes]
        try:
            renderer, media_type = JSONContentNegotiation().select_renderer(
                Request(request), renderers
            )
        except NotAcceptable:
            return None
        return media_type if isinstance(renderer, JSONRenderer) else None

    def _entry_from(
        self,
        response: Response,
        stale: CachedResponse | None,
        generations: dict[str, str],
    ) -> CachedResponse:
        body = response.content
        etag = strong_etag(body)
        # Last-Modified is when this body was produced. A new body in the same
        # second as the previous one still gets a later date than it had.
        last_modified = math.ceil(time.time())
        if stale is not None and stale.etag != etag:
            last_modified = max(last_modified, stale.last_modified + 1)
        elif stale is not None:
            last_modified = stale.last_modified
        return CachedResponse(
            content_type=response["Content-Type"],
            etag=etag,
            last_modified=last_modified,
            generations=dict(generations),
            body=body,
            length=len(body),
        )
