"""No input reaches a 500: bad parameters are 400 JSON, unknown objects 404 JSON."""

import pytest

pytestmark = pytest.mark.django_db

BAD_REQUESTS = [
    "/api/v2/pages/?child_of=99999999999999999999999",
    "/api/v2/pages/?descendant_of=-5",
    "/api/v2/pages/?offset=99999999999999999999999",
    "/api/v2/pages/?limit=abc",
    "/api/v2/pages/?title=%00",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/?search=" + "a" * 5000,
    "/api/v2/pages/?fields=unknown_field",
    "/api/v2/pages/?unknown_parameter=1",
    "/api/v2/pages/?type=nope.Nothing",
    "/api/v2/pages/?review_due_before=2020-13-45",
    "/api/v2/pages/find/?id=abc",
    "/api/v2/images/?offset=-1",
    "/api/v2/doctors/?id=99999999999999999999999",
    "/api/v2/testimonials/?condition=abc",
    "/api/v2/references/?year=notayear",
    "/api/v2/site/?locale=%00",
    "/api/v2/pages/find/?html_path=/%00/",
]
NOT_FOUND = [
    "/api/v2/pages/abc/",
    "/api/v2/pages/99999999999999999999999/",
    "/api/v2/pages/0/",
    "/api/v2/images/99999999999999999999999/",
    "/api/v2/doctors/abc/",
    "/api/v2/nothing-here/",
]


@pytest.mark.parametrize("url", BAD_REQUESTS)
def test_bad_parameters_are_400_json(client, clinic_site, url):
    response = client.get(url)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.parametrize("url", NOT_FOUND)
def test_unknown_objects_are_404_json(client, clinic_site, url):
    response = client.get(url)
    assert response.status_code == 404, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "message" in response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_content_api_is_read_only(client, clinic_site, method):
    response = getattr(client, method)(
        "/api/v2/pages/", data="{}", content_type="application/json"
    )
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


def test_cors_allow_list_comes_from_settings(client, clinic_site, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://frontend.example"]
    allowed = client.get("/api/v2/pages/", HTTP_ORIGIN="https://frontend.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://frontend.example"
    refused = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in refused


ACCEPT_HEADERS = ["text/html,application/xhtml+xml", "application/xml", "*/*"]
ERRORS_ON_EVERY_ROUTE = [
    ("get", "/api/v2/pages/99999/", 404),
    ("get", "/api/v2/pages/?limit=abc", 400),
    ("get", "/api/v2/pages/?format=api", 400),
    ("get", "/api/v2/", 404),
    ("get", "/api/anything", 404),
    ("get", "/api/v2/doctors/-1/", 404),
    ("get", "/api/v2/pages/abc/", 404),
    ("patch", "/api/v2/pages/3/", 405),
    ("get", "/api/nothing/here/", 404),
    ("get", "/api/v2/preview/", 401),
    ("post", "/api/v2/pages/", 405),
    ("delete", "/api/v2/doctors/", 405),
    ("get", "/api/v2/consultation-requests/", 405),
    ("put", "/api/v2/consultation-requests/form-token/", 405),
    ("get", "/api/schema/?format=xml", 404),
]


@pytest.mark.parametrize("accept", ACCEPT_HEADERS)
@pytest.mark.parametrize(("method", "url", "status"), ERRORS_ON_EVERY_ROUTE)
def test_every_api_error_is_json_in_one_shape(client, method, url, status, accept):
    response = getattr(client, method)(url, HTTP_ACCEPT=accept)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"message"} and isinstance(body["message"], str)


@pytest.mark.parametrize("accept", ACCEPT_HEADERS)
def test_no_browsable_api(client, clinic_site, accept):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("size", [1024, 64 * 1024])
def test_a_body_over_the_size_limit_is_413_json(client, settings, size):
    """Over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (1 KB here) or over the
    endpoint's own limit (16 KB): 413 either way, never 400."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = size
    response = client.post(
        "/api/v2/consultation-requests/",
        data=b"[" + b"1," * 10_000 + b"1]",
        content_type="application/json",
    )
    assert response.status_code == 413, response.content[:200]
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"message"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?site=%00",
        "/api/v2/pages/?site=a%00b&type=pages.ConditionPage",
        "/api/v2/pages/find/?html_path=/&site=%00",
        "/api/v2/images/?site=%00",
        "/api/v2/doctors/?locale=%00",
    ],
)
def test_nul_bytes_are_refused_before_the_database_sees_them(client, url):
    """PostgreSQL refuses NUL in text: a parameter Wagtail reads while building its
    queryset (``site``) once reached it and answered 500. Where the parameter is
    not accepted at all, it is refused as unknown."""
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["message"]
