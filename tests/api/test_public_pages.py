"""Which pages the pages endpoint serves: live, outside every view restriction,
in the tree of the request's site or of its root's translations."""

import json

from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django.urls import resolve

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from pages.models import HomePage, TherapyPage

pytestmark = pytest.mark.django_db


def listed(client, **query) -> set[int]:
    response = client.get("/api/v2/pages/", {"limit": 100, **query})
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@override_settings(API_RESPONSE_CACHE=False)
def test_no_restriction_is_lifted_by_the_request_even_past_the_middleware(
    rf, clinic_site
):
    """Wagtail lifts a password restriction for a session that gave the
    password, a login one for a signed-in user. The API's answers are shared
    (cached, rendered once for everyone): its view lifts none, even for a
    request that reaches it with a session and a user (the middleware drops
    API cookies before either is read)."""
    therapy = clinic_site.therapy
    restriction = PageViewRestriction.objects.create(
        page=therapy,
        restriction_type=PageViewRestriction.PASSWORD,
        password="shared",
    )
    PageViewRestriction.objects.create(
        page=clinic_site.articles, restriction_type=PageViewRestriction.LOGIN
    )
    view = resolve("/api/v2/pages/").func
    request = rf.get("/api/v2/pages/", {"limit": 100})
    request.session = SessionStore()
    request.session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    request.user = User.objects.create_superuser("editor", "editor@example.com")
    response = view(request)

    ids = {item["id"] for item in json.loads(response.content)["items"]}
    assert clinic_site.condition.pk in ids
    assert therapy.pk not in ids
    assert clinic_site.article.pk not in ids


@override_settings(API_RESPONSE_CACHE=False)
def test_a_restriction_hides_the_page_and_everything_below_it(client, clinic_site):
    index = clinic_site.therapies
    below = {page.pk for page in index.get_descendants(inclusive=True).live()} & listed(
        client
    )
    assert {index.pk, clinic_site.therapy.pk} <= below

    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )

    assert not below & listed(client)
    for page_id in below:
        assert client.get(f"/api/v2/pages/{page_id}/").status_code == 404


@override_settings(API_RESPONSE_CACHE=False)
def test_the_site_parameter_serves_that_sites_tree_alone(client, clinic_site):
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Other", slug="other-home"))
    other_page = other_home.add_child(
        instance=TherapyPage(title="Elsewhere", slug="elsewhere", summary="Away")
    )
    Site.objects.create(hostname="other.example", root_page=other_home)

    default = listed(client)
    assert clinic_site.therapy.pk in default
    assert not {other_home.pk, other_page.pk} & default
    assert client.get(f"/api/v2/pages/{other_page.pk}/").status_code == 404

    elsewhere = listed(client, site="other.example")
    assert elsewhere == {other_home.pk, other_page.pk}
    detail = client.get(f"/api/v2/pages/{other_page.pk}/", {"site": "other.example"})
    assert detail.status_code == 400  # a listing filter, refused on a detail

    unknown = client.get("/api/v2/pages/", {"site": "nowhere.example"})
    assert unknown.status_code == 404


@override_settings(API_RESPONSE_CACHE=False)
def test_translations_of_the_site_root_are_in_the_site(client, clinic_site):
    german = clinic_site.german_condition
    assert german is not None
    assert german.pk in listed(client, locale="de")
    assert client.get(f"/api/v2/pages/{german.pk}/").status_code == 200
