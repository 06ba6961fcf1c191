"""The number of queries of a request does not grow with the content it shows.

Counts are taken on the warm path: the first request of each URL generates the
missing image renditions (writes), the second one is counted. The response cache
is off, so every counted request serialises.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from pages.models import TherapyPage
from tests.api.content import publish

from .content import build_large_condition_page, copy_condition_page

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> tuple[int, dict]:
    first = client.get(url)
    assert first.status_code == 200, first.content[:300]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.json()


def test_page_detail_queries_do_not_grow_with_the_page(client, clinic_site, uncached):
    small_count, small = count_queries(
        client, f"/api/v2/pages/{clinic_site.condition.pk}/"
    )
    large_page = build_large_condition_page(clinic_site, count=8)
    large_count, large = count_queries(client, f"/api/v2/pages/{large_page.pk}/")

    def blocks(stream):
        return sum(1 + len(child["value"].get("content", [])) for child in stream)

    assert blocks(large["body"]) >= 60 > blocks(small["body"]) * 2
    assert len(large["references"]) == 9 > len(small["references"])
    assert large_count == small_count, (small_count, large_count)


def test_find_by_path_queries_do_not_grow_with_the_page(client, clinic_site, uncached):
    small_count, _ = count_queries(
        client, "/api/v2/pages/find/?html_path=/conditions/als/"
    )
    build_large_condition_page(clinic_site, count=8)
    large_count, large = count_queries(
        client, "/api/v2/pages/find/?html_path=/conditions/long/"
    )
    assert large["title"] == "A long condition page"
    assert large_count == small_count, (small_count, large_count)


@pytest.mark.parametrize(
    "query",
    [
        "type=pages.ConditionPage&locale=en&fields=*",
        "type=pages.ConditionPage&fields=summary,hero_image,medical_review",
        "type=pages.ConditionPage&fields=summary,hero_image,related_pages,alternates",
        "locale=en",
    ],
)
def test_listing_queries_do_not_grow_with_the_number_of_pages(
    client, clinic_site, uncached, query
):
    url = f"/api/v2/pages/?{query}&limit=20"
    short_count, short = count_queries(client, url)
    for number in range(19):
        copy_condition_page(clinic_site, number)
    long_count, long = count_queries(client, url)
    assert len(long["items"]) == 20 > len(short["items"])
    assert long_count == short_count, (short_count, long_count)


def test_site_endpoint_queries_do_not_grow_with_the_menu(client, clinic_site, uncached):
    clinic_site.therapy.show_in_menus = True
    clinic_site.therapy.save_revision().publish()
    short_count, short = count_queries(client, "/api/v2/site/")
    for number in range(6):
        publish(
            clinic_site.therapies.add_child(
                instance=TherapyPage(
                    title=f"Menu therapy {number}",
                    slug=f"menu-{number}",
                    summary="In the menu",
                    show_in_menus=True,
                )
            )
        )
    long_count, long = count_queries(client, "/api/v2/site/")
    children = [child for item in long["navigation"] for child in item["children"]]
    assert (
        len(children) == 7 > sum(len(item["children"]) for item in short["navigation"])
    )
    assert long_count == short_count, (short_count, long_count)
