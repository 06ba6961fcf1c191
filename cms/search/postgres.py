"""PostgreSQL full-text search in each object's language.

Wagtail's PostgreSQL backend stems every object and every query with one text
search configuration (``SEARCH_CONFIG``), English words rules applied to German
text included. Here an object with a locale (pages, translatable snippets) is
indexed with its language's configuration, and ``for_language(code)`` gives the
backend that stems a query the same way: ``?search=Behandlungen&locale=de`` finds
a page that says "Behandlung". Run ``manage.py update_index`` after changing
languages, so that stored entries are stemmed by the new rules.
"""

from collections import defaultdict

from django.conf import settings

from wagtail.models import Locale
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
)

# PostgreSQL's built-in configurations (Snowball stemmers) by language code.
SEARCH_CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}


class LanguageIndex(PostgresIndex):
    """Writes each object's entry with its language's configuration."""

    def add_items(self, model, objs):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups = defaultdict(list)
        for obj in objs:
            groups[languages.get(getattr(obj, "locale_id", None))].append(obj)
        for language, group in groups.items():
            PostgresIndex(self.backend.for_language(language)).add_items(model, group)


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex

    def __init__(self, params):
        super().__init__(params)
        self.params = params
        self.config = self.config or SEARCH_CONFIGS.get(settings.LANGUAGE_CODE)

    def for_language(self, language_code: str | None) -> PostgresSearchBackend:
        """The backend that stems in ``language_code`` (unknown or ``None``: the
        default language's configuration)."""
        backend = PostgresSearchBackend(self.params)
        backend.config = SEARCH_CONFIGS.get(language_code or "", self.config)
        return backend
