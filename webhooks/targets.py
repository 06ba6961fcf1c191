"""Where webhooks may be sent: https:// to addresses on the public internet only.

An endpoint URL is an editor's input that makes the worker send requests, so a
URL naming the CMS host itself, the database, a cloud metadata service or any
private network is refused (server-side request forgery): when the endpoint is
saved (the URL's form) and again on every attempt (the addresses its name
resolves to then, and the request goes to the address checked, so a name that
changes its answer between check and connect gains nothing).

``settings.WEBHOOKS_ALLOW_LOCALHOST`` (on with ``DEBUG``, or
``DJANGO_WEBHOOKS_ALLOW_LOCALHOST``) also allows this machine (loopback), over
http:// too: a receiver developed beside the CMS, and the tests' receivers.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


class UnsafeTarget(ValueError):
    pass


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked IP address the request connects to
    path: str  # path and query string


def allow_localhost() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOCALHOST", False))


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return allow_localhost()
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of an allowed URL (before name resolution)."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if not host:
        raise UnsafeTarget("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeTarget("The URL may not hold a user name or password.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeTarget("The URL's port is not a number.") from error
    local = host in LOCAL_NAMES
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if local or (literal is not None and literal.is_loopback):
        if not allow_localhost():
            raise UnsafeTarget("Webhooks are not sent to this machine (localhost).")
        local = True
    elif literal is not None and not address_allowed(host):
        raise UnsafeTarget("Webhooks are not sent to private or reserved addresses.")
    if scheme != "https" and not (scheme == "http" and local):
        raise UnsafeTarget("The URL must start with https://.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port, path


def validate_target_url(url: str) -> None:
    try:
        check_url(url)
    except UnsafeTarget as error:
        raise ValidationError(str(error)) from error


def resolve_target(url: str) -> Target:
    """The URL checked, its host resolved, and every address it names allowed."""
    scheme, host, port, path = check_url(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UnsafeTarget(f"The host name does not resolve ({error}).") from error
    addresses = [str(info[4][0]) for info in found]
    if not addresses or not all(address_allowed(each) for each in addresses):
        raise UnsafeTarget(f"{host} resolves to a private or reserved address.")
    return Target(scheme, host, port, addresses[0], path)
