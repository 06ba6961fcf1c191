"""The search backend (``WAGTAILSEARCH_BACKENDS``): Wagtail's database backend,
which on PostgreSQL stems each object in its own language (``.postgres``)."""

from django.db import connection

from wagtail.search.backends.database import SearchBackend as database_backend


def SearchBackend(params):
    """The database backend of the database in use, as Wagtail's own chooses it."""
    if connection.vendor == "postgresql":
        from .postgres import LanguagePostgresSearchBackend

        return LanguagePostgresSearchBackend(params)
    return database_backend(params)
