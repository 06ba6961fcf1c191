"""The CMS host serves no page HTML: the public site is the frontend. A page's URL
here sends a public page to its site's frontend ("View live"), and answers 404 for
everything else or when the site has no frontend (issue 11, High 1)."""

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction, Site

import pytest

from tests.factories import ConditionIndexPageFactory, ConditionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    index = ConditionIndexPageFactory(parent=home_page)
    page = ConditionPageFactory(
        parent=index, title="ALS explained", summary="Key facts about ALS."
    )
    return home_page, index, page


def use_frontend(hostname: str, port: int) -> None:
    # Saved as the admin does: a save clears Wagtail's cached site root paths,
    # which a publish fills (the change feed records each page's path).
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = hostname, port
    site.save()


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_public_page_url_redirects_to_the_frontend(
    client, pages, superuser, signed_in
):
    use_frontend("clinic.example", 443)
    if signed_in:
        client.force_login(superuser)
    home, _index, page = pages
    for target in (page, home):
        response = client.get(target.url)
        assert response.status_code == 302
        assert response["Location"] == "https://clinic.example" + target.url
        assert b"ALS explained" not in response.content


def test_without_a_frontend_the_cms_host_answers_404(client, pages):
    use_frontend("testserver", 80)
    _home, _index, page = pages
    response = client.get(page.url)
    assert response.status_code == 404
    assert b"ALS explained" not in response.content
    assert b"Key facts about ALS." not in response.content


def test_pages_the_public_may_not_see_are_not_found(client, pages):
    use_frontend("clinic.example", 443)
    _home, index, page = pages
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Staff only")])
    response = client.get("/conditions/" + page.slug + "/")
    assert response.status_code in (302, 404)
    assert "clinic.example" not in response.get("Location", "")
    index.unpublish()
    assert client.get(index.url or "/conditions/").status_code == 404
