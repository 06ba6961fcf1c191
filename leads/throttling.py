"""Rate limit for request submissions, per client address, correct behind proxies."""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac

from rest_framework.throttling import SimpleRateThrottle


def client_address(request) -> str:
    """The address of the client that sent ``request``.

    With ``LEADS_TRUSTED_PROXIES = n``, the last ``n`` hops are our own proxies:
    each appends the address it received the connection from to X-Forwarded-For,
    so the client is the ``n``-th entry from the right. Entries further left were
    written by the client and are ignored, which is what stops a bot from
    inventing a new address for every request. Without trusted proxies the
    header is ignored entirely.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    trusted = settings.LEADS_TRUSTED_PROXIES
    if trusted > 0:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if len(forwarded) >= trusted:
            candidate = forwarded[-trusted]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote_addr


def throttle_ident(address: str) -> str:
    """One bucket per IPv4 address, one per IPv6 /64 (what one subscriber gets)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


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
        ident = throttle_ident(client_address(request))
        # Keyed hash: client addresses are not kept in the cache in clear.
        digest = salted_hmac("leads.throttle", ident, algorithm="sha256").hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}
