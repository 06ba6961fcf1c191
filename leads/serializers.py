"""The public contract of ``POST /api/v2/consultation-requests/``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator

from django_countries import countries
from rest_framework import serializers

from pages.models import ConditionPage

from .antibot import check_form_token
from .models import Lead, language_choices
from .validators import (
    MAX_RAW_PHONE_LENGTH,
    normalise_phone,
    validate_consent_text_version,
    validate_known_consent_version,
)

MAX_PAGE_ID = 2**31 - 1


def _drf(validator):
    """Run a Django validator and report its message the DRF way."""

    def run(value):
        try:
            validator(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    return run


def _lead_length(name: str) -> int:
    """The serializer refuses what the ``Lead`` column could not hold."""
    return Lead._meta.get_field(name).max_length


def _optional_text(lead_field: str, **kwargs) -> serializers.CharField:
    """Free text the patient may leave out, as long as its ``Lead`` column allows."""
    return serializers.CharField(
        max_length=_lead_length(lead_field),
        required=False,
        allow_blank=True,
        default="",
        **kwargs,
    )


class JSONBooleanField(serializers.BooleanField):
    """A JSON ``true`` or ``false`` only. DRF's ``BooleanField`` also takes
    ``"true"``, ``"on"``, ``1``...: consent must be an unambiguous yes."""

    default_error_messages = {"invalid": "Must be JSON true or false."}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class ConsultationRequestSerializer(serializers.Serializer):
    """What a frontend sends when a patient asks for a callback or a consultation."""

    kind = serializers.ChoiceField(
        choices=Lead.Kind.choices,
        help_text="`callback`: the patient wants a phone call. "
        "`consultation`: the patient asks for a (free) consultation.",
    )
    name = serializers.CharField(max_length=_lead_length("name"))
    phone = serializers.CharField(
        max_length=MAX_RAW_PHONE_LENGTH,
        help_text="International (+49 30 901820) or national (030 901820) form; "
        "national numbers are read for `country`. Stored in E.164.",
    )
    # No default: OpenAPI would document "" as an example of an email address.
    email = serializers.EmailField(
        max_length=_lead_length("email"), required=False, allow_blank=True
    )
    country = serializers.ChoiceField(
        choices=list(countries),
        help_text="ISO 3166-1 alpha-2 code of the country the patient lives in.",
    )
    condition_page = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="`id` of the live condition page the form was sent from.",
    )
    language = serializers.ChoiceField(
        choices=language_choices(),
        required=False,
        allow_blank=True,
        default="",
        help_text="Language the patient prefers to be called in (e.g. `en`, `de`).",
    )
    preferred_time = _optional_text(
        "preferred_time",
        help_text="Free text, e.g. 'weekdays after 5 pm'.",
    )
    message = _optional_text("message")
    consent = JSONBooleanField(
        help_text="Must be `true`: the patient agreed to the processing of their data."
    )
    consent_text_version = serializers.CharField(
        max_length=_lead_length("consent_text_version"),
        validators=[
            _drf(validate_consent_text_version),
            _drf(validate_known_consent_version),
        ],
        help_text="Version label of the consent text shown next to the checkbox.",
    )
    source_url = _optional_text(
        "source_url",
        validators=[_drf(URLValidator(schemes=["http", "https"]))],
        help_text="Address of the page the form was on.",
    )
    form_token = serializers.CharField(
        max_length=500,
        write_only=True,
        help_text="Token from `GET /api/v2/consultation-requests/form-token/`, "
        "fetched when the form is shown.",
    )
    website = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Honeypot: hide this field from people and always send it empty.",
    )

    def validate_consent(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError(
                "Consent to the processing of personal data is required."
            )
        return value

    def validate_condition_page(self, value: int | None) -> ConditionPage | None:
        if value is None:
            return None
        page = ConditionPage.objects.live().filter(pk=value).first()
        if page is None:
            raise serializers.ValidationError(
                "No published condition page has this id."
            )
        return page

    def validate_form_token(self, value: str) -> str:
        _drf(check_form_token)(value)
        return value

    def validate(self, attrs: dict) -> dict:
        try:
            attrs["phone"] = normalise_phone(attrs["phone"], attrs["country"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"phone": error.messages}) from None
        return attrs

    def lead_fields(self) -> dict:
        """The validated values that go into a ``Lead``."""
        drop = {"consent", "form_token", "website"}
        return {k: v for k, v in self.validated_data.items() if k not in drop}


class ConsultationReceiptSerializer(serializers.Serializer):
    """What the patient's browser gets back: a reference code, never the record."""

    reference = serializers.CharField(
        help_text="Code to show the patient, e.g. ABCD2345."
    )
    status = serializers.CharField(help_text="Always `received`.")
    kind = serializers.ChoiceField(choices=Lead.Kind.choices)


class ConsultationFormTokenSerializer(serializers.Serializer):
    form_token = serializers.CharField()
    min_fill_seconds = serializers.IntegerField(
        help_text="Sending the form sooner than this after fetching the token fails."
    )
    expires_in = serializers.IntegerField(
        help_text="Seconds the token stays valid; fetch a new one after that."
    )


class ConsultationErrorSerializer(serializers.Serializer):
    message = serializers.CharField()


# Invalid fields (api/errors.py): one message, then a list of messages per invalid
# field, plus ``non_field_errors`` for errors that concern several fields.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "required": ["message"],
    "properties": {
        "message": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "example": {
        "message": "Some fields are invalid; see errors.",
        "errors": {"phone": ["Enter a valid phone number."]},
    },
}
