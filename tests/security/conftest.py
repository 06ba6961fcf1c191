"""Fixtures of the security tests: one user per role, in the groups the migrations
create, and the clinic site of the API tests (drafts, restricted pages, private
images included)."""

from django.test import Client

import pytest

from tests.factories import PASSWORD, make_user

from .faulty_servers import (
    CLOSED_PORT_DATABASE,
    CLOSED_PORT_REDIS,
    SilentServer,
    start_server,
)

__all__ = ["PASSWORD", "ROLES", "ROLE_GROUPS", "make_user"]

# Role name → the group a migration creates for it (None: no group).
ROLE_GROUPS = {
    "editor": "Editors",
    "reviewer": "Medical reviewers",
    "coordinator": "Patient coordinators",
    "administrator": "Administrators",
}
ROLES = ("anonymous", *ROLE_GROUPS)


@pytest.fixture(scope="module")
def users(module_transaction) -> dict:
    """One user per role, named after it, built once per module."""
    return {role: make_user(role, group) for role, group in ROLE_GROUPS.items()}


@pytest.fixture
def client_for(users, db):
    """``client_for(role)``: a test client logged in as that role (or anonymous)."""

    def build(role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return build


# Servers whose database or Redis fails (tests/security/faulty_servers.py).
@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory):
    """One server per module: without a database it holds no state a test changes,
    and starting gunicorn costs seconds."""
    server = start_server(tmp_path_factory.mktemp("no-db"), CLOSED_PORT_DATABASE, None)
    yield server
    server.stop()


@pytest.fixture
def server_with_silent_database(tmp_path):
    silent = SilentServer()
    server = start_server(
        tmp_path, f"postgres://postgres@127.0.0.1:{silent.port}/clinic", None
    )
    yield server
    server.stop()
    silent.close()


@pytest.fixture
def silent_redis_url():
    silent = SilentServer()
    yield f"redis://127.0.0.1:{silent.port}/0"
    silent.close()


@pytest.fixture(params=["closed port", "hung"])
def broken_redis_url(request):
    if request.param == "closed port":
        yield CLOSED_PORT_REDIS
    else:
        yield request.getfixturevalue("silent_redis_url")
