"""A publish made by another process is what every running server answers next.

Real processes on a scratch database of the kind the suite runs on (a SQLite
file, or a PostgreSQL database when DATABASE_URL names one): two gunicorn servers, one caching in its own memory
(no Redis, as under ``make run``), one in Redis; ``manage.py publish_scheduled``
(the README's cron line) and ``manage.py shell`` change the content. Neither server
is told: the generations they read on each request are database rows that the
publishing process wrote in its own transaction (docs/api.md, "Freshness").

Kept apart from modules that hold a transaction open (``module_transaction``): the
servers read the database while the test runs.
"""

import json
import os
import socket
import urllib.error
import urllib.request

import pytest

from bench.servers import Gunicorn, manage, run_python
from tests.processes import scratch_database

REDIS_DB = 12


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def needs(service: str, port: int) -> None:
    if not reachable(port):
        # CI starts PostgreSQL and Redis (.ci/run): there, a missing one is a failure.
        if os.environ.get("CI"):
            pytest.fail(f"needs the local {service} on port {port}")
        pytest.skip(f"needs the local {service} on port {port}")


def get(server: Gunicorn, path: str) -> tuple[int, dict, dict]:
    request = urllib.request.Request(  # noqa: S310 - a local test server
        server.url + path, headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


@pytest.fixture
def scratch_site(tmp_path):
    """A migrated scratch database holding the clinic site: ``(env, page id)``."""
    with scratch_database(tmp_path, "freshness", REDIS_DB) as env:
        seeded = run_python(env, "-m", "tests.perf.seed_scheduled", timeout=300)
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        yield env, int(seeded.stdout.split()[-1])


@pytest.fixture
def publishing_servers(scratch_site):
    """A server caching in its own memory and one caching in Redis."""
    env, page_id = scratch_site
    needs("Redis", 6379)
    without_redis = {key: value for key, value in env.items() if key != "REDIS_URL"}
    started = [Gunicorn(without_redis), Gunicorn(env)]
    try:
        for server in started:
            server.wait_until_ready()
        yield env, page_id, started
    finally:
        for server in started:
            server.stop()


def titles(server: Gunicorn) -> list[str]:
    status, _headers, listing = get(server, "/api/v2/pages/?type=pages.ConditionPage")
    assert status == 200
    return [item["title"] for item in listing["items"]]


def test_a_publish_from_another_process_is_served_at_once(publishing_servers):
    env, page_id, started = publishing_servers
    url = f"/api/v2/pages/{page_id}/"
    for server in started:
        for expected in ("miss", "hit"):
            status, headers, page = get(server, url)
            assert status == 200 and headers["X-API-Cache"] == expected
            assert page["title"] == "Stem cell therapy for ALS"
        titles(server)
        assert get(server, url)[1]["X-API-Cache"] == "hit"

    manage(env, "publish_scheduled")
    for server in started:
        status, headers, page = get(server, url)
        assert status == 200 and headers["X-API-Cache"] == "miss", server.url
        assert page["title"] == "Stem cell therapy for ALS (scheduled)"
        assert "Stem cell therapy for ALS (scheduled)" in titles(server)

    manage(
        env,
        "shell",
        "-c",
        f"from wagtail.models import Page; Page.objects.get(pk={page_id}).unpublish()",
    )
    for server in started:
        assert get(server, url)[0] == 404, server.url
        assert "Stem cell therapy for ALS (scheduled)" not in titles(server)


WORKER = ("db_worker", "--backend", "background", "--queue-name", "*", "--batch")


def test_the_worker_process_renders_a_publish_that_servers_then_answer_from(
    scratch_site,
):
    """The real worker (django-tasks-db's ``db_worker``) renders what a cron
    publish changed; a server answers from the rendered row; an unpublish from a
    shell stops that answer at once, before the worker runs again."""
    env, page_id = scratch_site
    without_redis = {key: value for key, value in env.items() if key != "REDIS_URL"}
    server = Gunicorn(without_redis)
    url = f"/api/v2/pages/{page_id}/"
    try:
        server.wait_until_ready()
        manage(env, *WORKER, "--no-reload", "--no-startup-delay")
        status, headers, page = get(server, url)
        assert (status, headers["X-API-Cache"]) == (200, "hit")
        assert page["title"] == "Stem cell therapy for ALS"

        manage(env, "publish_scheduled")
        # Until the worker has rendered it, the previous body is served.
        status, headers, page = get(server, url)
        assert (status, headers["X-API-Cache"]) == (200, "hit")
        assert page["title"] == "Stem cell therapy for ALS"
        manage(env, *WORKER, "--no-reload", "--no-startup-delay")
        status, headers, page = get(server, url)
        assert (status, headers["X-API-Cache"]) == (200, "hit")
        assert page["title"] == "Stem cell therapy for ALS (scheduled)"
        status, _headers, found = get(
            server, f"/api/v2/pages/find/?html_path={page['path']}"
        )
        assert (status, found) == (200, page)

        manage(
            env,
            "shell",
            "-c",
            f"from wagtail.models import Page; Page.objects.get(pk={page_id}).unpublish()",
        )
        assert get(server, url)[0] == 404
    finally:
        server.stop()
