"""CORS: a frontend on another origin may revalidate by hand and read the validators."""

import pytest

pytestmark = pytest.mark.django_db

FRONTEND = "https://www.clinic.example"


@pytest.fixture(autouse=True)
def allowed_frontend(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND]


def header_list(response, name: str) -> set[str]:
    return {item.strip().lower() for item in response.get(name, "").split(",")}


def test_preflight_allows_conditional_request_headers(client, clinic_site):
    response = client.options(
        f"/api/v2/pages/{clinic_site.condition.pk}/",
        HTTP_ORIGIN=FRONTEND,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    allowed = header_list(response, "Access-Control-Allow-Headers")
    assert {"if-none-match", "if-modified-since", "idempotency-key"} <= allowed
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_answers_expose_validators_and_retry_after(client, clinic_site):
    url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    first = client.get(url, HTTP_ORIGIN=FRONTEND)
    assert first["Access-Control-Allow-Origin"] == FRONTEND
    exposed = header_list(first, "Access-Control-Expose-Headers")
    assert {"etag", "last-modified", "retry-after", "idempotent-replayed"} <= exposed
    # What a script then does with them: revalidate by hand.
    again = client.get(url, HTTP_ORIGIN=FRONTEND, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == FRONTEND


def test_other_origins_get_no_cors_headers(client, clinic_site):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Headers" not in response
