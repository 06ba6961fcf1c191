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

# NLM's rule: list the first six authors, then "et al." when there are more.
VANCOUVER_AUTHOR_LIMIT = 6
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(value: str) -> str:
    """Strip resolver prefixes and whitespace, leaving the bare ``10.xxxx/...`` DOI."""
    return DOI_PREFIXES.sub("", value.strip()).strip()


DUPLICATE_DOI_MESSAGE = "A reference with this DOI already exists; choose it instead."


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
    authors_truncated = models.BooleanField(
        "author list is truncated",
        default=False,
        help_text="Tick when only the first authors are entered: the citation then "
        'ends the list with "et al.". Papers with more than six authors are cited '
        "that way anyway.",
    )

    # Identifiers first: the duplicate check and the import start from them.
    panels = [
        MultiFieldPanel(["doi", "pmid"], heading="Identifiers"),
        InlinePanel("authors", heading="Authors", label="Author", min_num=1),
        "authors_truncated",
        "title",
        MultiFieldPanel(
            ["journal", "year", "volume", "issue", "pages", "url"], heading="Source"
        ),
    ]
    # What an editor types to find a reference in the listing and the chooser. The
    # admin searches autocomplete fields only, so each is both.
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("journal"),
        index.AutocompleteField("journal"),
        index.SearchField("doi"),
        index.AutocompleteField("doi"),
        index.SearchField("pmid"),
        index.AutocompleteField("pmid"),
        index.SearchField("year"),
        index.AutocompleteField("year"),
        index.FilterField("year"),
        index.RelatedFields(
            "authors",
            [
                index.SearchField("family_name"),
                index.AutocompleteField("family_name"),
            ],
        ),
    ]

    def clean(self):
        super().clean()
        if self.doi:
            self.doi = normalise_doi(self.doi)

    @cached_property
    def author_names(self) -> list[str]:
        return [str(author) for author in self.authors.all()]

    @property
    def cited_authors(self) -> str:
        """The author list as Vancouver cites it: up to six names, then "et al." when
        there are more, or when the editor recorded that the stored list is cut short."""
        names = self.author_names
        if len(names) > VANCOUVER_AUTHOR_LIMIT:
            names = [*names[:VANCOUVER_AUTHOR_LIMIT], "et al"]
        elif names and self.authors_truncated:
            names = [*names, "et al"]
        return ", ".join(names)

    @property
    def citation(self) -> str:
        """The citation in Vancouver (NLM) style."""
        parts = []
        if self.author_names:
            parts.append(self.cited_authors + ".")
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
                violation_error_message=DUPLICATE_DOI_MESSAGE,
            )
        ]


def reference_with_doi(doi: str, exclude_pk: int | None = None) -> "Reference | None":
    """The reference that already has this DOI (DOIs compare case-insensitively)."""
    doi = normalise_doi(doi)
    if not doi:
        return None
    references = Reference.objects.filter(doi__iexact=doi)
    if exclude_pk is not None:
        references = references.exclude(pk=exclude_pk)
    return references.first()


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
