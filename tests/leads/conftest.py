"""Fixtures for the patient request tests: clients, payloads and admin users."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from wagtail.models import GroupPagePermission, Page

import pytest

from leads.antibot import issue_form_token
from leads.permissions import COORDINATORS_GROUP
from tests.factories import make_user

ENDPOINT = "/api/v2/consultation-requests/"
FORM_TOKEN_ENDPOINT = "/api/v2/consultation-requests/form-token/"
ADMIN_INDEX = "/admin/patient-requests/"


@pytest.fixture(autouse=True)
def leads_settings(settings):
    """A fresh throttle history per test and a rate that only throttling tests lower."""
    settings.LEADS_RATE_LIMIT = "1000/minute"
    settings.LEADS_TRUSTED_PROXIES = 0
    settings.LEADS_MIN_FILL_SECONDS = 3
    settings.LEADS_FORM_TOKEN_MAX_AGE = 24 * 3600
    settings.LEADS_NOTIFY_EMAILS = []
    settings.LEADS_CONSENT_TEXT_VERSIONS = []
    cache.clear()
    yield settings
    cache.clear()


def aged_form_token(seconds: float = 10) -> str:
    """A form token as if the form had been shown ``seconds`` ago."""
    return issue_form_token(time.time() - seconds)


@pytest.fixture
def payload() -> dict:
    """A valid callback request body, with a national phone number."""
    return {
        "kind": "callback",
        "name": "Anna Beispiel",
        "phone": "030 901820",
        "email": "Anna.Beispiel@example.org",
        "country": "DE",
        "language": "de",
        "preferred_time": "Weekdays after 5 pm",
        "message": "My mother was diagnosed last spring; what are the next steps?",
        "consent": True,
        "consent_text_version": "2025-01",
        "source_url": "https://clinic.example/conditions/als/",
        "form_token": aged_form_token(),
        "website": "",
    }


@pytest.fixture
def post_request(api_client, db):
    """POST a body as JSON to the endpoint; extra kwargs become request META."""

    def post(body, **extra):
        return api_client.post(ENDPOINT, body, format="json", **extra)

    return post


def page_editing_group(name: str, permissions: list[str]) -> Group:
    """A group like the site's editors or reviewers: admin access and page rights."""
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    root = Page.get_first_root_node()
    for permission in permissions:
        GroupPagePermission.objects.create(
            group=group, page=root, permission_type=permission
        )
    return group


@pytest.fixture
def coordinator(db):
    return make_user("coordinator", COORDINATORS_GROUP, first_name="Carla")


@pytest.fixture
def page_editor(db):
    group = page_editing_group("Test editors", ["add", "change", "publish"])
    return make_user("page_editor", group)


@pytest.fixture
def medical_reviewer(db):
    group = page_editing_group("Test reviewers", ["change", "publish"])
    return make_user("medical_reviewer", group)


@pytest.fixture
def leads_superuser(db):
    return get_user_model().objects.create_superuser(
        username="leads_admin", email="leads_admin@clinic.example", password="password"
    )
