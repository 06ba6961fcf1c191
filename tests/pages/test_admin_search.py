"""The admin's searches find what an editor would type, not only titles.

Wagtail's page search, snippet listings and choosers autocomplete, and an
autocomplete query looks only in ``AutocompleteField``s: a drug named in the body,
an alternate name, a doctor's specialty or a word of a testimonial must be one."""

from django.test import Client

import pytest

from pages.models import ConditionPage
from tests.factories import DoctorFactory, TestimonialFactory

ALS_TITLE = "Stem Cell Therapy for ALS"


@pytest.fixture
def staff(demo_site, superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def found(client: Client, url: str, query: str, text: str) -> bool:
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return text in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["riluzole", "Lou Gehrig", "ALSFRS", "motor neurons"],
)
def test_page_search_looks_in_the_body_and_the_alternate_names(staff, query):
    assert found(staff, "/admin/pages/search/", query, ALS_TITLE)


@pytest.mark.parametrize("query", ["G12.21", "8B60.0", "86044005", "D000690"])
def test_page_search_finds_a_condition_by_its_code(staff, query):
    assert found(staff, "/admin/pages/search/", query, ALS_TITLE)


def test_page_search_finds_a_condition_by_its_medical_name_alone(staff):
    page = ConditionPage.objects.get(slug="als", locale__language_code="en")
    page.medical_name = "Charcot disease"
    page.save_revision().publish()
    assert found(staff, "/admin/pages/search/", "Charcot", ALS_TITLE)
    assert not found(staff, "/admin/pages/search/", "G12.22", ALS_TITLE)


def test_page_search_still_finds_nothing_for_a_word_the_page_lacks(staff):
    assert not found(staff, "/admin/pages/search/", "xylophone", ALS_TITLE)


def test_doctor_listing_and_chooser_find_a_specialty(staff):
    DoctorFactory(name="Ines Okafor", role="", bio="", specialties=["Neurology"])
    for url in (
        "/admin/snippets/snippets/doctor/",
        "/admin/snippets/choose/snippets/doctor/results/",
    ):
        assert found(staff, url, "Neurology", "Ines Okafor")
        assert not found(staff, url, "Cardiology", "Ines Okafor")


def test_testimonial_listing_finds_a_word_of_the_quote(staff):
    TestimonialFactory(display_name="Giulia R.", quote="Walking to the harbour again.")
    assert found(staff, "/admin/snippets/snippets/testimonial/", "harbour", "Giulia R.")
