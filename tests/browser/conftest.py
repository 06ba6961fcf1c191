"""Playwright driving Debian's Chromium (``apt-get install chromium``); no browser is
ever downloaded. Screenshots of a failing test are kept under test-artifacts/.

The admin is served by a live server of its own (``live_server`` below). While an
editor works, Wagtail's autosave and editing-session pings send requests of their
own, alongside the editor's: on PostgreSQL the server answers them at the same
time; on SQLite, whose test database lives in memory, it answers one at a time
through the test's own connection (see ``OneRequestAtATime``)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

from wagtail.models import Site

import pytest
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD, ConditionIndexPageFactory, HomePageFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"


class OneRequestAtATime(LiveServerThread):
    """A live server thread that, given the test's in-memory SQLite connection,
    answers one request at a time through it.

    Each connection of its own to the in-memory test database shares one cache,
    and SQLite refuses at once ("database table is locked": no busy timeout here)
    a query on a table that another connection is writing. Under load an
    autosave met the editor's "Save draft", or a chooser creating a reference,
    and one of them answered 503: the draft stayed an autosave from before the
    citation, or the chooser never closed. Through one connection nothing is
    locked, and one request at a time, no request runs inside another's
    transaction. On PostgreSQL (no connection to share) the server stays threaded,
    as in production."""

    def _create_server(self, connections_override=None):
        if not connections_override:
            return super()._create_server(connections_override=connections_override)
        # Not threaded: each request runs in this thread, whose connections
        # LiveServerThread.run() has replaced with the shared ones.
        return WSGIServer(
            (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
        )


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    """pytest-django's live server with ``OneRequestAtATime``, made once the test
    database exists: pytest-django's own fixture, made first when a test asks for
    it before the database, found no in-memory connection to share, so each
    request opened one of its own."""
    server = LiveServer("localhost", start=False)
    made = server.thread
    server.thread = OneRequestAtATime(
        made.host,
        made.static_handler,
        connections_override=made.connections_override,
        port=made.port,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in the test's thread; the test still
    # sets up and checks data with the ORM there, never concurrently with it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def pages_taken(request, browser):
    """Opens browser pages; on failure, saves a screenshot of each one."""
    opened = []

    def open_page():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        # Every wait is for a condition, so a generous limit costs nothing when the
        # page is quick; under load (pytest-xdist runs two browsers and two live
        # servers on two cores) the admin's JavaScript can take many seconds.
        context.set_default_timeout(45_000)
        page = context.new_page()
        opened.append(page)
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for number, page in enumerate(opened):
            if not page.is_closed():
                page.screenshot(path=ARTIFACTS / f"{name}-{number}.png", full_page=True)


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def save_draft(page) -> None:
    """Clicks "Save draft" and waits until the server has saved the form and the
    editor is shown the confirmation.

    The address proves nothing: Wagtail's autosave moves a new page's form (and
    the address) to its edit view before the editor saves, and an existing page
    is there all along. A test that went on at once read the database, or closed
    the browser, while the save was still on its way."""
    with page.expect_response(
        lambda response: (
            response.request.method == "POST"
            and response.request.is_navigation_request()
        )
    ) as submitted:
        page.get_by_role("button", name="Save draft").click()
    # 302 to the edit view; 200 would be the form again, with its errors.
    assert submitted.value.status == 302, f"saving answered {submitted.value.status}"
    expect(page.locator(".messages .success")).to_be_visible()


@pytest.fixture
def logged_in(live_server, pages_taken):
    """``logged_in(username)`` opens a browser page on the live server's admin,
    logged in as that user (made with ``tests.factories.make_user``)."""

    def open_page(username: str):
        page = pages_taken()
        log_in(page, live_server.url, username)
        return page

    return open_page


@pytest.fixture
def conditions(live_server):
    """The condition index of a clinic site that the live server (on localhost)
    serves: a home page "Clinic" (slug ``clinic``), the default site's root."""
    home = HomePageFactory(title="Clinic", slug="clinic")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return ConditionIndexPageFactory(parent=home)
