"""A listing's ``meta.total_count`` is kept per generation of what it counts
(``api.counts``): asked again, no page is counted; a page published, unpublished
or moved out of the listing is counted at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from api.cache import ALL, LISTINGS, invalidate
from api.counts import kept_count
from pages.models import ConditionPage
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
    # Another filter is another count; offset and limit are not.
    assert total(client, CONDITIONS + "&limit=1&offset=1") == (first, [])
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
