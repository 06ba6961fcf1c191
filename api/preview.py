"""``GET /api/v2/preview/?token=``: the draft that a preview token unlocks.

The admin's "Preview" sends the frontend a short-lived signed token for one page and
one revision (``pages.preview``). The frontend exchanges it here for that revision,
serialised exactly as ``/api/v2/pages/<id>/`` serialises the live page, so one
component renders both. A missing, tampered or expired token gets a 401, a token
for a page or revision that is gone a 404; neither ever returns a draft.
"""

from django.urls import path

from rest_framework.response import Response

from pages.preview import PreviewNotFound, PreviewTokenError, preview_object

from .parameters import Parameter
from .views.pages import RICH_TEXT_FORMAT, PagesAPIViewSet


class PreviewAPIViewSet(PagesAPIViewSet):
    name = "preview"

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        return [
            Parameter(
                "token",
                "The signed token the admin's Preview sent to the frontend.",
                {"type": "string", "maxLength": 2000},
                required=True,
                absence_answered_by_view=True,
            ),
            RICH_TEXT_FORMAT,
        ]

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "preview_view"}), name="detail")]

    def preview_view(self, request):
        try:
            page = preview_object(request.GET.get("token"))
        except PreviewNotFound as error:
            return self.error(str(error), 404)
        except PreviewTokenError as error:
            return self.error(str(error), 401)
        # The live detail view itself serialises the draft: one code path, one shape.
        self._cached_object = page
        self.kwargs["pk"] = str(page.pk)
        self.action = "detail_view"
        return self.private(self.detail_view(request, str(page.pk)))

    def error(self, message: str, status: int) -> Response:
        response = Response({"message": message}, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="preview"'
        return self.private(response)

    @staticmethod
    def private(response: Response) -> Response:
        # Drafts and refusals are per token: never stored by a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response
