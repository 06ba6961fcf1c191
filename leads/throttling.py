"""Rate limit for request submissions, per client address, correct behind proxies."""

from django.conf import settings

from rest_framework.throttling import SimpleRateThrottle

from cms.clients import client_address, client_cache_key, throttle_ident

__all__ = ["ConsultationRequestThrottle", "client_address", "throttle_ident"]


class ConsultationRequestThrottle(SimpleRateThrottle):
    """``LEADS_RATE_LIMIT`` submissions (e.g. ``5/hour``) per client; only POSTs count."""

    scope = "consultation_requests"

    def get_rate(self):
        return settings.LEADS_RATE_LIMIT or None

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": client_cache_key(self.scope, request),
        }
