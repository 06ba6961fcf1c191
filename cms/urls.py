from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.errors import not_found
from api.router import api_router
from api.views.routing import sitemap_xml
from api.views.schema import SchemaAPIView, SchemaDocsView

handler400 = "api.errors.bad_request"
handler404 = "api.errors.not_found"
handler500 = "api.errors.server_error"

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("api/schema/", SchemaAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SchemaDocsView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("api/v2/consultation-requests/", include("leads.urls")),
    path("api/v2/sitemap.xml", sitemap_xml, name="api-sitemap-xml"),
    # Anything else under /api/ is a JSON 404, never a page lookup or a
    # trailing-slash redirect to one.
    re_path(r"^api/", not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Page URLs carry a language prefix for every locale but the default one
# (/conditions/als/, /de/conditions/als/): the paths the API returns.
urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)), prefix_default_language=False
)
