"""submit(): one stored request per idempotency key, even when two sends race."""

import pytest

from leads.models import Lead
from leads.submission import IdempotencyConflict, payload_fingerprint, submit

pytestmark = pytest.mark.django_db

KEY = "c0ffee00-1234-4abc-8def-0123456789ab"


@pytest.fixture
def fields():
    return {
        "kind": "callback",
        "name": "Anna Beispiel",
        "phone": "+4930901820",
        "email": "",
        "country": "DE",
        "condition_page": None,
        "language": "de",
        "preferred_time": "",
        "message": "",
        "consent_text_version": "2025-01",
        "source_url": "",
    }


def test_concurrent_send_with_the_same_key_gets_the_first_receipt(fields):
    """The second send passed the view's replay check before the first was stored;
    the unique key hash stops it at the database."""
    body = {"name": "Anna Beispiel", "phone": "030 901820"}

    first = submit(fields, payload=body, idempotency_key=KEY)
    second = submit(fields, payload=body, idempotency_key=KEY)

    assert second.reference == first.reference
    assert second.replayed and not first.replayed
    assert Lead.objects.count() == 1


def test_concurrent_send_with_the_same_key_and_other_data_conflicts(fields):
    submit(fields, payload={"message": "one"}, idempotency_key=KEY)

    with pytest.raises(IdempotencyConflict):
        submit(fields, payload={"message": "two"}, idempotency_key=KEY)
    assert Lead.objects.count() == 1


def test_fingerprint_ignores_the_form_token_and_key_order():
    assert payload_fingerprint({"a": 1, "b": 2, "form_token": "x"}) == (
        payload_fingerprint({"b": 2, "a": 1, "form_token": "y"})
    )
    assert payload_fingerprint({"a": 1}) != payload_fingerprint({"a": 2})


def test_fingerprint_is_keyed_with_the_secret_key(settings):
    before = payload_fingerprint({"phone": "+4930901820"})
    settings.SECRET_KEY = "another-test-key"

    assert payload_fingerprint({"phone": "+4930901820"}) != before
