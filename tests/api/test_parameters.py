"""Query parameters: what the document lists is what the server accepts.

Each endpoint's parameters are declared once (``api.parameters``), documented from
that declaration and validated against it before anything else runs.
"""

import pytest

from api import filters
from api.cache import response_cache
from pages.models import TherapyPage

pytestmark = pytest.mark.django_db

UNKNOWN_PARAMETER_URLS = [
    "/api/v2/pages/?foo=1",
    "/api/v2/pages/{page}/?foo=1",
    "/api/v2/pages/find/?html_path=/&foo=1",
    "/api/v2/doctors/?foo=1",
    "/api/v2/doctors/{doctor}/?foo=1",
    "/api/v2/testimonials/?foo=1",
    "/api/v2/references/?foo=1",
    "/api/v2/images/?foo=1",
    "/api/v2/images/{image}/?foo=1",
    "/api/v2/documents/?foo=1",
    "/api/v2/site/?foo=1",
    "/api/v2/preview/?token=x&foo=1",
]


def urls_for(clinic_site, template: str) -> str:
    return template.format(
        page=clinic_site.home.pk,
        doctor=clinic_site.doctor.pk,
        image=clinic_site.image.pk,
    )


def cache_keys() -> int:
    return len(response_cache()._cache)


@pytest.mark.parametrize("template", UNKNOWN_PARAMETER_URLS)
def test_unknown_parameters_are_400_everywhere_and_leave_no_cache_key(
    client, clinic_site, template
):
    before = cache_keys()
    response = client.get(urls_for(clinic_site, template))
    assert response.status_code == 400, response.content[:200]
    assert response.json() == {
        "message": "query parameter is not an operation or a recognised field: foo"
    }
    assert cache_keys() == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search_operator=AAA",
        "/api/v2/images/?search_operator=",
        "/api/v2/pages/?order=random",
        "/api/v2/pages/?order=nope",
        "/api/v2/pages/?type=pages.Nothing",
        "/api/v2/pages/?locale=fr",
        "/api/v2/pages/?child_of=abc",
        "/api/v2/pages/?child_of=-1",
        "/api/v2/pages/?show_in_menus=1",
        "/api/v2/pages/?limit=101",
        "/api/v2/pages/?fields=nothing",
        "/api/v2/pages/?fields=-title",
        "/api/v2/pages/?fields=_,title",
        "/api/v2/pages/?fields=*,-title",
        "/api/v2/pages/?limit=1&limit=2",
        "/api/v2/pages/find/",
        "/api/v2/doctors/?order=h",
        "/api/v2/testimonials/?search=x",
    ],
)
def test_values_the_document_forbids_are_400(client, clinic_site, url):
    response = client.get(url)
    assert response.status_code == 400, response.content[:200]
    assert set(response.json()) == {"message"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=clinic&order=-title",
        "/api/v2/pages/?search=clinic&slug=clinic-home",
        "/api/v2/pages/?child_of=root&descendant_of=root",
        "/api/v2/pages/?child_of=999999",
        "/api/v2/pages/?translation_of=999999",
        "/api/v2/pages/?fields=summary",
        "/api/v2/doctors/?search=x&order=-name",
        "/api/v2/images/?search=x&order=title&tags=a",
    ],
)
def test_combinations_the_document_allows_are_answered(client, clinic_site, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:200]


@pytest.mark.parametrize(
    "endpoint", ["pages", "images", "documents", "doctors", "references"]
)
@pytest.mark.parametrize("text", ["\x1e", "  ", "%", "?!"])
def test_a_search_with_no_word_finds_nothing(client, clinic_site, endpoint, text):
    """Wagtail's database backend failed (a 500) on a query with no word in it:
    such a search simply matches nothing."""
    response = client.get(f"/api/v2/{endpoint}/", {"search": text})
    assert response.status_code == 200, response.content[:200]
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "endpoint", ["pages", "images", "documents", "doctors", "references"]
)
@pytest.mark.parametrize("text", ['"', 'stem "cell', 'üP×5&"\x9e', '"ALS"'])
def test_a_search_with_double_quotes_is_answered(client, clinic_site, endpoint, text):
    """SQLite's FTS5 took a double quote as the end of a term and failed
    ("unterminated string", found by Schemathesis): quotes are spaces."""
    response = client.get(f"/api/v2/{endpoint}/", {"search": text})
    assert response.status_code == 200, response.content[:200]


def test_search_keeps_the_requested_order(client, clinic_site):
    titles = [
        item["title"]
        for item in client.get("/api/v2/pages/?search=a&order=title").json()["items"]
    ]
    assert titles == sorted(titles)


def test_drafts_never_crowd_public_pages_out_of_a_search(
    client, clinic_site, monkeypatch
):
    """The search backend returns a bounded number of ids, taken before the public
    filter: drafts that match better must not take every place."""
    monkeypatch.setattr(filters, "MAX_SEARCH_RESULTS", 2)
    parent = clinic_site.therapy.get_parent()
    for number in range(3):
        parent.add_child(
            instance=TherapyPage(
                title=f"Zebrafish {number}",
                slug=f"zebrafish-draft-{number}",
                summary="Zebrafish",
                live=False,
            )
        )
    public = parent.add_child(
        instance=TherapyPage(
            title="What laboratory models such as the zebrafish teach about neurons",
            slug="zebrafish-model",
            summary="Animal models in motor neuron research",
        )
    )
    public.save_revision().publish()
    found = client.get("/api/v2/pages/?search=zebrafish").json()["items"]
    assert [item["id"] for item in found] == [public.pk]


def test_fields_is_refused_on_detail_with_a_reason(client, clinic_site):
    """A detail always has all its fields, so its schema is exact; ``?fields=``
    there is refused with a message that says why, not ignored."""
    response = client.get(f"/api/v2/pages/{clinic_site.home.pk}/?fields=_,title")
    assert response.status_code == 400
    assert "always has all its fields" in response.json()["message"]


def test_fields_adds_fields_to_listing_items(client, clinic_site):
    response = client.get(
        "/api/v2/pages/?type=pages.ConditionPage&fields=summary&limit=1"
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert "summary" in item and "title" in item


def test_the_document_lists_what_the_server_accepts(client):
    from api.views import PagesAPIViewSet

    document = client.get("/api/schema/?format=json").json()
    listed = [
        parameter["name"]
        for parameter in document["paths"]["/api/v2/pages/"]["get"]["parameters"]
        if parameter["in"] == "query"
    ]
    declared = [p.name for p in PagesAPIViewSet.query_parameters("listing_view")]
    assert listed == declared
    child_of = next(
        p
        for p in document["paths"]["/api/v2/pages/"]["get"]["parameters"]
        if p["name"] == "child_of"
    )
    assert child_of["schema"]["anyOf"][1] == {"type": "string", "enum": ["root"]}
