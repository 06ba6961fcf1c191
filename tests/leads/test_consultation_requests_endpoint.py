"""POST /api/v2/consultation-requests/: the public contract and its refusals."""

import datetime
import time

from django.utils import timezone

import pytest

from leads.antibot import issue_form_token
from leads.models import Lead
from tests.factories import ConditionPageFactory

from .conftest import ENDPOINT, FORM_TOKEN_ENDPOINT, aged_form_token

pytestmark = pytest.mark.django_db

IDEMPOTENCY_KEY = "3f1c2b7e-9a41-4c55-8d0e-5b2f7a9c1d23"


def test_valid_request_is_stored_and_answered_with_a_receipt(post_request, payload):
    response = post_request(payload)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"reference", "status", "kind"}
    assert body["status"] == "received"
    assert body["kind"] == "callback"
    lead = Lead.objects.get()
    assert body["reference"] == lead.reference
    assert lead.name == "Anna Beispiel"
    assert lead.phone == "+4930901820"
    assert lead.email == "Anna.Beispiel@example.org"
    assert lead.country.code == "DE"
    assert lead.language == "de"
    assert lead.status == Lead.Status.NEW
    assert lead.source_url == "https://clinic.example/conditions/als/"


def test_receipt_never_echoes_personal_data(post_request, payload):
    text = post_request(payload).content.decode()

    for value in ("Anna", "901820", "example.org", "mother"):
        assert value not in text


def test_consent_time_and_text_version_are_recorded(post_request, payload):
    before = timezone.now()
    post_request(payload)
    after = timezone.now()

    lead = Lead.objects.get()
    assert before <= lead.consented_at <= after
    assert lead.consent_text_version == "2025-01"


@pytest.mark.parametrize(
    ("phone", "country", "expected"),
    [
        ("030 901820", "DE", "+4930901820"),
        ("+49 (0)30 901820", "IT", "+4930901820"),
        ("0049 30 901820", "DE", "+4930901820"),
        ("02 1234 5678", "IT", "+390212345678"),
        ("+1 650-253-0000", "DE", "+16502530000"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(
    post_request, payload, phone, country, expected
):
    response = post_request({**payload, "phone": phone, "country": country})

    assert response.status_code == 201, response.json()
    assert Lead.objects.get().phone == expected


def test_condition_page_is_linked(post_request, payload):
    page = ConditionPageFactory()

    response = post_request({**payload, "condition_page": page.pk})

    assert response.status_code == 201
    assert Lead.objects.get().condition_page == page.specific


def test_consultation_kind(post_request, payload):
    response = post_request({**payload, "kind": "consultation"})

    assert response.json()["kind"] == "consultation"
    assert str(Lead.objects.get()).startswith("Consultation request ")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "12"}, "phone"),
        ({"phone": "not a number"}, "phone"),
        ({"phone": "030 901820", "country": "US"}, "phone"),
        ({"phone": "+999 1234567"}, "phone"),
        ({"phone": "1" * 40}, "phone"),
        ({"kind": "appointment"}, "kind"),
        ({"kind": None}, "kind"),
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"country": "XX"}, "country"),
        ({"country": "Germany"}, "country"),
        ({"language": "klingon"}, "language"),
        ({"message": "x" * 2001}, "message"),
        ({"preferred_time": "x" * 101}, "preferred_time"),
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"consent": "maybe"}, "consent"),
        ({"consent": "true"}, "consent"),
        ({"consent": 1}, "consent"),
        ({"consent": "on"}, "consent"),
        ({"consent_text_version": ""}, "consent_text_version"),
        ({"consent_text_version": "v1; DROP TABLE"}, "consent_text_version"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"condition_page": 999_999}, "condition_page"),
        ({"condition_page": "abc"}, "condition_page"),
        ({"condition_page": 10**30}, "condition_page"),
        ({"condition_page": 1e308}, "condition_page"),
        ({"form_token": "forged"}, "form_token"),
        ({"name": {"first": "Anna"}}, "name"),
    ],
)
def test_invalid_fields_get_a_message_each(post_request, payload, change, field):
    response = post_request({**payload, **change})

    assert response.status_code == 400
    assert response.json()["message"] == "Some fields are invalid; see errors."
    body = response.json()["errors"]
    assert field in body
    assert isinstance(body[field], list)
    assert all(isinstance(message, str) and message for message in body[field])
    assert not Lead.objects.exists()


@pytest.mark.parametrize("field", ["kind", "name", "phone", "country", "consent"])
def test_required_fields(post_request, payload, field):
    del payload[field]

    response = post_request(payload)

    assert response.status_code == 400
    assert response.json()["errors"][field] == ["This field is required."]


def test_missing_consent_has_a_clear_message(post_request, payload):
    response = post_request({**payload, "consent": False})

    assert response.json()["errors"]["consent"] == [
        "Consent to the processing of personal data is required."
    ]


def test_consent_text_version_must_be_a_known_one_when_listed(
    post_request, payload, settings
):
    settings.LEADS_CONSENT_TEXT_VERSIONS = ["2025-02"]

    assert post_request(payload).status_code == 400
    assert (
        post_request({**payload, "consent_text_version": "2025-02"}).status_code == 201
    )


def test_unpublished_condition_page_is_refused(post_request, payload):
    page = ConditionPageFactory()
    page.unpublish()

    response = post_request({**payload, "condition_page": page.pk})

    assert response.status_code == 400
    assert "condition_page" in response.json()["errors"]


def test_optional_fields_may_be_left_out(post_request, payload):
    for field in ("email", "language", "preferred_time", "message", "source_url"):
        del payload[field]

    response = post_request(payload)

    assert response.status_code == 201
    lead = Lead.objects.get()
    assert (lead.email, lead.message, lead.condition_page) == ("", "", None)


# Anti-bot measures


def test_filled_honeypot_gets_a_receipt_but_stores_nothing(
    post_request, payload, mailoutbox
):
    response = post_request({**payload, "website": "https://spam.example"})

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "received"
    assert len(body["reference"]) == 8
    assert not Lead.objects.exists()
    assert mailoutbox == []


def test_form_token_endpoint(api_client, settings):
    settings.LEADS_MIN_FILL_SECONDS = 5

    response = api_client.get(FORM_TOKEN_ENDPOINT)

    assert response.status_code == 200
    body = response.json()
    assert body["min_fill_seconds"] == 5
    assert body["expires_in"] == 24 * 3600
    assert body["form_token"]
    assert "no-store" in response["Cache-Control"]


def test_form_sent_right_after_fetching_the_token_is_refused(
    api_client, post_request, payload
):
    token = api_client.get(FORM_TOKEN_ENDPOINT).json()["form_token"]

    response = post_request({**payload, "form_token": token})

    assert response.status_code == 400
    assert response.json()["errors"]["form_token"] == [
        "The form was sent too quickly. Wait a few seconds and send it again."
    ]
    assert not Lead.objects.exists()


def test_minimum_fill_time_is_configurable(post_request, payload, settings):
    settings.LEADS_MIN_FILL_SECONDS = 20

    assert (
        post_request({**payload, "form_token": aged_form_token(15)}).status_code == 400
    )
    assert (
        post_request({**payload, "form_token": aged_form_token(25)}).status_code == 201
    )


def test_expired_form_token_is_refused(post_request, payload, settings):
    settings.LEADS_FORM_TOKEN_MAX_AGE = 3600

    response = post_request({**payload, "form_token": aged_form_token(3601)})

    assert response.status_code == 400
    assert "expired" in response.json()["errors"]["form_token"][0]


def test_tampered_form_token_is_refused(post_request, payload):
    token = issue_form_token(time.time() - 10)
    tampered = token.replace(token[5], "A" if token[5] != "A" else "B", 1)

    response = post_request({**payload, "form_token": tampered})

    assert response.status_code == 400
    assert "invalid" in response.json()["errors"]["form_token"][0]


def test_form_token_is_required(post_request, payload):
    del payload["form_token"]

    assert post_request(payload).json()["errors"]["form_token"] == [
        "This field is required."
    ]


# Idempotency


def test_retry_with_the_same_key_returns_the_same_receipt(post_request, payload):
    first = post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)
    # A retry may come with a fresh form token; it is still the same request.
    retry = post_request(
        {**payload, "form_token": aged_form_token(30)},
        HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY,
    )

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Lead.objects.count() == 1


def test_retry_with_the_same_token_gets_the_receipt(post_request, payload):
    first = post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)
    retry = post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert Lead.objects.count() == 1


@pytest.mark.parametrize(
    "token", ["forged", "expired", "missing"], ids=["forged", "expired", "missing"]
)
def test_a_key_replays_nothing_without_a_valid_form_token(
    post_request, payload, settings, token
):
    """The key alone would be an oracle: whoever guesses a key and the body
    learns that this request was sent, and gets its reference."""
    first = post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)
    retry = {**payload}
    if token == "forged":
        retry["form_token"] = "forged"
    elif token == "missing":
        del retry["form_token"]
    else:
        settings.LEADS_FORM_TOKEN_MAX_AGE = 1

    response = post_request(retry, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)

    assert response.status_code == 400
    assert "form_token" in response.json()["errors"]
    assert first.json()["reference"] not in response.content.decode()


def test_a_key_is_scoped_to_the_client(post_request, payload):
    first = post_request(
        payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY, REMOTE_ADDR="198.51.100.7"
    )
    other = post_request(
        {**payload, "form_token": aged_form_token(20)},
        HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY,
        REMOTE_ADDR="203.0.113.9",
    )

    assert first.status_code == other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert other.json()["reference"] != first.json()["reference"]
    assert Lead.objects.count() == 2


def test_a_form_token_sends_one_request_only(post_request, payload):
    first = post_request(payload)
    again = post_request({**payload, "message": "A second, different request"})
    with_a_key = post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)

    assert first.status_code == 201
    for response in (again, with_a_key):
        assert response.status_code == 400
        assert response.json()["errors"]["form_token"] == [
            "This form was already sent. Reload the form to send another request."
        ]
    assert Lead.objects.count() == 1


def test_same_key_with_a_different_payload_is_a_conflict(post_request, payload):
    post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)

    response = post_request(
        {**payload, "message": "Something else"}, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY
    )

    assert response.status_code == 409
    assert "already used for a different request" in response.json()["message"]
    assert Lead.objects.count() == 1


def test_different_keys_create_different_requests(post_request, payload):
    first = post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)
    second = post_request(
        {**payload, "form_token": aged_form_token(20)},
        HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY[::-1],
    )

    assert first.json()["reference"] != second.json()["reference"]
    assert Lead.objects.count() == 2


def test_without_a_key_every_post_is_a_new_request(post_request, payload):
    post_request(payload)
    post_request({**payload, "form_token": aged_form_token(20)})

    assert Lead.objects.count() == 2


def test_key_is_stored_hashed(post_request, payload):
    post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)

    lead = Lead.objects.get()
    assert lead.idempotency_key_hash
    assert IDEMPOTENCY_KEY not in lead.idempotency_key_hash
    assert len(lead.idempotency_key_hash) == 64


def test_failed_validation_does_not_use_up_the_key(post_request, payload):
    invalid = post_request(
        {**payload, "phone": "12"}, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY
    )
    valid = post_request(payload, HTTP_IDEMPOTENCY_KEY=IDEMPOTENCY_KEY)

    assert (invalid.status_code, valid.status_code) == (400, 201)


@pytest.mark.parametrize(
    "key", ["short", "x" * 256, "has space inside it ok", "ключ-ключ-ключ-ключ"]
)
def test_malformed_idempotency_key_is_refused(post_request, payload, key):
    response = post_request(payload, HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == 400
    assert "idempotency_key" in response.json()["errors"]
    assert not Lead.objects.exists()


# Methods, content types and malformed bodies: always JSON, never a 500


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_other_methods_are_not_allowed(api_client, method):
    response = getattr(api_client, method)(ENDPOINT)

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "message" in response.json()


def test_form_token_endpoint_only_answers_get(api_client, payload):
    response = api_client.post(FORM_TOKEN_ENDPOINT, payload, format="json")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"


def test_no_endpoint_reads_stored_requests(api_client, post_request, payload):
    reference = post_request(payload).json()["reference"]
    lead = Lead.objects.get()

    for path in (f"{ENDPOINT}{lead.pk}/", f"{ENDPOINT}{reference}/"):
        response = api_client.get(path)
        assert response.status_code == 404
        assert reference not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"kind": "callback",', "application/json"),
        (b"not json at all", "application/json"),
        (b"\xff\xfe\x00\x00", "application/json"),
        (b'{"name": "a\x00b"}', "application/json"),
        (b"[" * 5000 + b"]" * 5000, "application/json"),
        (b'{"condition_page": ' + b"9" * 5000 + b"}", "application/json"),
        (b'{"condition_page": NaN}', "application/json"),
    ],
    ids=["truncated", "text", "bad-utf8", "raw-nul", "deep-nesting", "huge-int", "nan"],
)
def test_malformed_json_is_a_400(api_client, db, body, content_type):
    response = api_client.generic("POST", ENDPOINT, body, content_type=content_type)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "JSON parse error" in response.json()["message"]


@pytest.mark.parametrize("body", [[], [1, 2], "text", 42, None])
def test_json_that_is_not_an_object_is_a_400(post_request, body):
    response = post_request(body)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_escaped_nul_characters_are_refused(post_request, payload):
    response = post_request({**payload, "name": "Anna\u0000Beispiel"})

    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_empty_body_reports_the_required_fields(api_client, db):
    response = api_client.generic(
        "POST", ENDPOINT, b"", content_type="application/json"
    )

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
    ],
)
def test_other_content_types_are_a_415(api_client, db, payload, content_type):
    response = api_client.generic(
        "POST", ENDPOINT, b"kind=callback", content_type=content_type
    )

    assert response.status_code == 415
    assert response["Content-Type"] == "application/json"
    assert "message" in response.json()


def test_oversized_body_is_a_413(api_client, db, payload):
    response = api_client.post(
        ENDPOINT, {**payload, "message": "x" * 20_000}, format="json"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


def test_endpoint_needs_no_csrf_token(db, payload):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(ENDPOINT, payload, content_type="application/json")

    assert response.status_code == 201


def test_old_requests_do_not_affect_new_ones(post_request, payload):
    Lead.objects.create(
        kind="callback",
        name="Someone",
        phone="+4930901821",
        country="DE",
        consented_at=timezone.now() - datetime.timedelta(days=2),
        consent_text_version="2024-01",
    )

    assert post_request(payload).status_code == 201
    assert Lead.objects.count() == 2


def test_browsers_on_the_site_may_send_the_idempotency_key(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://clinic.example"]

    preflight = api_client.options(
        ENDPOINT,
        HTTP_ORIGIN="https://clinic.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, idempotency-key",
    )

    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://clinic.example"
    allowed = preflight["Access-Control-Allow-Headers"].lower()
    assert "idempotency-key" in allowed
    assert "content-type" in allowed


def test_browsers_may_read_retry_after_and_the_replay_header(
    post_request, payload, settings
):
    settings.CORS_ALLOWED_ORIGINS = ["https://clinic.example"]

    response = post_request(payload, HTTP_ORIGIN="https://clinic.example")

    exposed = response["Access-Control-Expose-Headers"].lower()
    assert "retry-after" in exposed
    assert "idempotent-replayed" in exposed
