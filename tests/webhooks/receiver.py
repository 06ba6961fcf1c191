"""A webhook receiver on 127.0.0.1 (``http.server`` in a thread) that answers
each POST with the next status of its script and records what it got."""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# serve_forever checks for shutdown() this often: its default, half a second, is
# added to every test that stops the server.
POLL_INTERVAL = 0.05

# A status that answers nothing until ``release`` is set (a slow receiver).
HANG = 0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    def __init__(
        self,
        statuses: list[int] | None = None,
        default: int = 200,
        port: int = 0,
        fail_each: int = 0,
    ):
        """``statuses``: the answers to the first requests, in order, then
        ``default``; ``fail_each``: answer 500 to the first that many requests of
        each ``webhook-id``."""
        self.statuses = list(statuses or [])
        self.fail_each = fail_each
        self.default = default
        self.received: list[Received] = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(
                        self.path,
                        {key.lower(): value for key, value in self.headers.items()},
                        body,
                    )
                )
                same = [
                    each
                    for each in receiver.received
                    if each.headers.get("webhook-id") == self.headers["webhook-id"]
                ]
                if len(same) <= receiver.fail_each:
                    status = 500
                elif receiver.statuses:
                    status = receiver.statuses.pop(0)
                else:
                    status = receiver.default
                if status == HANG:
                    receiver.release.wait(timeout=120)
                    return
                answer = f"answer {len(receiver.received)}: {status}".encode()
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(POLL_INTERVAL,), daemon=True
        )

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
