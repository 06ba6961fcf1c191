"""The routing endpoints: redirects from old paths, and the sitemap."""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

import pytest

from pages.models import ClinicSettings
from pages.representations import page_path

pytestmark = pytest.mark.django_db


def redirect_for(client, path: str):
    return client.get("/api/v2/redirects/", {"path": path})


def test_a_slug_change_answers_a_permanent_redirect_at_once(
    client, clinic_site, validate_response, django_capture_on_commit_callbacks
):
    old = page_path(clinic_site.condition)
    assert redirect_for(client, old).status_code == 404
    page = clinic_site.condition.specific
    page.slug = "als-new"
    # Wagtail creates the redirect once the publish commits.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = redirect_for(client, old)
    assert response.status_code == 200, response.content
    data = response.json()
    validate_response(data, "Redirect")
    new = page_path(Page.objects.get(pk=page.pk))
    assert new.endswith("/als-new/")
    assert data["is_permanent"] is True
    assert data["target"]["page_id"] == page.pk
    assert data["target"]["path"] == new
    assert data["target"]["url"].endswith(new)
    # The same path without its trailing slash, as a frontend may receive it.
    assert redirect_for(client, old.rstrip("/")).json() == data


def test_moving_a_page_redirects_its_old_path(
    client, clinic_site, django_capture_on_commit_callbacks
):
    old = page_path(clinic_site.article)
    with django_capture_on_commit_callbacks(execute=True):
        clinic_site.article.move(clinic_site.therapies, pos="last-child")
    data = redirect_for(client, old).json()
    assert data["target"]["path"] == page_path(
        Page.objects.get(pk=clinic_site.article.pk)
    )
    assert data["target"]["path"].startswith("/therapies/")


def test_a_redirect_to_a_page_the_public_cannot_see_is_not_found(client, clinic_site):
    site = Site.objects.get(is_default_site=True)
    for page in (
        clinic_site.draft_page,
        clinic_site.unpublished_page,
        clinic_site.restricted_page,
    ):
        Redirect.add_redirect(f"/old-{page.pk}/", page, site=site)
        response = redirect_for(client, f"/old-{page.pk}/")
        assert response.status_code == 404
        assert response.json() == {"message": "no redirect from this path"}


def test_an_editor_redirect_to_a_link_is_answered_as_is(client, clinic_site):
    Redirect.add_redirect("/campaign/", "https://campaign.example/", is_permanent=False)
    data = redirect_for(client, "/campaign/?utm=x").json() or {}
    assert redirect_for(client, "/campaign/").json() == {
        "old_path": "/campaign",
        "is_permanent": False,
        "target": {"page_id": None, "path": None, "url": "https://campaign.example/"},
    }
    assert data.get("old_path") in (None, "/campaign?utm=x")


@pytest.mark.parametrize("query", ["", "?path=", "?path=no-slash", "?path=/a&x=1"])
def test_a_redirect_query_without_a_path_is_refused(client, clinic_site, query):
    assert client.get(f"/api/v2/redirects/{query}").status_code == 400


def test_the_sitemap_lists_every_public_page_and_nothing_else(
    client, clinic_site, validate_response
):
    ClinicSettings.objects.filter(site__is_default_site=True).update(
        frontend_base_url="https://www.clinic.example"
    )
    response = client.get("/api/v2/sitemap/?limit=100")
    assert response.status_code == 200
    data = response.json()
    for entry in data["items"]:
        validate_response(entry, "SitemapEntry")
    ids = {entry["id"] for entry in data["items"]}
    public = {
        page.pk
        for page in Page.objects.live().public()
        if page.depth > 1 and page_path(page) is not None
    }
    assert ids == public
    hidden = {
        clinic_site.draft_page.pk,
        clinic_site.unpublished_page.pk,
        clinic_site.restricted_page.pk,
    }
    assert not ids & hidden
    assert data["meta"]["total_count"] == len(ids)
    condition = next(e for e in data["items"] if e["id"] == clinic_site.condition.pk)
    assert condition["url"] == "https://www.clinic.example" + condition["path"]
    assert condition["last_modified"]
    if clinic_site.german_condition is not None:
        locales = {alt["locale"]: alt["url"] for alt in condition["alternates"]}
        assert set(locales) == {"en", "de", "x-default"}
        assert locales["x-default"] == locales["en"]
        assert locales["de"].startswith("https://www.clinic.example/de/")
    first = client.get("/api/v2/sitemap/?limit=2&offset=1").json()
    assert [e["id"] for e in first["items"]] == [e["id"] for e in data["items"][1:3]]


def test_a_newly_restricted_page_leaves_the_sitemap_at_once(client, clinic_site):
    def ids():
        return {
            e["id"] for e in client.get("/api/v2/sitemap/?limit=100").json()["items"]
        }

    assert clinic_site.therapy.pk in ids()
    PageViewRestriction.objects.create(
        page=clinic_site.therapy, restriction_type=PageViewRestriction.LOGIN
    )
    assert clinic_site.therapy.pk not in ids()


def test_sitemap_xml_lists_the_same_pages_with_their_languages(client, clinic_site):
    from xml.etree import ElementTree

    ClinicSettings.objects.filter(site__is_default_site=True).update(
        frontend_base_url="https://www.clinic.example"
    )
    entries = client.get("/api/v2/sitemap/?limit=100").json()["items"]
    response = client.get("/api/v2/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own answer
    urls = root.findall("s:url", namespaces)
    assert [url.find("s:loc", namespaces).text for url in urls] == [
        entry["url"] for entry in entries
    ]
    condition = next(
        url
        for url in urls
        if url.find("s:loc", namespaces).text.endswith(page_path(clinic_site.condition))
    )
    assert condition.find("s:lastmod", namespaces).text
    if clinic_site.german_condition is not None:
        links = condition.findall("x:link", namespaces)
        assert {link.get("hreflang") for link in links} == {"en", "de", "x-default"}
        assert all(
            link.get("href").startswith("https://www.clinic.example/") for link in links
        )
