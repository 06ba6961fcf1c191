"""What a frontend needs to route requests: where an old path now leads, and
every public URL of a site (its sitemap), built from the same functions as the
pages' own URLs (``pages.representations``), so no hidden page escapes here."""

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.http.request import split_domain_port

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from cms.configuration import configuration

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


def site_root_paths(site: Site) -> tuple[str, ...]:
    """Tree paths of the site's home page and its translations, the roots of its
    page trees, in one query (none while ``cms.configuration`` keeps them)."""
    root_id = site.root_page_id
    return configuration.read(
        ("site_root_paths", root_id), lambda: _root_paths(root_id)
    )


def _root_paths(root_id: int) -> tuple[str, ...]:
    return tuple(
        Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=root_id).values(
                "translation_key"
            )
        ).values_list("path", flat=True)
    )


_SITE_FIELDS = [field.attname for field in Site._meta.concrete_fields]


def find_site(request: HttpRequest) -> Site | None:
    """``Site.find_for_request``, kept on the request as Wagtail keeps it, but read
    from the database once per process while ``cms.configuration`` can keep it.
    The request gets a site object of its own, without its root page loaded."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        row = configuration.read(
            ("site", hostname, port), lambda: _site_row(hostname, port)
        )
        request._wagtail_site = (
            None if row is None else Site.from_db(None, _SITE_FIELDS, row)
        )
    return request._wagtail_site


def _site_row(hostname: str, port: str) -> tuple | None:
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    return tuple(getattr(site, name) for name in _SITE_FIELDS)


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
