"""References from identifiers and records: a DOI, a PMID, a BibTeX entry, a RIS
record and a PubMed (MEDLINE) record of the same paper fill the same reference."""

import dataclasses

import pytest

from snippets.citations import ImportProblem, import_reference
from snippets.models import Reference
from tests.factories import ReferenceFactory

from .admin import ADD, EDIT, form_errors
from .record_server import DOI, PMID, record

pytestmark = pytest.mark.django_db

BENSIMON_1994 = {
    "authors": [("Bensimon", "G"), ("Lacomblez", "L"), ("Meininger", "V")],
    # Crossref gives the title in title case, PubMed in sentence case: the import
    # keeps the source's spelling, so titles (and DOIs) compare case-insensitively.
    "title": "a controlled trial of riluzole in amyotrophic lateral sclerosis",
    "journal": "N Engl J Med",
    "year": 1994,
    "volume": "330",
    "issue": "9",
    "pages": "585-591",
    "doi": DOI.casefold(),
    "pmid": PMID,
    "url": "",
}

SOURCES = {
    "DOI": DOI,
    "doi.org link": f"https://doi.org/{DOI}",
    "PMID": PMID,
    "PubMed link": f"https://pubmed.ncbi.nlm.nih.gov/{PMID}/",
    "BibTeX": record("bensimon_1994.bib"),
    "RIS": record("bensimon_1994.ris"),
    "MEDLINE": record("bensimon_1994.medline.txt"),
}


def comparable(imported) -> dict:
    fields = dataclasses.asdict(imported)
    fields["authors"] = [tuple(author) for author in fields["authors"]]
    fields["title"] = fields["title"].casefold()
    fields["doi"] = fields["doi"].casefold()
    return fields


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_every_identifier_and_record_gives_the_same_reference(record_server, source):
    assert comparable(import_reference(source)) == BENSIMON_1994


def test_a_doi_is_resolved_by_content_negotiation(record_server):
    import_reference(DOI)

    path, _query, headers = record_server.requests[0]
    assert path == f"/doi/{DOI}"
    assert headers["Accept"] == "application/vnd.citationstyles.csl+json"
    # CSL-JSON carries no PMID: PubMed is asked which record has the DOI.
    assert record_server.requests[1][0] == "/eutils/esearch.fcgi"
    assert record_server.requests[1][1]["term"].casefold() == f"{DOI}[doi]".casefold()


def test_a_pmid_is_fetched_as_medline(record_server):
    import_reference(f"PMID: {PMID}")

    path, query, _headers = record_server.requests[0]
    assert path == "/eutils/efetch.fcgi"
    assert query | {"tool": ""} == {
        "db": "pubmed",
        "id": PMID,
        "rettype": "medline",
        "retmode": "text",
        "tool": "",
    }


def test_a_record_with_its_pmid_asks_no_service(record_server):
    import_reference(record("bensimon_1994.ris"))

    assert record_server.requests == []


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("10.1056/NEJM000000000", "No record for DOI 10.1056/NEJM000000000."),
        ("99999999", "PubMed has no record 99999999."),
        ("riluzole trial", "This is not a DOI, a PMID, or a BibTeX, RIS or PubMed"),
        ("", "Paste a DOI, a PMID or a reference record first."),
        ("@article{x,\n}\n@article{y,\n}", "Paste exactly one BibTeX entry"),
    ],
)
def test_what_gives_no_reference_says_why(record_server, source, message):
    with pytest.raises(ImportProblem) as caught:
        import_reference(source)

    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("source", "service"), [(DOI, "doi.org"), (PMID, "PubMed (NCBI E-utilities)")]
)
def test_without_network_the_editor_is_told(source, service):
    """The test settings point both services at a closed local port."""
    with pytest.raises(ImportProblem) as caught:
        import_reference(source)

    assert str(caught.value).startswith(f"{service} could not be reached")


def test_a_slow_service_times_out(record_server, settings):
    settings.REFERENCE_DOI_RESOLVER_URL = f"{record_server.base_url}/slow/"
    settings.REFERENCE_LOOKUP_TIMEOUT = 0.3

    with pytest.raises(ImportProblem) as caught:
        import_reference(DOI)

    assert "could not be reached" in str(caught.value)


def fill_in(admin_client, source):
    return admin_client.post(
        ADD.format(model="reference"),
        {"import_source": source, "action-import": "1"},
    )


def test_fill_in_shows_the_filled_form_and_saves_nothing(admin_client, record_server):
    response = fill_in(admin_client, DOI)

    assert response.status_code == 200
    assert not Reference.objects.exists()
    form = response.context["form"]
    assert form.errors == {}
    assert form.data["title"] == (
        "A Controlled Trial of Riluzole in Amyotrophic Lateral Sclerosis"
    )
    assert form.data["pmid"] == PMID
    html = response.content.decode()
    assert 'value="Meininger"' in html
    assert 'value="N Engl J Med"' in html


def test_the_filled_form_saves_the_reference(admin_client, record_server):
    filled = fill_in(admin_client, record("bensimon_1994.medline.txt")).context["form"]

    response = admin_client.post(ADD.format(model="reference"), filled.data.dict())

    assert response.status_code == 302
    reference = Reference.objects.get()
    assert reference.citation == (
        "Bensimon G, Lacomblez L, Meininger V. A controlled trial of riluzole in "
        "amyotrophic lateral sclerosis. N Engl J Med. 1994;330(9):585-591. "
        "doi:10.1056/NEJM199403033300901"
    )
    assert reference.pmid == PMID


def test_fill_in_without_network_keeps_the_paste_and_says_why(admin_client):
    response = fill_in(admin_client, DOI)

    assert response.status_code == 200
    assert not Reference.objects.exists()
    assert response.context["form"].initial["import_source"] == DOI
    assert [str(message) for message in response.context["messages"]] == [
        "doi.org could not be reached, so nothing was filled in. Paste the record "
        "itself (BibTeX, RIS or PubMed format) or type the reference."
    ]


def test_fill_in_shows_a_duplicate_on_the_doi_field(admin_client, record_server):
    existing = ReferenceFactory(doi=DOI)

    response = fill_in(admin_client, PMID)

    errors = form_errors(response)
    assert list(errors) == ["doi"]
    edit_url = EDIT.format(model="reference", pk=existing.pk)
    assert f'<a href="{edit_url}" target="_blank">' in response.content.decode()
    assert Reference.objects.count() == 1


def test_the_paste_box_is_offered_only_when_creating(admin_client):
    reference = ReferenceFactory()

    create = admin_client.get(ADD.format(model="reference"))
    edit = admin_client.get(EDIT.format(model="reference", pk=reference.pk))

    assert 'name="import_source"' in create.content.decode()
    assert 'name="action-import"' in create.content.decode()
    assert 'name="import_source"' not in edit.content.decode()
