"""One signed POST to an endpoint, from the worker: short timeouts, no redirects
followed, only to the address ``targets.resolve_target`` checked.

``http.client`` from the standard library: it follows no redirects by itself,
and connecting to a checked address while naming the host (Host header, TLS
server name and certificate check) takes two small connection classes, where
``requests`` or ``urllib`` would resolve the name again.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from django.utils import timezone

from .signing import signature
from .targets import Target, UnsafeTarget, resolve_target

CONNECT_TIMEOUT = 5
TOTAL_TIMEOUT = 10
EXCERPT_CHARS = 1000
USER_AGENT = "ClinicCMS-Webhooks/1.0"


@dataclass
class Outcome:
    status_code: int | None = None
    error: str = ""
    excerpt: str = ""
    duration_ms: int = 0

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address
        self.tls = ssl.create_default_context()

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def signed_headers(secret: str, message_id: str, body: bytes) -> dict[str, str]:
    timestamp = int(timezone.now().timestamp())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }


def post(url: str, secret: str, message_id: str, body: bytes) -> Outcome:
    """Send once; never raises: a refused, failed or timed-out request is an
    ``Outcome`` with ``error``."""
    started = time.monotonic()
    outcome = Outcome()
    try:
        _post(url, signed_headers(secret, message_id, body), body, started, outcome)
    except UnsafeTarget as error:
        outcome.error = f"Not sent: {error}"
    except TimeoutError:
        outcome.error = "Timed out"
    except (OSError, http.client.HTTPException, ValueError) as error:
        outcome.error = f"{type(error).__name__}: {error}"[:500]
    outcome.duration_ms = int((time.monotonic() - started) * 1000)
    return outcome


def _post(
    url: str, headers: dict[str, str], body: bytes, started: float, outcome: Outcome
) -> None:
    target = resolve_target(url)
    connection_class = (
        CheckedHTTPSConnection if target.scheme == "https" else CheckedHTTPConnection
    )
    connection = connection_class(target, timeout=CONNECT_TIMEOUT)
    try:
        connection.connect()

        def remaining() -> float:
            left = TOTAL_TIMEOUT - (time.monotonic() - started)
            if left <= 0:
                raise TimeoutError
            return left

        # The response reads through this socket after the connection lets go
        # of it (a response that closes the connection).
        sock = connection.sock
        assert sock is not None  # noqa: S101 - connect() set it
        sock.settimeout(remaining())
        connection.request("POST", target.path, body=body, headers=headers)
        sock.settimeout(remaining())
        response = connection.getresponse()
        outcome.status_code = response.status
        excerpt = b""
        while len(excerpt) < EXCERPT_CHARS * 4:
            sock.settimeout(remaining())
            chunk = response.read1(EXCERPT_CHARS * 4 - len(excerpt))
            if not chunk:
                break
            excerpt += chunk
        outcome.excerpt = excerpt.decode("utf-8", "replace")[:EXCERPT_CHARS]
    finally:
        connection.close()
