"""Error views: JSON for API paths, Django's defaults everywhere else."""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


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
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": "bad request"}, status=400)
    return defaults.bad_request(request, exception)
