"""Real gunicorn servers pointed at services that fail: a closed port, or a socket
that accepts connections and never answers. Shared by the fault tests; their
fixtures are in this folder's conftest."""

import json
import socket
import threading
import time
import urllib.error
import urllib.request

from bench.servers import Gunicorn, server_env

CLOSED_PORT_DATABASE = "postgres://postgres@127.0.0.1:1/clinic"
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
RETRY_AFTER = "17"
CONNECT_TIMEOUT = 2
# What "within a few seconds" means here, with room for a slow CI machine.
ANSWER_WITHIN = 6.0


def http(server, method: str, path: str, body: dict | None = None, headers=None):
    """``(status, headers, decoded JSON or text, seconds)`` from a real HTTP request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - a local test server
        server.url + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, header_map, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, header_map, raw = error.code, error.headers, error.read()
    elapsed = time.monotonic() - started
    content_type = header_map.get("Content-Type", "")
    payload = json.loads(raw) if content_type.startswith("application/json") else raw
    return status, header_map, payload, elapsed


class SilentServer:
    """A TCP listener that accepts connections and never says a word: a database
    or Redis server that hangs, which only the client's timeouts can end."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _address = self.socket.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        self.socket.close()
        for conn in self.accepted:
            conn.close()


def start_server(tmp_path, database_url: str, redis_url: str | None, **extra):
    env = server_env(
        database_url,
        0,
        tmp_path / "media",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        DATABASE_UNAVAILABLE_RETRY_AFTER=RETRY_AFTER,
        LEADS_MIN_FILL_SECONDS="0",
        **extra,
    )
    if redis_url is None:
        env.pop("REDIS_URL")
    else:
        env["REDIS_URL"] = redis_url
    server = Gunicorn(env)
    try:
        server.wait_until_ready("/api/v2/consultation-requests/form-token/")
    except Exception:
        server.stop()
        raise
    return server
