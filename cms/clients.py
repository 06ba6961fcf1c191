"""Who the client is, for rate limits: one definition for every endpoint.

The content API, the form token and the patient request endpoint all count the
client the same way: the address our own proxies saw, and one bucket per IPv6
/64 (what one subscriber gets), so that neither a forged ``X-Forwarded-For`` nor
the 2^64 addresses of one IPv6 network buy more requests.
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac

from rest_framework.throttling import AnonRateThrottle


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


def _subscriber(address: str, *, as_address: bool) -> str:
    """One IPv4 address, or the IPv6 /64 it belongs to (as a network, or as the
    network's first address); an IPv4-mapped IPv6 address counts as its IPv4
    address. Anything that is not an address is returned unchanged."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        network = ipaddress.ip_network(f"{ip}/64", strict=False)
        return str(network.network_address if as_address else network)
    return str(ip)


def throttle_ident(address: str) -> str:
    """One bucket per IPv4 address, one per IPv6 /64 (what one subscriber gets)."""
    return _subscriber(address, as_address=False)


def login_client_address(request) -> str:
    """The address django-axes records for a login attempt: ``client_address``,
    an IPv6 client as the first address of its /64 (axes stores addresses, not
    networks)."""
    return _subscriber(client_address(request), as_address=True)


def client_cache_key(scope: str, request) -> str:
    """A keyed hash of the client: addresses are not kept in the cache in clear."""
    ident = throttle_ident(client_address(request))
    return salted_hmac(f"throttle.{scope}", ident, algorithm="sha256").hexdigest()


class ClientRateThrottle(AnonRateThrottle):
    """DRF's anonymous rate limit (scope ``anon``), counting clients with
    ``client_address`` and ``throttle_ident``."""

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": client_cache_key(self.scope, request),
        }
