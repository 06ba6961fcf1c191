"""The names of what a cached or rendered response depends on: ``all``,
``listings`` and ``page:<id>``. The response cache (``api.cache``) keeps a
generation per tag, the rendered pages (``api.materialize``) render the pages
tags name, and a CDN purge (``api.signal_handlers``) turns them into URLs: one
spelling for all three."""

from collections.abc import Iterable

# Site-wide changes: sites, locales, view restrictions, page moves, parent pages.
ALL = "all"
# Anything a listing, the site endpoint or a snippet endpoint may show.
LISTINGS = "listings"
PAGE_TAG_PREFIX = "page:"


def page_tag(page_id: int | str) -> str:
    return f"{PAGE_TAG_PREFIX}{page_id}"


def page_ids_in(tags: Iterable[str]) -> set[int]:
    """The pages ``tags`` name one by one (``all`` names none of them)."""
    return {
        int(tag[len(PAGE_TAG_PREFIX) :])
        for tag in tags
        if tag.startswith(PAGE_TAG_PREFIX) and tag[len(PAGE_TAG_PREFIX) :].isdigit()
    }
