"""Configuration that nearly every public read needs and that seldom changes (the
sites, the locales, the view restrictions, the frontend URLs), kept in this process
while something vouches that it hears of every change to it.

Without a voucher (SQLite, the listener off or not yet connected, a transaction
under way) ``read`` loads every time, as a request would on its own. With one
(``api.listening`` on PostgreSQL: triggers notify when any table these reads come
from changes), the first read keeps its value and later reads use it until the
voucher calls ``forget``. A read that was under way when a change was heard of
never keeps what it read: ``forget`` counts, and a value is kept only if nothing
was forgotten between the start of its load and its end.

Values are shared by every thread of the process, so loaders return immutable
values (tuples, frozensets, read-only mappings) or plain data to build fresh
objects from.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# Keys are few (a handful of tables, each site's host and port); the bound only
# stops requests for endless host names from growing the process.
MAX_KEYS = 512
# What ``read_for`` keeps in a request's context, beside the key.
CONTEXT_SLOT = "configuration"


def never() -> bool:
    return False


class ProcessConfiguration:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[Hashable, Any] = {}
        self._forgotten = 0
        self._vouched: Callable[[], bool] = never

    def vouched_by(self, predicate: Callable[[], bool]) -> None:
        """``predicate()`` is true while this process hears of every change."""
        self._vouched = predicate

    def read(self, key: Hashable, load: Callable[[], T]) -> T:
        if not self._vouched():
            return load()
        with self._lock:
            if key in self._values:
                return self._values[key]
            started = self._forgotten
        value = load()
        with self._lock:
            if (
                started == self._forgotten
                and len(self._values) < MAX_KEYS
                and self._vouched()
            ):
                self._values[key] = value
        return value

    def read_for(
        self,
        context: dict | None,
        key: str,
        load: Callable[[], Any],
        build: Callable[[Any], Any] | None = None,
    ) -> Any:
        """``read``, once a request: the value, or what ``build`` makes of it for
        this request alone (objects the request may change), kept in the
        request's ``context`` (a serializer context) until it ends."""
        slot = (CONTEXT_SLOT, key)
        if context is not None and slot in context:
            return context[slot]
        value = self.read(key, load)
        if build is not None:
            value = build(value)
        if context is not None:
            context[slot] = value
        return value

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def forget(self) -> None:
        with self._lock:
            self._forgotten += 1
            self._values.clear()


configuration = ProcessConfiguration()
