"""Compressed API responses: negotiation, one strong ETag per coding, 304s for each,
bodies compressed once and served from the response cache, and never a response
that holds a secret (BREACH)."""

import gzip

from django.test import RequestFactory
from django.utils.http import parse_http_date

import brotli
import pytest

from cms import transport
from leads.antibot import issue_form_token

pytestmark = pytest.mark.django_db

DECODERS = {
    "br": brotli.decompress,
    "gzip": gzip.decompress,
    None: lambda body: body,
}


def detail(site) -> str:
    return f"/api/v2/pages/{site.condition.pk}/"


def decoded(response) -> bytes:
    return DECODERS[response.get("Content-Encoding")](response.content)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("GZIP;Q=0.8, br;q=0.7", "gzip"),
        ("*", "br"),
        ("br;q=0, *", "gzip"),
        ("gzip;q=0", None),
        ("br;q=0, gzip;q=0, *;q=0", None),
        ("gzip;q=abc, br;q=", None),
        ("deflate, zstd", None),
    ],
)
def test_negotiation_honours_qualities(header, expected):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=header)
    assert transport.negotiate_encoding(request) == expected


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_detail_is_compressed_for_clients_that_accept_it(client, clinic_site, encoding):
    url = detail(clinic_site)
    plain = client.get(url)
    compressed = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == encoding
    assert int(compressed["Content-Length"]) == len(compressed.content)
    assert len(compressed.content) < len(plain.content) / 2
    assert decoded(compressed) == plain.content
    for response in (plain, compressed):
        assert "Accept-Encoding" in response["Vary"]


def test_each_coding_has_its_own_strong_etag(client, clinic_site):
    url = detail(clinic_site)
    etags = {
        encoding: client.get(url, HTTP_ACCEPT_ENCODING=encoding)["ETag"]
        for encoding in ("identity", "gzip", "br")
    }
    assert len(set(etags.values())) == 3
    for etag in etags.values():
        assert etag.startswith('"') and etag.endswith('"')  # strong, not W/"..."
    assert etags["br"] == etags["identity"][:-1] + '-br"'


@pytest.mark.parametrize("encoding", ["identity", "gzip", "br"])
@pytest.mark.parametrize("cache", [True, False])
def test_if_none_match_gets_304_in_every_coding(
    client, clinic_site, settings, encoding, cache
):
    settings.API_RESPONSE_CACHE = cache
    url = detail(clinic_site)
    first = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    again = client.get(
        url, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "Accept-Encoding" in again["Vary"]
    if cache:
        since = client.get(
            url,
            HTTP_ACCEPT_ENCODING=encoding,
            HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
        )
        assert since.status_code == 304
        assert parse_http_date(since["Last-Modified"])


def test_the_etag_of_another_coding_is_another_representation(client, clinic_site):
    """A client that switched codings gets the body: its stored copy is not this one."""
    url = detail(clinic_site)
    gzip_etag = client.get(url, HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    response = client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=gzip_etag)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"


def test_head_carries_the_headers_of_get(client, clinic_site):
    url = detail(clinic_site)
    get = client.get(url, HTTP_ACCEPT_ENCODING="br")
    head = client.head(url, HTTP_ACCEPT_ENCODING="br")
    assert head.status_code == 200
    for header in ("ETag", "Content-Encoding", "Vary"):
        assert head[header] == get[header]


@pytest.fixture
def compressions(monkeypatch):
    """Every call of the real compressor that the response cache makes."""
    calls = []
    real = transport.compress

    def counted(body, encoding):
        calls.append(encoding)
        return real(body, encoding)

    monkeypatch.setattr("api.cache.compress", counted)
    return calls


def test_hits_serve_stored_compressed_bodies(client, clinic_site, compressions):
    from api.cache import local_bodies

    url = detail(clinic_site)
    first = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert first["X-API-Cache"] == "miss"
    assert compressions == ["br"]
    for _ in range(3):
        hit = client.get(url, HTTP_ACCEPT_ENCODING="br")
        assert hit["X-API-Cache"] == "hit"
        assert hit.content == first.content
    # Another app server: nothing of this process's, the shared cache's bytes.
    local_bodies.clear()
    other = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert other["X-API-Cache"] == "hit" and other.content == first.content
    assert compressions == ["br"]


def test_a_coding_first_asked_on_a_hit_is_compressed_once(
    client, clinic_site, compressions
):
    from api.cache import local_bodies

    url = detail(clinic_site)
    plain = client.get(url)
    assert compressions == []
    local_bodies.clear()
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    second = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["X-API-Cache"] == second["X-API-Cache"] == "hit"
    assert decoded(second) == plain.content
    assert compressions == ["gzip"]


def test_a_changed_page_gets_new_compressed_bodies(client, clinic_site):
    url = detail(clinic_site)
    before = client.get(url, HTTP_ACCEPT_ENCODING="br")
    clinic_site.condition.title = "A new title"
    clinic_site.condition.save_revision().publish()
    after = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert after["X-API-Cache"] == "miss"
    assert after["ETag"] != before["ETag"]
    assert b'"title":"A new title"' in decoded(after)


def test_tiny_bodies_are_not_compressed(client, clinic_site):
    response = client.get("/api/v2/documents/", HTTP_ACCEPT_ENCODING="br")
    assert response.status_code == 200
    assert len(response.content) < 1024
    assert "Content-Encoding" not in response
    # Whether it is compressed still depends on Accept-Encoding (and its size).
    assert "Accept-Encoding" in response["Vary"]


def test_the_openapi_document_is_compressed(client, db):
    plain = client.get("/api/schema/?format=json")
    compressed = client.get("/api/schema/?format=json", HTTP_ACCEPT_ENCODING="br")
    assert compressed["Content-Encoding"] == "br"
    assert decoded(compressed) == plain.content
    assert len(compressed.content) < len(plain.content) / 4


def test_responses_with_secrets_are_never_compressed(client, clinic_site, settings):
    """BREACH: a form token, a receipt or a draft next to what the client sent is
    never compressed, whatever its size; nor are errors that echo a parameter."""
    from pages.preview import make_preview_token

    settings.COMPRESSION_MIN_LENGTH = 0
    condition = clinic_site.condition
    draft = condition.save_revision()
    accepts = {"HTTP_ACCEPT_ENCODING": "gzip, br"}
    responses = [
        client.get("/api/v2/consultation-requests/form-token/", **accepts),
        client.post(
            "/api/v2/consultation-requests/",
            data={"kind": "callback", "form_token": issue_form_token()},
            content_type="application/json",
            **accepts,
        ),
        client.get(
            f"/api/v2/preview/?token={make_preview_token(condition, draft)}", **accepts
        ),
        client.get("/api/v2/pages/?limit=" + "9" * 30, **accepts),
        client.get("/api/v2/pages/999999/", **accepts),
    ]
    assert [response.status_code for response in responses] == [200, 400, 200, 400, 404]
    for response in responses:
        assert "Content-Encoding" not in response
        assert "Accept-Encoding" not in response.get("Vary", "")
    # The same setting does compress the content API: the rule is what, not size.
    assert client.get("/api/v2/documents/", **accepts)["Content-Encoding"] == "br"
