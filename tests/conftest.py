"""Fixtures shared by every test package.

Test data is built one way: factories (``tests.factories``) for what a test needs on
its own, and, for the larger sites several tests read, a module-scoped build inside
``module_transaction``: ``clinic_site`` (the API tests' site) and ``demo_site`` (the
demo loader's content). Each test still asks for ``db`` and runs in a savepoint of
the module's transaction, so what one test writes is gone before the next starts.
"""

import dataclasses
from io import StringIO

from django.core.cache import caches
from django.core.management import call_command
from django.db import connections, models, transaction
from django.test import override_settings

from wagtail.models import Page, Site

import pytest
from pytest_django.plugin import blocking_manager_key
from rest_framework.test import APIClient

from tests.api.content import ClinicSite, build_clinic_site
from tests.factories import HomePageFactory
from tests.snippets.record_server import RecordServer


@pytest.fixture(autouse=True)
def rich_text_as_html(settings):
    """The API's rich text format is part of its contract: pin it for every test."""
    settings.WAGTAILAPI_RICH_TEXT_FORMAT = "html"


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: Wagtail caches site root paths and the API
    caches responses, and neither may leak from one test's database into the next."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def root_page(db) -> Page:
    return Page.get_first_root_node()


@pytest.fixture
def home_page(root_page):
    """A published home page that the default site serves."""
    home = HomePageFactory(parent=root_page, title="Clinic", slug="clinic")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def record_server(settings):
    """doi.org and E-utilities answered by a local server with recorded records
    (the reference import's tests, in and out of the browser)."""
    with RecordServer() as server:
        settings.REFERENCE_DOI_RESOLVER_URL = f"{server.base_url}/doi/"
        settings.REFERENCE_EUTILS_URL = f"{server.base_url}/eutils/"
        yield server


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="password"
    )


@pytest.fixture
def admin_user(superuser):
    """pytest-django's name for the superuser: one account, whichever name a test uses."""
    return superuser


@pytest.fixture
def admin_client(client, superuser):
    """A Django test client logged in to the Wagtail admin as the superuser."""
    client.force_login(superuser)
    return client


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker, tmp_path_factory):
    """A transaction around a whole test module, rolled back at its end: data built
    once for the module and each test's own changes in a savepoint of it (tests still
    ask for ``db``). Yields the module's MEDIA_ROOT.

    From the first test that uses it to the module's end, every test of the module
    sees the module's data, whether it asks for it or not: keep tests that need an
    empty database in modules that do not use it."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        yield media
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def shared_site(module_transaction) -> ClinicSite:
    """The clinic site of the API tests (drafts, restricted pages, private images),
    built once per module. Tests take ``clinic_site``, a fresh copy of it."""
    site = build_clinic_site()
    nothing_rendered()
    return site


def nothing_rendered() -> None:
    """Tests start with no page rendered by the background worker, so that every
    read renders on request; a test about rendered pages runs the worker
    (``cms.tasks.run_ready_tasks``)."""
    from api.models import RenderedPage
    from cms.tasks import ready_tasks

    RenderedPage.objects.all().delete()
    ready_tasks().delete()


def _reloaded(value):
    if isinstance(value, models.Model):
        return type(value)._default_manager.get(pk=value.pk)
    if isinstance(value, list):
        return [_reloaded(item) for item in value]
    if isinstance(value, dict):
        return {key: _reloaded(item) for key, item in value.items()}
    return value


@pytest.fixture
def clinic_site(shared_site, db) -> ClinicSite:
    """The module's clinic site with every object loaded anew from the database: an
    object a previous test changed in memory (and whose save was rolled back) does
    not carry its changes into this test."""
    return dataclasses.replace(
        shared_site,
        **{
            field.name: _reloaded(getattr(shared_site, field.name))
            for field in dataclasses.fields(shared_site)
        },
    )


@pytest.fixture(scope="module")
def demo_content(module_transaction) -> None:
    """The demo site (``manage.py load_demo_content``, small images), loaded once per
    module: the load takes seconds."""
    call_command("load_demo_content", image_scale=0.05, stdout=StringIO())
    nothing_rendered()


@pytest.fixture
def demo_site(demo_content, db) -> None:
    """The demo content, with this test's writes rolled back after it."""


# Fixtures that start servers, a browser, the fuzzer or a full demo load: a test that
# uses one takes seconds, so it is marked ``slow`` (``pytest -m "not slow"`` skips it).
SLOW_FIXTURES = frozenset(
    {
        "demo_content",
        "api_schema",
        "browser",
        "live_server",
        "two_servers",
        "publishing_servers",
        "server_without_database",
        "server_without_redis",
    }
)


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def transactional(item: pytest.Item | None) -> bool:
    marker = item.get_closest_marker("django_db") if item is not None else None
    return marker is not None and bool(marker.kwargs.get("transaction"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database (Django's flush); the
    tests after it on this worker expect what the migrations wrote (the root
    page, the default site, the groups). pytest-django runs transactional tests
    after the others, but pytest-xdist hands out whole files: when one of them
    follows, the copy Django serialised at setup is loaded again."""
    result = yield
    if transactional(item) and nextitem is not None and not transactional(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            for alias in connections:
                contents = getattr(
                    connections[alias], "_test_serialized_contents", None
                )
                if contents:
                    connections[alias].creation.deserialize_db_from_string(contents)
    return result


# Figures the fuzz test (tests/security/test_fuzz_api.py) leaves for the summary.
FUZZ_REPORT: list[str] = []


def pytest_sessionfinish(session):
    """Under pytest-xdist the fuzz test runs in a worker: hand its figures to the
    controller, which prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None and FUZZ_REPORT:
        workeroutput["fuzz_report"] = list(FUZZ_REPORT)


def pytest_testnodedown(node, error):
    """xdist's controller: collect the figures a worker handed over."""
    FUZZ_REPORT.extend(getattr(node, "workeroutput", {}).get("fuzz_report", []))


def pytest_terminal_summary(terminalreporter):
    if FUZZ_REPORT:
        terminalreporter.section("Schemathesis")
        for line in FUZZ_REPORT:
            terminalreporter.write_line(line)
