"""The rendered bodies the response cache stores: what is kept per URL, and this
process's copies of the most recently served ones (``api.cache`` decides, on every
request, which of them is current)."""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from cms.transport import negotiate_encoding, worth_compressing

# Set on the requests the background worker renders pages with
# (``api.materialize``): the API view then renders without consulting or
# filling the response cache.
RENDERING_ATTRIBUTE = "_materializing"


@dataclass
class CachedResponse:
    """What is stored per URL. The body is stored under its own key (with its ETag,
    checked on read), so that a revalidation that ends in a 304 never fetches it.
    ``length`` (of the identity body) decides whether it is sent compressed."""

    content_type: str
    etag: str
    last_modified: int
    generations: dict[str, str]
    body: bytes | None = None
    length: int = 0

    def encoding_for(self, request: HttpRequest) -> str | None:
        """The content coding this body is sent in to ``request``."""
        return negotiate_encoding(request) if worth_compressing(self.length) else None

    def is_current(self, generations: dict[str, str]) -> bool:
        return all(
            generations.get(tag) == token for tag, token in self.generations.items()
        )


def body_key(key: str, encoding: str | None = None) -> str:
    return key + ":body" + (f":{encoding}" if encoding else "")


class LocalBodies:
    """The most recently served bodies of this process, by the ETag of their
    representation (each content coding has its own).

    A body is only ever used for the ETag it belongs to, so it cannot be stale:
    the shared cache still decides, on every request, which ETag is current. This
    saves moving and unpickling the body on every hit.
    """

    def __init__(self, size: int | None = None):
        self._size = size
        self.bodies: OrderedDict[str, bytes] = OrderedDict()

    @property
    def size(self) -> int:
        """``API_LOCAL_BODIES`` unless given; 0 keeps none (``make bench``'s cold
        rows)."""
        if self._size is not None:
            return self._size
        return getattr(settings, "API_LOCAL_BODIES", 128)

    def get(self, etag: str) -> bytes | None:
        body = self.bodies.get(etag)
        if body is not None:
            self.bodies.move_to_end(etag)
        return body

    def add(self, etag: str, body: bytes) -> None:
        if not self.size:
            return
        self.bodies[etag] = body
        self.bodies.move_to_end(etag)
        while len(self.bodies) > self.size:
            self.bodies.popitem(last=False)


local_bodies = LocalBodies()


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
