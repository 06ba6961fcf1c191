"""This process's news of changes to the rendered pages, on PostgreSQL: what lets
``api.early`` answer a cached read or a revalidation without a query.

A trigger (migration ``api/0004``) sends ``NOTIFY api_rendered`` when a rendered row
changes in anything an early answer reads: the page's id, followed by `` path``
when the row came, went, or changed its path or site; ``*`` when every row may
have changed (a site edited, the table emptied). Others (``api/0005``) send
``config`` when what ``cms.configuration`` keeps may have changed: a view
restriction, a collection, a locale, the clinic settings, a page created, deleted
or moved (its tree path, URL path, translation key or locale changed). While the
thread is trusted, the process keeps that configuration too (``*`` and a
reconnection forget it as well). A daemon thread in each process
LISTENs on a connection of its own. The early answers keep the validators of the
rows they read (``RenderedChanges.rows``) and the page each found path led to
(``paths``), and answer from them while the thread is known to be listening:

- each notification drops what it names as soon as it arrives;
- a heartbeat every ``HEARTBEAT`` seconds proves that the connection still
  receives them; what is kept is trusted for ``TRUSTED_FOR`` seconds after the
  last one, so a connection that dies quietly costs at most that, never a
  removed page served for long;
- a reconnection drops everything (notifications sent meanwhile are lost);
- a row read before a change but kept after its notification is never kept:
  ``generation`` counts notifications, and a read keeps its row only if none
  arrived while it was under way.

Inside a transaction (tests) nothing is kept or used: the process may see its
own writes, which no notification has announced yet. SQLite has no LISTEN:
every read goes to the database, as it does while the thread is not trusted.
"""

import logging
import os
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connection

import psycopg

from cms.configuration import configuration

from .bodies import Recent

logger = logging.getLogger(__name__)

CHANNEL = "api_rendered"
EVERYTHING = "*"
CONFIGURATION = "config"
PATH_CHANGED = "path"
HEARTBEAT = 1.0
TRUSTED_FOR = 3.0
RECONNECT_AFTER = 2.0


def listening_enabled() -> bool:
    """``API_CHANGE_LISTENER`` on PostgreSQL."""
    return connection.vendor == "postgresql" and getattr(
        settings, "API_CHANGE_LISTENER", True
    )


class RenderedChanges:
    """The rows and paths this process read, kept while a thread hears of every
    change to them."""

    def __init__(self, size: int = 4096):
        self.lock = threading.Lock()
        self.rows: Recent[int, tuple] = Recent(size)  # page id → validators
        # (path, hostname, port) → page id
        self.paths: Recent[tuple, int] = Recent(size)
        self.generation = 0
        self.trusted_until = 0.0
        self.heard = 0  # notifications, for tests and ``bench``
        self._pid: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    # The request's side.

    def trusted(self) -> bool:
        return (
            self._pid == os.getpid()
            and time.monotonic() < self.trusted_until
            and not connection.in_atomic_block
        )

    def start(self) -> None:
        """Start listening in this process, once (again after a fork)."""
        if self._pid == os.getpid() or not listening_enabled():
            return
        with self.lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._forget_everything()
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._listen,
                args=(self._connection_params(),),
                name="api-rendered-changes",
                daemon=True,
            )
            self._thread.start()

    def stop(self, timeout: float = 2 * HEARTBEAT + 1) -> None:
        """Stop the thread and forget everything (tests: before the database
        they listen to is dropped)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        with self.lock:
            self._pid = None
            self._thread = None
            self._forget_everything()

    def token(self) -> int:
        """Taken before a read; ``keep`` refuses the row if anything was heard since."""
        return self.generation

    def row(self, page_id: int) -> tuple | None:
        if not self.trusted():
            return None
        with self.lock:
            return self.rows.get(page_id)

    def page_at(self, place: tuple) -> int | None:
        if not self.trusted():
            return None
        with self.lock:
            return self.paths.get(place)

    def keep(self, token: int, row: tuple, place: tuple | None = None) -> None:
        """Keep a row read from the database (and the path that found it)."""
        if not self.trusted():
            return
        with self.lock:
            if token != self.generation:
                return
            self.rows.put(row[0], row)
            if place is not None:
                self.paths.put(place, row[0])

    # The thread's side.

    def heard_of(self, payload: str) -> None:
        with self.lock:
            self.generation += 1
            self.heard += 1
            if payload in (EVERYTHING, CONFIGURATION):
                configuration.forget()
            if payload == CONFIGURATION:
                return
            if payload == EVERYTHING:
                self.rows.clear()
                self.paths.clear()
                return
            page_id, _, what = payload.partition(" ")
            self.rows.pop(int(page_id))
            if what == PATH_CHANGED:
                self.paths.clear()

    def _forget_everything(self) -> None:
        self.generation += 1
        self.trusted_until = 0.0
        self.rows.clear()
        self.paths.clear()
        configuration.forget()

    @staticmethod
    def _connection_params() -> dict[str, Any]:
        params = connection.get_connection_params()
        for django_only in ("cursor_factory", "context", "prepare_threshold"):
            params.pop(django_only, None)
        # A connection that dies without a word (a network partition) is noticed
        # within seconds, not at the kernel's default of two hours.
        params.setdefault("keepalives", 1)
        params.setdefault("keepalives_idle", 5)
        params.setdefault("keepalives_interval", 2)
        params.setdefault("keepalives_count", 2)
        params["application_name"] = "api-rendered-changes"
        return params

    def _listen(self, params: dict[str, Any]) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(autocommit=True, **params) as listener:
                    listener.execute(f"LISTEN {CHANNEL}")
                    with self.lock:
                        self._forget_everything()
                    while not self._stop.is_set():
                        with self.lock:
                            self.trusted_until = time.monotonic() + TRUSTED_FOR
                        for notice in listener.notifies(timeout=HEARTBEAT):
                            self.heard_of(notice.payload)
                        # Proves the connection alive: notifications would still come.
                        listener.execute("SELECT 1")
            except (psycopg.Error, OSError, ValueError) as error:
                logger.warning("Listening for rendered page changes failed: %s", error)
            with self.lock:
                self._forget_everything()
            self._stop.wait(RECONNECT_AFTER)


rendered_changes = RenderedChanges()
configuration.vouched_by(rendered_changes.trusted)
