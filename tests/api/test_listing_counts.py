"""A listing's ``meta.total_count`` is kept per generation of what it counts
(``api.counts``): asked again, no page is counted; a page published, unpublished
or moved out of the listing is counted at once."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from api import counts
from api.cache import ALL, LISTINGS, invalidate
from api.counts import kept_count
from pages.models import ConditionPage, HomePage
from tests.factories.pages import ConditionPageFactory

pytestmark = pytest.mark.django_db

CONDITIONS = "/api/v2/pages/?type=pages.ConditionPage"


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    """The count alone is kept: every response is made anew."""
    settings.API_RESPONSE_CACHE = False
    settings.API_RENDERED_PAGES = False


def total(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-API-Cache"] == "off"
    counted = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    return response.json()["meta"]["total_count"], counted


def test_a_count_asked_again_is_not_counted_again(client, clinic_site):
    first, counted = total(client, CONDITIONS)
    assert first >= 1 and len(counted) == 1
    again, counted = total(client, CONDITIONS)
    assert (again, counted) == (first, [])
    # Another filter is another count; offset, limit, fields and the order of
    # the parameters are not.
    assert total(client, CONDITIONS + "&limit=1&offset=1") == (first, [])
    reordered = "/api/v2/pages/?fields=summary&limit=3&type=pages.ConditionPage"
    assert total(client, reordered) == (first, [])
    everything, counted = total(client, "/api/v2/pages/")
    assert everything > first and len(counted) == 1


def test_a_page_published_or_unpublished_is_counted_at_once(client, clinic_site):
    before, _ = total(client, CONDITIONS)
    page = ConditionPageFactory(parent=clinic_site.condition.get_parent())
    page.save_revision().publish()
    assert total(client, CONDITIONS)[0] == before + 1
    page.unpublish()
    assert total(client, CONDITIONS)[0] == before
    clinic_site.condition.unpublish()
    assert total(client, CONDITIONS)[0] == before - 1


def test_a_count_is_kept_for_its_generations_only(clinic_site):
    """A change made without Wagtail's signals renews no generation, so the kept
    count stands (docs/api.md: such changes are not seen until expiry); renewing
    the generation makes it count again."""
    live = ConditionPage.objects.live()
    counted = live.count()
    assert kept_count(live, [ALL, LISTINGS]) == counted
    live.filter(pk=clinic_site.condition.pk).update(live=False)
    assert kept_count(live, [ALL, LISTINGS]) == counted
    invalidate([LISTINGS])
    assert kept_count(live, [ALL, LISTINGS]) == counted - 1


def test_a_count_is_kept_per_site_and_per_day(
    client, clinic_site, settings, monkeypatch
):
    """The pages a listing counts depend on the request's site (its host, or
    ``?site=``) and on the day (review and consent dates): each keeps its own."""
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Other", slug="other-home"))
    Site.objects.create(hostname="other.example", root_page=other_home)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]

    first, counted = total(client, "/api/v2/pages/")
    assert first > 1 and len(counted) == 1
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v2/pages/", HTTP_HOST="other.example")
    assert response.json()["meta"]["total_count"] == 1
    assert any("COUNT(" in query["sql"] for query in queries.captured_queries)
    assert total(client, "/api/v2/pages/?site=other.example")[0] == 1

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(counts.timezone, "localdate", lambda: tomorrow)
    again, counted = total(client, "/api/v2/pages/")
    assert again == first and len(counted) == 1
