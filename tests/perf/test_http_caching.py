"""ETag, Last-Modified, Cache-Control and 304s; the shared response cache."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "detail",
    "/api/v2/pages/find/?html_path=/conditions/als/",
    "/api/v2/pages/?type=pages.ConditionPage&fields=*",
    "/api/v2/site/",
    "/api/v2/doctors/",
    "/api/v2/images/",
]


def resolve(url: str, site) -> str:
    return f"/api/v2/pages/{site.condition.pk}/" if url == "detail" else url


@pytest.mark.parametrize("url", URLS)
def test_responses_carry_validators_and_cache_control(client, clinic_site, url):
    response = client.get(resolve(url, clinic_site))
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert parse_http_date(response["Last-Modified"])
    assert response["Cache-Control"] == (
        "public, max-age=60, stale-while-revalidate=300"
    )
    assert "Accept" in response["Vary"]


def test_cache_control_comes_from_settings(client, clinic_site, settings):
    settings.API_CACHE_MAX_AGE = 120
    settings.API_CACHE_S_MAXAGE = 3600
    settings.API_CACHE_STALE_WHILE_REVALIDATE = 30
    response = client.get("/api/v2/site/")
    assert response["Cache-Control"] == (
        "public, max-age=120, s-maxage=3600, stale-while-revalidate=30"
    )


def test_if_none_match_gets_304(client, clinic_site):
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    first = client.get(url)
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated["ETag"] == first["ETag"]
    assert revalidated["Cache-Control"] == first["Cache-Control"]
    other = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200
    assert other.content == first.content


def test_if_modified_since_gets_304(client, clinic_site):
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    first = client.get(url)
    last_modified = parse_http_date(first["Last-Modified"])
    same = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert same.status_code == 304
    older = client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(last_modified - 60))
    assert older.status_code == 200


def test_head_is_answered_like_get(client, clinic_site):
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert client.head(url, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


def test_cache_hit_returns_identical_bytes_with_two_queries(client, clinic_site):
    """A page the worker has not rendered: one indexed read finds no rendered body
    (docs/api.md, "Rendered pages"), the other reads the generations (what keeps
    every process fresh, "Freshness"). A rendered page's hit is one read
    (tests/api/test_rendered_pages.py)."""
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    first = client.get(url)
    assert first["X-API-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second["X-API-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    rendered, generations = queries.captured_queries
    assert "api_renderedpage" in rendered["sql"]
    assert "api_cachegeneration" in generations["sql"]


def test_query_string_and_renderer_are_part_of_the_key(client, clinic_site):
    listing = "/api/v2/pages/?type=pages.ConditionPage"
    client.get(listing)
    with_summary = client.get(listing + "&fields=summary")
    assert with_summary["X-API-Cache"] == "miss"
    assert "summary" in with_summary.json()["items"][0]
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    full = client.get(url)
    # No browsable API: a browser asking for HTML gets the same JSON.
    browser = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert browser["Content-Type"] == "application/json"
    assert browser.content == full.content


def test_errors_are_not_cached(client, clinic_site):
    missing = client.get("/api/v2/pages/999999/")
    assert missing.status_code == 404
    assert "ETag" not in missing and "X-API-Cache" not in missing
    bad = client.get("/api/v2/pages/?limit=1000")
    assert bad.status_code == 400 and "ETag" not in bad


def cache_keys() -> dict:
    """Every key of the (locmem) response cache, with its expiry time."""
    from django.core.cache import cache

    return dict(cache._expire_info)


def test_requests_that_fail_leave_no_key_behind(client, clinic_site):
    """50 unknown ids used to leave 50 generation keys that never expired."""
    client.get(resolve("detail", clinic_site))  # the shared tags exist now
    before = cache_keys()
    for number in range(50):
        assert client.get(f"/api/v2/pages/{900_000 + number}/").status_code == 404
    assert client.get("/api/v2/pages/find/?html_path=/nowhere/").status_code == 404
    assert client.get("/api/v2/pages/find/?id=abc").status_code == 400
    assert client.get("/api/v2/pages/?limit=1000").status_code == 400
    assert cache_keys().keys() == before.keys()


def test_every_key_the_cache_writes_expires(client, clinic_site):
    from api.cache import invalidate, page_tag

    for url in URLS:
        assert client.get(resolve(url, clinic_site)).status_code == 200
    invalidate([page_tag(clinic_site.condition.pk), "listings"])
    keys = cache_keys()
    assert len(keys) > len(URLS)
    assert [key for key, expires in keys.items() if expires is None] == []


def test_responses_do_not_depend_on_accept_language(client, clinic_site):
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert german["X-API-Cache"] == "hit"
    assert german.content == english.content


def test_server_cache_can_be_switched_off(client, clinic_site, settings):
    settings.API_RESPONSE_CACHE = False
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    first = client.get(url)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert first["X-API-Cache"] == "off"
    assert second.status_code == 304
    assert "Last-Modified" not in first


def test_a_lost_body_is_recomputed(client, clinic_site):
    from django.core.cache import cache

    from api.cache import local_bodies

    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    first = client.get(url)
    # Stored keys are "<prefix>:<version>:<key>" in the local-memory cache.
    bodies = [key.split(":", 2)[2] for key in cache._cache if key.endswith(":body")]
    assert bodies
    cache.delete_many(bodies)
    local_bodies.clear()  # and this process's copies
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    again = client.get(url, HTTP_IF_NONE_MATCH='"other"')
    assert again.status_code == 200 and again["X-API-Cache"] == "miss"
    assert again.content == first.content


def test_hits_reuse_this_process_copy_of_the_body_only_for_its_etag(
    client, clinic_site
):
    from api.cache import local_bodies

    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    first = client.get(url)
    assert local_bodies.get(first["ETag"]) == first.content
    clinic_site.condition.title = "A new title"
    clinic_site.condition.save_revision().publish()
    second = client.get(url)
    assert second["X-API-Cache"] == "miss"
    assert second["ETag"] != first["ETag"]
    assert second.json()["title"] == "A new title"


def test_a_response_computed_while_its_page_changed_is_stale(db):
    from api.bodies import CachedResponse
    from api.cache import current_generations, invalidate

    read_before = current_generations(["page:999999"])
    assert read_before == {"page:999999": ""}
    invalidate(["page:999999"])  # an editor publishes while the response is computed
    entry = CachedResponse("application/json", '"e"', 0, read_before)
    assert not entry.is_current(current_generations(["page:999999"]))


def test_a_rolled_back_change_invalidates_nothing(db):
    from django.db import transaction

    from api.cache import current_generations, invalidate

    read_before = current_generations(["page:999999", "listings"])
    with transaction.atomic():
        invalidate(["page:999999", "listings"])
        assert current_generations(["page:999999", "listings"]) != read_before
        transaction.set_rollback(True)
    assert current_generations(["page:999999", "listings"]) == read_before
