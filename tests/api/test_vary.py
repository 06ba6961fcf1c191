"""Every answer under /api/ varies on exactly the headers docs/api.md documents.

The expected sets are read from the "Vary" table of docs/api.md, so a dimension
added to an endpoint fails here until it is documented (or removed).
"""

import re
from pathlib import Path

from django.utils.cache import cc_delim_re

import pytest

from leads.antibot import issue_form_token
from pages.preview import make_preview_token

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ORIGIN = "http://localhost:3000"
# Headers that must change nothing: sent with every request below.
BROWSER_HEADERS = {
    "HTTP_ORIGIN": ORIGIN,
    "HTTP_ACCEPT_LANGUAGE": "de-CH, de;q=0.9, it;q=0.5",
    "HTTP_COOKIE": "sessionid=abc; django_language=it",
    "HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd",
}


def documented_vary() -> dict[str, set[str]]:
    """``{row name: {header, ...}}`` from the "Vary" table of docs/api.md."""
    section = DOCS.read_text().split("\n## Vary\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\| \*\*(\w+)\*\*.*\| ([^|]*) \|$", line)
        if match:
            rows[match[1]] = {
                name.lower() for name in re.findall(r"`([^`]+)`", match[2])
            }
    return rows


def vary(response) -> set[str]:
    return {
        name.strip().lower()
        for name in cc_delim_re.split(response.get("Vary", ""))
        if name.strip()
    }


def content_requests(client, site):
    from wagtail.contrib.redirects.models import Redirect

    page = site.condition.pk
    Redirect.add_redirect("/vary-old-path/", site.condition)
    urls = [
        "/api/v2/pages/",
        f"/api/v2/pages/{page}/",
        "/api/v2/pages/find/?html_path=/conditions/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v2/doctors/",
        f"/api/v2/doctors/{site.doctor.pk}/",
        "/api/v2/testimonials/",
        "/api/v2/references/",
        "/api/v2/site/",
        "/api/v2/redirects/?path=/vary-old-path/",
        "/api/v2/sitemap/",
    ]
    for url in urls:
        first = client.get(url, **BROWSER_HEADERS)
        yield url, first
        yield f"HEAD {url}", client.head(url, **BROWSER_HEADERS)
        yield (
            f"{url} (304)",
            client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **BROWSER_HEADERS),
        )


def json_requests(client, site):
    draft = site.condition.save_revision()
    token = make_preview_token(site.condition, draft)
    yield "404", client.get("/api/v2/pages/999999/", **BROWSER_HEADERS)
    yield "405", client.put("/api/v2/site/", **BROWSER_HEADERS)
    yield (
        "no redirect",
        client.get("/api/v2/redirects/?path=/nowhere/", **BROWSER_HEADERS),
    )
    yield "preview", client.get(f"/api/v2/preview/?token={token}", **BROWSER_HEADERS)
    yield "change feed", client.get("/api/v2/changes/", **BROWSER_HEADERS)
    yield "preview 401", client.get("/api/v2/preview/?token=x", **BROWSER_HEADERS)
    yield (
        "form token",
        client.get("/api/v2/consultation-requests/form-token/", **BROWSER_HEADERS),
    )
    yield (
        "patient request",
        client.post(
            "/api/v2/consultation-requests/",
            data={"kind": "callback", "form_token": issue_form_token()},
            content_type="application/json",
            **BROWSER_HEADERS,
        ),
    )


def bare_requests(client, site):
    yield "unknown URL", client.get("/api/v2/nowhere/", **BROWSER_HEADERS)
    yield "refused query", client.get("/api/v2/pages/?limit=abc", **BROWSER_HEADERS)
    yield "sitemap.xml", client.get("/api/v2/sitemap.xml", **BROWSER_HEADERS)
    yield (
        "preflight",
        client.options(
            f"/api/v2/pages/{site.condition.pk}/",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
            **BROWSER_HEADERS,
        ),
    )


def schema_requests(client, site):
    yield "schema", client.get("/api/schema/", **BROWSER_HEADERS)
    yield "schema json", client.get("/api/schema/?format=json", **BROWSER_HEADERS)


def docs_requests(client, site):
    yield "docs", client.get("/api/docs/", **BROWSER_HEADERS)


REQUESTS = {
    "content": content_requests,
    "json": json_requests,
    "bare": bare_requests,
    "schema": schema_requests,
    "docs": docs_requests,
}


def test_the_table_documents_every_kind_of_answer():
    assert set(documented_vary()) == set(REQUESTS)


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_vary_is_what_the_docs_say(client, clinic_site, settings, kind):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    expected = documented_vary()[kind]
    found = {
        name: (response.status_code, vary(response))
        for name, response in REQUESTS[kind](client, clinic_site)
    }
    assert found
    wrong = {name: seen for name, seen in found.items() if seen[1] != expected}
    assert wrong == {}, f"documented for {kind}: {sorted(expected)}"
