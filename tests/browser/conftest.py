"""Playwright driving Debian's Chromium (``apt-get install chromium``); no browser is
ever downloaded. Screenshots of a failing test are kept under test-artifacts/."""

import re
from pathlib import Path

from django.conf import settings

from wagtail.models import Site

import pytest
from playwright.sync_api import sync_playwright

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
