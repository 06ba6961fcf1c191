"""The site endpoint: clinic settings, menus and locales for a front end."""

from typing import Any

from django.conf import settings
from django.http import Http404
from django.urls import path

from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale, Page, Site

from rest_framework.response import Response

from pages.frontend import find_site
from pages.models import ClinicSettings, InterfaceLabels
from pages.representations import page_link, prepare_pages, text_direction

from ..parameters import Parameter, locale_schema
from .base import PublicReadOnlyMixin


class SiteAPIViewSet(PublicReadOnlyMixin, BaseAPIViewSet):
    """Site-wide settings and the main navigation: what every page's header and footer
    needs, in one language (``?locale=``), with its interface labels and the
    direction its text runs in."""

    name = "site"
    model = Site

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        return [
            Parameter(
                "locale",
                "Language of the settings and navigation (default: the site's).",
                locale_schema(),
            )
        ]

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "site_view"}), name="detail")]

    def site_view(self, request):
        site = find_site(request)
        if site is None:
            raise Http404("no site is configured for this host")
        code = request.GET.get("locale") or settings.LANGUAGE_CODE
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            raise Http404(f"no content in {code} yet")
        home = site.root_page.get_translation_or_none(locale)
        context = self.get_serializer_context()
        clinic = ClinicSettings.for_site(site)
        return Response(
            {
                "name": clinic.clinic_name or site.site_name,
                "locale": locale.language_code,
                "direction": text_direction(locale.language_code),
                "contact_phone": clinic.contact_phone or None,
                "social_links": [
                    {"platform": link.value["platform"], "url": link.value["url"]}
                    for link in clinic.social_links
                ],
                "emergency_numbers": clinic.emergency_numbers.stream_block.for_locale(
                    clinic.emergency_numbers, locale.language_code
                ),
                "labels": InterfaceLabels.texts(locale, clinic),
                "locales": self.locales(site, context),
                "home": page_link(home, context) if home else None,
                "navigation": self.navigation(home, context) if home else [],
            }
        )

    def locales(self, site, context) -> list[dict[str, Any]]:
        names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        items = []
        pages = [site.root_page, *site.root_page.get_translations().order_by("path")]
        prepare_pages(pages, context)
        for page in pages:
            link = page_link(page, context)  # None for a page that is not public
            if link is not None:
                code = page.locale.language_code
                items.append(
                    {
                        "code": code,
                        "name": names.get(code, code),
                        "direction": text_direction(code),
                        "home_path": link["path"],
                    }
                )
        return items

    def navigation(self, home: Page, context) -> list[dict[str, Any]]:
        """Menu pages under home, two levels deep, in the editors' order."""
        pages = list(
            home.get_descendants()
            .filter(depth__lte=home.depth + 2)
            .live()
            .in_menu()
            .defer_streamfields()
            .specific()
            .order_by("path")
        )
        prepare_pages(pages, context)
        top = [page for page in pages if page.depth == home.depth + 1]
        items = []
        for page in top:
            link = page_link(page, context)
            if link is None:
                continue
            link["children"] = [
                child_link
                for child in pages
                if child.depth == page.depth + 1
                and child.path.startswith(page.path)
                and (child_link := page_link(child, context))
            ]
            items.append(link)
        return items
