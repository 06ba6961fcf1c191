"""Two app servers share PostgreSQL and Redis: what is published through one is
what the other serves on its next request.

Runs against the local PostgreSQL and Redis whatever database the rest of the suite
uses (SQLite cannot be shared between processes this way): a scratch database,
Redis database 13, and two real gunicorn processes on 127.0.0.1.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bench.servers import (
    ROOT,
    Gunicorn,
    drop_database,
    flush_redis,
    migrated_database,
    server_env,
    service_problem,
)

DATABASE = "clinic_two_servers"
REDIS_DB = 13
PASSWORD = "two-servers-password"


class Browser:
    """A cookie-keeping HTTP client, for the admin of one server."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def request(self, path: str, data: dict | None = None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - local server
            self.base_url + path, data=body, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def csrf_token(self, path: str) -> str:
        status, _headers, body = self.request(path)
        assert status == 200, body[:500]
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[
            1
        ].decode()

    def log_in(self, username: str, password: str) -> None:
        token = self.csrf_token("/admin/login/")
        status, _headers, body = self.request(
            "/admin/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert status == 200, body[:300]
        assert b'name="password"' not in body, "the admin login failed"


# Both servers sit behind one public host name, as behind a load balancer.
PUBLIC_HOST = "localhost"


def api_get(server: Gunicorn, path: str, headers=None):
    headers = {"Host": PUBLIC_HOST, **(headers or {})}
    return Browser(server.url).request(path, headers=headers)


@pytest.fixture
def two_servers(tmp_path):
    problem = service_problem()
    if problem:
        # CI starts both services (.ci/run): there, a missing one is a failure.
        if os.environ.get("CI"):
            pytest.fail(f"needs the local PostgreSQL and Redis: {problem}")
        pytest.skip(f"needs the local PostgreSQL and Redis: {problem}")
    database_url = migrated_database(DATABASE)
    flush_redis(REDIS_DB)
    env = server_env(
        database_url,
        REDIS_DB,
        tmp_path / "media",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_DEBUG="false",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
    )
    servers = []
    try:
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.perf.seed_site"],
            cwd=ROOT,
            env={**env, "SEED_PASSWORD": PASSWORD},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        page_id = int(seeded.stdout.split()[-1])
        servers = [Gunicorn(env), Gunicorn(env)]
        for server in servers:
            server.wait_until_ready()
        yield servers[0], servers[1], page_id
    finally:
        for server in servers:
            server.stop()
        flush_redis(REDIS_DB)
        drop_database(DATABASE)


def test_publish_through_one_server_read_from_the_other(two_servers):
    server_a, server_b, page_id = two_servers
    url = f"/api/v2/pages/{page_id}/"

    status, headers, body = api_get(server_b, url)
    assert status == 200 and headers["X-API-Cache"] == "miss"
    old_etag = headers["ETag"]
    assert json.loads(body)["title"] == "Stem cell therapy for ALS"
    # Server A answers from the response that B stored in the shared Redis.
    status, headers, body_a = api_get(server_a, url)
    assert headers["X-API-Cache"] == "hit" and body_a == body
    status, headers, _ = api_get(server_b, url, {"If-None-Match": old_etag})
    assert status == 304

    admin = Browser(server_a.url)
    admin.log_in("publisher", PASSWORD)
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"
    status, _headers, page = admin.request(
        publish, {"csrfmiddlewaretoken": admin.csrf_token(publish)}
    )
    assert status == 200, page[:500]

    status, headers, body = api_get(server_b, url, {"If-None-Match": old_etag})
    assert status == 200, "server B still answered 304 for the old version"
    assert headers["X-API-Cache"] == "miss"
    assert headers["ETag"] != old_etag
    assert json.loads(body)["title"] == "Stem cell therapy for ALS (2026 update)"
    listing = json.loads(
        api_get(server_b, "/api/v2/pages/?type=pages.ConditionPage")[2]
    )
    assert "Stem cell therapy for ALS (2026 update)" in [
        item["title"] for item in listing["items"]
    ]

    unpublish = f"/admin/pages/{page_id}/unpublish/"
    status, _headers, page = admin.request(
        unpublish, {"csrfmiddlewaretoken": admin.csrf_token(unpublish)}
    )
    assert status == 200, page[:500]
    status, _headers, _body = api_get(server_b, url)
    assert status == 404
