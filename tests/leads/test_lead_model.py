"""The Lead model: reference codes, stored phone form, lookups, settings checks."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from leads.checks import check_leads_settings
from leads.models import REFERENCE_ALPHABET, Lead, generate_reference, language_choices
from leads.validators import normalise_phone

from .factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_reference_is_eight_unambiguous_characters():
    references = {generate_reference() for _ in range(500)}

    assert len(references) == 500
    for reference in references:
        assert len(reference) == 8
        assert set(reference) <= set(REFERENCE_ALPHABET)
    assert not set("01ILOU") & set(REFERENCE_ALPHABET)


def test_reference_is_assigned_on_save_and_unique():
    leads = LeadFactory.create_batch(20)

    assert all(len(lead.reference) == 8 for lead in leads)
    assert len({lead.reference for lead in leads}) == 20


def test_stored_phone_must_be_e164():
    lead = LeadFactory.build(phone="030 901820")

    with pytest.raises(ValidationError) as error:
        lead.full_clean()

    assert "phone" in error.value.message_dict


def test_valid_lead_passes_model_validation():
    LeadFactory.build(reference="ABCD2345").full_clean()


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("030 901820", "DE", "+4930901820"),
        ("030 901820", "de", "+4930901820"),
        ("+49 30 901820", None, "+4930901820"),
        ("011 3333333", "RS", "+381113333333"),
    ],
)
def test_normalise_phone(raw, region, expected):
    assert normalise_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region", "message"),
    [
        ("030 901820", None, "Enter the number with its country code"),
        ("", "DE", "Enter a valid phone number."),
        ("abc", "DE", "Enter a valid phone number."),
        ("+49 30 12", None, "not valid for its country"),
    ],
)
def test_normalise_phone_errors(raw, region, message):
    with pytest.raises(ValidationError, match=message):
        normalise_phone(raw, region)


def test_for_person_matches_phone_or_email_ignoring_email_case():
    by_phone = LeadFactory(phone="+4930901820", email="")
    by_email = LeadFactory(phone="+4930901899", email="Anna@Example.org")
    LeadFactory(phone="+4930901898", email="someone@example.org")

    assert set(Lead.objects.for_person(phone="+4930901820")) == {by_phone}
    assert set(Lead.objects.for_person(email="anna@EXAMPLE.org")) == {by_email}
    assert set(
        Lead.objects.for_person(phone="+4930901820", email="anna@example.org")
    ) == {by_phone, by_email}
    assert not Lead.objects.for_person().exists()


def test_received_before():
    old = LeadFactory(created_at=timezone.now() - datetime.timedelta(days=10))
    LeadFactory()

    cutoff = timezone.now() - datetime.timedelta(days=5)
    assert list(Lead.objects.received_before(cutoff)) == [old]


def test_language_choices_cover_the_site_languages_and_more():
    codes = dict(language_choices())

    assert {"en", "de", "it", "ru", "ar", "sr"} <= set(codes)


def test_settings_checks_pass_with_the_defaults():
    assert check_leads_settings(None) == []


@pytest.mark.parametrize(
    ("name", "value", "error_id"),
    [
        ("LEADS_RATE_LIMIT", "five per hour", "leads.E002"),
        ("LEADS_RATE_LIMIT", "5/fortnight", "leads.E002"),
        ("LEADS_TRUSTED_PROXIES", -1, "leads.E001"),
        ("LEADS_RETENTION_DAYS", "365", "leads.E001"),
    ],
)
def test_settings_checks_catch_bad_values(settings, name, value, error_id):
    setattr(settings, name, value)

    assert [error.id for error in check_leads_settings(None)] == [error_id]
