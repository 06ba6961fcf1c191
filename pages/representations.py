"""Plain functions that turn pages into API dicts, shared by blocks and API fields."""

from typing import Any

from wagtail.models import Page, PageViewRestriction

from snippets.representations import image_representation

__all__ = ["image_representation", "page_is_public", "page_link", "page_path"]

_RESTRICTED_PATHS_KEY = "_restricted_page_paths"


def restricted_paths(context: dict | None) -> tuple[str, ...]:
    """Tree paths of every page under a view restriction, loaded once per request."""
    if context is not None and _RESTRICTED_PATHS_KEY in context:
        return context[_RESTRICTED_PATHS_KEY]
    paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    if context is not None:
        context[_RESTRICTED_PATHS_KEY] = paths
    return paths


def page_is_public(page: Page | None, context: dict | None = None) -> bool:
    """Live, and neither the page nor an ancestor is under a view restriction."""
    if page is None or not page.live:
        return False
    return not any(page.path.startswith(path) for path in restricted_paths(context))


def page_path(page: Page) -> str | None:
    """The page's path on the frontend, with the locale prefix for translations."""
    url_parts = page.get_url_parts()
    if url_parts is None:
        return None
    return url_parts[2]


def page_link(page: Page | None, context: dict | None = None) -> dict[str, Any] | None:
    """A chosen page as a frontend needs it to render a link or a card."""
    if not page_is_public(page, context):
        return None
    specific = page.specific_deferred
    return {
        "id": page.pk,
        "type": f"{specific._meta.app_label}.{type(specific).__name__}",
        "title": page.title,
        "path": page_path(page),
        "locale": page.locale.language_code,
        "summary": getattr(specific, "summary", "") or page.search_description or "",
    }
