"""Validation of the fields a patient types in; shared by the model and the API."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

import phonenumbers

# Longer inputs cannot be a phone number, even with spaces, brackets and a prefix.
MAX_RAW_PHONE_LENGTH = 32

validate_consent_text_version = RegexValidator(
    r"^[A-Za-z0-9._-]{1,32}$",
    "Use the version label of the consent text shown to the patient, e.g. 2025-01.",
)


def normalise_phone(raw: str, region: str | None = None) -> str:
    """Return ``raw`` in E.164 form (``+4930901820``).

    Args:
        raw: the number as typed: international (``+49 30 901820``, ``0049 ...``)
            or national (``030 901820``).
        region: ISO 3166-1 alpha-2 country used to read a national number.

    Raises:
        ValidationError: the text is not a valid phone number.
    """
    raw = (raw or "").strip()
    if not raw or len(raw) > MAX_RAW_PHONE_LENGTH:
        raise ValidationError("Enter a valid phone number.", code="invalid_phone")
    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException as error:
        message = (
            "Enter the number with its country code, e.g. +49 30 901820."
            if error.error_type
            == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE
            else "Enter a valid phone number."
        )
        raise ValidationError(message, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "This phone number is not valid for its country.", code="invalid_phone"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value: str) -> None:
    """Stored numbers are normalised: reject anything that is not its own E.164 form."""
    if normalise_phone(value) != value:
        raise ValidationError(
            "Store the phone number in E.164 form, e.g. +4930901820.",
            code="not_e164",
        )


def validate_known_consent_version(value: str) -> None:
    """When the site lists its consent text versions, only those are accepted."""
    allowed = getattr(settings, "LEADS_CONSENT_TEXT_VERSIONS", [])
    if allowed and value not in allowed:
        raise ValidationError(
            "Unknown consent text version.", code="unknown_consent_version"
        )
