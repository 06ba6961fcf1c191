"""Creating a reference from the chooser, and the duplicate-DOI check the reference
forms ask as soon as a DOI is typed."""

import json

import pytest

from snippets.models import DUPLICATE_DOI_MESSAGE, Reference
from tests.factories import ReferenceFactory

from .admin import CHOOSER, EDIT
from .record_server import DOI, PMID

pytestmark = pytest.mark.django_db

CREATE = "/admin/snippets/choose/snippets/reference/create/"
DOI_CHECK = "/admin/references/doi-check/"


def modal(response) -> dict:
    assert response.status_code == 200
    return json.loads(response.content)


def creation_form(**overrides) -> dict:
    return {
        "import_source": "",
        "doi": DOI,
        "pmid": PMID,
        "author_lines": "Bensimon G\nLacomblez L\nMeininger V\n",
        "title": "A controlled trial of riluzole in amyotrophic lateral sclerosis",
        "journal": "N Engl J Med",
        "year": "1994",
        "volume": "330",
        "issue": "9",
        "pages": "585-591",
        "url": "",
    } | overrides


def test_the_chooser_offers_a_creation_form(admin_client):
    html = modal(admin_client.get(CHOOSER.format(model="reference")))["html"]

    assert 'name="author_lines"' in html
    assert 'name="import_source"' in html
    assert CREATE in html


def test_the_chooser_creates_a_draft_reference(admin_client):
    answer = modal(admin_client.post(CREATE, creation_form()))

    assert answer["step"] == "chosen"
    reference = Reference.objects.get()
    assert answer["result"]["id"] == str(reference.pk)
    assert not reference.live  # reaches the site once a reviewer approves it
    assert reference.latest_revision is not None
    assert reference.citation == (
        "Bensimon G, Lacomblez L, Meininger V. A controlled trial of riluzole in "
        "amyotrophic lateral sclerosis. N Engl J Med. 1994;330(9):585-591. "
        "doi:10.1056/NEJM199403033300901"
    )
    # The order is stored, not left to the database's order of equal rows.
    assert list(reference.authors.values_list("family_name", "sort_order")) == [
        ("Bensimon", 0),
        ("Lacomblez", 1),
        ("Meininger", 2),
    ]


def test_the_chooser_fills_in_from_a_pasted_doi_before_creating(
    admin_client, record_server
):
    answer = modal(admin_client.post(CREATE, {"import_source": DOI}))

    assert answer["step"] == "reshow_creation_form"
    assert not Reference.objects.exists()
    html = answer["htmlFragment"]
    assert "Filled in from the record: check the fields, then press Create." in html
    assert "Bensimon G\nLacomblez L\nMeininger V" in html
    assert 'value="N Engl J Med"' in html


def test_the_chooser_says_why_a_paste_gave_nothing(admin_client):
    answer = modal(admin_client.post(CREATE, {"import_source": DOI}))

    assert answer["step"] == "reshow_creation_form"
    assert "doi.org could not be reached" in answer["htmlFragment"]
    assert not Reference.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"author_lines": ""}, "Enter at least one author."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_the_chooser_refuses_an_incomplete_reference(admin_client, overrides, message):
    answer = modal(admin_client.post(CREATE, creation_form(**overrides)))

    assert answer["step"] == "reshow_creation_form"
    assert message in answer["htmlFragment"]
    assert not Reference.objects.exists()


def test_the_chooser_links_a_duplicate_doi(admin_client):
    existing = ReferenceFactory(doi=DOI)

    answer = modal(
        admin_client.post(CREATE, creation_form(doi=f"https://doi.org/{DOI}"))
    )

    assert answer["step"] == "reshow_creation_form"
    html = answer["htmlFragment"]
    assert DUPLICATE_DOI_MESSAGE in html
    assert f'href="{EDIT.format(model="reference", pk=existing.pk)}"' in html
    assert Reference.objects.count() == 1


def test_doi_check_names_the_reference_that_has_the_doi(admin_client):
    existing = ReferenceFactory(doi=DOI)

    answer = admin_client.get(DOI_CHECK, {"doi": f"doi:{DOI.lower()}"}).json()

    assert answer == {
        "duplicate": {
            "id": existing.pk,
            "label": str(existing),
            "edit_url": EDIT.format(model="reference", pk=existing.pk),
        }
    }


@pytest.mark.parametrize("doi", ["", "10.1000/other"])
def test_doi_check_without_a_duplicate(admin_client, doi):
    ReferenceFactory(doi=DOI, pmid="")
    ReferenceFactory(doi="")

    assert admin_client.get(DOI_CHECK, {"doi": doi}).json() == {"duplicate": None}


def test_doi_check_ignores_the_reference_being_edited(admin_client):
    existing = ReferenceFactory(doi=DOI)

    answer = admin_client.get(DOI_CHECK, {"doi": DOI, "exclude": existing.pk}).json()

    assert answer == {"duplicate": None}


def test_doi_check_is_for_editors_only(client, django_user_model):
    ReferenceFactory(doi=DOI)

    assert client.get(DOI_CHECK, {"doi": DOI}).status_code == 302  # to the login
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    assert client.get(DOI_CHECK, {"doi": DOI}).status_code in (302, 403)


def test_the_reference_form_asks_for_duplicates_while_typing(admin_client):
    reference = ReferenceFactory(doi=DOI)

    html = admin_client.get(EDIT.format(model="reference", pk=reference.pk)).content
    html = html.decode()

    assert f'data-reference-duplicate-url="{DOI_CHECK}"' in html
    assert f'data-reference-id="{reference.pk}"' in html
    assert "snippets/js/reference-duplicate-doi.js" in html
