"""What every public endpoint shares: read-only, anonymous, throttled and cached."""

from django.db import DatabaseError
from django.http import Http404

from wagtail.api.v2.utils import BadRequestError

from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cms.clients import ClientRateThrottle

from ..cache import CachedResponseMixin
from ..filters import parse_id, refuse_hostile_parameters
from ..rich_text import public_rich_text_format


class PublicReadOnlyMixin(CachedResponseMixin):
    """Anonymous, read-only access with JSON errors for every failure mode, and
    cacheable responses (``api.cache``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    # Per client address, for requests the response cache does not answer;
    # API_RATE_LIMIT sets the rate, unset means no limit (docs/security.md).
    throttle_classes = [ClientRateThrottle]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_hostile_parameters(request)

    def resolve_rich_text_format(self):
        return public_rich_text_format(self.request)

    def get_renderer_context(self):
        # Compact JSON: Wagtail indents by 4, which nearly doubles a rich page's
        # body (the demo ALS page: 100 KB instead of 52 KB) for no client's benefit.
        context = super().get_renderer_context()
        context["indent"] = None
        return context

    def detail_view(self, request, pk):
        try:
            parse_id(pk, "id")
        except BadRequestError as error:
            raise Http404("not found") from error
        return super().detail_view(request, pk)

    def handle_exception(self, exc):
        if isinstance(exc, OverflowError | ValueError) and not isinstance(
            exc, BadRequestError
        ):
            return Response({"message": "invalid parameter value"}, status=400)
        if isinstance(exc, DatabaseError):
            raise exc
        return super().handle_exception(exc)
