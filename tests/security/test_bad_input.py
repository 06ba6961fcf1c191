"""Hostile input to the API: malformed JSON, wrong content types, NUL bytes, huge
numbers, unknown parameters. Every answer is a 4xx with a JSON body, never a 500;
and every API response carries the Content-Security-Policy."""

import json
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest

from leads.models import Lead

pytestmark = pytest.mark.django_db

LEADS_URL = "/api/v2/consultation-requests/"
HUGE = "9" * 400


@pytest.fixture
def client():
    # A 500 must come back as a response, as in production, not as an exception.
    return Client(raise_request_exception=False)


def assert_json_4xx(response, *statuses):
    assert 400 <= response.status_code < 500, (
        response.status_code,
        response.content[:300],
    )
    if statuses:
        assert response.status_code in statuses, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict) and body


POST_BODIES = [
    pytest.param(b"{", "application/json", (400,), id="truncated-json"),
    pytest.param(b"{'kind': 'callback'}", "application/json", (400,), id="quotes"),
    pytest.param(b"[" * 5_000 + b"]" * 5_000, "application/json", (400,), id="deep"),
    pytest.param(b"NaN", "application/json", (400,), id="nan"),
    pytest.param(b"\x00\x01\x02", "application/json", (400,), id="binary"),
    pytest.param(b'{"name": "\x00"}', "application/json", (400,), id="raw-nul"),
    pytest.param(b'{"name": "\\u0000"}', "application/json", (400,), id="escaped-nul"),
    pytest.param(b"\xff\xfe{}", "application/json", (400,), id="bad-utf8"),
    pytest.param(b"{}", "application/json; charset=klingon", (400,), id="charset"),
    pytest.param(b"[]", "application/json", (400,), id="array"),
    pytest.param(b'"text"', "application/json", (400,), id="string"),
    pytest.param(b"null", "application/json", (400,), id="null"),
    pytest.param(
        json.dumps({"condition_page": int(HUGE)}).encode(),
        "application/json",
        (400,),
        id="huge-int",
    ),
    pytest.param(b'{"condition_page": 1e999}', "application/json", (400,), id="inf"),
    pytest.param(b"x" * 20_000, "application/json", (413,), id="too-large"),
    pytest.param(
        b"kind=callback", "application/x-www-form-urlencoded", (415,), id="form"
    ),
    pytest.param(b"<a/>", "application/xml", (415,), id="xml"),
    pytest.param(b"{}", "text/plain", (415,), id="text"),
    pytest.param(b"{}", "", (415,), id="no-type"),
    pytest.param(
        b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--\r\n",
        "multipart/form-data; boundary=x",
        (415,),
        id="multipart",
    ),
]


@pytest.mark.parametrize(("body", "content_type", "statuses"), POST_BODIES)
def test_malformed_lead_submissions_are_4xx_json(
    client, db, body, content_type, statuses
):
    response = client.generic("POST", LEADS_URL, body, content_type=content_type)
    assert_json_4xx(response, *statuses)
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IDEMPOTENCY_KEY": "\x00" * 20},
        {"HTTP_IDEMPOTENCY_KEY": "é" * 20},
        {"HTTP_IDEMPOTENCY_KEY": "k" * 10_000},
        {"HTTP_ACCEPT": "text/html"},
        {"HTTP_X_FORWARDED_FOR": "not-an-address, \x00"},
    ],
)
def test_hostile_headers_on_lead_submissions_are_4xx_json(client, headers):
    response = client.post(
        LEADS_URL, {"kind": "callback"}, content_type="application/json", **headers
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")


BAD_QUERIES = [
    "/api/v2/pages/?offset=" + HUGE,
    "/api/v2/pages/?limit=" + HUGE,
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?limit=1e9",
    "/api/v2/pages/?child_of=" + HUGE,
    "/api/v2/pages/?ancestor_of=-1",
    "/api/v2/pages/?translation_of=%00",
    "/api/v2/pages/?type=pages.ConditionPage%00",
    "/api/v2/pages/?fields=%00",
    "/api/v2/pages/?fields=title%00",
    "/api/v2/pages/?order=%00",
    "/api/v2/pages/?locale=%00",
    "/api/v2/pages/?%00=1",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/?search=als&search_operator=xor",
    "/api/v2/pages/?rich_text_format=%00",
    "/api/v2/pages/?review_due_before=" + HUGE,
    "/api/v2/pages/?reviewed_after=9999-99-99",
    "/api/v2/pages/?utm_source=newsletter",
    "/api/v2/pages/find/?html_path=/%00",
    "/api/v2/pages/find/?id=" + HUGE,
    "/api/v2/pages/find/",
    "/api/v2/images/?limit=" + HUGE,
    "/api/v2/images/?fields=%00",
    "/api/v2/images/?unknown=1",
    "/api/v2/documents/?offset=-5",
    "/api/v2/documents/?title=%00",
    "/api/v2/doctors/?locale=%00",
    "/api/v2/doctors/?search=" + "x" * 100_000,
    "/api/v2/testimonials/?condition=" + HUGE,
    "/api/v2/testimonials/?condition=%00",
    "/api/v2/references/?doi=%00",
    "/api/v2/site/?locale=zz",
    "/api/v2/site/?locale=%00",
    "/api/v2/site/?unknown=1",
    "/api/v2/preview/?token=%00",
    "/api/v2/preview/?token=" + "a" * 100_000,
    "/api/v2/preview/?unknown=1",
]


@pytest.mark.parametrize("url", BAD_QUERIES)
def test_hostile_query_strings_are_4xx_json(client, shared_site, url):
    assert_json_4xx(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/references/?year=" + HUGE,
        "/api/v2/references/?year=-" + HUGE,
        "/api/v2/pages/?id=" + HUGE,
        "/api/v2/documents/?id=" + HUGE,
    ],
)
def test_huge_numbers_in_filters_never_fail(client, shared_site, url):
    """Django answers out-of-range integer lookups with no match: 200 and nothing,
    or 400; never a database overflow."""
    response = client.get(url)
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 200:
        assert response.json()["meta"]["total_count"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/" + HUGE + "/",
        "/api/v2/pages/%00/",
        "/api/v2/images/" + HUGE + "/",
        "/api/v2/doctors/-1/",
        "/api/v2/references/1e3/",
        "/api/v2/testimonials/0x10/",
        "/api/v2/" + "a" * 5000 + "/",
        "/api/v2/pages/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_hostile_paths_are_4xx_json(client, shared_site, url):
    assert_json_4xx(client.get(url), 400, 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "url",
    ["/api/v2/pages/", "/api/v2/site/", "/api/v2/consultation-requests/form-token/"],
)
def test_writes_to_read_only_endpoints_are_405_json(client, shared_site, method, url):
    response = client.generic(method, url, b"{}", content_type="application/json")
    assert_json_4xx(response, 405)


@pytest.mark.parametrize("accept", ["application/xml", "text/html", "image/png"])
def test_any_accept_header_gets_json(client, shared_site, accept):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/",
        "/api/v2/pages/999999/",
        "/api/v2/pages/?unknown=1",
        "/api/v2/site/",
        "/api/v2/consultation-requests/form-token/",
        "/api/schema/",
    ],
)
def test_api_responses_carry_a_content_security_policy(client, shared_site, url):
    response = client.get(url)
    assert response["Content-Security-Policy"] == settings.API_CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_lead_answers_carry_a_content_security_policy(client):
    response = client.post(LEADS_URL, b"{", content_type="application/json")
    assert response["Content-Security-Policy"] == settings.API_CONTENT_SECURITY_POLICY


def test_swagger_ui_loads_only_its_own_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy == settings.API_DOCS_CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    # Every script the page loads comes from our own static files.
    html = response.content.decode()
    for source in re.findall(r'<script src="([^"]+)"', html):
        assert source.startswith(settings.STATIC_URL), source


def test_admin_pages_keep_their_own_headers(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.xfail(
    strict=True,
    reason="Bug (Wagtail admin, reachable by any editor): a page form POST without "
    "the StreamField management keys (here alternate_names-count) raises "
    "MultiValueDictKeyError in the StreamField widget's value_from_datadict and "
    "answers 500 instead of a form error.",
)
@pytest.mark.parametrize("url_name", ["preview_on_edit", "edit"])
def test_admin_page_form_without_its_stream_keys_is_no_500(
    client_for, shared_site, url_name
):
    url = reverse(f"wagtailadmin_pages:{url_name}", args=[shared_site.therapy.pk])
    response = client_for("editor").post(url, {"title": "Only a title"})
    assert response.status_code < 500
