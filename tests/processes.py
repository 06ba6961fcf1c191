"""A scratch database for tests that run the project in real processes (servers,
the worker, ``manage.py``): of the kind the suite runs on, a copy of a migrated
SQLite file, or a PostgreSQL copy of the migrated template when DATABASE_URL names
one. The test's own database cannot serve: its transaction is invisible to other
processes."""

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from bench.servers import (
    ROOT,
    drop_database,
    manage,
    migrated_database,
    migrations_fingerprint,
    server_env,
)

SQLITE_TEMPLATES = ROOT / "test-artifacts" / "migrated-sqlite"


def migrated_sqlite(path: Path) -> None:
    """Write a fresh, fully migrated SQLite database to ``path``.

    As for PostgreSQL (``bench.servers.migrated_database``), the migrations run once
    per set of migrations, into a template file that each call copies: migrating
    from nothing takes most of twenty seconds, a copy a few milliseconds. A file
    lock keeps two pytest-xdist workers from building it twice or copying it half
    written; templates of other migrations are removed when the new one is built.
    """
    SQLITE_TEMPLATES.mkdir(parents=True, exist_ok=True)
    template = SQLITE_TEMPLATES / f"{migrations_fingerprint()}.sqlite3"
    with open(SQLITE_TEMPLATES / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            for stale in SQLITE_TEMPLATES.glob("*.sqlite3*"):
                stale.unlink()
            building = SQLITE_TEMPLATES / "building.sqlite3"
            env = server_env(
                f"sqlite:///{building}",
                0,
                SQLITE_TEMPLATES / "media",
                DJANGO_SETTINGS_MODULE="cms.settings.dev",
            )
            manage(env, "migrate", "--no-input")
            building.rename(template)
        shutil.copyfile(template, path)


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
        migrated_sqlite(tmp_path / "db.sqlite3")
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
        yield env
    finally:
        if vendor != "sqlite3":
            drop_database(name)


def eventually(predicate: Callable[[], object], seconds: float = 5.0) -> None:
    """Wait until ``predicate()`` holds (what another thread or process does)."""
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.02)
