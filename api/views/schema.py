"""The OpenAPI document and its Swagger UI, public like the API they describe."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from cms.clients import ClientRateThrottle


class SchemaAPIView(SpectacularAPIView):
    """The OpenAPI document, public and limited per client like the content API."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]


class SchemaDocsView(SpectacularSwaggerView):
    """Swagger UI over the OpenAPI document."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
