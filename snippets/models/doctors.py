"""Doctors: one record used as page reviewer, advisor in a call to action and author."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.fields import optional_link

from ..fields import LanguageListField
from .base import ReviewedSnippet


class DoctorSpecialty(TaggedItemBase):
    content_object = ParentalKey(
        "snippets.Doctor", on_delete=models.CASCADE, related_name="specialty_items"
    )


class Doctor(index.Indexed, ReviewedSnippet):
    honorific = models.CharField(
        max_length=20,
        default="Dr.",
        blank=True,
        help_text='Shown before the name, e.g. "Dr." Leave empty for none.',
    )
    name = models.CharField(
        max_length=120,
        help_text="Full name as the doctor wants it published, without the honorific.",
    )
    credentials = models.CharField(
        max_length=60,
        blank=True,
        help_text='Post-nominal degrees, e.g. "MD" or "MD, PhD".',
    )
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text='Role at the clinic, e.g. "Medical Advisor".',
    )
    specialties = ClusterTaggableManager(
        "specialties",
        through=DoctorSpecialty,
        blank=True,
        help_text='Medical specialties, e.g. "Pediatrics", "Regenerative medicine".',
    )
    bio = models.TextField(
        blank=True,
        help_text="Two or three sentences for doctor cards and author boxes.",
    )
    photo = optional_link(
        "wagtailimages.Image",
        help_text="Portrait, ideally square and at least 600 px wide.",
    )
    languages = LanguageListField(
        verbose_name="languages spoken",
        help_text="Languages in which patients can consult this doctor.",
    )
    registration_number = models.CharField(
        max_length=60,
        blank=True,
        help_text="Professional registration or licence number, shown to patients on request.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doctor",
        verbose_name="reviewer account",
        help_text="The doctor's admin login. Pages this user approves in the medical "
        "review are published as reviewed by this doctor.",
    )

    panels = [
        MultiFieldPanel(
            ["honorific", "name", "credentials", "role"], heading="Identity"
        ),
        "photo",
        "bio",
        "specialties",
        "languages",
        "registration_number",
        FieldPanel("user", permission="auth.change_user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        # The admin's listing and chooser search autocompletes: only these fields
        # are searched there.
        index.SearchField("role"),
        index.AutocompleteField("role"),
        index.SearchField("bio"),
        index.RelatedFields(
            "specialties",
            [index.SearchField("name"), index.AutocompleteField("name")],
        ),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]

    # A login belongs to one doctor record: translations are separate rows.
    exclude_fields_in_copy = ["user"]
    # wagtail-localize: what translators translate and what a sync copies from the
    # source. The name and registration number are the same in every language; the
    # login is not copied at all (see above).
    translatable_fields = [
        TranslatableField("honorific"),
        SynchronizedField("name", overridable=False),
        TranslatableField("credentials"),
        TranslatableField("role"),
        TranslatableField("bio"),
        SynchronizedField("photo", overridable=False),
        SynchronizedField("languages", overridable=False),
        SynchronizedField("registration_number", overridable=False),
        SynchronizedField("specialties", overridable=False),
    ]

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.honorific, self.name) if part)

    def clean(self):
        super().clean()
        if (
            self.user_id
            and Doctor.objects.filter(user_id=self.user_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                {"user": "This account is already linked to another doctor."}
            )

    def __str__(self) -> str:
        if self.credentials:
            return f"{self.display_name}, {self.credentials}"
        return self.display_name

    class Meta(ReviewedSnippet.Meta):
        ordering = ["name"]
        verbose_name = "doctor"
