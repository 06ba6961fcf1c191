"""Callback and consultation requests sent by patients from the public site.

A request holds personal and health-related data, so it stays out of everything
that copies or broadcasts content: no revisions, no search index, no reference
index, and its string form (used by audit logs and emails) is only its kind and
reference code.
"""

import datetime
import secrets

from django.conf import global_settings, settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from django_countries.fields import CountryField

from cms.fields import optional_link

from .validators import (
    validate_consent_text_version,
    validate_e164,
    validate_known_consent_version,
)

# No 0/O, 1/I/L or U: codes are read out over the phone and typed back in.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8


def generate_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def language_choices() -> list[tuple[str, str]]:
    """Every language Django knows, plus the site's own: patients may prefer any."""
    languages = dict(global_settings.LANGUAGES)
    languages.update(settings.LANGUAGES)
    return sorted(languages.items(), key=lambda item: str(item[1]))


def _read_only_group(heading: str, field_names: list[str]) -> MultiFieldPanel:
    """What the patient sent and when: coordinators see it but never edit it."""
    return MultiFieldPanel(
        [FieldPanel(name, read_only=True) for name in field_names], heading=heading
    )


class LeadQuerySet(models.QuerySet):
    def received_before(self, moment: datetime.datetime) -> "LeadQuerySet":
        return self.filter(created_at__lt=moment)

    def for_person(self, *, phone: str = "", email: str = "") -> "LeadQuerySet":
        """Requests by phone (E.164) or email (any case); empty values match nothing."""
        condition = models.Q(pk__in=[])
        if phone:
            condition |= models.Q(phone=phone)
        if email:
            condition |= models.Q(email__iexact=email.strip())
        return self.filter(condition)


class Lead(models.Model):
    class Kind(models.TextChoices):
        CALLBACK = "callback", "Callback"
        CONSULTATION = "consultation", "Consultation"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        CLOSED = "closed", "Closed"

    reference = models.CharField(
        max_length=REFERENCE_LENGTH,
        unique=True,
        editable=False,
        help_text="Code given to the patient; quote it when you call back.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150)
    phone = models.CharField(
        max_length=16,
        validators=[validate_e164],
        help_text="In international form (E.164).",
    )
    email = models.EmailField(blank=True)
    country = CountryField(help_text="Where the patient lives.")
    condition_page = optional_link(
        "pages.ConditionPage",
        verbose_name="condition",
        help_text="The condition page the request was sent from.",
    )
    language = models.CharField(
        max_length=15,
        blank=True,
        choices=language_choices,
        verbose_name="preferred language",
    )
    preferred_time = models.CharField(
        max_length=100,
        blank=True,
        verbose_name="preferred time to call",
        help_text="As the patient wrote it, e.g. 'weekdays after 5 pm'.",
    )
    message = models.TextField(max_length=2000, blank=True)
    consented_at = models.DateTimeField(
        help_text="When the patient agreed to the processing of their data."
    )
    consent_text_version = models.CharField(
        max_length=32,
        validators=[validate_consent_text_version, validate_known_consent_version],
        help_text="Version of the consent text the patient agreed to.",
    )
    source_url = models.URLField(
        max_length=500, blank=True, verbose_name="sent from (URL)"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    notes = models.TextField(
        blank=True,
        verbose_name="coordinator notes",
        help_text="Internal notes: calls made, next steps. Never shown to the patient.",
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, db_index=True, verbose_name="received"
    )
    idempotency_key_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    payload_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # One request per form token (leads.antibot.form_token_id): a token cannot be
    # replayed to send many.
    form_token_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = LeadQuerySet.as_manager()

    panels = [
        _read_only_group(
            "Request",
            ["reference", "kind", "created_at", "condition_page", "source_url"],
        ),
        _read_only_group(
            "Sent by the patient",
            [
                "name",
                "phone",
                "email",
                "country",
                "language",
                "preferred_time",
                "message",
            ],
        ),
        _read_only_group("Consent", ["consented_at", "consent_text_version"]),
        FieldPanel("status"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = "patient request"
        verbose_name_plural = "patient requests"
        ordering = ["-created_at"]
        # Requests only come from the public API; nobody adds them in the admin.
        default_permissions = ("change", "delete", "view")
        indexes = [models.Index(Lower("email"), name="leads_lead_email_ci")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.reference}"

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = self.unused_reference()
        super().save(*args, **kwargs)

    @classmethod
    def unused_reference(cls) -> str:
        for _ in range(10):
            reference = generate_reference()
            if not cls.objects.filter(reference=reference).exists():
                return reference
        raise RuntimeError("Could not find an unused reference code.")
