"""The rendered bodies the response cache stores: what is kept per URL, and this
process's copies of the most recently served ones (``api.cache`` decides, on every
request, which of them is current)."""

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

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


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """The ``size`` most recently used entries of a mapping; the least recently
    used goes first. ``size`` is read on every ``put`` when it is a callable (a
    setting tests change)."""

    def __init__(self, size: int | Callable[[], int]):
        self._size = size
        self.entries: OrderedDict[K, V] = OrderedDict()

    @property
    def size(self) -> int:
        return self._size() if callable(self._size) else self._size

    def get(self, key: K) -> V | None:
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        size = self.size
        if not size:
            return
        self.entries[key] = value
        self.entries.move_to_end(key)
        while len(self.entries) > size:
            self.entries.popitem(last=False)

    def pop(self, key: K) -> None:
        self.entries.pop(key, None)

    def clear(self) -> None:
        self.entries.clear()


class LocalBodies(Recent[str, bytes]):
    """The most recently served bodies of this process, by the ETag of their
    representation (each content coding has its own).

    A body is only ever used for the ETag it belongs to, so it cannot be stale:
    the shared cache still decides, on every request, which ETag is current. This
    saves moving and unpickling the body on every hit. ``API_LOCAL_BODIES`` of
    them are kept; 0 keeps none (``make bench``'s cold rows).
    """

    def __init__(self, size: int | None = None):
        super().__init__(self.setting if size is None else size)

    @staticmethod
    def setting() -> int:
        return getattr(settings, "API_LOCAL_BODIES", 128)

    def add(self, etag: str, body: bytes) -> None:
        self.put(etag, body)


local_bodies = LocalBodies()


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
