"""Fixtures of the security tests: one user per role, in the groups the migrations
create, and the clinic site of the API tests (drafts, restricted pages, private
images included)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings

import pytest

from tests.api.content import build_clinic_site

PASSWORD = "a long and unguessable test password"
# Role name → the group a migration creates for it (None: no group).
ROLE_GROUPS = {
    "editor": "Editors",
    "reviewer": "Medical reviewers",
    "coordinator": "Patient coordinators",
    "administrator": "Administrators",
}
ROLES = ("anonymous", *ROLE_GROUPS)

# Figures the fuzz test leaves for the terminal summary (see pytest_terminal_summary).
FUZZ_REPORT: list[str] = []


def make_user(role: str):
    user = get_user_model().objects.create_user(
        username=role, email=f"{role}@clinic.example", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker, tmp_path_factory):
    """A transaction around a whole test module, rolled back at its end: data built
    once for the module (``shared_site``, ``users``) and each test's own changes in
    a savepoint of it (tests still ask for ``db``)."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        yield media
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def shared_site(module_transaction):
    """The clinic site of the API tests, built once per module."""
    return build_clinic_site()


@pytest.fixture(scope="module")
def users(module_transaction) -> dict:
    return {role: make_user(role) for role in ROLE_GROUPS}


@pytest.fixture
def client_for(users, db):
    """``client_for(role)``: a test client logged in as that role (or anonymous)."""

    def build(role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return build


@pytest.fixture
def clinic_site(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_clinic_site()


def pytest_terminal_summary(terminalreporter):
    if FUZZ_REPORT:
        terminalreporter.section("Schemathesis")
        for line in FUZZ_REPORT:
            terminalreporter.write_line(line)
