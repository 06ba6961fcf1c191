"""Personal data stays in the request record: not in logs, audit entries or str()."""

import json
import logging

from wagtail.models import ModelLogEntry

import pytest

from leads.models import Lead

from .conftest import ADMIN_INDEX, ENDPOINT
from .factories import LeadFactory

pytestmark = pytest.mark.django_db

NAME = "Zelda Quixotic"
PHONE_TYPED = "030 901820"
PHONE_STORED = "+4930901820"
EMAIL = "zelda.quixotic@example.org"
MESSAGE = "Tremor in the left hand since March"
NOTES = "Spoke with her daughter Yolanda"
PERSONAL_VALUES = (
    "Zelda",
    "Quixotic",
    "901820",
    PHONE_STORED,
    "zelda.quixotic",
    "Tremor",
    "Yolanda",
)


def test_str_is_kind_and_reference_only():
    lead = LeadFactory(name=NAME, phone=PHONE_STORED, reference="ABCD2345")

    assert str(lead) == "Callback request ABCD2345"
    assert str(LeadFactory(kind=Lead.Kind.CONSULTATION, reference="WXYZ6789")) == (
        "Consultation request WXYZ6789"
    )


def test_full_flow_leaves_no_personal_data_in_logs_or_audit_trail(
    api_client,
    client,
    coordinator,
    payload,
    caplog,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    caplog.set_level(logging.DEBUG)
    body = {
        **payload,
        "name": NAME,
        "phone": PHONE_TYPED,
        "email": EMAIL,
        "message": MESSAGE,
    }

    # The patient sends the form, retries it, and a bot sends junk.
    with django_capture_on_commit_callbacks(execute=True):
        key = {"HTTP_IDEMPOTENCY_KEY": "0b8f3c1e-5d2a-4f6b-9e7c-3a1d2b4c5e6f"}
        created = api_client.post(ENDPOINT, body, format="json", **key)
        api_client.post(ENDPOINT, body, format="json", **key)
        api_client.post(ENDPOINT, {**body, "message": "other"}, format="json", **key)
        api_client.post(ENDPOINT, {**body, "phone": "12"}, format="json")
        api_client.post(ENDPOINT, {**body, "website": "x"}, format="json")
    assert created.status_code == 201
    lead = Lead.objects.get()

    # A coordinator works on it in the admin.
    client.force_login(coordinator)
    client.get(ADMIN_INDEX)
    client.get(f"{ADMIN_INDEX}?q=Zelda")
    client.get(f"{ADMIN_INDEX}edit/{lead.pk}/")
    edited = client.post(
        f"{ADMIN_INDEX}edit/{lead.pk}/", {"status": "contacted", "notes": NOTES}
    )
    assert edited.status_code == 302
    b"".join(client.get(f"{ADMIN_INDEX}?export=csv").streaming_content)
    client.get(f"{ADMIN_INDEX}history/{lead.pk}/")

    assert caplog.records, "the flow logs something, so the check below is meaningful"
    assert f"Received {lead}" in caplog.messages
    logged = "\n".join(
        [record.getMessage() for record in caplog.records]
        + [repr(record.args) for record in caplog.records]
    )
    for value in PERSONAL_VALUES:
        assert value not in logged

    entries = ModelLogEntry.objects.filter(object_id=str(lead.pk))
    assert set(entries.values_list("action", flat=True)) == {
        "wagtail.create",
        "wagtail.edit",
    }
    audit = json.dumps(list(entries.values("label", "data", "action")))
    assert all(entry.label == "Callback request " + lead.reference for entry in entries)
    for value in PERSONAL_VALUES:
        assert value not in audit

    assert len(mailoutbox) == 1
    for value in PERSONAL_VALUES:
        assert value not in mailoutbox[0].subject + mailoutbox[0].body


def test_requests_stay_out_of_the_search_and_reference_indexes(post_request, payload):
    from wagtail.models import ReferenceIndex
    from wagtail.search.models import IndexEntry

    from tests.factories import ConditionPageFactory

    page = ConditionPageFactory()
    post_request({**payload, "name": NAME, "condition_page": page.pk})

    assert not IndexEntry.objects.filter(title__contains="Zelda").exists()
    assert (
        not ReferenceIndex.get_references_to(page)
        .filter(base_content_type__model="lead")
        .exists()
    )


def test_requests_have_no_revisions(post_request, payload):
    from wagtail.models import RevisionMixin

    post_request(payload)

    assert not isinstance(Lead.objects.get(), RevisionMixin)
