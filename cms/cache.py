"""A Redis cache that a failing Redis cannot slow down for long.

A Redis that accepts connections and never answers costs each cache call its full
socket timeout, and an API request makes several calls (the response cache, its
generations, the rate limits): with django-redis alone that added up to 10–12 s
per request. Here the first failure opens a *circuit breaker*: for
``CIRCUIT_BREAKER_SECONDS`` every call returns at once as a cache miss, without
touching the network; then one call is let through to see whether Redis is back.
So a request spends at most one socket timeout on a broken Redis, and only the
first request of each period does.

Every failure is logged and answered as a miss (what ``IGNORE_EXCEPTIONS`` does),
so the API serves from the database and rate limits fail open.
"""

import logging
import socket
import threading
import time
from typing import Any

from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, socket.timeout, OSError)
DEFAULT_BREAKER_SECONDS = 30


class CircuitBreaker:
    """Open for ``seconds`` after a failure; half-open (one trial call) after."""

    def __init__(self, seconds: float, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.open_until = 0.0
        self.lock = threading.Lock()

    def allows_call(self) -> bool:
        with self.lock:
            now = self.clock()
            if now < self.open_until:
                return False
            if self.open_until:
                # Half-open: this call is the trial; the others wait for its outcome.
                self.open_until = now + self.seconds
            return True

    def succeeded(self) -> None:
        with self.lock:
            self.open_until = 0.0

    def failed(self) -> None:
        with self.lock:
            self.open_until = self.clock() + self.seconds

    @property
    def is_open(self) -> bool:
        return self.clock() < self.open_until


class CircuitBreakerRedisCache(RedisCache):
    """django-redis's ``RedisCache`` behind a ``CircuitBreaker``.

    ``OPTIONS["CIRCUIT_BREAKER_SECONDS"]`` sets how long a failure keeps Redis
    out of the way (30 s by default).
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        seconds = options.pop("CIRCUIT_BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        # Failures reach _guarded, which logs them and answers a miss.
        self._ignore_exceptions = False
        self.breaker = CircuitBreaker(seconds)

    def _guarded(self, name: str, fallback, *args, **kwargs):
        if not self.breaker.allows_call():
            return fallback
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self.breaker.failed()
            logger.warning(
                "Redis unavailable (%s: %s); cache off for %s s",
                name,
                error,
                self.breaker.seconds,
            )
            return fallback
        except RedisError as error:
            logger.warning("Redis error ignored (%s: %s)", name, error)
            return fallback
        self.breaker.succeeded()
        return result

    def get(self, key, default=None, version=None, client=None):
        return self._guarded(
            "get", default, key, default=default, version=version, client=client
        )

    def get_many(self, keys, version=None, client=None):
        return self._guarded("get_many", {}, keys, version=version, client=client)

    def has_key(self, key, version=None, client=None):
        return self._guarded("has_key", False, key, version=version, client=client)

    def set(self, *args, **kwargs):
        return self._guarded("set", False, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._guarded("add", False, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._guarded("set_many", list(data), data, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._guarded("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guarded("delete", False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guarded("delete_many", 0, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._guarded("incr", None, *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._guarded("decr", None, *args, **kwargs)

    def clear(self):
        return self._guarded("clear", False)
