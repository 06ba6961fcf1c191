"""Listings assembled from the rendered pages' fields (issue 14) give the bytes a
rendering listing gives, for every page type of the demo, and render only the
pages that have no current render."""

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

import pytest

from api.materialize import materialize_all, request_renders
from api.models import RenderedField
from cms.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db

LISTINGS = [
    "/api/v2/pages/",
    "/api/v2/pages/?limit=50&fields=*",
    "/api/v2/pages/?type=pages.ConditionPage&fields=summary,hero_image,medical_review,related_pages&limit=20",
    "/api/v2/pages/?type=pages.ConditionPage&fields=*",
    "/api/v2/pages/?type=pages.TherapyPage&fields=*",
    "/api/v2/pages/?type=pages.ArticlePage&fields=*",
    "/api/v2/pages/?fields=title,seo,alternates&order=-last_published_at&limit=50",
    "/api/v2/pages/?type=pages.ConditionPage&fields=codes,medical_name&locale=en",
]


@pytest.fixture
def rendered_demo(demo_site):
    materialize_all()
    run_ready_tasks()


def listing(client, url, **settings):
    with override_settings(API_RESPONSE_CACHE=False, **settings):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.content


@pytest.mark.parametrize("url", LISTINGS)
def test_a_listing_from_rendered_fields_has_the_rendered_listings_bytes(
    client, rendered_demo, url
):
    assembled = listing(client, url)
    rendered = listing(client, url, API_RENDERED_PAGES=False)
    assert assembled == rendered


def test_a_listing_from_rendered_fields_runs_a_fixed_number_of_queries(
    client, rendered_demo
):
    url = LISTINGS[2]
    listing(client, url)
    with CaptureQueriesContext(connection) as few:
        listing(client, url.replace("limit=20", "limit=1"))
    with CaptureQueriesContext(connection) as many:
        listing(client, url)
    assert len(many) == len(few)
    assert not any("wagtailimages_rendition" in q["sql"] for q in many.captured_queries)


def test_pages_without_a_current_render_are_rendered_in_the_listing(
    client, rendered_demo
):
    from pages.models import ConditionPage

    url = LISTINGS[3]
    als = ConditionPage.objects.get(slug="als", locale__language_code="en")
    request_renders({f"page:{als.pk}"}, removal=True)
    assert not RenderedField.objects.filter(page_id=als.pk).exists()
    assert listing(client, url) == listing(client, url, API_RENDERED_PAGES=False)


def test_the_rich_text_format_parameter_gives_the_same_items(client, rendered_demo):
    url = "/api/v2/pages/?type=pages.ConditionPage&fields=summary,body"
    html = url + "&rich_text_format=html"
    assert listing(client, html) == listing(client, url)
    assert listing(client, html) == listing(client, html, API_RENDERED_PAGES=False)
