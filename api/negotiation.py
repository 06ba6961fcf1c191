"""Content negotiation for the API: JSON whatever the client accepts."""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JSONContentNegotiation(DefaultContentNegotiation):
    """An ``Accept`` header the view cannot satisfy gets its first renderer (JSON
    for every API view) rather than a ``406``: a browser asking for HTML gets
    JSON too, errors included."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type
