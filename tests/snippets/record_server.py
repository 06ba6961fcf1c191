"""A local stand-in for doi.org and NCBI E-utilities, answering with records of one
real paper (Bensimon et al., N Engl J Med 1994, the riluzole trial) transcribed into
``records/`` in each service's own format."""

import contextlib
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDS = Path(__file__).parent / "records"
DOI = "10.1056/NEJM199403033300901"
PMID = "8302340"
# serve_forever checks for shutdown() this often: its default, half a second, is
# added to every test that stops the server.
POLL_INTERVAL = 0.05


def record(name: str) -> str:
    return (RECORDS / name).read_text(encoding="utf-8")


class RecordHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.server.requests.append((url.path, query, dict(self.headers)))
        if url.path.startswith("/slow/"):
            time.sleep(2)
            # The client has given up by then (the timeout's test): its closed
            # connection is no error of the server's.
            with contextlib.suppress(ConnectionError):
                self.answer(200, "text/plain", "")
            return None
        if url.path.startswith("/doi/"):
            return self.doi(urllib.parse.unquote(url.path.removeprefix("/doi/")))
        if url.path == "/eutils/efetch.fcgi":
            # E-utilities answer an unknown id with an empty record, not a 404.
            body = (
                record("bensimon_1994.medline.txt") if query.get("id") == PMID else "\n"
            )
            return self.answer(200, "text/plain", body)
        if url.path == "/eutils/esearch.fcgi":
            if query.get("term", "").lower() == f"{DOI}[doi]".lower():
                return self.answer(
                    200, "application/json", record("bensimon_1994.esearch.json")
                )
            empty = {"esearchresult": {"count": "0", "idlist": []}}
            return self.answer(200, "application/json", json.dumps(empty))
        return self.answer(404, "text/plain", "Not found")

    def doi(self, doi: str):
        if doi.lower() != DOI.lower():
            return self.answer(404, "text/html", "<h1>DOI Not Found</h1>")
        if "application/vnd.citationstyles.csl+json" not in self.headers.get(
            "Accept", ""
        ):
            return self.answer(406, "text/plain", "Not acceptable")
        return self.answer(
            200,
            "application/vnd.citationstyles.csl+json",
            record("bensimon_1994.csl.json"),
        )

    def answer(self, status: int, content_type: str, body: str):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


class RecordServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RecordHandler)
        self.requests: list[tuple[str, dict, dict]] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        threading.Thread(
            target=self.serve_forever, args=(POLL_INTERVAL,), daemon=True
        ).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
