"""References through the snippet admin: DOIs, PMIDs, authors and the citation."""

from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from snippets.models import Reference
from snippets.representations import reference_representation
from tests.factories import ReferenceAuthorFactory, ReferenceFactory

from .admin import (
    ADD,
    CHOOSER,
    CHOOSER_RESULTS,
    EDIT,
    LISTING,
    form_errors,
    listed,
)

pytestmark = pytest.mark.django_db

DOI = "10.1038/s41536-021-00131-5"
MORATA_TARIFA_AUTHORS = [
    ("Morata-Tarifa", "C"),
    ("Azkona", "G"),
    ("Glass", "J"),
    ("Mazzini", "L"),
    ("Sanchez-Pernaute", "R"),
]
# Reference 5 of the shared ALS page, exactly as it cites it.
MORATA_TARIFA_CITATION = (
    "Morata-Tarifa C, Azkona G, Glass J, Mazzini L, Sanchez-Pernaute R. "
    "Looking backward to move forward: a meta-analysis of stem cell therapy in "
    "amyotrophic lateral sclerosis. NPJ Regen Med. 2021;6(1):20. "
    "doi:10.1038/s41536-021-00131-5"
)
INVALID_DOI = (
    "Enter a DOI such as 10.1038/s41536-021-00131-5 (a resolver link is fine too)."
)
DUPLICATE_DOI = "A reference with this DOI already exists; choose it instead."


def reference_form(authors=MORATA_TARIFA_AUTHORS, initial=0, **overrides) -> dict:
    fields = {
        "title": "Looking backward to move forward: a meta-analysis of stem cell "
        "therapy in amyotrophic lateral sclerosis",
        "journal": "NPJ Regen Med",
        "year": "2021",
        "volume": "6",
        "issue": "1",
        "pages": "20",
        "doi": DOI,
        "pmid": "33649489",
        "url": "",
        "authors": inline_formset(
            [
                {"id": author_id, "family_name": family_name, "initials": initials}
                for author_id, family_name, initials in (
                    author if len(author) == 3 else ("", *author) for author in authors
                )
            ],
            initial=initial,
            min=1,
        ),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def test_create_with_authors_gives_the_vancouver_citation(admin_client):
    response = admin_client.post(ADD.format(model="reference"), reference_form())

    assert response.status_code == 302
    assert response["Location"].startswith(LISTING.format(model="reference"))
    reference = Reference.objects.get()
    assert [str(author) for author in reference.authors.all()] == [
        "Morata-Tarifa C",
        "Azkona G",
        "Glass J",
        "Mazzini L",
        "Sanchez-Pernaute R",
    ]
    assert reference.citation == MORATA_TARIFA_CITATION
    assert reference.doi_url == f"https://doi.org/{DOI}"


@pytest.mark.parametrize(
    "entered",
    [
        f"https://doi.org/{DOI}",
        f"doi:{DOI}",
        f"DOI: {DOI}",
        f"http://dx.doi.org/{DOI}",
        f"  {DOI} ",
    ],
)
def test_doi_is_normalised_on_save(admin_client, entered):
    response = admin_client.post(
        ADD.format(model="reference"), reference_form(doi=entered)
    )

    assert response.status_code == 302
    assert Reference.objects.get().doi == DOI


@pytest.mark.parametrize(
    "entered", ["10.1038", "s41536-021-00131-5", "https://example.org/paper"]
)
def test_invalid_doi_is_refused(admin_client, entered):
    response = admin_client.post(
        ADD.format(model="reference"), reference_form(doi=entered)
    )

    assert response.status_code == 200
    assert form_errors(response) == {"doi": [INVALID_DOI]}
    assert not Reference.objects.exists()


@pytest.mark.parametrize("entered", [DOI, f"https://doi.org/{DOI}", f"doi:{DOI}"])
def test_duplicate_doi_is_refused(admin_client, entered):
    existing = ReferenceFactory(doi=DOI)

    response = admin_client.post(
        ADD.format(model="reference"), reference_form(doi=entered)
    )

    assert response.status_code == 200
    # On the DOI field itself (not above the form), linking to the existing one.
    assert form_errors(response) == {
        "doi": [
            f'{DUPLICATE_DOI} <a href="{EDIT.format(model="reference", pk=existing.pk)}"'
            f' target="_blank">{existing}</a>'
        ]
    }
    assert DUPLICATE_DOI in response.content.decode()
    assert list(Reference.objects.all()) == [existing]


def test_duplicate_doi_in_other_case_is_refused(admin_client):
    ReferenceFactory(doi=DOI)

    response = admin_client.post(
        ADD.format(model="reference"), reference_form(doi=DOI.upper())
    )

    assert response.status_code == 200
    assert Reference.objects.count() == 1


def test_editing_a_reference_keeps_its_own_doi(admin_client):
    reference = ReferenceFactory(doi=DOI, authors=[("Morata-Tarifa", "C")])
    author = reference.authors.get()

    response = admin_client.post(
        EDIT.format(model="reference", pk=reference.pk),
        reference_form(
            authors=[(author.pk, "Morata-Tarifa", "C"), ("Azkona", "G")],
            initial=1,
            doi=f"https://doi.org/{DOI}",
            title="Looking backward to move forward",
        )
        | {"action-publish": "1"},
    )

    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.title == "Looking backward to move forward"
    assert reference.doi == DOI
    assert [str(author) for author in reference.authors.all()] == [
        "Morata-Tarifa C",
        "Azkona G",
    ]


def test_a_reference_needs_an_author(admin_client):
    """A draft may be saved unfinished (Wagtail defers required fields); a reference
    cannot be published without an author."""
    response = admin_client.post(
        ADD.format(model="reference"),
        reference_form(authors=[]) | {"action-publish": "1"},
    )

    assert response.status_code == 200
    assert not Reference.objects.exists()


@pytest.mark.parametrize("pmid", ["PMID33649489", "3364-9489", "12345678901"])
def test_pmid_must_be_digits(admin_client, pmid):
    response = admin_client.post(
        ADD.format(model="reference"), reference_form(pmid=pmid)
    )

    assert response.status_code == 200
    assert form_errors(response) == {"pmid": ["A PMID is a number of up to 10 digits."]}


def test_model_validation_normalises_and_checks():
    reference = ReferenceFactory(authors=[("Wang", "Y")])
    reference.doi = f"https://doi.org/{DOI}"
    reference.full_clean()
    assert reference.doi == DOI

    reference.pmid = "x1"
    with pytest.raises(ValidationError) as caught:
        reference.full_clean()
    assert caught.value.message_dict == {
        "pmid": ["A PMID is a number of up to 10 digits."]
    }


def test_citation_of_the_shared_page_reference():
    reference = ReferenceFactory(
        title="Looking backward to move forward: a meta-analysis of stem cell "
        "therapy in amyotrophic lateral sclerosis.",
        journal="NPJ Regen Med",
        year=2021,
        volume="6",
        issue="1",
        pages="20",
        doi=DOI,
        authors=MORATA_TARIFA_AUTHORS,
    )

    assert reference.citation == MORATA_TARIFA_CITATION


def test_citation_without_doi_links_the_article():
    reference = ReferenceFactory(
        title="Stem cells in ALS",
        journal="",
        year=2020,
        volume="",
        issue="3",
        pages="",
        doi="",
        url="https://example.org/als",
        authors=[("Petrou", "P"), ("Karussis", "D")],
    )

    assert reference.citation == (
        "Petrou P, Karussis D. Stem cells in ALS. 2020;(3). "
        "Available from: https://example.org/als"
    )


def test_author_factory_adds_an_author():
    author = ReferenceAuthorFactory(family_name="Najafi", initials="S")

    assert author.reference.citation.startswith("Najafi S. ")


@pytest.fixture
def references():
    return [
        ReferenceFactory(title="Looking backward to move forward", year=2021, doi=DOI),
        ReferenceFactory(title="The safety of MSC therapy", year=2021),
        ReferenceFactory(title="Mesenchymal stem cell therapy in ALS", year=2023),
    ]


def test_listing_filters_by_year(admin_client, references):
    response = admin_client.get(LISTING.format(model="reference"), {"year": "2023"})

    assert response.status_code == 200
    assert listed(response) == [str(references[2])]


def test_listing_search(admin_client, references):
    response = admin_client.get(LISTING.format(model="reference"), {"q": "backward"})

    assert response.status_code == 200
    assert listed(response) == [str(references[0])]


def test_chooser_lists_references(admin_client, references):
    response = admin_client.get(CHOOSER.format(model="reference"))

    assert response.status_code == 200
    assert set(listed(response)) == {str(reference) for reference in references}


def test_chooser_search(admin_client, references):
    response = admin_client.get(
        CHOOSER_RESULTS.format(model="reference"), {"q": "safety"}
    )

    assert response.status_code == 200
    assert listed(response) == [str(references[1])]


THIRTY_AUTHORS = [(f"Author{n:02d}", "A") for n in range(1, 31)]


def test_thirty_authors_cite_as_six_and_et_al():
    reference = ReferenceFactory(
        title="Riluzole in ALS",
        journal="Lancet",
        year=1996,
        volume="347",
        issue="9013",
        pages="1425-1431",
        doi="",
        authors=THIRTY_AUTHORS,
    )

    assert reference.citation == (
        "Author01 A, Author02 A, Author03 A, Author04 A, Author05 A, Author06 A, "
        "et al. Riluzole in ALS. Lancet. 1996;347(9013):1425-1431."
    )


@pytest.mark.parametrize(
    ("count", "truncated", "ends_with"),
    [
        (6, False, "Author06 A. Title."),
        (7, False, "Author06 A, et al. Title."),
        (2, True, "Author02 A, et al. Title."),
        (6, True, "Author06 A, et al. Title."),
        (30, True, "Author06 A, et al. Title."),
    ],
)
def test_et_al_follows_six_authors_or_a_truncated_list(count, truncated, ends_with):
    reference = ReferenceFactory(
        title="Title", authors=THIRTY_AUTHORS[:count], authors_truncated=truncated
    )

    authors_and_title = reference.citation.split(" Stem Cell Res Ther.")[0]
    assert authors_and_title.endswith(ends_with)
    assert authors_and_title.count("Author") == min(count, 6)


def test_the_editor_records_a_truncated_author_list(admin_client):
    response = admin_client.post(
        ADD.format(model="reference"),
        reference_form(authors=MORATA_TARIFA_AUTHORS[:2], authors_truncated="on"),
    )

    assert response.status_code == 302
    assert Reference.objects.get().citation.startswith(
        "Morata-Tarifa C, Azkona G, et al. Looking backward"
    )


def test_identifiers_come_first_in_the_form(admin_client):
    html = admin_client.get(ADD.format(model="reference")).content.decode()

    positions = [
        html.index(f'name="{name}"')
        for name in ("import_source", "doi", "pmid", "authors-TOTAL_FORMS", "title")
    ]
    assert positions == sorted(positions)


@pytest.fixture
def bensimon():
    return ReferenceFactory(
        title="A controlled trial of riluzole in amyotrophic lateral sclerosis",
        journal="N Engl J Med",
        year=1994,
        doi="10.1056/NEJM199403033300901",
        pmid="8302340",
        authors=[("Bensimon", "G"), ("Lacomblez", "L"), ("Meininger", "V")],
    )


FINDS_BENSIMON = [
    "Lacomblez",
    "meininger",
    "N Engl J Med",
    "1994",
    "10.1056/NEJM199403033300901",
    "8302340",
    "riluzole",
]


@pytest.mark.parametrize("query", FINDS_BENSIMON)
def test_chooser_finds_by_author_journal_year_doi_and_pmid(
    admin_client, references, bensimon, query
):
    response = admin_client.get(CHOOSER_RESULTS.format(model="reference"), {"q": query})

    assert response.status_code == 200
    assert listed(response) == [str(bensimon)]


@pytest.mark.parametrize("query", FINDS_BENSIMON)
def test_listing_finds_by_author_journal_year_doi_and_pmid(
    admin_client, references, bensimon, query
):
    response = admin_client.get(LISTING.format(model="reference"), {"q": query})

    assert response.status_code == 200
    assert listed(response) == [str(bensimon)]


def test_an_author_edited_on_its_own_is_found(admin_client, bensimon):
    author = bensimon.authors.get(family_name="Meininger")
    author.family_name = "Pradat"
    author.save()

    found = admin_client.get(LISTING.format(model="reference"), {"q": "Pradat"})
    gone = admin_client.get(LISTING.format(model="reference"), {"q": "Meininger"})

    assert listed(found) == [str(bensimon)]
    assert listed(gone) == []


def test_the_api_representation_cites_with_et_al():
    reference = ReferenceFactory(title="Riluzole in ALS", authors=THIRTY_AUTHORS)

    represented = reference_representation(reference)

    assert represented["citation"].startswith(
        "Author01 A, Author02 A, Author03 A, Author04 A, Author05 A, Author06 A, "
        "et al. Riluzole in ALS."
    )
    assert len(represented["authors"]) == 30  # the stored list, unabridged
