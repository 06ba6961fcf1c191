"""Patient testimonials, shown only with valid, unrevoked consent."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from django_countries.fields import CountryField
from wagtail_localize.fields import SynchronizedField

from .base import ReviewedSnippet


class ConsentScope(models.TextChoices):
    QUOTE = "quote", "Quote only, anonymised"
    QUOTE_AND_VIDEO = "quote_video", "Quote and video"


class Testimonial(index.Indexed, ReviewedSnippet):
    """A patient's words, published only with consent on record.

    The condition pages a testimonial is about choose it (``ConditionPage.
    testimonials``); ``testimonial.conditions`` is that relation seen from here.
    Snippets hold no relation up to pages.
    """

    display_name = models.CharField(
        max_length=120,
        help_text='How the patient is shown, e.g. "A patient from Italy". Never a full name.',
    )
    country = CountryField(blank=True, help_text="The patient's country (ISO code).")
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
        help_text='The date the patient withdrew consent. Recorded with "Record '
        'consent withdrawal", which takes the testimonial down everywhere at once; '
        "it returns only with fresh consent (a later consent date) approved in the "
        "consent check.",
    )

    panels = [
        "display_name",
        "country",
        "quote",
        "outcomes",
        "video_url",
        "treatment_date",
        MultiFieldPanel(
            [
                "consent_given_on",
                "consent_scope",
                FieldPanel("consent_revoked_on", read_only=True),
            ],
            heading="Consent on record",
            help_text="A testimonial can only be published with valid, unrevoked consent.",
        ),
    ]
    search_fields = [
        index.SearchField("display_name"),
        index.AutocompleteField("display_name"),
        index.SearchField("quote"),
        index.AutocompleteField("quote"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]
    # wagtail-localize: the patient's name and the consent on record are the same in
    # every language; only the quote and the outcomes are translated.
    override_translatable_fields = [
        SynchronizedField("display_name", overridable=False)
    ]

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
        if self.consent_is_revoked(today):
            problems.append(("The patient revoked consent.", "consent_revoked_on"))
        return problems

    def consent_is_revoked(self, on_date=None) -> bool:
        """Withdrawn on or before ``on_date``, and not given again since."""
        revoked = self.consent_revoked_on
        if not revoked or revoked > (on_date or timezone.localdate()):
            return False
        return not (self.consent_given_on and self.consent_given_on > revoked)

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
            | models.Q(consent_given_on__gt=models.F("consent_revoked_on"))
        )
        .filter(
            models.Q(video_url="")
            | models.Q(consent_scope=ConsentScope.QUOTE_AND_VIDEO)
        )
    )
