"""Coordinators hear about new requests by email, without personal data in it."""

import pytest

from leads.models import Lead
from leads.notifications import coordinator_emails, notify_coordinators
from tests.factories import make_user

from .factories import LeadFactory

pytestmark = pytest.mark.django_db

PERSONAL_VALUES = ("Anna", "Beispiel", "901820", "example.org", "mother", "Weekdays")


@pytest.fixture
def submit(post_request, payload, django_capture_on_commit_callbacks):
    def send(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_request({**payload, **changes})
        assert response.status_code == 201
        return Lead.objects.get(reference=response.json()["reference"])

    return send


def test_new_request_emails_the_coordinators(submit, coordinator, mailoutbox):
    lead = submit()

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["coordinator@clinic.example"]
    assert email.subject == f"[Clinic CMS] New callback request {lead.reference}"
    assert f"http://testserver/admin/patient-requests/edit/{lead.pk}/" in email.body
    assert lead.reference in email.body


def test_email_carries_no_personal_data(submit, coordinator, mailoutbox):
    submit()

    email = mailoutbox[0]
    for value in PERSONAL_VALUES:
        assert value not in email.subject
        assert value not in email.body
    assert "+49" not in email.body


def test_consultation_subject(submit, coordinator, mailoutbox):
    lead = submit(kind="consultation")

    assert (
        mailoutbox[0].subject
        == f"[Clinic CMS] New consultation request {lead.reference}"
    )


def test_notify_emails_setting_overrides_the_group(
    submit, coordinator, mailoutbox, settings
):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example", "lead@clinic.example"]

    submit()

    assert mailoutbox[0].to == ["desk@clinic.example", "lead@clinic.example"]


def test_default_recipients_are_active_coordinators_with_an_email(coordinator):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Patient coordinators")
    make_user("away", group, is_active=False)
    no_email = make_user("no_email", group)
    no_email.email = ""
    no_email.save()
    make_user("outsider")

    assert coordinator_emails() == ["coordinator@clinic.example"]


def test_no_email_without_recipients(submit, mailoutbox, caplog):
    lead = submit()

    assert mailoutbox == []
    assert f"Nobody to notify about {lead}" in caplog.text


def test_no_email_for_the_honeypot(
    post_request, payload, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_request({**payload, "website": "spam"})

    assert mailoutbox == []


def test_no_email_for_a_replayed_request(
    post_request, payload, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    key = "7d0a5c8e-2b1f-4e3a-9c6d-1f2e3d4c5b6a"
    with django_capture_on_commit_callbacks(execute=True):
        post_request(payload, HTTP_IDEMPOTENCY_KEY=key)
        post_request(payload, HTTP_IDEMPOTENCY_KEY=key)

    assert len(mailoutbox) == 1


def test_mail_server_failure_does_not_fail_the_request(
    post_request,
    payload,
    coordinator,
    settings,
    django_capture_on_commit_callbacks,
    caplog,
):
    # An SMTP backend pointed at a closed port: a real connection failure.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9
    settings.EMAIL_TIMEOUT = 2

    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(payload)

    assert response.status_code == 201
    assert Lead.objects.count() == 1
    assert "Could not email the coordinators" in caplog.text


def test_notify_coordinators_returns_the_number_of_emails(coordinator, mailoutbox):
    lead = LeadFactory()

    assert notify_coordinators(lead.pk) == 1
    assert notify_coordinators(lead.pk + 1000) == 0
