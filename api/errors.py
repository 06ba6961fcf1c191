"""Errors under ``/api/``: always JSON, always ``{"message": ...}``.

Whatever the route (an unknown ``/api/...`` URL included), the method or the
``Accept`` header, a client gets one error shape: ``{"message": "..."}``, plus
``errors`` (messages per field) when fields are invalid. Django's error views,
Django REST framework's exception handler and content negotiation
(``api/negotiation.py``) all go
through here; ``cms.middleware.ApiJsonErrorsMiddleware`` catches anything else.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views import defaults

from rest_framework.exceptions import ValidationError

API_PREFIX = "/api/"
INVALID_FIELDS_MESSAGE = "Some fields are invalid; see errors."


def error_body(data, exc=None) -> dict:
    """DRF's error data in the API's one shape."""
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return data  # already ours (a field called "message" holds a list)
    if isinstance(data, dict) and set(data) == {"detail"}:
        return {"message": str(data["detail"])}
    if isinstance(exc, ValidationError) or isinstance(data, dict | list):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        return {"message": INVALID_FIELDS_MESSAGE, "errors": errors}
    return {"message": str(data)}


def error_response(message: str, status: int) -> JsonResponse:
    """An error answered before Django REST framework runs."""
    return JsonResponse({"message": message}, status=status)


def exception_handler(exc, context):
    """``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: DRF's handler, in our shape."""
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data, exc)
    return response


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": "not found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"message": "internal error; the team has been notified"}, status=500
        )
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"message": "request body too large"}, status=413)
        return defaults.bad_request(request, exception)
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": "bad request"}, status=400)
    return defaults.bad_request(request, exception)
