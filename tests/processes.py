"""A scratch database for tests that run the project in real processes (servers,
the worker, ``manage.py``): of the kind the suite runs on, a SQLite file, or a
PostgreSQL copy of the migrated template when DATABASE_URL names one. The test's
own database cannot serve: its transaction is invisible to other processes."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from bench.servers import drop_database, manage, migrated_database, server_env


@contextmanager
def scratch_database(
    tmp_path: Path, purpose: str, redis_db: int, **extra: str
) -> Iterator[dict]:
    """Yield the environment of a process using a fresh, migrated database named
    for ``purpose``, with Redis database ``redis_db`` and ``extra`` settings; the
    database is dropped afterwards."""
    name = f"clinic_{purpose}_{os.getpid()}"
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        database_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    else:
        database_url = migrated_database(name)  # a copy of the migrated template
    env = server_env(
        database_url,
        redis_db,
        tmp_path / "media",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_DEBUG="false",
        **extra,
    )
    try:
        if vendor == "sqlite3":
            manage(env, "migrate", "--no-input")
        yield env
    finally:
        if vendor != "sqlite3":
            drop_database(name)
