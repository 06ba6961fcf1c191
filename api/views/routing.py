"""What a frontend routes with: redirects from old paths, and the sitemap."""

from typing import Any
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from rest_framework.response import Response

from pages.frontend import (
    find_redirect,
    find_site,
    redirect_target,
    site_pages,
    sitemap_entries,
)

from ..cache import cache_control
from ..errors import error_response
from ..parameters import Parameter, pagination, text
from .base import PublicReadOnlyMixin


def request_site(request) -> Site:
    site = find_site(request)
    if site is None:
        raise Http404("no site is configured for this host")
    return site


class RedirectsAPIViewSet(PublicReadOnlyMixin, BaseAPIViewSet):
    """``?path=/old/``: where a frontend sends a request for a path that no page
    has any more. Wagtail creates a permanent redirect when a page's slug changes
    or it moves (``WAGTAILREDIRECTS_AUTO_CREATE``); editors add others in the
    admin (Settings › Redirects)."""

    name = "redirects"
    model = Redirect

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        return [
            Parameter(
                "path",
                'The frontend path asked for, e.g. "/conditions/old-slug/" '
                "(a query string is part of it).",
                text(500, r"^/"),
                required=True,
            )
        ]

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "redirect_view"}), name="detail")]

    def redirect_view(self, request):
        site = request_site(request)
        redirect = find_redirect(site, request.GET["path"])
        if redirect is None:
            raise Http404("no redirect from this path")
        target = redirect_target(redirect, site, self.get_serializer_context())
        if target is None:
            raise Http404("no redirect from this path")
        return Response(
            {
                "old_path": redirect.old_path,
                "is_permanent": redirect.is_permanent,
                "target": target,
            }
        )


class SitemapAPIViewSet(PublicReadOnlyMixin, BaseAPIViewSet):
    """Every live, public page of the site in every language, in tree order, with
    its frontend URL, last change and language alternates: what a static build
    enumerates and what the frontend's ``sitemap.xml`` lists."""

    name = "sitemap"
    model = Page

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        return pagination()

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "sitemap_view"}), name="listing")]

    def sitemap_view(self, request):
        queryset = site_pages(request_site(request)).defer_streamfields()
        pages: list[Any] = list(self.paginate_queryset(queryset))
        return self.get_paginated_response(
            sitemap_entries(pages, self.get_serializer_context())
        )


SITEMAP_LIMIT = 50_000  # the sitemaps protocol's limit per file


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The frontend's ``sitemap.xml`` (sitemaps.org, with ``hreflang``
    alternates), from the same entries as ``/api/v2/sitemap/``: a frontend serves
    it on its own domain as it is, since every URL in it is a frontend URL."""
    if request.method not in ("GET", "HEAD"):
        refusal = error_response("method not allowed", 405)
        refusal["Allow"] = "GET, HEAD"
        return refusal
    site = find_site(request)
    if site is None:
        return error_response("no site is configured for this host", 404)
    pages = list(site_pages(site).defer_streamfields()[:SITEMAP_LIMIT])
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in sitemap_entries(pages, {"request": request}):
        if not entry["url"]:
            continue
        lines.append(f"<url><loc>{escape(entry['url'])}</loc>")
        if entry["last_modified"]:
            lines.append(
                f"<lastmod>{entry['last_modified'].date().isoformat()}</lastmod>"
            )
        if len(entry["alternates"]) > 1:
            lines.extend(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["locale"])}" '
                f'href="{escape(alternate["url"])}"/>'
                for alternate in entry["alternates"]
                if alternate["url"]
            )
        lines.append("</url>")
    lines.append("</urlset>")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response["Cache-Control"] = cache_control()
    return response
