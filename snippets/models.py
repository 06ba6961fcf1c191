"""Reusable clinical content: doctors, patient testimonials and scholarly references.

A doctor is one record used in several roles (page reviewer, advisor in a call to
action, article author); a reference is one record cited by many pages, in each
page's own order.
"""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from django_countries.fields import CountryField

from .fields import LanguageListField


class ReviewedSnippet(
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    ClusterableModel,
):
    """Base for snippets that go through approval before they are shown publicly."""

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def get_preview_template(self, request, mode_name):
        return f"snippets/previews/{self._meta.model_name}.html"


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
        through=DoctorSpecialty,
        blank=True,
        help_text='Medical specialties, e.g. "Pediatrics", "Regenerative medicine".',
    )
    bio = models.TextField(
        blank=True,
        help_text="Two or three sentences for doctor cards and author boxes.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="doctor")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="doctor",
        for_concrete_model=False,
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
        index.SearchField("role"),
        index.SearchField("bio"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]

    # A login belongs to one doctor record: translations are separate rows.
    exclude_fields_in_copy = ["user"]

    @property
    def revisions(self):
        return self._revisions

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


class ConsentScope(models.TextChoices):
    QUOTE = "quote", "Quote only, anonymised"
    QUOTE_AND_VIDEO = "quote_video", "Quote and video"


class Testimonial(index.Indexed, ReviewedSnippet):
    display_name = models.CharField(
        max_length=120,
        help_text='How the patient is shown, e.g. "A patient from Italy". Never a full name.',
    )
    country = CountryField(blank=True, help_text="The patient's country (ISO code).")
    conditions = ParentalManyToManyField(
        "pages.ConditionPage",
        blank=True,
        related_name="testimonials",
        help_text="The condition page(s) this testimonial is about.",
    )
    quote = models.TextField(
        help_text="The patient's words, as agreed in the consent form."
    )
    outcomes = StreamField(
        [
            (
                "outcome",
                blocks.CharBlock(
                    max_length=200,
                    label="Outcome",
                    help_text='One outcome the patient reported, e.g. "Walking improved".',
                ),
            )
        ],
        blank=True,
        help_text="Outcomes the patient reported, one per item.",
    )
    video_url = models.URLField(
        blank=True, help_text="Optional video of the patient (YouTube or Vimeo link)."
    )
    treatment_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the patient was treated (first treatment).",
    )
    consent_given_on = models.DateField(
        null=True,
        blank=True,
        help_text="Date the patient signed consent to publish. Required to publish.",
    )
    consent_scope = models.CharField(
        max_length=20,
        choices=ConsentScope.choices,
        blank=True,
        help_text="What the patient agreed to publish. A video needs video consent.",
    )
    consent_revoked_on = models.DateField(
        null=True,
        blank=True,
        help_text="If the patient withdrew consent, the date; the testimonial is then hidden.",
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="testimonial"
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="testimonial",
        for_concrete_model=False,
    )

    panels = [
        "display_name",
        "country",
        "conditions",
        "quote",
        "outcomes",
        "video_url",
        "treatment_date",
        MultiFieldPanel(
            ["consent_given_on", "consent_scope", "consent_revoked_on"],
            heading="Consent on record",
            help_text="A testimonial can only be published with valid, unrevoked consent.",
        ),
    ]
    search_fields = [
        index.SearchField("display_name"),
        index.AutocompleteField("display_name"),
        index.SearchField("quote"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]

    @property
    def revisions(self):
        return self._revisions

    def consent_problems_by_field(self, on_date=None) -> list[tuple[str, str]]:
        """``(reason, field name)`` for each reason this testimonial may not be shown
        publicly on ``on_date``."""
        today = on_date or timezone.localdate()
        problems = []
        if not self.consent_given_on:
            problems.append(("No consent date is on record.", "consent_given_on"))
        elif self.consent_given_on > today:
            problems.append(("The consent date is in the future.", "consent_given_on"))
        if not self.consent_scope:
            problems.append(
                ("The scope of the consent is not recorded.", "consent_scope")
            )
        elif self.video_url and self.consent_scope != ConsentScope.QUOTE_AND_VIDEO:
            problems.append(
                ("A video needs consent that covers video.", "consent_scope")
            )
        if self.consent_revoked_on and self.consent_revoked_on <= today:
            problems.append(("The patient revoked consent.", "consent_revoked_on"))
        return problems

    def consent_problems(self, on_date=None) -> list[str]:
        """Reasons this testimonial may not be shown publicly on ``on_date``."""
        return [problem for problem, _field in self.consent_problems_by_field(on_date)]

    @property
    def has_valid_consent(self) -> bool:
        return not self.consent_problems()

    def publish(self, revision, *args, **kwargs):
        problems = revision.as_object().consent_problems()
        if problems:
            raise ValidationError(
                "This testimonial cannot be published: " + " ".join(problems)
            )
        return super().publish(revision, *args, **kwargs)

    def __str__(self) -> str:
        return self.display_name

    class Meta(ReviewedSnippet.Meta):
        ordering = ["display_name"]
        verbose_name = "testimonial"


def publishable_testimonials(queryset=None, on_date=None):
    """Testimonials that may be shown on ``on_date``: live, with unrevoked consent that
    covers them. The database-side twin of ``Testimonial.consent_problems``."""
    today = on_date or timezone.localdate()
    queryset = Testimonial.objects.all() if queryset is None else queryset
    return (
        queryset.filter(live=True, consent_given_on__lte=today)
        .exclude(consent_scope="")
        .filter(
            models.Q(consent_revoked_on__isnull=True)
            | models.Q(consent_revoked_on__gt=today)
        )
        .filter(
            models.Q(video_url="")
            | models.Q(consent_scope=ConsentScope.QUOTE_AND_VIDEO)
        )
    )


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(value: str) -> str:
    """Strip resolver prefixes and whitespace, leaving the bare ``10.xxxx/...`` DOI."""
    return DOI_PREFIXES.sub("", value.strip()).strip()


def validate_doi(value: str) -> None:
    if value and not DOI_PATTERN.match(normalise_doi(value)):
        raise ValidationError(
            "Enter a DOI such as 10.1038/s41536-021-00131-5 (a resolver link is fine too).",
            code="invalid_doi",
        )


class Reference(index.Indexed, ClusterableModel):
    """A scholarly citation stored as data; the Vancouver citation is derived from it.

    References are deliberately not translatable: an article's title, authors and
    journal are the same whichever language cites it, and one record per DOI keeps
    every page's numbered list pointing at the same source.
    """

    title = models.CharField(max_length=500, help_text="Article title, as published.")
    journal = models.CharField(
        max_length=200,
        blank=True,
        help_text='Journal, abbreviated as in PubMed (e.g. "NPJ Regen Med").',
    )
    year = models.PositiveSmallIntegerField(help_text="Year of publication.")
    volume = models.CharField(max_length=20, blank=True, help_text="Volume, e.g. 26.")
    issue = models.CharField(max_length=20, blank=True, help_text="Issue, e.g. 8.")
    pages = models.CharField(
        max_length=40,
        blank=True,
        help_text="Page range (872-881) or article number (545).",
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text="Digital Object Identifier; a https://doi.org/ link is accepted and shortened.",
    )
    pmid = models.CharField(
        "PMID",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^\d{1,10}$", "A PMID is a number of up to 10 digits.")
        ],
        help_text="PubMed identifier, digits only.",
    )
    url = models.URLField(
        "URL", blank=True, help_text="Link to the article when it has no DOI."
    )

    panels = [
        InlinePanel("authors", heading="Authors", label="Author", min_num=1),
        "title",
        MultiFieldPanel(
            ["journal", "year", "volume", "issue", "pages"], heading="Source"
        ),
        MultiFieldPanel(["doi", "pmid", "url"], heading="Identifiers"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("journal"),
        index.SearchField("doi"),
        index.FilterField("year"),
    ]

    def clean(self):
        super().clean()
        if self.doi:
            self.doi = normalise_doi(self.doi)

    @cached_property
    def author_names(self) -> list[str]:
        return [str(author) for author in self.authors.all()]

    @property
    def citation(self) -> str:
        """The citation in Vancouver (NLM) style, listing every author."""
        parts = []
        if self.author_names:
            parts.append(", ".join(self.author_names) + ".")
        parts.append(self.title.rstrip(".") + ".")
        source = ""
        if self.journal:
            source = self.journal.rstrip(".") + ". "
        source += str(self.year)
        if self.volume:
            source += f";{self.volume}"
            if self.issue:
                source += f"({self.issue})"
        elif self.issue:
            source += f";({self.issue})"
        if self.pages:
            source += f":{self.pages}"
        parts.append(source + ".")
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(f"Available from: {self.url}")
        return " ".join(parts)

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def __str__(self) -> str:
        first = self.author_names[0] if self.author_names else "Anon"
        return f"{first} ({self.year}). {self.title}"

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = "reference"
        constraints = [
            # DOIs are case-insensitive: 10.1038/S41536-... is the same article.
            models.UniqueConstraint(
                Lower("doi"),
                condition=~models.Q(doi=""),
                name="unique_reference_doi_ignoring_case",
                violation_error_message="A reference with this DOI already exists; choose it instead.",
            )
        ]


class ReferenceAuthor(Orderable):
    reference = ParentalKey(Reference, on_delete=models.CASCADE, related_name="authors")
    family_name = models.CharField(max_length=100, help_text='e.g. "Morata-Tarifa".')
    initials = models.CharField(
        max_length=10,
        blank=True,
        help_text='Initials of the given names without dots, e.g. "C" or "AR".',
    )

    panels = ["family_name", "initials"]

    def __str__(self) -> str:
        return f"{self.family_name} {self.initials}".strip()
