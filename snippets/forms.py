from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html

from wagtail.admin.forms import WagtailAdminModelForm

from .citations import ImportedReference, ImportProblem, import_reference
from .models import (
    DUPLICATE_DOI_MESSAGE,
    Reference,
    ReferenceAuthor,
    normalise_doi,
    reference_with_doi,
)


class TestimonialForm(WagtailAdminModelForm):
    """Refuses publishing (or submitting for approval) without valid consent.

    Saving a draft defers this check, so an editor can prepare a testimonial while
    the signed consent form is still on its way.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        candidate = self.instance
        for name in (
            "consent_given_on",
            "consent_scope",
            "consent_revoked_on",
            "video_url",
        ):
            if name in cleaned_data:
                setattr(candidate, name, cleaned_data[name])
        problems = candidate.consent_problems_by_field()
        if problems:
            self.add_error(
                None,
                "This testimonial cannot be published: "
                + " ".join(problem for problem, _field in problems),
            )
            # A read-only field (the recorded revocation) cannot carry an error.
            for problem, field in problems:
                if field in self.fields:
                    self.add_error(field, problem)
        return cleaned_data


IMPORT_ACTION = "action-import"


class ImportSourceWidget(forms.Textarea):
    """The paste box with its own submit button: "Fill in" posts the create form
    with ``action-import``, and the view answers with the filled form (unsaved)."""

    template_name = "snippets/widgets/import_source.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 3, "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["import_action"] = IMPORT_ACTION
        return context


def import_source_field() -> forms.CharField:
    return forms.CharField(
        label="Fill in from a DOI, PMID or record",
        required=False,
        widget=ImportSourceWidget,
        help_text="Paste a DOI or doi.org link, a PMID or PubMed link, or a BibTeX, "
        "RIS or PubMed (MEDLINE) record, then check the filled form before saving.",
    )


def duplicate_doi_error(doi: str, instance) -> ValidationError | None:
    """The error for a DOI another reference already has, linking to that reference
    so the editor can open it (or choose it) instead of typing a second copy."""
    existing = reference_with_doi(doi, exclude_pk=instance.pk)
    if existing is None:
        return None
    return ValidationError(
        format_html(
            '{} <a href="{}" target="_blank">{}</a>',
            DUPLICATE_DOI_MESSAGE,
            reference_edit_url(existing),
            existing,
        ),
        code="duplicate_doi",
    )


def reference_edit_url(reference) -> str:
    return reverse(
        "wagtailsnippets_snippets_reference:edit", args=[quote(reference.pk)]
    )


class ReferenceDoiMixin:
    """DOI cleaning shared by the reference form and the chooser's creation form:
    the DOI is shortened to its bare form, and a duplicate is reported on the DOI
    field itself (the database constraint would only say it above the form)."""

    def clean_doi(self):
        doi = normalise_doi(self.cleaned_data.get("doi", ""))
        if doi and (error := duplicate_doi_error(doi, self.instance)):
            raise error
        return doi

    def add_duplicate_check(self):
        self.fields["doi"].widget.attrs.update(
            {
                "data-reference-duplicate-url": reverse("reference_doi_check"),
                "data-reference-id": self.instance.pk or "",
            }
        )


class ReferenceForm(ReferenceDoiMixin, WagtailAdminModelForm):
    """The reference create and edit form: a paste box to fill it in (when creating)
    and a duplicate-DOI check that runs as soon as the DOI is typed."""

    import_source = import_source_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Filling in replaces what is there: only offered for a new reference.
            del self.fields["import_source"]
        self.add_duplicate_check()

    class Media:
        js = ["snippets/js/reference-duplicate-doi.js"]


def reference_form_data(imported: ImportedReference, source: str) -> QueryDict:
    """The POST data of a reference form holding ``imported``: the create view binds
    the form to it, so the editor sees every value (and any error) before saving."""
    data = QueryDict(mutable=True)
    data.update(
        {
            "import_source": source,
            "title": imported.title,
            "journal": imported.journal,
            "year": str(imported.year or ""),
            "volume": imported.volume,
            "issue": imported.issue,
            "pages": imported.pages,
            "doi": imported.doi,
            "pmid": imported.pmid,
            "url": imported.url,
            "authors-TOTAL_FORMS": str(len(imported.authors)),
            "authors-INITIAL_FORMS": "0",
            "authors-MIN_NUM_FORMS": "1",
            "authors-MAX_NUM_FORMS": "1000",
        }
    )
    for order, (family_name, initials) in enumerate(imported.authors):
        prefix = f"authors-{order}-"
        data.update(
            {
                f"{prefix}family_name": family_name,
                f"{prefix}initials": initials,
                f"{prefix}ORDER": str(order + 1),
                f"{prefix}id": "",
                f"{prefix}DELETE": "",
            }
        )
    return data


class ReferenceCreationForm(ReferenceDoiMixin, forms.ModelForm):
    """The reference chooser's "Create" tab: the same paste box, and the authors as
    one "Family Initials" per line (the chooser modal has no inline rows).

    Pasting and pressing Create fills the fields and shows them again for checking;
    nothing is created until the editor presses Create on the filled form. A
    reference made here is a draft, like one saved from the full form: it reaches
    the site once a reviewer approves it.
    """

    import_source = import_source_field()
    author_lines = forms.CharField(
        label="Authors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='One author per line, family name then initials: "Bensimon G".',
    )
    url = forms.URLField(
        label="URL",
        required=False,
        assume_scheme="https",
        help_text="Link to the article when it has no DOI.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_source"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["title"].required = False  # checked in clean(), after any import
        self.fields["year"].required = False
        self.add_duplicate_check()

    def clean(self):
        source = self.data.get("import_source", "").strip()
        if source and not self.data.get("title", "").strip():
            try:
                imported = import_reference(source)
            except ImportProblem as problem:
                raise ValidationError({"import_source": str(problem)}) from problem
            self.data = chooser_form_data(imported, source)
            raise ValidationError(
                "Filled in from the record: check the fields, then press Create."
            )
        cleaned_data = super().clean()
        for name in ("title", "year"):
            if not cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, "This field is required.")
        self.authors = [
            author_from_line(line)
            for line in cleaned_data.get("author_lines", "").splitlines()
            if line.strip()
        ]
        if not self.authors:
            self.add_error("author_lines", "Enter at least one author.")
        return cleaned_data

    def save(self, commit=True, user=None):
        reference = super().save(commit=False)
        reference.live = False
        # The sort order, as the edit form's inline panel sets it: without it the
        # authors' order is left to the database.
        reference.authors = [
            ReferenceAuthor(family_name=family_name, initials=initials, sort_order=n)
            for n, (family_name, initials) in enumerate(self.authors)
        ]
        reference.save()
        reference.save_revision(user=user, log_action=True)
        return reference

    class Meta:
        model = Reference
        fields = [
            "import_source",
            "doi",
            "pmid",
            "author_lines",
            "authors_truncated",
            "title",
            "journal",
            "year",
            "volume",
            "issue",
            "pages",
            "url",
        ]


def author_from_line(line: str) -> tuple[str, str]:
    """ "Bensimon G" gives ("Bensimon", "G"); a name without initials stays whole."""
    family_name, _, initials = line.strip().rpartition(" ")
    if not family_name or not initials.isupper() or len(initials) > 4:
        return line.strip(), ""
    return family_name, initials


def chooser_form_data(imported: ImportedReference, source: str) -> QueryDict:
    data = reference_form_data(imported, source)
    data["author_lines"] = "\n".join(
        f"{family_name} {initials}".strip()
        for family_name, initials in imported.authors
    )
    return data
