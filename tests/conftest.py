"""Fixtures shared by every test package."""

from django.core.cache import caches

from wagtail.models import Page, Site

import pytest
from rest_framework.test import APIClient

from tests.factories import HomePageFactory


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
