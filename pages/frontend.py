"""What a frontend needs to route requests: where an old path now leads, and
every public URL of a site (its sitemap), built from the same functions as the
pages' own URLs (``pages.representations``), so no hidden page escapes here."""

from typing import Any

from django.conf import settings
from django.db.models import Q

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from .representations import (
    frontend_root,
    full_url,
    locale_code,
    page_is_public,
    page_path,
    page_type,
    prepare_pages,
    url_parts,
)


def find_redirect(site: Site, path: str) -> Redirect | None:
    """The redirect from ``path`` on ``site`` (or on every site), as Wagtail's
    redirect middleware finds it."""
    old_path = Redirect.normalise_path(path)
    return (
        Redirect.get_for_site(site)
        .filter(old_path=old_path)
        .select_related("redirect_page")
        .order_by("site_id")  # the site's own before one for all sites
        .first()
    )


def site_root_paths(site: Site) -> list[str]:
    """Tree paths of the site's home page and its translations, the roots of its
    page trees, in one query."""
    return list(
        Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=site.root_page_id).values(
                "translation_key"
            )
        ).values_list("path", flat=True)
    )


def redirect_target(
    redirect: Redirect, site: Site, context: dict | None = None
) -> dict[str, Any] | None:
    """Where ``redirect`` leads on ``site``'s frontend: a public page of the site
    (its path and URL) or an external link; ``None`` when it leads to a page the
    public cannot see there (hidden, or another site's: the API of a site shows
    only its own pages)."""
    page = redirect.redirect_page
    if page is None:
        link = redirect.redirect_link or None
        return {"page_id": None, "path": None, "url": link} if link else None
    if not page_is_public(page, context) or not any(
        page.path.startswith(path) for path in site_root_paths(site)
    ):
        return None
    prepare_pages([page], context)
    path = page_path(page)
    if path is None:
        return None
    route = redirect.redirect_page_route_path
    if route:
        path = path.rstrip("/") + route
    site_id, cms_root, _path = url_parts(page)
    return {
        "page_id": page.pk,
        "path": path,
        "url": frontend_root(site_id, cms_root, context) + path,
    }


def site_pages(site: Site):
    """Live, public pages of ``site`` in every language, in tree order."""
    in_site = Q()
    for path in site_root_paths(site):
        in_site |= Q(path__startswith=path)
    return Page.objects.live().public().filter(in_site).order_by("path")


def sitemap_entries(pages: list[Page], context: dict) -> list[dict[str, Any]]:
    """One entry per page: its frontend URL, last change and language alternates
    (live, public translations, and ``x-default``, the default language's version,
    when there are several), with one query for all the alternates."""
    prepare_pages(pages, context)
    keys = {page.translation_key for page in pages}
    translations: dict[Any, list[Page]] = {}
    others = list(
        Page.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .order_by("path")
        .defer_streamfields()
    )
    prepare_pages(others, context)
    for other in others:
        translations.setdefault(other.translation_key, []).append(other)
    entries = []
    for page in pages:
        alternates = [
            {
                "locale": locale_code(other, context),
                "path": page_path(other),
                "url": full_url(other, context),
            }
            for other in translations.get(page.translation_key, [])
            if page_is_public(other, context) and page_path(other) is not None
        ]
        default = next(
            (
                alternate
                for alternate in alternates
                if alternate["locale"] == settings.LANGUAGE_CODE
            ),
            None,
        )
        if len(alternates) > 1 and default is not None:
            alternates.append({**default, "locale": "x-default"})
        entries.append(
            {
                "id": page.pk,
                "type": page_type(page),
                "locale": locale_code(page, context),
                "path": page_path(page),
                "url": full_url(page, context),
                "last_modified": page.last_published_at,
                "alternates": alternates,
            }
        )
    return entries
