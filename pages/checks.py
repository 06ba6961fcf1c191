"""A database migrated with migrations that no longer exist cannot be migrated on.

The project's migrations were regenerated into one clean initial set per app before
anything was deployed. A development database made before that still lists the old
names as applied, and ``migrate`` would then try to create tables that exist. Say so
plainly, with the way out, instead of a failing CREATE TABLE."""

from django.core import checks
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = ("leads", "pages", "review", "snippets")


@checks.register(checks.Tags.database)
def applied_migrations_exist(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        try:
            loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
        except DatabaseError:
            continue  # no database yet: nothing was applied
        unknown = sorted(
            f"{app}.{name}"
            for app, name in loader.applied_migrations
            if app in PROJECT_APPS and (app, name) not in loader.disk_migrations
        )
        if unknown:
            errors.append(
                checks.Error(
                    f"Database {alias!r} has migrations applied that no longer exist: "
                    f"{', '.join(unknown)}.",
                    hint="The migrations were regenerated into a clean initial set. "
                    "Recreate a development database: delete db.sqlite3 (or drop "
                    "the PostgreSQL database) and run `make run` again.",
                    id="pages.E001",
                )
            )
    return errors
