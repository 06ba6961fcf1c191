"""Scholarly references: one record cited by many pages, in each page's own order."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from .base import SnippetRevisionRelations

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


class Reference(
    index.Indexed,
    SnippetRevisionRelations,
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """A scholarly citation stored as data; the Vancouver citation is derived from it.

    References are deliberately not translatable: an article's title, authors and
    journal are the same whichever language cites it, and one record per DOI keeps
    every page's numbered list pointing at the same source.

    A citation is part of every reviewed page that cites it, so an edit is a draft
    until a medical reviewer approves it ("Medical review" workflow): live pages keep
    citing the approved version meanwhile.
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
