"""What every public endpoint shares: read-only, anonymous, throttled and cached."""

from django.db import DatabaseError
from django.http import Http404

from wagtail.api.v2.utils import BadRequestError

from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cms.clients import ClientRateThrottle
from pages.frontend import find_site

from ..cache import CachedResponseMixin
from ..errors import error_response
from ..filters import parse_id
from ..parameters import Parameter, check_query
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

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        """The query parameters ``action`` accepts: what the OpenAPI document
        lists for it (``api.schema.paths``) and all the server accepts."""
        raise NotImplementedError

    @classmethod
    def parameter_refusals(cls, action: str) -> dict[str, str]:
        """Why a parameter some other action has is not offered by ``action``."""
        if action == "listing_view":
            return {}
        return {
            "fields": "a single object always has all its fields; ?fields= adds "
            "fields to the items of a listing"
        }

    def dispatch(self, request, *args, **kwargs):
        """Refuses undocumented parameters and values with a 400 before anything
        else runs: the response cache never keys a refused request, and the
        database never sees a value the document forbids."""
        action = self.action_map.get(request.method.lower())
        if action is not None:
            try:
                check_query(
                    request.GET,
                    self.query_parameters(action),
                    self.parameter_refusals(action),
                )
            except BadRequestError as error:
                return error_response(str(error), 400)
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # After the rate limit, which spares the database: the site every
        # lookup of Wagtail's then finds on the request.
        find_site(request._request)

    def check_query_parameters(self, queryset):
        """Done by ``dispatch`` for every action, from the declared parameters."""

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
