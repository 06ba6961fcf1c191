"""purge_old_leads and erase_lead_data: retention and the right to erasure."""

import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from leads.models import Lead

from .factories import LeadFactory

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def old_and_recent():
    old = LeadFactory(created_at=days_ago(400), name="Old Patient", phone="+4930901830")
    borderline = LeadFactory(created_at=days_ago(364))
    recent = LeadFactory(created_at=days_ago(2))
    return old, borderline, recent


def test_purge_deletes_requests_older_than_the_retention_period(old_and_recent):
    old, borderline, recent = old_and_recent

    output = run("purge_old_leads")

    assert set(Lead.objects.values_list("pk", flat=True)) == {borderline.pk, recent.pk}
    assert "Deleted 1 patient request(s)" in output
    assert old.reference in output
    assert "Old Patient" not in output
    assert "+4930901830" not in output


def test_purge_dry_run_deletes_nothing(old_and_recent):
    old, _, _ = old_and_recent

    output = run("purge_old_leads", "--dry-run")

    assert Lead.objects.count() == 3
    assert "Would delete 1 patient request(s)" in output
    assert old.reference in output


def test_purge_retention_comes_from_settings_or_the_option(old_and_recent, settings):
    settings.LEADS_RETENTION_DAYS = 30

    assert "Would delete 2" in run("purge_old_leads", "--dry-run")
    assert "Would delete 3" in run("purge_old_leads", "--dry-run", "--days", "1")
    assert Lead.objects.count() == 3


def test_purge_with_nothing_to_delete():
    LeadFactory()

    assert "Deleted 0 patient request(s)" in run("purge_old_leads")
    assert Lead.objects.count() == 1


def test_purge_refuses_a_zero_retention():
    with pytest.raises(CommandError):
        run("purge_old_leads", "--days", "0")


def test_purge_leaves_an_audit_entry_without_personal_data(old_and_recent):
    old, _, _ = old_and_recent

    run("purge_old_leads")

    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(old.pk))
    assert entry.label == str(old)
    assert entry.data == {"reason": "retention period of 365 days"}


@pytest.fixture
def two_people():
    anna = [
        LeadFactory(phone="+4930901820", email="anna@example.org"),
        LeadFactory(phone="+4930901820", email=""),
        LeadFactory(phone="+4917112345678", email="Anna@Example.ORG"),
    ]
    other = LeadFactory(phone="+390212345678", email="marco@example.org")
    return anna, other


def test_erase_by_phone_in_any_format(two_people):
    anna, other = two_people

    output = run("erase_lead_data", "--phone", "030 901820", "--country", "DE")

    assert set(Lead.objects.values_list("pk", flat=True)) == {anna[2].pk, other.pk}
    assert "Erased 2 patient request(s)." in output
    assert anna[0].reference in output and anna[1].reference in output
    assert "901820" not in output


def test_erase_by_email_ignores_case(two_people):
    anna, other = two_people

    output = run("erase_lead_data", "--email", "ANNA@example.org")

    assert set(Lead.objects.values_list("pk", flat=True)) == {anna[1].pk, other.pk}
    assert "Erased 2 patient request(s)." in output
    assert "anna@" not in output.lower()


def test_erase_by_phone_and_email(two_people):
    _, other = two_people

    output = run(
        "erase_lead_data", "--phone", "+49 30 901820", "--email", "anna@example.org"
    )

    assert list(Lead.objects.all()) == [other]
    assert "Erased 3 patient request(s)." in output


def test_erase_dry_run(two_people):
    output = run("erase_lead_data", "--email", "anna@example.org", "--dry-run")

    assert "Would erase 2 patient request(s)." in output
    assert Lead.objects.count() == 4


def test_erase_with_no_match():
    LeadFactory(phone="+4930901820")

    assert "Erased 0 patient request(s)." in run(
        "erase_lead_data", "--phone", "+4930901899"
    )
    assert Lead.objects.count() == 1


def test_erase_records_the_reason_in_the_audit_log(two_people):
    anna, _ = two_people

    run("erase_lead_data", "--email", "anna@example.org")

    entries = ModelLogEntry.objects.filter(action="wagtail.delete")
    assert {entry.label for entry in entries} == {str(anna[0]), str(anna[2])}
    assert {entry.data["reason"] for entry in entries} == {"erasure request"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give --phone, --email or both."),
        (("--phone", "12345"), "--phone is not a valid phone number"),
        (("--phone", "030 901820"), "--phone is not a valid phone number"),
        (("--email", "not-an-email"), "--email is not a valid email address."),
    ],
)
def test_erase_refuses_bad_input(args, message):
    LeadFactory()

    with pytest.raises(CommandError, match=message.replace("+", r"\+")):
        run("erase_lead_data", *args)
    assert Lead.objects.count() == 1
