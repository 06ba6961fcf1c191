"""The project's URLs with the preview endpoint registered on the API router, as
``api/router.py`` registers it (``api_router.register_endpoint("preview", ...)``)."""

from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter

from api.preview import PreviewAPIViewSet
from api.router import api_router
from cms import urls

router = WagtailAPIRouter("api")
for name, viewset in api_router._endpoints.items():
    router.register_endpoint(name, viewset)
router.register_endpoint("preview", PreviewAPIViewSet)

urlpatterns = [
    path("api/v2/", router.urls),
    *(pattern for pattern in urls.urlpatterns if str(pattern.pattern) != "api/v2/"),
]
handler400 = urls.handler400
handler404 = urls.handler404
handler500 = urls.handler500
